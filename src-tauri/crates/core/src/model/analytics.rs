//! The analytics dashboard as the UI receives it (figures computed by `crate::analytics`).
//! Amounts are integer cents (JSON numbers, exact below 2^53); rates are shares in 0..=1, and a
//! rate with nothing to divide by is `None` (JSON null), never NaN.
use super::enums::{Category, Stage};
use super::followup::FollowUpMethod;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The period and owner a dashboard is computed for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AnalyticsQuery {
    /// First local day of the period (inclusive).
    pub from: NaiveDate,
    /// Last local day of the period (inclusive). Before `from` means an empty period.
    pub to: NaiveDate,
    /// One salesperson, or `None` for everyone.
    #[ts(optional)]
    pub owner: Option<String>,
}

/// Every figure of the dashboard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Dashboard {
    pub funnel: Funnel,
    pub activity: FollowUpActivity,
    /// Per source, most customers first.
    pub channels: Vec<ChannelStat>,
    pub deals: DealStats,
    /// Lost customers of the period per reason, most frequent first.
    pub lost_reasons: Vec<ReasonCount>,
    pub after_sales: AfterSales,
    pub complaints: ComplaintStats,
    /// Deals of the period by product and by product category (购买偏好).
    pub products: ProductStats,
}

/// Deals of the period per product and per product category (the settings' product list
/// gives each product its category).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ProductStats {
    /// Largest amount first; a deal without a product is under the empty name.
    pub by_product: Vec<ProductAmount>,
    /// Largest amount first; products not in the list, or without a category, are under the
    /// empty category.
    pub by_category: Vec<ProductCategoryAmount>,
}

/// Deals of one product (its name as in the list when it is there, else as recorded).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ProductAmount {
    pub product: String,
    /// The product's category in the list (empty: none, or not in the list).
    pub category: String,
    /// Whether the product is in the settings' list.
    pub listed: bool,
    #[ts(type = "number")]
    pub amount_cents: i64,
    pub deals: u32,
}

/// Deals of the products of one category.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ProductCategoryAmount {
    pub category: String,
    #[ts(type = "number")]
    pub amount_cents: i64,
    pub deals: u32,
}

/// The sales funnel of the period's customers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Funnel {
    /// Customers of the period (first contacted in it).
    pub customers: u32,
    /// The funnel's steps: the ladder of the user's pipeline (settings) in its order, every
    /// stage but 流失, 成交 on top. Their `reached` never widens from one step to the next.
    pub stages: Vec<FunnelStage>,
    /// Each step between consecutive stages of the ladder (the pipeline without 流失): by
    /// default the four steps 初步接触 → 需求明确 → 方案沟通 → 谈判中 → 成交; a custom stage
    /// adds one where the user put it.
    pub conversions: Vec<StageConversion>,
    pub won: u32,
    /// Customers now lost (流失), shown apart from the funnel; each is also counted in the
    /// `lost` of the step it was lost from.
    pub lost: u32,
    /// The expected amount of the lost customers' opportunities.
    #[ts(type = "number")]
    pub lost_amount_cents: i64,
    /// won / (won + lost); `None` while no customer is closed.
    pub win_rate: Option<f64>,
    /// Average whole days from first contact to won; `None` when nobody was won.
    pub avg_days_to_won: Option<f64>,
}

/// One step of the funnel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct FunnelStage {
    pub stage: Stage,
    /// Customers now at this stage.
    pub customers: u32,
    /// Customers that reached this stage or beyond (see `crate::analytics` for "reached").
    pub reached: u32,
    /// Customers now lost who were at this stage when lost (the latest move to 流失; without
    /// a recorded move, the first step).
    pub lost: u32,
    /// Won: what the customers now at this stage bought (all their deals); other stages: the
    /// expected amount of their opportunities.
    #[ts(type = "number")]
    pub amount_cents: i64,
}

/// The share of customers that reached `from` and also reached `to`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct StageConversion {
    pub from: Stage,
    pub to: Stage,
    /// `None` when nobody reached `from`.
    pub rate: Option<f64>,
}

