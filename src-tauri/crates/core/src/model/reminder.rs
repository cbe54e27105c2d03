//! Reminders: what is due, and the desktop notification the shell shows for it.
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum ReminderKind {
    FollowUp,
    Birthday,
    ContactBirthday,
    ContractExpiry,
    /// An after-sales service plan (下次服务计划) whose time has come.
    ServicePlan,
    /// A stage task (阶段任务) whose due time has come.
    Task,
}

/// One reminder that is due. `key` is stable for one occurrence (a follow-up at one due time,
/// a birthday in one year), so the fired state can be stored and never repeated.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Reminder {
    pub key: String,
    pub kind: ReminderKind,
    pub due: DateTime<Utc>,
    pub customer_id: String,
    pub customer_name: String,
    /// Follow-ups: the topic; birthdays of key contacts: the contact's name; service plans:
    /// the plan.
    pub topic: String,
    pub next_action: String,
    /// Contract expiry: the date the contract ends; service plans: the plan's local day.
    pub date: Option<NaiveDate>,
}

/// A desktop notification, already in the user's language.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Notice {
    pub title: String,
    pub body: String,
    /// The customer a click opens; `None` for a summary (the click opens the agenda).
    pub customer_id: Option<String>,
}

/// Whether desktop notifications reach the user.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct NotificationStatus {
    pub available: bool,
    /// How to enable notifications, in the user's language; set while the user has not
    /// dismissed it and notifications are unavailable.
    pub help: Option<String>,
}
