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
use crate::import::headers::join_names;
use crate::import::values::split_contacts;
use crate::model::Language;
use crate::validate::{is_email, MAX_NAME};
use chrono::{Datelike, NaiveDate};
use thiserror::Error;

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

/// Physical lines → logical (unfolded) lines.
struct Unfolder<'a> {
    lines: std::iter::Peekable<std::iter::Enumerate<std::vec::IntoIter<&'a str>>>,
    /// The current card is 2.1: folding keeps the white space.
    v21: bool,
}

impl<'a> Unfolder<'a> {
    fn new(text: &'a str) -> Self {
        let lines: Vec<&str> = if text.contains('\n') {
            text.split('\n')
                .map(|l| l.strip_suffix('\r').unwrap_or(l))
                .collect()
        } else {
            text.split('\r').collect()
        };
        Unfolder {
            lines: lines.into_iter().enumerate().peekable(),
            v21: false,
        }
    }

    fn next_line(&mut self) -> Result<Option<String>, VcardError> {
        let Some((number, first)) = self.lines.next() else {
            return Ok(None);
        };
        if let Some(name) = binary_property(first) {
            // Skipped unread, however long: photos are not imported.
            while let Some((_, next)) = self.lines.peek() {
                if !next.starts_with([' ', '\t']) {
                    break;
                }
                self.lines.next();
            }
            return Ok(Some(format!("{name}:")));
        }
        let too_long = || VcardError::LineTooLong {
            line: number + 1,
            limit: MAX_LINE_BYTES,
        };
        if first.len() > MAX_LINE_BYTES {
            return Err(too_long());
        }
        let mut line = first.to_owned();
        // Whether the value is quoted-printable, known once the head (up to `:`) is read;
        // decided once per property so a long value is not rescanned line after line.
        let mut qp = quoted_printable_head(&line);
        while let Some((_, next)) = self.lines.peek() {
            let next = *next;
            if qp == Some(true) && line.ends_with('=') {
                line.pop();
                line.push_str(next);
            } else if next.starts_with([' ', '\t']) {
                line.push_str(if self.v21 { next } else { &next[1..] });
            } else {
                break;
            }
            self.lines.next();
            if line.len() > MAX_LINE_BYTES {
                return Err(too_long());
            }
            if qp.is_none() && next.contains(':') {
                qp = quoted_printable_head(&line);
            }
            if qp.is_none() && line.len() > MAX_HEAD_BYTES {
                qp = Some(false);
            }
        }
        if line.trim().eq_ignore_ascii_case("BEGIN:VCARD") {
            self.v21 = false;
        }
        Ok(Some(line))
    }
}

/// The name of a binary property (PHOTO, LOGO, SOUND, KEY), which the import skips.
fn binary_property(line: &str) -> Option<&'static str> {
    let head = line.get(..line.len().min(64)).unwrap_or(line);
    let name = head.split([';', ':']).next().unwrap_or("");
    let name = name.rsplit('.').next().unwrap_or(name).trim();
    ["PHOTO", "LOGO", "SOUND", "KEY"]
        .into_iter()
        .find(|n| n.eq_ignore_ascii_case(name))
}

/// Past this, a property without a `:` is not looked at for QUOTED-PRINTABLE again (no real
/// name and parameters are this long), so garbage cannot make unfolding quadratic.
const MAX_HEAD_BYTES: usize = 4096;

/// Whether the property's parameters say QUOTED-PRINTABLE; `None` while its head (up to the
/// first `:` outside quotes) is not complete.
fn quoted_printable_head(line: &str) -> Option<bool> {
    split_unquoted(line, ':')
        .map(|(head, _)| head.to_ascii_uppercase().contains("QUOTED-PRINTABLE"))
}

/// Splits at the first `sep` outside double quotes.
fn split_unquoted(text: &str, sep: char) -> Option<(&str, &str)> {
    let mut quoted = false;
    for (i, c) in text.char_indices() {
        match c {
            '"' => quoted = !quoted,
            c if c == sep && !quoted => return Some((&text[..i], &text[i + 1..])),
            _ => {}
        }
    }
    None
}

/// One property: `[group.]NAME[;params]:value`, name and parameter names upper case.
struct Prop {
    name: String,
    params: Vec<(String, String)>,
    /// As written (still encoded and escaped).
    value: String,
}

