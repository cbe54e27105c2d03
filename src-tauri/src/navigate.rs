//! The events the shell sends the UI, and bringing the main window to the front.
use serde::Serialize;
use tauri::{AppHandle, Emitter, Manager};

/// The UI shows this view (`navigate` event): a clicked notification, the tray menu.
pub const NAVIGATE: &str = "navigate";
/// Reminders fired: views showing the agenda refetch (payload `null`).
pub const AGENDA_CHANGED: &str = "agenda-changed";

/// Payload of `navigate`: `{view: "agenda"}` or `{view: "customer", id}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "view", rename_all = "camelCase")]
pub enum Target {
    Agenda,
    Customer { id: String },
}

impl Target {
    /// A notice about one customer opens that customer; a summary opens the agenda.
    pub fn for_customer(customer_id: Option<&str>) -> Target {
        match customer_id {
            Some(id) if !id.is_empty() => Target::Customer { id: id.to_string() },
            _ => Target::Agenda,
        }
    }
}

/// Shows, unminimises and focuses the main window (it may be hidden in the tray).
pub fn show_main(app: &AppHandle) {
    if let Some(w) = app.get_webview_window("main") {
        let _ = w.unminimize();
        let _ = w.show();
        let _ = w.set_focus();
    }
}

/// Brings the window to the front on `target`.
pub fn open(app: &AppHandle, target: Target) {
    show_main(app);
    if let Err(e) = app.emit(NAVIGATE, target) {
        eprintln!("rapport: could not ask the window to navigate: {e}");
    }
}

/// Tells the UI that the agenda changed behind its back.
pub fn agenda_changed(app: &AppHandle) {
    if let Err(e) = app.emit(AGENDA_CHANGED, ()) {
        eprintln!("rapport: could not tell the window the agenda changed: {e}");
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use serde_json::json;

    #[test]
    fn navigate_payloads_are_what_the_ui_listens_for() {
        assert_eq!(
            serde_json::to_value(Target::Agenda).unwrap(),
            json!({"view": "agenda"})
        );
        assert_eq!(
            serde_json::to_value(Target::for_customer(Some("01J"))).unwrap(),
            json!({"view": "customer", "id": "01J"})
        );
        assert_eq!(Target::for_customer(None), Target::Agenda);
        assert_eq!(Target::for_customer(Some("")), Target::Agenda);
    }
}
