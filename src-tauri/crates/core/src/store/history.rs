//! A customer's history: stage, category, owner and needs changes with their time, origin and who
//! made them (the settings' `me` at the time of the write, read by the caller before its
//! transaction).
use super::infra::codec::{decode, encode};
use super::infra::keys::{id_bytes, id_from_bytes, time_bytes, ID_LEN};
use super::outbox::op::SyncTable;
use super::outbox::{Gone, OutboxTx};
use super::Trees;
use crate::error::{CoreError, Result};
use crate::model::{CustomerFields, HistoryChange, HistoryEvent, NeedField, Needs};
use chrono::{DateTime, Utc};
use sled::transaction::{
    ConflictableTransactionError as Abort, ConflictableTransactionResult, TransactionalTree,
};
use ulid::Ulid;

/// The most changes one save can record: stage, category and the four needs (an import picks
/// this many event ids before its transaction).
pub const MAX_CHANGES: usize = 6;

/// The changes between two versions of a customer that the history records.
pub fn changes(old: &CustomerFields, new: &CustomerFields) -> Vec<HistoryChange> {
    let mut out = Vec::new();
    if old.stage != new.stage {
        out.push(HistoryChange::Stage {
            from: old.stage,
            to: new.stage,
        });
    }
    if old.category != new.category {
        out.push(HistoryChange::Category {
            from: old.category,
            to: new.category,
        });
    }
    out.extend(need_changes(&old.needs, &new.needs));
    out
}

/// The needs that really changed, one event each: compared trimmed, so a save that only adds
/// or drops spaces (or an older book's untrimmed text) records nothing.
fn need_changes(old: &Needs, new: &Needs) -> Vec<HistoryChange> {
    let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    [
        (
            NeedField::CoreNeed,
            old.core_need.clone(),
            new.core_need.clone(),
        ),
        (NeedField::Budget, old.budget.clone(), new.budget.clone()),
        (
            NeedField::DecisionChain,
            old.decision_chain.clone(),
            new.decision_chain.clone(),
        ),
        (NeedField::Deadline, date(old.deadline), date(new.deadline)),
    ]
    .into_iter()
    .filter(|(_, from, to)| from.trim() != to.trim())
    .map(|(field, from, to)| HistoryChange::Need {
        field,
        from: from.trim().to_string(),
        to: to.trim().to_string(),
    })
    .collect()
}

/// The history tree inside one write transaction: every event written or removed here is
/// also an op in a team book's outbox (history events replicate, append-mostly).
pub(in crate::store) struct HistoryTx<'a> {
    pub tree: &'a TransactionalTree,
    pub outbox: OutboxTx<'a>,
}

type TxResult<T> = ConflictableTransactionResult<T, CoreError>;

/// The customer and the event id of a history key.
fn ids_of(key: &[u8]) -> TxResult<(Ulid, Ulid)> {
    let parse = |b: Option<&[u8]>| {
        b.ok_or_else(|| CoreError::Corrupt("history key too short".into()))
            .and_then(id_from_bytes)
            .map_err(Abort::Abort)
    };
    Ok((parse(key.get(..ID_LEN))?, parse(key.get(ID_LEN + 8..))?))
}

impl HistoryTx<'_> {
    /// Writes one event under `key`.
    pub fn put(&self, key: &[u8], event: &HistoryEvent) -> TxResult<()> {
        self.tree
            .insert(key, encode(event).map_err(Abort::Abort)?)?;
        if self.outbox.on() {
            let (customer, id) = ids_of(key)?;
            self.outbox.upsert(
                SyncTable::History,
                id.to_string(),
                Some(customer),
                None,
                event,
                &[],
            )?;
        }
        Ok(())
    }

    /// Writes an event pulled from the team server as the server sent it (no op: a pull is no
    /// local edit), so a change of a kind this version does not know (read as
    /// `HistoryChange::Unknown`) is kept whole for a newer version reading the same book.
    pub fn put_as_sent(&self, key: &[u8], data: &serde_json::Value) -> TxResult<()> {
        self.tree.insert(key, encode(data).map_err(Abort::Abort)?)?;
        Ok(())
    }

    /// Removes the event under `key`: undone (a tombstone) or purged with its customer.
    pub fn remove(&self, key: &[u8], gone: Gone) -> TxResult<()> {
        if self.tree.remove(key)?.is_some() && self.outbox.on() {
            let (_, id) = ids_of(key)?;
            self.outbox.gone(SyncTable::History, id.to_string(), gone)?;
        }
        Ok(())
    }
}

/// Appends events in a write transaction: key customer ++ time ++ a fresh id.
pub(in crate::store) fn record(
    history: &HistoryTx,
    customer: Ulid,
    at: DateTime<Utc>,
    changes: Vec<HistoryChange>,
    follow_up: Option<Ulid>,
    by: &str,
) -> ConflictableTransactionResult<(), CoreError> {
    let ids: Vec<Ulid> = changes.iter().map(|_| Ulid::new()).collect();
    record_as(history, customer, at, changes, follow_up, &ids, by).map(|_| ())
}

/// The key of one event.
pub fn key(customer: Ulid, at: DateTime<Utc>, event: Ulid) -> Vec<u8> {
    let mut key = Vec::with_capacity(2 * ID_LEN + 8);
    key.extend_from_slice(&id_bytes(customer));
    key.extend_from_slice(&time_bytes(at));
    key.extend_from_slice(&id_bytes(event));
    key
}

/// Like `record`, with the event ids chosen by the caller (one per change, for a journal that
/// must find the events again); returns the keys written.
pub(in crate::store) fn record_as(
    history: &HistoryTx,
    customer: Ulid,
    at: DateTime<Utc>,
    changes: Vec<HistoryChange>,
    follow_up: Option<Ulid>,
    ids: &[Ulid],
    by: &str,
) -> ConflictableTransactionResult<Vec<Vec<u8>>, CoreError> {
    let mut keys = Vec::with_capacity(changes.len());
    for (change, id) in changes.into_iter().zip(ids) {
        let key = key(customer, at, *id);
        let event = HistoryEvent {
            at,
            change,
            follow_up_id: follow_up.map(|f| f.to_string()),
            by: by.to_string(),
        };
        history.put(&key, &event)?;
        keys.push(key);
    }
    Ok(keys)
}

/// Keys of a customer's history, oldest first.
pub fn keys(trees: &Trees, customer: Ulid) -> Result<Vec<sled::IVec>> {
    trees
        .history_by_customer
        .scan_prefix(id_bytes(customer))
        .keys()
        .map(|k| k.map_err(CoreError::from))
        .collect()
}

/// A customer's history, oldest first.
pub fn list(trees: &Trees, customer: Ulid) -> Result<Vec<HistoryEvent>> {
    trees
        .history_by_customer
        .scan_prefix(id_bytes(customer))
        .values()
        .map(|v| decode(&v?))
        .collect()
}
