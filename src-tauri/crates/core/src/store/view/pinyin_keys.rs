//! An entry's pinyin keys — its initials and letters mask and its coded syllables — cost
//! about a third of building the view at open (2.5 µs a customer), and only a search reads
//! them. So a book opens without them ([`Entry::unkeyed`]) and the warm-up after the first
//! page keys the view a batch at a time ([`View::unkeyed_batch`], [`View::set_pinyin_keys`],
//! the computing done outside the view's lock); a search before that keys what it reads
//! itself. An entry written meanwhile is keyed by its write, and the warm-up leaves it be.
use super::{Entry, View};
use crate::pinyin_search::{code_fields, PinyinMask};
use std::borrow::Cow;
use ulid::Ulid;

#[derive(Clone)]
pub struct PinyinKeys {
    /// The initials and letters of the name's and company's pinyin (`PinyinMask::quick`; 0
    /// without Chinese). The opening pairs are not kept: the search's lists stand for them.
    pub quick: u64,
    /// The name's and company's syllables, coded (`pinyin_search::code_fields`).
    pub syllables: Box<[u16]>,
}

impl PinyinKeys {
    pub fn of(name: &str, company: &str) -> PinyinKeys {
        PinyinKeys {
            quick: PinyinMask::of(&format!("{name}\u{1}{company}")).quick(),
            syllables: code_fields(&[name, company]),
        }
    }
}

/// A batch of entries to key: (place, id, name, company).
pub type Unkeyed = Vec<(usize, Ulid, String, String)>;

impl Entry {
    /// The entry's pinyin keys, worked out now if the warm-up has not yet.
    pub(super) fn pinyin_keys(&self) -> Cow<'_, PinyinKeys> {
        match &self.pinyin {
            Some(keys) => Cow::Borrowed(keys),
            None => Cow::Owned(PinyinKeys::of(&self.rec.name, &self.rec.company)),
        }
    }
}

impl View {
    /// Up to `max` entries without pinyin keys, from place `from` on.
    pub fn unkeyed_batch(&self, from: usize, max: usize) -> Unkeyed {
        self.entries
            .iter()
            .enumerate()
            .skip(from)
            .filter(|(_, e)| e.pinyin.is_none())
            .take(max)
            .map(|(i, e)| (i, e.id, e.rec.name.clone(), e.rec.company.clone()))
            .collect()
    }

    /// Gives entries their keys, each only if it is still the entry the keys were made for
    /// and still has none (a write since replaced it with a keyed one).
    pub fn set_pinyin_keys(&mut self, keys: Vec<(usize, Ulid, PinyinKeys)>) {
        for (place, id, k) in keys {
            if let Some(e) = self.entries.get_mut(place) {
                if e.id == id && e.pinyin.is_none() {
                    e.pinyin = Some(k);
                }
            }
        }
    }

    /// How many entries have no pinyin keys yet (for tests and benches).
    pub fn unkeyed_count(&self) -> usize {
        self.entries.iter().filter(|e| e.pinyin.is_none()).count()
    }
}
