//! Who this login is in the team (id, name, role) and the pool rule, learnt from the server
//! each time the engine connects (a short-lived connection of its own: `Server::whoami`), kept
//! in `team-me.json` next to the book so the role is known offline too, and sent to the window
//! as the `team-me` event. The role only decides what the UI shows: the server's row-level
//! security is what protects the data.
//!
//! A manager's or admin's desktop also enforces the pool rule here: about hourly it asks the
//! server to return idle customers to the pool (`rapport.return_idle_to_pool()`, which the
//! server refuses to anyone else), then nudges the engine so the round brings the change in.
use super::Team;
use crate::state::AppState;
use rapport_core::model::TeamMe;
use rapport_sync::{Nudge, Role, Server, ServerConfig, SyncError, SyncStatus};
use std::path::{Path, PathBuf};
use std::time::Duration;
use tauri::{Emitter, Manager};
use tokio::sync::watch;

/// The event carrying a new `TeamMe` to the window.
pub const EVENT: &str = "team-me";
const FILE: &str = "team-me.json";
/// How often a manager's desktop runs the pool rule (and re-reads the role).
const EVERY: Duration = Duration::from_secs(3600);
/// After a failed probe while connected, the next try.
const RETRY: Duration = Duration::from_secs(60);

fn path(book: &Path) -> PathBuf {
    book.join(FILE)
}

pub fn read(book: &Path) -> Option<TeamMe> {
    serde_json::from_slice(&std::fs::read(path(book)).ok()?).ok()
}

pub fn write(book: &Path, me: &TeamMe) -> std::io::Result<()> {
    let text = serde_json::to_vec_pretty(me).map_err(std::io::Error::other)?;
    let tmp = book.join(format!("{FILE}.tmp"));
    std::fs::write(&tmp, text)?;
    std::fs::rename(tmp, path(book))
}

pub fn remove(book: &Path) -> std::io::Result<()> {
    match std::fs::remove_file(path(book)) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// Asks the server who this login is and what the pool rule says.
pub async fn probe(server: &Server) -> Result<Option<TeamMe>, SyncError> {
    let Some(p) = server.whoami().await? else {
        return Ok(None);
    };
    Ok(Some(TeamMe {
        id: p.id,
        name: p.name,
        role: p.role.as_str().to_owned(),
        pool_return_days: server.pool_return_days().await?,
    }))
}

/// Keeps `me` and the window up to date.
pub fn remember(handle: &tauri::AppHandle, me: TeamMe) {
    let app = handle.state::<AppState>();
    let _ = write(&app.data_dir, &me);
    handle.state::<Team>().set_me(Some(me.clone()));
    let _ = handle.emit(EVENT, me);
}

fn connected(s: &SyncStatus) -> bool {
    matches!(s, SyncStatus::Synced { .. } | SyncStatus::Refused { .. })
}

/// Until the engine stops: at each connection (and hourly while connected) reads who I am,
/// and on a manager's or admin's desktop runs the pool rule.
pub async fn follow(
    handle: tauri::AppHandle,
    config: ServerConfig,
    mut status: watch::Receiver<SyncStatus>,
    nudge: Nudge,
) {
    loop {
        if status.wait_for(connected).await.is_err() {
            return; // the engine is gone
        }
        let pause = match round(&handle, &config, &nudge).await {
            Ok(()) => EVERY,
            Err(_) => RETRY,
        };
        let mut gone = status.clone();
        tokio::select! {
            _ = tokio::time::sleep(pause) => {}
            _ = async { while gone.changed().await.is_ok() {} } => return,
        }
    }
}

async fn round(
    handle: &tauri::AppHandle,
    config: &ServerConfig,
    nudge: &Nudge,
) -> Result<(), SyncError> {
    let server = Server::connect(config).await?;
    let Some(me) = probe(&server).await? else {
        return Ok(());
    };
    let runs_rule = Role::parse(&me.role).is_some_and(|r| r != Role::Salesperson)
        && me.pool_return_days.is_some();
    remember(handle, me);
    if runs_rule && server.return_idle_to_pool().await? > 0 {
        nudge.local_write();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn the_cached_role_survives_a_restart_and_leaves_with_the_team() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(read(dir.path()), None);
        let me = TeamMe {
            id: "01P".into(),
            name: "李娜".into(),
            role: "salesperson".into(),
            pool_return_days: Some(30),
        };
        write(dir.path(), &me).unwrap();
        assert_eq!(read(dir.path()), Some(me));
        remove(dir.path()).unwrap();
        assert_eq!(read(dir.path()), None);
        remove(dir.path()).unwrap();
    }
}
