#![allow(clippy::unwrap_used, clippy::expect_used)]
//! A failed restore never shows an empty book: a rename (or the marker's removal) fails at
//! each step of the swap; the book then opens whole (old or restored) or not at all, with
//! what lies where, and finishing or rolling back from there gives the restored or the old
//! book. `Store::open` creates a book only on a true first run.
mod common;
use common::{customer, t};
use rapport_core::backup::{self, RealOps, SwapOps};
use rapport_core::i18n;
use rapport_core::model::{BackupReason, Language, ListQuery, RestoreProblem};
use rapport_core::{CoreError, Store};
use std::cell::Cell;
use std::io;
use std::path::{Path, PathBuf};

/// Fails the `n`-th rename (or, with `remove`, the first marker removal), like a disk that
/// refuses one move.
struct FailAt {
    n: usize,
    remove: bool,
    renames: Cell<usize>,
}

impl FailAt {
    fn rename(n: usize) -> FailAt {
        FailAt {
            n,
            remove: false,
            renames: Cell::new(0),
        }
    }

    fn removal() -> FailAt {
        FailAt {
            n: 0,
            remove: true,
            renames: Cell::new(0),
        }
    }
}

impl SwapOps for FailAt {
    fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
        self.renames.set(self.renames.get() + 1);
        if !self.remove && self.renames.get() == self.n {
            return Err(io::Error::from_raw_os_error(5)); // EIO
        }
        RealOps.rename(from, to)
    }

    fn remove_file(&self, path: &Path) -> io::Result<()> {
        if self.remove {
            return Err(io::Error::from_raw_os_error(13)); // EACCES
        }
        RealOps.remove_file(path)
    }
}

/// `dir/book` holds "旧客户"; a backup of "新客户甲/乙" is staged in `book-staged` and the
/// restore requested, as the app leaves them before it restarts.
fn requested_restore(dir: &Path) -> PathBuf {
    let book = dir.join("book");
    let other = dir.join("other");
    {
        let old = Store::open(&book).unwrap();
        old.create_customer(customer("旧客户", &[]), t(1)).unwrap();
        let new = Store::open(&other).unwrap();
        for name in ["新客户甲", "新客户乙"] {
            new.create_customer(customer(name, &[]), t(1)).unwrap();
        }
        let info = new.backup_to(dir, BackupReason::Manual, t(2)).unwrap();
        backup::stage(Path::new(&info.path), &backup::staged_dir(&book), None).unwrap();
    }
    std::fs::write(backup::restore_request(&book), b"1").unwrap();
    book
}

/// The book's customer names, or why it would not open. Waits while sled lets go of a
/// just-closed book.
fn open_names(book: &Path) -> Result<Vec<String>, RestoreProblem> {
    for _ in 0..100 {
        match Store::open(book) {
            Err(CoreError::Locked) => std::thread::sleep(std::time::Duration::from_millis(50)),
            Ok(store) => {
                let page = store.list_customers(&ListQuery::default()).unwrap();
                return Ok(page.rows.into_iter().map(|r| r.name).collect());
            }
            Err(CoreError::RestoreUnfinished(p)) => return Err(*p),
            Err(e) => panic!("unexpected error opening {}: {e}", book.display()),
        }
    }
    panic!("book still locked");
}

const OLD: [&str; 1] = ["旧客户"];
const NEW: [&str; 2] = ["新客户甲", "新客户乙"];

fn failing_ops() -> Vec<(&'static str, FailAt)> {
    vec![
        ("writing the marker", FailAt::rename(1)),
        ("moving the book aside", FailAt::rename(2)),
        ("moving the staged book in", FailAt::rename(3)),
        ("removing the marker", FailAt::removal()),
    ]
}

#[test]
fn a_failed_swap_at_any_step_opens_a_whole_book_or_none() {
    for (step, ops) in failing_ops() {
        let dir = tempfile::tempdir().unwrap();
        let book = requested_restore(dir.path());
        let err = backup::swap_at_start_with(&ops, &book, 1_000).unwrap_err();
        let CoreError::RestoreUnfinished(problem) = &err else {
            panic!("{step}: {err:?}");
        };
        assert!(!problem.detail.is_empty(), "{step}: says what failed");
        assert!(problem.can_finish || problem.book, "{step}: {problem:?}");
        for lang in [Language::Zh, Language::En] {
            let message = i18n::message(&err, lang);
            assert!(!message.is_empty(), "{step}");
        }
        // Whatever the shell does next, no empty book: the old one, the new one, or none.
        match open_names(&book) {
            Ok(names) => assert!(names == OLD || names == NEW, "{step}: {names:?}"),
            Err(p) => assert!(p.can_finish || p.can_roll_back, "{step}: {p:?}"),
        }
    }
}

