//! What the sync engine is doing, as the shell shows it (published on a `watch` channel, so a
//! late reader sees the latest state and a slow one skips the intermediate ones).
use crate::error::SyncError;
use chrono::{DateTime, Utc};

#[derive(Debug, Clone, PartialEq)]
pub enum SyncStatus {
    /// The engine has not finished its first round yet.
    Starting,
    /// Everything written here is on the server, and the server's changes are here.
    Synced { at: DateTime<Utc> },
    /// A round is running; `pending` ops wait in the outbox.
    Syncing { pending: usize },
    /// A first sync (or a full resync) is pulling the team book: `pulled` rows of `total`,
    /// updated after each page.
    FirstSync { pulled: usize, total: usize },
    /// The server is away since `since` (the first failed try): the book keeps working and
    /// its edits wait in the outbox; the engine retries with back-off.
    Offline {
        since: DateTime<Utc>,
        pending: usize,
        reason: SyncError,
    },
    /// Synced, except `count` ops the server refused for good (the latest for `reason`): they
    /// were set aside (`Store::outbox_refused`) so the rest went on, and wait for a person.
    Refused {
        at: DateTime<Utc>,
        pending: usize,
        count: usize,
        reason: String,
    },
    /// The team book on the server is newer than this app (`SchemaTooNew`, naming both
    /// versions, or `AppTooOld`): nothing is pushed or pulled until Rapport is updated; the book
    /// keeps working and its `pending` edits wait in the outbox. Checked again at the poll.
    ReadOnly { pending: usize, reason: SyncError },
    /// Something a person must look at (a wrong password, an op the server refused, the local
    /// book failing). Retried at the poll interval.
    Error { reason: SyncError },
}

impl SyncStatus {
    /// A stable code for the UI.
    pub fn code(&self) -> &'static str {
        match self {
            SyncStatus::Starting => "starting",
            SyncStatus::Synced { .. } => "synced",
            SyncStatus::Syncing { .. } => "syncing",
            SyncStatus::FirstSync { .. } => "first_sync",
            SyncStatus::Offline { .. } => "offline",
            SyncStatus::Refused { .. } => "refused",
            SyncStatus::ReadOnly { .. } => "read_only",
            SyncStatus::Error { .. } => "error",
        }
    }
}
