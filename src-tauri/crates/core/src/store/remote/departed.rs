//! Records leaving the book because the team server says so, not because of a local edit:
//! customers that left this person's view (reassigned away, claimed from the pool by a
//! colleague, purged on the server) and, after a full resync, whatever the server no longer
//! holds for this person. Nothing here writes to the outbox: the server already knows.
use super::merge;
use crate::error::Result;
use crate::model::{TeamNotice, TeamNoticeKind};
use crate::store::followups::reads::follow_up_ids;
use crate::store::followups::tx::DueChanges;
use crate::store::infra::keys::id_from_bytes;
use crate::store::outbox::op::SyncTable;
use crate::store::outbox::Gone;
use crate::store::records::{ids_of, owned_records, plan_index::PlanEntry, plan_index::PlanKey};
use crate::store::Store;
use std::collections::{HashMap, HashSet};
use ulid::Ulid;

/// Every record a full pull brought, by table and id (see [`Store::sweep_replica`]).
pub type SeenRows = HashSet<(SyncTable, String)>;

/// The records of one kept customer that the server no longer has for this person.
#[derive(Default)]
struct Stale {
    follow_ups: Vec<Ulid>,
    opportunities: Vec<Ulid>,
    deals: Vec<Ulid>,
    services: Vec<Ulid>,
    /// All of the customer's services before the sweep (the plans are recomputed from them).
    all_services: Vec<Ulid>,
}

impl Stale {
    fn is_empty(&self) -> bool {
        self.follow_ups.is_empty()
            && self.opportunities.is_empty()
            && self.deals.is_empty()
            && self.services.is_empty()
    }
}

impl Store {
    /// Removes customers that left this person's view on the team server, with their
    /// follow-ups, history and records (ids the book lacks or cannot read are skipped).
    /// Edits of theirs still in the outbox stay: the server refuses them and they are set aside
    /// with its reason, nothing silently lost. Returns how many customers were removed.
    pub fn remove_departed(&self, ids: &[String]) -> Result<usize> {
        let ids: Vec<Ulid> = ids.iter().filter_map(|i| i.parse().ok()).collect();
        if ids.is_empty() {
            return Ok(0);
        }
        let _w = self.writer()?;
        let notices = self.departure_notices(&ids)?;
        let removed = self.remove_customers(&ids, true)?.len();
        for n in &notices {
            super::team::push(&self.trees.meta, n)?;
        }
        Ok(removed)
    }

    /// One of mine that left my view (not a first sync, not in my trash: an admin's purge of
    /// a trashed one is no news) was reassigned; this book cannot see to whom.
    fn departure_notices(&self, ids: &[Ulid]) -> Result<Vec<TeamNotice>> {
        let people = self.team_people()?;
        let Some(my_name) = people.my_name() else {
            return Ok(Vec::new());
        };
        if self.sync_cursor()? == 0 {
            return Ok(Vec::new());
        }
        let mut out = Vec::new();
        for id in ids {
            let Ok(c) = self.get_customer(&id.to_string()) else {
                continue;
            };
            if c.fields.owner == my_name && c.deleted_at.is_none() {
                out.push(TeamNotice {
                    kind: TeamNoticeKind::ReassignedAway,
                    customer_id: c.id.clone(),
                    customer: if c.fields.name.trim().is_empty() {
                        c.fields.company.clone()
                    } else {
                        c.fields.name.clone()
                    },
                    by: String::new(),
                    to: String::new(),
                });
            }
        }
        Ok(out)
    }

    /// After a full pull (a resync: the book's cursor was older than the tombstones the
    /// server keeps), removes what the server no longer holds for this person: customers,
    /// follow-ups, opportunities, deals and services absent from `seen`, unless an op in the
    /// outbox names them (a local edit not pushed yet). History is append-only and tags and
    /// settings are the team's vocabulary: they stay. Returns how many records were removed.
    pub fn sweep_replica(&self, seen: &SeenRows) -> Result<usize> {
        let _w = self.writer()?;
        let pending = merge::pending(&self.outbox_pending(usize::MAX)?);
        let keep = |t: SyncTable, id: Ulid| {
            let key = (t, id.to_string());
            seen.contains(&key) || pending.contains_key(&key)
        };
        let t = &self.trees;
        let mut gone = Vec::new();
        let mut stale: HashMap<Ulid, Stale> = HashMap::new();
        for k in t.customer_by_id.iter().keys() {
            let cid = id_from_bytes(&k?)?;
            if !keep(SyncTable::Customers, cid) {
                gone.push(cid);
                continue;
            }
            let owned = owned_records(t, cid)?;
            let s = Stale {
                follow_ups: follow_up_ids(t, cid)?
                    .into_iter()
                    .filter(|i| !keep(SyncTable::Followups, *i))
                    .collect(),
                opportunities: owned
                    .opportunities
                    .into_iter()
                    .filter(|i| !keep(SyncTable::Opportunities, *i))
                    .collect(),
                deals: owned
                    .deals
                    .into_iter()
                    .filter(|i| !keep(SyncTable::Deals, *i))
                    .collect(),
                services: owned
                    .services
                    .iter()
                    .copied()
                    .filter(|i| !keep(SyncTable::Services, *i))
                    .collect(),
                all_services: ids_of(&t.service_by_customer, cid)?,
            };
            if !s.is_empty() {
                stale.insert(cid, s);
            }
        }
        let mut removed = self.remove_customers(&gone, true)?.len();
        if stale.is_empty() {
            return Ok(removed);
        }
        type Plans = HashMap<Ulid, Vec<(PlanKey, PlanEntry)>>;
        let (changes, plans, count) = t.write_with(false, |tx| {
            let mut changes = DueChanges::default();
            let mut plans: Plans = HashMap::new();
            let mut count = 0;
            for (cid, s) in &stale {
                for id in &s.follow_ups {
                    if let Some(f) = tx.follow_ups.get(*id)? {
                        tx.follow_ups
                            .remove(*id, *cid, &f, &mut changes, Gone::Deleted)?;
                        count += 1;
                    }
                }
                for id in &s.opportunities {
                    tx.records.remove_opportunity(*id, *cid, Gone::Deleted)?;
                    count += 1;
                }
                for id in &s.deals {
                    if let Some(d) = tx.records.deal(*id)? {
                        tx.records.remove_deal(*id, *cid, &d, Gone::Deleted)?;
                        count += 1;
                    }
                }
                let mut ids = s.all_services.clone();
                for id in &s.services {
                    let open = tx.records.write_service(*cid, &ids, *id, None)?;
                    ids.retain(|i| i != id);
                    plans.insert(*cid, open);
                    count += 1;
                }
            }
            Ok((changes, plans, count))
        })?;
        self.apply_due(changes)?;
        for (cid, open) in plans {
            self.apply_plans(cid, open)?;
        }
        self.flush()?;
        removed += count;
        Ok(removed)
    }
}
