//! Complaints: open now, and time to resolve and satisfaction of those resolved in the period.
//! Days are whole local calendar days (`complaints::days_to_resolve`); the period holds a
//! complaint by its resolved date, so a month's figure is what was settled in that month.
use super::facts::Facts;
use super::index::{Index, Period};
use crate::complaints::{days_to_resolve, is_open};
use crate::model::{ComplaintSeverity, ComplaintStats};

pub(crate) fn complaints(facts: &Facts<'_>, ix: &Index<'_>, period: &Period<'_>) -> ComplaintStats {
    let mut out = ComplaintStats::default();
    let (mut days_sum, mut score_sum) = (0u64, 0u32);
    let mut find = ix.finder();
    for s in facts.services {
        let Some(c) = &s.complaint else { continue };
        let Some(i) = find.find(&s.customer_id) else {
            continue;
        };
        if !ix.owner_passes(i) {
            continue;
        }
        if is_open(c) {
            out.open += 1;
            out.open_high += u32::from(c.severity == ComplaintSeverity::High);
        }
        if period.has_date(c.received_on) {
            out.received += 1;
        }
        let (Some(days), Some(done)) = (days_to_resolve(c), c.resolved_on) else {
            continue;
        };
        if !period.has_date(done) {
            continue;
        }
        out.resolved += 1;
        days_sum += u64::from(days);
        if let Some(score) = s.satisfaction.filter(|v| (1..=5).contains(v)) {
            out.rated += 1;
            score_sum += u32::from(score);
        }
    }
    out.avg_days_to_resolve = (out.resolved > 0).then(|| days_sum as f64 / f64::from(out.resolved));
    out.avg_satisfaction = (out.rated > 0).then(|| f64::from(score_sum) / f64::from(out.rated));
    out
}
