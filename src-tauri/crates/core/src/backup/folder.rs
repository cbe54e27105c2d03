//! The backup folder: listing backups from their headers, pruning old automatic ones, and
//! whether today's daily backup is still to be made.
use super::header::Header;
use super::{errors, names, read, retention};
use crate::error::{CoreError, Result};
use crate::model::{BackupInfo, BackupReason, BackupRetention};
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
        encrypted: h.encrypted,
    }
}

/// Describes a backup file from its header alone (fast; [`super::stage`] checks the rest).
pub fn info(path: &Path) -> Result<BackupInfo> {
    let (_, size, header, _) = read::header(path)?;
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

/// Deletes the automatic backups in `dir` that `keep` does not keep (see
/// [`BackupRetention`]; dates in `tz`) and returns how many went. Manual backups and files
/// not named by Rapport are never deleted. Also removes temporary files a crash left behind.
pub fn prune<Tz: TimeZone>(dir: &Path, keep: &BackupRetention, tz: &Tz) -> Result<usize> {
    let automatic: Vec<BackupInfo> = list(dir)?
        .into_iter()
        .filter(|b| b.reason != BackupReason::Manual && names::is_ours(&b.file_name))
        .collect();
    let mut removed = 0;
    let mut first_error = None;
    for old in retention::to_delete(&automatic, keep, tz) {
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

/// True when `dir` holds no daily backup made on today's date in `tz` (backups of other
/// kinds do not count: they are kept by other rules, and the daily series must not miss
/// the day).
pub fn needs_daily<Tz: TimeZone>(dir: &Path, now: DateTime<Utc>, tz: &Tz) -> Result<bool> {
    let today = now.with_timezone(tz).date_naive();
    Ok(!list(dir)?.iter().any(|b| {
        b.reason == BackupReason::Daily && b.created_at.with_timezone(tz).date_naive() == today
    }))
}
