//! The sync loop of one desktop: its sled book (rapport-core's `Store`, which knows nothing of
//! the network) against the team's PostgreSQL.
//!
//! One round ([`SyncEngine::sync_once`]): push the outbox oldest first in batches, each acked
//! only after the server committed it (a crash in between re-sends ops the server already
//! holds; it remembers op ids and applies nothing twice), then pull what changed since the
//! book's cursor and apply it with the new cursor in the same sled transaction (a crash leaves
//! both or neither). [`SyncEngine::run`] repeats rounds: woken by the server's NOTIFY (on a
//! connection of its own), by [`Nudge::local_write`], or by a 60 s poll; while the server is
//! away it backs off exponentially up to 30 s. Its state is a [`SyncStatus`] on a `watch`
//! channel.
use crate::config::ServerConfig;
use crate::error::{Result, SyncError};
use crate::ops::Op;
use crate::people::Role;
use crate::server::Server;
use crate::status::SyncStatus;
use chrono::{DateTime, Utc};
use rapport_core::store::OutboxOp;
use rapport_core::Store;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{mpsc, watch, Notify};
use ulid::Ulid;

mod handle;
mod hands;
pub use handle::EngineHandle;
mod join;
pub use join::JoinPreview;
mod pull;
mod refused;

/// The engine's timings and batch size.
#[derive(Debug, Clone)]
pub struct SyncOptions {
    /// Ops per `push` (one server transaction each).
    pub batch: usize,
    /// Rows per page of a pull (one book transaction each, with where it stopped).
    pub page: usize,
    /// The fallback poll when no NOTIFY or local write arrives.
    pub poll: Duration,
    /// The first wait after a failed round, doubled each time up to `backoff_max`.
    pub backoff_min: Duration,
    pub backoff_max: Duration,
}

impl Default for SyncOptions {
    fn default() -> Self {
        SyncOptions {
            batch: 500,
            page: 5000,
            poll: Duration::from_secs(60),
            backoff_min: Duration::from_millis(500),
            backoff_max: Duration::from_secs(30),
        }
    }
}

/// Wakes a running engine after a local write (cheap; a wake-up while a round runs is kept
/// for the next one, never lost).
#[derive(Clone, Debug, Default)]
pub struct Nudge(Arc<Notify>);

impl Nudge {
    pub fn local_write(&self) {
        self.0.notify_one();
    }
}

/// Ops the server committed but the book has not forgotten yet (see [`SyncEngine::ack`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pushed {
    pub op_ids: Vec<Ulid>,
    /// The server's commit number for them.
    pub commit: Option<i64>,
}

/// What one round did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct RoundReport {
    /// Ops pushed and acked.
    pub pushed: usize,
    /// Ops the server refused for good, set aside this round.
    pub refused: usize,
    /// Rows pulled (written or skipped by the book).
    pub pulled: usize,
    /// The book's cursor after the round.
    pub cursor: i64,
}

pub struct SyncEngine {
    store: Arc<Store>,
    config: ServerConfig,
    options: SyncOptions,
    server: Option<Server>,
    /// The schema of the team book on the server, read with each check: ops of a table it
    /// lacks wait in the outbox (`Table::since_schema`).
    schema: i32,
    status: watch::Sender<SyncStatus>,
    nudge: Nudge,
    offline_since: Option<DateTime<Utc>>,
    /// Requests from the shell (`handle`), served by `run` between rounds.
    requests: (
        mpsc::Sender<handle::Request>,
        Option<mpsc::Receiver<handle::Request>>,
    ),
}

pub(crate) fn book(e: rapport_core::CoreError) -> SyncError {
    SyncError::Book {
        message: e.to_string(),
    }
}

/// Runs a call on the book off the async threads (sled writes fsync).
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> rapport_core::Result<T> + Send + 'static,
) -> Result<T> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| SyncError::Book {
            message: e.to_string(),
        })?
        .map_err(book)
}

impl SyncEngine {
    pub fn new(store: Arc<Store>, config: ServerConfig) -> Self {
        Self::with_options(store, config, SyncOptions::default())
    }

    pub fn with_options(store: Arc<Store>, config: ServerConfig, options: SyncOptions) -> Self {
        SyncEngine {
            store,
            config,
            options,
            server: None,
            schema: crate::install::SCHEMA_VERSION,
            status: watch::channel(SyncStatus::Starting).0,
            nudge: Nudge::default(),
            offline_since: None,
            requests: {
                let (tx, rx) = mpsc::channel(16);
                (tx, Some(rx))
            },
        }
    }

