//! The import as the app runs it (`open_import`, then `run_import` in the shell), for its peak
//! memory: the file opened as a `PendingImport`, previewed, then committed with the preview's
//! plan while the book's import context stays open, as the import desk holds it.
use super::measure::{peak_rss_mb, run_child};
use chrono::{NaiveTime, TimeZone, Utc};
use chrono_tz::Asia::Shanghai;
use rapport_core::import::pending::PendingImport;
use rapport_core::import::plan::DuplicatePolicy;
use rapport_core::import::reader::ReaderProcess;
use rapport_core::import::session::ReadContext;
use rapport_core::model::{ImportOptions, Language};
use rapport_core::Store;
use std::path::Path;

pub const CHILD: &str = "RAPPORT_BENCH_APP_PATH_CHILD";

/// Runs in a child process: `args` is "<file>\n<book dir>[\nisolated]". Prints the peak
/// resident MB, the customers added and the seconds from open to the end of the commit. With
/// `isolated` the file is read by the reader process (`rapport-file-reader`), as the app does.
pub fn child(args: &str) {
    let mut parts = args.split('\n');
    let (file, dir) = (parts.next().unwrap(), parts.next().unwrap());
    let isolated = parts.next() == Some("isolated");
    let started = std::time::Instant::now();
    let store = Store::open(Path::new(dir)).unwrap();
    let read = ReadContext {
        tz: Shanghai,
        now: Utc.with_ymd_and_hms(2026, 11, 5, 2, 0, 0).unwrap(),
        reminder_time: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
        lang: Language::Zh,
    };
    let mut pending = if isolated {
        let exe = env!("CARGO_BIN_EXE_rapport-file-reader");
        PendingImport::open_isolated(Path::new(file), ReaderProcess::new(exe.into())).unwrap()
    } else {
        PendingImport::open(Path::new(file)).unwrap()
    };
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
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "{:.1} {} {seconds:.3}",
        peak_rss_mb(),
        record.customers_added
    );
}

/// Runs the app-path child on `file` into a fresh book at `dir`, the file read in process or
/// by the reader process: (peak MB of the app's side, customers added, seconds).
pub fn measure(file: &Path, dir: &Path, isolated: bool) -> (f64, usize, f64) {
    let mode = if isolated { "\nisolated" } else { "" };
    let text = run_child(
        CHILD,
        format!("{}\n{}{mode}", file.display(), dir.display()),
    );
    let mut words = text.split_whitespace();
    let peak = words.next().unwrap().parse().unwrap();
    let added = words.next().unwrap().parse().unwrap();
    let seconds = words.next().unwrap().parse().unwrap();
    (peak, added, seconds)
}
