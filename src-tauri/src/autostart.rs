//! Start at login: the OS entry (a `.desktop` file in ~/.config/autostart, a Launch Agent, a
//! registry `Run` value) follows `settings.reminders.start_at_login`.
use tauri::{AppHandle, Runtime};
use tauri_plugin_autostart::{MacosLauncher, ManagerExt};

/// The argument a start at login passes: the app then stays in the tray.
pub const ARG: &str = "--autostart";

pub fn plugin<R: Runtime>() -> tauri::plugin::TauriPlugin<R> {
    tauri_plugin_autostart::init(MacosLauncher::LaunchAgent, Some(vec![ARG]))
}

/// Whether this process was started at login.
pub fn started_at_login() -> bool {
    std::env::args().any(|a| a == ARG)
}

/// Adds or removes the OS entry so it matches `wanted`; touches nothing when it already does.
pub fn apply(app: &AppHandle, wanted: bool) {
    let launcher = app.autolaunch();
    let result = match launcher.is_enabled() {
        Ok(enabled) if enabled == wanted => Ok(()),
        _ if wanted => launcher.enable(),
        _ => launcher.disable(),
    };
    if let Err(e) = result {
        eprintln!("rapport: could not change start at login: {e}");
    }
}
