//! The bounded in-memory view behind the customer list: one small row per customer, kept in
//! step with the store after every committed write. Filtering and sorting 100,000 rows here
//! takes milliseconds and never decodes a full record.
mod build;
mod query;
mod search;
mod search_keys;

pub use query::ContactCutoffs;
pub use search_keys::{SearchKeys, Unkeyed};

use super::agenda_index::CustomerFacts;
use super::row::RowRecord;
use crate::collate::sort_key;
use crate::model::CustomerRow;
use crate::pinyin_search::Postings;
use chrono::Datelike;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::{Mutex, OnceLock, PoisonError};
use ulid::Ulid;

pub struct Entry {
    id: Ulid,
    rec: RowRecord,
    name_key: String,
    company_key: String,
    /// `None` until the warm-up keys a book just opened (`search_keys.rs`).
    keys: Option<SearchKeys>,
    /// The latest follow-up's time (µs), kept in step by follow-up writes (`set_last_contact`).
    last_contact: Option<i64>,
}

fn digits(s: &str) -> String {
    s.chars().filter(|c| c.is_ascii_digit()).collect()
}

impl Entry {
    /// An entry with its search keys (a write's).
    pub fn new(id: Ulid, rec: RowRecord) -> Entry {
        let keys = SearchKeys::of(&rec);
        let mut entry = Entry::unkeyed(id, rec);
        entry.keys = Some(keys);
        entry
    }

    /// An entry whose search keys the warm-up (or the first search) works out later: a
    /// book's at open.
    pub fn unkeyed(id: Ulid, rec: RowRecord) -> Entry {
        Entry {
            id,
            name_key: sort_key(&rec.name),
            company_key: sort_key(&rec.company),
            keys: None,
            last_contact: None,
            rec,
        }
    }

    pub fn id(&self) -> Ulid {
        self.id
    }

    pub fn set_last_contact(&mut self, at: Option<i64>) {
        self.last_contact = at;
    }

    pub fn facts(&self) -> CustomerFacts {
        CustomerFacts {
            live: self.live(),
            stage: self.rec.stage,
            owner: self.rec.owner.clone(),
            name_key: self.name_key.clone(),
            priority: self.rec.priority,
        }
    }

    fn live(&self) -> bool {
        self.rec.deleted_at.is_none()
    }
}

/// Rows in a Vec (fast scans) with an id → position map, a name-ordered index (the default
/// list walks only as far as the requested page) and tag → customers sets (tag filters start
/// from the customers carrying the tag, not from the whole book).
#[derive(Default)]
pub struct View {
    entries: Vec<Entry>,
    position: HashMap<Ulid, usize>,
    by_name: BTreeSet<(String, Ulid)>,
    by_tag: HashMap<u128, HashSet<Ulid>>,
    /// Reminder dates: (month * 100 + day, customer) of the customer's and its contacts'
    /// birthdays, and (contract expiry day number, customer).
    by_birthday: BTreeSet<(u32, Ulid)>,
    by_expiry: BTreeSet<(i32, Ulid)>,
    /// The search's flat buffers, built by the first search after a write.
    search: OnceLock<search::SearchIndex>,
    /// Each entry's place in `by_name` order (by entry place), for sorting a search's hits by
    /// name without comparing names; built when first needed after a write.
    name_rank: OnceLock<Vec<u32>>,
    /// The last search, which the next one may narrow (cleared with `search`).
    last_search: Mutex<Option<search::LastSearch>>,
    /// Where pinyin matches can start (`Postings`), built by a search: not cleared by a
    /// write, which makes them forget the entries (places) it changed.
    pinyin_lists: Mutex<Option<Postings>>,
}

/// `month * 100 + day` of a day number: birthdays recur on it every year.
pub fn month_day(day_number: i32) -> u32 {
    let d = super::row::date_of(day_number);
    d.month() * 100 + d.day()
}

/// An entry's keys in the birthday and contract-expiry sets.
type DateKeys = (Vec<(u32, Ulid)>, Option<(i32, Ulid)>);

impl Entry {
    fn date_keys(&self) -> DateKeys {
        let r = &self.rec;
        let birthdays = r
            .birthday
            .iter()
            .chain(&r.contact_birthdays)
            .map(|d| (month_day(*d), self.id))
            .collect();
        (birthdays, r.contract_expiry.map(|d| (d, self.id)))
    }
}

