#![allow(clippy::unwrap_used, clippy::expect_used)]
//! A book that will not open is restored from the start-up screen: the backups are listed
//! from the backup folder alone, a chosen one is checked and swapped in, and the damaged
//! book is kept aside byte for byte as `book-damaged-<UTC time>`, never deleted. A bad
//! backup moves nothing; a crash during the swap is finished at the next start.
mod common;
use chrono::{TimeZone, Utc};
use common::{customer, t};
use rapport_core::backup::{self, RealOps, SwapOps};
use rapport_core::i18n;
use rapport_core::model::{BackupReason, Language, ListQuery, RestoreProblem};
use rapport_core::{CoreError, Store};
use std::cell::Cell;
use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};
use std::time::Duration;

const IN_BACKUP: [&str; 2] = ["备份客户甲", "备份客户乙"];

/// Every file under `dir` (relative path → bytes).
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let rel = path.strip_prefix(root).unwrap().to_path_buf();
                out.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// The names in `dir` (the book's siblings).
fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

struct Damaged {
    _dir: tempfile::TempDir,
    book: PathBuf,
    backups: PathBuf,
    /// The backup holding [`IN_BACKUP`].
    backup: PathBuf,
}

/// `dir/book` with two customers backed up into `dir/book-backups`, a third added after
/// the backup, then its files overwritten with garbage: it no longer opens.
fn damaged_book() -> Damaged {
    damaged_files(&["conf", "db"])
}

/// A book with customers and a backup, then `files` of it overwritten with garbage.
fn damaged_files(files: &[&str]) -> Damaged {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("book");
    let backups = dir.path().join("book-backups");
    let backup = {
        let store = Store::open(&book).unwrap();
        for name in IN_BACKUP {
            store.create_customer(customer(name, &[]), t(1)).unwrap();
        }
        let info = store
            .backup_to(&backups, BackupReason::Daily, t(2))
            .unwrap();
        store
            .create_customer(customer("备份后的客户", &[]), t(2))
            .unwrap();
        PathBuf::from(info.path)
    };
    // sled's threads let go of the files shortly after the drop.
    std::thread::sleep(Duration::from_millis(300));
    let garbage: Vec<u8> = (0..8192u32).map(|i| (i * 7 + 13) as u8).collect();
    for file in files {
        std::fs::write(book.join(file), &garbage).unwrap();
    }
    Damaged {
        _dir: dir,
        book,
        backups,
        backup,
    }
}

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 6, 8, 30, 5).unwrap()
}

/// The book's customer names (waits while sled lets go of a just-closed book).
fn open_names(book: &Path) -> Vec<String> {
    for _ in 0..100 {
        match Store::open(book) {
            Err(CoreError::Locked) => std::thread::sleep(Duration::from_millis(50)),
            Ok(store) => {
                let page = store.list_customers(&ListQuery::default()).unwrap();
                let mut names: Vec<String> = page.rows.into_iter().map(|r| r.name).collect();
                names.sort();
                return names;
            }
            Err(e) => panic!("the book did not open: {e:?}"),
        }
    }
    panic!("book still locked");
}

fn sorted(names: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = names.iter().map(|s| s.to_string()).collect();
    v.sort();
    v
}

