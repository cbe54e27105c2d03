//! The shared pool (公海) from the app: 领取 / claim a customer, and the manager's rule that
//! returns idle customers to the pool. The server decides both (sql/0010_pool.sql); the UI
//! hides what a role may not do, but row-level security is what protects the data.
use crate::error::ApiError;
use crate::state::AppState;
use crate::team::{errors, hands, me, Team};
use rapport_core::error::ErrorPayload;
use rapport_core::model::{Language, TeamMe};
use rapport_sync::{Server, SyncError};
use tauri::{AppHandle, State};

fn words(code: &str, zh: &str, en: &str, field: Option<&str>, lang: Language) -> ApiError {
    ApiError(ErrorPayload {
        code: code.into(),
        message: match lang {
            Language::Zh => zh.into(),
            Language::En => en.into(),
        },
        field: field.map(str::to_owned),
    })
}

/// Takes a customer from the pool as mine. A colleague who was quicker: `team.not_in_pool`,
/// and the book is as it was.
#[tauri::command]
pub async fn team_claim(
    state: State<'_, AppState>,
    team: State<'_, Team>,
    id: String,
) -> Result<(), ApiError> {
    hands::claim(&state, &team, &id).await
}

/// Sets the pool rule (managers and admins): `None` turns it off, else 1 to 3,650 days
/// without a follow-up. Returns who I am with the rule as the server now holds it.
#[tauri::command]
pub async fn team_set_pool_return(
    handle: AppHandle,
    state: State<'_, AppState>,
    days: Option<i32>,
) -> Result<TeamMe, ApiError> {
    let lang = state.language();
    if days.is_some_and(|d| !(1..=3650).contains(&d)) {
        return Err(words(
            "team.field",
            "天数应在 1 到 3650 之间。",
            "The days must be between 1 and 3,650.",
            Some("days"),
            lang,
        ));
    }
    let server = Server::connect(&hands::server_config(&state)?)
        .await
        .map_err(|e| errors::sync(&e, lang))?;
    server
        .set_pool_return_days(days)
        .await
        .map_err(|e| match e {
            SyncError::NotAllowed { .. } => words(
                "team.not_allowed",
                "只有经理和管理员可以设置公海规则。",
                "Only a manager or an admin sets the pool rule.",
                None,
                lang,
            ),
            e => errors::sync(&e, lang),
        })?;
    let Some(now) = me::probe(&server)
        .await
        .map_err(|e| errors::sync(&e, lang))?
    else {
        return Err(errors::not_a_member(lang));
    };
    me::remember(&handle, now.clone());
    Ok(now)
}
