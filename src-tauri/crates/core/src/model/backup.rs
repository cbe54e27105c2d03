//! Backups of the whole book, as the backup list in settings shows them.
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Why a backup was made. Only `Manual` backups are never pruned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum BackupReason {
    /// The first start of a day.
    Daily,
    /// The user asked for it ("Back up now").
    Manual,
    /// Just before an import wrote to the book.
    BeforeImport,
    /// The book a restore replaced.
    BeforeRestore,
    /// The book as it was before this version of Rapport migrated it to a newer layout.
    BeforeMigration,
}

/// One backup file, described from its header (the file is not unpacked to list it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BackupInfo {
    /// The file's name (without its folder).
    pub file_name: String,
    /// The full path; for a backup picked in the dialog, a token standing for it, to hand
    /// back for the restore (a path from the UI is refused).
    pub path: String,
    pub created_at: DateTime<Utc>,
    pub reason: BackupReason,
    /// The book's schema version when it was backed up (older ones are migrated on restore).
    pub schema_version: u32,
    /// The file's size on disk. A JSON number (exact below 2^53 bytes), not a bigint.
    #[ts(type = "number")]
    pub size_bytes: u64,
    /// Customers not in the trash.
    pub customers: u32,
    /// Follow-ups, of every customer.
    pub follow_ups: u32,
    /// Encrypted with the backup password: restoring it asks for the password.
    pub encrypted: bool,
}

/// How many automatic backups of each kind are kept (settings). Daily backups are thinned
/// by date in the user's time zone: the newest backup of each of the last `daily` days that
/// have one, of each of the last `weekly` weeks (Monday to Sunday) and of each of the last
/// `monthly` months is kept (one file may count for a day, its week and its month). Of the
/// backups made before an import, a restore or a migration, the newest `before_change` of
/// each kind are kept. Manual backups are never deleted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export)]
pub struct BackupRetention {
    pub daily: u32,
    pub weekly: u32,
    pub monthly: u32,
    pub before_change: u32,
}

impl Default for BackupRetention {
    fn default() -> Self {
        BackupRetention {
            daily: 7,
            weekly: 4,
            monthly: 12,
            before_change: 5,
        }
    }
}

/// One failed backup (or copy to the second folder), as the banner and settings show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BackupProblem {
    pub at: DateTime<Utc>,
    pub reason: BackupReason,
    /// The error's stable code (`backupFailed`, `backupVerifyFailed`, `backupMirrorMissing` …).
    pub code: String,
    /// Already in the user's language.
    pub message: String,
}

/// The state of automatic backups since the app started: the last good one, and what failed
/// since then (cleared by the next success).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BackupStatus {
    /// The last backup written and read back whole.
    pub last_success: Option<DateTime<Utc>>,
    /// The last backup failed: no new backup was made.
    pub failure: Option<BackupProblem>,
    /// The backup was made but could not be copied to the second folder.
    pub mirror_failure: Option<BackupProblem>,
    /// A backup password is set: new backups are encrypted.
    pub encrypted: bool,
}

/// A restore that did not finish, found at start: the book folder is missing or was not
/// swapped, and the restore's folders are still next to it. The start-up screen says what
/// happened and offers to finish the restore or to roll it back; nothing is created meanwhile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RestoreProblem {
    /// What stopped it (the system's words), or empty when only the folders tell.
    pub detail: String,
    /// The book folder holds a book.
    pub book: bool,
    /// The checked backup waiting to be swapped in (`<book>-staged`), if any.
    pub staged: Option<String>,
    /// The book as it was before the restore (`<book>-replaced-…`), newest first.
    pub replaced: Vec<String>,
    /// Books set aside as damaged (`<book>-damaged-…`).
    pub damaged: Vec<String>,
    /// Finishing puts the staged backup in place.
    pub can_finish: bool,
    /// Rolling back puts the book from before the restore back (or keeps the current one).
    pub can_roll_back: bool,
}
