//! The in-memory mirror of the due index, kept in step with every commit: open follow-ups in
//! due order with a few bytes each (is the customer live, priority, who does it) so counting a
//! section of 100,000 entries reads a compact map, plus the open customers with no next step
//! in name order. Each agenda section, the tray's count and the next reminder are range scans.
use crate::error::Result;
use crate::model::{Priority, Stage};
use crate::store::followups::due::{key_from_disk, DueKey, DueRecord};
use crate::store::view::View;
use crate::store::Trees;
use chrono::{DateTime, Utc};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ops::Bound;
use ulid::Ulid;

/// What the index needs to know of a customer (from the list view).
#[derive(Debug, Clone, PartialEq)]
pub struct CustomerFacts {
    pub live: bool,
    pub stage: Stage,
    pub owner: String,
    pub name_key: String,
    pub priority: Priority,
}

/// The compact part of an entry, read when counting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Slim {
    pub live: bool,
    pub priority: Priority,
    /// Who does it (`next_by`, else the customer's owner), interned.
    pub owner: u32,
}

/// Owner names as small numbers, so filters compare integers.
#[derive(Default)]
struct Owners {
    ids: HashMap<String, u32>,
}

impl Owners {
    fn id(&mut self, name: &str) -> u32 {
        if let Some(id) = self.ids.get(name) {
            return *id;
        }
        let id = self.ids.len() as u32;
        self.ids.insert(name.to_string(), id);
        id
    }
}

/// A customer's open entries, earliest first. Most customers have one or two: a sorted vector
/// is one small allocation where a B-tree set took a ~290-byte node each (~33 MB of the index
/// at 100,000 customers with an open follow-up).
#[derive(Default)]
struct CustomerDue(Vec<DueKey>);

impl CustomerDue {
    fn insert(&mut self, k: DueKey) {
        // The build inserts in due order, so this is nearly always a push at the end.
        if let Err(at) = self.0.binary_search(&k) {
            self.0.insert(at, k);
        }
    }

    fn remove(&mut self, k: &DueKey) {
        if let Ok(at) = self.0.binary_search(k) {
            self.0.remove(at);
        }
    }
}

/// A customer with no next step, in the name-ordered set.
pub type NoNextKey = (String, Ulid);

#[derive(Default)]
pub struct AgendaIndex {
    slim: BTreeMap<DueKey, Slim>,
    records: HashMap<Ulid, DueRecord>,
    /// Entries whose reminder has not been shown yet; the first is the next to fire.
    unfired: BTreeSet<DueKey>,
    by_customer: HashMap<u128, CustomerDue>,
    owners: Owners,
    no_next: BTreeMap<NoNextKey, (u32, Priority)>,
    no_next_key: HashMap<Ulid, String>,
}

impl AgendaIndex {
    /// Builds the index from the `followup_by_due` tree and the list view (at open).
    pub fn build(trees: &Trees, view: &View) -> Result<AgendaIndex> {
        let mut index = AgendaIndex::default();
        for item in trees.followup_by_due.iter() {
            let (k, v) = item?;
            let rec = DueRecord::decode(&v)?;
            let facts = view.facts(&Ulid(rec.customer));
            index.insert(key_from_disk(&k)?, rec, facts.as_ref());
        }
        // Every entry took its customer's state above; only the "no next step" set is left.
        for (id, facts) in view.all_facts() {
            index.refresh_no_next(id, Some(&facts));
        }
        Ok(index)
    }

    fn slim_of(&mut self, rec: &DueRecord, facts: Option<&CustomerFacts>) -> Slim {
        let owner = match (rec.owner.is_empty(), facts) {
            (false, _) => self.owners.id(&rec.owner),
            (true, Some(f)) => self.owners.id(&f.owner),
            (true, None) => self.owners.id(""),
        };
        Slim {
            live: facts.is_some_and(|f| f.live),
            priority: rec.priority,
            owner,
        }
    }

    pub fn put(&mut self, k: DueKey, rec: DueRecord, facts: Option<&CustomerFacts>) {
        let customer = Ulid(rec.customer);
        self.insert(k, rec, facts);
        self.refresh_no_next(customer, facts);
    }

    /// `put` without the "no next step" update (the build does that once per customer).
    fn insert(&mut self, k: DueKey, rec: DueRecord, facts: Option<&CustomerFacts>) {
        if rec.fired {
            self.unfired.remove(&k);
        } else {
            self.unfired.insert(k);
        }
        let slim = self.slim_of(&rec, facts);
        self.slim.insert(k, slim);
        self.by_customer.entry(rec.customer).or_default().insert(k);
        self.records.insert(k.1, rec);
    }

    pub fn remove(&mut self, k: DueKey, facts: Option<&CustomerFacts>) {
        let Some(rec) = self.records.remove(&k.1) else {
            return;
        };
        self.slim.remove(&k);
        self.unfired.remove(&k);
        if let Some(set) = self.by_customer.get_mut(&rec.customer) {
            set.remove(&k);
            if set.0.is_empty() {
                self.by_customer.remove(&rec.customer);
            }
        }
        self.refresh_no_next(Ulid(rec.customer), facts);
    }

