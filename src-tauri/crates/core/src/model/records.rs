//! A customer's sales records as the seed tables keep them: opportunities (销售机会), deals
//! (成交记录) and after-sales service (售后服务). Amounts are integer cents (分).
use super::enums::Stage;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// 付款方式: how a deal was paid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS, Default)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum PaymentMethod {
    /// 线上支付
    #[default]
    Online,
    /// 线下支付
    Offline,
    /// 分期付款
    Instalments,
}

/// A stored sales opportunity (销售机会); a customer may have several.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Opportunity {
    /// ULID.
    pub id: String,
    pub customer_id: String,
    /// Where the opportunity came from (a source name, like the customer's).
    pub source: String,
    /// 需求: what the customer needs.
    pub need: String,
    /// 预算: the budget as the customer described it.
    pub budget_note: String,
    /// 意向: how keen the customer is.
    pub intent: String,
    pub stage: Stage,
    pub expected_close: Option<NaiveDate>,
    /// Expected amount in cents.
    #[ts(type = "number | null")]
    pub expected_amount: Option<i64>,
    /// 产品: the product it is about, a name from the settings' list (empty: none). Older
    /// books have none.
    #[serde(default)]
    pub product: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// What the UI sends to add or edit an opportunity.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export)]
pub struct OpportunityInput {
    pub source: String,
    pub need: String,
    pub budget_note: String,
    pub intent: String,
    pub stage: Stage,
    pub expected_close: Option<NaiveDate>,
    /// Cents; more than 0 when given.
    #[ts(type = "number | null")]
    pub expected_amount: Option<i64>,
    /// 产品 (see `Opportunity::product`).
    pub product: String,
}

/// A stored deal (成交记录).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Deal {
    /// ULID.
    pub id: String,
    pub customer_id: String,
    pub date: NaiveDate,
    /// Cents, more than 0.
    #[ts(type = "number")]
    pub amount: i64,
    pub product_or_service: String,
    pub payment_method: PaymentMethod,
    /// 销售员: who sold it (the settings' 我是 by default; in books before schema 7, the
    /// customer's owner on the deal's day).
    #[serde(default)]
    pub salesperson: String,
    pub notes: String,
    /// The opportunity (of the same customer) this deal closes.
    pub opportunity_id: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Team books: the deal was edited on two machines. The deal's own fields are the version
    /// the team server had first; this is the other one, kept until a person picks (any save
    /// of the deal clears it). Reports count the deal's own fields meanwhile.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub conflict: Option<DealConflict>,
}

/// The second version of a deal edited on two machines, as the team server stored it beside
/// the first: the fields that version changed (absent: the same as the deal's), who saved it
/// and the server's commit number.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DealConflict {
    pub fields: DealConflictFields,
    #[serde(default)]
    pub by: String,
    #[serde(default)]
    #[ts(type = "number")]
    pub commit: i64,
}

/// The fields of a deal's other version; `None` where it matches the deal.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export)]
pub struct DealConflictFields {
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<NaiveDate>,
    #[ts(optional, type = "number")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount: Option<i64>,
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub product_or_service: Option<String>,
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payment_method: Option<PaymentMethod>,
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub salesperson: Option<String>,
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub opportunity_id: Option<String>,
}

/// What the UI sends to record or edit a deal. `payment_method` arrives as text and is checked
/// by validation, so an unknown value is a field error rather than a decoding failure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export)]
pub struct DealInput {
    pub date: NaiveDate,
    /// Cents, more than 0 (`validate::parse_amount` reads a typed amount like "12,800.50").
    #[ts(type = "number")]
    pub amount: i64,
    pub product_or_service: String,
    #[ts(as = "PaymentMethod")]
    pub payment_method: String,
    /// 销售员; blank or left out is the settings' 我是 (or, when that is not set, the
    /// customer's owner).
    #[ts(as = "Option<String>", optional)]
    pub salesperson: String,
    pub notes: String,
    /// An opportunity of the same customer; empty or absent for none.
    #[ts(optional)]
    pub opportunity_id: Option<String>,
}

impl Default for DealInput {
    fn default() -> Self {
        DealInput {
            // A date left out is refused by validation (outside 1900–2100), not taken as a day.
            date: NaiveDate::MIN,
            amount: 0,
            product_or_service: String::new(),
            payment_method: "online".into(),
            salesperson: String::new(),
            notes: String::new(),
            opportunity_id: None,
        }
    }
}

