//! Backup commands: the list (also while the book is closed), backup now, restore from a
//! file (native dialog), and the start-up screen's ways out.
use crate::backups;
use crate::dialogs;
use crate::error::ApiError;
use crate::state::AppState;
use rapport_core::backup;
use rapport_core::model::{BackupInfo, BackupReason};
use tauri::{AppHandle, Manager, State, WebviewWindow};

/// The backups in the app-data folder, newest first.
#[tauri::command]
pub async fn list_backups(state: State<'_, AppState>) -> Result<Vec<BackupInfo>, ApiError> {
    let lang = state.language();
    backup::list(&backups::folder(&state.data_dir)).map_err(|e| ApiError::from_core(&e, lang))
}

#[tauri::command]
pub async fn backup_now(app: AppHandle) -> Result<BackupInfo, ApiError> {
    let handle = app.clone();
    tauri::async_runtime::spawn_blocking(move || {
        backups::take(&handle.state::<AppState>(), BackupReason::Manual)
    })
    .await
    .map_err(|e| join_error(&app, e))?
}

/// Asks for a backup file, checks it completely and backs up the current book, then
/// restarts into the restored book. `None` when the user cancels the dialog.
#[tauri::command]
pub async fn restore_backup(
    window: WebviewWindow,
    app: AppHandle,
) -> Result<Option<BackupInfo>, ApiError> {
    let state = app.state::<AppState>();
    let dir = backups::folder(&state.data_dir);
    let Some(file) = dialogs::pick_backup(&window, state.language(), dir).await else {
        return Ok(None);
    };
    let handle = app.clone();
    tauri::async_runtime::spawn_blocking(move || {
        backups::prepare_restore(&handle.state::<AppState>(), &file)
    })
    .await
    .map_err(|e| join_error(&app, e))??;
    // The book cannot be replaced while open: the restored one is swapped in at start.
    app.restart()
}

/// The start-up screen's "finish the restore", then a restart into the book.
#[tauri::command]
pub async fn finish_restore(app: AppHandle) -> Result<(), ApiError> {
    let state = app.state::<AppState>();
    let now = chrono::Utc::now().timestamp_millis();
    backup::finish_restore(&state.data_dir, now)
        .map_err(|e| ApiError::from_core(&e, state.language()))?;
    app.restart()
}

/// The start-up screen of a book that will not open: restores the named backup from the
/// backup folder over it (the damaged book kept aside), then restarts into the book.
#[tauri::command]
pub async fn restore_damaged_book(app: AppHandle, file_name: String) -> Result<(), ApiError> {
    let handle = app.clone();
    tauri::async_runtime::spawn_blocking(move || {
        backups::restore_damaged(&handle.state::<AppState>(), &file_name)
    })
    .await
    .map_err(|e| join_error(&app, e))??;
    app.restart()
}

/// The start-up screen's "roll back": the book from before the restore, then a restart.
#[tauri::command]
pub async fn roll_back_restore(app: AppHandle) -> Result<(), ApiError> {
    let state = app.state::<AppState>();
    let now = chrono::Utc::now().timestamp_millis();
    backup::roll_back_restore(&state.data_dir, now)
        .map_err(|e| ApiError::from_core(&e, state.language()))?;
    app.restart()
}

fn join_error(app: &AppHandle, e: impl std::fmt::Display) -> ApiError {
    let lang = app.state::<AppState>().language();
    ApiError::from_core(&rapport_core::CoreError::Storage(e.to_string()), lang)
}
