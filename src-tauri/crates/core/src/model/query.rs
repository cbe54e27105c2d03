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
    /// 最近跟进: the latest follow-up's time; customers never contacted go last either way.
    LastContact,
}

/// The list's filter on the last contact (最近跟进), in calendar days of the user's zone:
/// a customer last contacted yesterday evening is 1 day ago this morning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, Default)]
#[serde(tag = "type", content = "days", rename_all = "camelCase")]
#[ts(export)]
pub enum ContactFilter {
    #[default]
    Any,
    /// Contacted in the last N days (today and the N − 1 days before).
    Within(u32),
    /// Not contacted for N days or more, or never.
    NotWithin(u32),
    /// No follow-up at all.
    Never,
    /// Marked untouched: see `CustomerRow::untouched_days`.
    Untouched,
}

/// One request for a page of the customer list. Empty filters match everything.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export)]
pub struct ListQuery {
    /// Matches name, company, phone or email (case-insensitive substring; phones also digits-only);
    /// Latin letters also match Chinese names and companies by pinyin (`pinyin_search`).
    pub search: String,
    pub tag_ids: Vec<String>,
    pub tag_mode: TagMode,
    pub stages: Vec<Stage>,
    pub categories: Vec<Category>,
    pub priorities: Vec<Priority>,
    pub owners: Vec<String>,
    pub contact: ContactFilter,
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
            contact: ContactFilter::Any,
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
    /// 最近跟进: when the latest follow-up took place; `None` when never contacted.
    pub last_contact: Option<DateTime<Utc>>,
    /// Set when the customer is untouched: no follow-up (nor creation) for at least the
    /// settings' `untouched_days` (0 turns the mark off); lost customers are never marked.
    /// The number of days since that last touch.
    pub untouched_days: Option<u32>,
}

/// A page of the list plus the number of rows matching the whole query.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ListPage {
    pub total: u32,
    pub rows: Vec<CustomerRow>,
}
