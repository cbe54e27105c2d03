//! The reminder task: asks the domain's reminder engine what is due, shows it, updates the
//! tray, then sleeps until the next reminder or until a write changes the book. No polling:
//! between reminders the task is parked on a timer and a `Notify`.
use crate::navigate;
use crate::notify;
use crate::state::AppState;
use crate::tray;
use chrono::{DateTime, Local, Utc};
use rapport_core::reminders::{Engine, Tick};
use std::time::Duration;
use tauri::{AppHandle, Manager};

/// The longest sleep. Waking now and then picks up clock and time-zone changes, and bounds
/// how late a reminder comes after a suspend (the timer's clock stops while suspended).
pub const MAX_SLEEP: Duration = Duration::from_secs(10 * 60);
/// The shortest sleep: a wake time that stays in the past cannot turn the task into a busy loop.
pub const MIN_SLEEP: Duration = Duration::from_secs(1);

/// Starts the task; without an open book there is nothing to remind of.
pub fn start(app: &AppHandle) {
    let state = app.state::<AppState>();
    if state.startup_error().is_some() {
        return;
    }
    let book_changed = state.book_changed();
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        // The first look (which builds the agenda index: a second for a million follow-ups)
        // waits until the window has its first rows, so it does not slow them down.
        app.state::<AppState>()
            .settled(Duration::from_secs(5))
            .await;
        let mut engine = Engine::new();
        loop {
            let next_wake = run_once(&app, &mut engine);
            let wait = sleep_for(next_wake, Utc::now());
            tokio::select! {
                _ = tokio::time::sleep(wait) => {}
                _ = book_changed.notified() => {}
            }
        }
    });
}

/// One tick: shows what fell due and returns when to look again.
fn run_once(app: &AppHandle, engine: &mut Engine) -> Option<DateTime<Utc>> {
    let state = app.state::<AppState>();
    let lang = state.language();
    match state.with_store(|s| engine.tick(s, Utc::now(), &Local, lang)) {
        Ok(tick) => {
            deliver(app, &tick, lang);
            tick.next_wake
        }
        Err(e) => {
            eprintln!("rapport: reminders: {}", e.0.message);
            None
        }
    }
}

fn deliver(app: &AppHandle, tick: &Tick, lang: rapport_core::model::Language) {
    for notice in &tick.notices {
        notify::show(app, notice);
    }
    tray::update(app, lang, tick.due_today);
    if !tick.notices.is_empty() {
        navigate::agenda_changed(app);
    }
}

/// How long to sleep before the next tick: until `next_wake`, within `MIN_SLEEP..=MAX_SLEEP`.
pub fn sleep_for(next_wake: Option<DateTime<Utc>>, now: DateTime<Utc>) -> Duration {
    match next_wake {
        Some(at) => (at - now)
            .to_std()
            .unwrap_or(Duration::ZERO)
            .clamp(MIN_SLEEP, MAX_SLEEP),
        None => MAX_SLEEP,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeDelta;

    #[test]
    fn sleeps_until_the_next_reminder_but_never_past_the_cap() {
        let now = Utc::now();
        assert_eq!(
            sleep_for(Some(now + TimeDelta::seconds(5)), now),
            Duration::from_secs(5)
        );
        assert_eq!(sleep_for(Some(now + TimeDelta::days(3)), now), MAX_SLEEP);
        assert_eq!(sleep_for(None, now), MAX_SLEEP);
    }

    #[test]
    fn a_wake_time_in_the_past_waits_the_minimum_not_zero() {
        let now = Utc::now();
        assert_eq!(sleep_for(Some(now), now), MIN_SLEEP);
        assert_eq!(sleep_for(Some(now - TimeDelta::minutes(1)), now), MIN_SLEEP);
        assert_eq!(
            sleep_for(Some(now + TimeDelta::milliseconds(200)), now),
            MIN_SLEEP
        );
    }
}
