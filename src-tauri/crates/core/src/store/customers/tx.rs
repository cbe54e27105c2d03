//! The building blocks of a customer write transaction: the customer trees, and the ops a
//! team book's outbox takes for every customer written or removed.
use super::row::RowRecord;
use crate::error::CoreError;
use crate::model::Customer;
use crate::store::followups::contact_times;
use crate::store::infra::codec::{encode_customer, tx_get};
use crate::store::infra::keys::{id_bytes, time_id};
use crate::store::infra::touched::Touched;
use crate::store::outbox::op::{OpKind, SyncTable};
use crate::store::outbox::{Gone, OutboxTx};
use sled::transaction::{
    ConflictableTransactionError as Abort, ConflictableTransactionResult, TransactionalTree,
};
use ulid::Ulid;

type TxResult<T> = ConflictableTransactionResult<T, CoreError>;

/// The trees a customer write touches, inside one transaction.
pub(in crate::store) struct CustomerTx<'a> {
    pub by_id: &'a TransactionalTree,
    pub row_by_id: &'a TransactionalTree,
    pub by_deleted_at: &'a TransactionalTree,
    /// `followup_time_by_customer`: the last contact its row carries
    pub times: &'a TransactionalTree,
    pub touched: &'a Touched,
    pub outbox: OutboxTx<'a>,
}

/// What a customer's op leaves out of its fields: its id, and what travels as ops of their
/// own (the trash as delete / restore, each tag as a `customer_tags` link).
const NOT_FIELDS: &[&str] = &["id", "tagIds", "deletedAt"];

/// The id of a customer's tag link on the team server.
fn tag_link(customer: Ulid, tag: &str) -> String {
    format!("{customer}/{tag}")
}

impl CustomerTx<'_> {
    pub fn get(&self, id: Ulid) -> ConflictableTransactionResult<Option<Customer>, CoreError> {
        tx_get(self.by_id, id)
    }

    /// Writes `new` and moves its index entries from what `old` had to what `new` has.
    pub fn put(
        &self,
        id: Ulid,
        old: Option<&Customer>,
        new: &Customer,
    ) -> ConflictableTransactionResult<(), CoreError> {
        self.touched.add(id);
        let old_deleted = old.and_then(|c| c.deleted_at);
        if old_deleted != new.deleted_at {
            if let Some(t) = old_deleted {
                self.by_deleted_at.remove(&time_id(t, id))?;
            }
            if let Some(t) = new.deleted_at {
                self.by_deleted_at.insert(&time_id(t, id), &[])?;
            }
        }
        let record = encode_customer(new).map_err(Abort::Abort)?;
        self.by_id.insert(&id_bytes(id), record)?;
        let last = contact_times::last_in(self.times, id)?;
        let row = RowRecord::of(new).stored(last).map_err(Abort::Abort)?;
        self.row_by_id.insert(&id_bytes(id), row)?;
        if self.outbox.on() {
            self.ops(id, old, new)?;
        }
        Ok(())
    }

    /// A team book's ops for a customer written over `old`: its changed fields, its trash
    /// state, the tags it gained (linked, and restored in case a removal reached the server
    /// first) and lost.
    fn ops(&self, id: Ulid, old: Option<&Customer>, new: &Customer) -> TxResult<()> {
        let o = &self.outbox;
        o.upsert(
            SyncTable::Customers,
            id.to_string(),
            None,
            old,
            new,
            NOT_FIELDS,
        )?;
        match (old.and_then(|c| c.deleted_at), new.deleted_at) {
            (None, Some(_)) => o.push(SyncTable::Customers, id.to_string(), OpKind::Delete)?,
            (Some(_), None) => o.push(SyncTable::Customers, id.to_string(), OpKind::Restore)?,
            _ => {}
        }
        let before: &[String] = old.map(|c| c.tag_ids.as_slice()).unwrap_or_default();
        for tag in new.tag_ids.iter().filter(|t| !before.contains(t)) {
            let link = OpKind::Upsert {
                customer_id: Some(id.to_string()),
                fields: serde_json::Map::new(),
                base: None,
            };
            o.push(SyncTable::CustomerTags, tag_link(id, tag), link)?;
            if old.is_some() {
                o.push(SyncTable::CustomerTags, tag_link(id, tag), OpKind::Restore)?;
            }
        }
        for tag in before.iter().filter(|t| !new.tag_ids.contains(t)) {
            o.unlink(tag_link(id, tag))?;
        }
        Ok(())
    }

    /// Removes the record and every index entry pointing at it (its follow-ups, history and
    /// records go first, so the team server never holds them without their customer).
    pub fn purge(&self, id: Ulid, old: &Customer, gone: Gone) -> TxResult<()> {
        self.touched.add(id);
        if let Some(t) = old.deleted_at {
            self.by_deleted_at.remove(&time_id(t, id))?;
        }
        self.by_id.remove(&id_bytes(id))?;
        self.row_by_id.remove(&id_bytes(id))?;
        if self.outbox.on() {
            for tag in &old.tag_ids {
                self.outbox
                    .gone(SyncTable::CustomerTags, tag_link(id, tag), gone)?;
            }
            self.outbox
                .gone(SyncTable::Customers, id.to_string(), gone)?;
        }
        Ok(())
    }
}
