//! Values are JSON: readable when debugging and tolerant of added fields across versions.
use crate::error::{CoreError, Result};
use serde::{de::DeserializeOwned, Serialize};

pub fn encode<T: Serialize>(value: &T) -> Result<Vec<u8>> {
    serde_json::to_vec(value).map_err(|e| CoreError::Storage(format!("encoding: {e}")))
}

pub fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T> {
    serde_json::from_slice(bytes).map_err(|e| CoreError::Corrupt(format!("decoding: {e}")))
}

/// The JSON record under `id` in a tree, inside a write transaction.
pub fn tx_get<T: DeserializeOwned>(
    tree: &sled::transaction::TransactionalTree,
    id: ulid::Ulid,
) -> sled::transaction::ConflictableTransactionResult<Option<T>, CoreError> {
    match tree.get(super::keys::id_bytes(id))? {
        None => Ok(None),
        Some(v) => decode(&v)
            .map(Some)
            .map_err(sled::transaction::ConflictableTransactionError::Abort),
    }
}