impl Prop {
    fn parse(line: &str) -> Option<Prop> {
        let (head, value) = split_unquoted(line, ':')?;
        let mut parts = Vec::new();
        let mut rest = head;
        while let Some((part, tail)) = split_unquoted(rest, ';') {
            parts.push(part);
            rest = tail;
        }
        parts.push(rest);
        let mut parts = parts.into_iter();
        let full = parts.next()?.trim();
        let name = full.rsplit('.').next().unwrap_or(full).to_ascii_uppercase();
        if name.is_empty() {
            return None;
        }
        let mut params = Vec::new();
        for p in parts {
            let (key, values) = match p.split_once('=') {
                Some((k, v)) => (k.trim().to_ascii_uppercase(), v),
                None => {
                    let bare = p.trim().to_ascii_uppercase();
                    let key = match bare.as_str() {
                        "QUOTED-PRINTABLE" | "BASE64" | "B" | "8BIT" | "7BIT" => "ENCODING",
                        _ => "TYPE",
                    };
                    (key.to_owned(), p)
                }
            };
            let value = param_value(values);
            if key == "TYPE" {
                for v in value.split(',') {
                    params.push((key.clone(), v.trim().to_owned()));
                }
            } else {
                params.push((key, value));
            }
        }
        Some(Prop {
            name,
            params,
            value: value.to_owned(),
        })
    }

    fn param(&self, key: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    fn has_type(&self, t: &str) -> bool {
        self.params
            .iter()
            .any(|(k, v)| k == "TYPE" && v.eq_ignore_ascii_case(t))
    }

    fn binary(&self) -> bool {
        self.param("ENCODING")
            .is_some_and(|e| matches!(e.to_ascii_uppercase().as_str(), "B" | "BASE64"))
    }

    /// One component of the raw value decoded: quoted-printable in its charset, unescaped.
    fn decode(&self, raw: &str) -> String {
        let qp = self
            .param("ENCODING")
            .is_some_and(|e| e.eq_ignore_ascii_case("QUOTED-PRINTABLE"));
        let text = if qp {
            let bytes = quoted_printable(raw);
            let encoding = self
                .param("CHARSET")
                .and_then(|c| encoding_rs::Encoding::for_label(c.as_bytes()))
                .unwrap_or(encoding_rs::UTF_8);
            encoding.decode(&bytes).0.into_owned()
        } else {
            raw.to_owned()
        };
        unescape(&text)
    }

    /// The value as one text.
    fn text(&self) -> String {
        if self.binary() {
            return String::new();
        }
        self.decode(&self.value).trim().to_owned()
    }

    /// The components of a structured value (N, ORG, ADR), split on unescaped `;`.
    fn components(&self) -> Vec<String> {
        self.split(';')
    }

    /// The entries of a list value (CATEGORIES), split on unescaped `,`.
    fn list(&self) -> Vec<String> {
        self.split(',')
    }

    fn split(&self, sep: char) -> Vec<String> {
        if self.binary() {
            return Vec::new();
        }
        split_escaped(&self.value, sep)
            .into_iter()
            .map(|raw| self.decode(raw).trim().to_owned())
            .collect()
    }
}

/// A parameter value: quotes removed, RFC 6868 `^n ^' ^^` decoded.
fn param_value(v: &str) -> String {
    let v = v.trim();
    let v = v
        .strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .unwrap_or(v);
    v.replace("^n", "\n").replace("^'", "\"").replace("^^", "^")
}

/// Splits `raw` on `sep` not preceded by a backslash escape.
fn split_escaped(raw: &str, sep: char) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut escaped = false;
    for (i, c) in raw.char_indices() {
        if escaped {
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if c == sep {
            out.push(&raw[start..i]);
            start = i + c.len_utf8();
        }
    }
    out.push(&raw[start..]);
    out
}

/// `\\ \, \; \: \n \N` decoded; any other backslash is kept as written. CRLF becomes LF.
fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n' | 'N') => out.push('\n'),
            Some(e @ ('\\' | ',' | ';' | ':')) => out.push(e),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out.replace("\r\n", "\n").replace('\r', "\n")
}

/// Quoted-printable decoded to bytes; a malformed `=` sequence is kept as written.
fn quoted_printable(raw: &str) -> Vec<u8> {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'=' {
            let hex = bytes
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok())
                .and_then(|h| u8::from_str_radix(h, 16).ok());
            if let Some(v) = hex {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b);
        i += 1;
    }
    out
}

/// What a card says, gathered property by property.
#[derive(Default)]
struct Card {
    full_name: String,
    family: String,
    given: String,
    org: Vec<String>,
    title: String,
    role: String,
    phones: Vec<String>,
    emails: Vec<String>,
    wechat: Vec<String>,
    addresses: Vec<String>,
    labels: Vec<String>,
    website: String,
    birthday: String,
    tags: Vec<String>,
    contact: String,
    notes: Vec<String>,
    /// Notes made from values the book would refuse, after the card's own.
    extra: Vec<String>,
    kind: Option<&'static str>,
}

