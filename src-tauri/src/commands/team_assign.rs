//! Giving a customer to one of the team's people (Settings-free: the customer page's and the
//! new-customer form's owner picker). The people come from the book (the last pull's list, so
//! names show offline); the assignment goes through the running engine to the server, which
//! decides (a salesperson's is refused).
use crate::error::ApiError;
use crate::state::AppState;
use crate::team::{errors, Team};
use rapport_core::error::ErrorPayload;
use rapport_core::model::{Language, TeamPeople};
use rapport_sync::SyncError;
use tauri::State;

/// The team's people as last pulled, and which one I am (empty in a personal book).
#[tauri::command]
pub async fn team_people(state: State<'_, AppState>) -> Result<TeamPeople, ApiError> {
    state.with_store(|s| s.team_people())
}

/// Gives the customer to the person `person_id`, or to the shared pool (公海) with `None`.
/// Answers once the server took it and the round that brings it back ran.
#[tauri::command]
pub async fn team_assign(
    state: State<'_, AppState>,
    team: State<'_, Team>,
    customer_id: String,
    person_id: Option<String>,
) -> Result<(), ApiError> {
    let lang = state.language();
    state.with_store(|s| s.get_customer(&customer_id).map(|_| ()))?;
    let Some(engine) = team.handle() else {
        return Err(errors::not_team(lang));
    };
    engine
        .assign(&customer_id, person_id.as_deref())
        .await
        .map(|_| ())
        .map_err(|e| refused(&e, lang))
}

/// The server's refusal in words a salesperson understands; being offline says so.
fn refused(e: &SyncError, lang: Language) -> ApiError {
    let (code, zh, en) = if e.is_offline() {
        (
            "team.assignOffline",
            "换负责人需要连上团队服务器，现在连不上。请联网后再试。",
            "Changing the owner needs the team's server, which cannot be reached now. Try again when online.",
        )
    } else if matches!(e, SyncError::NotAllowed { .. }) {
        (
            "team.assignNotAllowed",
            "只有经理和管理员可以给客户换负责人。",
            "Only a manager or an admin can change a customer's owner.",
        )
    } else {
        return errors::sync(e, lang);
    };
    ApiError(ErrorPayload {
        code: code.into(),
        message: match lang {
            Language::Zh => zh.into(),
            Language::En => en.into(),
        },
        field: None,
    })
}
