//! The fixed 40-byte header at the start of a backup file: enough to list a backup without
//! unpacking it, and to refuse a file from a newer Rapport before reading further.
use super::errors;
use crate::error::Result;
use crate::model::BackupReason;
use chrono::{DateTime, Utc};
use std::io::Read;

pub const MAGIC: &[u8; 11] = b"RAPPORTBAK\n";
/// Bumped when the layout of the file changes; a reader refuses versions above its own.
/// 1: the zlib stream follows the header. 2: an age stream (passphrase) follows the header,
/// holding a copy of the header and then the zlib stream (see `crypt`).
pub const FORMAT_VERSION: u32 = 2;
const PLAIN: u32 = 1;
const ENCRYPTED: u32 = 2;
pub const HEADER_LEN: usize = 40;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Header {
    pub schema_version: u32,
    pub created_at: DateTime<Utc>,
    pub reason: BackupReason,
    pub customers: u32,
    pub follow_ups: u32,
    /// The body is encrypted with the backup password (format 2).
    pub encrypted: bool,
}

fn reason_byte(r: BackupReason) -> u8 {
    match r {
        BackupReason::Daily => 0,
        BackupReason::Manual => 1,
        BackupReason::BeforeImport => 2,
        BackupReason::BeforeRestore => 3,
        BackupReason::BeforeMigration => 4,
    }
}

fn reason_of(b: u8) -> Option<BackupReason> {
    Some(match b {
        0 => BackupReason::Daily,
        1 => BackupReason::Manual,
        2 => BackupReason::BeforeImport,
        3 => BackupReason::BeforeRestore,
        4 => BackupReason::BeforeMigration,
        _ => return None,
    })
}

fn u32_at(b: &[u8; HEADER_LEN], at: usize) -> u32 {
    u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

impl Header {
    pub fn encode(&self) -> [u8; HEADER_LEN] {
        let mut b = [0u8; HEADER_LEN];
        b[..11].copy_from_slice(MAGIC);
        let format = if self.encrypted { ENCRYPTED } else { PLAIN };
        b[11..15].copy_from_slice(&format.to_le_bytes());
        b[15..19].copy_from_slice(&self.schema_version.to_le_bytes());
        b[19..27].copy_from_slice(&self.created_at.timestamp_millis().to_le_bytes());
        b[27] = reason_byte(self.reason);
        b[28..32].copy_from_slice(&self.customers.to_le_bytes());
        b[32..36].copy_from_slice(&self.follow_ups.to_le_bytes());
        let crc = crc32fast::hash(&b[..36]);
        b[36..40].copy_from_slice(&crc.to_le_bytes());
        b
    }

    /// Checks and decodes the first bytes of a file (fewer than [`HEADER_LEN`] if it is
    /// shorter). The versions are checked before the header's checksum, so a newer layout
    /// (whose header may differ) is reported as newer, not as damaged.
    pub fn decode(prefix: &[u8], max_schema: u32) -> Result<Header> {
        let got = prefix.len().min(HEADER_LEN);
        let mut b = [0u8; HEADER_LEN];
        b[..got].copy_from_slice(&prefix[..got]);
        let magic_len = got.min(MAGIC.len());
        if got == 0 || b[..magic_len] != MAGIC[..magic_len] {
            return Err(errors::not_a_backup());
        }
        if got < 15 {
            return Err(errors::damaged());
        }
        let format = u32_at(&b, 11);
        if format > FORMAT_VERSION {
            return Err(errors::too_new());
        }
        if got < HEADER_LEN || format == 0 {
            return Err(errors::damaged());
        }
        if crc32fast::hash(&b[..36]) != u32_at(&b, 36) {
            return Err(errors::damaged());
        }
        let schema_version = u32_at(&b, 15);
        if schema_version > max_schema {
            return Err(errors::too_new());
        }
        let mut millis = [0u8; 8];
        millis.copy_from_slice(&b[19..27]);
        let created_at = DateTime::from_timestamp_millis(i64::from_le_bytes(millis))
            .ok_or_else(errors::damaged)?;
        Ok(Header {
            schema_version,
            created_at,
            reason: reason_of(b[27]).ok_or_else(errors::damaged)?,
            customers: u32_at(&b, 28),
            follow_ups: u32_at(&b, 32),
            encrypted: format == ENCRYPTED,
        })
    }
}

/// Up to [`HEADER_LEN`] bytes from the start of `r` (fewer only at the end of the file).
pub fn read_prefix(r: &mut impl Read) -> std::io::Result<Vec<u8>> {
    let mut b = Vec::with_capacity(HEADER_LEN);
    r.take(HEADER_LEN as u64).read_to_end(&mut b)?;
    Ok(b)
}
