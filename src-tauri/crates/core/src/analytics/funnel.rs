//! The funnel of the period's customers: where they stand, how far they got, how many were won,
//! how long winning took, and why the others were lost.
use super::facts::Facts;
use super::index::{ratio, Index};
use crate::model::{Funnel, FunnelStage, ReasonCount, Stage, StageConversion};
use crate::schedule::local_date;
use chrono::{NaiveDate, TimeZone};
use rustc_hash::FxHashMap;

/// The funnel climbs the pipeline's ladder (its stages in the user's order without 流失, 成交
/// on top): each step counts the customers that reached it, so it never widens. 流失 stands
/// apart: the customers now lost, each also counted at the step it was lost from.
pub(crate) fn funnel<Tz: TimeZone>(facts: &Facts<'_>, ix: &Index<'_>, tz: &Tz) -> Funnel {
    let ladder = ix.pipeline.ladder();
    let n = ladder.len();
    let won_slot = n.saturating_sub(1);
    let mut current = vec![0u32; n];
    let mut reached = vec![0u32; n];
    let mut lost_here = vec![0u32; n];
    let mut amount = vec![0i64; n];
    let (mut total, mut lost, mut lost_amount) = (0u32, 0u32, 0i64);
    let mut cycle_days = 0i64;
    let mut cycles = 0u32;
    for (i, c) in facts.customers.iter().enumerate() {
        if !ix.in_cohort(i) {
            continue;
        }
        total += 1;
        let top = usize::from(ix.reached.get(i).copied().unwrap_or(0)).min(won_slot);
        for r in reached.iter_mut().take(top + 1) {
            *r += 1;
        }
        if c.stage == Stage::Lost {
            lost += 1;
            lost_amount = lost_amount.saturating_add(c.expected_cents);
            // Lost without a recorded move (an import): from the first step.
            let from = ix.lost_from.get(i).copied().flatten().map_or(0, |(_, r)| r);
            if let Some(l) = lost_here.get_mut(usize::from(from).min(top)) {
                *l += 1;
            }
            continue;
        }
        let s = usize::from(ix.pipeline.rung(c.stage).unwrap_or(0)).min(won_slot);
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
        if c.stage == Stage::Won {
            if let Some(days) = days_to_won(c.first_contact, c.created_at, i, ix, tz) {
                cycle_days += days;
                cycles += 1;
            }
        }
    }
    let stages = ladder
        .iter()
        .enumerate()
        .map(|(k, &stage)| FunnelStage {
            stage,
            customers: current[k],
            reached: reached[k],
            lost: lost_here[k],
            amount_cents: amount[k],
        })
        .collect();
    let conversions = ladder
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
    let won = current.get(won_slot).copied().unwrap_or(0);
    Funnel {
        customers: total,
        stages,
        conversions,
        won,
        lost,
        lost_amount_cents: lost_amount,
        win_rate: ratio(won, won + lost),
        // Summed as whole days, so the only division is the final one.
        avg_days_to_won: (cycles > 0).then(|| cycle_days as f64 / f64::from(cycles)),
    }
}

/// Whole local days from first contact to won. The won day is that of the latest change to won,
/// or failing a recorded change (an imported customer) the first deal; without either the
/// customer is left out. A won day before the first contact (a typo) counts as 0 days.
pub(crate) fn days_to_won<Tz: TimeZone>(
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
