//! Writing a backup: streamed into a temporary file in the backup folder, synced, then
//! renamed, so a crash never leaves a half-written file under a backup's name.
use super::{body, errors, folder, header::Header, names};
use crate::error::Result;
use crate::model::{BackupInfo, BackupReason};
use crate::store::SCHEMA_VERSION;
use crate::Store;
use chrono::{DateTime, Utc};
use flate2::{write::ZlibEncoder, Compression};
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

impl Store {
    /// Writes a backup of the whole book into `dir` (created if missing) and returns it.
    /// Writes to the book wait while it is taken (about a second for a large book).
    pub fn backup_to(
        &self,
        dir: &Path,
        reason: BackupReason,
        now: DateTime<Utc>,
    ) -> Result<BackupInfo> {
        std::fs::create_dir_all(dir).map_err(|e| errors::write_failed(dir, &e))?;
        // The header keeps milliseconds; the info returned says what `list` will say.
        let now = DateTime::from_timestamp_millis(now.timestamp_millis()).unwrap_or(now);
        self.with_quiet_db(|db, counts| {
            let header = Header {
                schema_version: SCHEMA_VERSION,
                created_at: now,
                reason,
                customers: counts.customers,
                follow_ups: counts.follow_ups,
            };
            let temp = Temp(names::temp_name(dir, now, reason));
            let size =
                write_file(&temp.0, &header, db).map_err(|e| errors::write_failed(&temp.0, &e))?;
            let target = names::free_name(dir, now, reason);
            std::fs::rename(&temp.0, &target).map_err(|e| errors::write_failed(&target, &e))?;
            // Best effort: the rename is durable once the folder is synced too.
            let _ = sync_dir(dir);
            Ok(folder::info_of(&target, size, &header))
        })
    }
}

fn write_file(path: &Path, header: &Header, db: &sled::Db) -> io::Result<u64> {
    let mut out = BufWriter::new(File::create(path)?);
    out.write_all(&header.encode())?;
    let mut z = ZlibEncoder::new(out, Compression::default());
    body::write_db(db, &mut z)?;
    let file = z.finish()?.into_inner().map_err(|e| e.into_error())?;
    file.sync_all()?;
    Ok(file.metadata()?.len())
}

/// A temporary file, removed when dropped: on an error; after the rename it is gone already.
struct Temp(PathBuf);

impl Drop for Temp {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// Makes renames in `dir` durable. Windows has no directory handle to sync (NTFS journals
/// renames itself).
pub(super) fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    File::open(dir)?.sync_all()?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}