impl View {
    fn index_dates(&mut self, e: &Entry, add: bool) {
        let (birthdays, expiry) = e.date_keys();
        for k in birthdays {
            if add {
                self.by_birthday.insert(k);
            } else {
                self.by_birthday.remove(&k);
            }
        }
        if let Some(k) = expiry {
            if add {
                self.by_expiry.insert(k);
            } else {
                self.by_expiry.remove(&k);
            }
        }
    }

    pub fn put(&mut self, e: Entry) {
        self.search = OnceLock::new();
        self.name_rank = OnceLock::new();
        self.last_search = Mutex::default();
        // Date keys are few: drop the old version's, then add the new one's.
        if let Some(i) = self.position.get(&e.id).copied() {
            let (birthdays, expiry) = self.entries[i].date_keys();
            for k in birthdays {
                self.by_birthday.remove(&k);
            }
            if let Some(k) = expiry {
                self.by_expiry.remove(&k);
            }
        }
        self.index_dates(&e, true);
        self.by_name.insert((e.name_key.clone(), e.id));
        for t in &e.rec.tag_ids {
            self.by_tag.entry(*t).or_default().insert(e.id);
        }
        match self.position.get(&e.id).copied() {
            Some(i) => {
                self.forget_pinyin(i);
                // A customer write does not change its follow-ups: the last contact stays.
                let mut e = e;
                e.last_contact = self.entries[i].last_contact;
                let (tags, name) = (e.rec.tag_ids.clone(), e.name_key.clone());
                let old = std::mem::replace(&mut self.entries[i], e);
                self.forget(&old, Some((&tags, &name)));
            }
            None => {
                self.forget_pinyin(self.entries.len());
                self.position.insert(e.id, self.entries.len());
                self.entries.push(e);
            }
        }
    }

    /// The pinyin lists no longer hold the entry at `place` as it is (or will be).
    fn forget_pinyin(&mut self, place: usize) {
        let lists = self
            .pinyin_lists
            .get_mut()
            .unwrap_or_else(PoisonError::into_inner);
        if let Some(lists) = lists {
            lists.forget(place);
        }
    }

    /// Drops `old`'s index entries that its new version (tags, name key), if any, does not share.
    fn forget(&mut self, old: &Entry, new: Option<(&[u128], &str)>) {
        if new.is_none_or(|(_, name)| name != old.name_key) {
            self.by_name.remove(&(old.name_key.clone(), old.id));
        }
        for t in &old.rec.tag_ids {
            if new.is_some_and(|(tags, _)| tags.contains(t)) {
                continue;
            }
            if let Some(set) = self.by_tag.get_mut(t) {
                set.remove(&old.id);
                if set.is_empty() {
                    self.by_tag.remove(t);
                }
            }
        }
    }

