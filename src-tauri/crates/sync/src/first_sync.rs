//! A first sync written by short-lived processes ("steps") instead of the app's own.
//!
//! sled 0.34 keeps about 1 KB of memory for every record a process writes, for as long as the
//! process lives, whatever its cache size (node copies, its page table): a new desktop pulling
//! a team book of 100,000 customers and a million follow-ups held ~1.1 GB. So a large first
//! sync is written in steps: each step is a process of its own that opens the book with
//! nothing of it in memory ([`Store::open_to_fill`]), pulls pages until it wrote about
//! [`StepRequest::rows`] rows and exits, its memory going with it; the next step resumes the
//! pull after the last page the book applied (each page is saved with where it stopped, see
//! `engine/pull.rs`). The app opens the finished book after the last step.
//!
//! The app starts a step as its own executable with [`STEP_ARG`]; the request (the server's
//! address and the login's password among it) comes on the step's stdin, never on its command
//! line; the step answers on stdout, a line at a time ([`StepLine`]).
use crate::config::{ServerConfig, Tls};
use crate::engine::{SyncEngine, SyncOptions};
use crate::error::{Result, SyncError};
use crate::status::SyncStatus;
use rapport_core::Store;
use serde::{Deserialize, Serialize};
use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

/// The argument that makes the app's executable run one step (see [`serve_step_if_asked`]).
pub const STEP_ARG: &str = "--rapport-first-sync-step";

/// Rows a step writes before it hands over to the next: ~320 MB for 400,000 (measured), so
/// fewer, larger steps (each costs a connection, the pull's query and an open).
pub const STEP_ROWS: usize = 500_000;

/// What a step is asked to do.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StepRequest {
    /// The book's folder.
    pub dir: PathBuf,
    pub host: String,
    pub port: u16,
    pub database: String,
    pub user: String,
    pub password: String,
    /// TLS required; with the PEM certificates to trust, else the public web roots.
    pub tls: bool,
    pub ca_pem: Option<String>,
    pub connect_timeout_ms: u64,
    /// Rows to write before exiting (whole pages: a step may write a page more).
    pub rows: usize,
    /// Rows per page.
    pub page: usize,
}

impl StepRequest {
    /// A request for the book in `dir` against `config`, [`STEP_ROWS`] rows a step.
    pub fn new(dir: PathBuf, config: &ServerConfig) -> StepRequest {
        let (tls, ca_pem) = match &config.tls {
            Tls::Disable => (false, None),
            Tls::Require { ca_pem } => (
                true,
                ca_pem
                    .as_ref()
                    .map(|p| String::from_utf8_lossy(p).into_owned()),
            ),
        };
        StepRequest {
            dir,
            host: config.host.clone(),
            port: config.port,
            database: config.database.clone(),
            user: config.user.clone(),
            password: config.password.clone(),
            tls,
            ca_pem,
            connect_timeout_ms: u64::try_from(config.connect_timeout.as_millis())
                .unwrap_or(u64::MAX),
            rows: STEP_ROWS,
            page: SyncOptions::default().page,
        }
    }

    fn config(&self) -> ServerConfig {
        ServerConfig {
            host: self.host.clone(),
            port: self.port,
            database: self.database.clone(),
            user: self.user.clone(),
            password: self.password.clone(),
            tls: if self.tls {
                Tls::Require {
                    ca_pem: self.ca_pem.as_ref().map(|p| p.as_bytes().to_vec()),
                }
            } else {
                Tls::Disable
            },
            connect_timeout: Duration::from_millis(self.connect_timeout_ms),
        }
    }
}

/// A line a step writes on stdout.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "step", rename_all = "camelCase")]
pub enum StepLine {
    /// `pulled` rows of the team book's `total` are in the book.
    Progress { pulled: usize, total: usize },
    /// The step ended: `more` when the pull is not finished; its peak memory in KB (Linux).
    End { more: bool, peak_kb: u64 },
    /// The step failed.
    Failed { error: SyncError },
}

/// What the steps of a first sync did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StepsDone {
    pub steps: usize,
    /// The largest peak memory of a step, in KB (0 where the system does not say).
    pub peak_kb: u64,
}

/// This process's peak resident memory in KB, where the system says (Linux).
pub fn peak_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse().ok())
        })
        .unwrap_or(0)
}

/// Opens the book to fill it; a process that just closed it (the app, a step before) may hold
/// sled's lock a moment longer, so a locked book is tried again for up to 5 s.
fn open_to_fill(dir: &std::path::Path) -> rapport_core::Result<Store> {
    let mut tries = 0;
    loop {
        match Store::open_to_fill(dir) {
            Err(rapport_core::CoreError::Locked) if tries < 100 => {
                tries += 1;
                std::thread::sleep(Duration::from_millis(50));
            }
            other => return other,
        }
    }
}

