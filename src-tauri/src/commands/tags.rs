//! Tag manager commands.
use crate::error::ApiError;
use crate::state::AppState;
use chrono::Utc;
use rapport_core::model::{Tag, TagInfo};
use tauri::State;

#[tauri::command]
pub async fn list_tags(state: State<'_, AppState>) -> Result<Vec<TagInfo>, ApiError> {
    state.with_store(|s| s.list_tags())
}

#[tauri::command]
pub async fn create_tag(
    state: State<'_, AppState>,
    name: String,
    color: Option<String>,
) -> Result<Tag, ApiError> {
    state.with_store(|s| s.create_tag(&name, color.as_deref()))
}

#[tauri::command]
pub async fn rename_tag(
    state: State<'_, AppState>,
    id: String,
    name: String,
) -> Result<Tag, ApiError> {
    state.with_store(|s| s.rename_tag(&id, &name))
}

#[tauri::command]
pub async fn recolor_tag(
    state: State<'_, AppState>,
    id: String,
    color: String,
) -> Result<Tag, ApiError> {
    state.with_store(|s| s.recolor_tag(&id, &color))
}

#[tauri::command]
pub async fn merge_tags(
    state: State<'_, AppState>,
    from: String,
    into: String,
) -> Result<Tag, ApiError> {
    state.with_store(|s| s.merge_tags(&from, &into, Utc::now()))
}

#[tauri::command]
pub async fn delete_tag(state: State<'_, AppState>, id: String) -> Result<(), ApiError> {
    state.with_store(|s| s.delete_tag(&id, Utc::now()))
}
