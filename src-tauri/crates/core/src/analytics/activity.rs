//! Follow-up activity: what was done in the period, how often it moved a customer forward, and
//! what is overdue now.
use super::facts::Facts;
use super::index::{ratio, Index, Period};
use crate::model::{FollowUpActivity, FollowUpMethod, MethodCount, OwnerCount};
use chrono::{DateTime, Duration, Utc};
use rustc_hash::FxHashMap;

/// How long after a follow-up a stage advance still counts as its success.
pub const SUCCESS_WINDOW_DAYS: i64 = 14;

const METHODS: [FollowUpMethod; 8] = [
    FollowUpMethod::Visit,
    FollowUpMethod::InvitedVisit,
    FollowUpMethod::Phone,
    FollowUpMethod::WeChat,
    FollowUpMethod::Sms,
    FollowUpMethod::Email,
    FollowUpMethod::Meeting,
    FollowUpMethod::Other,
];

fn method_slot(m: FollowUpMethod) -> usize {
    match m {
        FollowUpMethod::Visit => 0,
        FollowUpMethod::InvitedVisit => 1,
        FollowUpMethod::Phone => 2,
        FollowUpMethod::WeChat => 3,
        FollowUpMethod::Sms => 4,
        FollowUpMethod::Email => 5,
        FollowUpMethod::Meeting => 6,
        FollowUpMethod::Other => 7,
    }
}

pub(crate) fn activity(
    facts: &Facts<'_>,
    ix: &Index<'_>,
    period: &Period<'_>,
    now: DateTime<Utc>,
) -> FollowUpActivity {
    let window = Duration::days(SUCCESS_WINDOW_DAYS);
    let mut total = 0u32;
    let mut successful = 0u32;
    let mut methods = [0u32; 8];
    let mut owners: FxHashMap<&str, u32> = FxHashMap::default();
    let mut overdue: FxHashMap<&str, u32> = FxHashMap::default();
    let mut overdue_total = 0u32;
    let mut find = ix.finder();
    for f in facts.follow_ups {
        // Most follow-ups are done and outside the period: decide that before the (costlier)
        // customer look-up.
        let overdue_now = !f.done && f.due.is_some_and(|d| d < now);
        let counted = period.has_instant(f.at) && period.owner_ok(&f.by);
        if !overdue_now && !counted {
            continue;
        }
        let Some(i) = find.find(&f.customer_id) else {
            continue;
        };
        if overdue_now {
            let who = if f.next_by.trim().is_empty() {
                facts.customers.get(i).map_or("", |c| &*c.owner)
            } else {
                &*f.next_by
            };
            if period.owner_ok(who) {
                *overdue.entry(who).or_default() += 1;
                overdue_total += 1;
            }
        }
        if !counted {
            continue;
        }
        total += 1;
        if let Some(n) = methods.get_mut(method_slot(f.method)) {
            *n += 1;
        }
        *owners.entry(&*f.by).or_default() += 1;
        if advanced_within(
            ix.advances.get(i).map_or(&[][..], Vec::as_slice),
            f.at,
            window,
        ) {
            successful += 1;
        }
    }
    FollowUpActivity {
        total,
        by_method: METHODS
            .iter()
            .zip(methods)
            .filter(|(_, count)| *count > 0)
            .map(|(&method, count)| MethodCount { method, count })
            .collect(),
        by_owner: ranked(owners),
        successful,
        success_rate: ratio(successful, total),
        overdue_by_owner: ranked(overdue),
        overdue_total,
    }
}

/// Whether an advance happened at or after `at` (a stage changed in the same save as the
/// follow-up counts) and no later than `window` after it. `advances` is sorted.
fn advanced_within(advances: &[DateTime<Utc>], at: DateTime<Utc>, window: Duration) -> bool {
    let first = advances.partition_point(|t| *t < at);
    advances.get(first).is_some_and(|t| *t - at <= window)
}

/// Counts per owner, most first, then by name.
fn ranked(counts: FxHashMap<&str, u32>) -> Vec<OwnerCount> {
    let mut out: Vec<OwnerCount> = counts
        .into_iter()
        .map(|(owner, count)| OwnerCount {
            owner: owner.to_string(),
            count,
        })
        .collect();
    out.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.owner.cmp(&b.owner)));
    out
}