    /// A customer changed (or was purged: `None`): copy its state into its entries.
    pub fn refresh_customer(&mut self, customer: Ulid, facts: Option<&CustomerFacts>) {
        let keys: Vec<DueKey> = self
            .by_customer
            .get(&customer.0)
            .map(|s| s.0.clone())
            .unwrap_or_default();
        for k in keys {
            if let Some(rec) = self.records.get(&k.1).cloned() {
                let slim = self.slim_of(&rec, facts);
                self.slim.insert(k, slim);
            }
        }
        self.refresh_no_next(customer, facts);
    }

    /// "No next step": live, in an open stage (neither won nor lost), no open follow-up.
    fn refresh_no_next(&mut self, customer: Ulid, facts: Option<&CustomerFacts>) {
        if let Some(old) = self.no_next_key.remove(&customer) {
            self.no_next.remove(&(old, customer));
        }
        let Some(f) = facts else { return };
        let open_stage = !matches!(f.stage, Stage::Won | Stage::Lost);
        if f.live && open_stage && !self.by_customer.contains_key(&customer.0) {
            let owner = self.owners.id(&f.owner);
            self.no_next
                .insert((f.name_key.clone(), customer), (owner, f.priority));
            self.no_next_key.insert(customer, f.name_key.clone());
        }
    }

    /// The interned number of an owner, if anyone has that name.
    pub fn owner_id(&self, name: &str) -> Option<u32> {
        self.owners.ids.get(name).copied()
    }

    /// Entries due in `[from, to)`, in due order.
    pub fn range(
        &self,
        from: Option<DateTime<Utc>>,
        to: Option<DateTime<Utc>>,
    ) -> impl Iterator<Item = (&DueKey, &Slim)> {
        let lo = match from {
            Some(t) => Bound::Included((t.timestamp_micros(), Ulid(0))),
            None => Bound::Unbounded,
        };
        let hi = match to {
            Some(t) => Bound::Excluded((t.timestamp_micros(), Ulid(0))),
            None => Bound::Unbounded,
        };
        self.slim.range((lo, hi))
    }

    pub fn record(&self, k: &DueKey) -> Option<&DueRecord> {
        self.records.get(&k.1)
    }

    /// Unfired entries in due order (the first may already be due).
    pub fn unfired(&self) -> impl Iterator<Item = (&DueKey, &Slim)> {
        self.unfired
            .iter()
            .filter_map(|k| self.slim.get(k).map(|s| (k, s)))
    }

    /// Unfired entries of live customers due at or before `now`.
    pub fn unfired_until(&self, now: DateTime<Utc>) -> impl Iterator<Item = (&DueKey, &DueRecord)> {
        let end = (now.timestamp_micros(), Ulid(u128::MAX));
        self.unfired
            .range(..=end)
            .filter(|k| self.slim.get(k).is_some_and(|s| s.live))
            .filter_map(|k| self.records.get(&k.1).map(|r| (k, r)))
    }

    /// When the customer's earliest open follow-up is due.
    pub fn next_for(&self, customer: Ulid) -> Option<DateTime<Utc>> {
        self.by_customer
            .get(&customer.0)
            .and_then(|s| s.0.first())
            .and_then(|k| DateTime::from_timestamp_micros(k.0))
    }

    /// Open customers with no next step, in name order, with their owner and priority.
    pub fn no_next(&self) -> impl Iterator<Item = (&NoNextKey, &(u32, Priority))> {
        self.no_next.iter()
    }

    /// Everything, for consistency checks: entries with their compact part resolved to names.
    pub fn snapshot(&self) -> Vec<(DueKey, DueRecord, bool, Priority, String)> {
        let names: HashMap<u32, &String> = self.owners.ids.iter().map(|(n, i)| (*i, n)).collect();
        let name = |i: u32| names.get(&i).map(|s| s.to_string()).unwrap_or_default();
        self.slim
            .iter()
            .filter_map(|(k, s)| {
                self.records
                    .get(&k.1)
                    .map(|r| (*k, r.clone(), s.live, s.priority, name(s.owner)))
            })
            .collect()
    }

    pub fn no_next_snapshot(&self) -> Vec<NoNextKey> {
        self.no_next.keys().cloned().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(customer: u128) -> DueRecord {
        DueRecord {
            customer,
            priority: Priority::High,
            owner: String::new(),
            method: Default::default(),
            topic: String::new(),
            next_action: String::new(),
            fired: false,
        }
    }

    fn at(index: &AgendaIndex, customer: u128) -> Option<i64> {
        index.next_for(Ulid(customer)).map(|t| t.timestamp_micros())
    }

    #[test]
    fn a_customers_next_due_is_its_earliest_open_entry_through_puts_and_removes() {
        let mut index = AgendaIndex::default();
        let (early, middle, late) = ((100, Ulid(1)), (200, Ulid(2)), (300, Ulid(3)));
        for k in [middle, late, early, middle] {
            index.put(k, rec(7), None);
        }
        index.put((50, Ulid(4)), rec(8), None);
        assert_eq!(at(&index, 7), Some(100));
        index.remove(early, None);
        assert_eq!(at(&index, 7), Some(200));
        index.remove(early, None);
        index.remove(middle, None);
        assert_eq!(at(&index, 7), Some(300));
        index.remove(late, None);
        assert_eq!(at(&index, 7), None);
        assert_eq!(
            at(&index, 8),
            Some(50),
            "another customer's entry untouched"
        );
        assert_eq!(index.snapshot().len(), 1);
    }
}
