//! The customer list: what the UI asks for and the page it gets back.
use super::enums::{Category, CustomerKind, Priority, Stage};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// How several selected tags combine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, Default)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum TagMode {
    /// The customer carries every selected tag.
    #[default]
    All,
    /// The customer carries at least one selected tag.
    Any,
}

/// The columns the list sorts by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, Default)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum SortField {
    #[default]
    Name,
    Company,
    Stage,
    Category,
    Priority,
    Owner,
    CreatedAt,
    UpdatedAt,
}

/// One request for a page of the customer list. Empty filters match everything.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export)]
pub struct ListQuery {
    /// Matches name, company, phone or email (case-insensitive substring; phones also digits-only).
    pub search: String,
    pub tag_ids: Vec<String>,
    pub tag_mode: TagMode,
    pub stages: Vec<Stage>,
    pub categories: Vec<Category>,
    pub priorities: Vec<Priority>,
    pub owners: Vec<String>,
    pub sort: SortField,
    pub descending: bool,
    pub offset: u32,
    pub limit: u32,
}

impl Default for ListQuery {
    fn default() -> Self {
        ListQuery {
            search: String::new(),
            tag_ids: Vec::new(),
            tag_mode: TagMode::All,
            stages: Vec::new(),
            categories: Vec::new(),
            priorities: Vec::new(),
            owners: Vec::new(),
            sort: SortField::Name,
            descending: false,
            offset: 0,
            limit: 100,
        }
    }
}

/// One line of the customer list (or of the trash).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CustomerRow {
    pub id: String,
    pub kind: CustomerKind,
    pub name: String,
    pub company: String,
    /// The first phone, if any.
    pub phone: String,
    /// The first email, if any.
    pub email: String,
    pub stage: Stage,
    pub category: Option<Category>,
    pub priority: Priority,
    pub owner: String,
    pub tag_ids: Vec<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub deleted_at: Option<DateTime<Utc>>,
    /// When the earliest open follow-up is due; `None` with an open stage means "no next step".
    pub next_due: Option<DateTime<Utc>>,
}

/// A page of the list plus the number of rows matching the whole query.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ListPage {
    pub total: u32,
    pub rows: Vec<CustomerRow>,
}
