//! The analytics dashboard's figures, computed from plain facts (see [`Facts`]) the store fills
//! in; pure functions of the facts, the query, `now` and the user's time zone. Each kind of
//! fact is read once and customers are looked up by id through one hash map, so the whole
//! dashboard is O(n) plus sorting the short result lists.
//!
//! Definitions (the UI's help texts should say the same):
//! - **Period.** `from..=to` are local days in the user's time zone; an instant belongs to the
//!   period when it falls between local midnight of `from` and local midnight after `to`.
//! - **The period's customers** (funnel, win rate, cycle time, channels, lost reasons) are the
//!   customers first contacted in the period (their first-contact date, or the local day they
//!   were created when it is unknown): a cohort, so every figure of the funnel describes the
//!   same people. Their stage is their stage now.
//! - **Deals** and **services** count when dated in the period; **follow-ups** when they took
//!   place in it.
//! - **Owner filter.** Customers, deals and services go by the customer's owner; follow-up
//!   activity by who did the follow-up; overdue follow-ups by who has to do the next step
//!   (`next_by`, or the customer's owner when empty), as the agenda does.
//! - **Snapshots of now**, whatever the period: overdue follow-ups (open, due strictly before
//!   `now`) and open service plans.
//! - **Reached.** The pipeline is the ladder of the user's stages in their settings order
//!   (by default 初步接触 < 需求明确 < 方案沟通 < 谈判中 < 成交; custom stages where the user
//!   put them; 成交 always on top, 流失 off the ladder). A customer reached a rung when its
//!   current stage or any stage in its history (either side of a change) is on that rung or
//!   above: skipping a stage passes it, and a lost customer keeps the rungs it climbed before
//!   being lost. Every customer reached the first stage. Reached counts therefore never grow
//!   along the ladder (the funnel's steps), and the conversion between consecutive stages
//!   k → k+1 = reached(k+1) / reached(k) stays within 0..=1. 流失 is no step of the funnel:
//!   the customers now lost are counted apart, and each at the step it was lost from (the
//!   `from` of its latest move to 流失; the first step without one). The order is applied
//!   when the figures are computed, so reordering changes them at once.
//! - **Win rate** = won / (won + lost) among the period's customers, by current stage.
//! - **Days to won**: whole local days from first contact to the latest change to won (or the
//!   first deal for a customer won without recorded history), averaged over the won.
//! - **Advance**: a stage change up the ladder, or out of 流失 (a revival); never into 流失.
//! - **Follow-up success**: a follow-up of the period followed by an advance of its customer
//!   at or after its time and at most [`SUCCESS_WINDOW_DAYS`] days later.
//! - Facts naming a customer not among `Facts::customers` are left out everywhere.
//! - A share with nothing to divide by is `None`, never NaN.
mod activity;
mod after_sales;
mod channels;
mod complaints;
mod deals;
mod facts;
mod funnel;
mod index;
mod performance;
mod products;

pub use activity::SUCCESS_WINDOW_DAYS;
pub use deals::TOP_CUSTOMERS;
pub use facts::{CustomerFact, DealFact, Facts, FollowUpFact, ServiceFact, StageChange, Text};
pub use performance::{may_see, performance, query_period};

use crate::model::{AnalyticsQuery, Dashboard, Product};
use crate::stages::Pipeline;
use chrono::{DateTime, TimeZone, Utc};
use index::{Index, Period};

/// The whole dashboard for one period and owner, with the built-in pipeline.
pub fn dashboard<Tz: TimeZone>(
    facts: &Facts<'_>,
    query: &AnalyticsQuery,
    now: DateTime<Utc>,
    tz: &Tz,
) -> Dashboard {
    dashboard_in(&Pipeline::default(), facts, query, now, tz)
}

/// The whole dashboard for one period and owner, stages in the user's `pipeline`.
pub fn dashboard_in<Tz: TimeZone>(
    pipeline: &Pipeline,
    facts: &Facts<'_>,
    query: &AnalyticsQuery,
    now: DateTime<Utc>,
    tz: &Tz,
) -> Dashboard {
    dashboard_with(pipeline, &[], facts, query, now, tz)
}

/// The whole dashboard, stages in the user's `pipeline` and deals' products categorised by
/// the settings' `products` list.
pub fn dashboard_with<Tz: TimeZone>(
    pipeline: &Pipeline,
    products: &[Product],
    facts: &Facts<'_>,
    query: &AnalyticsQuery,
    now: DateTime<Utc>,
    tz: &Tz,
) -> Dashboard {
    let period = Period::new(query, tz);
    let ix = Index::build(facts, pipeline, &period);
    Dashboard {
        funnel: funnel::funnel(facts, &ix, tz),
        activity: activity::activity(facts, &ix, &period, now),
        channels: channels::channels(facts, &ix),
        deals: deals::deals(facts, &ix, &period),
        lost_reasons: funnel::lost_reasons(facts, &ix),
        after_sales: after_sales::after_sales(facts, &ix, &period, now),
        complaints: complaints::complaints(facts, &ix, &period),
        products: products::products(facts, &ix, &period, products),
    }
}
