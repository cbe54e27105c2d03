//! Automatic backups and restore, around the domain's `backup` module:
//! - where they live: `<book>-backups/` next to the book (the app-data folder), and a copy in
//!   the second folder of the settings when one is set;
//! - a daily backup at start (and when the app runs past midnight, checked hourly), one
//!   before every import and before every restore, one before a schema migration at open;
//!   each kind is pruned apart (the `backupKeep` settings);
//! - what failed is kept in [`Health`] and sent to the UI (`backup-status`): the banner and
//!   the settings page show it until a backup succeeds;
//! - restore: the chosen file is checked completely into `<book>-staged/` (with the password
//!   of an encrypted backup), the current book is backed up, then the app restarts and the
//!   staged book is swapped in before the book is opened (it cannot be replaced while open).
//! - a book that will not open: the start-up screen restores a backup from the folder over
//!   it, the damaged book kept aside ([`restore_damaged`]).
use crate::error::ApiError;
use crate::state::AppState;
use chrono::Utc;
use rapport_core::backup;
use rapport_core::model::{BackupInfo, BackupProblem, BackupReason, BackupStatus};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;
use tauri::{AppHandle, Emitter, Manager};

/// The event the UI refetches the backup status on.
pub const STATUS_CHANGED: &str = "backup-status";

pub fn folder(book_dir: &Path) -> PathBuf {
    let name = book_dir
        .file_name()
        .map_or_else(|| "book".into(), |n| n.to_string_lossy().into_owned());
    book_dir.with_file_name(format!("{name}-backups"))
}

/// The outcome of the backups taken since the app started.
#[derive(Default)]
pub struct Health(Mutex<BackupStatus>);

impl Health {
    pub fn status(&self) -> BackupStatus {
        self.0.lock().map(|s| s.clone()).unwrap_or_default()
    }

    fn update(&self, f: impl FnOnce(&mut BackupStatus)) {
        if let Ok(mut s) = self.0.lock() {
            f(&mut s);
        }
    }
}

fn problem(reason: BackupReason, e: &ApiError) -> BackupProblem {
    BackupProblem {
        at: Utc::now(),
        reason,
        code: e.0.code.clone(),
        message: e.0.message.clone(),
    }
}

/// Takes a backup now (verified, copied to the second folder, old ones pruned) and records
/// how it went for the banner. Fails only when the backup itself failed.
pub fn take(state: &AppState, reason: BackupReason) -> Result<BackupInfo, ApiError> {
    let dir = folder(&state.data_dir);
    let lang = state.language();
    let taken = state.with_store(|s| s.take_backup(&dir, reason, Utc::now(), &chrono::Local));
    match taken {
        Ok(report) => {
            if let Some(e) = &report.prune_error {
                eprintln!("rapport: old backups could not all be deleted: {e}");
            }
            let mirror = report
                .mirror_error()
                .map(|e| problem(reason, &ApiError::from_core(e, lang)));
            if let Some(m) = &mirror {
                eprintln!(
                    "rapport: backup not copied to the second folder: {}",
                    m.message
                );
            }
            state.backup_health.update(|s| {
                s.last_success = Some(report.info.created_at);
                s.failure = None;
                s.mirror_failure = mirror;
            });
            Ok(report.info)
        }
        Err(e) => {
            eprintln!("rapport: {reason:?} backup failed: {}", e.0.message);
            state
                .backup_health
                .update(|s| s.failure = Some(problem(reason, &e)));
            Err(e)
        }
    }
}

/// The status for the UI: what failed, and whether backups are encrypted.
pub fn status(state: &AppState) -> BackupStatus {
    let mut status = state.backup_health.status();
    status.encrypted = state
        .with_store(|s| s.has_backup_password())
        .unwrap_or(false);
    status
}

/// The backup an import makes first; an import does not run without it.
pub fn before_import(state: &AppState) -> Result<BackupInfo, ApiError> {
    take(state, BackupReason::BeforeImport)
}

/// The daily backup when today has none yet; a failure is kept for the banner and sent.
pub fn daily(app: &AppHandle) {
    let state = app.state::<AppState>();
    if state.startup_error().is_some() {
        return;
    }
    let dir = folder(&state.data_dir);
    let due = match backup::needs_daily(&dir, Utc::now(), &chrono::Local) {
        Ok(due) => due,
        Err(e) => {
            eprintln!("rapport: cannot read the backup folder: {e}");
            // Try anyway: writing says best what is wrong.
            true
        }
    };
    if due {
        let _ = take(&state, BackupReason::Daily);
        crate::memory::trim();
        let _ = app.emit(STATUS_CHANGED, ());
    }
}

/// Checks for the daily backup at start and every hour after.
pub fn start_hourly(app: &AppHandle) {
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        loop {
            tokio::time::sleep(Duration::from_secs(3600)).await;
            let handle = app.clone();
            let _ = tauri::async_runtime::spawn_blocking(move || daily(&handle)).await;
        }
    });
}

/// Checks `file` into the staging folder (an encrypted backup with its `password`) and
/// backs up the current book; the staged book replaces it at the next start
/// ([`swap_requested`]). Nothing is changed when the file is refused.
pub fn prepare_restore(
    state: &AppState,
    file: &Path,
    password: Option<&str>,
) -> Result<BackupInfo, ApiError> {
    let lang = state.language();
    let staging = backup::staged_dir(&state.data_dir);
    let fail = |e: rapport_core::CoreError| ApiError::from_core(&e, lang);
    if staging.exists() {
        std::fs::remove_dir_all(&staging)
            .map_err(|e| fail(rapport_core::CoreError::Storage(e.to_string())))?;
    }
    let info = backup::stage(file, &staging, password).map_err(fail)?;
    take(state, BackupReason::BeforeRestore)?;
    std::fs::write(backup::restore_request(&state.data_dir), b"1")
        .map_err(|e| fail(rapport_core::CoreError::Storage(e.to_string())))?;
    Ok(info)
}

/// Before the book opens: finishes a restore a crash cut off, then swaps in a staged book
/// the user asked for. An error (`RestoreUnfinished`: what lies where) is shown on the
/// start-up screen instead of the book, which offers to finish or roll back.
pub fn swap_requested(book_dir: &Path) -> rapport_core::Result<()> {
    backup::swap_at_start(book_dir, Utc::now().timestamp_millis())
}

/// Opens the book, backing it up first when it must be migrated to this version's layout.
pub fn open_book(book_dir: &Path) -> rapport_core::Result<rapport_core::Store> {
    rapport_core::Store::open_with_backups(book_dir, &folder(book_dir), Utc::now())
}

/// The start-up screen's restore of a book that will not open: the backup named
/// `file_name` in the backup folder replaces it; the damaged book is kept aside. Refused
/// when the book opened or failed for another reason (locked, newer, disk).
pub fn restore_damaged(
    state: &AppState,
    file_name: &str,
    password: Option<&str>,
) -> Result<BackupInfo, ApiError> {
    let lang = state.language();
    let fail = |e: rapport_core::CoreError| ApiError::from_core(&e, lang);
    if state.damaged_book().is_none() {
        return Err(fail(backup::not_damaged()));
    }
    let dir = folder(&state.data_dir);
    backup::restore_damaged_from(&state.data_dir, &dir, file_name, Utc::now(), password)
        .map_err(fail)
}
