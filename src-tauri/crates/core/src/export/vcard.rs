//! Customers as vCard 4.0 (RFC 6350), one card each, for phones and address books.
//!
//! Decisions:
//! - FN is the customer's name; N is a best effort split of it (a Chinese name: the family
//!   name is the first character, or two for the common compound surnames; a Latin name: the
//!   last word), left empty when the name is the company's. KIND says org or individual, so
//!   Rapport's own import reads the kind back.
//! - ORG is company;department, TITLE the position, TEL each phone (TYPE=cell for a Chinese
//!   mobile number, TYPE=work for a number with a Chinese area code, no type otherwise),
//!   EMAIL each address, IMPP each WeChat ID (`weixin:` with X-SERVICE-TYPE=WeChat, as Apple
//!   writes instant-messaging accounts), ADR the free-text address in the street component
//!   (Rapport does not split addresses), URL the website, BDAY `YYYYMMDD`, CATEGORIES the tag
//!   names, REV the last update, UID the customer id (`<id>@rapport`).
//! - Key contacts: each is a RELATED;TYPE=contact;VALUE=text with the contact's name (Rapport's
//!   importer reads the first back as the key contact), and, because most address books do
//!   not show RELATED, a line per contact (name, title, phone, e-mail) is appended to NOTE
//!   after the customer's notes. So the notes of a customer with contacts do not come back
//!   unchanged through a vCard round trip; JSON is the lossless export.
//! - Text is escaped (`\\`, `\,`, `\;`, `\n`), other control characters dropped, lines folded
//!   at 75 octets on character boundaries (never inside a UTF-8 sequence), ended by CRLF. The
//!   same writer serves the iCalendar export (`super::ics`), whose rules are identical.
use super::ExportError;
use crate::model::{Customer, CustomerKind, Language, Tag};
use chrono::{DateTime, Utc};
use std::collections::HashMap;

/// The longest physical line, in octets, CRLF excluded (RFC 6350 §3.2, RFC 5545 §3.1).
pub const MAX_LINE_OCTETS: usize = 75;

/// Writes content lines folded and CRLF-ended.
#[derive(Default)]
pub(super) struct Lines {
    out: Vec<u8>,
}

impl Lines {
    /// Appends one content line (already escaped), folded at [`MAX_LINE_OCTETS`].
    pub(super) fn push(&mut self, line: &str) {
        let mut width = 0;
        let mut buf = [0u8; 4];
        for c in line.chars() {
            let bytes = c.encode_utf8(&mut buf).as_bytes();
            if width + bytes.len() > MAX_LINE_OCTETS {
                self.out.extend_from_slice(b"\r\n ");
                width = 1;
            }
            self.out.extend_from_slice(bytes);
            width += bytes.len();
        }
        self.out.extend_from_slice(b"\r\n");
    }

    /// `name:value` with the text value escaped, left out when the value is empty.
    pub(super) fn text(&mut self, name: &str, value: &str) {
        if !value.trim().is_empty() {
            self.push(&format!("{name}:{}", escape(value)));
        }
    }

    pub(super) fn into_bytes(self) -> Vec<u8> {
        self.out
    }
}

