//! The building blocks of a record write transaction (opportunities, deals, service records):
//! their trees, their keys, and the stored records built from checked inputs.
//!
//! Key layouts (ids are 16 big-endian bytes, see `keys`):
//! - `opportunity_by_id`, `deal_by_id`, `service_by_id`: id → record (JSON)
//! - `opportunity_by_customer`, `deal_by_customer`, `service_by_customer`: customer id ++ id → ()
//! - `deal_by_date`: day (4 bytes) ++ deal id → amount in cents (i64 BE) ++ customer id, where
//!   the day is `NaiveDate::num_days_from_ce` as an i32 with its sign bit flipped, big-endian,
//!   so a range scan walks the deals in date order.
use super::complaint_index::open_entry;
use crate::error::{CoreError, Entity};
use crate::model::{Deal, Opportunity, OpportunityInput, ServiceInput, ServiceRecord};
use crate::store::followups::tx::TxResult;
use crate::store::infra::codec::{decode, encode, tx_get};
use crate::store::infra::keys::{id_bytes, pair, ID_LEN};
use crate::store::infra::touched::Touched;
use crate::store::outbox::op::SyncTable;
use crate::store::outbox::{Gone, OutboxTx};
use crate::validate::ValidDeal;
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{de::DeserializeOwned, Serialize};
use sled::transaction::{ConflictableTransactionError as Abort, TransactionalTree};
use ulid::Ulid;

pub(in crate::store) fn not_found(entity: Entity, id: Ulid) -> CoreError {
    CoreError::NotFound {
        entity,
        id: id.to_string(),
    }
}

/// A date as 4 bytes that sort like the dates.
pub(in crate::store) fn date_bytes(date: NaiveDate) -> [u8; 4] {
    ((date.num_days_from_ce() as u32) ^ (1 << 31)).to_be_bytes()
}

/// The `deal_by_date` key: `date ++ deal id`.
pub(in crate::store) fn date_id(date: NaiveDate, id: Ulid) -> [u8; 4 + ID_LEN] {
    let mut k = [0u8; 4 + ID_LEN];
    k[..4].copy_from_slice(&date_bytes(date));
    k[4..].copy_from_slice(&id_bytes(id));
    k
}

/// The `deal_by_date` value: `amount (i64 BE) ++ customer id ++ salesperson (UTF-8)`, all the
/// dashboard reads of a deal.
pub(in crate::store) fn deal_date_value(amount: i64, customer: Ulid, salesperson: &str) -> Vec<u8> {
    let mut v = Vec::with_capacity(8 + ID_LEN + salesperson.len());
    v.extend_from_slice(&amount.to_be_bytes());
    v.extend_from_slice(&id_bytes(customer));
    v.extend_from_slice(salesperson.as_bytes());
    v
}

/// The ids of everything a customer owns in the record trees (read before a purge).
#[derive(Debug, Default)]
pub(in crate::store) struct OwnedRecords {
    pub opportunities: Vec<Ulid>,
    pub deals: Vec<Ulid>,
    pub services: Vec<Ulid>,
}

/// The record trees inside one transaction.
pub(in crate::store) struct RecordTx<'a> {
    pub opportunity_by_id: &'a TransactionalTree,
    pub opportunity_by_customer: &'a TransactionalTree,
    pub deal_by_id: &'a TransactionalTree,
    pub deal_by_customer: &'a TransactionalTree,
    pub deal_by_date: &'a TransactionalTree,
    pub service_by_id: &'a TransactionalTree,
    pub service_by_customer: &'a TransactionalTree,
    /// Open service plans (see `plan_index`); kept by `service_plans::write_service`.
    pub service_plan_by_due: &'a TransactionalTree,
    /// Unresolved complaints (see `complaint_index`).
    pub open_complaint_by_id: &'a TransactionalTree,
    pub touched: &'a Touched,
    pub outbox: OutboxTx<'a>,
}

/// What a record's op leaves out of its fields: they travel as the op's id and customer.
const NOT_FIELDS: &[&str] = &["id", "customerId"];

/// A team book's op for a record written over `old` (the value its tree held).
fn upsert<T: Serialize + DeserializeOwned>(
    outbox: &OutboxTx,
    table: SyncTable,
    id: Ulid,
    customer: Ulid,
    old: Option<sled::IVec>,
    new: &T,
) -> TxResult<()> {
    if !outbox.on() {
        return Ok(());
    }
    let old: Option<T> = old.map(|v| decode(&v)).transpose().map_err(Abort::Abort)?;
    outbox.upsert(
        table,
        id.to_string(),
        Some(customer),
        old.as_ref(),
        new,
        NOT_FIELDS,
    )
}

/// A team book's op for a record removed (`removed`: what its tree held).
fn gone(
    outbox: &OutboxTx,
    table: SyncTable,
    id: Ulid,
    removed: Option<sled::IVec>,
    how: Gone,
) -> TxResult<()> {
    match removed {
        Some(_) => outbox.gone(table, id.to_string(), how),
        None => Ok(()),
    }
}

