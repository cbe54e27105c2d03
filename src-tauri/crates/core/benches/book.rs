//! Benchmark of the customer book at 100,000 customers (a bench binary, not a timed test):
//!   cargo bench -p rapport-core --bench book
//! RAPPORT_BENCH_N sets the size; RAPPORT_BENCH_DIR keeps the book in that folder.
//! Prints: time to open and be ready, first list page filtered by a tag and sorted by name,
//! p50/p95 of one customer save and one edit including flush, in a personal book and in a team
//! book (its outbox on), and the process's resident memory.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod measure;

use chrono::Utc;
use measure::{percentile, rss_mb};
use rapport_core::model::{CustomerInput, ListQuery, Priority, SortField, Stage};
use rapport_core::Store;
use std::time::Instant;

const TAGS: [&str; 12] = [
    "VIP",
    "重点客户",
    "老客户",
    "新客户",
    "华东",
    "华南",
    "海外",
    "展会2026",
    "转介绍",
    "待回款",
    "Key account",
    "Partner",
];
const SURNAMES: [&str; 10] = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴"];

fn customer(i: usize) -> CustomerInput {
    let mut c = CustomerInput::default();
    c.fields.name = format!("{}{}号客户", SURNAMES[i % 10], i);
    c.fields.company = format!("杭州第{}科技有限公司", i % 5000);
    c.fields.phones = vec![format!("138{:08}", i)];
    c.fields.emails = vec![format!("c{i}@example.cn")];
    c.fields.owner = ["李娜", "陈强", "刘洋", "Emily Chen"][i % 4].into();
    c.fields.stage = [
        Stage::InitialContact,
        Stage::NeedsConfirmed,
        Stage::Proposal,
        Stage::Negotiation,
        Stage::Won,
    ][i % 5];
    c.fields.priority = [Priority::High, Priority::Medium, Priority::Low][i % 3];
    c.fields.address = "浙江省杭州市西湖区文三路 90 号".into();
    c.fields.notes = "老客户介绍，关注价格和交付周期。".into();
    c.tags = vec![TAGS[i % 12].into(), TAGS[(i / 12) % 12].into()];
    c
}

fn main() {
    if let Ok(dir) = std::env::var(OPEN_ONLY) {
        return open_only(&dir);
    }
    let n: usize = std::env::var("RAPPORT_BENCH_N")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(100_000);
    // RAPPORT_BENCH_DIR keeps the generated book (e.g. to open it in the app); else a temp dir.
    let temp = tempfile::tempdir().unwrap();
    let kept = std::env::var_os("RAPPORT_BENCH_DIR").map(std::path::PathBuf::from);
    let dir = kept.as_deref().unwrap_or(temp.path());
    {
        let store = Store::open(dir).unwrap();
        let start = Instant::now();
        for chunk in (0..n).collect::<Vec<_>>().chunks(1000) {
            store
                .create_customers(chunk.iter().map(|i| customer(*i)).collect(), Utc::now())
                .unwrap();
        }
        println!(
            "generate {n} customers: {:.1} s",
            start.elapsed().as_secs_f64()
        );
    }
    // Open in a fresh process, as the app does at start, for honest time and memory figures.
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .env(OPEN_ONLY, dir)
        .output()
        .unwrap();
    print!("{}", String::from_utf8_lossy(&out.stdout));
    let store = Store::open(dir).unwrap();

    let vip = store
        .list_tags()
        .unwrap()
        .into_iter()
        .find(|t| t.tag.name == "VIP")
        .unwrap()
        .tag
        .id;
    let query = ListQuery {
        tag_ids: vec![vip],
        sort: SortField::Name,
        limit: 200,
        ..Default::default()
    };
    let mut times = Vec::new();
    for _ in 0..50 {
        let t = Instant::now();
        let page = store.list_customers(&query).unwrap();
        times.push(t.elapsed());
        assert_eq!(page.rows.len(), 200);
    }
    times.sort();
    println!(
        "first page (tag filter, sorted by name, 200 rows of {}): p50 {:.2} ms, p95 {:.2} ms",
        store.list_customers(&query).unwrap().total,
        percentile(&times, 0.5).as_secs_f64() * 1000.0,
        percentile(&times, 0.95).as_secs_f64() * 1000.0
    );
    let search = ListQuery {
        search: "13800001234".into(),
        ..Default::default()
    };
    let t = Instant::now();
    store.list_customers(&search).unwrap();
    println!(
        "search by phone over all: {:.2} ms",
        t.elapsed().as_secs_f64() * 1000.0
    );

    // Saves in a personal book, then the same in a team book, whose writes also append their
    // ops to the outbox in the same transaction (the local save figure of team mode).
    saves_of(&store, n, "personal book");
    store.set_team_book(true).unwrap();
    saves_of(&store, n + 2000, "team book, outbox on");
    println!("ops waiting in the outbox: {}", store.outbox_len());
}

/// p50/p95 of 2,000 new customers and of 2,000 edits, each saved alone incl. flush.
fn saves_of(store: &Store, first: usize, label: &str) {
    let mut saves = Vec::new();
    let mut ids = Vec::new();
    for i in 0..2000 {
        let t = Instant::now();
        ids.push(
            store
                .create_customer(customer(first + i), Utc::now())
                .unwrap()
                .id,
        );
        saves.push(t.elapsed());
    }
    report(
        &mut saves,
        &format!("one customer save incl. flush ({label})"),
    );
    let mut edits = Vec::new();
    for (i, id) in ids.iter().enumerate() {
        let mut input = customer(first + i);
        input.fields.notes = format!("第{i}次回访后更新");
        let t = Instant::now();
        store.update_customer(id, input, Utc::now()).unwrap();
        edits.push(t.elapsed());
    }
    report(
        &mut edits,
        &format!("one customer edit incl. flush ({label})"),
    );
}

fn report(times: &mut [std::time::Duration], what: &str) {
    times.sort();
    println!(
        "{what}: p50 {:.2} ms, p95 {:.2} ms, max {:.2} ms",
        percentile(times, 0.5).as_secs_f64() * 1000.0,
        percentile(times, 0.95).as_secs_f64() * 1000.0,
        percentile(times, 1.0).as_secs_f64() * 1000.0
    );
}

const OPEN_ONLY: &str = "RAPPORT_BENCH_OPEN_ONLY";

/// The child process: open the book, serve one page, report time and resident memory.
fn open_only(dir: &str) {
    let start = Instant::now();
    if std::env::var_os("RAPPORT_BENCH_TRACE").is_some() {
        let db = sled::open(dir).unwrap();
        println!(
            "  sled open: {:.0} ms",
            start.elapsed().as_secs_f64() * 1000.0
        );
        let t = db.open_tree("customer_row_by_id").unwrap();
        let bytes: usize = t.iter().map(|r| r.unwrap().1.len()).sum();
        println!(
            "  scan {} MB: {:.0} ms",
            bytes / 1_000_000,
            start.elapsed().as_secs_f64() * 1000.0
        );
        drop(t);
        drop(db);
    }
    let start = Instant::now();
    let store = Store::open(std::path::Path::new(dir)).unwrap();
    let first = store.list_customers(&ListQuery::default()).unwrap();
    println!(
        "open and be ready (fresh process, first page served): {:.0} ms",
        start.elapsed().as_secs_f64() * 1000.0
    );
    println!(
        "resident memory of a process with the book open: {:.0} MB ({} customers)",
        rss_mb(),
        first.total
    );
    drop(store);
    // Again, by phase.
    measure::open::open_to_first_page(std::path::Path::new(dir));
}
