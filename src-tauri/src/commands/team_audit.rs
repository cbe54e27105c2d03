//! Who did what and what needs a decision, in a team book: a customer's audit read from the
//! team server (read-only; the server answers only about customers this person may see), and
//! the deals of this book edited on two machines (the conflict banner).
use crate::error::ApiError;
use crate::state::AppState;
use crate::team::{self, errors, keychain, login};
use rapport_core::error::ErrorPayload;
use rapport_core::model::{AuditPage, DealConflictItem, Language};
use rapport_sync::{Server, AUDIT_PAGE};
use tauri::State;

/// The audit of a customer and its records, newest first; `before` (an entry's id) for the
/// next, older page. Needs the server: offline is `team.offline`, said plainly.
#[tauri::command]
pub async fn team_customer_audit(
    state: State<'_, AppState>,
    customer_id: String,
    before: Option<i64>,
) -> Result<AuditPage, ApiError> {
    let lang = state.language();
    let team_book = state.with_store(|s| Ok(s.is_team_book()))?;
    let Some(mut l) = login::read(&state.data_dir).filter(|_| team_book) else {
        return Err(errors::not_team(lang));
    };
    l.password = keychain::load(&l)
        .map_err(|d| errors::keychain(&d, lang))?
        .ok_or_else(|| errors::keychain("no entry", lang))?;
    let fail = |e: rapport_sync::SyncError| {
        if e.is_offline() {
            offline(lang)
        } else {
            errors::sync(&e, lang)
        }
    };
    let server = Server::connect(&team::config(&l, &l.password))
        .await
        .map_err(fail)?;
    server
        .customer_audit(&customer_id, before, AUDIT_PAGE)
        .await
        .map_err(fail)
}

/// The deals of this book waiting for a person to pick one of their two versions.
#[tauri::command]
pub async fn deal_conflicts(state: State<'_, AppState>) -> Result<Vec<DealConflictItem>, ApiError> {
    state.with_store(|s| s.deal_conflicts())
}

/// The team's server cannot be reached: the audit lives there, the book keeps working.
fn offline(lang: Language) -> ApiError {
    ApiError(ErrorPayload {
        code: "team.offline".into(),
        message: match lang {
            Language::Zh => "连不上团队服务器：修改记录存在服务器上，联网后再看。客户簿照常可用。".into(),
            Language::En => "The team's server cannot be reached: the audit is kept there, so look again once you are online. Your book keeps working.".into(),
        },
        field: None,
    })
}
