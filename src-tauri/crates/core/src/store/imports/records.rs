//! The opportunities, deals and after-sales records an import brings (from a sheet's money
//! columns), written with their index entries like the record forms write them: those of a
//! merged customer in the chunk's transaction with a journal item each (undo removes them),
//! those of new customers in one transaction after the chunk's customers landed (undo removes
//! them with their customer). The open service plans follow in memory after each commit.
use super::chunk::ChunkTx;
use super::journal::ImportItem;
use crate::error::{CoreError, Result};
use crate::import::plan::PlannedRecords;
use crate::model::Deal;
use crate::store::followups::tx::{check, TxResult};
use crate::store::infra::keys::id_bytes;
use crate::store::infra::tx::Tx;
use crate::store::outbox::Gone;
use crate::store::records::ids_of;
use crate::store::records::plan_index::{PlanEntry, PlanKey};
use crate::store::records::tx::{deal_record, opportunity_record, service_record};
use crate::store::Store;
use crate::validate;
use chrono::{DateTime, Utc};
use sled::transaction::ConflictableTransactionError as Abort;
use ulid::Ulid;

/// Ids of one customer's imported records, chosen before the transaction (its closure may
/// run again), and the services the customer had before (for its plan index).
#[derive(Debug, Default)]
pub(in crate::store) struct RecordIds {
    pub opportunities: Vec<Ulid>,
    pub deals: Vec<Ulid>,
    pub services: Vec<Ulid>,
    pub services_before: Vec<Ulid>,
}

/// A customer's open service plans after a write.
pub(in crate::store) type CustomerPlans = (Ulid, Vec<(PlanKey, PlanEntry)>);

/// What writing records did: how many, and the open plans of customers whose services changed.
#[derive(Debug, Default)]
pub(in crate::store) struct RecordsDone {
    pub opportunities: u32,
    pub deals: u32,
    pub services: u32,
    pub plans: Vec<CustomerPlans>,
    /// The products the written deals and opportunities name (for the product list).
    pub products: Vec<String>,
}

impl RecordsDone {
    pub fn add(&mut self, other: RecordsDone) {
        self.opportunities += other.opportunities;
        self.deals += other.deals;
        self.services += other.services;
        self.plans.extend(other.plans);
        self.products.extend(other.products);
    }
}

fn next_id(gen: &mut ulid::Generator) -> Result<Ulid> {
    gen.generate()
        .map_err(|e| CoreError::Storage(format!("no id left this millisecond: {e}")))
}

impl RecordIds {
    /// Fresh ids for `records`; `before` are the customer's services in the book.
    pub fn new(
        records: &PlannedRecords,
        before: Vec<Ulid>,
        gen: &mut ulid::Generator,
    ) -> Result<RecordIds> {
        let mut ids = |n: usize| (0..n).map(|_| next_id(gen)).collect::<Result<Vec<_>>>();
        Ok(RecordIds {
            opportunities: ids(records.opportunities.len())?,
            deals: ids(records.deals.len())?,
            services: ids(records.services.len())?,
            services_before: before,
        })
    }
}

/// Writes `records` of customer `cid` inside `tx`; `journal` is called with the item of each
/// record (for a merged customer's undo).
fn put_records(
    tx: &Tx,
    cid: Ulid,
    records: &PlannedRecords,
    ids: &RecordIds,
    now: DateTime<Utc>,
    journal: &mut dyn FnMut(ImportItem) -> TxResult<()>,
) -> TxResult<RecordsDone> {
    let mut done = RecordsDone::default();
    for (input, id) in records.opportunities.iter().zip(&ids.opportunities) {
        let input = check(validate::opportunity(input.clone()))?;
        let o = opportunity_record(*id, cid, &input, now, now);
        tx.records.put_opportunity(*id, cid, &o)?;
        if !o.product.is_empty() {
            done.products.push(o.product);
        }
        journal(ImportItem::AddedOpportunity { id: id.to_string() })?;
        done.opportunities += 1;
    }
    for (input, id) in records.deals.iter().zip(&ids.deals) {
        let v = check(validate::deal(input.clone()))?;
        let d = deal_record(*id, cid, &v, None, now, now);
        tx.records.put_deal(*id, cid, None, &d)?;
        done.products.push(d.product_or_service);
        journal(ImportItem::AddedDeal { id: id.to_string() })?;
        done.deals += 1;
    }
    let mut siblings = ids.services_before.clone();
    let mut plans = None;
    for (input, id) in records.services.iter().zip(&ids.services) {
        let input = check(validate::service(input.clone()))?;
        let s = check(service_record(*id, cid, &input, now, now))?;
        plans = Some(tx.records.write_service(cid, &siblings, *id, Some(&s))?);
        siblings.push(*id);
        journal(ImportItem::AddedService { id: id.to_string() })?;
        done.services += 1;
    }
    done.plans.extend(plans.map(|p| (cid, p)));
    Ok(done)
}

