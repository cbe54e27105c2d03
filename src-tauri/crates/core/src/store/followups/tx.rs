//! The building blocks of a follow-up write transaction: the follow-up trees, the due-index
//! changes to apply to memory after commit, and the customer move a follow-up can carry.
use super::due::{disk_key, due_key, DueKey, DueRecord};
use crate::error::{CoreError, Entity, Result};
use crate::model::{Customer, FollowUp};
use crate::store::followups::contact_times;
use crate::store::history;
use crate::store::infra::codec::{encode, tx_get};
use crate::store::infra::keys::{id_bytes, pair};
use crate::store::infra::touched::Touched;
use crate::store::infra::tx::Tx;
use crate::store::outbox::op::SyncTable;
use crate::store::outbox::{Gone, OutboxTx};
use crate::validate::ValidFollowUp;
use chrono::{DateTime, Utc};
use sled::transaction::{
    ConflictableTransactionError as Abort, ConflictableTransactionResult, TransactionalTree,
};
use ulid::Ulid;

/// A follow-up id that names no follow-up.
pub(in crate::store) fn not_found(id: Ulid) -> CoreError {
    CoreError::NotFound {
        entity: Entity::FollowUp,
        id: id.to_string(),
    }
}

fn customer_not_found(id: Ulid) -> CoreError {
    CoreError::NotFound {
        entity: Entity::Customer,
        id: id.to_string(),
    }
}

pub(in crate::store) type TxResult<T> = ConflictableTransactionResult<T, CoreError>;

/// What a transaction changed in the due index, applied to memory after it commits.
#[derive(Default)]
pub(in crate::store) struct DueChanges {
    pub removed: Vec<DueKey>,
    pub added: Vec<(DueKey, DueRecord)>,
    /// Customers whose last contact changed, with the new one (in order: the last wins).
    pub contacts: Vec<(Ulid, Option<i64>)>,
}

/// The follow-up trees inside one transaction.
pub(in crate::store) struct FollowUpTx<'a> {
    pub by_id: &'a TransactionalTree,
    pub by_customer: &'a TransactionalTree,
    pub by_due: &'a TransactionalTree,
    /// `followup_time_by_customer`
    pub times: &'a TransactionalTree,
    /// `customer_row_by_id`, whose rows carry the last contact
    pub rows: &'a TransactionalTree,
    pub touched: &'a Touched,
    pub outbox: OutboxTx<'a>,
}

/// What a follow-up's op leaves out of its fields: they travel as the op's id and customer.
const NOT_FIELDS: &[&str] = &["id", "customerId"];

