//! The agenda (today's work): open follow-ups by due time, customers with no next step, and
//! after-sales service plans still to do, unresolved complaints.
use super::enums::{Priority, Stage};
use super::followup::FollowUpMethod;
use super::records::{ComplaintCategory, ComplaintSeverity, ComplaintStatus};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Filters and page size of an agenda request. Empty filters match everything.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export)]
pub struct AgendaQuery {
    /// Who does the follow-up (its `nextBy`, or the customer's owner when that is empty).
    pub owners: Vec<String>,
    pub priorities: Vec<Priority>,
    /// Items returned per section (the counts cover every match).
    pub limit: u32,
}

impl Default for AgendaQuery {
    fn default() -> Self {
        AgendaQuery {
            owners: Vec::new(),
            priorities: Vec::new(),
            limit: 200,
        }
    }
}

/// One open follow-up in the agenda.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AgendaItem {
    pub follow_up_id: String,
    pub customer_id: String,
    pub customer_name: String,
    pub company: String,
    pub due: DateTime<Utc>,
    pub priority: Priority,
    pub owner: String,
    pub method: FollowUpMethod,
    pub topic: String,
    pub next_action: String,
}

/// A section of the agenda: how many match, and the first of them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, Default)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AgendaSection {
    pub total: u32,
    pub items: Vec<AgendaItem>,
}

/// An open customer (not won, not lost) with no open follow-up.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct NoNextStep {
    pub customer_id: String,
    pub customer_name: String,
    pub company: String,
    pub owner: String,
    pub stage: Stage,
    pub priority: Priority,
    /// When the customer was last contacted: its latest follow-up; `None` when none is logged.
    pub last_contact: Option<DateTime<Utc>>,
    /// Local days from the last contact's day to today (0: today); `None` when never contacted.
    pub days_since_contact: Option<u32>,
}

/// What falls on a key date of the agenda.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum KeyDateKind {
    /// The customer's own birthday.
    Birthday,
    /// A key contact's birthday.
    ContactBirthday,
    /// The customer's contract expires (合同到期).
    ContractExpiry,
}

/// A birthday or contract expiry of a live customer today or in the next 7 days.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct KeyDateItem {
    pub kind: KeyDateKind,
    pub customer_id: String,
    pub customer_name: String,
    pub company: String,
    /// The customer's owner.
    pub owner: String,
    /// The key contact whose birthday it is; empty for the customer's own and for contracts.
    pub contact: String,
    /// The local day it falls on this year (a 29 February birthday: 28 February in common
    /// years, as the reminders have it).
    pub date: NaiveDate,
    /// Days from today: 0 today … 7.
    pub days_away: u32,
}

/// Birthdays (customers' and key contacts') and contract expiries from today to 7 days on,
/// by day, matching the owner and priority (the customer's) filters. Dates, not work: they do
/// not count on the badge or the tray.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, Default)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct KeyDateSection {
    pub total: u32,
    /// Of them, those falling today.
    pub today: u32,
    pub items: Vec<KeyDateItem>,
}

/// An open after-sales service plan (下次服务计划) of a live customer: still to do until a
/// later service of that customer is recorded on or after its day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ServicePlanItem {
    /// The service record that planned it.
    pub service_id: String,
    pub customer_id: String,
    pub customer_name: String,
    pub company: String,
    /// The customer's owner (a handover moves the plan with the customer).
    pub owner: String,
    /// What is planned; may be empty.
    pub plan: String,
    pub plan_at: DateTime<Utc>,
    /// Its time is before now.
    pub overdue: bool,
}

/// The open service plans matching the owner and priority (the customer's) filters, in plan
/// time order, overdue ones first: how many, how many overdue, and the first of them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, Default)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ServicePlanSection {
    pub total: u32,
    pub overdue: u32,
    /// Due by the end of today, overdue included (counted with the follow-ups on the badge).
    pub due_today: u32,
    pub items: Vec<ServicePlanItem>,
}

/// An unresolved complaint (投诉) of a live customer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ComplaintItem {
    /// The after-sales record that carries it.
    pub service_id: String,
    pub customer_id: String,
    pub customer_name: String,
    pub company: String,
    /// The customer's owner.
    pub owner: String,
    pub received_on: NaiveDate,
    /// Whole local days since it was received (0 on that day).
    pub days_open: u32,
    pub category: ComplaintCategory,
    pub severity: ComplaintSeverity,
    pub status: ComplaintStatus,
    /// What was complained of (the record's problem, else its request); may be empty.
    pub summary: String,
}

/// Unresolved complaints matching the owner and priority (the customer's) filters: the most
/// severe first, then the oldest. Not counted on the badge (they are not due at a time).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, Default)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ComplaintSection {
    pub total: u32,
    /// Of them, those of severity high (严重).
    pub high: u32,
    pub items: Vec<ComplaintItem>,
}

/// The agenda, split at the user's local midnight: overdue is before now, today is the rest of
/// the local day, next 7 days the seven local days after it, later everything beyond.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, Default)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Agenda {
    pub overdue: AgendaSection,
    pub today: AgendaSection,
    pub next7_days: AgendaSection,
    pub later: AgendaSection,
    pub no_next_step_total: u32,
    pub no_next_step: Vec<NoNextStep>,
    pub service_plans: ServicePlanSection,
    pub key_dates: KeyDateSection,
    pub complaints: ComplaintSection,
    /// Open stage tasks (阶段任务).
    #[serde(default)]
    pub tasks: super::TaskSection,
}
