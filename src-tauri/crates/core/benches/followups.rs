//! Benchmark of follow-ups and reminders at 100,000 customers and 1,000,000 follow-ups (a bench
//! binary, not a timed test):   cargo bench -p rapport-core --bench followups
//! RAPPORT_BENCH_N sets the number of customers (10 follow-ups each, the last one open);
//! RAPPORT_BENCH_DIR keeps the book in that folder (the window bench opens it in the app);
//! RAPPORT_BENCH_OPEN_ONLY=<folder> only measures open → first page of a kept book.
//! Prints: open → first list page by phase (fresh process), open time, the agenda (overdue + today + next 7 days + later + no next step, first
//! 200 items each), the first reminder tick, the next reminder wake-up after a change, and
//! logging one follow-up including flush.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod measure;

use chrono::{Duration as Span, Local, NaiveDate, Utc};
use measure::{ms, percentile, rss_mb, timed};
use rapport_core::model::{AgendaQuery, CustomerInput, FollowUpInput, Priority};
use rapport_core::reminders::Engine;
use rapport_core::Store;
use std::time::Instant;

fn customer(i: usize) -> CustomerInput {
    let mut c = CustomerInput::default();
    c.fields.name = format!("{}{}号客户", ["王", "李", "张", "刘", "陈"][i % 5], i);
    c.fields.company = format!("杭州第{}科技有限公司", i % 5000);
    c.fields.owner = ["李娜", "陈强", "刘洋", "Emily Chen"][i % 4].into();
    c.fields.priority = [Priority::High, Priority::Medium, Priority::Low][i % 3];
    if i.is_multiple_of(3) {
        c.fields.birthday = NaiveDate::from_ymd_opt(
            1980 + (i % 30) as i32,
            1 + (i % 12) as u32,
            1 + (i % 28) as u32,
        );
    }
    if i.is_multiple_of(4) {
        c.fields.contract_expiry = Utc::now()
            .date_naive()
            .checked_add_days(chrono::Days::new((i % 700) as u64));
    }
    c
}

fn follow_up(i: usize, k: usize) -> FollowUpInput {
    let now = Utc::now();
    let open = k == 9;
    FollowUpInput {
        at: now - Span::days(220 - 20 * k as i64),
        method: ["phone", "weChat", "visit", "email"][k % 4].into(),
        topic: format!("第{k}次跟进"),
        content: "沟通了需求和预算，客户希望下周看方案。".into(),
        next_action: "发送报价".into(),
        // Open ones spread from 30 days overdue to 60 days ahead.
        next_at: open.then(|| now + Span::minutes(((i * 7919) % (90 * 1440)) as i64 - 30 * 1440)),
        priority: ["high", "medium", "low"][i % 3].into(),
        done: !open,
        ..Default::default()
    }
}

/// Set to a book's folder: only open it and serve the first page, by phase (a fresh process).
const OPEN_ONLY: &str = "RAPPORT_BENCH_OPEN_ONLY";

fn main() {
    if let Some(dir) = std::env::var_os(OPEN_ONLY) {
        return measure::open::open_to_first_page(std::path::Path::new(&dir));
    }
    let n: usize = std::env::var("RAPPORT_BENCH_N")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(100_000);
    let temp = tempfile::tempdir().unwrap();
    let kept = std::env::var_os("RAPPORT_BENCH_DIR").map(std::path::PathBuf::from);
    let dir = kept.as_deref().unwrap_or(temp.path());
    let store = Store::open(dir).unwrap();
    let start = Instant::now();
    let mut ids = Vec::with_capacity(n);
    for chunk in (0..n).collect::<Vec<_>>().chunks(1000) {
        let saved = store
            .create_customers(chunk.iter().map(|i| customer(*i)).collect(), Utc::now())
            .unwrap();
        ids.extend(saved.into_iter().map(|c| c.id));
    }
    for chunk in (0..n).collect::<Vec<_>>().chunks(500) {
        let items = chunk
            .iter()
            .flat_map(|i| (0..10).map(move |k| (*i, k)))
            .map(|(i, k)| (ids[i].clone(), follow_up(i, k)))
            .collect();
        store.log_follow_ups(items, Utc::now(), &Local).unwrap();
    }
    println!(
        "generate {n} customers and {} follow-ups: {:.1} s",
        n * 10,
        start.elapsed().as_secs_f64()
    );
    drop(store);
    print!("{}", measure::run_child(OPEN_ONLY, dir));
    let t = Instant::now();
    let store = Store::open(dir).unwrap();
    store.warm_up().unwrap();
    println!(
        "open and build the agenda index: {:.0} ms (resident memory of this process, which also generated the book: {:.0} MB)",
        ms(t.elapsed()),
        rss_mb()
    );

    let q = AgendaQuery::default();
    let agenda = store.agenda(&q, Utc::now(), &Local).unwrap();
    let times = timed(50, || store.agenda(&q, Utc::now(), &Local).unwrap());
    println!(
        "agenda, all sections (overdue {} / today {} / next 7 days {} / later {} / no next step {}), first 200 each: p50 {:.2} ms, p95 {:.2} ms",
        agenda.overdue.total,
        agenda.today.total,
        agenda.next7_days.total,
        agenda.later.total,
        agenda.no_next_step_total,
        ms(percentile(&times, 0.5)),
        ms(percentile(&times, 0.95))
    );
    let by_owner = AgendaQuery {
        owners: vec!["李娜".into()],
        priorities: vec![Priority::High],
        ..AgendaQuery::default()
    };
    let times = timed(50, || store.agenda(&by_owner, Utc::now(), &Local).unwrap());
    println!(
        "agenda filtered by owner and priority: p50 {:.2} ms, p95 {:.2} ms",
        ms(percentile(&times, 0.5)),
        ms(percentile(&times, 0.95))
    );

    // The first tick fires everything overdue (one summary); then measure the steady state.
    let mut engine = Engine::new();
    let t = Instant::now();
    let first = engine
        .tick(&store, Utc::now(), &Local, Default::default())
        .unwrap();
    println!(
        "first reminder tick (marks {} overdue reminders fired, one summary): {:.0} ms",
        first.fired.len(),
        ms(t.elapsed())
    );

    let mut logs = Vec::new();
    let mut wakes = Vec::new();
    for i in 0..2000 {
        let input = FollowUpInput {
            next_at: Some(Utc::now() + Span::days(3)),
            done: false,
            ..follow_up(i, 0)
        };
        let t = Instant::now();
        store
            .log_follow_up(&ids[i * 37 % n], input, Utc::now(), &chrono::Utc)
            .unwrap();
        logs.push(t.elapsed());
        let t = Instant::now();
        std::hint::black_box(store.next_reminder_at(Utc::now(), &Local).unwrap());
        wakes.push(t.elapsed());
    }
    logs.sort();
    wakes.sort();
    println!(
        "log one follow-up incl. flush: p50 {:.2} ms, p95 {:.2} ms, max {:.2} ms",
        ms(percentile(&logs, 0.5)),
        ms(percentile(&logs, 0.95)),
        ms(percentile(&logs, 1.0))
    );
    println!(
        "next reminder wake-up after a change: p50 {:.3} ms, p95 {:.3} ms",
        ms(percentile(&wakes, 0.5)),
        ms(percentile(&wakes, 0.95))
    );
}
