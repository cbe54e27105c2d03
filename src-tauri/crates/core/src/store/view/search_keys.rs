//! An entry's search keys — its lowercased text, its phones' digits, its pinyin initials and
//! letters mask and coded syllables — cost about half of building the view at open, and only a
//! search reads them. So a book opens without them ([`Entry::unkeyed`]) and the warm-up after
//! the first page keys the view a batch at a time ([`View::unkeyed_batch`],
//! [`View::set_search_keys`], the computing done outside the view's lock); a search before
//! that keys what it reads itself. An entry written meanwhile is keyed by its write, and the
//! warm-up leaves it be.
use super::{Entry, View};
use crate::pinyin_search::{code_fields, PinyinMask};
use crate::store::row::RowRecord;
use std::borrow::Cow;
use ulid::Ulid;

#[derive(Clone)]
pub struct SearchKeys {
    /// Lowercased name, company, phones, emails, separated by '\u{1}'.
    pub haystack: String,
    /// The digits of each phone, separated by '\u{1}' (searches typed without spaces or
    /// dashes).
    pub phone_digits: String,
    /// The initials and letters of the name's and company's pinyin (`PinyinMask::quick`; 0
    /// without Chinese). The opening pairs are not kept: the search's lists stand for them.
    pub quick: u64,
    /// The name's and company's syllables, coded (`pinyin_search::code_fields`).
    pub syllables: Box<[u16]>,
}

impl SearchKeys {
    pub fn of(rec: &RowRecord) -> SearchKeys {
        let (name, company) = (rec.name.as_str(), rec.company.as_str());
        let mut haystack = format!("{name}\u{1}{company}");
        for s in rec.phones.iter().chain(&rec.emails) {
            haystack.push('\u{1}');
            haystack.push_str(s);
        }
        SearchKeys {
            haystack: haystack.to_lowercase(),
            phone_digits: phone_digits(&rec.phones),
            quick: PinyinMask::of(&format!("{name}\u{1}{company}")).quick(),
            syllables: code_fields(&[name, company]),
        }
    }
}

/// The digits of each phone, separated by '\u{1}', in one string.
fn phone_digits(phones: &[String]) -> String {
    let mut out = String::new();
    for (i, p) in phones.iter().enumerate() {
        if i > 0 {
            out.push('\u{1}');
        }
        out.extend(p.chars().filter(|c| c.is_ascii_digit()));
    }
    out
}

/// A batch of entries to key: (place, id, row).
pub type Unkeyed = Vec<(usize, Ulid, RowRecord)>;

impl Entry {
    /// The entry's search keys, worked out now if the warm-up has not yet.
    pub(super) fn search_keys(&self) -> Cow<'_, SearchKeys> {
        match &self.keys {
            Some(keys) => Cow::Borrowed(keys),
            None => Cow::Owned(SearchKeys::of(&self.rec)),
        }
    }
}

impl View {
    /// Up to `max` entries without search keys, from place `from` on.
    pub fn unkeyed_batch(&self, from: usize, max: usize) -> Unkeyed {
        self.entries
            .iter()
            .enumerate()
            .skip(from)
            .filter(|(_, e)| e.keys.is_none())
            .take(max)
            .map(|(i, e)| (i, e.id, e.rec.clone()))
            .collect()
    }

    /// Gives entries their keys, each only if it is still the entry the keys were made for
    /// and still has none (a write since replaced it with a keyed one).
    pub fn set_search_keys(&mut self, keys: Vec<(usize, Ulid, SearchKeys)>) {
        for (place, id, k) in keys {
            if let Some(e) = self.entries.get_mut(place) {
                if e.id == id && e.keys.is_none() {
                    e.keys = Some(k);
                }
            }
        }
    }

    /// How many entries have no search keys yet (for tests and benches).
    pub fn unkeyed_count(&self) -> usize {
        self.entries.iter().filter(|e| e.keys.is_none()).count()
    }
}
