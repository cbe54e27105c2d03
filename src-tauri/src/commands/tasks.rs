//! Stage tasks (阶段任务): thin calls into the domain crate. Writes wake the reminder task
//! (`AppState::write`): a task added or re-dated changes what is due.
use crate::error::ApiError;
use crate::state::AppState;
use chrono::Utc;
use rapport_core::model::{PersonTasks, Task, TaskInput, TaskPatch};
use tauri::State;

#[tauri::command]
pub async fn customer_tasks(
    state: State<'_, AppState>,
    customer_id: String,
) -> Result<Vec<Task>, ApiError> {
    state.with_store(|s| s.customer_tasks(&customer_id))
}

#[tauri::command]
pub async fn add_task(
    state: State<'_, AppState>,
    customer_id: String,
    input: TaskInput,
) -> Result<Task, ApiError> {
    state.write(|s| s.add_task(&customer_id, input, Utc::now()))
}

#[tauri::command]
pub async fn update_task(
    state: State<'_, AppState>,
    id: String,
    patch: TaskPatch,
) -> Result<Task, ApiError> {
    state.write(|s| s.update_task(&id, patch, Utc::now()))
}

#[tauri::command]
pub async fn task_figures(state: State<'_, AppState>) -> Result<Vec<PersonTasks>, ApiError> {
    state.with_store(|s| s.task_figures(Utc::now()))
}
