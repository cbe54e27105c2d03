//! The record of an import: what file, when, and what it did — shown in the import history,
//! where an import can be undone.
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Where an import stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum ImportState {
    /// Being written. An import found in this state when the book opens was interrupted and
    /// is rolled back.
    InProgress,
    /// Landed whole; can be undone.
    Complete,
    /// Being undone. Found in this state when the book opens, the undo is finished.
    Undoing,
    /// Undone: what it added is gone, what it merged is back as it was.
    Undone,
}

/// One import of a file into the book.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ImportRecord {
    /// ULID.
    pub id: String,
    /// The file's name (without its folder).
    pub file_name: String,
    pub started_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
    pub state: ImportState,
    /// New customers (including duplicates created anyway).
    pub customers_added: u32,
    /// Duplicates merged into the customer the book had.
    pub customers_merged: u32,
    /// Duplicates left out.
    pub customers_skipped: u32,
    /// Follow-ups added, to new and to merged customers.
    pub follow_ups_added: u32,
    /// Opportunities, deals and after-sales records added (from the sheet's money columns).
    #[serde(default)]
    pub opportunities_added: u32,
    #[serde(default)]
    pub deals_added: u32,
    #[serde(default)]
    pub services_added: u32,
    pub undone_at: Option<DateTime<Utc>>,
}

/// A file the user picked in the open dialog or dropped on the window, as the UI knows it:
/// an opaque token and the name to show. Its path stays in the app (`import::picked`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PickedFile {
    pub token: String,
    /// The file's name (without its folder).
    pub name: String,
}
