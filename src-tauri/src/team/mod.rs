//! Team mode in the shell: starts rapport-sync's engine when the book is a team book, forwards
//! its status to the window (the `sync-status` event) and wakes it after local writes. The
//! Tauri commands are in `commands::team`; the sync rules are all in rapport-sync.
pub mod errors;
pub mod first_sync;
pub mod hands;
pub mod keychain;
pub mod login;
pub mod me;
pub mod notices;
pub mod status;

use crate::state::AppState;
use rapport_core::model::{SyncState, TeamLogin, TeamMe};
use rapport_sync::{EngineHandle, Nudge, ServerConfig, SyncEngine, SyncStatus, Tls};
use std::sync::Mutex;
use std::time::Duration;
use tauri::{Emitter, Manager};
use tokio::sync::{oneshot, watch};

/// The event the window listens to for the sidebar's status.
pub const EVENT: &str = "sync-status";

struct Running {
    stop: oneshot::Sender<()>,
    status: watch::Receiver<SyncStatus>,
    nudge: Nudge,
    /// Requests (an assignment) for the engine's run loop.
    handle: EngineHandle,
}

/// The running engine of this book, if it is a team book.
#[derive(Default)]
pub struct Team {
    running: Mutex<Option<Running>>,
    /// Set when the team book's password is missing from the keychain.
    no_password: Mutex<bool>,
    /// Who this login is in the team (`me.rs`), once the server said so.
    me: Mutex<Option<TeamMe>>,
}

pub fn config(login: &TeamLogin, password: &str) -> ServerConfig {
    let mut c = ServerConfig::new(&login.host, &login.database, &login.user, password);
    c.port = login.port;
    c.tls = if login.tls {
        Tls::Require { ca_pem: None }
    } else {
        Tls::Disable
    };
    c
}

impl Team {
    /// The state the sidebar shows now.
    pub fn state(&self, app: &AppState) -> SyncState {
        let lang = app.language();
        if let Some(r) = self
            .running
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .as_ref()
        {
            return status::view(&r.status.borrow(), lang);
        }
        let team_book = app.with_store(|s| Ok(s.is_team_book())).unwrap_or(false);
        if team_book && *self.no_password.lock().unwrap_or_else(|e| e.into_inner()) {
            return status::no_password(lang);
        }
        status::personal()
    }

    /// Who this login is in the team: as the server last said, else as cached next to the
    /// book (offline since the start).
    pub fn me(&self, app: &AppState) -> Option<TeamMe> {
        let known = self.me.lock().unwrap_or_else(|e| e.into_inner()).clone();
        known.or_else(|| me::read(&app.data_dir))
    }

    pub fn set_me(&self, me: Option<TeamMe>) {
        *self.me.lock().unwrap_or_else(|e| e.into_inner()) = me;
    }

    /// The running engine's status and wake-up, for a command that changed the server.
    pub fn engine_handles(&self) -> Option<(watch::Receiver<SyncStatus>, Nudge)> {
        let running = self.running.lock().unwrap_or_else(|e| e.into_inner());
        running
            .as_ref()
            .map(|r| (r.status.clone(), r.nudge.clone()))
    }

    /// The running engine's request handle (`None`: no engine runs, e.g. a personal book or
    /// no password).
    pub fn handle(&self) -> Option<EngineHandle> {
        self.running
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .as_ref()
            .map(|r| r.handle.clone())
    }

    /// Stops the engine (at the end of its current step); the book keeps its outbox.
    pub fn stop(&self, app: &AppState) {
        if let Some(r) = self
            .running
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take()
        {
            let _ = r.stop.send(());
        }
        app.set_sync_nudge(None);
    }
}

/// Starts the engine if this book is a team book with a login and a password in the keychain.
pub fn start_if_team(handle: &tauri::AppHandle) {
    let app = handle.state::<AppState>();
    let team_book = app.with_store(|s| Ok(s.is_team_book())).unwrap_or(false);
    let Some(login) = login::read(&app.data_dir).filter(|_| team_book) else {
        return;
    };
    match keychain::load(&login) {
        Ok(Some(password)) => start(handle, &config(&login, &password)),
        Ok(None) | Err(_) => {
            let team = handle.state::<Team>();
            *team.no_password.lock().unwrap_or_else(|e| e.into_inner()) = true;
            let _ = handle.emit(EVENT, team.state(&app));
        }
    }
}

/// Starts the engine on `config` (stopping one that runs).
pub fn start(handle: &tauri::AppHandle, config: &ServerConfig) {
    let app = handle.state::<AppState>();
    let team = handle.state::<Team>();
    team.stop(&app);
    *team.no_password.lock().unwrap_or_else(|e| e.into_inner()) = false;
    let Some(store) = app.shared_store() else {
        return;
    };
    let engine = SyncEngine::new(store.clone(), config.clone());
    let status = engine.status();
    let nudge = engine.nudge();
    let requests = engine.handle();
    let (stop, stopped) = oneshot::channel::<()>();
    *team.running.lock().unwrap_or_else(|e| e.into_inner()) = Some(Running {
        stop,
        status: status.clone(),
        nudge: nudge.clone(),
        handle: requests,
    });
    app.set_sync_nudge(Some(nudge.clone()));
    tauri::async_runtime::spawn(engine.run(async {
        let _ = stopped.await;
    }));
    tauri::async_runtime::spawn(forward(handle.clone(), status.clone()));
    tauri::async_runtime::spawn(me::follow(
        handle.clone(),
        config.clone(),
        status.clone(),
        nudge.clone(),
    ));
    tauri::async_runtime::spawn(watch_outbox(store, nudge, status));
}

/// Sends each new status to the window, until the engine is gone.
async fn forward(handle: tauri::AppHandle, mut status: watch::Receiver<SyncStatus>) {
    loop {
        let lang = handle.state::<AppState>().language();
        let view = status::view(&status.borrow_and_update(), lang);
        // After a round: what its pull raised for me becomes desktop notifications.
        notices::deliver(&handle);
        let _ = handle.emit(EVENT, view);
        if status.changed().await.is_err() {
            let app = handle.state::<AppState>();
            let _ = handle.emit(EVENT, handle.state::<Team>().state(&app));
            return;
        }
    }
}

/// Wakes the engine when the outbox grew (a write the commands did not announce, e.g. an
/// import), without waking it for nothing while it backs off from an absent server. Ends with
/// the engine (its status sender gone).
async fn watch_outbox(
    store: std::sync::Arc<rapport_core::Store>,
    nudge: Nudge,
    status: watch::Receiver<SyncStatus>,
) {
    let mut last = store.outbox_len();
    while status.has_changed().is_ok() {
        tokio::time::sleep(Duration::from_millis(500)).await;
        let now = store.outbox_len();
        if now > last {
            nudge.local_write();
        }
        last = now;
    }
}