fn first(slot: &mut String, value: String) {
    if slot.is_empty() && !value.is_empty() {
        *slot = value;
    }
}

impl Card {
    fn add(&mut self, p: &Prop) {
        match p.name.as_str() {
            "FN" => first(&mut self.full_name, p.text()),
            "N" if self.family.is_empty() && self.given.is_empty() => {
                let c = p.components();
                self.family = c.first().cloned().unwrap_or_default();
                self.given = c.get(1).cloned().unwrap_or_default();
            }
            "ORG" if self.org.is_empty() => {
                self.org = p
                    .components()
                    .into_iter()
                    .filter(|s| !s.is_empty())
                    .collect();
            }
            "TITLE" => first(&mut self.title, p.text()),
            "ROLE" => first(&mut self.role, p.text()),
            "TEL" => self.phone(p.text()),
            "EMAIL" => self.email(p.text()),
            "IMPP" | "X-WECHAT" | "X-WEIXIN" => self.wechat(p),
            "ADR" => self.address(p),
            "LABEL" => push_text(&mut self.labels, p.text()),
            "URL" => self.url(p.text()),
            "BDAY" => self.birthday(p),
            "CATEGORIES" => {
                let tags = p.list().into_iter().filter(|t| !t.is_empty());
                self.tags.extend(tags);
            }
            "NOTE" => push_text(&mut self.notes, p.text()),
            "RELATED" => {
                let text = p.text();
                let uri = p
                    .param("VALUE")
                    .is_none_or(|v| v.eq_ignore_ascii_case("uri"))
                    && looks_like_uri(&text);
                let work = p.param("TYPE").is_none()
                    || ["contact", "co-worker", "colleague", "agent"]
                        .iter()
                        .any(|t| p.has_type(t));
                if !uri && work {
                    first(&mut self.contact, text);
                }
            }
            "KIND" | "X-ADDRESSBOOKSERVER-KIND" => {
                self.kind = match p.text().to_ascii_lowercase().as_str() {
                    "individual" => Some("person"),
                    "org" | "group" => Some("company"),
                    _ => self.kind,
                }
            }
            "X-ABSHOWAS" if p.text().eq_ignore_ascii_case("COMPANY") => self.kind = Some("company"),
            _ => {}
        }
    }

    fn phone(&mut self, text: String) {
        let text = text
            .strip_prefix("tel:")
            .or_else(|| text.strip_prefix("TEL:"))
            .unwrap_or(&text)
            .to_owned();
        // tel:+1-555-0100;ext=12 → +1-555-0100 ext. 12
        let text = match text.split_once(";ext=") {
            Some((number, ext)) => format!("{number} ext. {ext}"),
            None => text,
        };
        if text.is_empty() {
            return;
        }
        match split_contacts(&text) {
            Ok(cell) if cell.emails.is_empty() && !cell.phones.is_empty() => {
                if cell.phones.iter().all(|p| p.chars().count() <= 40) {
                    self.phones.extend(cell.phones);
                    return;
                }
                self.extra.push(format!("电话/Phone: {text}"));
            }
            _ => self.extra.push(format!("电话/Phone: {text}")),
        }
    }

    fn email(&mut self, text: String) {
        let text = text
            .strip_prefix("mailto:")
            .unwrap_or(&text)
            .trim()
            .to_owned();
        if text.is_empty() {
            return;
        }
        if is_email(&text) && !self.emails.iter().any(|e| e.eq_ignore_ascii_case(&text)) {
            self.emails.push(text);
        } else if !is_email(&text) {
            self.extra.push(format!("邮箱/Email: {text}"));
        }
    }

    fn wechat(&mut self, p: &Prop) {
        let text = p.text();
        let service = p.param("X-SERVICE-TYPE").unwrap_or("").to_ascii_lowercase();
        let (scheme, id) = match text.split_once(':') {
            Some((s, id)) => (s.to_ascii_lowercase(), id.trim_start_matches('/')),
            None => (String::new(), text.as_str()),
        };
        let wechat = p.name != "IMPP"
            || ["wechat", "weixin", "微信"]
                .iter()
                .any(|w| service.contains(w) || scheme.contains(w));
        if wechat && !id.trim().is_empty() {
            self.wechat.push(id.trim().to_owned());
        }
    }

