//! The plain facts the dashboard is computed from. The store fills them (leaving out what it
//! does not want counted, such as customers in the trash); this module never reads the store.
use crate::model::{Category, FollowUpMethod, Stage};
use chrono::{DateTime, NaiveDate, Utc};

/// A customer as the dashboard sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct CustomerFact {
    pub id: String,
    /// Shown in the top-customers list.
    pub name: String,
    /// The salesperson in charge (the owner filter applies to this).
    pub owner: String,
    /// 来源: the channel the customer came from.
    pub source: String,
    pub category: Option<Category>,
    pub industry: String,
    /// The current stage.
    pub stage: Stage,
    /// Meaningful when `stage` is `Lost`.
    pub lost_reason: String,
    /// 首次接触日期 (local date); when absent the local day of `created_at` stands in.
    pub first_contact: Option<NaiveDate>,
    pub created_at: DateTime<Utc>,
    /// Expected amount of the customer's opportunities not won (sum, cents; 0 for none): the
    /// funnel's amount at the stages before a deal exists.
    pub expected_cents: i64,
}

/// One stage change from the customer's history.
#[derive(Debug, Clone, PartialEq)]
pub struct StageChange {
    pub customer_id: String,
    pub at: DateTime<Utc>,
    pub from: Stage,
    pub to: Stage,
    /// Who made it (kept for per-person views; no current figure needs it).
    pub by: String,
}

/// One follow-up.
#[derive(Debug, Clone, PartialEq)]
pub struct FollowUpFact {
    pub customer_id: String,
    /// When it took place.
    pub at: DateTime<Utc>,
    pub method: FollowUpMethod,
    /// Who did it (activity per owner and the owner filter of activity use this).
    pub by: String,
    /// Who does the next step; empty means the customer's owner, as in the agenda.
    pub next_by: String,
    /// When the next step is due, if there is one.
    pub due: Option<DateTime<Utc>>,
    /// The next step has been taken (or there is none).
    pub done: bool,
}

/// One deal (成交记录). Its category and industry are the customer's.
#[derive(Debug, Clone, PartialEq)]
pub struct DealFact {
    pub customer_id: String,
    pub date: NaiveDate,
    pub amount_cents: i64,
    /// 销售员: who sold it (the owner filter of deal figures applies to this).
    pub by: String,
    /// 产品: the deal's product or service as recorded (empty: none).
    pub product: String,
}

/// One after-sales service record (售后服务).
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceFact {
    pub customer_id: String,
    pub date: NaiveDate,
    /// 1–5; anything else counts as unrated.
    pub satisfaction: Option<u8>,
    /// When the next service is planned.
    pub next_plan_at: Option<DateTime<Utc>>,
    /// The planned service has been done.
    pub plan_done: bool,
    /// Set when the record is a complaint.
    pub complaint: Option<crate::model::Complaint>,
}

/// Everything the dashboard reads, borrowed from wherever the store keeps it. Any order gives
/// the same figures, but listing customers by id and the other facts grouped by customer in
/// the same order (as sled's by-customer trees yield them) is several times faster at volume:
/// each fact's customer is then found without a hash probe (see `Index::finder`).
#[derive(Debug, Clone, Copy, Default)]
pub struct Facts<'a> {
    pub customers: &'a [CustomerFact],
    pub stage_changes: &'a [StageChange],
    pub follow_ups: &'a [FollowUpFact],
    pub deals: &'a [DealFact],
    pub services: &'a [ServiceFact],
}
