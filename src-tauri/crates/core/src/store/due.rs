//! The due index: open follow-ups by due time. On disk it is the `followup_by_due` tree
//! (due time big-endian ++ follow-up id → a small record); in memory the same keys in a
//! BTreeMap, kept in step with every commit, so each agenda section and the next reminder are
//! range scans that never decode a follow-up.
use super::keys::{id_from_bytes, time_id, ID_LEN};
use crate::error::{CoreError, Result};
use crate::model::{FollowUp, FollowUpMethod, Priority};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ops::Bound;
use ulid::Ulid;

/// What the agenda shows of an open follow-up, stored as the index value (postcard).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DueRecord {
    pub customer: u128,
    pub priority: Priority,
    /// Who does it (`next_by`); empty means the customer's owner.
    pub owner: String,
    pub method: FollowUpMethod,
    pub topic: String,
    pub next_action: String,
    /// The reminder for this due time has been shown.
    pub fired: bool,
    /// In memory only, copied from the customer so agenda scans never look it up: whether it
    /// is live (not in the trash) and its owner.
    #[serde(skip)]
    pub live: bool,
    #[serde(skip)]
    pub customer_owner: String,
}

impl DueRecord {
    pub fn of(f: &FollowUp, customer: Ulid, fired: bool) -> DueRecord {
        DueRecord {
            customer: customer.0,
            priority: f.priority,
            owner: f.next_by.clone(),
            method: f.method,
            topic: f.topic.clone(),
            next_action: f.next_action.clone(),
            fired,
            live: true,
            customer_owner: String::new(),
        }
    }

    /// Who does it: `next_by`, else the customer's owner.
    pub fn owner(&self) -> &str {
        if self.owner.is_empty() {
            &self.customer_owner
        } else {
            &self.owner
        }
    }

    pub fn encode(&self) -> Result<Vec<u8>> {
        postcard::to_allocvec(self).map_err(|e| CoreError::Storage(format!("encoding due: {e}")))
    }

    pub fn decode(bytes: &[u8]) -> Result<DueRecord> {
        postcard::from_bytes(bytes).map_err(|e| CoreError::Corrupt(format!("due entry: {e}")))
    }
}

/// (due time in microseconds, follow-up id): sorts like the on-disk key.
pub type DueKey = (i64, Ulid);

pub fn due_key(due: DateTime<Utc>, id: Ulid) -> DueKey {
    (due.timestamp_micros(), id)
}

/// The on-disk key of an in-memory key.
pub fn disk_key(k: DueKey) -> [u8; 8 + ID_LEN] {
    time_id(
        DateTime::from_timestamp_micros(k.0).unwrap_or_default(),
        k.1,
    )
}

pub fn key_from_disk(bytes: &[u8]) -> Result<DueKey> {
    if bytes.len() != 8 + ID_LEN {
        return Err(CoreError::Corrupt("due key of the wrong length".into()));
    }
    let mut t = [0u8; 8];
    t.copy_from_slice(&bytes[..8]);
    let micros = (u64::from_be_bytes(t) ^ (1 << 63)) as i64;
    Ok((micros, id_from_bytes(&bytes[8..])?))
}

#[derive(Default)]
pub struct DueIndex {
    by_due: BTreeMap<DueKey, DueRecord>,
    /// Entries whose reminder has not been shown yet; the first is the next to fire.
    unfired: BTreeSet<DueKey>,
    by_customer: HashMap<u128, BTreeSet<DueKey>>,
}

impl DueIndex {
    pub fn put(&mut self, k: DueKey, rec: DueRecord) {
        if !rec.fired {
            self.unfired.insert(k);
        } else {
            self.unfired.remove(&k);
        }
        self.by_customer.entry(rec.customer).or_default().insert(k);
        self.by_due.insert(k, rec);
    }

    /// Copies a customer's trash state and owner into its entries.
    pub fn refresh_customer(&mut self, customer: Ulid, live: bool, owner: &str) {
        let Some(keys) = self.by_customer.get(&customer.0) else {
            return;
        };
        for k in keys {
            if let Some(rec) = self.by_due.get_mut(k) {
                rec.live = live;
                if rec.customer_owner != owner {
                    rec.customer_owner = owner.to_string();
                }
            }
        }
    }

    pub fn remove(&mut self, k: DueKey) {
        if let Some(rec) = self.by_due.remove(&k) {
            self.unfired.remove(&k);
            if let Some(set) = self.by_customer.get_mut(&rec.customer) {
                set.remove(&k);
                if set.is_empty() {
                    self.by_customer.remove(&rec.customer);
                }
            }
        }
    }

    /// Entries due in `[from, to)`, in due order.
    pub fn range(
        &self,
        from: Option<DateTime<Utc>>,
        to: Option<DateTime<Utc>>,
    ) -> impl Iterator<Item = (&DueKey, &DueRecord)> {
        let lo = match from {
            Some(t) => Bound::Included((t.timestamp_micros(), Ulid(0))),
            None => Bound::Unbounded,
        };
        let hi = match to {
            Some(t) => Bound::Excluded((t.timestamp_micros(), Ulid(0))),
            None => Bound::Unbounded,
        };
        self.by_due.range((lo, hi))
    }

    /// Unfired entries in due order (the first may already be due).
    pub fn unfired(&self) -> impl Iterator<Item = (&DueKey, &DueRecord)> {
        self.unfired
            .iter()
            .filter_map(|k| self.by_due.get(k).map(|r| (k, r)))
    }

    /// Unfired entries due at or before `now`.
    pub fn unfired_until(&self, now: DateTime<Utc>) -> impl Iterator<Item = (&DueKey, &DueRecord)> {
        let end = (now.timestamp_micros(), Ulid(u128::MAX));
        self.unfired
            .range(..=end)
            .filter_map(|k| self.by_due.get(k).map(|r| (k, r)))
    }

    /// When the customer's earliest open follow-up is due.
    pub fn next_for(&self, customer: Ulid) -> Option<DateTime<Utc>> {
        self.by_customer
            .get(&customer.0)
            .and_then(|s| s.first())
            .and_then(|k| DateTime::from_timestamp_micros(k.0))
    }

    pub fn has_open(&self, customer: Ulid) -> bool {
        self.by_customer.contains_key(&customer.0)
    }

    /// Every entry (consistency checks).
    pub fn entries(&self) -> impl Iterator<Item = (&DueKey, &DueRecord)> {
        self.by_due.iter()
    }
}