    fn address(&mut self, p: &Prop) {
        let c = p.components();
        let part = |i: usize| c.get(i).map(String::as_str).unwrap_or("");
        let chinese = c.iter().any(|s| s.chars().any(is_cjk));
        let order: &[usize] = if chinese {
            &[6, 4, 3, 2, 1, 0, 5]
        } else {
            &[0, 1, 2, 3, 4, 5, 6]
        };
        let parts: Vec<&str> = order
            .iter()
            .map(|&i| part(i).trim())
            .filter(|s| !s.is_empty())
            .collect();
        let text = if parts.is_empty() {
            p.param("LABEL").unwrap_or("").trim().to_owned()
        } else if chinese {
            parts.join(" ")
        } else {
            parts.join(", ")
        };
        push_text(&mut self.addresses, text.replace('\n', " "));
    }

    fn url(&mut self, text: String) {
        if text.is_empty() {
            return;
        }
        if self.website.is_empty() && is_website(&text) {
            self.website = text;
        } else if text != self.website {
            self.extra.push(format!("网址/Website: {text}"));
        }
    }

    fn birthday(&mut self, p: &Prop) {
        let text = p.text();
        let date = text.split('T').next().unwrap_or("").trim();
        let omit_year = p.param("X-APPLE-OMIT-YEAR");
        let digits: String = date.chars().filter(char::is_ascii_digit).collect();
        let parsed = if date.starts_with("--") {
            // --MMDD or --MM-DD: no year.
            NaiveDate::from_ymd_opt(2000, num(&digits, 0, 2), num(&digits, 2, 4)).map(|d| (None, d))
        } else if digits.len() == 8 {
            let year = i32::try_from(num(&digits, 0, 4)).unwrap_or(0);
            NaiveDate::from_ymd_opt(year, num(&digits, 4, 6), num(&digits, 6, 8))
                .map(|d| (Some(year), d))
        } else {
            None
        };
        match parsed {
            Some((Some(year), d))
                if (1900..=2100).contains(&year) && omit_year != Some(&year.to_string()) =>
            {
                first(&mut self.birthday, d.format("%Y-%m-%d").to_string())
            }
            Some((Some(year), d)) if omit_year != Some(&year.to_string()) => self
                .extra
                .push(format!("生日/Birthday: {}", d.format("%Y-%m-%d"))),
            Some((_, d)) => {
                self.extra
                    .push(format!("生日/Birthday: {:02}-{:02}", d.month(), d.day()))
            }
            None if !text.is_empty() => self.extra.push(format!("生日/Birthday: {text}")),
            None => {}
        }
    }

    /// The row under [`HEADER`].
    fn row(self) -> Vec<String> {
        let org = self.org.first().cloned().unwrap_or_default();
        let personal = if !self.full_name.is_empty() {
            self.full_name.clone()
        } else {
            join_names(&self.given, &self.family)
        };
        let name = [
            personal.clone(),
            org.clone(),
            self.emails.first().cloned().unwrap_or_default(),
            self.phones.first().cloned().unwrap_or_default(),
        ]
        .into_iter()
        .find(|n| !n.is_empty())
        .unwrap_or_default();
        let kind = match self.kind {
            _ if name.is_empty() => "",
            Some(k) => k,
            None if personal.is_empty() || personal == org => "company",
            None => "person",
        };
        let department = self.org.get(1..).map(|d| d.join(" ")).unwrap_or_default();
        let title = if self.title.is_empty() {
            self.role
        } else {
            self.title
        };
        let address = if self.addresses.is_empty() {
            self.labels.iter().map(|l| l.replace('\n', " ")).collect()
        } else {
            self.addresses
        };
        let notes: Vec<String> = self.notes.into_iter().chain(self.extra).collect();
        vec![
            name,
            kind.to_owned(),
            org,
            department,
            title,
            self.phones.join("; "),
            self.emails.join("; "),
            self.wechat.join("; "),
            address.join("; "),
            self.website,
            self.birthday,
            self.tags.join("; "),
            self.contact,
            notes.join("\n"),
        ]
    }
}

fn push_text(list: &mut Vec<String>, text: String) {
    if !text.trim().is_empty() {
        list.push(text);
    }
}

fn num(digits: &str, from: usize, to: usize) -> u32 {
    digits
        .get(from..to)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

fn is_cjk(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3400}'..='\u{4dbf}').contains(&c)
}

/// `urn:uuid:…`, `http://…`, `mailto:…`: a scheme before a colon.
fn looks_like_uri(text: &str) -> bool {
    text.split_once(':').is_some_and(|(scheme, _)| {
        !scheme.is_empty()
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    })
}

/// The website rule of validation: a dotted host, no white space, at most [`MAX_NAME`].
fn is_website(s: &str) -> bool {
    let rest = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"))
        .unwrap_or(s);
    let host = rest.split('/').next().unwrap_or("");
    host.contains('.')
        && !s.chars().any(|c| c.is_whitespace() || c.is_control())
        && s.chars().count() <= MAX_NAME
}