#[test]
fn after_a_failed_swap_finishing_gives_the_restored_book() {
    for (step, ops) in failing_ops() {
        let dir = tempfile::tempdir().unwrap();
        let book = requested_restore(dir.path());
        let _ = backup::swap_at_start_with(&ops, &book, 1_000);
        backup::finish_restore(&book, 2_000).unwrap();
        assert_eq!(open_names(&book).unwrap(), NEW, "{step}");
        assert!(!backup::restore_request(&book).exists(), "{step}");
        assert!(!backup::staged_dir(&book).exists(), "{step}");
        backup::swap_at_start(&book, 3_000).unwrap();
        assert_eq!(
            open_names(&book).unwrap(),
            NEW,
            "{step}: stays after a restart"
        );
    }
}

#[test]
fn after_a_failed_swap_rolling_back_gives_the_old_book() {
    for (step, ops) in failing_ops() {
        let dir = tempfile::tempdir().unwrap();
        let book = requested_restore(dir.path());
        let _ = backup::swap_at_start_with(&ops, &book, 1_000);
        backup::roll_back_restore(&book, 2_000).unwrap();
        // After the marker's removal failed the restore had in fact finished: rolling back
        // then brings the book from before it back just the same.
        assert_eq!(open_names(&book).unwrap(), OLD, "{step}");
        assert!(!backup::staged_dir(&book).exists(), "{step}");
        backup::swap_at_start(&book, 3_000).unwrap();
        assert_eq!(
            open_names(&book).unwrap(),
            OLD,
            "{step}: stays after a restart"
        );
    }
}

#[test]
fn the_staged_book_never_moves_in_over_no_book_without_asking() {
    // Today's gap: the staged book failed to move in, the book folder is gone, and the next
    // open made a fresh empty book over it.
    let dir = tempfile::tempdir().unwrap();
    let book = requested_restore(dir.path());
    let ops = FailAt::rename(3);
    assert!(backup::swap_at_start_with(&ops, &book, 1_000).is_err());
    assert!(
        !book.exists(),
        "the book was moved aside, the staged one not in"
    );
    let problem = open_names(&book).unwrap_err();
    assert!(!book.exists(), "no empty book was created");
    assert!(problem.can_finish && problem.can_roll_back, "{problem:?}");
    assert_eq!(problem.replaced.len(), 1);
    let message = i18n::message(
        &CoreError::RestoreUnfinished(Box::new(problem)),
        Language::Zh,
    );
    assert!(
        message.contains("完成恢复") && message.contains("撤销恢复"),
        "{message}"
    );
}

#[test]
fn open_creates_a_book_only_on_a_true_first_run() {
    let leftovers: [(&str, bool); 5] = [
        ("book-staged", true),
        ("book-replaced-1765000000000", true),
        ("book-damaged-20261206", true),
        ("book.restoring", false),
        ("book-backups", true),
    ];
    for (name, is_dir) in leftovers {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(name);
        if is_dir {
            std::fs::create_dir(&path).unwrap();
        } else {
            std::fs::write(&path, b"{}").unwrap();
        }
        let book = dir.path().join("book");
        let opened = Store::open(&book);
        if name == "book-backups" {
            // Backups alone are no unfinished restore: a first run with old backups.
            assert!(opened.is_ok(), "{name}");
            continue;
        }
        let err = opened
            .err()
            .unwrap_or_else(|| panic!("{name}: created a book"));
        assert_eq!(err.code(), "restoreUnfinished", "{name}");
        assert!(!book.exists(), "{name}: nothing created");
    }
    // A book already there opens whatever lies next to it.
    let dir = tempfile::tempdir().unwrap();
    let book = requested_restore(dir.path());
    assert_eq!(open_names(&book).unwrap(), OLD);
}
