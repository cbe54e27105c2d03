//! A large team book's first sync, written before the book opens by step processes (the app's
//! own executable with rapport-sync's `first_sync::STEP_ARG`), so the app's process never
//! holds the memory sled keeps for every record it writes (~1 GB for 100,000 customers and a
//! million follow-ups; see `first_sync` in rapport-sync).
//!
//! Joining a team book of [`IN_STEPS_FROM`] customers or more merges and pushes this book's
//! customers, leaves a request next to the book ([`request`]) and restarts the app; at start,
//! before the book opens, [`run_requested`] runs the steps (the window's loading screen shows
//! their progress) and removes the request, whatever came of it: a step that failed (the
//! server away, a changed password) leaves the pull where it stopped, and the engine resumes
//! it once the book is open.
use super::{config, keychain, login};
use rapport_sync::first_sync::{run_steps, StepRequest, STEP_ARG};
use rapport_sync::SyncStatus;
use std::path::{Path, PathBuf};

/// The team's customers from which a join's first sync is written in steps: pulled by the
/// engine in the app, a team book of 100,000 customers and a million follow-ups (one open
/// next step each) peaked at 487 MB, at the 500 MB budget; in steps, ~320 MB at any size, for
/// a restart and some more time (rapport-sync's `sync_figures.rs`).
pub const IN_STEPS_FROM: usize = 80_000;

const REQUEST: &str = "team-first-sync";

fn path(book: &Path) -> PathBuf {
    book.join(REQUEST)
}

/// Asks for the book's first sync to be written in steps at the next start.
pub fn request(book: &Path) -> std::io::Result<()> {
    std::fs::write(path(book), b"")
}

/// At start, before the book opens: runs the requested first sync (telling `progress` how far
/// it is) and removes the request. Does nothing when none was made.
pub fn run_requested(book: &Path, mut progress: impl FnMut(SyncStatus)) {
    if !path(book).exists() {
        return;
    }
    let password = login::read(book).and_then(|l| {
        let password = keychain::load(&l).ok().flatten()?;
        Some((l, password))
    });
    match password {
        Some((login, password)) => {
            let request = StepRequest::new(book.to_owned(), &config(&login, &password));
            let step = || {
                let exe = std::env::current_exe().unwrap_or_else(|_| "rapport".into());
                let mut command = std::process::Command::new(exe);
                command.arg(STEP_ARG);
                command
            };
            let ran = run_steps(step, &request, |pulled, total| {
                progress(SyncStatus::FirstSync { pulled, total });
            });
            if let Err(e) = ran {
                eprintln!("rapport: the first sync did not finish before the open ({e}); the sync engine goes on with it");
            }
        }
        None => eprintln!("rapport: no team login or password for the first sync; the sync engine goes on with it"),
    }
    if let Err(e) = std::fs::remove_file(path(book)) {
        eprintln!("rapport: could not remove the first sync's request ({e})");
    }
}
