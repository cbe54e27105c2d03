//! The pipeline board and stage moves: thin calls into the domain crate. The board reads the
//! analytics facts, which the first time decode the whole book: run off the async threads.
use crate::error::ApiError;
use crate::state::AppState;
use chrono::Utc;
use rapport_core::model::{Board, BoardColumn, BoardQuery, Customer, Stage};
use rapport_core::{CoreError, Store};
use tauri::{AppHandle, Manager, State};

/// Runs a read of the book on a blocking thread.
pub async fn off_thread<T: Send + 'static>(
    app: &AppHandle,
    f: impl FnOnce(&Store) -> rapport_core::Result<T> + Send + 'static,
) -> Result<T, ApiError> {
    let app2 = app.clone();
    let lang = app.state::<AppState>().language();
    tauri::async_runtime::spawn_blocking(move || app2.state::<AppState>().with_store(f))
        .await
        .map_err(|e| ApiError::from_core(&CoreError::Storage(e.to_string()), lang))?
}

#[tauri::command]
pub async fn pipeline_board(
    app: AppHandle,
    query: BoardQuery,
    per_column: u32,
) -> Result<Board, ApiError> {
    off_thread(&app, move |s| s.board(&query, per_column, Utc::now())).await
}

#[tauri::command]
pub async fn pipeline_column(
    app: AppHandle,
    query: BoardQuery,
    stage: Stage,
    offset: u32,
    limit: u32,
) -> Result<BoardColumn, ApiError> {
    off_thread(&app, move |s| {
        s.board_column(&query, stage, offset, limit, Utc::now())
    })
    .await
}

#[tauri::command]
pub async fn move_stage(
    state: State<'_, AppState>,
    id: String,
    stage: Stage,
    lost_reason: String,
) -> Result<Customer, ApiError> {
    state.write(|s| s.move_stage_in(&id, stage, &lost_reason, Utc::now(), &chrono::Local))
}
