//! The due index on disk: the `followup_by_due` tree, due time big-endian ++ follow-up id → a
//! small record of what the agenda shows. Its in-memory mirror is `agenda::index`.
use crate::error::{CoreError, Result};
use crate::model::{FollowUp, FollowUpMethod, Priority};
use crate::store::infra::keys::{id_from_bytes, time_id, ID_LEN};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ulid::Ulid;

/// What the agenda shows of an open follow-up, stored as the index value (postcard).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DueRecord {
    pub customer: u128,
    pub priority: Priority,
    /// Who does it (`next_by`); empty means the customer's owner.
    pub owner: String,
    pub method: FollowUpMethod,
    pub topic: String,
    pub next_action: String,
    /// The reminder for this due time has been shown.
    pub fired: bool,
}

impl DueRecord {
    pub fn of(f: &FollowUp, customer: Ulid, fired: bool) -> DueRecord {
        DueRecord {
            customer: customer.0,
            priority: f.priority,
            owner: f.next_by.clone(),
            method: f.method,
            topic: f.topic.clone(),
            next_action: f.next_action.clone(),
            fired,
        }
    }

    pub fn encode(&self) -> Result<Vec<u8>> {
        postcard::to_allocvec(self).map_err(|e| CoreError::Storage(format!("encoding due: {e}")))
    }

    pub fn decode(bytes: &[u8]) -> Result<DueRecord> {
        postcard::from_bytes(bytes).map_err(|e| CoreError::Corrupt(format!("due entry: {e}")))
    }
}

/// (due time in microseconds, follow-up id): sorts like the on-disk key.
pub type DueKey = (i64, Ulid);

pub fn due_key(due: DateTime<Utc>, id: Ulid) -> DueKey {
    (due.timestamp_micros(), id)
}

/// The on-disk key of an in-memory key.
pub fn disk_key(k: DueKey) -> [u8; 8 + ID_LEN] {
    time_id(
        DateTime::from_timestamp_micros(k.0).unwrap_or_default(),
        k.1,
    )
}

pub fn key_from_disk(bytes: &[u8]) -> Result<DueKey> {
    if bytes.len() != 8 + ID_LEN {
        return Err(CoreError::Corrupt("due key of the wrong length".into()));
    }
    let mut t = [0u8; 8];
    t.copy_from_slice(&bytes[..8]);
    let micros = (u64::from_be_bytes(t) ^ (1 << 63)) as i64;
    Ok((micros, id_from_bytes(&bytes[8..])?))
}
