//! Restoring, second half: the staged book takes the place of the book, with the book closed
//! (the shell does it at startup, before `Store::open`).
//!
//! Crash safety rests on a marker file next to the book, `<book>.restoring`, naming the
//! staging and the replaced folders. It is written (and synced) before anything moves:
//!
//! 1. marker written — the staged book is known good, so from here the restore goes forward;
//! 2. `book` renamed to `replaced`;
//! 3. `staging` renamed to `book`;
//! 4. marker removed.
//!
//! [`finish_pending_restore`] looks at which folders exist and redoes what is missing, so
//! after a crash at any point there is a whole book under `book`: the old one (before 2) or
//! the restored one (after 3), and never none once it has run. The three folders must be on
//! one volume (renames); `replaced` is kept for the shell to delete when it likes.
use super::write::sync_dir;
use crate::error::{CoreError, Result};
use serde::{Deserialize, Serialize};
use std::io;
use std::path::{Path, PathBuf};
use std::time::Duration;

#[derive(Serialize, Deserialize)]
pub(super) struct Plan {
    pub staging: PathBuf,
    pub replaced: PathBuf,
}

/// The folder operations of a swap. Tests pass their own to fail at a chosen step; the app
/// uses [`RealOps`].
pub trait SwapOps {
    fn rename(&self, from: &Path, to: &Path) -> io::Result<()>;
    fn remove_file(&self, path: &Path) -> io::Result<()>;
}

/// The file system's own renames (retried briefly, see [`rename_retrying`]) and removals.
pub struct RealOps;

impl SwapOps for RealOps {
    fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
        rename_retrying(from, to)
    }

    fn remove_file(&self, path: &Path) -> io::Result<()> {
        std::fs::remove_file(path)
    }
}

pub(super) fn storage(what: &str, path: &Path, e: impl std::fmt::Display) -> CoreError {
    CoreError::Storage(format!("{what} {}: {e}", path.display()))
}

pub(super) fn marker_path(book_dir: &Path) -> Result<PathBuf> {
    let name = book_dir
        .file_name()
        .ok_or_else(|| CoreError::Storage(format!("{} has no name", book_dir.display())))?;
    let mut marker = name.to_os_string();
    marker.push(".restoring");
    Ok(book_dir.with_file_name(marker))
}

pub(super) fn parent(path: &Path) -> &Path {
    path.parent().unwrap_or(Path::new("."))
}

/// Replaces the book in `book_dir` (closed) with the book staged in `staging_dir` by
/// [`super::stage`]; the old book is moved to `replaced_dir`, which must not exist.
pub fn swap_in(book_dir: &Path, staging_dir: &Path, replaced_dir: &Path) -> Result<()> {
    swap_in_with(&RealOps, book_dir, staging_dir, replaced_dir)
}

/// [`swap_in`] through `ops`.
pub fn swap_in_with(
    ops: &dyn SwapOps,
    book_dir: &Path,
    staging_dir: &Path,
    replaced_dir: &Path,
) -> Result<()> {
    let marker = marker_path(book_dir)?;
    if marker.exists() {
        return Err(storage(
            "a restore is already pending",
            &marker,
            "finish it first",
        ));
    }
    if !staging_dir.is_dir() {
        return Err(storage("no staged book", staging_dir, "missing"));
    }
    if replaced_dir.exists() {
        return Err(storage(
            "already exists",
            replaced_dir,
            "choose a new folder",
        ));
    }
    let plan = Plan {
        staging: staging_dir.to_path_buf(),
        replaced: replaced_dir.to_path_buf(),
    };
    let json = serde_json::to_vec(&plan).map_err(|e| storage("encoding", &marker, e))?;
    let temp = marker.with_extension("restoring.tmp");
    write_synced(&temp, &json).map_err(|e| storage("writing", &temp, e))?;
    ops.rename(&temp, &marker)
        .map_err(|e| storage("writing", &marker, e))?;
    sync_dir(parent(&marker)).map_err(|e| storage("syncing", &marker, e))?;
    finish_pending_restore_with(ops, book_dir).map(|_| ())
}

