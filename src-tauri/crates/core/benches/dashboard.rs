//! Benchmark of the analytics dashboard and the pipeline board (a bench binary, not a timed test):
//!   cargo bench -p rapport-core --bench dashboard
//! The target: with 100,000 customers, 1,000,000 follow-ups and 200,000 deals, the whole
//! dashboard for a one-year period in ≤ 200 ms in the backend; the board's first render smooth.
//!
//! Part A — `analytics::dashboard` over plain facts, always at the full volume (100,000
//! customers, 10 follow-ups each with the latest open, 2 deals each, 0–3 stage changes each),
//! grouped by customer as the store keeps them (and, for comparison, scattered): p50 and max
//! of 10 runs for the year 2024 in Asia/Shanghai.
//!
//! Part B — the same shape of book through the real store (`Store` on a sled book), built with
//! the public API (`create_customers`, `log_follow_ups`, `move_stage` and `add_deal` one at a
//! time), then measured in a fresh process: open, `warm_analytics` (the cold read of every
//! fact), the dashboard warm, the dashboard after one write (the incremental refresh), the
//! board (100 cards a column, as the app asks) and a column's next page, peak memory.
//!   RAPPORT_BENCH_SCALE  a divisor of the volume: 1 = 100,000 customers / 1,000,000
//!                        follow-ups / 200,000 deals; default 10 = 10,000 / 100,000 / 20,000
//!   RAPPORT_BENCH_DEALS  how many deals to add (default 2 a customer)
//!   RAPPORT_BENCH_DIR    keeps the book in that folder (`book/` inside) and reuses it when it
//!                        was built whole with the same sizes, so a big book is built once
//! Each part runs in its own child process, so the peak resident memory printed is its own.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod measure;

use chrono::{DateTime, Duration as Span, NaiveDate, Utc};
use chrono_tz::Asia::Shanghai;
use measure::{ms, peak_rss_mb, percentile, rss_mb};
use rapport_core::analytics::{self, CustomerFact, DealFact, Facts, FollowUpFact, StageChange};
use rapport_core::model::{
    AnalyticsQuery, BoardQuery, CustomerInput, Dashboard, DealInput, FollowUpInput, FollowUpMethod,
    Stage,
};
use rapport_core::Store;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The volume.
const CUSTOMERS: usize = 100_000;
const FOLLOW_UPS_EACH: usize = 10;
const DEALS_EACH: usize = 2;
/// The dashboard's target at the full volume.
const TARGET_MS: f64 = 200.0;
/// Cards per column of the board's first request (the app's `PER_COLUMN`).
const PER_COLUMN: u32 = 100;
const RUNS: usize = 10;

const STAGES: [Stage; 6] = rapport_core::stages::BUILT_IN_STAGES;
const METHODS: [FollowUpMethod; 3] = [
    FollowUpMethod::Phone,
    FollowUpMethod::Visit,
    FollowUpMethod::WeChat,
];
const SURNAMES: [&str; 10] = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴"];

const CHILD: &str = "RAPPORT_BENCH_DASHBOARD_CHILD";
const BOOK: &str = "RAPPORT_BENCH_DASHBOARD_BOOK";
/// Written next to the book once it is built whole: the sizes it was built with.
const MARKER: &str = "dashboard-bench-built.txt";