/// Runs one step in this process: opens the book to fill it, pulls pages until `rows` rows
/// were written or the pull ended, reporting progress to `out`. Returns whether more remains.
pub async fn run_step(request: &StepRequest, out: &mut impl FnMut(StepLine)) -> Result<bool> {
    let dir = request.dir.clone();
    let store = tokio::task::spawn_blocking(move || open_to_fill(&dir))
        .await
        .map_err(|e| SyncError::Book {
            message: e.to_string(),
        })?
        .map_err(crate::engine::book)?;
    let store = Arc::new(store);
    let options = SyncOptions {
        page: request.page.max(1),
        ..SyncOptions::default()
    };
    let pages = request.rows.div_ceil(options.page).max(1);
    let mut engine = SyncEngine::with_options(store.clone(), request.config(), options);
    let mut status = engine.status();
    let pull = engine.pull_at_most(pages);
    tokio::pin!(pull);
    loop {
        tokio::select! {
            pulled = &mut pull => {
                pulled?;
                break;
            }
            // The engine (and its status) lives as long as the pull: this never errs first.
            Ok(()) = status.changed() => {
                if let SyncStatus::FirstSync { pulled, total } = *status.borrow_and_update() {
                    out(StepLine::Progress { pulled, total });
                }
            }
        }
    }
    // A page position is saved while the pull is unfinished, and cleared by its last page.
    let more = store.sync_page().map_err(crate::engine::book)?.is_some();
    Ok(more)
}

/// In `main`, before anything else: when started with [`STEP_ARG`], reads a [`StepRequest`]
/// as JSON from stdin, runs the step, writes [`StepLine`]s (JSON, a line each) and returns
/// the exit code (0, also when the step failed: the failure is the last line). `None` when
/// not asked, so the app starts as usual.
pub fn serve_step_if_asked() -> Option<i32> {
    if !std::env::args().skip(1).any(|a| a == STEP_ARG) {
        return None;
    }
    Some(serve_step(
        std::io::stdin().lock(),
        std::io::stdout().lock(),
    ))
}

/// One step: the request from `input`, the lines to `output`.
pub fn serve_step(input: impl std::io::Read, mut output: impl Write) -> i32 {
    let mut write = |line: StepLine| {
        if let Ok(json) = serde_json::to_string(&line) {
            let _ = writeln!(output, "{json}");
            let _ = output.flush();
        }
    };
    let request: StepRequest = match serde_json::from_reader(input) {
        Ok(r) => r,
        Err(e) => {
            write(StepLine::Failed {
                error: SyncError::Book {
                    message: format!("first sync step: unreadable request: {e}"),
                },
            });
            return 2;
        }
    };
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            write(StepLine::Failed {
                error: SyncError::Book {
                    message: e.to_string(),
                },
            });
            return 2;
        }
    };
    let ended = runtime.block_on(run_step(&request, &mut write));
    drop(runtime);
    match ended {
        Ok(more) => write(StepLine::End {
            more,
            peak_kb: peak_kb(),
        }),
        Err(error) => write(StepLine::Failed { error }),
    }
    0
}

/// Runs steps until the pull is finished: each step is `command()` (the app's executable with
/// [`STEP_ARG`]) given `request` on its stdin. `progress` hears each step's progress lines.
/// The book must not be open in this process meanwhile (sled locks it). A step that fails says
/// why (the server away, a wrong password: the same errors as the engine's); what the steps
/// before it wrote stays, and a later pull (in steps or by the engine) resumes after it.
pub fn run_steps(
    mut command: impl FnMut() -> Command,
    request: &StepRequest,
    mut progress: impl FnMut(usize, usize),
) -> Result<StepsDone> {
    let body = serde_json::to_vec(request).map_err(|e| SyncError::Book {
        message: e.to_string(),
    })?;
    let mut done = StepsDone::default();
    loop {
        let lost = |e: std::io::Error| SyncError::Book {
            message: format!("first sync step: {e}"),
        };
        let mut child = command()
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .map_err(lost)?;
        if let Some(mut stdin) = child.stdin.take() {
            stdin.write_all(&body).map_err(lost)?;
        }
        let mut end = None;
        if let Some(stdout) = child.stdout.take() {
            for line in BufReader::new(stdout).lines() {
                let line = line.map_err(lost)?;
                // Anything else on stdout (a test harness's own words) is not the step's.
                let json = line.find('{').map_or("", |at| &line[at..]);
                let Ok(line) = serde_json::from_str::<StepLine>(json) else {
                    continue;
                };
                match line {
                    StepLine::Progress { pulled, total } => progress(pulled, total),
                    other => end = Some(other),
                }
            }
        }
        let status = child.wait().map_err(lost)?;
        done.steps += 1;
        match end {
            Some(StepLine::End { more, peak_kb }) => {
                done.peak_kb = done.peak_kb.max(peak_kb);
                if !more {
                    return Ok(done);
                }
            }
            Some(StepLine::Failed { error }) => return Err(error),
            _ => {
                return Err(SyncError::Book {
                    message: format!("first sync step ended without an answer ({status})"),
                })
            }
        }
    }
}
