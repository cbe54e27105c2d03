//! Follow-up, timeline and agenda commands: thin calls into the domain crate. Writes wake the
//! reminder task (`AppState::write`).
use crate::error::ApiError;
use crate::state::AppState;
use chrono::{Local, Utc};
use rapport_core::model::{
    Agenda, AgendaQuery, FollowUp, FollowUpInput, FollowUpSuggestion, Priority, Snooze,
    TimelineEntry,
};
use tauri::State;

#[tauri::command]
pub async fn log_follow_up(
    state: State<'_, AppState>,
    customer_id: String,
    input: FollowUpInput,
) -> Result<FollowUp, ApiError> {
    state.write(|s| s.log_follow_up(&customer_id, input, Utc::now(), &Local))
}

#[tauri::command]
pub async fn update_follow_up(
    state: State<'_, AppState>,
    id: String,
    input: FollowUpInput,
) -> Result<FollowUp, ApiError> {
    state.write(|s| s.update_follow_up(&id, input, Utc::now(), &Local))
}

#[tauri::command]
pub async fn delete_follow_up(state: State<'_, AppState>, id: String) -> Result<(), ApiError> {
    state.write(|s| s.delete_follow_up(&id))
}

#[tauri::command]
pub async fn complete_follow_up(
    state: State<'_, AppState>,
    id: String,
) -> Result<FollowUp, ApiError> {
    state.write(|s| s.complete_follow_up(&id, Utc::now()))
}

#[tauri::command]
pub async fn snooze_follow_up(
    state: State<'_, AppState>,
    id: String,
    snooze: Snooze,
) -> Result<FollowUp, ApiError> {
    state.write(|s| s.snooze_follow_up(&id, snooze, Utc::now(), &Local))
}

#[tauri::command]
pub async fn customer_timeline(
    state: State<'_, AppState>,
    customer_id: String,
) -> Result<Vec<TimelineEntry>, ApiError> {
    state.with_store(|s| s.timeline(&customer_id))
}

#[tauri::command]
pub async fn suggest_follow_up(
    state: State<'_, AppState>,
    customer_id: String,
    priority: Option<Priority>,
) -> Result<FollowUpSuggestion, ApiError> {
    state.with_store(|s| s.suggest_follow_up(&customer_id, priority, Utc::now(), &Local))
}

#[tauri::command]
pub async fn get_agenda(
    state: State<'_, AppState>,
    query: AgendaQuery,
) -> Result<Agenda, ApiError> {
    state.with_store(|s| s.agenda(&query, Utc::now(), &Local))
}