#[test]
fn a_book_that_will_not_open_is_restored_and_kept_aside_byte_for_byte() {
    let d = damaged_book();
    let err = Store::open(&d.book).err().expect("the damaged book opened");
    assert!(backup::restorable(&err), "{err:?}");
    // The start-up screen's list: the backup folder alone, no book needed.
    let listed = backup::list(&d.backups).unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].customers, 2);
    assert_eq!(Path::new(&listed[0].path), d.backup);
    let before = snapshot(&d.book);

    let info = backup::restore_damaged(&d.book, &d.backup, now(), None).unwrap();
    assert_eq!(info.customers, 2);
    assert_eq!(open_names(&d.book), sorted(&IN_BACKUP));

    let aside = d.book.with_file_name("book-damaged-20261206T083005Z");
    assert_eq!(
        backup::damaged_dir(&d.book, now()),
        aside.with_file_name("book-damaged-20261206T083005Z-2")
    );
    assert!(aside.is_dir(), "{:?}", names_in(d.book.parent().unwrap()));
    assert_eq!(
        snapshot(&aside),
        before,
        "the damaged book is kept as it was"
    );
    assert!(!backup::staged_dir(&d.book).exists());
    assert!(!d.book.with_file_name("book.restoring").exists());
    assert!(d.backup.is_file(), "the backup file stays");
    // The next start opens the restored book and leaves the damaged one alone.
    backup::swap_at_start(&d.book, 9_000).unwrap();
    assert_eq!(open_names(&d.book), sorted(&IN_BACKUP));
    assert!(aside.is_dir());
}

#[test]
fn a_book_whose_data_file_is_garbage_is_damaged_not_empty() {
    // sled reads a `db` it cannot make sense of as an empty log; the book must not open as a
    // new empty one (its daily backups would then push out the good ones).
    let d = damaged_files(&["db"]);
    let err = Store::open(&d.book).err().expect("the damaged book opened");
    assert!(matches!(err, CoreError::Corrupt(_)), "{err:?}");
    assert!(backup::restorable(&err), "{err:?}");
    backup::restore_damaged(&d.book, &d.backup, now(), None).unwrap();
    assert_eq!(open_names(&d.book), sorted(&IN_BACKUP));
}

#[test]
fn a_bad_backup_is_refused_and_nothing_moves() {
    let d = damaged_book();
    let _ = Store::open(&d.book);
    let bytes = std::fs::read(&d.backup).unwrap();
    let parent = d.book.parent().unwrap().to_path_buf();
    let mut flipped = bytes.clone();
    let middle = flipped.len() / 2;
    flipped[middle] ^= 0x40;
    let cases: [(&str, Vec<u8>, &str); 4] = [
        (
            "truncated",
            bytes[..bytes.len() - 20].to_vec(),
            "backupDamaged",
        ),
        ("a flipped byte", flipped, "backupDamaged"),
        (
            "not a backup",
            b"PK\x03\x04 a spreadsheet".to_vec(),
            "notABackup",
        ),
        ("empty", Vec::new(), "notABackup"),
    ];
    for (what, content, code) in cases {
        let bad = d
            .backups
            .join(format!("bad-{}.rapportbak", what.replace(' ', "-")));
        std::fs::write(&bad, &content).unwrap();
        let before = snapshot(&d.book);
        let siblings = names_in(&parent);
        let err = backup::restore_damaged(&d.book, &bad, now(), None).unwrap_err();
        assert_eq!(err.code(), code, "{what}: {err:?}");
        let zh = i18n::message(&err, Language::Zh);
        let en = i18n::message(&err, Language::En);
        assert!(
            zh.contains("未改动") && en.contains("Nothing was changed"),
            "{what}: {zh} / {en}"
        );
        assert_eq!(snapshot(&d.book), before, "{what}: the book is untouched");
        assert_eq!(
            names_in(&parent),
            siblings,
            "{what}: nothing moved or left behind"
        );
        std::fs::remove_file(&bad).unwrap();
    }
    let missing = d.backups.join("gone.rapportbak");
    let err = backup::restore_damaged(&d.book, &missing, now(), None).unwrap_err();
    assert_eq!(err.code(), "backupUnreadable");
    // Still restorable with a good one.
    backup::restore_damaged(&d.book, &d.backup, now(), None).unwrap();
    assert_eq!(open_names(&d.book), sorted(&IN_BACKUP));
}

/// Fails the `n`-th rename (or, with `remove`, the marker's removal): a crash at that step.
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

fn failing_ops() -> Vec<(&'static str, FailAt)> {
    vec![
        ("writing the marker", FailAt::rename(1)),
        ("moving the damaged book aside", FailAt::rename(2)),
        ("moving the backup in", FailAt::rename(3)),
        ("removing the marker", FailAt::removal()),
    ]
}

