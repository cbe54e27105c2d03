//! Team notices as desktop notifications: after each engine round the shell takes what the
//! pull raised in the book (rapport-core decides what concerns me — a customer assigned to me,
//! one of mine reassigned away, a follow-up a colleague scheduled for me) and shows it through
//! the reminders' path (`notify::show`), so a click opens the customer.
use crate::notify;
use crate::state::AppState;
use rapport_core::reminders::team_notice;
use tauri::Manager;

/// Shows and forgets the notices waiting in the book.
pub fn deliver(handle: &tauri::AppHandle) {
    let app = handle.state::<AppState>();
    let lang = app.language();
    let taken = app.with_store(|s| {
        let private = s
            .settings()?
            .is_some_and(|s| s.reminders.private_notifications);
        Ok((s.take_team_notices()?, private))
    });
    match taken {
        Ok((notices, private)) => {
            for n in &notices {
                notify::show(handle, &team_notice(n, lang, private));
            }
        }
        Err(e) => eprintln!("rapport: team notices: {}", e.0.message),
    }
}
