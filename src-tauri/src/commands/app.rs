//! Start-up information and settings.
use crate::autostart;
use crate::error::ApiError;
use crate::state::AppState;
use crate::team::Team;
use rapport_core::model::{AppInfo, Settings};
use tauri::{AppHandle, State};

#[tauri::command]
pub async fn app_info(state: State<'_, AppState>) -> Result<AppInfo, ApiError> {
    // The book may still be opening: its settings say the language.
    state.opened();
    let lang = state.language();
    let startup_error = state.startup_error().map(|e| e.payload(lang));
    let (settings, customer_count, is_empty) = match startup_error {
        Some(_) => (Settings::with_language(lang), 0, false),
        None => state.with_store(|s| {
            Ok((
                s.settings()?
                    .unwrap_or_else(|| Settings::with_language(lang)),
                s.customer_count()? as u32,
                s.is_empty()?,
            ))
        })?,
    };
    Ok(AppInfo {
        settings,
        customer_count,
        is_empty,
        data_dir: state.data_dir.display().to_string(),
        startup_error,
        restore_problem: state.restore_problem(),
        read_only: state.read_only(lang),
        damaged_book: state.damaged_book(),
    })
}

/// Starts the app again (the read-only banner, after space was freed).
#[tauri::command]
pub async fn restart_app(app: AppHandle) -> Result<(), ApiError> {
    app.restart()
}

#[tauri::command]
pub async fn get_settings(state: State<'_, AppState>) -> Result<Settings, ApiError> {
    let lang = state.language();
    state.with_store(|s| {
        Ok(s.settings()?
            .unwrap_or_else(|| Settings::with_language(lang)))
    })
}

#[tauri::command]
pub async fn save_settings(
    app: AppHandle,
    state: State<'_, AppState>,
    team: State<'_, Team>,
    settings: Settings,
    opened: Option<Settings>,
) -> Result<Settings, ApiError> {
    // In a team book a shared setting is the admin's: the core refuses anyone else's change.
    // With `opened` (the form as it started) only what the form changed is written.
    let me = team.me(&state);
    let saved = state.with_store(|s| match &opened {
        Some(opened) => s.save_settings_edit(opened, settings, me.as_ref()),
        None => s.save_settings_as(settings, me.as_ref()),
    })?;
    state.set_language(saved.language);
    // Reminders and the tray follow the new settings (language, reminder time).
    state.book_changed().notify_one();
    autostart::apply(&app, saved.reminders.start_at_login);
    Ok(saved)
}
