//! The window-state plugin restores size and position at start but saves only on a clean exit.
//! Saving shortly after each resize or move keeps them even when the app is killed or the
//! machine loses power.
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tauri::{Manager, WindowEvent};
use tauri_plugin_window_state::{AppHandleExt, StateFlags};

/// Quiet time after the last resize/move event before the state is written.
const SETTLE: Duration = Duration::from_millis(400);

pub fn save_on_change(app: &tauri::App) {
    let Some(window) = app.get_webview_window("main") else {
        return;
    };
    let handle = app.handle().clone();
    let latest = Arc::new(AtomicU64::new(0));
    window.on_window_event(move |event| {
        if !matches!(event, WindowEvent::Resized(_) | WindowEvent::Moved(_)) {
            return;
        }
        let mine = latest.fetch_add(1, Ordering::SeqCst) + 1;
        let (latest, handle) = (latest.clone(), handle.clone());
        tauri::async_runtime::spawn(async move {
            tokio::time::sleep(SETTLE).await;
            if latest.load(Ordering::SeqCst) == mine {
                if let Err(e) = handle.save_window_state(StateFlags::all()) {
                    eprintln!("rapport: could not save the window size and position: {e}");
                }
            }
        });
    });
}
