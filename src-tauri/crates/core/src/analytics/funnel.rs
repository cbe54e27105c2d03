//! The funnel of the period's customers: where they stand, how far they got, how many were won,
//! how long winning took, and why the others were lost.
use super::facts::Facts;
use super::index::{ratio, rung, Index, LADDER};
use crate::model::{Funnel, FunnelStage, ReasonCount, Stage, StageConversion};
use crate::schedule::local_date;
use chrono::{NaiveDate, TimeZone};
use rustc_hash::FxHashMap;

/// Every stage in the order the funnel shows them.
const STAGES: [Stage; 6] = [
    Stage::InitialContact,
    Stage::NeedsConfirmed,
    Stage::Proposal,
    Stage::Negotiation,
    Stage::Won,
    Stage::Lost,
];

fn slot(stage: Stage) -> usize {
    rung(stage).map_or(5, usize::from)
}

pub(crate) fn funnel<Tz: TimeZone>(facts: &Facts<'_>, ix: &Index<'_>, tz: &Tz) -> Funnel {
    let mut current = [0u32; 6];
    let mut reached = [0u32; 6];
    let mut amount = [0i64; 6];
    let mut total = 0u32;
    let mut cycle_days = 0i64;
    let mut cycles = 0u32;
    for (i, c) in facts.customers.iter().enumerate() {
        if !ix.in_cohort(i) {
            continue;
        }
        total += 1;
        let s = slot(c.stage);
        if let Some(n) = current.get_mut(s) {
            *n += 1;
        }
        let own = if c.stage == Stage::Won {
            ix.deal_total.get(i).copied().unwrap_or(0)
        } else {
            c.expected_cents
        };
        if let Some(a) = amount.get_mut(s) {
            *a = a.saturating_add(own);
        }
        let top = ix.reached.get(i).copied().unwrap_or(0);
        for r in reached.iter_mut().take(usize::from(top) + 1) {
            *r += 1;
        }
        if ix.ever_lost.get(i).copied().unwrap_or(false) {
            if let Some(r) = reached.get_mut(5) {
                *r += 1;
            }
        }
        if c.stage == Stage::Won {
            if let Some(days) = days_to_won(c.first_contact, c.created_at, i, ix, tz) {
                cycle_days += days;
                cycles += 1;
            }
        }
    }
    let stages = STAGES
        .iter()
        .zip(current.iter().zip(reached.iter().zip(amount.iter())))
        .map(
            |(&stage, (&customers, (&reached, &amount_cents)))| FunnelStage {
                stage,
                customers,
                reached,
                amount_cents,
            },
        )
        .collect();
    let conversions = LADDER
        .windows(2)
        .zip(reached.windows(2))
        .filter_map(|(st, r)| match (st, r) {
            ([from, to], [a, b]) => Some(StageConversion {
                from: *from,
                to: *to,
                rate: ratio(*b, *a),
            }),
            _ => None,
        })
        .collect();
    let won = current.get(4).copied().unwrap_or(0);
    let lost = current.get(5).copied().unwrap_or(0);
    Funnel {
        customers: total,
        stages,
        conversions,
        won,
        lost,
        win_rate: ratio(won, won + lost),
        // Summed as whole days, so the only division is the final one.
        avg_days_to_won: (cycles > 0).then(|| cycle_days as f64 / f64::from(cycles)),
    }
}

/// Whole local days from first contact to won. The won day is that of the latest change to won,
/// or failing a recorded change (an imported customer) the first deal; without either the
/// customer is left out. A won day before the first contact (a typo) counts as 0 days.
fn days_to_won<Tz: TimeZone>(
    first_contact: Option<NaiveDate>,
    created_at: chrono::DateTime<chrono::Utc>,
    i: usize,
    ix: &Index<'_>,
    tz: &Tz,
) -> Option<i64> {
    let won_day = match ix.won_at.get(i).copied().flatten() {
        Some(at) => local_date(at, tz),
        None => ix.first_deal.get(i).copied().flatten()?,
    };
    let start = first_contact.unwrap_or_else(|| local_date(created_at, tz));
    Some((won_day - start).num_days().max(0))
}

/// Customers of the period now lost, per reason (trimmed), most frequent first, then by reason.
pub(crate) fn lost_reasons(facts: &Facts<'_>, ix: &Index<'_>) -> Vec<ReasonCount> {
    let mut counts: FxHashMap<&str, u32> = FxHashMap::default();
    for (i, c) in facts.customers.iter().enumerate() {
        if c.stage == Stage::Lost && ix.in_cohort(i) {
            *counts.entry(c.lost_reason.trim()).or_default() += 1;
        }
    }
    let mut out: Vec<ReasonCount> = counts
        .into_iter()
        .map(|(reason, count)| ReasonCount {
            reason: reason.to_string(),
            count,
        })
        .collect();
    out.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.reason.cmp(&b.reason)));
    out
}