    /// The engine's state, now and as it changes.
    pub fn status(&self) -> watch::Receiver<SyncStatus> {
        self.status.subscribe()
    }

    /// Where the shell sends requests (an assignment) for the running engine to serve.
    pub fn handle(&self) -> EngineHandle {
        EngineHandle(self.requests.0.clone())
    }

    /// The handle the shell calls after each local write.
    pub fn nudge(&self) -> Nudge {
        self.nudge.clone()
    }

    /// The open connection, made (and the server's schema checked) when there is none.
    async fn server(&mut self) -> Result<&mut Server> {
        if self.server.is_none() {
            let mut server = Server::connect(&self.config).await?;
            self.schema = server.check_schema().await?.version;
            if self.schema < crate::install::SCHEMA_VERSION {
                // An admin's Rapport brings an older team book up to its own schema; the
                // others hold back what the old one has no table for until then.
                let admin = matches!(server.whoami().await?, Some(p) if p.role == Role::Admin);
                if admin {
                    self.schema = server.migrate().await?.version;
                }
            }
            // Who this login is, kept with the team's people: pulls tell my customers and my
            // colleagues' changes apart by it (notices), and the owner picker marks me.
            if let Some(me) = server.me().await? {
                let store = self.store.clone();
                blocking(move || store.update_team_people(&[], Some(&me)).map(|_| ())).await?;
            }
            self.server = Some(server);
        }
        self.server.as_mut().ok_or(SyncError::ConnectionLost)
    }

    /// One push of the oldest waiting ops, not acked yet; `None` when the outbox is empty.
    pub async fn push_batch(&mut self) -> Result<Option<Pushed>> {
        let pending = self.pushable().await?;
        if pending.is_empty() {
            return Ok(None);
        }
        let ops: Vec<Op> = pending.iter().map(Op::from).collect();
        let commit = self.server().await?.push(&ops).await?;
        Ok(Some(Pushed {
            op_ids: pending.iter().map(|o| o.op_id).collect(),
            commit,
        }))
    }

    /// The oldest waiting ops (a batch) of the tables the server's team book has.
    async fn pushable(&mut self) -> Result<Vec<OutboxOp>> {
        self.server().await?;
        let (store, limit, schema) = (self.store.clone(), self.options.batch, self.schema);
        let on_server = move |t| crate::outbox::table(t).since_schema() <= schema;
        blocking(move || store.outbox_pending_for(limit, on_server)).await
    }

    /// Forgets ops the server has committed.
    pub async fn ack(&self, pushed: Pushed) -> Result<usize> {
        let store = self.store.clone();
        blocking(move || store.outbox_ack(&pushed.op_ids)).await
    }

    /// One round: push everything waiting, then pull. On failure the book is as the last
    /// completed step left it, and a dropped connection is reopened by the next round.
    pub async fn sync_once(&mut self) -> Result<RoundReport> {
        let reused = self.server.is_some();
        let mut result = self.round().await;
        if reused && matches!(&result, Err(e) if e.is_offline()) {
            // A connection that went stale while idle (a server restart): one fresh try
            // before calling the server away.
            self.server = None;
            result = self.round().await;
        }
        match &result {
            Ok(_) => {
                self.offline_since = None;
                let pending = self.store.outbox_len();
                let refused = self.store.outbox_refused().unwrap_or_default();
                self.status.send_replace(match refused.last() {
                    Some(last) => SyncStatus::Refused {
                        at: Utc::now(),
                        pending,
                        count: refused.len(),
                        reason: last.reason.clone(),
                    },
                    None if pending == 0 => SyncStatus::Synced { at: Utc::now() },
                    None => SyncStatus::Syncing { pending },
                });
            }
            Err(e) if e.is_offline() => {
                self.server = None;
                let since = *self.offline_since.get_or_insert_with(Utc::now);
                self.status.send_replace(SyncStatus::Offline {
                    since,
                    pending: self.store.outbox_len(),
                    reason: e.clone(),
                });
            }
            Err(e) if e.is_too_new() => {
                self.status.send_replace(SyncStatus::ReadOnly {
                    pending: self.store.outbox_len(),
                    reason: e.clone(),
                });
            }
            Err(e) => {
                self.status
                    .send_replace(SyncStatus::Error { reason: e.clone() });
            }
        }
        result
    }

