//! Restoring, first half: a backup file is read completely into a fresh book in a staging
//! folder, opened (older schemas are migrated) and its indexes verified. Only a book that
//! passed all of this is ever swapped in ([`super::swap_in`]).
use super::body::{self, BodyError, MAX_UNPACKED};
use super::header::{read_prefix, Header};
use super::{errors, folder};
use crate::error::{CoreError, Result};
use crate::import::guard::damaged_on_panic;
use crate::model::BackupInfo;
use crate::store::SCHEMA_VERSION;
use crate::Store;
use flate2::bufread::ZlibDecoder;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::time::Duration;

/// Checks the backup at `path` completely and stages it as a book in `staging_dir`, which
/// must not exist or be empty. On any error nothing is left in `staging_dir`.
pub fn stage(path: &Path, staging_dir: &Path) -> Result<BackupInfo> {
    let mut file =
        crate::import::file::open_regular_file(path).map_err(|e| errors::unreadable(path, &e))?;
    let size = file
        .metadata()
        .map_err(|e| errors::unreadable(path, &e))?
        .len();
    let header = Header::decode(
        &read_prefix(&mut file).map_err(|e| errors::unreadable(path, &e))?,
        SCHEMA_VERSION,
    )?;
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
    // A panic in a decoder on a damaged body is the damaged-backup error, not a crash.
    let loaded = damaged_on_panic(
        || load(BufReader::new(file), staging_dir),
        |_| errors::damaged(),
    );
    loaded?;
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

/// Unpacks the body (the reader stands just after the header) into a raw sled database.
fn load(mut file: BufReader<std::fs::File>, dir: &Path) -> Result<()> {
    let db = sled::Config::new()
        .path(dir)
        .cache_capacity(16 * 1024 * 1024)
        .open()?;
    let mut z = ZlibDecoder::new(&mut file);
    let loaded = body::load_db(&mut z, &db);
    drop(z);
    match loaded {
        Ok(_) => {}
        Err(BodyError::Damaged) => return Err(errors::damaged()),
        Err(BodyError::TooLarge) => return Err(errors::too_large(MAX_UNPACKED)),
        Err(BodyError::Store(e)) => return Err(e),
    }
    // Nothing may follow the compressed stream either.
    if !file.fill_buf().map_err(|_| errors::damaged())?.is_empty() {
        return Err(errors::damaged());
    }
    db.flush()?;
    Ok(())
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
