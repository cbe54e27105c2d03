//! 业绩 / Performance: each person's month or quarter against the sales targets, and saving
//! the targets. Figures are computed in the domain crate (`rapport_core::analytics`).
use super::pipeline::off_thread;
use crate::error::ApiError;
use crate::state::AppState;
use crate::team::Team;
use chrono::Utc;
use rapport_core::model::{Performance, PerformanceQuery, SalesTarget};
use tauri::{AppHandle, State};

#[tauri::command]
pub async fn performance(app: AppHandle, query: PerformanceQuery) -> Result<Performance, ApiError> {
    off_thread(&app, move |s| {
        s.performance(&query, Utc::now(), &chrono::Local)
    })
    .await
}

/// Replaces the targets (checked); the saved list.
#[tauri::command]
pub fn save_targets(
    state: State<'_, AppState>,
    team: State<'_, Team>,
    targets: Vec<SalesTarget>,
) -> Result<Vec<SalesTarget>, ApiError> {
    // In a team book only the admin sets them (the core refuses anyone else).
    let me = team.me(&state);
    state.write(|s| s.save_targets_as(targets, me.as_ref()))
}