fn utc(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

/// Customers start 13 minutes apart at the full volume (13 × scale at a smaller one), so
/// every scale spans the same 2½ years from 2023-01-01.
fn start_of(i: usize, scale: usize) -> DateTime<Utc> {
    utc("2023-01-01T00:00:00Z") + Span::minutes((i * 13 * scale) as i64)
}

/// 10:00 on 1 April 2025, Shanghai.
fn now() -> DateTime<Utc> {
    utc("2025-04-01T02:00:00Z")
}

/// The one-year period: 2024.
fn year() -> AnalyticsQuery {
    AnalyticsQuery {
        from: NaiveDate::from_ymd_opt(2024, 1, 1).unwrap(),
        to: NaiveDate::from_ymd_opt(2024, 12, 31).unwrap(),
        owner: None,
    }
}

fn owner(i: usize) -> String {
    format!("owner{}", i % 20)
}

/// `RUNS` timings of `f`, sorted.
fn timed<T>(f: impl FnMut() -> T) -> Vec<Duration> {
    measure::timed(RUNS, f)
}

/// "p50 x ms, max y ms" of sorted timings.
fn p50_max(times: &[Duration]) -> String {
    format!(
        "p50 {:.2} ms, max {:.2} ms",
        ms(percentile(times, 0.5)),
        ms(percentile(times, 1.0))
    )
}

/// Prints a figure for the parent's table: `@key p50 max` (milliseconds) or `@key value`.
fn report(key: &str, values: &[f64]) {
    let v: Vec<String> = values.iter().map(|v| format!("{v:.3}")).collect();
    println!("@{key} {}", v.join(" "));
}

fn report_times(key: &str, times: &[Duration]) {
    report(
        key,
        &[ms(percentile(times, 0.5)), ms(percentile(times, 1.0))],
    );
}

fn env_usize(name: &str) -> Option<usize> {
    std::env::var(name).ok().and_then(|s| s.parse().ok())
}

fn main() {
    match std::env::var(CHILD).as_deref() {
        Ok("a") => return part_a(),
        Ok("b") => return part_b(Path::new(&std::env::var(BOOK).unwrap())),
        _ => {}
    }
    let scale = env_usize("RAPPORT_BENCH_SCALE").unwrap_or(10).max(1);
    let n = CUSTOMERS / scale;
    let deals = env_usize("RAPPORT_BENCH_DEALS").unwrap_or(n * DEALS_EACH);
    println!(
        "dashboard bench: {} logical cores available; part B at scale 1/{scale}",
        std::thread::available_parallelism().map_or(0, |p| p.get())
    );
    let mut figures = BTreeMap::new();
    figures.extend(child("a", None));

    let temp = tempfile::tempdir().unwrap();
    let kept = std::env::var_os("RAPPORT_BENCH_DIR").map(PathBuf::from);
    let dir = kept.as_deref().unwrap_or(temp.path());
    let book = dir.join("book");
    let sizes = format!(
        "customers={n} follow-ups={} deals={deals}\n",
        n * FOLLOW_UPS_EACH
    );
    let marker = dir.join(MARKER);
    if std::fs::read_to_string(&marker).ok().as_deref() == Some(sizes.as_str()) {
        println!(
            "B. reusing the book in {} ({})",
            book.display(),
            sizes.trim()
        );
    } else {
        assert!(
            !book.exists(),
            "{} holds a book not built whole with these sizes ({}): remove it or choose another RAPPORT_BENCH_DIR",
            book.display(),
            sizes.trim()
        );
        build(&book, scale, n, deals);
        std::fs::write(&marker, &sizes).unwrap();
    }
    figures.extend(child("b", Some(&book)));
    table(&figures, scale, n, deals);
}

/// Runs this binary as the child `part`, echoes its lines and returns its `@` figures.
fn child(part: &str, book: Option<&Path>) -> BTreeMap<String, Vec<f64>> {
    let mut cmd = Command::new(std::env::current_exe().unwrap());
    cmd.env(CHILD, part)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit());
    if let Some(book) = book {
        cmd.env(BOOK, book);
    }
    let out = cmd.spawn().unwrap().wait_with_output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let mut figures = BTreeMap::new();
    for line in text.lines() {
        match line.strip_prefix('@') {
            Some(rest) => {
                let mut words = rest.split_whitespace();
                let key = words.next().unwrap().to_string();
                figures.insert(key, words.map(|w| w.parse().unwrap()).collect());
            }
            None => println!("{line}"),
        }
    }
    assert!(out.status.success(), "part {part} failed: {}", out.status);
    figures
}

// ---------------------------------------------------------------------------------------------
// Part A: plain facts at the full volume.

struct PlainFacts {
    customers: Vec<CustomerFact>,
    changes: Vec<StageChange>,
    follow_ups: Vec<FollowUpFact>,
    deals: Vec<DealFact>,
}

