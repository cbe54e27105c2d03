//! Open → first page of the customer list, by phase (run in a fresh process, as the app starts).
use super::ms;
use rapport_core::model::ListQuery;
use rapport_core::Store;
use std::path::Path;
use std::time::Instant;

/// Opens the book in `dir`, serves the list's first page, then builds what the open deferred
/// (the agenda index, as the app's warm-up does after the first page); prints each phase.
pub fn open_to_first_page(dir: &Path) {
    let start = Instant::now();
    let store = Store::open(dir).unwrap();
    let opened = start.elapsed();
    let t = Instant::now();
    let page = store.list_customers(&ListQuery::default()).unwrap();
    let first_page = t.elapsed();
    let total = start.elapsed();
    let p = store.open_phases();
    let t = Instant::now();
    store.warm_up().unwrap();
    let warm = t.elapsed();
    println!(
        "open → first page ({} customers): {:.0} ms = open {:.0} ms (sled {:.0}, checks+migrate {:.0}, list view {:.0}, service plans {:.0}, import recovery {:.0}) + first page {:.1} ms",
        page.total,
        ms(total),
        ms(opened),
        ms(p.sled),
        ms(p.migrate),
        ms(p.view),
        ms(p.plans),
        ms(p.recover),
        ms(first_page),
    );
    println!(
        "  after the first page: agenda index built in {:.0} ms (warm-up call incl. pinyin keys {:.0} ms)",
        store.due_build_time().map_or(f64::NAN, ms),
        ms(warm)
    );
}
