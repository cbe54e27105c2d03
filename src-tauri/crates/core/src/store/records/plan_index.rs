//! After-sales service plans still to do (下次服务计划), by plan time.
//!
//! On disk, the `service_plan_by_due` tree: plan time (µs, big-endian, sign bit flipped) ++
//! service record id → customer id (16 bytes) ++ the plan text (UTF-8). It holds only *open*
//! plans — a plan is done once a later service of the customer is recorded on or after its day —
//! of live and trashed customers alike (liveness is read from the list view, as for follow-ups),
//! so a reminder tick or the agenda reads a few entries instead of every service record.
//! In memory, a mirror of that tree with each plan's fired state, kept in step after commits.
use crate::error::{CoreError, Result};
use crate::model::ServiceRecord;
use crate::store::followups::due::{key_from_disk, DueKey};
use crate::store::infra::keys::{id_bytes, id_from_bytes, ID_LEN};
use crate::store::Trees;
use chrono::{DateTime, NaiveDate, Utc};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use ulid::Ulid;

/// (plan time in microseconds, service record id): sorts like the on-disk key.
pub type PlanKey = DueKey;

/// What the reminders and the agenda show of an open plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanEntry {
    pub customer: Ulid,
    pub plan: String,
}

impl PlanEntry {
    pub fn encode(&self) -> Vec<u8> {
        let mut v = Vec::with_capacity(ID_LEN + self.plan.len());
        v.extend_from_slice(&id_bytes(self.customer));
        v.extend_from_slice(self.plan.as_bytes());
        v
    }

    pub fn decode(bytes: &[u8]) -> Result<PlanEntry> {
        let corrupt = || CoreError::Corrupt("a service plan entry of the wrong shape".into());
        let customer = id_from_bytes(bytes.get(..ID_LEN).ok_or_else(corrupt)?)?;
        let plan = std::str::from_utf8(&bytes[ID_LEN..]).map_err(|_| corrupt())?;
        Ok(PlanEntry {
            customer,
            plan: plan.to_string(),
        })
    }
}

/// Whether a plan is done: records carry no done flag, so a plan counts as done once another
/// service of the customer (`dates`) is dated on or after the plan's day (its UTC date) and
/// after the planning service's own date. The one rule of the reminders, the agenda, the
/// dashboard and the handover counts.
pub(crate) fn plan_done(
    service_date: NaiveDate,
    plan_at: DateTime<Utc>,
    dates: &[NaiveDate],
) -> bool {
    let day = plan_at.date_naive();
    dates.iter().any(|d| *d >= day && *d > service_date)
}

/// The open plans among all the services of `customer`.
pub fn open_plans(customer: Ulid, services: &[(Ulid, ServiceRecord)]) -> Vec<(PlanKey, PlanEntry)> {
    let dates: Vec<NaiveDate> = services.iter().map(|(_, s)| s.date).collect();
    services
        .iter()
        .filter_map(|(id, s)| {
            let at = s.next_plan_at?;
            (!plan_done(s.date, at, &dates)).then(|| {
                let entry = PlanEntry {
                    customer,
                    plan: s.next_plan.clone(),
                };
                ((at.timestamp_micros(), *id), entry)
            })
        })
        .collect()
}

/// The key of a plan in `reminder_fired`: a new plan time is a new key, so it fires again.
pub fn fired_key(k: PlanKey) -> String {
    format!("s/{}/{}", k.1, k.0)
}

/// The plan a `fired_key` names.
pub fn parse_fired_key(key: &str) -> Option<PlanKey> {
    let mut parts = key.strip_prefix("s/")?.split('/');
    let id = Ulid::from_string(parts.next()?).ok()?;
    let t = parts.next()?.parse::<i64>().ok()?;
    Some((t, id))
}

/// The mirror: open plans in time order, by customer, and the ones not yet reminded.
#[derive(Debug, Default)]
pub struct PlanIndex {
    entries: BTreeMap<PlanKey, PlanEntry>,
    by_customer: HashMap<Ulid, Vec<PlanKey>>,
    /// Entries whose reminder has not been shown; the first is the next to fire.
    unfired: BTreeSet<PlanKey>,
}

impl PlanIndex {
    /// Reads the tree and the fired markers (at open; the tree holds open plans only).
    pub fn build(trees: &Trees) -> Result<PlanIndex> {
        let mut index = PlanIndex::default();
        for item in trees.service_plan_by_due.iter() {
            let (k, v) = item?;
            let key = key_from_disk(&k)?;
            let fired = trees
                .reminder_fired
                .contains_key(fired_key(key).as_bytes())?;
            index.insert(key, PlanEntry::decode(&v)?, fired);
        }
        Ok(index)
    }

    fn insert(&mut self, k: PlanKey, e: PlanEntry, fired: bool) {
        self.by_customer.entry(e.customer).or_default().push(k);
        if !fired {
            self.unfired.insert(k);
        }
        self.entries.insert(k, e);
    }

    /// Drops a customer's plans (purged, or about to be replaced).
    pub fn forget(&mut self, customer: Ulid) {
        for k in self.by_customer.remove(&customer).unwrap_or_default() {
            self.entries.remove(&k);
            self.unfired.remove(&k);
        }
    }

    /// Replaces a customer's plans with `plans` (each with its fired state).
    pub fn set_customer(&mut self, customer: Ulid, plans: Vec<(PlanKey, PlanEntry, bool)>) {
        self.forget(customer);
        for (k, e, fired) in plans {
            self.insert(k, e, fired);
        }
    }

    pub fn mark_fired(&mut self, k: &PlanKey) {
        self.unfired.remove(k);
    }

    /// Every open plan in time order.
    pub fn all(&self) -> impl Iterator<Item = (&PlanKey, &PlanEntry)> {
        self.entries.iter()
    }

    /// Unfired plans in time order (the first may already be due).
    pub fn unfired(&self) -> impl Iterator<Item = (&PlanKey, &PlanEntry)> {
        self.unfired
            .iter()
            .filter_map(|k| self.entries.get(k).map(|e| (k, e)))
    }

    /// Unfired plans due at or before `now`.
    pub fn unfired_until(
        &self,
        now: DateTime<Utc>,
    ) -> impl Iterator<Item = (&PlanKey, &PlanEntry)> {
        let end = (now.timestamp_micros(), Ulid(u128::MAX));
        self.unfired
            .range(..=end)
            .filter_map(|k| self.entries.get(k).map(|e| (k, e)))
    }

    /// Everything with its fired state, for consistency checks.
    pub fn snapshot(&self) -> Vec<(PlanKey, PlanEntry, bool)> {
        self.entries
            .iter()
            .map(|(k, e)| (*k, e.clone(), !self.unfired.contains(k)))
            .collect()
    }
}
