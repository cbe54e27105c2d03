//! An automatic (or manual) backup as the app takes it: written and verified, copied to the
//! second folder when one is set, and old automatic backups pruned kind by kind in both
//! folders — all from the settings and the password kept in the book.
use super::{folder, mirror};
use crate::error::{CoreError, Result};
use crate::model::{BackupInfo, BackupReason, BackupRetention};
use crate::Store;
use chrono::{DateTime, TimeZone, Utc};
use std::path::{Path, PathBuf};

/// What [`Store::take_backup`] did besides writing the backup. The backup stands whatever
/// these say.
#[derive(Debug)]
pub struct BackupReport {
    pub info: BackupInfo,
    /// The copy in the second folder, or why there is none; `None` when no folder is set.
    pub mirror: Option<Result<PathBuf>>,
    /// Old backups could not all be deleted (the next backup tries again).
    pub prune_error: Option<CoreError>,
}

impl BackupReport {
    /// Why the copy to the second folder failed, if it did.
    pub fn mirror_error(&self) -> Option<&CoreError> {
        self.mirror.as_ref().and_then(|m| m.as_ref().err())
    }
}

impl Store {
    /// Takes a backup into `dir` now: see the module. Fails only when the backup itself could
    /// not be written or did not read back whole.
    pub fn take_backup<Tz: TimeZone>(
        &self,
        dir: &Path,
        reason: BackupReason,
        now: DateTime<Utc>,
        tz: &Tz,
    ) -> Result<BackupReport> {
        let settings = self.settings()?;
        let keep = settings
            .as_ref()
            .map_or_else(BackupRetention::default, |s| s.backup_keep);
        let mirror_dir = settings
            .map(|s| s.backup_mirror)
            .filter(|m| !m.trim().is_empty())
            .map(PathBuf::from);
        let info = self.backup_to(dir, reason, now)?;
        let mut prune_error = folder::prune(dir, &keep, tz).err();
        let mirror = mirror_dir.map(|m| {
            let copied = mirror::copy_to(Path::new(&info.path), &m)?;
            if let Err(e) = folder::prune(&m, &keep, tz) {
                prune_error.get_or_insert(e);
            }
            Ok(copied)
        });
        Ok(BackupReport {
            info,
            mirror,
            prune_error,
        })
    }
}
