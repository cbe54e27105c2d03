//! The building blocks of a task write, inside one write transaction: the record, its two
//! index entries, and a team book's op. Every task write goes through [`TaskTx::put`].
//!
//! - `task_by_customer`: customer id ++ task id → `[stage, done]` (the board's "2/5" without
//!   decoding a record);
//! - `task_by_due`: due time ++ task id → customer id ++ fired flag ++ assignee (UTF-8), for
//!   open tasks only: the agenda's section and the reminders, filtered without a decode.
use crate::error::CoreError;
use crate::model::Task;
use crate::store::infra::codec::{encode, tx_get};
use crate::store::infra::keys::{id_bytes, pair, time_id, ID_LEN};
use crate::store::outbox::op::SyncTable;
use crate::store::outbox::OutboxTx;
use sled::transaction::{
    ConflictableTransactionError as Abort, ConflictableTransactionResult, TransactionalTree,
};
use ulid::Ulid;

type TxResult<T> = ConflictableTransactionResult<T, CoreError>;

/// The trees a task write touches.
pub(in crate::store) struct TaskTx<'a> {
    pub by_id: &'a TransactionalTree,
    pub by_customer: &'a TransactionalTree,
    pub by_due: &'a TransactionalTree,
    pub outbox: OutboxTx<'a>,
}

/// The `task_by_customer` value of a task.
pub(in crate::store) fn customer_entry(t: &Task) -> [u8; 2] {
    [t.stage as u8, u8::from(t.done_at.is_some())]
}

/// The `task_by_due` value of an open task, not yet reminded.
pub(in crate::store) fn due_entry(customer: Ulid, assignee: &str) -> Vec<u8> {
    let mut v = Vec::with_capacity(ID_LEN + 1 + assignee.len());
    v.extend_from_slice(&id_bytes(customer));
    v.push(0);
    v.extend_from_slice(assignee.as_bytes());
    v
}

/// A `task_by_due` value read back: customer, fired, assignee.
pub(in crate::store) fn parse_due_entry(v: &[u8]) -> Option<(Ulid, bool, &str)> {
    let id: [u8; ID_LEN] = v.get(..ID_LEN)?.try_into().ok()?;
    let fired = *v.get(ID_LEN)? != 0;
    let assignee = std::str::from_utf8(v.get(ID_LEN + 1..)?).ok()?;
    Some((Ulid(u128::from_be_bytes(id)), fired, assignee))
}

/// Fields a task's op leaves out (its id travels as the op's id).
const NOT_FIELDS: &[&str] = &["id"];

impl TaskTx<'_> {
    pub fn get(&self, id: Ulid) -> TxResult<Option<Task>> {
        tx_get(self.by_id, id)
    }

    /// Writes `new` over `old` (`None`: a new task) with its index entries. An open task whose
    /// due time is unchanged keeps its fired flag (a reminder shown is not shown again); a
    /// re-dated or reopened one reminds again at its time.
    pub fn put(&self, id: Ulid, customer: Ulid, old: Option<&Task>, new: &Task) -> TxResult<()> {
        self.by_id
            .insert(&id_bytes(id), encode(new).map_err(Abort::Abort)?)?;
        self.by_customer
            .insert(&pair(customer, id), &customer_entry(new)[..])?;
        let was_open = old.filter(|o| o.done_at.is_none());
        if let Some(o) = was_open {
            let key = time_id(o.due, id);
            let fired = self
                .by_due
                .remove(&key)?
                .and_then(|v| v.get(ID_LEN).copied());
            if new.done_at.is_none() {
                let mut v = due_entry(customer, &new.assignee);
                // Same due time: a reminder already shown stays shown (a reassignment).
                if o.due == new.due {
                    v[ID_LEN] = fired.unwrap_or(0);
                }
                self.by_due.insert(&time_id(new.due, id), v)?;
            }
        } else if new.done_at.is_none() {
            self.by_due
                .insert(&time_id(new.due, id), due_entry(customer, &new.assignee))?;
        }
        self.outbox.upsert(
            SyncTable::Tasks,
            id.to_string(),
            Some(customer),
            old,
            new,
            NOT_FIELDS,
        )
    }

    /// Sets the fired flag of an open task's due entry (nothing when it was ticked or
    /// re-dated meanwhile: its key is gone).
    pub fn mark_fired(&self, key: &[u8]) -> TxResult<()> {
        if let Some(v) = self.by_due.get(key)? {
            let mut v = v.to_vec();
            if let Some(f) = v.get_mut(ID_LEN) {
                *f = 1;
            }
            self.by_due.insert(key, v)?;
        }
        Ok(())
    }

    /// Removes a task and its entries (the customer purged).
    pub fn remove(&self, t: &Task, id: Ulid, customer: Ulid) -> TxResult<()> {
        self.by_id.remove(&id_bytes(id))?;
        self.by_customer.remove(&pair(customer, id))?;
        if t.done_at.is_none() {
            self.by_due.remove(&time_id(t.due, id))?;
        }
        self.outbox.gone(
            SyncTable::Tasks,
            id.to_string(),
            crate::store::outbox::Gone::Purged,
        )
    }
}