impl FollowUpTx<'_> {
    pub fn get(&self, id: Ulid) -> TxResult<Option<FollowUp>> {
        tx_get(self.by_id, id)
    }

    /// Writes `new` and moves its due entry. A due entry whose time is unchanged keeps its
    /// fired state (editing a note does not remind again); a new due time is reminded anew.
    pub fn put(
        &self,
        id: Ulid,
        customer: Ulid,
        old: Option<&FollowUp>,
        new: &FollowUp,
        changes: &mut DueChanges,
    ) -> TxResult<()> {
        self.touched.add(customer);
        let old_key = old.and_then(|f| f.due()).map(|t| due_key(t, id));
        let new_key = new.due().map(|t| due_key(t, id));
        let mut fired = false;
        if let Some(k) = old_key {
            if let Some(v) = self.by_due.remove(&disk_key(k))? {
                fired = Some(k) == new_key && DueRecord::decode(&v).map_err(Abort::Abort)?.fired;
            }
            changes.removed.push(k);
        }
        if let Some(k) = new_key {
            let rec = DueRecord::of(new, customer, fired);
            self.by_due
                .insert(&disk_key(k), rec.encode().map_err(Abort::Abort)?)?;
            changes.added.push((k, rec));
        }
        if old.is_none() {
            self.by_customer.insert(&pair(customer, id), &[])?;
        }
        let (was, is) = (
            old.map(|f| f.at.timestamp_micros()),
            new.at.timestamp_micros(),
        );
        if was != Some(is) {
            let last = contact_times::replace(self.times, self.rows, customer, was, Some(is))?;
            changes.contacts.push((customer, last));
        }
        self.by_id
            .insert(&id_bytes(id), encode(new).map_err(Abort::Abort)?)?;
        let table = SyncTable::Followups;
        self.outbox
            .upsert(table, id.to_string(), Some(customer), old, new, NOT_FIELDS)
    }

    /// Removes a follow-up: deleted (or its import undone), or purged with its customer.
    pub fn remove(
        &self,
        id: Ulid,
        customer: Ulid,
        old: &FollowUp,
        changes: &mut DueChanges,
        gone: Gone,
    ) -> TxResult<()> {
        self.touched.add(customer);
        if let Some(t) = old.due() {
            let k = due_key(t, id);
            self.by_due.remove(&disk_key(k))?;
            changes.removed.push(k);
        }
        self.by_customer.remove(&pair(customer, id))?;
        self.by_id.remove(&id_bytes(id))?;
        let at = old.at.timestamp_micros();
        let last = contact_times::replace(self.times, self.rows, customer, Some(at), None)?;
        changes.contacts.push((customer, last));
        self.outbox.gone(SyncTable::Followups, id.to_string(), gone)
    }

    /// Marks the reminder of an open follow-up as shown, keeping everything else.
    pub fn mark_fired(&self, k: DueKey, changes: &mut DueChanges) -> TxResult<()> {
        if let Some(v) = self.by_due.get(disk_key(k))? {
            let mut rec = DueRecord::decode(&v).map_err(Abort::Abort)?;
            rec.fired = true;
            self.by_due
                .insert(&disk_key(k), rec.encode().map_err(Abort::Abort)?)?;
            changes.added.push((k, rec));
        }
        Ok(())
    }
}

/// Builds the stored follow-up from a checked input.
pub(in crate::store) fn record(
    id: Ulid,
    customer: Ulid,
    v: &ValidFollowUp,
    created_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> FollowUp {
    let i = &v.input;
    FollowUp {
        id: id.to_string(),
        customer_id: customer.to_string(),
        at: i.at,
        method: v.method,
        by: i.by.clone(),
        topic: i.topic.clone(),
        content: i.content.clone(),
        feedback: i.feedback.clone(),
        result: i.result.clone(),
        next_action: i.next_action.clone(),
        next_at: i.next_at,
        next_by: i.next_by.clone(),
        priority: v.priority,
        contact: i.contact.clone(),
        done: i.done,
        created_at,
        updated_at: now,
    }
}

/// Applies the stage / category change a follow-up carries to its customer, recording it as
/// made by `by`.
pub(in crate::store) fn move_customer(
    tx: &Tx,
    cid: Ulid,
    customer: &Customer,
    v: &ValidFollowUp,
    fid: Ulid,
    now: DateTime<Utc>,
    by: &str,
) -> TxResult<Option<Customer>> {
    let mut fields = customer.fields.clone();
    if let Some(stage) = v.input.stage {
        fields.stage = stage;
        fields.lost_reason = v.input.lost_reason.clone();
    }
    if let Some(category) = v.input.category {
        fields.category = Some(category);
    }
    let changes = history::changes(&customer.fields, &fields);
    if changes.is_empty() {
        return Ok(None);
    }
    let new = Customer {
        fields,
        updated_at: now.max(customer.created_at),
        ..customer.clone()
    };
    tx.customers.put(cid, Some(customer), &new)?;
    history::record(&tx.history, cid, now, changes, Some(fid), by)?;
    Ok(Some(new))
}

/// A live customer inside a transaction, or "not found".
pub(in crate::store) fn live_customer(tx: &Tx, cid: Ulid) -> TxResult<Customer> {
    match tx.customers.get(cid)? {
        Some(c) if c.deleted_at.is_none() => Ok(c),
        _ => Err(Abort::Abort(customer_not_found(cid))),
    }
}

pub(in crate::store) fn check<T>(r: Result<T>) -> TxResult<T> {
    r.map_err(Abort::Abort)
}
