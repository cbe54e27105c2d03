//! A vCard file (2.1, 3.0 or 4.0: Apple, Android, Outlook, Google, Rapport's own export) read
//! into a table: a header row the importer recognises, then one row per card. A contacts file
//! thus goes through the same preview, mapping and plan as a spreadsheet.
//!
//! Decisions:
//! - Reading: lines are unfolded (a line starting with a space or tab continues the one
//!   before; in 2.1 the white space is kept, as 2.1 folds at white space), quoted-printable
//!   soft line breaks (`=` at the end) joined, quoted-printable values decoded in their
//!   CHARSET (UTF-8 when none or unknown), `\\ \, \; \n` unescaped, groups (`item1.TEL`) and
//!   parameters (`TYPE=cell`, 2.1's bare `;CELL;PREF`) understood. Binary values (PHOTO,
//!   BASE64) are skipped. Lines without a `:` and properties outside a card are ignored; a
//!   card cut off by the end of the file is kept.
//! - Columns ([`HEADER`]): name, kind, company, department, title, phone, e-mail, WeChat,
//!   address, website, birthday, tags, contact name, notes. Lists are joined with `"; "`,
//!   which the importer splits on.
//! - The name is FN, else N (given + family, as `headers::join_names` joins them: 张伟,
//!   John Smith), else ORG, else the first e-mail, else the first phone, so every card
//!   with anything on it makes a customer.
//! - Kind: KIND (org/group → company, individual → person) or Apple's X-ABShowAs:COMPANY;
//!   without them a card named after its ORG is a company, any other a person.
//! - ORG is company;department…; TITLE (or ROLE when no TITLE) the position; ADR's components
//!   are joined in reading order (country, region, city, street for Chinese text; street,
//!   city, region, postal code, country otherwise), or its LABEL; IMPP/X-WECHAT accounts of
//!   WeChat (weixin) are WeChat IDs; CATEGORIES are tags; NOTE is the notes; the first
//!   RELATED given as text (not a URI) with no TYPE or a work one (contact, co-worker,
//!   colleague, agent) is the key contact's name; family relations are not key contacts.
//! - Nothing is lost for a value the book would refuse: a phone, e-mail or website that does
//!   not pass validation, a further website, and a birthday without a year (`--0315`, Apple's
//!   year 1604) or outside 1900–2100 go to the notes as `label: value` lines, so the card
//!   still imports.
//! - Bounds: at most [`MAX_CARDS`] cards and [`MAX_LINE_BYTES`] per unfolded line, each a
//!   clear error; a file without a single card is an error too. Binary properties (PHOTO,
//!   LOGO, SOUND, KEY) are skipped unread whatever their size, so a contact photo does not
//!   make a file unreadable.
use crate::error::CoreError;
use crate::model::Language;
use thiserror::Error;

mod card;
mod prop;
mod unfold;

use card::Card;
use prop::Prop;
use unfold::Unfolder;

/// The most cards a file may hold.
pub const MAX_CARDS: usize = 100_000;
/// The longest property line, unfolded, in bytes.
pub const MAX_LINE_BYTES: usize = 1024 * 1024;

/// The header row of the table, in column order; each is recognised by
/// `headers::recognise` as the field it holds (a test checks).
pub const HEADER: [&str; 14] = [
    "Name",
    "Customer kind",
    "Company",
    "Department",
    "Title",
    "Phone",
    "Email",
    "WeChat",
    "Address",
    "Website",
    "Birthday",
    "Tags",
    "Contact name",
    "Notes",
];

/// Why a vCard file cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum VcardError {
    /// No `BEGIN:VCARD` … in the text.
    #[error("no vCard found")]
    NoCards,
    #[error("more than {limit} cards")]
    TooManyCards { limit: usize },
    /// A property (unfolded) longer than `limit` bytes, starting on line `line` (1-based).
    #[error("line {line} is longer than {limit} bytes")]
    LineTooLong { line: usize, limit: usize },
}

impl VcardError {
    /// The message for the user in `lang`.
    pub fn message(&self, lang: Language) -> String {
        let (zh, en) = self.texts();
        match lang {
            Language::Zh => zh,
            Language::En => en,
        }
    }

    fn texts(&self) -> (String, String) {
        match self {
            VcardError::NoCards => (
                "文件中没有找到任何名片（vCard）。客户数据未改动。".into(),
                "No contact card (vCard) was found in the file. Nothing was changed.".into(),
            ),
            VcardError::TooManyCards { limit } => (
                format!("文件中的名片超过 {limit} 张。请拆分成几个文件后分别导入。"),
                format!("The file holds more than {limit} cards. Split it into several files."),
            ),
            VcardError::LineTooLong { line, limit } => (
                format!(
                    "第 {line} 行超过 {} KB，不像是名片文件，无法导入。",
                    limit / 1024
                ),
                format!(
                    "Line {line} is longer than {} KB; this does not look like a contacts file.",
                    limit / 1024
                ),
            ),
        }
    }
}

impl From<VcardError> for CoreError {
    fn from(e: VcardError) -> Self {
        let (zh, en) = e.texts();
        CoreError::file("unreadableVcard", zh, en)
    }
}

/// The table of the cards in `text`: [`HEADER`], then one row per card. See the module notes.
pub fn vcard_table(text: &str) -> Result<Vec<Vec<String>>, VcardError> {
    let mut rows = vec![HEADER.iter().map(|h| h.to_string()).collect()];
    let mut depth = 0usize;
    let mut cards = 0usize;
    let mut card = Card::default();
    let mut unfolder = Unfolder::new(text.strip_prefix('\u{feff}').unwrap_or(text));
    while let Some(line) = unfolder.next_line()? {
        let Some(prop) = Prop::parse(&line) else {
            continue;
        };
        let is_vcard = prop.value.trim().eq_ignore_ascii_case("VCARD");
        match prop.name.as_str() {
            "BEGIN" if is_vcard => {
                depth += 1;
                if depth == 1 {
                    cards += 1;
                    if cards > MAX_CARDS {
                        return Err(VcardError::TooManyCards { limit: MAX_CARDS });
                    }
                    card = Card::default();
                }
            }
            "END" if is_vcard => {
                if depth == 1 {
                    rows.push(std::mem::take(&mut card).row());
                }
                depth = depth.saturating_sub(1);
            }
            "VERSION" if depth == 1 => unfolder.v21 = prop.value.trim() == "2.1",
            _ if depth == 1 => card.add(&prop),
            _ => {}
        }
    }
    if depth > 0 {
        rows.push(card.row());
    }
    if cards == 0 {
        return Err(VcardError::NoCards);
    }
    Ok(rows)
}
