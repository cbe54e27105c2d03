//! A customer's history: stage, category and owner changes with their time, origin and who
//! made them (the settings' `me` at the time of the write, read by the caller before its
//! transaction).
use super::infra::codec::{decode, encode};
use super::infra::keys::{id_bytes, time_bytes, ID_LEN};
use super::Trees;
use crate::error::{CoreError, Result};
use crate::model::{CustomerFields, HistoryChange, HistoryEvent};
use chrono::{DateTime, Utc};
use sled::transaction::{
    ConflictableTransactionError as Abort, ConflictableTransactionResult, TransactionalTree,
};
use ulid::Ulid;

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
    out
}

/// Appends events in a write transaction: key customer ++ time ++ a fresh id.
pub fn record(
    history: &TransactionalTree,
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
pub fn record_as(
    history: &TransactionalTree,
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
        history.insert(key.as_slice(), encode(&event).map_err(Abort::Abort)?)?;
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