/// What the salespeople did: follow-ups of the period, and overdue ones now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct FollowUpActivity {
    /// Follow-ups that took place in the period.
    pub total: u32,
    /// Methods used at least once, in the order of `FollowUpMethod`.
    pub by_method: Vec<MethodCount>,
    /// Who did them, most active first.
    pub by_owner: Vec<OwnerCount>,
    /// Follow-ups followed by a stage advance of their customer within 14 days.
    pub successful: u32,
    /// successful / total; `None` without follow-ups.
    pub success_rate: Option<f64>,
    /// Open follow-ups due before now, per person who has to do them, most first. A snapshot of
    /// now, whatever the period.
    pub overdue_by_owner: Vec<OwnerCount>,
    pub overdue_total: u32,
}

/// Follow-ups made with one method.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct MethodCount {
    pub method: FollowUpMethod,
    pub count: u32,
}

/// A count per salesperson (empty name: nobody named).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct OwnerCount {
    pub owner: String,
    pub count: u32,
}

/// How well one source (channel) brings customers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ChannelStat {
    /// Empty for customers with no source.
    pub source: String,
    /// Customers of the period from this source.
    pub customers: u32,
    /// Of them, those now won.
    pub won: u32,
    /// won / customers.
    pub conversion: f64,
    /// What those customers bought (all their deals, whatever the date).
    #[ts(type = "number")]
    pub amount_cents: i64,
}

/// Deals dated in the period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DealStats {
    pub count: u32,
    #[ts(type = "number")]
    pub total_cents: i64,
    /// The 20 customers who bought most in the period, largest first.
    pub top_customers: Vec<TopCustomer>,
    /// Per customer category, in category order, uncategorised last.
    pub by_category: Vec<CategoryAmount>,
    /// Per industry, largest first (empty name: no industry).
    pub by_industry: Vec<IndustryAmount>,
    /// Every month the period touches, in order, months without deals included.
    pub monthly: Vec<MonthTotal>,
}

/// A customer and what they bought in the period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TopCustomer {
    pub customer_id: String,
    pub name: String,
    #[ts(type = "number")]
    pub amount_cents: i64,
    pub deals: u32,
}

/// Deal amount of the customers of one category.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CategoryAmount {
    pub category: Option<Category>,
    #[ts(type = "number")]
    pub amount_cents: i64,
    pub deals: u32,
}

/// Deal amount of the customers of one industry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct IndustryAmount {
    pub industry: String,
    #[ts(type = "number")]
    pub amount_cents: i64,
    pub deals: u32,
}

/// Deals of one calendar month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct MonthTotal {
    /// "YYYY-MM".
    pub month: String,
    #[ts(type = "number")]
    pub amount_cents: i64,
    pub deals: u32,
}

/// How many lost customers gave one reason (empty: no reason recorded).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ReasonCount {
    pub reason: String,
    pub count: u32,
}

/// After-sales service.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AfterSales {
    /// Services dated in the period.
    pub services: u32,
    /// Of them, those with a satisfaction of 1–5.
    pub rated: u32,
    /// `None` when none is rated.
    pub avg_satisfaction: Option<f64>,
    /// Next service plans not done yet, whatever the period (a snapshot of now).
    pub open_plans: u32,
    /// Of them, those planned before now.
    pub overdue_plans: u32,
}

/// Complaints (投诉与反馈): how many are open now, and how those resolved in the period went.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, Default)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ComplaintStats {
    /// Unresolved (open or in progress), whatever the period (a snapshot of now).
    pub open: u32,
    /// Of them, those of severity high.
    pub open_high: u32,
    /// Received in the period.
    pub received: u32,
    /// Resolved in the period (by their resolved date).
    pub resolved: u32,
    /// Mean whole local days from received to resolved of those; `None` when none.
    pub avg_days_to_resolve: Option<f64>,
    /// Of those resolved in the period, the ones with a satisfaction of 1–5.
    pub rated: u32,
    /// Their mean satisfaction (满意度 after resolution); `None` when none is rated.
    pub avg_satisfaction: Option<f64>,
}
