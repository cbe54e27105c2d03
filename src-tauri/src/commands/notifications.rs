//! Whether desktop notifications reach the user, and the hint on how to enable them.
use crate::error::ApiError;
use crate::notify;
use crate::state::AppState;
use rapport_core::model::NotificationStatus;
use tauri::{AppHandle, State};

#[tauri::command]
pub async fn notification_status(
    app: AppHandle,
    state: State<'_, AppState>,
) -> Result<NotificationStatus, ApiError> {
    let dismissed = state.with_store(|s| s.flag(notify::HELP_DISMISSED))?;
    Ok(notify::status(&app, state.language(), dismissed).await)
}

#[tauri::command]
pub async fn dismiss_notification_help(state: State<'_, AppState>) -> Result<(), ApiError> {
    state.with_store(|s| s.set_flag(notify::HELP_DISMISSED))
}
