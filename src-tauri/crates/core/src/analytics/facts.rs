//! The plain facts the dashboard is computed from. The store fills them (leaving out what it
//! does not want counted, such as customers in the trash); this module never reads the store.
//!
//! A book's facts are kept in memory (a million follow-ups at full volume), so they are slim:
//! texts are [`Text`] (8 bytes), and the store shares one allocation per customer id and per distinct
//! name, source, industry, reason or product among all the facts that repeat it (see
//! `store::facts::read`). `"text".into()` makes one.
use crate::model::{Category, FollowUpMethod, Stage};
use chrono::{DateTime, NaiveDate, Utc};
/// A shared text of the facts: one pointer to a reference-counted `str` (8 bytes).
pub type Text = arcstr::ArcStr;

/// A customer as the dashboard sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct CustomerFact {
    pub id: Text,
    /// Shown in the top-customers list.
    pub name: Box<str>,
    /// The salesperson in charge (the owner filter applies to this).
    pub owner: Text,
    /// 来源: the channel the customer came from.
    pub source: Text,
    pub category: Option<Category>,
    pub industry: Text,
    /// The current stage.
    pub stage: Stage,
    /// Meaningful when `stage` is `Lost`.
    pub lost_reason: Text,
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
    pub customer_id: Text,
    pub at: DateTime<Utc>,
    pub from: Stage,
    pub to: Stage,
    /// Who made it (kept for per-person views; no current figure needs it).
    pub by: Text,
}

/// One follow-up.
#[derive(Debug, Clone, PartialEq)]
pub struct FollowUpFact {
    pub customer_id: Text,
    /// When it took place.
    pub at: DateTime<Utc>,
    pub method: FollowUpMethod,
    /// Who did it (activity per owner and the owner filter of activity use this).
    pub by: Text,
    /// Who does the next step; empty means the customer's owner, as in the agenda.
    pub next_by: Text,
    /// When the next step is due, if there is one.
    pub due: Option<DateTime<Utc>>,
    /// The next step has been taken (or there is none).
    pub done: bool,
}

/// One deal (成交记录). Its category and industry are the customer's.
#[derive(Debug, Clone, PartialEq)]
pub struct DealFact {
    pub customer_id: Text,
    pub date: NaiveDate,
    pub amount_cents: i64,
    /// 销售员: who sold it (the owner filter of deal figures applies to this).
    pub by: Text,
    /// 产品: the deal's product or service as recorded (empty: none).
    pub product: Text,
}

/// One after-sales service record (售后服务).
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceFact {
    pub customer_id: Text,
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

#[cfg(all(test, target_pointer_width = "64"))]
mod tests {
    use super::*;
    use std::mem::size_of;

    /// A big book keeps a million follow-ups in memory: each byte of a fact is a megabyte.
    /// Texts are [`Text`] (8 bytes, shared); times are 12 bytes, 12 as an `Option` too.
    #[test]
    fn facts_stay_slim() {
        assert!(size_of::<FollowUpFact>() <= 56);
        assert!(size_of::<DealFact>() <= 64);
        assert!(size_of::<StageChange>() <= 48);
        assert!(size_of::<ServiceFact>() <= 80);
        assert!(size_of::<CustomerFact>() <= 128);
    }
}
