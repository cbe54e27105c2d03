//! Keeping the open service plan index (`plan_index`) right: every service write re-derives its
//! customer's plan entries in the same transaction, memory follows after the commit, a book from
//! before the tree gets it built once at open, and `verify_indexes` recomputes it.
use super::plan_index::{fired_key, open_plans, PlanEntry, PlanIndex, PlanKey};
use super::tx::RecordTx;
use crate::error::{CoreError, Result};
use crate::model::ServiceRecord;
use crate::store::followups::due::disk_key;
use crate::store::followups::tx::TxResult;
use crate::store::infra::codec::decode;
use crate::store::infra::keys::{id_bytes, id_from_bytes, ID_LEN};
use crate::store::outbox::Gone;
use crate::store::{Store, Trees};
use std::collections::BTreeMap;
use std::sync::{RwLockReadGuard, RwLockWriteGuard};
use ulid::Ulid;

impl RecordTx<'_> {
    /// Removes the entry a service's plan may have (whether open or not: absent keys are fine).
    pub fn remove_plan(&self, id: Ulid, s: &ServiceRecord) -> TxResult<()> {
        if let Some(at) = s.next_plan_at {
            self.service_plan_by_due
                .remove(&disk_key((at.timestamp_micros(), id)))?;
        }
        Ok(())
    }

    /// Writes service `id` of `customer` (`new`) or deletes it (`None`), and re-derives all the
    /// customer's plan entries: a later service settles an earlier plan, and deleting or
    /// re-dating it reopens the plan. `ids` are the customer's services as listed before the
    /// transaction (under the writer lock, which keeps the list current). Returns the open plans.
    pub fn write_service(
        &self,
        customer: Ulid,
        ids: &[Ulid],
        id: Ulid,
        new: Option<&ServiceRecord>,
    ) -> TxResult<Vec<(PlanKey, PlanEntry)>> {
        let mut after = Vec::with_capacity(ids.len() + 1);
        for sid in ids.iter().filter(|s| **s != id).chain([&id]) {
            if let Some(s) = self.service(*sid)? {
                self.remove_plan(*sid, &s)?;
                if *sid != id {
                    after.push((*sid, s));
                }
            }
        }
        match new {
            Some(s) => {
                self.put_service(id, customer, s)?;
                after.push((id, s.clone()));
            }
            None => self.remove_service(id, customer, Gone::Deleted)?,
        }
        let open = open_plans(customer, &after);
        for (k, e) in &open {
            self.service_plan_by_due.insert(&disk_key(*k), e.encode())?;
        }
        Ok(open)
    }
}

/// Every open plan of the book, recomputed from the service records (customers in id order).
fn recompute(trees: &Trees) -> Result<Vec<(PlanKey, PlanEntry)>> {
    let mut out = Vec::new();
    let mut group: Vec<(Ulid, ServiceRecord)> = Vec::new();
    let mut current: Option<Ulid> = None;
    for k in trees.service_by_customer.iter().keys() {
        let k = k?;
        let cid = id_from_bytes(k.get(..ID_LEN).unwrap_or_default())?;
        let sid = id_from_bytes(k.get(ID_LEN..).unwrap_or_default())?;
        if let Some(prev) = current.filter(|p| *p != cid) {
            out.extend(open_plans(prev, &std::mem::take(&mut group)));
        }
        current = Some(cid);
        match trees.service_by_id.get(id_bytes(sid))? {
            Some(v) => group.push((sid, decode(&v)?)),
            None => {
                return Err(CoreError::Corrupt(format!(
                    "service record {sid} indexed but missing"
                )))
            }
        }
    }
    if let Some(prev) = current {
        out.extend(open_plans(prev, &group));
    }
    Ok(out)
}

/// Fills `service_plan_by_due` from the service records, for a book written before it existed
/// (schema 4). Plain batches: rerunning after a crash starts over, and the schema version moves
/// only once this is done.
pub(in crate::store) fn build_plan_tree(trees: &Trees) -> Result<()> {
    trees.service_plan_by_due.clear()?;
    let mut batch = sled::Batch::default();
    for (n, (k, e)) in recompute(trees)?.into_iter().enumerate() {
        batch.insert(&disk_key(k), e.encode());
        if n % 1000 == 999 {
            trees
                .service_plan_by_due
                .apply_batch(std::mem::take(&mut batch))?;
        }
    }
    trees.service_plan_by_due.apply_batch(batch)?;
    Ok(())
}

impl Store {
    pub(in crate::store) fn plans(&self) -> Result<RwLockReadGuard<'_, PlanIndex>> {
        self.plans
            .read()
            .map_err(|_| CoreError::Storage("service plan index poisoned".into()))
    }

    pub(in crate::store) fn plans_mut(&self) -> Result<RwLockWriteGuard<'_, PlanIndex>> {
        self.plans
            .write()
            .map_err(|_| CoreError::Storage("service plan index poisoned".into()))
    }

    /// Puts a committed write's open plans of `customer` into memory. The fired markers are
    /// read under the lock, so a reminder marked fired meanwhile is not taken for unfired.
    pub(in crate::store) fn apply_plans(
        &self,
        customer: Ulid,
        open: Vec<(PlanKey, PlanEntry)>,
    ) -> Result<()> {
        if !self.in_memory {
            return Ok(());
        }
        let mut plans = self.plans_mut()?;
        let mut with_state = Vec::with_capacity(open.len());
        for (k, e) in open {
            let fired = self
                .trees
                .reminder_fired
                .contains_key(fired_key(k).as_bytes())?;
            with_state.push((k, e, fired));
        }
        plans.set_customer(customer, with_state);
        Ok(())
    }

    /// The tree against the records, and memory against the tree.
    pub(in crate::store) fn verify_plans(&self) -> Result<()> {
        let t = &self.trees;
        let want: BTreeMap<Vec<u8>, Vec<u8>> = recompute(t)?
            .into_iter()
            .map(|(k, e)| (disk_key(k).to_vec(), e.encode()))
            .collect();
        let mut have = BTreeMap::new();
        for item in t.service_plan_by_due.iter() {
            let (k, v) = item?;
            have.insert(k.to_vec(), v.to_vec());
        }
        if want != have {
            return Err(CoreError::Corrupt(
                "index service_plan_by_due differs from the records".into(),
            ));
        }
        if PlanIndex::build(t)?.snapshot() != self.plans()?.snapshot() {
            return Err(CoreError::Corrupt(
                "service plans in memory differ from service_plan_by_due".into(),
            ));
        }
        Ok(())
    }
}
