//! A restore that did not finish never shows an empty book.
//!
//! Before the book opens, the shell runs [`swap_at_start`]: it finishes a restore a crash cut
//! off, then swaps in a staged backup the user asked for. When either fails it answers
//! [`CoreError::RestoreUnfinished`] with what lies where ([`problem`]); the shell shows that
//! instead of opening anything, and the user picks [`finish_restore`] or
//! [`roll_back_restore`]. `Store::open` itself never creates a book while a restore's folders
//! (or a book set aside as damaged) lie next to a missing one ([`blocking_leftovers`]).
//!
//! The folders next to `<book>`: `<book>.restoring` (the swap's marker, see `swap`),
//! `<book>-staged` (the checked backup), `<book>-replaced-<ms>` (the book before the
//! restore), `<book>-damaged-…`, `<book>-restore-requested` (the user's request).
use super::swap::{
    self, marker_path, parent, read_plan, remove_marker, rename, storage, RealOps, SwapOps,
};
use super::write::sync_dir;
use crate::error::{CoreError, Result};
use crate::model::RestoreProblem;
use crate::store::holds_book;
use std::path::{Path, PathBuf};

pub(super) fn sibling(book_dir: &Path, suffix: &str) -> PathBuf {
    let name = book_dir
        .file_name()
        .map_or_else(|| "book".into(), |n| n.to_string_lossy().into_owned());
    book_dir.with_file_name(format!("{name}-{suffix}"))
}

/// Where a backup is checked into before it replaces the book.
pub fn staged_dir(book_dir: &Path) -> PathBuf {
    sibling(book_dir, "staged")
}

/// Written when the staged book is to replace the book at the next start.
pub fn restore_request(book_dir: &Path) -> PathBuf {
    sibling(book_dir, "restore-requested")
}

fn replaced_dir(book_dir: &Path, now_ms: i64) -> PathBuf {
    sibling(book_dir, &format!("replaced-{now_ms}"))
}

/// Sibling folders named `<book>-<kind>-…`, newest (highest name) first.
fn siblings_named(book_dir: &Path, kind: &str) -> Vec<PathBuf> {
    let Some(name) = book_dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
    else {
        return Vec::new();
    };
    let prefix = format!("{name}-{kind}-");
    let Ok(entries) = std::fs::read_dir(parent(book_dir)) else {
        return Vec::new();
    };
    let mut found: Vec<PathBuf> = entries
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(&prefix))
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .map(|e| e.path())
        .collect();
    found.sort_by(|a, b| b.cmp(a));
    found
}

/// The words of an error for [`RestoreProblem::detail`].
fn detail_of(e: &CoreError) -> String {
    match e {
        CoreError::Storage(s) => s.clone(),
        other => other.to_string(),
    }
}

/// What lies next to `book_dir` after a restore that did not finish.
pub fn problem(book_dir: &Path, detail: String) -> RestoreProblem {
    let plan = read_plan(book_dir).ok().flatten();
    let staged = plan
        .as_ref()
        .map_or_else(|| staged_dir(book_dir), |p| p.staging.clone());
    let mut replaced: Vec<PathBuf> = plan
        .map(|p| p.replaced)
        .filter(|r| r.is_dir())
        .into_iter()
        .collect();
    for r in siblings_named(book_dir, "replaced") {
        if !replaced.contains(&r) {
            replaced.push(r);
        }
    }
    let show = |p: &Path| p.display().to_string();
    let book = holds_book(book_dir);
    let staged = staged.is_dir().then(|| show(&staged));
    RestoreProblem {
        detail,
        book,
        can_finish: staged.is_some(),
        can_roll_back: book || !replaced.is_empty(),
        staged,
        replaced: replaced.iter().map(|p| show(p)).collect(),
        damaged: siblings_named(book_dir, "damaged")
            .iter()
            .map(|p| show(p))
            .collect(),
    }
}

fn unfinished(book_dir: &Path, e: &CoreError) -> CoreError {
    CoreError::RestoreUnfinished(Box::new(problem(book_dir, detail_of(e))))
}

/// When `book_dir` holds no book but a restore's folders (or a damaged book) lie next to
/// it, what lies where: opening must not create an empty book over that.
pub fn blocking_leftovers(book_dir: &Path) -> Option<RestoreProblem> {
    let marker = marker_path(book_dir).is_ok_and(|m| m.exists());
    let p = problem(book_dir, String::new());
    let any = marker || p.staged.is_some() || !p.replaced.is_empty() || !p.damaged.is_empty();
    any.then_some(p)
}

