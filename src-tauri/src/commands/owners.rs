//! The owner list (salespeople, archived ones kept) and handing customers over: thin calls
//! into the domain crate. Writes go through `state.write`, so the reminder task recomputes
//! (a handover changes who is reminded of what).
use crate::error::ApiError;
use crate::state::AppState;
use chrono::Utc;
use rapport_core::model::{HandoverRequest, HandoverResult, OwnerInfo, Settings};
use rapport_core::Store;
use tauri::State;

/// Settings never saved are saved as the UI shows them (its language) before an owner write
/// stores the owner lists in them.
fn with_settings(s: &Store, state: &AppState) -> rapport_core::Result<()> {
    if s.settings()?.is_none() {
        s.save_settings(Settings::with_language(state.language()))?;
    }
    Ok(())
}

#[tauri::command]
pub async fn owner_list(state: State<'_, AppState>) -> Result<Vec<OwnerInfo>, ApiError> {
    state.with_store(|s| s.owner_list())
}

#[tauri::command]
pub async fn set_owner_archived(
    state: State<'_, AppState>,
    name: String,
    archived: bool,
) -> Result<Vec<OwnerInfo>, ApiError> {
    state.write(|s| {
        with_settings(s, &state)?;
        s.set_owner_archived(&name, archived)
    })
}

#[tauri::command]
pub async fn hand_over(
    state: State<'_, AppState>,
    request: HandoverRequest,
) -> Result<HandoverResult, ApiError> {
    state.write(|s| {
        with_settings(s, &state)?;
        s.hand_over(&request, Utc::now())
    })
}
