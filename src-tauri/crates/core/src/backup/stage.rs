//! Restoring, first half: a backup file is read completely into a fresh book in a staging
//! folder, opened (older schemas are migrated) and its indexes verified. Only a book that
//! passed all of this is ever swapped in ([`super::swap_in`]).
use super::header::Header;
use super::{errors, folder, read};
use crate::error::{CoreError, Result};
use crate::model::BackupInfo;
use crate::Store;
use std::path::Path;
use std::time::Duration;

/// Checks the backup at `path` completely and stages it as a book in `staging_dir`, which
/// must not exist or be empty. An encrypted backup needs its `password` (refused without it,
/// or with a wrong one, before anything is written). On any error nothing is left in
/// `staging_dir`.
pub fn stage(path: &Path, staging_dir: &Path, password: Option<&str>) -> Result<BackupInfo> {
    let (_, _, header, _) = read::header(path)?;
    if header.encrypted && password.is_none_or(str::is_empty) {
        return Err(errors::password_needed());
    }
    let empty = match std::fs::read_dir(staging_dir) {
        Ok(mut entries) => entries.next().is_none(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => true,
        Err(e) => {
            return Err(CoreError::Storage(format!(
                "{}: {e}",
                staging_dir.display()
            )))
        }
    };
    if !empty {
        return Err(CoreError::Storage(format!(
            "staging folder {} is not empty",
            staging_dir.display()
        )));
    }
    let guard = Staging(staging_dir);
    let (header, size) = load(path, password, staging_dir)?;
    check(staging_dir)?;
    std::mem::forget(guard);
    Ok(folder::info_of(path, size, &header))
}

/// Removes the staging folder unless the staging succeeded.
struct Staging<'a>(&'a Path);

impl Drop for Staging<'_> {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(self.0);
    }
}

/// Reads the whole backup into a raw sled database in `dir`.
fn load(path: &Path, password: Option<&str>, dir: &Path) -> Result<(Header, u64)> {
    let db = sled::Config::new()
        .path(dir)
        .cache_capacity(16 * 1024 * 1024)
        .open()?;
    let read = read::read_all(path, password, Some(&db))?;
    db.flush()?;
    Ok(read)
}

/// Opens the staged book as the app will (migrating an older schema, finishing nothing: a
/// backup holds no import in progress) and verifies every index against the records.
fn check(dir: &Path) -> Result<()> {
    let store = open_when_released(dir).map_err(|e| match e {
        CoreError::SchemaTooNew { .. } => errors::too_new(),
        CoreError::Corrupt(_) => errors::damaged(),
        other => other,
    })?;
    store.verify_indexes().map_err(|e| match e {
        CoreError::Corrupt(_) => errors::damaged(),
        other => other,
    })
}

/// sled lets go of its file lock when the background threads of a dropped database finish,
/// which can lag behind the drop; wait for it (bounded).
fn open_when_released(dir: &Path) -> Result<Store> {
    for _ in 0..100 {
        match Store::open(dir) {
            Err(CoreError::Locked) => std::thread::sleep(Duration::from_millis(50)),
            other => return other,
        }
    }
    Store::open(dir)
}
