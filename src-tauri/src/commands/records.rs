//! A customer's opportunities, deals and after-sales service records: thin calls into the
//! domain crate (they show on the customer's timeline, `customer_timeline`).
use crate::error::ApiError;
use crate::state::AppState;
use chrono::{Local, Utc};
use rapport_core::model::{
    Deal, DealInput, DealSaved, Opportunity, OpportunityInput, ServiceInput, ServiceRecord,
};
use tauri::State;

#[tauri::command]
pub async fn add_opportunity(
    state: State<'_, AppState>,
    customer_id: String,
    input: OpportunityInput,
) -> Result<Opportunity, ApiError> {
    state.write(|s| s.add_opportunity(&customer_id, input, Utc::now()))
}

#[tauri::command]
pub async fn update_opportunity(
    state: State<'_, AppState>,
    id: String,
    input: OpportunityInput,
) -> Result<Opportunity, ApiError> {
    state.write(|s| s.update_opportunity(&id, input, Utc::now()))
}

#[tauri::command]
pub async fn delete_opportunity(state: State<'_, AppState>, id: String) -> Result<(), ApiError> {
    state.write(|s| s.delete_opportunity(&id, Utc::now()))
}

/// The deal and any warnings (a date well before the customer existed) to show, not block.
#[tauri::command]
pub async fn add_deal(
    state: State<'_, AppState>,
    customer_id: String,
    input: DealInput,
) -> Result<DealSaved, ApiError> {
    state.write(|s| s.add_deal(&customer_id, input, Utc::now(), &Local))
}

#[tauri::command]
pub async fn update_deal(
    state: State<'_, AppState>,
    id: String,
    input: DealInput,
) -> Result<DealSaved, ApiError> {
    state.write(|s| s.update_deal(&id, input, Utc::now(), &Local))
}

#[tauri::command]
pub async fn delete_deal(state: State<'_, AppState>, id: String) -> Result<(), ApiError> {
    state.write(|s| s.delete_deal(&id))
}

/// A deal edited on two machines of a team book: keep its own version or take the other.
#[tauri::command]
pub async fn resolve_deal_conflict(
    state: State<'_, AppState>,
    id: String,
    take_other: bool,
) -> Result<Deal, ApiError> {
    state.write(|s| s.resolve_deal_conflict(&id, take_other, Utc::now()))
}

#[tauri::command]
pub async fn add_service(
    state: State<'_, AppState>,
    customer_id: String,
    input: ServiceInput,
) -> Result<ServiceRecord, ApiError> {
    state.write(|s| s.add_service(&customer_id, input, Utc::now()))
}

#[tauri::command]
pub async fn update_service(
    state: State<'_, AppState>,
    id: String,
    input: ServiceInput,
) -> Result<ServiceRecord, ApiError> {
    state.write(|s| s.update_service(&id, input, Utc::now()))
}

#[tauri::command]
pub async fn delete_service(state: State<'_, AppState>, id: String) -> Result<(), ApiError> {
    state.write(|s| s.delete_service(&id))
}
