//! Complaints (投诉与反馈): the rules an after-sales record that is a complaint keeps — which
//! status moves are allowed, and how long one took or has been open, in local calendar days.
//!
//! Days are counted between local dates (`received_on`, `resolved_on`, and today in the user's
//! zone), never between instants, so a complaint received on 31 January and resolved on
//! 1 February took one day wherever the user sits, and "today" turns at the user's midnight.
use crate::model::{Complaint, ComplaintStatus};
use crate::schedule::local_date;
use chrono::{DateTime, NaiveDate, TimeZone, Utc};

/// Whether a complaint may move from `from` to `to`: forward (open → in progress →
/// resolved, or straight to resolved), staying put, or reopened from resolved to in progress
/// (it came back: someone is on it again). Never back to open once work has started.
pub fn transition_allowed(from: ComplaintStatus, to: ComplaintStatus) -> bool {
    use ComplaintStatus::*;
    !matches!((from, to), (InProgress, Open) | (Resolved, Open))
}

/// Whole local days from received to resolved (0 when resolved the same day); `None` while
/// it is not resolved.
pub fn days_to_resolve(c: &Complaint) -> Option<u32> {
    match (c.status, c.resolved_on) {
        (ComplaintStatus::Resolved, Some(done)) => Some(days_between(c.received_on, done)),
        _ => None,
    }
}

/// Whole local days an unresolved complaint has been open at `now` in `tz` (0 on the day it
/// was received; `None` once resolved).
pub fn days_open<Tz: TimeZone>(c: &Complaint, now: DateTime<Utc>, tz: &Tz) -> Option<u32> {
    (c.status != ComplaintStatus::Resolved)
        .then(|| days_between(c.received_on, local_date(now, tz)))
}

/// Whether a complaint still needs work (open or in progress).
pub fn is_open(c: &Complaint) -> bool {
    c.status != ComplaintStatus::Resolved
}

/// Whole days from `from` to `to`, 0 when `to` is not after `from`.
pub(crate) fn days_between(from: NaiveDate, to: NaiveDate) -> u32 {
    u32::try_from((to - from).num_days()).unwrap_or(0)
}
