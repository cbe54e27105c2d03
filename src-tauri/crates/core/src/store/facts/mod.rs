//! The analytics facts kept in memory: read whole the first time the dashboard or the board
//! asks, then brought up to date from the customers that writes have touched since (see
//! `touched`), so a dashboard over a million follow-ups does not decode them again.
pub(in crate::store) mod dashboard;
mod performance;
pub(in crate::store) mod read;
#[cfg(test)]
mod tests;

use crate::analytics::Facts;
use crate::error::{CoreError, Result};
use crate::store::infra::touched::Changed;
use crate::store::Store;
use read::{read_all, read_some, FactSet};
use rustc_hash::FxHashSet;
use ulid::Ulid;

#[derive(Default)]
pub(in crate::store) struct FactsCache {
    set: Option<FactSet>,
}

impl FactSet {
    pub fn facts(&self) -> Facts<'_> {
        Facts {
            customers: &self.customers,
            stage_changes: &self.stage_changes,
            follow_ups: &self.follow_ups,
            deals: &self.deals,
            services: &self.services,
        }
    }

    /// Drops the facts of `ids` and appends `fresh` (their facts as they are now).
    fn replace(&mut self, ids: &FxHashSet<String>, fresh: FactSet) {
        let keep = |id: &str| !ids.contains(id);
        self.customers.retain(|c| keep(&c.id));
        self.stage_changes.retain(|c| keep(&c.customer_id));
        self.follow_ups.retain(|c| keep(&c.customer_id));
        self.deals.retain(|c| keep(&c.customer_id));
        self.services.retain(|c| keep(&c.customer_id));
        self.customers.extend(fresh.customers);
        self.stage_changes.extend(fresh.stage_changes);
        self.follow_ups.extend(fresh.follow_ups);
        self.deals.extend(fresh.deals);
        self.services.extend(fresh.services);
    }
}

impl Store {
    /// Runs `f` on the facts as they are now.
    pub(in crate::store) fn with_facts<T>(&self, f: impl FnOnce(&FactSet) -> T) -> Result<T> {
        let mut cache = self
            .facts
            .lock()
            .map_err(|_| CoreError::Storage("analytics facts poisoned".into()))?;
        // Drained before reading: a write committing meanwhile is noted again and read next time.
        let changed = self.trees.changes.drain();
        match (&mut cache.set, changed) {
            (Some(_), Changed::None) => {}
            (Some(set), Changed::Some(ids)) => {
                let fresh = read_some(&self.trees, ids.iter().copied())?;
                let names: FxHashSet<String> = ids.iter().map(Ulid::to_string).collect();
                set.replace(&names, fresh);
            }
            (slot, _) => *slot = Some(read_all(&self.trees)?),
        }
        match &cache.set {
            Some(set) => Ok(f(set)),
            None => Err(CoreError::Storage("analytics facts missing".into())),
        }
    }

    /// Reads the facts now (at start, in the background) so the first dashboard is quick.
    pub fn warm_analytics(&self) -> Result<()> {
        self.with_facts(|_| ())
    }
}