/// A stored after-sales service record (售后服务).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ServiceRecord {
    /// ULID.
    pub id: String,
    pub customer_id: String,
    pub date: NaiveDate,
    /// 服务请求: what the customer asked for.
    pub request: String,
    /// 问题: what was wrong.
    pub problem: String,
    /// 解决方案: what was done.
    pub solution: String,
    /// 服务结果
    pub result: String,
    /// 满意度 1–5.
    pub satisfaction: Option<u8>,
    /// 下次服务计划
    pub next_plan: String,
    /// When the next service is due (UTC): a reminder like a follow-up's.
    pub next_plan_at: Option<DateTime<Utc>>,
    /// 投诉: set when this record is a complaint. Absent in records saved before complaints
    /// existed, which read as "not a complaint". One value, not loose fields, so a team's
    /// per-field merge never pairs one machine's status with another's resolved date.
    #[serde(default)]
    pub complaint: Option<Complaint>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// What the UI sends to add or edit a service record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export)]
pub struct ServiceInput {
    pub date: NaiveDate,
    pub request: String,
    pub problem: String,
    pub solution: String,
    pub result: String,
    pub satisfaction: Option<u8>,
    pub next_plan: String,
    pub next_plan_at: Option<DateTime<Utc>>,
    /// Set to make the record a complaint; absent or `null` for an ordinary service.
    #[ts(optional)]
    pub complaint: Option<ComplaintInput>,
}

impl Default for ServiceInput {
    fn default() -> Self {
        ServiceInput {
            // A date left out is refused by validation (outside 1900–2100).
            date: NaiveDate::MIN,
            request: String::new(),
            problem: String::new(),
            solution: String::new(),
            result: String::new(),
            satisfaction: None,
            next_plan: String::new(),
            next_plan_at: None,
            complaint: None,
        }
    }
}

/// 投诉类别: what a complaint is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS, Default)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum ComplaintCategory {
    /// 产品质量
    Quality,
    /// 交付物流
    Delivery,
    /// 服务态度
    Service,
    /// 价格费用
    Billing,
    /// 其他
    #[default]
    Other,
}

/// 严重程度
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS, Default,
)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum ComplaintSeverity {
    /// 轻微
    Low,
    /// 一般
    #[default]
    Medium,
    /// 严重
    High,
}

/// 处理状态: open → in progress → resolved (see `complaints::transition_allowed`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS, Default)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum ComplaintStatus {
    /// 待处理
    #[default]
    Open,
    /// 处理中
    InProgress,
    /// 已解决
    Resolved,
}

/// A complaint (投诉与反馈) carried by an after-sales record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Complaint {
    /// 受理日期: the local day it was received.
    pub received_on: NaiveDate,
    pub category: ComplaintCategory,
    pub severity: ComplaintSeverity,
    pub status: ComplaintStatus,
    /// 解决日期: set exactly when resolved, never before `received_on`.
    pub resolved_on: Option<NaiveDate>,
    /// 处理结果: how it was resolved.
    pub resolution: String,
}

/// What the UI sends for a complaint. The choices arrive as text and are checked by
/// validation, so an unknown value is a field error rather than a decoding failure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export)]
pub struct ComplaintInput {
    pub received_on: NaiveDate,
    #[ts(as = "ComplaintCategory")]
    pub category: String,
    #[ts(as = "ComplaintSeverity")]
    pub severity: String,
    #[ts(as = "ComplaintStatus")]
    pub status: String,
    pub resolved_on: Option<NaiveDate>,
    pub resolution: String,
}

impl Default for ComplaintInput {
    fn default() -> Self {
        ComplaintInput {
            // Left out is refused by validation (outside 1900–2100), not taken as a day.
            received_on: NaiveDate::MIN,
            category: "other".into(),
            severity: "medium".into(),
            status: "open".into(),
            resolved_on: None,
            resolution: String::new(),
        }
    }
}

impl From<&Complaint> for ComplaintInput {
    /// The input that saves `c` again (an edit form, a restored book).
    fn from(c: &Complaint) -> Self {
        let word = |v: serde_json::Value| v.as_str().unwrap_or_default().to_string();
        ComplaintInput {
            received_on: c.received_on,
            category: word(serde_json::json!(c.category)),
            severity: word(serde_json::json!(c.severity)),
            status: word(serde_json::json!(c.status)),
            resolved_on: c.resolved_on,
            resolution: c.resolution.clone(),
        }
    }
}

/// Something worth a second look in a saved record; the save went through.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "type", rename_all = "camelCase")]
#[ts(export)]
pub enum RecordWarning {
    /// The deal is dated `days` days before the customer's first day in the book (its first
    /// contact date, or the local day it was created) — more than a typo's margin.
    #[serde(rename_all = "camelCase")]
    DatedBeforeCustomer { days: u32 },
}

/// A deal as saved, with what the user should double-check.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DealSaved {
    pub deal: Deal,
    pub warnings: Vec<RecordWarning>,
}