/// Before the book opens: finishes a restore a crash cut off, then swaps in a staged book the
/// user asked for. On failure nothing more moves and the error says what lies where.
pub fn swap_at_start(book_dir: &Path, now_ms: i64) -> Result<()> {
    swap_at_start_with(&RealOps, book_dir, now_ms)
}

/// [`swap_at_start`] through `ops`.
pub fn swap_at_start_with(ops: &dyn SwapOps, book_dir: &Path, now_ms: i64) -> Result<()> {
    swap::finish_pending_restore_with(ops, book_dir).map_err(|e| unfinished(book_dir, &e))?;
    let request = restore_request(book_dir);
    if !request.exists() {
        return Ok(());
    }
    let staged = staged_dir(book_dir);
    if staged.is_dir() {
        let replaced = replaced_dir(book_dir, now_ms);
        swap::swap_in_with(ops, book_dir, &staged, &replaced)
            .map_err(|e| unfinished(book_dir, &e))?;
        // The replaced book was backed up before the restart; its folder can go.
        let _ = std::fs::remove_dir_all(&replaced);
    }
    remove_request(book_dir)
}

fn remove_request(book_dir: &Path) -> Result<()> {
    let request = restore_request(book_dir);
    match std::fs::remove_file(&request) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(storage("removing", &request, e)),
    }
}

/// The start-up screen's "finish the restore": the staged backup takes the book's place.
pub fn finish_restore(book_dir: &Path, now_ms: i64) -> Result<()> {
    finish_restore_with(&RealOps, book_dir, now_ms)
}

/// [`finish_restore`] through `ops`.
pub fn finish_restore_with(ops: &dyn SwapOps, book_dir: &Path, now_ms: i64) -> Result<()> {
    let fail = |e: CoreError| unfinished(book_dir, &e);
    if marker_path(book_dir)?.exists() {
        let replaced = read_plan(book_dir).ok().flatten().map(|p| p.replaced);
        swap::finish_pending_restore_with(ops, book_dir).map_err(fail)?;
        // A damaged book set aside by `restore_damaged` is kept, never removed.
        if let Some(r) = replaced.filter(|r| !super::damaged::is_damaged_aside(book_dir, r)) {
            let _ = std::fs::remove_dir_all(r);
        }
    } else {
        let staged = staged_dir(book_dir);
        if !staged.is_dir() {
            return Err(fail(storage("no staged book", &staged, "missing")));
        }
        if holds_book(book_dir) {
            let replaced = replaced_dir(book_dir, now_ms);
            swap::swap_in_with(ops, book_dir, &staged, &replaced).map_err(fail)?;
            let _ = std::fs::remove_dir_all(&replaced);
        } else {
            // No book (or an empty folder where it was): the staged book simply moves in.
            let _ = std::fs::remove_dir(book_dir);
            rename(ops, &staged, book_dir).map_err(fail)?;
            sync_dir(parent(book_dir)).map_err(|e| fail(storage("syncing", book_dir, e)))?;
        }
    }
    remove_request(book_dir)
}

/// The start-up screen's "roll back": the book from before the restore comes back (or the
/// current one stays); the staged backup is dropped (its file is still in the backup
/// folder) and whatever stood in the book's place is kept aside as `<book>-rolled-back-<ms>`.
pub fn roll_back_restore(book_dir: &Path, now_ms: i64) -> Result<()> {
    roll_back_restore_with(&RealOps, book_dir, now_ms)
}

/// [`roll_back_restore`] through `ops`.
pub fn roll_back_restore_with(ops: &dyn SwapOps, book_dir: &Path, now_ms: i64) -> Result<()> {
    let p = problem(book_dir, String::new());
    let fail = |e: CoreError| unfinished(book_dir, &e);
    if !p.can_roll_back {
        return Err(fail(storage(
            "no book from before the restore",
            book_dir,
            "missing",
        )));
    }
    // First, so nothing goes forward at the next start whatever happens below.
    remove_request(book_dir)?;
    remove_marker(ops, &marker_path(book_dir)?).map_err(fail)?;
    if let Some(old) = p.replaced.first().map(PathBuf::from) {
        if book_dir.exists() {
            let aside = sibling(book_dir, &format!("rolled-back-{now_ms}"));
            rename(ops, book_dir, &aside).map_err(fail)?;
        }
        rename(ops, &old, book_dir).map_err(fail)?;
    }
    sync_dir(parent(book_dir)).map_err(|e| fail(storage("syncing", book_dir, e)))?;
    if let Some(staged) = p.staged {
        let _ = std::fs::remove_dir_all(staged);
    }
    Ok(())
}