impl PlainFacts {
    fn facts(&self) -> Facts<'_> {
        Facts {
            customers: &self.customers,
            stage_changes: &self.changes,
            follow_ups: &self.follow_ups,
            deals: &self.deals,
            services: &[],
        }
    }
}

/// 100,000 customers with 0–3 stage changes each, ten follow-ups each listed by customer as the
/// store's by-customer tree gives them (the latest of each customer open), two deals each.
fn plain_facts() -> PlainFacts {
    let customers: Vec<CustomerFact> = (0..CUSTOMERS)
        .map(|i| CustomerFact {
            id: format!("01J{i:023}").into(),
            name: format!("name-{i}").into(),
            owner: owner(i).into(),
            source: format!("source{}", i % 12).into(),
            category: None,
            industry: format!("industry{}", i % 30).into(),
            stage: STAGES[i % 6],
            lost_reason: if i % 6 == 5 { "price" } else { "" }.into(),
            first_contact: None,
            created_at: start_of(i, 1),
            expected_cents: 1000,
        })
        .collect();
    let mut changes = Vec::new();
    for (i, c) in customers.iter().enumerate() {
        for k in 0..(i % 4) {
            changes.push(StageChange {
                customer_id: c.id.clone(),
                at: c.created_at + Span::days(k as i64 * 5 + 1),
                from: STAGES[k],
                to: STAGES[k + 1],
                by: "someone".into(),
            });
        }
    }
    let follow_ups: Vec<FollowUpFact> = (0..CUSTOMERS * FOLLOW_UPS_EACH)
        .map(|j| {
            let c = &customers[j / FOLLOW_UPS_EACH];
            let k = (j % FOLLOW_UPS_EACH) as i64;
            FollowUpFact {
                customer_id: c.id.clone(),
                at: c.created_at + Span::days(k * 9),
                method: METHODS[j % 3],
                by: c.owner.clone(),
                next_by: "".into(),
                due: Some(c.created_at + Span::days(k * 9 + 7)),
                done: k < 9,
            }
        })
        .collect();
    let deals: Vec<DealFact> = (0..CUSTOMERS * DEALS_EACH)
        .map(|j| {
            let c = &customers[j / DEALS_EACH];
            DealFact {
                customer_id: c.id.clone(),
                date: c.created_at.date_naive(),
                amount_cents: 10_000 + j as i64,
                by: c.owner.clone(),
                product: ["服务器 X200", "年度维保", "软件授权"][j % 3].into(),
            }
        })
        .collect();
    PlainFacts {
        customers,
        changes,
        follow_ups,
        deals,
    }
}

fn check(d: &Dashboard) {
    assert!(d.funnel.customers > 0 && d.activity.total > 0 && d.deals.count > 0);
}

fn part_a() {
    let t = Instant::now();
    let mut plain = plain_facts();
    println!(
        "A. plain facts generated: {} customers, {} stage changes, {} follow-ups, {} deals ({:.1} s)",
        plain.customers.len(),
        plain.changes.len(),
        plain.follow_ups.len(),
        plain.deals.len(),
        t.elapsed().as_secs_f64()
    );
    let q = year();
    let d = analytics::dashboard(&plain.facts(), &q, now(), &Shanghai);
    check(&d);
    println!(
        "A. the year 2024: {} customers in the funnel, {} follow-ups, {} deals",
        d.funnel.customers, d.activity.total, d.deals.count
    );
    let grouped = timed(|| analytics::dashboard(&plain.facts(), &q, now(), &Shanghai));
    println!(
        "A. dashboard, one-year period, facts grouped by customer: {} ({RUNS} runs)",
        p50_max(&grouped)
    );
    report_times("a_grouped", &grouped);

    // The same facts in a scattered order: every look-up is a hash probe.
    let len = plain.follow_ups.len();
    for j in 0..len {
        plain.follow_ups.swap(j, (j * 7919) % len);
    }
    let len = plain.deals.len();
    for j in 0..len {
        plain.deals.swap(j, (j * 7919) % len);
    }
    let scattered = timed(|| analytics::dashboard(&plain.facts(), &q, now(), &Shanghai));
    println!(
        "A. dashboard, one-year period, facts scattered: {} ({RUNS} runs)",
        p50_max(&scattered)
    );
    report_times("a_scattered", &scattered);
    println!(
        "A. peak resident memory of this process (facts generated in it): {:.0} MB",
        peak_rss_mb()
    );
    report("a_peak", &[peak_rss_mb()]);
}

