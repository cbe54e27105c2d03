//! Customers changing hands from the app (the shared pool's 领取 / claim). The server decides
//! (`Server::claim` locks the row: of two people claiming at once one gets it, the other is
//! told). The running engine owns the book's sync in its own task, so a command does not call
//! it: it pushes over a short-lived connection of its own, then nudges the engine and waits
//! (briefly) for its next round, so only one engine round at a time touches the book and the
//! claimed customer shows as mine when the command returns. A refused claim changed nothing.
use super::{errors, keychain, login, Team};
use crate::error::ApiError;
use crate::state::AppState;
use rapport_sync::{Server, ServerConfig, SyncStatus};
use std::time::Duration;

/// How long a command waits for the engine's round after the server took its change; past
/// it the change still arrives with the next round.
const ROUND_WAIT: Duration = Duration::from_secs(10);

/// The team login with its password from the keychain.
pub fn server_config(state: &AppState) -> Result<ServerConfig, ApiError> {
    let lang = state.language();
    let Some(mut l) = login::read(&state.data_dir) else {
        return Err(errors::not_team(lang));
    };
    l.password = keychain::load(&l)
        .map_err(|d| errors::keychain(&d, lang))?
        .ok_or_else(|| errors::keychain("no entry", lang))?;
    Ok(super::config(&l, &l.password))
}

/// Takes `customer` from the pool as mine.
pub async fn claim(state: &AppState, team: &Team, customer: &str) -> Result<(), ApiError> {
    let lang = state.language();
    let config = server_config(state)?;
    let server = Server::connect(&config)
        .await
        .map_err(|e| errors::sync(&e, lang))?;
    let commit = server
        .claim(customer)
        .await
        .map_err(|e| errors::sync(&e, lang))?;
    team.round_after_server_change(state, commit).await;
    Ok(())
}

impl Team {
    /// Nudges the running engine and waits until the book has pulled `commit` (or gives up
    /// after `ROUND_WAIT`; no engine or no commit: returns at once).
    pub async fn round_after_server_change(&self, state: &AppState, commit: Option<i64>) {
        let (Some((mut status, nudge)), Some(commit), Some(store)) =
            (self.engine_handles(), commit, state.shared_store())
        else {
            return;
        };
        nudge.local_write();
        let pulled = |_: &SyncStatus| store.sync_cursor().is_ok_and(|c| c >= commit);
        let _ = tokio::time::timeout(ROUND_WAIT, status.wait_for(pulled)).await;
    }
}
