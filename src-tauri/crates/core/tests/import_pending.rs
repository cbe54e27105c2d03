//! A file opened for import (`PendingImport`): the import commits the preview the user saw
//! when the choices have not changed since (and it is the same day), lets go of the file's
//! session, and reads the file again from its path if the user goes on after that.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;

use chrono::{DateTime, Duration, NaiveTime, Utc};
use chrono_tz::Asia::Shanghai;
use common::{open_temp, t};
use rapport_core::import::pending::PendingImport;
use rapport_core::import::session::ReadContext;
use rapport_core::import::source::MAX_FILE_BYTES;
use rapport_core::import::values::DateOrder;
use rapport_core::model::{ImportOptions, Language};
use rapport_core::CoreError;

fn read(now: DateTime<Utc>) -> ReadContext<chrono_tz::Tz> {
    ReadContext {
        tz: Shanghai,
        now,
        reminder_time: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
        lang: Language::Zh,
    }
}

/// A sheet whose follow-ups have no time column: each is dated when the rows are planned.
const SHEET: &str = "客户名称,联系电话,跟进内容\n华为,13800138000,聊了方案\n";

/// A book (for its import context) and `SHEET` written as 客户.csv in a temp folder.
struct Setup {
    _book: tempfile::TempDir,
    context: rapport_core::store::ImportContext,
    dir: tempfile::TempDir,
    path: std::path::PathBuf,
}

fn setup() -> Setup {
    let (book, store) = open_temp();
    let context = store.import_context().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("客户.csv");
    std::fs::write(&path, SHEET).unwrap();
    Setup {
        _book: book,
        context,
        dir,
        path,
    }
}

fn names(plan: &rapport_core::import::plan::Plan) -> Vec<String> {
    plan.customers
        .iter()
        .map(|c| c.input.fields.name.clone())
        .collect()
}

#[test]
fn the_import_commits_the_preview_and_lets_the_file_go_until_it_is_needed_again() {
    let Setup {
        _book,
        context,
        dir: _folder,
        path,
    } = setup();
    let options = ImportOptions::default();

    let mut pending = PendingImport::open(&path).unwrap();
    assert_eq!(pending.file_name(), "客户.csv");
    let preview = pending.prepare(&options, &context, &read(t(20))).unwrap();
    assert_eq!(preview.plan.customers[0].follow_ups[0].at, t(20));

    // Two hours later, same day, same choices: the preview's plan is what gets imported.
    let later = t(20) + Duration::hours(2);
    let prepared = pending
        .for_import(&options, &context, &read(later))
        .unwrap();
    assert_eq!(prepared.plan.customers[0].follow_ups[0].at, t(20));
    assert!(
        !pending.is_open(),
        "the file's session is let go for the commit"
    );
    assert!(
        pending.last().is_some(),
        "the problem rows stay for the error file"
    );

    // After a cancel the user previews again: the file is read again from its path.
    std::fs::write(&path, format!("{SHEET}中兴,13900139000,\n")).unwrap();
    let again = pending.prepare(&options, &context, &read(later)).unwrap();
    assert_eq!(names(&again.plan), ["华为", "中兴"]);
    assert!(pending.is_open());

    // Other choices, or another day: planned anew.
    let day_first = ImportOptions {
        date_order: Some(DateOrder::DayFirst),
        ..ImportOptions::default()
    };
    let at = t(20) + Duration::hours(3);
    let replanned = pending.for_import(&day_first, &context, &read(at)).unwrap();
    assert_eq!(replanned.plan.customers[0].follow_ups[0].at, at);
    let next_day = pending
        .for_import(&day_first, &context, &read(t(21)))
        .unwrap();
    assert_eq!(next_day.plan.customers[0].follow_ups[0].at, t(21));
    let same = pending
        .for_import(&day_first, &context, &read(t(21) + Duration::hours(1)))
        .unwrap();
    assert_eq!(same.plan.customers[0].follow_ups[0].at, t(21));
}

#[test]
fn a_file_gone_or_too_large_is_a_clear_error() {
    let Setup {
        _book,
        context,
        dir,
        path,
    } = setup();
    let options = ImportOptions::default();
    let mut pending = PendingImport::open(&path).unwrap();
    pending
        .for_import(&options, &context, &read(t(20)))
        .unwrap();
    std::fs::remove_file(&path).unwrap();
    let gone = pending
        .prepare(&options, &context, &read(t(20)))
        .err()
        .unwrap();
    assert_eq!(gone.code(), "unreadableFile", "{gone:?}");
    assert!(matches!(&gone, CoreError::File { zh, .. } if zh.contains("客户.csv")));

    // Larger than the limit: refused before reading (a sparse file takes no disk).
    let big = dir.path().join("big.csv");
    std::fs::File::create(&big)
        .unwrap()
        .set_len(MAX_FILE_BYTES + 1)
        .unwrap();
    let err = PendingImport::open(&big).err().unwrap();
    assert_eq!(err.code(), "fileTooLarge", "{err:?}");
}