// ---------------------------------------------------------------------------------------------
// Part B: the real store.

/// The stage customer `i` ends in, and the one it is created in when a stage move of its own is
/// recorded in its history (every fourth customer that is not still at the first stage).
fn stages_of(i: usize) -> (Stage, Stage) {
    let last = STAGES[i % 6];
    let first = match last {
        _ if i % 4 != 1 => last,
        Stage::InitialContact => last,
        Stage::Won | Stage::Lost => Stage::Negotiation,
        _ => STAGES[i % 6 - 1],
    };
    (first, last)
}

fn customer(i: usize, scale: usize) -> CustomerInput {
    let (stage, _) = stages_of(i);
    let mut c = CustomerInput::default();
    c.fields.name = format!("{}{}号客户", SURNAMES[i % 10], i);
    c.fields.company = format!("杭州第{}科技有限公司", i % 5000);
    c.fields.owner = owner(i);
    c.fields.source = format!("source{}", i % 12);
    c.fields.industry = format!("industry{}", i % 30);
    c.fields.stage = stage;
    if stage == Stage::Lost {
        c.fields.lost_reason = "price".into();
    }
    c.fields.first_contact_date = Some(start_of(i, scale).with_timezone(&Shanghai).date_naive());
    c
}

fn follow_up(i: usize, k: usize, scale: usize) -> FollowUpInput {
    let at = start_of(i, scale) + Span::days(k as i64 * 9);
    FollowUpInput {
        at,
        method: ["phone", "visit", "weChat"][(i * FOLLOW_UPS_EACH + k) % 3].into(),
        topic: format!("第{k}次跟进"),
        content: "沟通了需求和预算，客户希望下周看方案。".into(),
        next_action: "发送报价".into(),
        next_at: Some(at + Span::days(7)),
        priority: ["high", "medium", "low"][i % 3].into(),
        done: k + 1 < FOLLOW_UPS_EACH,
        ..Default::default()
    }
}

/// Builds the book: customers in batches of 1,000 (created on the first one's start day), their
/// follow-ups in batches of 5,000, one stage move each for every fourth customer, the deals.
fn build(book: &Path, scale: usize, n: usize, deals: usize) {
    let store = Store::open(book).unwrap();
    let t = Instant::now();
    let mut ids = Vec::with_capacity(n);
    for chunk in (0..n).collect::<Vec<_>>().chunks(1000) {
        let saved = store
            .create_customers(
                chunk.iter().map(|i| customer(*i, scale)).collect(),
                start_of(chunk[0], scale),
            )
            .unwrap();
        ids.extend(saved.into_iter().map(|c| c.id));
    }
    println!(
        "B. build: {n} customers (create_customers, 1,000 a call): {:.1} s",
        t.elapsed().as_secs_f64()
    );

    let t = Instant::now();
    for chunk in (0..n).collect::<Vec<_>>().chunks(5000 / FOLLOW_UPS_EACH) {
        let items = chunk
            .iter()
            .flat_map(|i| (0..FOLLOW_UPS_EACH).map(move |k| (*i, k)))
            .map(|(i, k)| (ids[i].clone(), follow_up(i, k, scale)))
            .collect();
        store.log_follow_ups(items, Utc::now(), &Shanghai).unwrap();
    }
    println!(
        "B. build: {} follow-ups (log_follow_ups, 5,000 a call): {:.1} s",
        n * FOLLOW_UPS_EACH,
        t.elapsed().as_secs_f64()
    );

    let t = Instant::now();
    let mut moves = 0;
    for (i, id) in ids.iter().enumerate() {
        let (first, last) = stages_of(i);
        if first != last {
            let reason = if last == Stage::Lost { "price" } else { "" };
            let at = start_of(i, scale) + Span::days(5);
            store.move_stage(id, last, reason, at).unwrap();
            moves += 1;
        }
    }
    println!(
        "B. build: {moves} stage moves (move_stage, one a call): {:.1} s ({:.2} ms each)",
        t.elapsed().as_secs_f64(),
        ms(t.elapsed()) / moves.max(1) as f64
    );

    let t = Instant::now();
    for j in 0..deals {
        // Spread over the customers: two each at the default count.
        let i = j * n / deals.max(1);
        let input = DealInput {
            date: start_of(i, scale).with_timezone(&Shanghai).date_naive(),
            amount: 10_000 + j as i64,
            product_or_service: "年度服务".into(),
            ..Default::default()
        };
        store
            .add_deal(&ids[i], input, Utc::now(), &Shanghai)
            .unwrap();
        if (j + 1) % 50_000 == 0 {
            eprintln!(
                "  … {} deals added, {:.0} s",
                j + 1,
                t.elapsed().as_secs_f64()
            );
        }
    }
    println!(
        "B. build: {deals} deals (add_deal, one a call incl. flush): {:.1} s ({:.2} ms each)",
        t.elapsed().as_secs_f64(),
        ms(t.elapsed()) / deals.max(1) as f64
    );
}

