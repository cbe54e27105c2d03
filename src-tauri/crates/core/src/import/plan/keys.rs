//! How an imported customer is recognised as one already planned or already in the book: by
//! phone, e-mail, or name + company, each normalised so that the way it was typed does not
//! matter (`138 0013 8000` = `+86 13800138000`, `Ａ公司` = `a公司`).
use crate::import::values::fold_width;
use crate::model::{Customer, CustomerFields};
use std::collections::HashMap;

/// One normalised identity of a customer.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum MatchKey {
    /// The digits of a phone number, China's country code dropped from mobile numbers.
    Phone(String),
    /// An e-mail address in lower case.
    Email(String),
    /// Name and company folded (width, case, white space), joined by a separator.
    NameCompany(String),
}

/// Phones shorter than this (extensions, short codes) would match unrelated customers.
const MIN_PHONE_DIGITS: usize = 7;

/// Every key of a customer, strongest first: phones, e-mails, then name + company.
pub fn match_keys(fields: &CustomerFields) -> Vec<MatchKey> {
    let phones = fields.phones.iter().filter_map(|p| phone_key(p));
    let emails = fields
        .emails
        .iter()
        .map(|e| e.trim().to_lowercase())
        .filter(|e| !e.is_empty())
        .map(MatchKey::Email);
    let mut keys: Vec<MatchKey> = phones.chain(emails).collect();
    let name = fold(&fields.name);
    if !name.is_empty() {
        let company = fold(&fields.company);
        keys.push(MatchKey::NameCompany(format!("{name}\u{1f}{company}")));
    }
    keys
}

fn phone_key(phone: &str) -> Option<MatchKey> {
    let national = phone_digits(phone);
    (national.len() >= MIN_PHONE_DIGITS).then_some(MatchKey::Phone(national))
}

/// The digits of a phone, without China's country code before a mobile number (`+86 138…`,
/// `0086 138…`), so the ways one number is typed compare equal.
pub(super) fn phone_digits(phone: &str) -> String {
    let digits: String = phone
        .chars()
        .map(fold_width)
        .filter(char::is_ascii_digit)
        .collect();
    ["0086", "86"]
        .iter()
        .find_map(|cc| digits.strip_prefix(cc))
        .filter(|rest| rest.len() == 11 && rest.starts_with('1'))
        .map_or_else(|| digits.clone(), str::to_string)
}

/// Full-width folded, lower case, runs of white space made one space (and none at the ends).
/// One pass then `str::to_lowercase` (whose final-sigma rule a per-character lower case would
/// miss), as every row of an import needs it.
fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars().map(fold_width) {
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.push(c);
    }
    out.to_lowercase()
}

/// Answers which existing customer has a key. The store can answer from its own indexes; a
/// closure or a [`BookIndex`] built from a list of customers will do too.
pub trait ExistingBook {
    /// The id of the customer holding `key`, if any.
    fn find(&self, key: &MatchKey) -> Option<String>;
}

impl<F: Fn(&MatchKey) -> Option<String>> ExistingBook for F {
    fn find(&self, key: &MatchKey) -> Option<String> {
        self(key)
    }
}

/// The keys of a list of customers, in memory. Trashed customers are left out: an import
/// should not merge into a customer the user threw away.
#[derive(Debug, Clone, Default)]
pub struct BookIndex {
    ids: HashMap<MatchKey, String>,
}

impl BookIndex {
    /// Indexes `customers`; a key two of them share names the first.
    pub fn new<'a>(customers: impl IntoIterator<Item = &'a Customer>) -> Self {
        let mut ids = HashMap::new();
        for c in customers.into_iter().filter(|c| c.deleted_at.is_none()) {
            for key in match_keys(&c.fields) {
                ids.entry(key).or_insert_with(|| c.id.clone());
            }
        }
        BookIndex { ids }
    }
}

impl ExistingBook for BookIndex {
    fn find(&self, key: &MatchKey) -> Option<String> {
        self.ids.get(key).cloned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::values::normalize;

    #[test]
    fn fold_is_width_folded_lower_case_with_single_spaces() {
        let before = |t: &str| {
            let lower = normalize(t).to_lowercase();
            lower.split_whitespace().collect::<Vec<_>>().join(" ")
        };
        for t in [
            "",
            "  ",
            "Ａ公司",
            "  Acme\u{3000}\u{3000}Ltd\u{a0} ",
            "ΟΔΟΣ",
            "οδος",
            "Straße",
            "İstanbul",
            "a\tb\nc",
            "ＡＢＣ　ｄｅｆ",
        ] {
            assert_eq!(fold(t), before(t), "{t:?}");
        }
        assert_eq!(fold(" Ａcme  Ltd "), "acme ltd");
    }
}
