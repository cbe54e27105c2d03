//! Automatic backups and restore, around the domain's `backup` module:
//! - where they live: `<book>-backups/` next to the book (the app-data folder);
//! - a daily backup at start (and when the app runs past midnight, checked hourly), one
//!   before every import and before every restore; the newest N automatic ones are kept
//!   (N = the `backupsToKeep` setting);
//! - restore: the chosen file is checked completely into `<book>-staged/`, the current book
//!   is backed up, then the app restarts and the staged book is swapped in before the book
//!   is opened (the book cannot be replaced while it is open);
//! - a book that will not open: the start-up screen restores a backup from the folder over
//!   it, the damaged book kept aside ([`restore_damaged`]).
use crate::error::ApiError;
use crate::state::AppState;
use chrono::Utc;
use rapport_core::backup;
use rapport_core::model::{BackupInfo, BackupReason};
use std::path::{Path, PathBuf};
use std::time::Duration;
use tauri::{AppHandle, Manager};

pub fn folder(book_dir: &Path) -> PathBuf {
    let name = book_dir
        .file_name()
        .map_or_else(|| "book".into(), |n| n.to_string_lossy().into_owned());
    book_dir.with_file_name(format!("{name}-backups"))
}

/// Takes a backup now and prunes old automatic ones.
pub fn take(state: &AppState, reason: BackupReason) -> Result<BackupInfo, ApiError> {
    let dir = folder(&state.data_dir);
    state.with_store(|s| {
        let info = s.backup_to(&dir, reason, Utc::now())?;
        let keep = s.settings()?.map_or(14, |s| s.backups_to_keep) as usize;
        backup::prune(&dir, keep)?;
        Ok(info)
    })
}

/// The backup an import makes first; an import does not run without it.
pub fn before_import(state: &AppState) -> Result<BackupInfo, ApiError> {
    take(state, BackupReason::BeforeImport)
}

/// The daily backup when today has none yet; errors are logged (the app works without).
fn daily(app: &AppHandle) {
    let state = app.state::<AppState>();
    if state.startup_error().is_some() {
        return;
    }
    let dir = folder(&state.data_dir);
    match backup::needs_daily(&dir, Utc::now(), &chrono::Local) {
        Ok(false) => {}
        Ok(true) => {
            if let Err(e) = take(&state, BackupReason::Daily) {
                eprintln!("rapport: daily backup failed: {}", e.0.message);
            }
        }
        Err(e) => eprintln!("rapport: cannot read the backup folder: {e}"),
    }
}

/// Checks for the daily backup at start and every hour after.
pub fn start_daily(app: &AppHandle) {
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        loop {
            let handle = app.clone();
            let _ = tauri::async_runtime::spawn_blocking(move || daily(&handle)).await;
            tokio::time::sleep(Duration::from_secs(3600)).await;
        }
    });
}

/// Checks `file` into the staging folder and backs up the current book; the staged book
/// replaces it at the next start ([`swap_requested`]).
pub fn prepare_restore(state: &AppState, file: &Path) -> Result<BackupInfo, ApiError> {
    let lang = state.language();
    let staging = backup::staged_dir(&state.data_dir);
    let fail = |e: rapport_core::CoreError| ApiError::from_core(&e, lang);
    if staging.exists() {
        std::fs::remove_dir_all(&staging)
            .map_err(|e| fail(rapport_core::CoreError::Storage(e.to_string())))?;
    }
    let info = backup::stage(file, &staging).map_err(fail)?;
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

/// The start-up screen's restore of a book that will not open: the backup named
/// `file_name` in the backup folder replaces it; the damaged book is kept aside. Refused
/// when the book opened or failed for another reason (locked, newer, disk).
pub fn restore_damaged(state: &AppState, file_name: &str) -> Result<BackupInfo, ApiError> {
    let lang = state.language();
    let fail = |e: rapport_core::CoreError| ApiError::from_core(&e, lang);
    if state.damaged_book().is_none() {
        return Err(fail(backup::not_damaged()));
    }
    let dir = folder(&state.data_dir);
    backup::restore_damaged_from(&state.data_dir, &dir, file_name, Utc::now()).map_err(fail)
}