fn write_synced(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut f = std::fs::File::create(path)?;
    f.write_all(bytes)?;
    f.sync_all()
}

/// Completes a restore that was interrupted (see the module's steps). Call it before
/// `Store::open`. Returns whether there was one.
pub fn finish_pending_restore(book_dir: &Path) -> Result<bool> {
    finish_pending_restore_with(&RealOps, book_dir)
}

/// The plan in the marker: None when there is no marker, an error when it cannot be read.
pub(super) fn read_plan(book_dir: &Path) -> Result<Option<Plan>> {
    let marker = marker_path(book_dir)?;
    let bytes = match std::fs::read(&marker) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(storage("reading", &marker, e)),
    };
    serde_json::from_slice(&bytes)
        .map(Some)
        .map_err(|e| storage("reading", &marker, e))
}

/// [`finish_pending_restore`] through `ops`.
pub fn finish_pending_restore_with(ops: &dyn SwapOps, book_dir: &Path) -> Result<bool> {
    let marker = marker_path(book_dir)?;
    if !marker.exists() {
        return Ok(false);
    }
    // Written whole by a rename, so unreadable means tampered with: nothing has moved
    // unless the book is missing.
    let plan = match read_plan(book_dir) {
        Ok(Some(p)) => p,
        Ok(None) => return Ok(false),
        Err(e) if !book_dir.exists() => return Err(e),
        Err(_) => {
            remove_marker(ops, &marker)?;
            return Ok(true);
        }
    };
    let (book, staged, replaced) = (
        book_dir.exists(),
        plan.staging.exists(),
        plan.replaced.exists(),
    );
    match (book, staged, replaced) {
        // Before step 2: go forward.
        (true, true, false) => {
            rename(ops, book_dir, &plan.replaced)?;
            rename(ops, &plan.staging, book_dir)?;
        }
        // Between steps 2 and 3.
        (false, true, _) => rename(ops, &plan.staging, book_dir)?,
        // After step 3 (or the staged book vanished before anything moved): the book stands.
        (true, false, _) => {}
        // The staged book vanished after step 2: put the old book back.
        (false, false, true) => rename(ops, &plan.replaced, book_dir)?,
        (false, false, false) => {
            return Err(storage(
                "no book, staged book or replaced book",
                book_dir,
                "lost",
            ))
        }
        // A book was created under `book` after step 2 (opened before finishing): leave
        // all three for a person to sort out rather than guess.
        (true, true, true) => {
            return Err(storage(
                "restore cannot finish: book, staged and replaced folders all exist",
                book_dir,
                "resolve by hand",
            ))
        }
    }
    sync_dir(parent(book_dir)).map_err(|e| storage("syncing", book_dir, e))?;
    remove_marker(ops, &marker)?;
    Ok(true)
}

pub(super) fn remove_marker(ops: &dyn SwapOps, marker: &Path) -> Result<()> {
    match ops.remove_file(marker) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(storage("removing", marker, e)),
    }
    sync_dir(parent(marker)).map_err(|e| storage("syncing", marker, e))
}

pub(super) fn rename(ops: &dyn SwapOps, from: &Path, to: &Path) -> Result<()> {
    ops.rename(from, to)
        .map_err(|e| storage("moving", from, format!("to {}: {e}", to.display())))
}

/// Renames, retrying briefly: on Windows a folder cannot move while a just-closed sled
/// database's threads still hold files in it.
fn rename_retrying(from: &Path, to: &Path) -> io::Result<()> {
    let mut tries = 0;
    loop {
        match std::fs::rename(from, to) {
            Ok(()) => return Ok(()),
            Err(e) if tries < 50 && e.kind() == io::ErrorKind::PermissionDenied => {
                tries += 1;
                std::thread::sleep(Duration::from_millis(100));
            }
            Err(e) => return Err(e),
        }
    }
}