    async fn round(&mut self) -> Result<RoundReport> {
        let mut report = RoundReport::default();
        // A connection made now is checked by `server()`; one kept from an earlier round is
        // checked again, as the team book may have been upgraded by a newer app meanwhile.
        let reused = self.server.is_some();
        let server = self.server().await?;
        if reused {
            self.schema = server.check_schema().await?.version;
        }
        self.push_outbox(&mut report).await?;
        let (pulled, cursor) = self.pull().await?;
        report.pulled = pulled;
        report.cursor = cursor;
        Ok(report)
    }

    /// A round's push: the outbox oldest first in batches, each acked once the server
    /// committed it; ops the server refuses for good are set aside with its reason.
    async fn push_outbox(&mut self, report: &mut RoundReport) -> Result<()> {
        loop {
            let pending = self.store.outbox_len();
            if pending == 0 {
                break;
            }
            if self.offline_since.is_none() {
                self.status.send_replace(SyncStatus::Syncing { pending });
            }
            match self.push_batch().await {
                Ok(Some(pushed)) => report.pushed += self.ack(pushed).await?,
                Ok(None) => break,
                Err(e) if e.is_refusal() => {
                    let (pushed, refused) = self.find_refused().await?;
                    report.pushed += pushed;
                    report.refused += refused;
                }
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }

    /// Runs rounds until `shutdown` completes (see the module notes).
    pub async fn run(mut self, shutdown: impl Future<Output = ()>) {
        tokio::pin!(shutdown);
        let nudge = self.nudge.0.clone();
        // Without a receiver (a second `run` of the same engine cannot happen: run takes self)
        // requests simply wait forever.
        let mut requests = self.requests.1.take();
        let mut listener: Option<Server> = None;
        let mut backoff = self.options.backoff_min;
        loop {
            // LISTEN before the round: a commit made after the round's pull then wakes us.
            if listener.is_none() && self.offline_since.is_none() {
                listener = self.listen().await;
            }
            let wait = match self.sync_once().await {
                Ok(_) => {
                    backoff = self.options.backoff_min;
                    if listener.is_none() {
                        // Back from offline: listen, and pull once more for what committed
                        // between the round and the LISTEN.
                        listener = self.listen().await;
                        if listener.is_some() {
                            continue;
                        }
                    }
                    if self.store.outbox_len() > 0 {
                        // Written during the round (a nudge may not come): go again.
                        continue;
                    }
                    self.options.poll
                }
                Err(e) if e.is_offline() => {
                    listener = None;
                    let wait = backoff;
                    backoff = (backoff * 2).min(self.options.backoff_max);
                    wait
                }
                Err(_) => self.options.poll,
            };
            let cursor = self.store.sync_cursor().unwrap_or(0);
            let request = tokio::select! {
                _ = &mut shutdown => return,
                _ = tokio::time::sleep(wait) => None,
                _ = nudge.notified() => None,
                r = next_request(&mut requests) => r,
                woke = next_wake(&mut listener, cursor) => {
                    if !woke {
                        // The listening connection ended: the next round finds out why.
                        listener = None;
                    }
                    None
                }
            };
            if let Some(request) = request {
                // Served between rounds, on this engine's connection (see `handle.rs`).
                self.serve(request).await;
            }
        }
    }

    /// A second connection that only listens for commits; `None` if it cannot be had now
    /// (the poll covers for it).
    async fn listen(&self) -> Option<Server> {
        let server = Server::connect(&self.config).await.ok()?;
        server.listen().await.ok()?;
        Some(server)
    }
}

/// The next request from the shell; pends forever once none can come.
async fn next_request(
    requests: &mut Option<mpsc::Receiver<handle::Request>>,
) -> Option<handle::Request> {
    let Some(rx) = requests.as_mut() else {
        return std::future::pending().await;
    };
    match rx.recv().await {
        Some(r) => Some(r),
        None => {
            *requests = None;
            std::future::pending().await
        }
    }
}

/// Waits for a commit newer than `cursor` (older ones, our own pushes among them, were pulled
/// already); `false` when the listener's connection ended.
/// Pends forever without a listener.
async fn next_wake(listener: &mut Option<Server>, cursor: i64) -> bool {
    let Some(l) = listener.as_mut() else {
        return std::future::pending().await;
    };
    loop {
        match l.next_wake().await {
            Some(n) if n > cursor => return true,
            Some(_) => {}
            None => return false,
        }
    }
}