    pub fn remove(&mut self, id: Ulid) {
        let Some(i) = self.position.remove(&id) else {
            return;
        };
        self.search = OnceLock::new();
        self.name_rank = OnceLock::new();
        self.last_search = Mutex::default();
        // The last entry moves to `i`, its place is left empty.
        self.forget_pinyin(i);
        self.forget_pinyin(self.entries.len() - 1);
        let old = self.entries.swap_remove(i);
        if let Some(moved) = self.entries.get(i) {
            self.position.insert(moved.id, i);
        }
        self.index_dates(&old, false);
        self.forget(&old, None);
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn live_count(&self) -> usize {
        self.entries.iter().filter(|e| e.live()).count()
    }

    /// Every customer carrying `tag`, trashed ones included.
    pub fn carrying(&self, tag: Ulid) -> Vec<Ulid> {
        self.by_tag
            .get(&tag.0)
            .map(|set| set.iter().copied().collect())
            .unwrap_or_default()
    }

    /// Live customers carrying each tag.
    pub fn tag_counts(&self) -> HashMap<Ulid, u32> {
        let mut counts = HashMap::new();
        for e in self.entries.iter().filter(|e| e.live()) {
            for t in &e.rec.tag_ids {
                *counts.entry(Ulid(*t)).or_insert(0) += 1;
            }
        }
        counts
    }

    /// Distinct owners of live customers, sorted, for the owner filter.
    pub fn owners(&self) -> Vec<String> {
        let set: BTreeSet<&str> = self
            .entries
            .iter()
            .filter(|e| e.live() && !e.rec.owner.is_empty())
            .map(|e| e.rec.owner.as_str())
            .collect();
        set.into_iter().map(String::from).collect()
    }

    /// Trashed customers, most recently deleted first.
    pub fn trash(&self) -> Vec<CustomerRow> {
        let mut rows: Vec<&Entry> = self.entries.iter().filter(|e| !e.live()).collect();
        rows.sort_by(|a, b| {
            b.rec
                .deleted_at
                .cmp(&a.rec.deleted_at)
                .then_with(|| a.id.cmp(&b.id))
        });
        rows.into_iter().map(|e| e.rec.row(e.id)).collect()
    }

    /// Sets a customer's last contact (µs), after a follow-up write or at open.
    pub fn set_last_contact(&mut self, id: Ulid, at: Option<i64>) {
        if let Some(&i) = self.position.get(&id) {
            self.entries[i].last_contact = at;
        }
    }

    /// When the customer's latest follow-up took place (最近跟进), if it has one.
    pub fn last_contact(&self, id: &Ulid) -> Option<chrono::DateTime<chrono::Utc>> {
        self.get(id)
            .and_then(|e| e.last_contact)
            .and_then(chrono::DateTime::from_timestamp_micros)
    }

    /// Every customer's last contact (for consistency checks).
    pub fn last_contacts(&self) -> std::collections::BTreeMap<Ulid, i64> {
        self.entries
            .iter()
            .filter_map(|e| e.last_contact.map(|t| (e.id, t)))
            .collect()
    }

    /// Every row with its id (for consistency checks).
    pub fn records(&self) -> impl Iterator<Item = (&Ulid, &RowRecord)> {
        self.entries.iter().map(|e| (&e.id, &e.rec))
    }

    /// True when the name index and tag sets are exactly what the entries imply.
    pub fn tag_sets_match(&self) -> bool {
        let mut by_tag: HashMap<u128, HashSet<Ulid>> = HashMap::new();
        for e in &self.entries {
            for t in &e.rec.tag_ids {
                by_tag.entry(*t).or_default().insert(e.id);
            }
        }
        let by_name: BTreeSet<(String, Ulid)> = self
            .entries
            .iter()
            .map(|e| (e.name_key.clone(), e.id))
            .collect();
        by_tag == self.by_tag && by_name == self.by_name
    }

    fn get(&self, id: &Ulid) -> Option<&Entry> {
        self.position.get(id).map(|&i| &self.entries[i])
    }

    /// What the agenda index keeps of a customer (`None` once it is gone for good).
    pub fn facts(&self, id: &Ulid) -> Option<CustomerFacts> {
        self.get(id).map(Entry::facts)
    }

    /// Every customer's id and facts (building the agenda index at open).
    pub fn all_facts(&self) -> impl Iterator<Item = (Ulid, CustomerFacts)> + '_ {
        self.entries.iter().map(|e| (e.id, e.facts()))
    }

    /// The list row of a live customer.
    pub fn live_row(&self, id: &Ulid) -> Option<&RowRecord> {
        self.get(id).filter(|e| e.live()).map(|e| &e.rec)
    }

    /// A live customer's row and its name's sort key (`collate::sort_key`).
    pub fn live_row_keyed(&self, id: &Ulid) -> Option<(&RowRecord, &str)> {
        self.get(id)
            .filter(|e| e.live())
            .map(|e| (&e.rec, e.name_key.as_str()))
    }

    /// Customers with a birthday (their own or a contact's) on `month_day`, or the first
    /// month-day after it that has one (wrapping to the start of the year).
    pub fn birthdays_on(&self, md: u32) -> impl Iterator<Item = Ulid> + '_ {
        self.by_birthday
            .range((md, Ulid(0))..=(md, Ulid(u128::MAX)))
            .map(|(_, id)| *id)
    }

    pub fn next_birthday_after(&self, md: u32) -> Option<u32> {
        self.by_birthday
            .range((md + 1, Ulid(0))..)
            .next()
            .or_else(|| self.by_birthday.iter().next())
            .map(|(d, _)| *d)
    }

    /// (expiry day number, customer) from day number `from` on, in date order.
    pub fn expiries_from(&self, from: i32) -> impl Iterator<Item = (i32, Ulid)> + '_ {
        self.by_expiry.range((from, Ulid(0))..).copied()
    }
}
