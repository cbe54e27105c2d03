//! Ops the team server refused for good (not allowed for this person, a value it rejects):
//! set aside out of the outbox so the ops behind them go on, and kept with the server's reason
//! for a person to see (`meta`, `outbox_refused/` ++ the op's outbox key). Once set aside an op
//! no longer shields its fields from pulls: the server's values come back.
use super::op::OutboxOp;
use crate::error::{CoreError, Result};
use crate::store::infra::keys::{id_bytes, ID_LEN};
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
            .map_err(|e| match e {
                sled::transaction::TransactionError::Abort(e) => e,
                sled::transaction::TransactionError::Storage(e) => storage(e),
            })?;
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

    /// How many ops are set aside.
    pub fn outbox_refused_len(&self) -> usize {
        self.trees.meta.scan_prefix(PREFIX).count()
    }
}
