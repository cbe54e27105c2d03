//! Backup commands: the list (also while the book is closed), backup now, the status (what
//! failed), the password, the second folder (native folder dialog), restore from a file
//! (native dialog, with a password), and the start-up screen's ways out.
use crate::backups;
use crate::dialogs;
use crate::error::ApiError;
use crate::state::AppState;
use rapport_core::backup;
use rapport_core::import::picked::PickedFiles;
use rapport_core::model::{BackupInfo, BackupReason, BackupStatus};
use tauri::{AppHandle, Emitter, Manager, State, WebviewWindow};

/// The backups in the app-data folder, newest first.
#[tauri::command]
pub async fn list_backups(state: State<'_, AppState>) -> Result<Vec<BackupInfo>, ApiError> {
    let lang = state.language();
    backup::list(&backups::folder(&state.data_dir)).map_err(|e| ApiError::from_core(&e, lang))
}

#[tauri::command]
pub async fn backup_now(app: AppHandle) -> Result<BackupInfo, ApiError> {
    let handle = app.clone();
    let taken = tauri::async_runtime::spawn_blocking(move || {
        backups::take(&handle.state::<AppState>(), BackupReason::Manual)
    })
    .await
    .map_err(|e| join_error(&app, e))?;
    let _ = app.emit(backups::STATUS_CHANGED, ());
    taken
}

/// What failed since start (the banner), and whether backups are encrypted.
#[tauri::command]
pub async fn backup_status(state: State<'_, AppState>) -> Result<BackupStatus, ApiError> {
    Ok(backups::status(&state))
}

/// Sets, changes or (with `null`) clears the password new backups are encrypted with.
#[tauri::command]
pub async fn set_backup_password(
    app: AppHandle,
    state: State<'_, AppState>,
    password: Option<String>,
) -> Result<BackupStatus, ApiError> {
    state.with_store(|s| s.set_backup_password(password.as_deref()))?;
    let _ = app.emit(backups::STATUS_CHANGED, ());
    Ok(backups::status(&state))
}

/// The second backup folder, picked in the native folder dialog; `None` when cancelled.
#[tauri::command]
pub async fn pick_backup_folder(
    window: WebviewWindow,
    state: State<'_, AppState>,
) -> Result<Option<String>, ApiError> {
    Ok(dialogs::pick_backup_folder(&window, state.language())
        .await
        .map(|p| p.to_string_lossy().into_owned()))
}

/// Asks for a backup file (native dialog) and describes it from its header, so the UI can
/// ask for the password of an encrypted one before restoring. `None` when cancelled.
#[tauri::command]
pub async fn pick_backup(
    window: WebviewWindow,
    state: State<'_, AppState>,
    picked: State<'_, PickedFiles>,
) -> Result<Option<BackupInfo>, ApiError> {
    let dir = backups::folder(&state.data_dir);
    let Some(file) = dialogs::pick_backup(&window, state.language(), dir).await else {
        return Ok(None);
    };
    let mut info = backup::info(&file).map_err(|e| ApiError::from_core(&e, state.language()))?;
    // The path stays here: the UI holds a token for it (see `PickedFiles`).
    info.path = picked.add(&file).token;
    Ok(Some(info))
}

/// Restores a backup: the one `token` names (from [`pick_backup`]; a path is no token and is
/// refused) or one asked for in the native dialog when `None`, checked completely (an
/// encrypted one with `password`: refused without it or with a wrong one), the current book
/// backed up, then a restart into the restored book. `None` when the user cancels the dialog.
#[tauri::command]
pub async fn restore_backup(
    window: WebviewWindow,
    app: AppHandle,
    token: Option<String>,
    password: Option<String>,
) -> Result<Option<BackupInfo>, ApiError> {
    let state = app.state::<AppState>();
    let lang = state.language();
    let file = match token {
        Some(token) => app
            .state::<PickedFiles>()
            .path(&token)
            .map_err(|e| ApiError::from_core(&e, lang))?,
        None => {
            let dir = backups::folder(&state.data_dir);
            let Some(file) = dialogs::pick_backup(&window, lang, dir).await else {
                return Ok(None);
            };
            file
        }
    };
    let handle = app.clone();
    tauri::async_runtime::spawn_blocking(move || {
        backups::prepare_restore(&handle.state::<AppState>(), &file, password.as_deref())
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
/// backup folder over it (the damaged book kept aside; an encrypted backup with its
/// `password`), then restarts into the book.
#[tauri::command]
pub async fn restore_damaged_book(
    app: AppHandle,
    file_name: String,
    password: Option<String>,
) -> Result<(), ApiError> {
    let handle = app.clone();
    tauri::async_runtime::spawn_blocking(move || {
        backups::restore_damaged(&handle.state::<AppState>(), &file_name, password.as_deref())
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
