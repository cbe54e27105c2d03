//! The reminder engine: given the book and the time, which notifications to show now and
//! when to look again. The shell runs it in a task that sleeps until `next_wake` (or until a
//! write wakes it); tests run it with a fake clock.
mod team_text;
mod text;

use crate::error::Result;
use crate::model::{Language, Notice, Reminder};
use crate::store::Store;
use chrono::{DateTime, TimeZone, Utc};

pub use team_text::team_notice;
pub use text::{notice, private_notice, summary};

/// The outcome of one tick.
#[derive(Debug, Clone, PartialEq)]
pub struct Tick {
    /// Notifications to show now, already in the user's language.
    pub notices: Vec<Notice>,
    /// When the next reminder is due; `None` when nothing is scheduled.
    pub next_wake: Option<DateTime<Utc>>,
    /// Open follow-ups due by the end of today, overdue included (the tray's number).
    pub due_today: u32,
    /// The reminders that fired in this tick.
    pub fired: Vec<Reminder>,
}

/// While running, up to this many reminders due at once are shown one by one.
pub const MAX_SEPARATE: usize = 3;

/// One per running app: it knows whether it has ticked since the app started.
#[derive(Debug, Default)]
pub struct Engine {
    started: bool,
}

impl Engine {
    pub fn new() -> Engine {
        Engine::default()
    }

    /// Shows what is due and not yet shown, marks it shown in the book (so neither a later
    /// tick nor a restart repeats it), and says when to wake next. At the first tick after a
    /// start, what came due while the app was closed becomes one summary, not a burst; later,
    /// more than `MAX_SEPARATE` at once do too. With the private-notifications setting each
    /// notice names no customer ([`private_notice`]; a summary never does).
    pub fn tick<Tz: TimeZone>(
        &mut self,
        store: &Store,
        now: DateTime<Utc>,
        tz: &Tz,
        lang: Language,
    ) -> Result<Tick> {
        let pending = store.pending_reminders(now, tz)?;
        let private = store
            .settings()?
            .is_some_and(|s| s.reminders.private_notifications);
        // A burst (what was missed while closed, or a batch that came due together such as a
        // loaded demo book or an import) becomes one summary.
        let burst = if self.started { MAX_SEPARATE } else { 1 };
        let notices = if pending.len() > burst {
            vec![summary(&pending, lang)]
        } else {
            pending
                .iter()
                .map(|r| match private {
                    true => private_notice(r, now, tz, lang),
                    false => notice(r, now, tz, lang),
                })
                .collect()
        };
        self.started = true;
        store.mark_reminders_fired(&pending, now)?;
        Ok(Tick {
            notices,
            next_wake: store.next_reminder_at(now, tz)?,
            due_today: store.due_today_count(now, tz)?,
            fired: pending,
        })
    }
}