impl RecordTx<'_> {
    pub fn opportunity(&self, id: Ulid) -> TxResult<Option<Opportunity>> {
        tx_get(self.opportunity_by_id, id)
    }

    pub fn deal(&self, id: Ulid) -> TxResult<Option<Deal>> {
        tx_get(self.deal_by_id, id)
    }

    pub fn service(&self, id: Ulid) -> TxResult<Option<ServiceRecord>> {
        tx_get(self.service_by_id, id)
    }

    pub fn put_opportunity(&self, id: Ulid, customer: Ulid, new: &Opportunity) -> TxResult<()> {
        self.touched.add(customer);
        self.opportunity_by_customer
            .insert(&pair(customer, id), &[])?;
        let old = self
            .opportunity_by_id
            .insert(&id_bytes(id), encode(new).map_err(Abort::Abort)?)?;
        upsert(
            &self.outbox,
            SyncTable::Opportunities,
            id,
            customer,
            old,
            new,
        )
    }

    pub fn remove_opportunity(&self, id: Ulid, customer: Ulid, how: Gone) -> TxResult<()> {
        self.touched.add(customer);
        self.opportunity_by_customer.remove(&pair(customer, id))?;
        let removed = self.opportunity_by_id.remove(&id_bytes(id))?;
        gone(&self.outbox, SyncTable::Opportunities, id, removed, how)
    }

    /// Writes `new` and moves its date entry from where `old` had it.
    pub fn put_deal(
        &self,
        id: Ulid,
        customer: Ulid,
        old: Option<&Deal>,
        new: &Deal,
    ) -> TxResult<()> {
        self.touched.add(customer);
        if let Some(old) = old {
            self.deal_by_date.remove(&date_id(old.date, id))?;
        }
        self.deal_by_date.insert(
            &date_id(new.date, id),
            deal_date_value(new.amount, customer, &new.salesperson),
        )?;
        self.deal_by_customer.insert(&pair(customer, id), &[])?;
        let was = self
            .deal_by_id
            .insert(&id_bytes(id), encode(new).map_err(Abort::Abort)?)?;
        upsert(&self.outbox, SyncTable::Deals, id, customer, was, new)
    }

    pub fn remove_deal(&self, id: Ulid, customer: Ulid, old: &Deal, how: Gone) -> TxResult<()> {
        self.touched.add(customer);
        self.deal_by_date.remove(&date_id(old.date, id))?;
        self.deal_by_customer.remove(&pair(customer, id))?;
        let removed = self.deal_by_id.remove(&id_bytes(id))?;
        gone(&self.outbox, SyncTable::Deals, id, removed, how)
    }

    pub fn put_service(&self, id: Ulid, customer: Ulid, new: &ServiceRecord) -> TxResult<()> {
        self.touched.add(customer);
        self.service_by_customer.insert(&pair(customer, id), &[])?;
        match open_entry(new) {
            Some(e) => {
                let v = encode(&e).map_err(Abort::Abort)?;
                self.open_complaint_by_id.insert(&id_bytes(id), v)?;
            }
            None => {
                self.open_complaint_by_id.remove(&id_bytes(id))?;
            }
        }
        let old = self
            .service_by_id
            .insert(&id_bytes(id), encode(new).map_err(Abort::Abort)?)?;
        upsert(&self.outbox, SyncTable::Services, id, customer, old, new)
    }

    pub fn remove_service(&self, id: Ulid, customer: Ulid, how: Gone) -> TxResult<()> {
        self.touched.add(customer);
        self.service_by_customer.remove(&pair(customer, id))?;
        self.open_complaint_by_id.remove(&id_bytes(id))?;
        let removed = self.service_by_id.remove(&id_bytes(id))?;
        gone(&self.outbox, SyncTable::Services, id, removed, how)
    }

    /// Removes everything a removed customer owned (ids read under the writer lock).
    pub fn purge_customer(&self, customer: Ulid, owned: &OwnedRecords, how: Gone) -> TxResult<()> {
        for id in &owned.opportunities {
            self.remove_opportunity(*id, customer, how)?;
        }
        for id in &owned.deals {
            if let Some(old) = self.deal(*id)? {
                self.remove_deal(*id, customer, &old, how)?;
            }
        }
        for id in &owned.services {
            if let Some(old) = self.service(*id)? {
                self.remove_plan(*id, &old)?;
            }
            self.remove_service(*id, customer, how)?;
        }
        Ok(())
    }
}

pub(in crate::store) fn opportunity_record(
    id: Ulid,
    customer: Ulid,
    i: &OpportunityInput,
    created_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Opportunity {
    Opportunity {
        id: id.to_string(),
        customer_id: customer.to_string(),
        source: i.source.clone(),
        need: i.need.clone(),
        budget_note: i.budget_note.clone(),
        intent: i.intent.clone(),
        stage: i.stage,
        expected_close: i.expected_close,
        expected_amount: i.expected_amount,
        product: i.product.clone(),
        created_at,
        updated_at: now,
    }
}

pub(in crate::store) fn deal_record(
    id: Ulid,
    customer: Ulid,
    v: &ValidDeal,
    opportunity: Option<Ulid>,
    created_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Deal {
    let i = &v.input;
    Deal {
        id: id.to_string(),
        customer_id: customer.to_string(),
        date: i.date,
        amount: i.amount,
        product_or_service: i.product_or_service.clone(),
        payment_method: v.payment_method,
        salesperson: i.salesperson.clone(),
        notes: i.notes.clone(),
        opportunity_id: opportunity.map(|o| o.to_string()),
        created_at,
        updated_at: now,
        conflict: None,
    }
}

pub(in crate::store) fn service_record(
    id: Ulid,
    customer: Ulid,
    i: &ServiceInput,
    created_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<ServiceRecord, CoreError> {
    Ok(ServiceRecord {
        id: id.to_string(),
        customer_id: customer.to_string(),
        date: i.date,
        request: i.request.clone(),
        problem: i.problem.clone(),
        solution: i.solution.clone(),
        result: i.result.clone(),
        satisfaction: i.satisfaction,
        next_plan: i.next_plan.clone(),
        next_plan_at: i.next_plan_at,
        complaint: crate::validate::complaint(i.complaint.as_ref())?,
        created_at,
        updated_at: now,
    })
}
