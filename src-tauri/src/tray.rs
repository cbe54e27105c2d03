//! The tray icon (how many follow-ups are due today; Open / Agenda / Quit) and closing the
//! main window into it, so reminders keep coming while the window is closed.
use crate::navigate::{self, Target};
use crate::state::AppState;
use rapport_core::model::Language;
use tauri::menu::{Menu, MenuEvent, MenuItem, PredefinedMenuItem};
use tauri::tray::{MouseButton, MouseButtonState, TrayIcon, TrayIconBuilder, TrayIconEvent};
use tauri::{AppHandle, Manager, WindowEvent};

const TRAY_ID: &str = "main";
const OPEN: &str = "tray-open";
const AGENDA: &str = "tray-agenda";
const QUIT: &str = "tray-quit";

/// Adds the tray icon. Without a tray (no status-notifier host, no icon library) the app runs
/// on without one: the error is logged and closing the window then quits.
pub fn create(app: &AppHandle, lang: Language) {
    // A missing appindicator library panics inside the tray crate on Linux; that must not
    // take the app down with it.
    let built = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| build(app, lang)));
    match built {
        Ok(Ok(_)) => {}
        Ok(Err(e)) => eprintln!("rapport: no tray icon ({e}); closing the window will quit"),
        Err(_) => eprintln!(
            "rapport: no tray icon (the tray library failed); closing the window will quit"
        ),
    }
}

fn build(app: &AppHandle, lang: Language) -> tauri::Result<TrayIcon> {
    let mut builder = TrayIconBuilder::with_id(TRAY_ID)
        .menu(&menu(app, lang)?)
        .tooltip(tooltip(lang, 0))
        .show_menu_on_left_click(false)
        .on_menu_event(on_menu)
        .on_tray_icon_event(|tray, event| {
            // Linux reports no clicks on the icon itself, only the menu.
            if let TrayIconEvent::Click {
                button: MouseButton::Left,
                button_state: MouseButtonState::Up,
                ..
            } = event
            {
                navigate::show_main(tray.app_handle());
            }
        });
    if let Some(icon) = app.default_window_icon() {
        builder = builder.icon(icon.clone());
    }
    builder.build(app)
}

fn menu(app: &AppHandle, lang: Language) -> tauri::Result<Menu<tauri::Wry>> {
    let (open, agenda, quit) = match lang {
        Language::En => ("Open Rapport", "Agenda", "Quit"),
        Language::Zh => ("打开客脉", "待办日程", "退出"),
    };
    Menu::with_items(
        app,
        &[
            &MenuItem::with_id(app, OPEN, open, true, None::<&str>)?,
            &MenuItem::with_id(app, AGENDA, agenda, true, None::<&str>)?,
            &PredefinedMenuItem::separator(app)?,
            &MenuItem::with_id(app, QUIT, quit, true, None::<&str>)?,
        ],
    )
}

fn on_menu(app: &AppHandle, event: MenuEvent) {
    match event.id().as_ref() {
        OPEN => navigate::show_main(app),
        AGENDA => navigate::open(app, Target::Agenda),
        QUIT => app.exit(0),
        _ => {}
    }
}

/// Shows how many follow-ups are due today (tooltip; the label beside the icon where the
/// platform has one) and the menu in the current language.
pub fn update(app: &AppHandle, lang: Language, due_today: u32) {
    let Some(tray) = app.tray_by_id(TRAY_ID) else {
        return;
    };
    let label = (due_today > 0).then(|| due_today.to_string());
    let result = tray
        .set_tooltip(Some(tooltip(lang, due_today)))
        .and_then(|_| tray.set_title(label))
        .and_then(|_| menu(app, lang))
        .and_then(|m| tray.set_menu(Some(m)));
    if let Err(e) = result {
        eprintln!("rapport: could not update the tray icon: {e}");
    }
}

fn tooltip(lang: Language, due_today: u32) -> String {
    match (lang, due_today) {
        (Language::En, 0) => "Rapport — nothing due today".into(),
        // Follow-ups and after-sales visits (see `Store::due_today_count`).
        (Language::En, 1) => "Rapport — 1 item due today".into(),
        (Language::En, n) => format!("Rapport — {n} items due today"),
        (Language::Zh, 0) => "客脉 — 今日无待办".into(),
        (Language::Zh, n) => format!("客脉 — 今日待办 {n} 项"),
    }
}

/// What closing the main window does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CloseAction {
    /// Hide it; the app keeps running in the tray.
    Hide,
    /// Let it close, which quits the app.
    Quit,
}

/// Hide only when the user wants to keep running in the tray AND there is a tray to come
/// back from.
pub fn close_action(keep_in_tray: bool, has_tray: bool) -> CloseAction {
    if keep_in_tray && has_tray {
        CloseAction::Hide
    } else {
        CloseAction::Quit
    }
}

/// Whether the user's settings keep Rapport in the tray (the default when none are saved or
/// the book is not open).
pub fn keep_in_tray(app: &AppHandle) -> bool {
    app.state::<AppState>()
        .with_store(|s| s.settings())
        .ok()
        .flatten()
        .map(|s| s.reminders.keep_in_tray)
        .unwrap_or(true)
}

/// Closing the main window hides it into the tray (see `close_action`).
pub fn hide_on_close(app: &AppHandle) {
    let Some(window) = app.get_webview_window("main") else {
        return;
    };
    let (handle, target) = (app.clone(), window.clone());
    window.on_window_event(move |event| {
        if let WindowEvent::CloseRequested { api, .. } = event {
            let has_tray = handle.tray_by_id(TRAY_ID).is_some();
            if close_action(keep_in_tray(&handle), has_tray) == CloseAction::Hide {
                api.prevent_close();
                let _ = target.hide();
            }
        }
    });
}

/// Started at login (`--autostart`): stay in the tray instead of opening the window.
pub fn start_hidden(app: &AppHandle) {
    let has_tray = app.tray_by_id(TRAY_ID).is_some();
    if close_action(keep_in_tray(app), has_tray) == CloseAction::Hide {
        if let Some(w) = app.get_webview_window("main") {
            let _ = w.hide();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closing_hides_only_with_the_setting_and_a_tray() {
        assert_eq!(close_action(true, true), CloseAction::Hide);
        assert_eq!(close_action(true, false), CloseAction::Quit);
        assert_eq!(close_action(false, true), CloseAction::Quit);
        assert_eq!(close_action(false, false), CloseAction::Quit);
    }

    #[test]
    fn the_tooltip_counts_what_is_due_today_in_both_languages() {
        assert_eq!(tooltip(Language::En, 0), "Rapport — nothing due today");
        assert_eq!(tooltip(Language::En, 1), "Rapport — 1 item due today");
        assert_eq!(tooltip(Language::En, 4), "Rapport — 4 items due today");
        assert_eq!(tooltip(Language::Zh, 4), "客脉 — 今日待办 4 项");
        assert_eq!(tooltip(Language::Zh, 0), "客脉 — 今日无待办");
    }
}