#[test]
fn a_crash_during_the_swap_is_finished_at_the_next_start_and_keeps_the_damaged_book() {
    for (step, ops) in failing_ops() {
        let d = damaged_book();
        let _ = Store::open(&d.book);
        let before = snapshot(&d.book);
        let err = backup::restore_damaged_with(&ops, &d.book, &d.backup, now(), None).unwrap_err();
        assert_eq!(err.code(), "restoreDamagedFailed", "{step}: {err:?}");
        for lang in [Language::Zh, Language::En] {
            assert!(!i18n::message(&err, lang).is_empty(), "{step}");
        }
        // The next start, as the shell runs it before opening the book.
        backup::swap_at_start(&d.book, 9_000).unwrap();
        let aside = d.book.with_file_name("book-damaged-20261206T083005Z");
        if step == "writing the marker" {
            // Nothing had moved: still the damaged book, and restoring again works.
            assert!(!aside.exists(), "{step}");
            assert!(
                !backup::staged_dir(&d.book).exists(),
                "{step}: no staged copy left"
            );
            assert_eq!(snapshot(&d.book), before, "{step}");
            backup::restore_damaged(&d.book, &d.backup, now(), None).unwrap();
        }
        assert_eq!(open_names(&d.book), sorted(&IN_BACKUP), "{step}");
        assert_eq!(snapshot(&aside), before, "{step}: the damaged book is kept");
    }
}

#[test]
fn finishing_from_the_unfinished_restore_screen_keeps_the_damaged_book() {
    let d = damaged_book();
    let _ = Store::open(&d.book);
    let before = snapshot(&d.book);
    // The backup failed to move in: no book, the staged one and the damaged one beside it.
    let _ = backup::restore_damaged_with(&FailAt::rename(3), &d.book, &d.backup, now(), None);
    assert!(!d.book.exists());
    let err = Store::open(&d.book)
        .err()
        .expect("opened over the leftovers");
    let CoreError::RestoreUnfinished(problem) = &err else {
        panic!("{err:?}");
    };
    assert!(problem.can_finish, "{problem:?}");
    assert_eq!(problem.damaged.len(), 1, "{problem:?}");
    backup::finish_restore(&d.book, 9_000).unwrap();
    assert_eq!(open_names(&d.book), sorted(&IN_BACKUP));
    let aside = d.book.with_file_name("book-damaged-20261206T083005Z");
    assert_eq!(
        snapshot(&aside),
        before,
        "finishing never deletes the damaged book"
    );
}

#[test]
fn two_restores_in_one_second_keep_both_damaged_books() {
    let d = damaged_book();
    let _ = Store::open(&d.book);
    backup::restore_damaged(&d.book, &d.backup, now(), None).unwrap();
    open_names(&d.book);
    // The restored book breaks again within the same second.
    std::thread::sleep(Duration::from_millis(300));
    std::fs::write(d.book.join("conf"), b"garbage garbage garbage").unwrap();
    let err = Store::open(&d.book).err().expect("opened");
    assert!(backup::restorable(&err), "{err:?}");
    backup::restore_damaged(&d.book, &d.backup, now(), None).unwrap();
    assert_eq!(open_names(&d.book), sorted(&IN_BACKUP));
    let parent = d.book.parent().unwrap();
    let damaged: Vec<String> = names_in(parent)
        .into_iter()
        .filter(|n| n.starts_with("book-damaged-"))
        .collect();
    assert_eq!(
        damaged,
        [
            "book-damaged-20261206T083005Z",
            "book-damaged-20261206T083005Z-2"
        ]
    );
}

