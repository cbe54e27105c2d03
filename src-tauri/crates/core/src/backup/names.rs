//! Backup file names: `rapport-YYYYMMDD-HHMMSS-<reason>[-n].rapportbak`, the time in UTC
//! (no zone needed to write one, and names sort by time whatever the zone). `-n` keeps two
//! backups of one second apart.
use crate::model::BackupReason;
use chrono::{DateTime, Utc};
use std::path::{Path, PathBuf};

pub const EXTENSION: &str = "rapportbak";
const PREFIX: &str = "rapport-";
/// Files being written start with this and end in `.tmp`; `list` never sees them.
pub const TEMP_PREFIX: &str = ".rapport-";

const SLUGS: [(BackupReason, &str); 5] = [
    (BackupReason::Daily, "daily"),
    (BackupReason::Manual, "manual"),
    (BackupReason::BeforeImport, "before-import"),
    (BackupReason::BeforeRestore, "before-restore"),
    (BackupReason::BeforeMigration, "before-upgrade"),
];

fn slug(reason: BackupReason) -> &'static str {
    SLUGS
        .iter()
        .find(|(r, _)| *r == reason)
        .map_or("backup", |(_, s)| s)
}

fn stem(now: DateTime<Utc>, reason: BackupReason) -> String {
    format!("{PREFIX}{}-{}", now.format("%Y%m%d-%H%M%S"), slug(reason))
}

/// The first name not taken in `dir`. Callers hold the store's write locks, so two
/// backups of this book cannot pick the same name.
pub fn free_name(dir: &Path, now: DateTime<Utc>, reason: BackupReason) -> PathBuf {
    let stem = stem(now, reason);
    let mut n = 1u32;
    loop {
        let name = match n {
            1 => format!("{stem}.{EXTENSION}"),
            _ => format!("{stem}-{n}.{EXTENSION}"),
        };
        let path = dir.join(name);
        if !path.exists() || n == u32::MAX {
            return path;
        }
        n += 1;
    }
}

/// Where a backup is written before it is complete.
pub fn temp_name(dir: &Path, now: DateTime<Utc>, reason: BackupReason) -> PathBuf {
    dir.join(format!(
        "{TEMP_PREFIX}{}-{}.tmp",
        &stem(now, reason)[PREFIX.len()..],
        std::process::id()
    ))
}

/// True for a name this module gives (so `prune` never deletes a file someone else named).
pub fn is_ours(file_name: &str) -> bool {
    let Some(rest) = file_name
        .strip_prefix(PREFIX)
        .and_then(|s| s.strip_suffix(EXTENSION))
        .and_then(|s| s.strip_suffix('.'))
    else {
        return false;
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let (Some(date), Some(time), Some(tail)) = (rest.get(..8), rest.get(9..15), rest.get(16..))
    else {
        return false;
    };
    if !digits(date)
        || !digits(time)
        || rest.get(8..9) != Some("-")
        || rest.get(15..16) != Some("-")
    {
        return false;
    }
    SLUGS.iter().any(|(_, s)| {
        tail.strip_prefix(s)
            .is_some_and(|n| n.is_empty() || n.strip_prefix('-').is_some_and(digits))
    })
}