/// A text value escaped for vCard and iCalendar: backslash, comma, semicolon and line breaks
/// (any of CRLF, CR, LF becomes `\n`); other control characters, which neither format
/// allows, are dropped (a tab becomes a space).
pub(super) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ',' => out.push_str("\\,"),
            ';' => out.push_str("\\;"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// An instant as a UTC date-time in basic format, `20261103T084500Z`.
pub(super) fn utc_stamp(t: DateTime<Utc>) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

/// The cards of `customers`, tag ids resolved to the names in `tags`; the NOTE's contact lines
/// are worded in `lang`. See the module notes.
pub fn to_vcard(
    customers: &[Customer],
    tags: &[Tag],
    lang: Language,
) -> Result<Vec<u8>, ExportError> {
    let names: HashMap<&str, &str> = tags
        .iter()
        .map(|t| (t.id.as_str(), t.name.as_str()))
        .collect();
    let mut lines = Lines::default();
    for c in customers {
        card(&mut lines, c, &names, lang);
    }
    Ok(lines.into_bytes())
}

fn card(lines: &mut Lines, c: &Customer, tag_names: &HashMap<&str, &str>, lang: Language) {
    let f = &c.fields;
    lines.push("BEGIN:VCARD");
    lines.push("VERSION:4.0");
    lines.push("PRODID:-//Rapport//Rapport//EN");
    lines.push(&format!("UID;VALUE=text:{}@rapport", escape(&c.id)));
    lines.push(match f.kind {
        CustomerKind::Company => "KIND:org",
        CustomerKind::Person => "KIND:individual",
    });
    lines.push(&format!("FN:{}", escape(&f.name)));
    let (family, given) = if f.name.trim() == f.company.trim() {
        (String::new(), String::new())
    } else {
        split_name(&f.name)
    };
    lines.push(&format!("N:{};{};;;", escape(&family), escape(&given)));
    if !f.company.trim().is_empty() || !f.department.trim().is_empty() {
        let org = [f.company.as_str(), f.department.as_str()];
        let org = if f.department.trim().is_empty() {
            escape(org[0])
        } else {
            format!("{};{}", escape(org[0]), escape(org[1]))
        };
        lines.push(&format!("ORG:{org}"));
    }
    lines.text("TITLE", &f.position);
    for phone in f.phones.iter().filter(|p| !p.trim().is_empty()) {
        match phone_type(phone) {
            Some(kind) => lines.push(&format!("TEL;TYPE={kind}:{}", escape(phone))),
            None => lines.push(&format!("TEL:{}", escape(phone))),
        }
    }
    for email in &f.emails {
        lines.text("EMAIL", email);
    }
    for id in f.wechat_ids.iter().filter(|w| !w.trim().is_empty()) {
        lines.push(&format!("IMPP;X-SERVICE-TYPE=WeChat:weixin:{}", escape(id)));
    }
    if !f.address.trim().is_empty() {
        lines.push(&format!("ADR;TYPE=work:;;{};;;;", escape(&f.address)));
    }
    lines.text("URL", &f.website);
    if let Some(d) = f.birthday {
        lines.push(&format!("BDAY:{}", d.format("%Y%m%d")));
    }
    let tags: Vec<String> = c
        .tag_ids
        .iter()
        .filter_map(|id| tag_names.get(id.as_str()))
        .map(|n| escape(n))
        .collect();
    if !tags.is_empty() {
        lines.push(&format!("CATEGORIES:{}", tags.join(",")));
    }
    lines.text("NOTE", &note(c, lang));
    for k in f.contacts.iter().filter(|k| !k.name.trim().is_empty()) {
        lines.push(&format!(
            "RELATED;TYPE=contact;VALUE=text:{}",
            escape(&k.name)
        ));
    }
    lines.push(&format!("REV:{}", utc_stamp(c.updated_at)));
    lines.push("END:VCARD");
}

/// The customer's notes, then one line per key contact (see the module notes).
fn note(c: &Customer, lang: Language) -> String {
    let mut parts: Vec<String> = Vec::new();
    if !c.fields.notes.trim().is_empty() {
        parts.push(c.fields.notes.clone());
    }
    let (label, sep) = match lang {
        Language::Zh => ("联系人：", "，"),
        Language::En => ("Contact: ", ", "),
    };
    for k in &c.fields.contacts {
        let details: Vec<&str> = [&k.name, &k.title, &k.phone, &k.email]
            .into_iter()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .collect();
        if !details.is_empty() {
            parts.push(format!("{label}{}", details.join(sep)));
        }
    }
    parts.join("\n")
}

/// Two-character Chinese surnames, for splitting N.
const COMPOUND_SURNAMES: [&str; 20] = [
    "欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "令狐", "慕容", "尉迟", "公孙", "长孙", "宇文",
    "司徒", "夏侯", "轩辕", "端木", "澹台", "百里", "呼延", "西门",
];

/// (family name, given name), best effort: 张伟 → (张, 伟), 欧阳娜娜 → (欧阳, 娜娜),
/// John Smith → (Smith, John); one Latin word is a given name.
pub(super) fn split_name(name: &str) -> (String, String) {
    let name = name.trim();
    let han = |c: char| ('\u{4e00}'..='\u{9fff}').contains(&c) || c == '·';
    let count = name.chars().count();
    if (2..=4).contains(&count) && name.chars().all(han) {
        let family_len = if COMPOUND_SURNAMES.iter().any(|s| name.starts_with(s)) && count > 2 {
            2
        } else {
            1
        };
        let family: String = name.chars().take(family_len).collect();
        let given: String = name.chars().skip(family_len).collect();
        return (family, given);
    }
    match name.rsplit_once(char::is_whitespace) {
        Some((given, family)) => (family.trim().to_owned(), given.trim().to_owned()),
        None => (String::new(), name.to_owned()),
    }
}

/// `cell` for a Chinese mobile number (11 digits starting 13–19, after +86), `work` for a
/// number with a Chinese area code (a leading 0), `None` when it cannot be told.
fn phone_type(phone: &str) -> Option<&'static str> {
    let trimmed = phone.trim();
    let digits: String = trimmed.chars().filter(char::is_ascii_digit).collect();
    let national = if trimmed.starts_with("+86") {
        digits.strip_prefix("86")
    } else if trimmed.starts_with("0086") {
        digits.strip_prefix("0086")
    } else if trimmed.starts_with('+') {
        None
    } else {
        Some(digits.as_str())
    }?;
    let second = national.as_bytes().get(1).copied().unwrap_or(b'0');
    if national.len() == 11 && national.starts_with('1') && (b'3'..=b'9').contains(&second) {
        Some("cell")
    } else if national.starts_with('0') && (10..=12).contains(&national.len()) {
        Some("work")
    } else {
        None
    }
}
