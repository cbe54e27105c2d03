//! After-sales service: satisfaction in the period, and service plans still to do.
use super::facts::Facts;
use super::index::{Index, Period};
use crate::model::AfterSales;
use chrono::{DateTime, Utc};

pub(crate) fn after_sales(
    facts: &Facts<'_>,
    ix: &Index<'_>,
    period: &Period<'_>,
    now: DateTime<Utc>,
) -> AfterSales {
    let mut services = 0u32;
    let mut rated = 0u32;
    let mut score_sum = 0u32;
    let mut open_plans = 0u32;
    let mut overdue_plans = 0u32;
    let mut find = ix.finder();
    for s in facts.services {
        let Some(i) = find.find(&s.customer_id) else {
            continue;
        };
        if !ix.owner_passes(i) {
            continue;
        }
        if let Some(at) = s.next_plan_at.filter(|_| !s.plan_done) {
            open_plans += 1;
            if at < now {
                overdue_plans += 1;
            }
        }
        if !period.has_date(s.date) {
            continue;
        }
        services += 1;
        // Out-of-range scores are refused on input; one that slipped through is not averaged.
        if let Some(score) = s.satisfaction.filter(|v| (1..=5).contains(v)) {
            rated += 1;
            score_sum += u32::from(score);
        }
    }
    AfterSales {
        services,
        rated,
        avg_satisfaction: (rated > 0).then(|| f64::from(score_sum) / f64::from(rated)),
        open_plans,
        overdue_plans,
    }
}