fn part_b(book: &Path) {
    let t = Instant::now();
    let store = Store::open(book).unwrap();
    let open = t.elapsed();
    let rss_open = rss_mb();
    println!(
        "B. open the book (fresh process): {:.0} ms, resident {rss_open:.0} MB",
        ms(open)
    );
    report("b_open", &[ms(open)]);

    let t = Instant::now();
    store.warm_analytics().unwrap();
    let warm = t.elapsed();
    let rss_warm = rss_mb();
    println!(
        "B. warm_analytics (cold read of every fact): {:.0} ms, resident {rss_warm:.0} MB (+{:.0} MB)",
        ms(warm),
        rss_warm - rss_open
    );
    report("b_warm", &[ms(warm)]);

    let q = year();
    let dash = || store.dashboard(&q, now(), &Shanghai).unwrap();
    let d = dash();
    check(&d);
    println!(
        "B. the year 2024: {} customers in the funnel, {} follow-ups, {} deals",
        d.funnel.customers, d.activity.total, d.deals.count
    );
    let warm_times = timed(dash);
    println!(
        "B. dashboard warm, one-year period: {} ({RUNS} runs)",
        p50_max(&warm_times)
    );
    report_times("b_dash", &warm_times);

    let bq = BoardQuery::default();
    let board = store.board(&bq, PER_COLUMN, now()).unwrap();
    let cards: usize = board.columns.iter().map(|c| c.cards.len()).sum();
    let counts: Vec<String> = board
        .columns
        .iter()
        .map(|c| format!("{:?} {}", c.stage, c.count))
        .collect();
    let board_times = timed(|| store.board(&bq, PER_COLUMN, now()).unwrap());
    println!(
        "B. board, {PER_COLUMN} cards a column ({cards} cards; {}): {} ({RUNS} runs)",
        counts.join(", "),
        p50_max(&board_times)
    );
    report_times("b_board", &board_times);
    let next_times = timed(|| {
        store
            .board_column(&bq, Stage::Negotiation, PER_COLUMN, PER_COLUMN, now())
            .unwrap()
    });
    println!(
        "B. board column's next page ({PER_COLUMN} cards): {} ({RUNS} runs)",
        p50_max(&next_times)
    );
    report_times("b_column", &next_times);

    // One write, then the dashboard: the facts of the customer it touched are read again.
    let id = board.columns[3].cards[0].id.clone();
    let (mut writes, mut after) = (Vec::new(), Vec::new());
    for r in 0..RUNS {
        let stage = if r % 2 == 0 {
            Stage::Won
        } else {
            Stage::Negotiation
        };
        let t = Instant::now();
        store.move_stage(&id, stage, "", now()).unwrap();
        writes.push(t.elapsed());
        let t = Instant::now();
        std::hint::black_box(dash());
        after.push(t.elapsed());
    }
    writes.sort();
    after.sort();
    println!(
        "B. move_stage incl. flush: {}; the dashboard after it: {} ({RUNS} rounds)",
        p50_max(&writes),
        p50_max(&after)
    );
    report_times("b_after_move", &after);

    let (mut writes, mut after) = (Vec::new(), Vec::new());
    for r in 0..RUNS {
        let input = DealInput {
            date: NaiveDate::from_ymd_opt(2024, 6, 15).unwrap(),
            amount: 50_000 + r as i64,
            product_or_service: "年度服务".into(),
            ..Default::default()
        };
        let t = Instant::now();
        let saved = store.add_deal(&id, input, now(), &Shanghai).unwrap();
        writes.push(t.elapsed());
        let t = Instant::now();
        std::hint::black_box(dash());
        after.push(t.elapsed());
        // Leave a kept book as it was.
        store.delete_deal(&saved.deal.id).unwrap();
    }
    writes.sort();
    after.sort();
    println!(
        "B. add_deal incl. flush: {}; the dashboard after it: {} ({RUNS} rounds)",
        p50_max(&writes),
        p50_max(&after)
    );
    report_times("b_after_deal", &after);

    println!(
        "B. peak resident memory of this process (open, warm, dashboards, board): {:.0} MB",
        peak_rss_mb()
    );
    report("b_peak", &[peak_rss_mb()]);
}

