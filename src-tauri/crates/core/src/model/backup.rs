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
}

/// One backup file, described from its header (the file is not unpacked to list it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BackupInfo {
    /// The file's name (without its folder).
    pub file_name: String,
    /// The full path, to hand back for a restore.
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
