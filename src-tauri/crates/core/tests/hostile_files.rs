//! Hostile and broken files (`tests/fixtures/hostile/`: hand-built compound files and every
//! input the fuzzers found that crashed, hung or blew memory) never take the app down: each
//! is refused with a clear "damaged" error in both languages, through the path the app uses
//! (the reader process, `PendingImport::open_isolated`) and in this process too. The reader
//! process is also made to fail the ways a parser can (memory, CPU, a hang, an abort) to see
//! that each becomes the same kind of error.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;

use chrono::NaiveTime;
use chrono_tz::Asia::Shanghai;
use common::{open_temp, t};
use rapport_core::import::pending::PendingImport;
use rapport_core::import::reader::{Limits, ReaderProcess};
use rapport_core::import::session::ReadContext;
use rapport_core::model::{ImportOptions, Language};
use rapport_core::CoreError;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The codes of "this file cannot be read" errors: a hostile file must end in one of them,
/// never in a storage error or a crash.
const FILE_CODES: [&str; 6] = [
    "damagedFile",
    "unreadableWorkbook",
    "unreadableText",
    "unreadableVcard",
    "notASpreadsheet",
    "nothingToImport",
];

fn hostile() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../tests/fixtures/hostile");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_none_or(|e| e != "py" && e != "md"))
        .collect();
    files.sort();
    assert!(files.len() >= 3, "the hostile fixtures are missing");
    files
}

fn read() -> ReadContext<chrono_tz::Tz> {
    ReadContext {
        tz: Shanghai,
        now: t(20),
        reminder_time: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
        lang: Language::Zh,
    }
}

fn reader() -> ReaderProcess {
    ReaderProcess::new(PathBuf::from(env!("CARGO_BIN_EXE_rapport-file-reader")))
}

/// Opens and previews `path` as the app does; the error it ends in.
fn refusal(path: &Path, open: impl Fn(&Path) -> rapport_core::Result<PendingImport>) -> CoreError {
    let (_book, store) = open_temp();
    let context = store.import_context().unwrap();
    let result = open(path).and_then(|mut pending| {
        pending
            .prepare(&ImportOptions::default(), &context, &read())
            .map(|p| p.preview.counts.new_customers)
    });
    match result {
        Err(e) => e,
        Ok(n) => panic!("{} was read ({n} customers)", path.display()),
    }
}

fn assert_clear(path: &Path, e: &CoreError) {
    let CoreError::File { code, zh, en } = e else {
        panic!("{}: not a file error: {e:?}", path.display());
    };
    assert!(
        FILE_CODES.contains(code),
        "{}: {code}: {en}",
        path.display()
    );
    assert!(!zh.is_empty() && !en.is_empty());
    assert!(
        zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
        "{zh}"
    );
    assert!(en.is_ascii() || en.contains("“"), "{en}");
}

#[test]
fn every_hostile_file_is_refused_clearly_by_the_reader_process() {
    for path in hostile() {
        let e = refusal(&path, |p| PendingImport::open_isolated(p, reader()));
        assert_clear(&path, &e);
    }
}

#[test]
fn every_hostile_file_is_refused_clearly_in_process_too() {
    for path in hostile() {
        let e = refusal(&path, PendingImport::open);
        assert_clear(&path, &e);
    }
}

#[test]
fn a_loop_in_the_compound_file_is_named() {
    let path = hostile()
        .into_iter()
        .find(|p| p.ends_with("directory-chain-loops.xls"))
        .unwrap();
    let CoreError::File { en, zh, .. } = refusal(&path, PendingImport::open) else {
        panic!("not a file error");
    };
    assert!(en.contains("damaged") && en.contains("loops"), "{en}");
    assert!(zh.contains("已损坏"), "{zh}");
}

/// A reader process started to fail in `how` (see src/bin/rapport-file-reader.rs), reading a
/// good file.
fn misbehaving(how: &str, limits: Limits) -> CoreError {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("客户.csv");
    std::fs::write(&path, "客户名称\n华为\n").unwrap();
    let reader = reader()
        .with_limits(limits)
        .with_env("RAPPORT_READER_MISBEHAVE", how);
    match PendingImport::open_isolated(&path, reader) {
        Err(e) => e,
        Ok(_) => panic!("the {how} reader answered"),
    }
}

/// Limits that each misbehaviour reaches quickly; the others stay far (the machine may be
/// busy, so one CPU second can take several on the clock).
const SMALL: Limits = Limits {
    memory: 512 << 20,
    cpu_seconds: 1,
    wall: Duration::from_secs(60),
};

#[test]
fn a_reader_that_runs_out_of_memory_time_or_luck_is_a_clear_error() {
    let e = misbehaving("memory", SMALL);
    let CoreError::File { code, en, zh } = &e else {
        panic!("{e:?}")
    };
    assert_eq!(*code, "damagedFile");
    assert!(en.contains("more than 512 MB of memory"), "{en}");
    assert!(zh.contains("超过 512 MB 内存"), "{zh}");

    let CoreError::File { en, zh, .. } = misbehaving("cpu", SMALL) else {
        panic!()
    };
    assert!(en.contains("longer than 1 seconds"), "{en}");
    assert!(zh.contains("超过了 1 秒"), "{zh}");

    let wall = Limits {
        wall: Duration::from_secs(2),
        ..SMALL
    };
    let CoreError::File { en, .. } = misbehaving("sleep", wall) else {
        panic!()
    };
    assert!(en.contains("longer than 2 seconds"), "{en}");

    let CoreError::File { en, zh, .. } = misbehaving("abort", SMALL) else {
        panic!()
    };
    assert!(
        en.contains("damaged or too large") && en.contains("the reader stopped"),
        "{en}"
    );
    assert!(zh.contains("已损坏或过大"), "{zh}");

    // And a good file is read by the same reader afterwards.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("客户.csv");
    std::fs::write(&path, "客户名称,联系电话\n华为,13800138000\n").unwrap();
    let (_book, store) = open_temp();
    let context = store.import_context().unwrap();
    let mut pending = PendingImport::open_isolated(&path, reader()).unwrap();
    let preview = &pending
        .prepare(&ImportOptions::default(), &context, &read())
        .unwrap()
        .preview;
    assert_eq!(preview.counts.new_customers, 1);
    assert_eq!(preview.format, "csv");
}