#[test]
fn only_an_unreadable_book_is_restored_over_from_the_start_up_screen() {
    let d = damaged_book();
    let corrupt = Store::open(&d.book).err().expect("opened");
    // sled calls some garbage corrupt and some an unsupported old format: both read as a
    // damaged book, whose message says to restore a backup.
    assert_eq!(corrupt.code(), "corrupt", "{corrupt:?}");
    assert!(i18n::message(&corrupt, Language::Zh).contains("客户数据已损坏"));
    assert!(i18n::message(&corrupt, Language::En).contains("Restore a backup"));
    assert!(backup::restorable(&corrupt));
    assert!(backup::restorable(&CoreError::Storage("tree".into())));
    for e in [
        CoreError::Locked,
        CoreError::SchemaTooNew {
            found: 99,
            supported: 3,
        },
        CoreError::CannotWrite(rapport_core::error::DiskTrouble {
            problem: rapport_core::error::DiskProblem::Full,
            detail: "No space left on device".into(),
        }),
        CoreError::RestoreUnfinished(Box::new(RestoreProblem {
            detail: String::new(),
            book: false,
            staged: None,
            replaced: vec![],
            damaged: vec![],
            can_finish: false,
            can_roll_back: false,
        })),
    ] {
        assert!(!backup::restorable(&e), "{e:?}");
    }
    let refused = backup::not_damaged();
    assert_eq!(refused.code(), "bookNotDamaged");
    assert!(i18n::message(&refused, Language::Zh).contains("设置"));
    assert!(i18n::message(&refused, Language::En).contains("Settings"));
}

#[test]
fn a_restore_half_done_is_finished_first_not_restored_over() {
    let d = damaged_book();
    let _ = Store::open(&d.book);
    std::fs::write(d.book.with_file_name("book.restoring"), b"{}").unwrap();
    let siblings = names_in(d.book.parent().unwrap());
    let err = backup::restore_damaged(&d.book, &d.backup, now(), None).unwrap_err();
    assert_eq!(err.code(), "restorePending");
    assert_eq!(names_in(d.book.parent().unwrap()), siblings);
}

#[test]
fn the_start_up_screen_restores_only_a_backup_listed_in_the_backup_folder() {
    let d = damaged_book();
    let _ = Store::open(&d.book);
    let outside = d.book.parent().unwrap().join("elsewhere.rapportbak");
    std::fs::copy(&d.backup, &outside).unwrap();
    let siblings = names_in(d.book.parent().unwrap());
    for name in [
        "elsewhere.rapportbak",
        "../elsewhere.rapportbak",
        "",
        "rapport-nothing.rapportbak",
    ] {
        let err = backup::restore_damaged_from(&d.book, &d.backups, name, now(), None).unwrap_err();
        assert_eq!(err.code(), "backupNotListed", "{name}");
        assert!(
            i18n::message(&err, Language::Zh).contains("未改动"),
            "{name}"
        );
        assert_eq!(names_in(d.book.parent().unwrap()), siblings, "{name}");
    }
    let name = d.backup.file_name().unwrap().to_string_lossy().into_owned();
    let info = backup::restore_damaged_from(&d.book, &d.backups, &name, now(), None).unwrap();
    assert_eq!(info.file_name, name);
    assert_eq!(open_names(&d.book), sorted(&IN_BACKUP));
}

#[test]
fn a_staged_book_left_from_an_earlier_attempt_does_not_stand_in_the_way() {
    let d = damaged_book();
    let _ = Store::open(&d.book);
    let staged = backup::staged_dir(&d.book);
    std::fs::create_dir_all(&staged).unwrap();
    std::fs::write(staged.join("leftover"), b"half a book").unwrap();
    // A bad backup leaves even that alone.
    let bad = d.backups.join("bad.rapportbak");
    std::fs::write(&bad, b"not a backup").unwrap();
    assert!(backup::restore_damaged(&d.book, &bad, now(), None).is_err());
    assert!(staged.join("leftover").is_file());
    backup::restore_damaged(&d.book, &d.backup, now(), None).unwrap();
    assert!(!staged.exists());
    assert_eq!(open_names(&d.book), sorted(&IN_BACKUP));
}
