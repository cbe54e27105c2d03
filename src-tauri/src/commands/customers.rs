//! Customer commands: each is a thin call into the domain crate. Writes wake the reminder
//! task (`AppState::write`): a customer's birthday, contract or name may change what is due.
use crate::error::ApiError;
use crate::state::AppState;
use chrono::{Local, Utc};
use rapport_core::model::{Customer, CustomerInput, CustomerRow, ListPage, ListQuery};
use tauri::State;

#[tauri::command]
pub async fn list_customers(
    state: State<'_, AppState>,
    query: ListQuery,
) -> Result<ListPage, ApiError> {
    // Days since the last contact are counted in the user's local calendar days.
    let page = state.with_store(|s| s.list_customers_at(&query, Utc::now(), &chrono::Local));
    state.page_served();
    page
}

#[tauri::command]
pub async fn get_customer(state: State<'_, AppState>, id: String) -> Result<Customer, ApiError> {
    state.with_store(|s| s.get_customer(&id))
}

#[tauri::command]
pub async fn create_customer(
    state: State<'_, AppState>,
    input: CustomerInput,
) -> Result<Customer, ApiError> {
    state.write(|s| s.create_customer(input, Utc::now()))
}

#[tauri::command]
pub async fn update_customer(
    state: State<'_, AppState>,
    id: String,
    input: CustomerInput,
    base: Option<CustomerInput>,
) -> Result<Customer, ApiError> {
    // `base`: the form as it was opened, so a colleague's edit pulled meanwhile is kept.
    state.write(|s| match &base {
        Some(base) => s.edit_customer_in(&id, input, base, Utc::now(), &Local),
        None => s.update_customer_in(&id, input, Utc::now(), &Local),
    })
}

#[tauri::command]
pub async fn trash_customer(state: State<'_, AppState>, id: String) -> Result<(), ApiError> {
    state.write(|s| s.trash_customer(&id, Utc::now()))
}

#[tauri::command]
pub async fn restore_customer(
    state: State<'_, AppState>,
    id: String,
) -> Result<Customer, ApiError> {
    state.write(|s| s.restore_customer(&id, Utc::now()))
}

#[tauri::command]
pub async fn purge_customer(state: State<'_, AppState>, id: String) -> Result<(), ApiError> {
    state.write(|s| s.purge_customer(&id))
}

#[tauri::command]
pub async fn empty_trash(state: State<'_, AppState>) -> Result<u32, ApiError> {
    state.write(|s| s.empty_trash())
}

#[tauri::command]
pub async fn list_trash(state: State<'_, AppState>) -> Result<Vec<CustomerRow>, ApiError> {
    state.with_store(|s| s.list_trash())
}

#[tauri::command]
pub async fn list_owners(state: State<'_, AppState>) -> Result<Vec<String>, ApiError> {
    state.with_store(|s| s.owners())
}

#[tauri::command]
pub async fn load_demo_data(state: State<'_, AppState>) -> Result<u32, ApiError> {
    // Settings saved first (in the UI's language), so the demo's product list can join them.
    let language = state.language();
    state.write(|s| {
        if s.settings()?.is_none() {
            s.save_settings(rapport_core::model::Settings::with_language(language))?;
        }
        s.load_demo(Utc::now(), &Local)
    })
}