impl ChunkTx<'_, '_> {
    /// The records of a customer this chunk added (`journal` false: undo removes them with
    /// the customer) or merged into (`journal` true).
    pub fn add_records(
        &mut self,
        cid: Ulid,
        records: &PlannedRecords,
        ids: &RecordIds,
        journal: bool,
    ) -> TxResult<()> {
        if records.is_empty() {
            return Ok(());
        }
        let (tx, import, now) = (self.tx, self.import, self.now);
        let seq = &mut self.done.seq;
        let mut write = |item: ImportItem| match journal {
            true => super::journal::put_item(tx.import_item, import, seq, &item),
            false => Ok(()),
        };
        let done = put_records(tx, cid, records, ids, now, &mut write)?;
        self.done.records.add(done);
        Ok(())
    }
}

impl Store {
    /// The records of a chunk's new customers (`(customer id, records, ids)`), in one
    /// transaction; their plans follow in memory. Call under the writer lock.
    pub(in crate::store) fn write_new_records(
        &self,
        list: &[(Ulid, &PlannedRecords, RecordIds)],
        now: DateTime<Utc>,
    ) -> Result<RecordsDone> {
        if list.is_empty() {
            return Ok(RecordsDone::default());
        }
        let done = self.trees.write(|tx| {
            let mut all = RecordsDone::default();
            for (cid, records, ids) in list {
                // A customer that did not land cannot take records (its chunk failed first).
                if tx.customers.get(*cid)?.is_none() {
                    return Err(Abort::Abort(CoreError::Storage(format!(
                        "imported customer {cid} missing"
                    ))));
                }
                all.add(put_records(tx, *cid, records, ids, now, &mut |_| Ok(()))?);
            }
            Ok(all)
        })?;
        self.apply_record_plans(&done)?;
        Ok(done)
    }

    /// Memory follows the service plans a write left open.
    pub(in crate::store) fn apply_record_plans(&self, done: &RecordsDone) -> Result<()> {
        for (cid, plans) in &done.plans {
            self.apply_plans(*cid, plans.clone())?;
        }
        Ok(())
    }

    /// The services of `cid` now (read under the writer lock, before a transaction).
    pub(in crate::store) fn service_ids(&self, cid: Ulid) -> Result<Vec<Ulid>> {
        ids_of(&self.trees.service_by_customer, cid)
    }

    /// The customer and sibling ids an undo of imported records needs before its
    /// transaction: for a service its customer's services, for an opportunity its
    /// customer's deals (unlinked from it when it goes).
    pub(in crate::store) fn record_undo_context(&self, item: &ImportItem) -> Result<Vec<Ulid>> {
        let t = &self.trees;
        let owner = |tree: &sled::Tree, id: &str| -> Result<Option<Ulid>> {
            let Ok(id) = Ulid::from_string(id) else {
                return Ok(None);
            };
            let Some(v) = tree.get(id_bytes(id))? else {
                return Ok(None);
            };
            let value: serde_json::Value = crate::store::infra::codec::decode(&v)?;
            let cid = value
                .get("customerId")
                .and_then(|c| c.as_str())
                .and_then(|c| Ulid::from_string(c).ok());
            Ok(cid)
        };
        Ok(match item {
            ImportItem::AddedService { id } => match owner(&t.service_by_id, id)? {
                Some(cid) => ids_of(&t.service_by_customer, cid)?,
                None => Vec::new(),
            },
            ImportItem::AddedOpportunity { id } => match owner(&t.opportunity_by_id, id)? {
                Some(cid) => ids_of(&t.deal_by_customer, cid)?,
                None => Vec::new(),
            },
            _ => Vec::new(),
        })
    }
}

/// Undoes one imported record inside `tx` (`siblings` from `record_undo_context`); the open
/// plans of its customer when it was a service.
pub(in crate::store) fn undo_record(
    tx: &Tx,
    item: &ImportItem,
    siblings: &[Ulid],
    now: DateTime<Utc>,
) -> TxResult<Option<CustomerPlans>> {
    let parse = |id: &str| check(crate::store::infra::keys::parse_id("id", id));
    let customer = |id: &str| check(crate::store::infra::keys::parse_id("customerId", id));
    match item {
        ImportItem::AddedOpportunity { id } => {
            let oid = parse(id)?;
            let Some(o) = tx.records.opportunity(oid)? else {
                return Ok(None);
            };
            let cid = customer(&o.customer_id)?;
            for did in siblings {
                let Some(d) = tx.records.deal(*did)? else {
                    continue;
                };
                if d.opportunity_id.as_deref() == Some(id.as_str()) {
                    let unlinked = Deal {
                        opportunity_id: None,
                        updated_at: now.max(d.created_at),
                        ..d.clone()
                    };
                    tx.records.put_deal(*did, cid, Some(&d), &unlinked)?;
                }
            }
            tx.records.remove_opportunity(oid, cid, Gone::Deleted)?;
            Ok(None)
        }
        ImportItem::AddedDeal { id } => {
            let did = parse(id)?;
            if let Some(d) = tx.records.deal(did)? {
                tx.records
                    .remove_deal(did, customer(&d.customer_id)?, &d, Gone::Deleted)?;
            }
            Ok(None)
        }
        ImportItem::AddedService { id } => {
            let sid = parse(id)?;
            let Some(s) = tx.records.service(sid)? else {
                return Ok(None);
            };
            let cid = customer(&s.customer_id)?;
            let plans = tx.records.write_service(cid, siblings, sid, None)?;
            Ok(Some((cid, plans)))
        }
        _ => Ok(None),
    }
}
