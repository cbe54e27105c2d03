//! The agenda (today's work): open follow-ups by due time, customers with no next step, and
//! after-sales service plans still to do.
use super::enums::{Priority, Stage};
use super::followup::FollowUpMethod;
use chrono::{DateTime, Utc};
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
}
