//! Channel effectiveness: per source, how many of the period's customers it brought, how many
//! of them were won, and what they bought.
use super::facts::Facts;
use super::index::{ratio, Index};
use crate::model::{ChannelStat, Stage};
use rustc_hash::FxHashMap;

#[derive(Default)]
struct Tally {
    customers: u32,
    won: u32,
    amount: i64,
}

pub(crate) fn channels(facts: &Facts<'_>, ix: &Index<'_>) -> Vec<ChannelStat> {
    let mut by_source: FxHashMap<&str, Tally> = FxHashMap::default();
    for (i, c) in facts.customers.iter().enumerate() {
        if !ix.in_cohort(i) {
            continue;
        }
        let t = by_source.entry(c.source.trim()).or_default();
        t.customers += 1;
        if c.stage == Stage::Won {
            t.won += 1;
        }
        t.amount = t
            .amount
            .saturating_add(ix.deal_total.get(i).copied().unwrap_or(0));
    }
    let mut out: Vec<ChannelStat> = by_source
        .into_iter()
        .map(|(source, t)| ChannelStat {
            source: source.to_string(),
            customers: t.customers,
            won: t.won,
            // A source is listed only with customers, so this never divides by zero.
            conversion: ratio(t.won, t.customers).unwrap_or(0.0),
            amount_cents: t.amount,
        })
        .collect();
    out.sort_by(|a, b| {
        b.customers
            .cmp(&a.customers)
            .then_with(|| a.source.cmp(&b.source))
    });
    out
}
