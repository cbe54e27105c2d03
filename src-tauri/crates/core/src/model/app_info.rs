use super::settings::Settings;
use crate::error::ErrorPayload;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What the UI needs to know at start.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AppInfo {
    pub settings: Settings,
    /// Live customers in the book.
    pub customer_count: u32,
    /// No customer at all, not even in the trash: the UI offers the demo data.
    pub is_empty: bool,
    /// Where the book is stored.
    pub data_dir: String,
    /// Set when the book could not be opened (locked by another program, newer format…);
    /// every other command then fails with the same error.
    pub startup_error: Option<ErrorPayload>,
    /// Set with `startup_error` when a restore did not finish: the screen's choices.
    pub restore_problem: Option<super::RestoreProblem>,
    /// Set when a save failed since the book opened: writes are refused (the banner).
    pub read_only: Option<ErrorPayload>,
    /// Set with `startup_error` when the book is there but cannot be read: the start-up
    /// screen lists the backups and restores one over it (the damaged book is kept aside).
    pub damaged_book: Option<DamagedBook>,
}

/// A book that will not open, for the start-up screen's restore.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DamagedBook {
    /// The backup folder the screen lists (it may not exist: no backups yet).
    pub backup_dir: String,
    /// How the damaged book will be kept: `<book>-damaged-<UTC time>` next to the book.
    pub kept_as: String,
}
