//! The sync engine's side of the outbox: the team-book flag, the ops waiting (oldest first)
//! and their removal once the server has them. No network here: rapport-sync does the rest.
use super::op::{OutboxOp, SyncTable};
use crate::error::{CoreError, Result};
use crate::store::infra::codec::decode;
use crate::store::infra::keys::{id_bytes, ID_LEN};
use crate::store::{Store, Trees};
use std::collections::HashSet;
use std::sync::atomic::Ordering;
use ulid::Ulid;

/// The flag's key in `meta`: present (1) in a team book.
pub(in crate::store) const TEAM_BOOK: &[u8] = b"team_book";

/// Whether the book in `meta` is a team book.
pub(in crate::store) fn read_team_flag(meta: &sled::Tree) -> Result<bool> {
    Ok(meta.get(TEAM_BOOK)?.is_some())
}

pub(super) fn decode_op_at(k: &[u8], v: &[u8]) -> Result<OutboxOp> {
    decode_op(k, v)
}

fn decode_op(k: &[u8], v: &[u8]) -> Result<OutboxOp> {
    let seq = k
        .get(..8)
        .and_then(|b| <[u8; 8]>::try_from(b).ok())
        .map(u64::from_be_bytes)
        .ok_or_else(|| CoreError::Corrupt("outbox key too short".into()))?;
    let mut op: OutboxOp = decode(v)?;
    op.seq = seq;
    Ok(op)
}

impl Trees {
    pub(in crate::store) fn team_book(&self) -> bool {
        self.team.load(Ordering::Acquire)
    }
}

impl Store {
    /// True when this book is part of a team book: its writes are recorded in the outbox.
    pub fn is_team_book(&self) -> bool {
        self.trees.team_book()
    }

    /// Makes this book a team book (its writes from now on are recorded in the outbox) or a
    /// personal one again (nothing more is recorded; ops still waiting stay until acked).
    pub fn set_team_book(&self, on: bool) -> Result<()> {
        // Not while an import runs: it reads the flag once for all its chunks.
        let _i = self.importing()?;
        let _w = self.writer()?;
        if on {
            self.trees.meta.insert(TEAM_BOOK, &[1u8])?;
        } else {
            self.trees.meta.remove(TEAM_BOOK)?;
        }
        self.flush()?;
        self.trees.team.store(on, Ordering::Release);
        Ok(())
    }

    /// Up to `limit` ops waiting to be pushed, in the order they were written.
    pub fn outbox_pending(&self, limit: usize) -> Result<Vec<OutboxOp>> {
        self.outbox_pending_for(limit, |_| true)
    }

    /// [`Store::outbox_pending`] of the tables `sent` accepts; the others' ops stay, in order,
    /// for later (a team server older than this app has no table for them yet).
    pub fn outbox_pending_for(
        &self,
        limit: usize,
        sent: impl Fn(SyncTable) -> bool,
    ) -> Result<Vec<OutboxOp>> {
        let mut out = Vec::new();
        for kv in self.trees.outbox.iter() {
            if out.len() == limit {
                break;
            }
            let (k, v) = kv?;
            let op = decode_op(&k, &v)?;
            if sent(op.table) {
                out.push(op);
            }
        }
        Ok(out)
    }

    /// How many ops wait.
    pub fn outbox_len(&self) -> usize {
        self.trees.outbox.len()
    }

    /// Removes the ops the server has taken (unknown ids are ignored: an ack may come twice);
    /// returns how many were removed. Durable before it returns, like any write.
    pub fn outbox_ack(&self, op_ids: &[Ulid]) -> Result<usize> {
        let mut wanted: HashSet<[u8; ID_LEN]> = op_ids.iter().map(|id| id_bytes(*id)).collect();
        let _w = self.writer()?;
        let mut batch = sled::Batch::default();
        let mut removed = 0;
        // Acks name the oldest ops: the scan stops as soon as every one is found.
        for k in self.trees.outbox.iter().keys() {
            if wanted.is_empty() {
                break;
            }
            let k = k?;
            let found = k
                .get(8..)
                .and_then(|b| <[u8; ID_LEN]>::try_from(b).ok())
                .is_some_and(|id| wanted.remove(&id));
            if found {
                batch.remove(k);
                removed += 1;
            }
        }
        if removed > 0 {
            self.trees.outbox.apply_batch(batch)?;
            self.flush()?;
        }
        Ok(removed)
    }

    /// Every op decodes and its key names it (for `verify_indexes`).
    pub(in crate::store) fn verify_outbox(&self) -> Result<()> {
        for kv in self.trees.outbox.iter() {
            let (k, v) = kv?;
            let op = decode_op(&k, &v)?;
            if k.len() != 8 + ID_LEN || k[8..] != id_bytes(op.op_id) {
                return Err(CoreError::Corrupt(format!(
                    "outbox entry {} is keyed by another op id",
                    op.op_id
                )));
            }
        }
        Ok(())
    }
}
