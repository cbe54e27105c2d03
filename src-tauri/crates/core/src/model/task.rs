//! The stage playbook (阶段任务): key tasks a stage carries in settings, the tasks made from
//! them when a customer enters that stage (or added by hand), their agenda section and the
//! per-person figures of the dashboard.
use super::enums::Stage;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// One key task of a stage's checklist in settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, Default)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TaskTemplate {
    /// What to do (at most 60 characters).
    pub title: String,
    /// Days after entering the stage it is due (0: that day), at the reminder time of day.
    #[serde(default)]
    pub due_days: u32,
    /// Who does it: a named person, or empty for the customer's owner.
    #[serde(default)]
    pub assignee: String,
}

/// A task of one customer: made from its stage's playbook on entering the stage, or by hand.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Task {
    pub id: String,
    pub customer_id: String,
    /// The stage whose playbook made it (or the customer's stage when added by hand).
    pub stage: Stage,
    pub title: String,
    pub due: DateTime<Utc>,
    /// Who does it (the customer's owner at the time it was made, unless named).
    pub assignee: String,
    /// When it was ticked; `None` while open.
    #[serde(default)]
    pub done_at: Option<DateTime<Utc>>,
    /// Made from the stage's playbook (not added by hand).
    #[serde(default)]
    pub from_playbook: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A task added by hand on the customer page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TaskInput {
    pub title: String,
    pub due: DateTime<Utc>,
    /// Empty: the customer's owner.
    #[serde(default)]
    pub assignee: String,
}

/// A change to a task: ticked or unticked, re-dated, reassigned or renamed. Absent fields are
/// kept.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, Default)]
#[serde(rename_all = "camelCase", default)]
#[ts(export)]
pub struct TaskPatch {
    #[ts(optional)]
    pub done: Option<bool>,
    #[ts(optional)]
    pub due: Option<DateTime<Utc>>,
    #[ts(optional)]
    pub assignee: Option<String>,
    #[ts(optional)]
    pub title: Option<String>,
}

/// An open task of a live customer in the agenda.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TaskItem {
    pub task_id: String,
    pub customer_id: String,
    pub customer_name: String,
    pub company: String,
    pub assignee: String,
    pub stage: Stage,
    pub title: String,
    pub due: DateTime<Utc>,
    pub overdue: bool,
}

/// Open stage tasks matching the agenda's owner filter (the assignee) and priority filter
/// (the customer's), soonest due first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, Default)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TaskSection {
    pub total: u32,
    pub overdue: u32,
    /// Due by the end of today, overdue included.
    pub due_today: u32,
    pub items: Vec<TaskItem>,
}

/// One person's stage tasks on the dashboard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PersonTasks {
    pub assignee: String,
    /// Ticked tasks.
    pub done: u32,
    /// Of them, ticked by their due time.
    pub on_time: u32,
    /// Open tasks past their due time.
    pub overdue: u32,
    /// Open tasks not yet due.
    pub open: u32,
}
