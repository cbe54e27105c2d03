//! The pipeline board (kanban): customers by stage, with the filters the board offers.
use super::enums::{Category, Stage};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Which customers the board shows. Empty filters match everything.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export)]
pub struct BoardQuery {
    pub owners: Vec<String>,
    /// A customer matches when it has any of these tags.
    pub tag_ids: Vec<String>,
    pub categories: Vec<Category>,
    pub sources: Vec<String>,
}

/// The whole board: one column per stage in pipeline order, 流失 last.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Board {
    pub columns: Vec<BoardColumn>,
}

/// One stage's column: its totals and a page of its cards.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BoardColumn {
    pub stage: Stage,
    /// Customers in this column (all of them, not only the cards sent).
    pub count: u32,
    /// The sum of the cards' amounts over the whole column.
    #[ts(type = "number")]
    pub amount_cents: i64,
    /// Where `cards` starts in the column.
    pub offset: u32,
    /// Overdue first (most overdue first), then by next follow-up, then those without one.
    pub cards: Vec<BoardCard>,
}

/// A customer on the board.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BoardCard {
    pub id: String,
    pub name: String,
    pub company: String,
    pub owner: String,
    /// Won: what the customer bought (all deals); other stages: the expected amount of its
    /// open opportunities.
    #[ts(type = "number")]
    pub amount_cents: i64,
    /// The earliest open follow-up's due time.
    pub next_due: Option<DateTime<Utc>>,
    /// `next_due` has passed.
    pub overdue: bool,
    pub lost_reason: String,
    /// Tasks of the customer's current stage: how many, and how many ticked ("2/5").
    #[serde(default)]
    pub tasks_total: u32,
    #[serde(default)]
    pub tasks_done: u32,
}
