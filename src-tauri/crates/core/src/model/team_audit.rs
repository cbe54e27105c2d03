//! A team book's "who did what" and "what needs a decision": a customer's audit as the team
//! server's `rapport.customer_audit` returns it (read through rapport-sync, never stored in the
//! book), and the deals of this book that were edited on two machines.
use super::Deal;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// One line of a customer's audit: a record created or removed, or one field changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AuditEntry {
    /// The server's audit row number (newest first; pass the last one as `before` for more).
    #[ts(type = "number")]
    pub id: i64,
    pub at: DateTime<Utc>,
    /// The person's name (their login when the team no longer lists them).
    pub who: String,
    /// `customers`, `followups`, `opportunities`, `deals`, `services` or `customer_tags`.
    pub table: String,
    pub record_id: String,
    /// `created`, `changed` or `removed` (purged for good; the trash is `changed` deletedAt).
    pub action: String,
    /// For `changed`: the field as the record's JSON names it (`name`, `amount`, `owner`,
    /// `deletedAt` …); `tag` for a tag link.
    pub field: Option<String>,
    /// The values as text (`None`: empty or absent): a string as it is, anything else as JSON; an owner as the person's
    /// name (`None`: the shared pool); a created/removed record's fields as a JSON object; a
    /// tag link's tag name.
    pub old: Option<String>,
    pub new: Option<String>,
}

/// A page of a customer's audit, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AuditPage {
    pub entries: Vec<AuditEntry>,
    /// More, older entries exist (ask again with `before` = the last entry's id).
    pub more: bool,
}

/// A deal of this book that waits for a person to pick one of its two versions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DealConflictItem {
    pub deal: Deal,
    pub customer_name: String,
}
