//! The import as the app runs it (`open_import`, then `run_import` in the shell), for its peak
//! memory: the file opened as a `PendingImport`, previewed, then committed with the preview's
//! plan while the book's import context stays open, as the import desk holds it.
use super::measure::{peak_rss_mb, run_child};
use chrono::{NaiveTime, TimeZone, Utc};
use chrono_tz::Asia::Shanghai;
use rapport_core::import::pending::PendingImport;
use rapport_core::import::plan::DuplicatePolicy;
use rapport_core::import::session::ReadContext;
use rapport_core::model::{ImportOptions, Language};
use rapport_core::Store;
use std::path::Path;

pub const CHILD: &str = "RAPPORT_BENCH_APP_PATH_CHILD";

/// Runs in a child process: `args` is "<file>\n<book dir>". Prints the peak resident MB and
/// the customers added.
pub fn child(args: &str) {
    let (file, dir) = args.split_once('\n').unwrap();
    let store = Store::open(Path::new(dir)).unwrap();
    let read = ReadContext {
        tz: Shanghai,
        now: Utc.with_ymd_and_hms(2026, 11, 5, 2, 0, 0).unwrap(),
        reminder_time: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
        lang: Language::Zh,
    };
    let mut pending = PendingImport::open(Path::new(file)).unwrap();
    let name = pending.file_name().to_owned();
    let context = store.import_context().unwrap();
    let options = ImportOptions::default();
    pending.prepare(&options, &context, &read).unwrap();
    let prepared = pending.for_import(&options, &context, &read).unwrap();
    let record = store
        .commit_import_with(
            &prepared.plan,
            DuplicatePolicy::Skip,
            &name,
            read.now,
            &read.tz,
            &mut |_| true,
        )
        .unwrap();
    println!("{:.1} {}", peak_rss_mb(), record.customers_added);
}

/// Runs the app-path child on `file` into a fresh book at `dir`: (peak MB, customers added).
pub fn measure(file: &Path, dir: &Path) -> (f64, usize) {
    let text = run_child(CHILD, format!("{}\n{}", file.display(), dir.display()));
    let mut words = text.split_whitespace();
    let peak = words.next().unwrap().parse().unwrap();
    let added = words.next().unwrap().parse().unwrap();
    (peak, added)
}