/// The figures of both parts side by side.
fn table(f: &BTreeMap<String, Vec<f64>>, scale: usize, n: usize, deals: usize) {
    // Two decimals under 10 ms, one above.
    let fig = |v: f64| {
        if v < 10.0 {
            format!("{v:>9.2}")
        } else {
            format!("{v:>9.1}")
        }
    };
    let pair = |k: &str| format!("{} {}", fig(f[k][0]), fig(f[k][1]));
    let one = |k: &str| format!("{:>9.0} {:>9}", f[k][0], "");
    let met = |k: &str| {
        if f[k][1] <= TARGET_MS {
            "met"
        } else {
            "NOT met"
        }
    };
    println!();
    println!(
        "A: {CUSTOMERS} customers, {} follow-ups, {} deals as plain facts; B: the store at 1/{scale}: {n} customers, {} follow-ups, {deals} deals",
        CUSTOMERS * FOLLOW_UPS_EACH,
        CUSTOMERS * DEALS_EACH,
        n * FOLLOW_UPS_EACH
    );
    println!(
        "{:<58} {:>9} {:>9}  target",
        "figure (ms, or MB for memory)", "p50", "max"
    );
    let rows = [
        (
            "A. dashboard, plain facts, full volume, by customer",
            pair("a_grouped"),
            format!("≤ {TARGET_MS:.0} ms: {}", met("a_grouped")),
        ),
        (
            "A. dashboard, plain facts, full volume, scattered",
            pair("a_scattered"),
            String::new(),
        ),
        ("A. peak RSS (MB)", one("a_peak"), String::new()),
        (
            "B. open the book, fresh process",
            one("b_open"),
            String::new(),
        ),
        (
            "B. warm_analytics (cold read of every fact)",
            one("b_warm"),
            String::new(),
        ),
        (
            "B. dashboard warm",
            pair("b_dash"),
            if scale == 1 {
                format!("≤ {TARGET_MS:.0} ms: {}", met("b_dash"))
            } else {
                format!("≤ {TARGET_MS:.0} ms at scale 1")
            },
        ),
        (
            "B. dashboard after one move_stage",
            pair("b_after_move"),
            String::new(),
        ),
        (
            "B. dashboard after one add_deal",
            pair("b_after_deal"),
            String::new(),
        ),
        (
            "B. board, 100 cards a column",
            pair("b_board"),
            String::new(),
        ),
        (
            "B. board column, next 100 cards",
            pair("b_column"),
            String::new(),
        ),
        ("B. peak RSS (MB)", one("b_peak"), String::new()),
    ];
    for (what, figures, target) in rows {
        println!("{what:<58} {figures}  {target}");
    }
}
