//! Key encodings. IDs are ULIDs stored as 16 big-endian bytes, so keys sort by creation time;
//! timestamps are big-endian with the sign bit flipped so range scans come out in order.
use crate::error::{CoreError, Invalid, Result};
use chrono::{DateTime, Utc};
use ulid::Ulid;

pub const ID_LEN: usize = 16;

pub fn id_bytes(id: Ulid) -> [u8; ID_LEN] {
    id.0.to_be_bytes()
}

pub fn id_from_bytes(bytes: &[u8]) -> Result<Ulid> {
    let arr: [u8; ID_LEN] = bytes.try_into().map_err(|_| {
        CoreError::Corrupt(format!(
            "key of {} bytes where an id was expected",
            bytes.len()
        ))
    })?;
    Ok(Ulid(u128::from_be_bytes(arr)))
}

/// Parses an id the UI sent; `field` names it in the error.
pub fn parse_id(field: &str, s: &str) -> Result<Ulid> {
    Ulid::from_string(s.trim()).map_err(|_| CoreError::invalid(field, Invalid::Id))
}

/// `a ++ b` for two ids: the key of a many-to-many index such as `followup_by_customer`.
pub fn pair(a: Ulid, b: Ulid) -> [u8; 2 * ID_LEN] {
    let mut k = [0u8; 2 * ID_LEN];
    k[..ID_LEN].copy_from_slice(&id_bytes(a));
    k[ID_LEN..].copy_from_slice(&id_bytes(b));
    k
}

pub fn time_bytes(t: DateTime<Utc>) -> [u8; 8] {
    ((t.timestamp_micros() as u64) ^ (1 << 63)).to_be_bytes()
}

/// `time ++ id`: the key of a time-ordered index such as `customer_by_deleted_at`.
pub fn time_id(t: DateTime<Utc>, id: Ulid) -> [u8; 8 + ID_LEN] {
    let mut k = [0u8; 8 + ID_LEN];
    k[..8].copy_from_slice(&time_bytes(t));
    k[8..].copy_from_slice(&id_bytes(id));
    k
}
