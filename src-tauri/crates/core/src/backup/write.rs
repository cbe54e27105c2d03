//! Writing a backup: streamed into a temporary file in the backup folder (encrypted when the
//! book has a backup password), synced, read back whole and its checksums verified, then
//! renamed, so neither a crash nor a bad write ever leaves a broken file under a backup's name.
use super::{body, crypt, errors, folder, header::Header, names, read};
use crate::error::Result;
use crate::model::{BackupInfo, BackupReason};
use crate::store::{BookCounts, SCHEMA_VERSION};
use crate::Store;
use chrono::{DateTime, Utc};
use flate2::{write::ZlibEncoder, Compression};
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

impl Store {
    /// Writes a backup of the whole book into `dir` (created if missing), checks it by
    /// reading it back, and returns it. Encrypted when a backup password is set. Writes to
    /// the book wait while it is taken (about a second for a large book).
    pub fn backup_to(
        &self,
        dir: &Path,
        reason: BackupReason,
        now: DateTime<Utc>,
    ) -> Result<BackupInfo> {
        self.backup_to_with(dir, reason, now, &|_| {})
    }

    /// [`Store::backup_to`], with `after_write` run on the written file before it is read
    /// back (the tests damage it there, as a failing disk would).
    pub fn backup_to_with(
        &self,
        dir: &Path,
        reason: BackupReason,
        now: DateTime<Utc>,
        after_write: &dyn Fn(&Path),
    ) -> Result<BackupInfo> {
        let password = self.backup_password()?;
        self.with_quiet_db(|db, counts| {
            let target = Target {
                dir,
                reason,
                now,
                password: password.as_deref(),
                schema_version: SCHEMA_VERSION,
            };
            write_backup(db, counts, &target, after_write)
        })
    }
}

/// Where and how one backup is written.
pub(crate) struct Target<'a> {
    pub dir: &'a Path,
    pub reason: BackupReason,
    pub now: DateTime<Utc>,
    pub password: Option<&'a str>,
    /// The book's layout: this build's, or an older one for the backup before a migration.
    pub schema_version: u32,
}

/// Writes, verifies and names one backup of `db`, which no one writes to meanwhile.
pub(crate) fn write_backup(
    db: &sled::Db,
    counts: BookCounts,
    t: &Target<'_>,
    after_write: &dyn Fn(&Path),
) -> Result<BackupInfo> {
    let dir = t.dir;
    std::fs::create_dir_all(dir).map_err(|e| errors::write_failed(dir, &e))?;
    // The header keeps milliseconds; the info returned says what `list` will say.
    let now = DateTime::from_timestamp_millis(t.now.timestamp_millis()).unwrap_or(t.now);
    let header = Header {
        schema_version: t.schema_version,
        created_at: now,
        reason: t.reason,
        customers: counts.customers,
        follow_ups: counts.follow_ups,
        encrypted: t.password.is_some(),
    };
    let temp = Temp(names::temp_name(dir, now, t.reason));
    let size = write_file(&temp.0, &header, db, t.password)
        .map_err(|e| errors::write_failed(&temp.0, &e))?;
    after_write(&temp.0);
    let target = names::free_name(dir, now, t.reason);
    // Read back whole: header, decryption, zlib, every record and both checksums.
    match read::read_all(&temp.0, t.password, None) {
        Ok((read, _)) if read == header => {}
        _ => return Err(errors::verify_failed(&target)),
    }
    std::fs::rename(&temp.0, &target).map_err(|e| errors::write_failed(&target, &e))?;
    // Best effort: the rename is durable once the folder is synced too.
    let _ = sync_dir(dir);
    Ok(folder::info_of(&target, size, &header))
}

fn write_file(
    path: &Path,
    header: &Header,
    db: &sled::Db,
    password: Option<&str>,
) -> io::Result<u64> {
    let mut out = BufWriter::new(File::create(path)?);
    let head = header.encode();
    out.write_all(&head)?;
    let out = match password {
        None => zlib_body(out, db)?,
        Some(password) => {
            let mut sealed = crypt::encrypt(out, password)?;
            sealed.write_all(&head)?;
            zlib_body(sealed, db)?.finish()?
        }
    };
    let file = out.into_inner().map_err(|e| e.into_error())?;
    file.sync_all()?;
    Ok(file.metadata()?.len())
}

fn zlib_body<W: Write>(out: W, db: &sled::Db) -> io::Result<W> {
    let mut z = ZlibEncoder::new(out, Compression::default());
    body::write_db(db, &mut z)?;
    z.finish()
}

/// A temporary file, removed when dropped: on an error; after the rename it is gone already.
pub(super) struct Temp(pub PathBuf);

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
