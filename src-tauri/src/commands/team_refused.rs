//! The changes the team server refused for good (set aside so the others went on): listed in
//! Settings › Team, sent again once the reason went away, or kept on this computer only.
//! Both writes wake the sync engine (`AppState::write`), so the sidebar's status follows.
use crate::error::ApiError;
use crate::state::AppState;
use crate::team::errors;
use rapport_core::model::RefusedChange;
use tauri::State;

/// The refused changes, oldest first, each reason in the user's language.
#[tauri::command]
pub async fn team_refused(state: State<'_, AppState>) -> Result<Vec<RefusedChange>, ApiError> {
    let lang = state.language();
    let mut changes = state.with_store(|s| s.refused_changes())?;
    for c in &mut changes {
        c.reason = errors::in_language(&c.reason, lang);
    }
    Ok(changes)
}

/// Puts the changes back in the outbox, each in its place; returns how many went back.
#[tauri::command]
pub async fn team_retry_refused(
    state: State<'_, AppState>,
    op_ids: Vec<String>,
) -> Result<usize, ApiError> {
    state.write(|s| s.outbox_retry_refused(&op_ids))
}

/// Forgets the changes: they stay in this book only; returns how many were forgotten.
#[tauri::command]
pub async fn team_dismiss_refused(
    state: State<'_, AppState>,
    op_ids: Vec<String>,
) -> Result<usize, ApiError> {
    state.write(|s| s.outbox_dismiss_refused(&op_ids))
}
