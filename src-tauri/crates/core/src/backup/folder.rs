//! The backup folder: listing backups from their headers, pruning old automatic ones, and
//! whether today's daily backup is still to be made.
use super::header::{read_prefix, Header};
use super::{errors, names};
use crate::error::{CoreError, Result};
use crate::model::{BackupInfo, BackupReason};
use crate::store::SCHEMA_VERSION;
use chrono::{DateTime, TimeZone, Utc};
use std::path::Path;
use std::time::{Duration, SystemTime};

/// A temporary file older than this is left from a crash and removed by `prune`.
const STALE_TEMP: Duration = Duration::from_secs(3600);

pub(super) fn info_of(path: &Path, size_bytes: u64, h: &Header) -> BackupInfo {
    BackupInfo {
        file_name: path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        path: path.to_string_lossy().into_owned(),
        created_at: h.created_at,
        reason: h.reason,
        schema_version: h.schema_version,
        size_bytes,
        customers: h.customers,
        follow_ups: h.follow_ups,
    }
}

/// Describes a backup file from its header alone (fast; [`super::stage`] checks the rest).
pub fn info(path: &Path) -> Result<BackupInfo> {
    let mut f =
        crate::import::file::open_regular_file(path).map_err(|e| errors::unreadable(path, &e))?;
    let size = f
        .metadata()
        .map_err(|e| errors::unreadable(path, &e))?
        .len();
    let prefix = read_prefix(&mut f).map_err(|e| errors::unreadable(path, &e))?;
    let header = Header::decode(&prefix, SCHEMA_VERSION)?;
    Ok(info_of(path, size, &header))
}

/// The backups in `dir`, newest first. Files that are not backups this version can read
/// are left out; a missing folder has none.
pub fn list(dir: &Path) -> Result<Vec<BackupInfo>> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(errors::unreadable(dir, &e)),
    };
    let mut found = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        let is_backup = path.extension().is_some_and(|x| x == names::EXTENSION)
            && entry.file_type().is_ok_and(|t| t.is_file());
        if let Some(info) = is_backup.then(|| info(&path).ok()).flatten() {
            found.push(info);
        }
    }
    found.sort_by(|a, b| (b.created_at, &b.file_name).cmp(&(a.created_at, &a.file_name)));
    Ok(found)
}

/// Deletes all but the newest `keep` automatic backups in `dir` and returns how many went.
/// Manual backups and files not named by Rapport are never deleted. Also removes temporary
/// files a crash left behind.
pub fn prune(dir: &Path, keep: usize) -> Result<usize> {
    let automatic = list(dir)?
        .into_iter()
        .filter(|b| b.reason != BackupReason::Manual && names::is_ours(&b.file_name));
    let mut removed = 0;
    let mut first_error = None;
    for old in automatic.skip(keep) {
        match std::fs::remove_file(&old.path) {
            Ok(()) => removed += 1,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => {
                first_error.get_or_insert(CoreError::Storage(format!("{}: {e}", old.path)));
            }
        }
    }
    remove_stale_temps(dir);
    match first_error {
        Some(e) => Err(e),
        None => Ok(removed),
    }
}

fn remove_stale_temps(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let now = SystemTime::now();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if !(name.starts_with(names::TEMP_PREFIX) && name.ends_with(".tmp")) {
            continue;
        }
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| now.duration_since(t).ok())
            .is_some_and(|age| age > STALE_TEMP);
        if old {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// True when `dir` holds no backup (of any kind) made on today's date in `tz`.
pub fn needs_daily<Tz: TimeZone>(dir: &Path, now: DateTime<Utc>, tz: &Tz) -> Result<bool> {
    let today = now.with_timezone(tz).date_naive();
    Ok(!list(dir)?
        .iter()
        .any(|b| b.created_at.with_timezone(tz).date_naive() == today))
}
