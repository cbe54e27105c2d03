//! Ops the team server refused for good (not allowed for this person, a value it rejects):
//! set aside out of the outbox so the ops behind them go on, and kept with the server's reason
//! for a person to see (`meta`, `outbox_refused/` ++ the op's outbox key). Once set aside an op
//! no longer shields its fields from pulls: the server's values come back.
use super::op::{OpKind, OutboxOp, SyncTable};
use crate::error::{CoreError, Result};
use crate::model::RefusedChange;
use crate::store::infra::codec::encode;
use crate::store::infra::keys::{id_bytes, parse_id, ID_LEN};
use crate::store::Store;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sled::transaction::ConflictableTransactionError as Abort;
use sled::Transactional;
use ulid::Ulid;

pub(super) const PREFIX: &[u8] = b"outbox_refused/";

/// An op set aside, with why and when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RefusedOp {
    pub op: OutboxOp,
    /// The server's answer, as the sync engine words it (zh + en).
    pub reason: String,
    pub at: DateTime<Utc>,
}

fn storage(e: impl std::fmt::Display) -> CoreError {
    CoreError::Storage(e.to_string())
}

fn tx_error(e: sled::transaction::TransactionError<CoreError>) -> CoreError {
    match e {
        sled::transaction::TransactionError::Abort(e) => e,
        sled::transaction::TransactionError::Storage(e) => storage(e),
    }
}

impl Store {
    /// Moves a waiting op to the refused ops, with the server's reason, in one transaction;
    /// `false` when no such op waits (set aside or acked already).
    pub fn outbox_set_aside(&self, op_id: Ulid, reason: &str, at: DateTime<Utc>) -> Result<bool> {
        let _w = self.writer()?;
        let want = id_bytes(op_id);
        let mut found = None;
        for kv in self.trees.outbox.iter() {
            let (k, v) = kv?;
            if k.get(8..).is_some_and(|b| b == want.as_slice()) && k.len() == 8 + ID_LEN {
                let op = super::read::decode_op_at(&k, &v)?;
                found = Some((k, op));
                break;
            }
        }
        let Some((key, op)) = found else {
            return Ok(false);
        };
        let mut refused_key = PREFIX.to_vec();
        refused_key.extend_from_slice(&key);
        let record = serde_json::to_vec(&RefusedOp {
            op,
            reason: reason.to_owned(),
            at,
        })
        .map_err(storage)?;
        (&self.trees.outbox, &self.trees.meta)
            .transaction(|(outbox, meta)| {
                outbox.remove(&key)?;
                meta.insert(refused_key.as_slice(), record.as_slice())?;
                Ok::<_, Abort<CoreError>>(())
            })
            .map_err(tx_error)?;
        self.flush()?;
        Ok(true)
    }

    /// The ops set aside, oldest first.
    pub fn outbox_refused(&self) -> Result<Vec<RefusedOp>> {
        self.trees
            .meta
            .scan_prefix(PREFIX)
            .values()
            .map(|v| serde_json::from_slice(&v?).map_err(storage))
            .collect()
    }

    /// The ops set aside as the Team screen lists them, oldest first, each with the name of
    /// the customer it concerns.
    pub fn refused_changes(&self) -> Result<Vec<RefusedChange>> {
        let name = |id: Option<&str>| {
            id.and_then(|id| self.get_customer(id).ok())
                .map(|c| match c.fields.name.trim() {
                    "" => c.fields.company,
                    n => n.to_owned(),
                })
                .unwrap_or_default()
        };
        Ok(self
            .outbox_refused()?
            .into_iter()
            .map(|r| {
                let customer = match (&r.op.table, &r.op.kind) {
                    (SyncTable::Customers, _) => name(Some(&r.op.id)),
                    (_, OpKind::Upsert { customer_id, .. }) => name(customer_id.as_deref()),
                    _ => String::new(),
                };
                RefusedChange {
                    op_id: r.op.op_id.to_string(),
                    table: serde_json::to_value(r.op.table)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_owned))
                        .unwrap_or_default(),
                    customer,
                    reason: r.reason,
                    at: r.at,
                }
            })
            .collect())
    }

    /// How many ops are set aside.
    pub fn outbox_refused_len(&self) -> usize {
        self.trees.meta.scan_prefix(PREFIX).count()
    }

    /// The set-aside entries of `op_ids`, by their `meta` key (unknown ids are skipped; one
    /// that is not an id is refused by name).
    fn refused_keys(&self, op_ids: &[String]) -> Result<Vec<(sled::IVec, RefusedOp)>> {
        let op_ids: Vec<Ulid> = op_ids
            .iter()
            .map(|s| parse_id("opIds", s))
            .collect::<Result<_>>()?;
        let mut out = Vec::new();
        for kv in self.trees.meta.scan_prefix(PREFIX) {
            let (k, v) = kv?;
            let r: RefusedOp = serde_json::from_slice(&v).map_err(storage)?;
            if op_ids.contains(&r.op.op_id) {
                out.push((k, r));
            }
        }
        Ok(out)
    }

    /// Forgets refused ops: the change stays in this book only, until the server's values of
    /// those fields come back with a pull. Returns how many were forgotten.
    pub fn outbox_dismiss_refused(&self, op_ids: &[String]) -> Result<usize> {
        let _w = self.writer()?;
        let found = self.refused_keys(op_ids)?;
        let mut batch = sled::Batch::default();
        for (k, _) in &found {
            batch.remove(k);
        }
        self.trees.meta.apply_batch(batch)?;
        self.flush()?;
        Ok(found.len())
    }

    /// Sends refused ops again (after the reason went away: a customer claimed, a right
    /// granted): each goes back to its place in the outbox, in one transaction. Returns how
    /// many went back.
    pub fn outbox_retry_refused(&self, op_ids: &[String]) -> Result<usize> {
        let _w = self.writer()?;
        let found = self.refused_keys(op_ids)?;
        let back: Vec<(sled::IVec, Vec<u8>, Vec<u8>)> = found
            .iter()
            .map(|(k, r)| {
                let place = k.get(PREFIX.len()..).unwrap_or_default().to_vec();
                encode(&r.op).map(|v| (k.clone(), place, v))
            })
            .collect::<Result<_>>()?;
        (&self.trees.outbox, &self.trees.meta)
            .transaction(|(outbox, meta)| {
                for (refused_key, place, op) in &back {
                    meta.remove(refused_key)?;
                    outbox.insert(place.as_slice(), op.as_slice())?;
                }
                Ok::<_, Abort<CoreError>>(())
            })
            .map_err(tx_error)?;
        self.flush()?;
        Ok(back.len())
    }
}
