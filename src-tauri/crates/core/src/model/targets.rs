//! Sales targets (销售目标) and the 业绩 / Performance view as the UI receives it. Targets live
//! in the settings (`Settings::targets`), so a team book shares them like the stage list; the
//! figures are computed by `crate::analytics::performance` from the dashboard's facts.
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Whether a target (or the view) covers a calendar month or a calendar quarter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum TargetPeriodKind {
    Month,
    Quarter,
}

/// One target: what one salesperson (or, with an empty `person`, the whole business) should
/// reach in one month ("2026-03") or quarter ("2026-Q1"). A figure left `None` has no target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SalesTarget {
    /// The salesperson; empty for the whole business (全公司).
    #[serde(default)]
    pub person: String,
    /// "YYYY-MM" for a month, "YYYY-Qn" for a quarter.
    pub period: String,
    /// 成交金额 in cents.
    #[serde(default)]
    #[ts(type = "number | null")]
    pub amount: Option<i64>,
    /// 成交数: deals recorded.
    #[serde(default)]
    pub deals: Option<u32>,
    /// 新客户数: customers first contacted in the period.
    #[serde(default)]
    pub new_customers: Option<u32>,
    /// 跟进次数: follow-ups that took place in the period.
    #[serde(default)]
    pub follow_ups: Option<u32>,
}

/// The four figures a target sets and the view measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PerformanceFigures {
    #[ts(type = "number")]
    pub amount: i64,
    pub deals: u32,
    pub new_customers: u32,
    pub follow_ups: u32,
}

/// The target of a row for the period (figures without a target are `None`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TargetFigures {
    #[ts(type = "number | null")]
    pub amount: Option<i64>,
    pub deals: Option<u32>,
    pub new_customers: Option<u32>,
    pub follow_ups: Option<u32>,
}

/// One salesperson's row (or the team total, `person` empty).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PerformanceRow {
    pub person: String,
    /// This period's figures.
    pub current: PerformanceFigures,
    /// The period before (last month or last quarter).
    pub previous: PerformanceFigures,
    /// This period's target; `None` when nobody set one.
    pub target: Option<TargetFigures>,
    /// Of the customers closed in the period (latest move to 成交 or 流失 in it), the share
    /// won; `None` when none was closed.
    pub win_rate: Option<f64>,
    /// The period's deal amount divided by its deals, in cents; `None` without a deal.
    #[ts(type = "number | null")]
    pub average_deal: Option<i64>,
    /// Average whole days from first contact to won, for the customers won in the period.
    pub average_cycle_days: Option<f64>,
}

/// Who looks at the view (team mode): a salesperson sees their own row and the team total,
/// a manager everyone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum ViewerRole {
    Salesperson,
    Manager,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Viewer {
    pub person: String,
    pub role: ViewerRole,
}

/// Which period to show; `period` absent means the one containing today.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PerformanceQuery {
    pub kind: TargetPeriodKind,
    #[ts(optional)]
    pub period: Option<String>,
    /// Absent on a solo book: every row is shown.
    #[ts(optional)]
    pub viewer: Option<Viewer>,
}

/// The 业绩 view of one period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Performance {
    pub kind: TargetPeriodKind,
    /// "2026-03" or "2026-Q1".
    pub period: String,
    pub previous: String,
    pub next: String,
    /// The period's first and last local days, "YYYY-MM-DD".
    pub from: String,
    pub to: String,
    /// One row per salesperson with a target or a figure in this or the last period, largest
    /// amount first (then by name); restricted by the viewer's role.
    pub rows: Vec<PerformanceRow>,
    /// Everyone's figures (a deal or follow-up nobody signed counts here only). Its target is
    /// the business target, or failing one the sum of the people's targets.
    pub team: PerformanceRow,
    /// Whether any target is set for this period.
    pub has_targets: bool,
}
