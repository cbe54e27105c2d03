//! Sales targets in settings: a period written "YYYY-MM" or "YYYY-Qn" (stored in that form),
//! at least one figure, amounts like a deal's, counts from 1, one target per person and period.
//! Rows left wholly empty (a blank row the editor added) are dropped.
use super::records::amount;
use super::{invalid, text, MAX_TAG_NAME};
use crate::error::{Invalid, Result};
use crate::model::SalesTarget;
use crate::targets::TargetPeriod;

/// Most targets kept (a team of 50 over 3 years of months is 1,800).
pub const MAX_TARGETS: usize = 5_000;
/// Highest count a target may ask for (deals, new customers, follow-ups).
pub const MAX_TARGET_COUNT: u32 = 1_000_000;

pub(super) fn targets(list: &mut Vec<SalesTarget>) -> Result<()> {
    let mut kept: Vec<SalesTarget> = Vec::with_capacity(list.len());
    let mut seen = std::collections::HashSet::new();
    for (i, t) in list.iter().enumerate() {
        let at = |field: &str| format!("targets[{i}].{field}");
        let figures = [t.deals, t.new_customers, t.follow_ups];
        if t.period.trim().is_empty() && t.amount.is_none() && figures.iter().all(Option::is_none) {
            continue;
        }
        let mut person = t.person.clone();
        text(&at("person"), &mut person, MAX_TAG_NAME)?;
        let Some(period) = TargetPeriod::parse(&t.period) else {
            let reason = if t.period.trim().is_empty() {
                Invalid::Required
            } else {
                Invalid::TargetPeriod
            };
            return Err(invalid(at("period"), reason));
        };
        if t.amount.is_none() && figures.iter().all(Option::is_none) {
            return Err(invalid(at("amount"), Invalid::NoTargetFigure));
        }
        if let Some(cents) = t.amount {
            amount(&at("amount"), cents)?;
        }
        let counts = [
            ("deals", t.deals),
            ("newCustomers", t.new_customers),
            ("followUps", t.follow_ups),
        ];
        for (field, n) in counts {
            if n.is_some_and(|n| !(1..=MAX_TARGET_COUNT).contains(&n)) {
                let (min, max) = (1, MAX_TARGET_COUNT);
                return Err(invalid(at(field), Invalid::OutOfRange { min, max }));
            }
        }
        let period = period.to_string();
        if !seen.insert((person.to_lowercase(), period.clone())) {
            return Err(invalid(at("period"), Invalid::Duplicate));
        }
        kept.push(SalesTarget {
            person,
            period,
            ..t.clone()
        });
    }
    if kept.len() > MAX_TARGETS {
        return Err(invalid("targets", Invalid::TooMany { max: MAX_TARGETS }));
    }
    *list = kept;
    Ok(())
}
