//! The funnel of the period's customers: where they stand, how far they got, how many were won,
//! how long winning took, and why the others were lost.
use super::facts::Facts;
use super::index::{ratio, Index};
use crate::model::{Funnel, FunnelStage, ReasonCount, Stage, StageConversion};
use crate::schedule::local_date;
use chrono::{NaiveDate, TimeZone};
use rustc_hash::FxHashMap;

/// The funnel's stages are the pipeline's, in its order: the ladder (open stages, then 成交),
/// then 流失 last. A stage's slot is its rung; 流失's the last.
pub(crate) fn funnel<Tz: TimeZone>(facts: &Facts<'_>, ix: &Index<'_>, tz: &Tz) -> Funnel {
    let pipeline = ix.pipeline;
    let n = pipeline.len();
    let lost_slot = n.saturating_sub(1);
    let won_slot = n.saturating_sub(2);
    let slot = |stage: Stage| pipeline.rung(stage).map_or(lost_slot, usize::from);
    let mut current = vec![0u32; n];
    let mut reached = vec![0u32; n];
    let mut amount = vec![0i64; n];
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
        for r in reached
            .iter_mut()
            .take((usize::from(top) + 1).min(lost_slot))
        {
            *r += 1;
        }
        if ix.ever_lost.get(i).copied().unwrap_or(false) {
            if let Some(r) = reached.get_mut(lost_slot) {
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
    let stages = pipeline
        .stages()
        .zip(current.iter().zip(reached.iter().zip(amount.iter())))
        .map(
            |(stage, (&customers, (&reached, &amount_cents)))| FunnelStage {
                stage,
                customers,
                reached,
                amount_cents,
            },
        )
        .collect();
    let conversions = pipeline
        .ladder()
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
    let lost = current.get(lost_slot).copied().unwrap_or(0);
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
