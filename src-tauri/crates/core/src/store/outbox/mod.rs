//! The outbox of a team book: every local write of a replicated record appends its operations
//! to the `outbox` tree in the same transaction as the write, so a record and its op are
//! saved together or not at all. The per-record-type write modules (`customers`, `followups`,
//! `records`, `tags`, `history`, `settings`) call [`OutboxTx`]; the sync engine reads with
//! [`Store::outbox_pending`] and removes what the server took with [`Store::outbox_ack`].
//! A personal book (the flag off) has no outbox tree in its transactions and pays nothing.
mod join;
mod join_tags;
pub(in crate::store) mod op;
pub(in crate::store) mod read;
pub(in crate::store) mod refused;
mod share;

use crate::error::CoreError;
use crate::store::infra::codec::encode;
use crate::store::infra::keys::{id_bytes, ID_LEN};
use op::{diff, OpKind, OutboxOp, SyncTable};
use serde::Serialize;
use sled::transaction::{
    ConflictableTransactionError as Abort, ConflictableTransactionResult, TransactionalTree,
};
use ulid::Ulid;

type TxResult<T> = ConflictableTransactionResult<T, CoreError>;

/// The key of an op: its sequence number (sled's id generator, big-endian: the order ops were
/// written in) ++ its op id, so an ack finds an op by its key alone.
pub(in crate::store) fn key(seq: u64, op_id: Ulid) -> [u8; 8 + ID_LEN] {
    let mut k = [0u8; 8 + ID_LEN];
    k[..8].copy_from_slice(&seq.to_be_bytes());
    k[8..].copy_from_slice(&id_bytes(op_id));
    k
}

fn json<T: Serialize>(value: &T) -> TxResult<serde_json::Value> {
    serde_json::to_value(value)
        .map_err(|e| Abort::Abort(CoreError::Storage(format!("encoding an op: {e}"))))
}

/// Why a record left the book: deleted (or an import undone), which the team keeps as a
/// tombstone, or purged for good (emptying the trash, a manager's right on the server).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(in crate::store) enum Gone {
    Deleted,
    Purged,
}

/// The outbox inside one write transaction: `None` in a personal book.
#[derive(Clone, Copy)]
pub(in crate::store) struct OutboxTx<'a> {
    pub tree: Option<&'a TransactionalTree>,
    /// The book's `meta` (its pull cursor, which a tag link's delete carries).
    pub meta: &'a TransactionalTree,
}

impl OutboxTx<'_> {
    /// Whether this book records ops (callers skip the reads an op needs when it does not).
    pub fn on(&self) -> bool {
        self.tree.is_some()
    }

    /// Appends one op.
    pub fn push(&self, table: SyncTable, id: String, kind: OpKind) -> TxResult<()> {
        self.append(table, id, kind, None)
    }

    /// Removes a tag from a customer: the link's delete, with the pull cursor it was made at
    /// (the server skips it when a re-add it had not seen came in meanwhile).
    pub fn unlink(&self, id: String) -> TxResult<()> {
        if !self.on() {
            return Ok(());
        }
        let seen = crate::store::remote::cursor_in(self.meta)?;
        self.append(SyncTable::CustomerTags, id, OpKind::Delete, Some(seen))
    }

    fn append(
        &self,
        table: SyncTable,
        id: String,
        kind: OpKind,
        seen: Option<i64>,
    ) -> TxResult<()> {
        let Some(tree) = self.tree else {
            return Ok(());
        };
        // Taken inside the closure: a retried transaction leaves a gap, never a duplicate.
        let seq = tree.generate_id()?;
        let op = OutboxOp {
            seq,
            op_id: Ulid::new(),
            table,
            id,
            kind,
            seen,
        };
        tree.insert(&key(seq, op.op_id), encode(&op).map_err(Abort::Abort)?)?;
        Ok(())
    }

    /// The upsert of a record written over `old` (`None`: a new one): the fields that
    /// changed with their base values; nothing when no field changed.
    pub fn upsert<T: Serialize>(
        &self,
        table: SyncTable,
        id: String,
        customer: Option<Ulid>,
        old: Option<&T>,
        new: &T,
        skip: &[&str],
    ) -> TxResult<()> {
        if !self.on() {
            return Ok(());
        }
        let old = old.map(json).transpose()?;
        let (fields, base) = diff(old.as_ref(), &json(new)?, skip);
        if fields.is_empty() && base.is_some() {
            return Ok(());
        }
        let customer_id = customer.map(|c| c.to_string());
        self.push(
            table,
            id,
            OpKind::Upsert {
                customer_id,
                fields,
                base,
            },
        )
    }

    /// A record removed from the book: its tombstone, or its purge.
    pub fn gone(&self, table: SyncTable, id: String, gone: Gone) -> TxResult<()> {
        let kind = match gone {
            Gone::Deleted => OpKind::Delete,
            Gone::Purged => OpKind::Purge,
        };
        self.push(table, id, kind)
    }
}

#[cfg(test)]
mod tests;
