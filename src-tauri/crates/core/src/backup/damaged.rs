//! Restoring a book that will not open, from the start-up screen.
//!
//! The usual restore ([`super::stage`], a backup of the current book, then the swap at the
//! next start) needs an open book. When the book cannot be read ([`restorable`]), the
//! start-up screen lists the backup folder ([`super::list`], which reads nothing but that
//! folder) and [`restore_damaged`] puts a chosen backup in place:
//!
//! 1. the backup is checked completely into `<book>-staged` ([`super::stage`]); a bad
//!    backup is refused here and nothing has moved;
//! 2. the swap ([`super::swap_in`], with its marker) moves the damaged book to
//!    `<book>-damaged-<UTC time>` and the staged book into its place. A crash or power cut
//!    in between is finished at the next start like any restore (`swap_at_start`).
//!
//! The damaged book is never deleted nor opened again (sled may rewrite files it opens): it
//! is kept as it was for whoever wants to look into it.
use super::swap::{self, marker_path, RealOps, SwapOps};
use super::{folder, recovery, stage};
use crate::error::{CoreError, Result};
use crate::model::BackupInfo;
use chrono::{DateTime, Utc};
use std::path::{Path, PathBuf};

const KIND: &str = "damaged";

/// True when the book failed to open because it cannot be read, so restoring a backup over
/// it (keeping it aside) is the way out. Not for a book another program holds, a newer
/// Rapport's book, a disk that cannot be written, or a restore that did not finish (the
/// start-up screen has its own choices for that).
pub fn restorable(e: &CoreError) -> bool {
    matches!(e, CoreError::Corrupt(_) | CoreError::Storage(_))
}

/// Where the damaged book is kept: `<book>-damaged-YYYYMMDDTHHMMSSZ` (UTC), with `-2`, `-3`
/// … when that name is taken.
pub fn damaged_dir(book_dir: &Path, now: DateTime<Utc>) -> PathBuf {
    let stamp = format!("{KIND}-{}", now.format("%Y%m%dT%H%M%SZ"));
    let first = recovery::sibling(book_dir, &stamp);
    let mut candidate = first.clone();
    let mut n = 2u32;
    while candidate.exists() && n < u32::MAX {
        candidate = recovery::sibling(book_dir, &format!("{stamp}-{n}"));
        n += 1;
    }
    candidate
}

/// How [`damaged_dir`] names look, for the user: `<book>-damaged-…`.
pub fn damaged_pattern(book_dir: &Path) -> PathBuf {
    recovery::sibling(book_dir, &format!("{KIND}-…"))
}

/// True for a folder [`damaged_dir`] names next to `book_dir`: never removed by a restore.
pub(super) fn is_damaged_aside(book_dir: &Path, dir: &Path) -> bool {
    let Some(book) = book_dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
    else {
        return false;
    };
    dir.parent() == book_dir.parent()
        && dir
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with(&format!("{book}-{KIND}-")))
}

/// Puts the backup at `backup` in place of the book in `book_dir`, which could not be
/// opened (see the module). Returns the backup restored. The damaged book, if there is
/// one, is moved to [`damaged_dir`]; nothing is deleted.
pub fn restore_damaged(
    book_dir: &Path,
    backup: &Path,
    now: DateTime<Utc>,
    password: Option<&str>,
) -> Result<BackupInfo> {
    restore_damaged_with(&RealOps, book_dir, backup, now, password)
}

/// [`restore_damaged`] with the backup named `file_name` in `backup_dir`, the folder the
/// start-up screen listed: only a backup [`super::list`] shows there is restored.
pub fn restore_damaged_from(
    book_dir: &Path,
    backup_dir: &Path,
    file_name: &str,
    now: DateTime<Utc>,
    password: Option<&str>,
) -> Result<BackupInfo> {
    let chosen = folder::list(backup_dir)?
        .into_iter()
        .find(|b| b.file_name == file_name)
        .ok_or_else(|| not_listed(file_name, backup_dir))?;
    restore_damaged(book_dir, Path::new(&chosen.path), now, password)
}

/// [`restore_damaged`] through `ops`.
pub fn restore_damaged_with(
    ops: &dyn SwapOps,
    book_dir: &Path,
    backup: &Path,
    now: DateTime<Utc>,
    password: Option<&str>,
) -> Result<BackupInfo> {
    if marker_path(book_dir)?.exists() {
        return Err(pending());
    }
    // Header first: a file that is not a backup this version reads is refused before
    // anything on disk is touched.
    folder::info(backup)?;
    // A staged book no swap refers to (a restore that failed before its restart): only a
    // checked copy of a backup file, which `stage` needs the folder for.
    let staged = recovery::staged_dir(book_dir);
    if staged.exists() {
        std::fs::remove_dir_all(&staged).map_err(|e| cannot_move(&staged, &e.to_string()))?;
    }
    let info = stage(backup, &staged, password)?;
    let aside = damaged_dir(book_dir, now);
    if let Err(e) = swap::swap_in_with(ops, book_dir, &staged, &aside) {
        let detail = match &e {
            CoreError::Storage(s) => s.clone(),
            other => other.to_string(),
        };
        // Before the marker was written nothing moved: drop the staged copy again.
        if !marker_path(book_dir)?.exists() {
            let _ = std::fs::remove_dir_all(&staged);
        }
        return Err(cannot_move(book_dir, &detail));
    }
    // A request left from an earlier restore must not swap anything at the next start.
    let request = recovery::restore_request(book_dir);
    if request.exists() {
        std::fs::remove_file(&request).map_err(|e| cannot_move(&request, &e.to_string()))?;
    }
    Ok(info)
}

fn not_listed(file_name: &str, backup_dir: &Path) -> CoreError {
    let dir = backup_dir.display();
    CoreError::file(
        "backupNotListed",
        format!("备份文件夹 {dir} 中没有可恢复的备份“{file_name}”。客户数据未改动。"),
        format!("There is no backup “{file_name}” that can be restored in the backup folder {dir}. Nothing was changed."),
    )
}

/// A restore is half done (its marker lies next to the book): the next start finishes it.
fn pending() -> CoreError {
    CoreError::file(
        "restorePending",
        "上一次恢复尚未完成。请重新启动客脉，它会先完成那次恢复。客户数据未改动。",
        "An earlier restore has not finished yet. Start Rapport again: it finishes that restore first. Nothing was changed.",
    )
}

/// A folder could not be moved during the swap. What moved is finished or undone at the
/// next start; nothing was deleted.
fn cannot_move(path: &Path, detail: &str) -> CoreError {
    let path = path.display();
    CoreError::file(
        "restoreDamagedFailed",
        format!("无法把备份放到 {path}（{detail}）。没有删除任何数据；请重新启动客脉，它会完成或撤销这次恢复。"),
        format!("Could not put the backup in place at {path} ({detail}). Nothing was deleted; start Rapport again and it will finish or undo this restore."),
    )
}

/// The book opened, or failed for a reason a restore does not fix: restoring over it from
/// the start-up screen is refused.
pub fn not_damaged() -> CoreError {
    CoreError::file(
        "bookNotDamaged",
        "客户数据并未损坏，不能在这里用备份替换。请在“设置 › 备份”中恢复，恢复前会先备份当前数据。",
        "The customer book is not damaged, so it is not replaced from here. Restore from Settings › Backups, which backs up the current book first.",
    )
}
