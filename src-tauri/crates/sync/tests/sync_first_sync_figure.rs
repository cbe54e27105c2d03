#![allow(clippy::unwrap_used, clippy::expect_used)]
//! A figure, not an assertion: the first sync of a 100,000-customer / 1,000,000-follow-up team
//! book to a new desktop, loopback, against the floor — the local store alone writing the same
//! records (the same pages applied to a fresh book, the server's reading not timed).
//!
//! `cargo test --release -p rapport-sync --test sync_first_sync_figure -- --ignored --nocapture`
//! (`RAPPORT_FIRST_SYNC_CUSTOMERS`, `RAPPORT_FIRST_SYNC_FOLLOWUPS` per customer, and
//! `RAPPORT_FIRST_SYNC_RUNS` to repeat the pair). Peak memory is the pulling desktop's own:
//! each desktop is a child process (this binary re-run as `first_sync_child`) that reports its
//! `VmHWM` from /proc; the team book is made on the server by SQL in this (parent) process from
//! a customer and a follow-up a real desktop pushed, so nothing of the input is in the child.
mod support;

use rapport_core::model::FollowUpInput;
use rapport_core::store::RemoteRow;
use rapport_core::Store;
use rapport_sync::{Server, ServerConfig, SyncEngine, SyncOptions, SyncStatus, Tls};
use std::io::{BufRead, BufReader};
use std::sync::Arc;
use std::time::{Duration, Instant};
use support::desk::*;

const CHILD: &str = "RAPPORT_FIRST_SYNC_CHILD";
const PAGE: usize = 5000;

fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// This process's peak resident memory (`VmHWM`), in MB.
fn peak_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap();
    let kb: f64 = line.split_whitespace().nth(1).unwrap().parse().unwrap();
    kb / 1024.0
}

fn load() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .unwrap_or_default()
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Makes `n` customers with `per` follow-ups each on the server, copies of the ones a desktop
/// pushed (ids are valid ULIDs), in one new commit; triggers off (no audit of generated rows).
async fn generate(cluster: &support::TestCluster, n: usize, per: usize) {
    let db = Server::connect(&ServerConfig {
        database: "team".into(),
        ..cluster.superuser()
    })
    .await
    .unwrap();
    let c = db.client();
    let commit: i64 = c
        .query_one(
            "insert into rapport.commits default values returning commit_no",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    let sql = format!(
        "set session_replication_role = replica;
         insert into rapport.customers (id, owner, data, commit_no)
           select '01' || upper(lpad(to_hex(i), 24, '0')), t.owner,
                  jsonb_set(t.data, '{{name}}', to_jsonb('客户 ' || i)), {commit}
             from generate_series(1, {n}) i, (select owner, data from rapport.customers limit 1) t;
         insert into rapport.followups (id, customer_id, owner, data, commit_no)
           select '02' || upper(lpad(to_hex(i * {per} + k), 24, '0')),
                  '01' || upper(lpad(to_hex(i), 24, '0')), t.owner,
                  jsonb_set(t.data, '{{topic}}', to_jsonb('跟进 ' || k)), {commit}
             from generate_series(1, {n}) i, generate_series(0, {per} - 1) k,
                  (select owner, data from rapport.followups limit 1) t;
         set session_replication_role = origin;
         analyze;"
    );
    c.batch_execute(&sql).await.unwrap();
}

/// Runs one desktop as a child process and returns the line it reports.
fn child(mode: &str, cluster: &support::TestCluster, p: &rapport_sync::NewPerson) -> String {
    let dir = tempfile::tempdir().unwrap();
    let spec = format!(
        "{mode}|{}|{}|{}|{}",
        dir.path().display(),
        cluster.port,
        p.login,
        p.password
    );
    let mut run = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "first_sync_child",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD, spec)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut report = None;
    for line in BufReader::new(run.stdout.take().unwrap()).lines() {
        let line = line.unwrap();
        if let Some((_, r)) = line.split_once("FIGURE ") {
            report = Some(r.to_owned());
        }
    }
    assert!(run.wait().unwrap().success());
    report.expect("the child reported")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "a benchmark: minutes, prints its figures"]
async fn first_sync_figures() {
    let n = env_or("RAPPORT_FIRST_SYNC_CUSTOMERS", 100_000);
    let per = env_or("RAPPORT_FIRST_SYNC_FOLLOWUPS", 10);
    let runs = env_or("RAPPORT_FIRST_SYNC_RUNS", 1);
    let Some((cluster, pa, pb)) = team().await else {
        return;
    };
    // One real customer with one real follow-up, pushed by a desktop: the rows to copy.
    let a = Desk::new();
    let id = a.add("模板");
    let input = FollowUpInput {
        at: chrono::Utc::now() - chrono::Duration::days(3),
        method: "phone".into(),
        topic: "跟进".into(),
        ..Default::default()
    };
    a.store
        .log_follow_up(&id, input, chrono::Utc::now(), &chrono::Utc)
        .unwrap();
    a.engine(&cluster, &pa).sync_once().await.unwrap();
    let t = Instant::now();
    generate(&cluster, n, per).await;
    println!(
        "team book of {n} customers + {} follow-ups made on the server in {:.1} s",
        n * per,
        t.elapsed().as_secs_f64()
    );
    for run in 1..=runs {
        for mode in ["floor", "sync"] {
            let before = load();
            let report = child(mode, &cluster, &pb);
            println!(
                "run {run} {mode}: {report}; load before {before}, after {}",
                load()
            );
        }
    }
}

/// Runs only as a child of the test above: `floor` applies the server's pages to a fresh book
/// timing the store alone; `sync` is a new desktop's first sync through the engine.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn first_sync_child() {
    let Ok(spec) = std::env::var(CHILD) else {
        return;
    };
    let parts: Vec<&str> = spec.split('|').collect();
    let config = ServerConfig {
        host: "127.0.0.1".into(),
        port: parts[2].parse().unwrap(),
        database: "team".into(),
        user: parts[3].into(),
        password: parts[4].into(),
        tls: Tls::Disable,
        connect_timeout: Duration::from_secs(5),
    };
    let store = Arc::new(Store::open(std::path::Path::new(parts[1])).unwrap());
    store.set_team_book(true).unwrap();
    let base = peak_mb();
    if parts[0] == "floor" {
        let mut server = Server::connect(&config).await.unwrap();
        let mut pages = server.pages(0, None, PAGE).await.unwrap();
        let (mut store_time, mut rows_in) = (Duration::ZERO, 0);
        let total = Instant::now();
        loop {
            let page = pages.next().await.unwrap();
            let last = pages.is_last(&page);
            let rows: Vec<RemoteRow> = page.iter().filter_map(|c| c.remote_row()).collect();
            rows_in += rows.len();
            let t = Instant::now();
            match page.last() {
                Some(end) if !last => {
                    let end = end.page_end(pages.head);
                    store.apply_remote_page(&rows, &end, chrono::Utc::now())
                }
                _ => store.apply_remote_at(&rows, pages.head, chrono::Utc::now()),
            }
            .unwrap();
            store_time += t.elapsed();
            if last {
                break;
            }
        }
        println!(
            "FIGURE the local store alone writing {rows_in} rows: {:.1} s (with reading the \
             pages {:.1} s); peak RSS {:.0} MB (at open {base:.0} MB)",
            store_time.as_secs_f64(),
            total.elapsed().as_secs_f64(),
            peak_mb()
        );
    } else {
        let options = SyncOptions {
            page: PAGE,
            ..SyncOptions::default()
        };
        let mut engine = SyncEngine::with_options(store.clone(), config, options);
        let mut status = engine.status();
        let progress = tokio::spawn(async move {
            let (mut updates, mut first, mut last) = (0, None, None);
            while status.changed().await.is_ok() {
                if let SyncStatus::FirstSync { pulled, total } = *status.borrow_and_update() {
                    updates += 1;
                    first.get_or_insert((pulled, total));
                    last = Some((pulled, total));
                }
            }
            (updates, first, last)
        });
        let t = Instant::now();
        let (rows, _) = engine.pull().await.unwrap();
        let took = t.elapsed();
        drop(engine);
        let (updates, first, last) = progress.await.unwrap();
        println!(
            "FIGURE a new desktop's first sync of {rows} rows ({} customers): {:.1} s; peak RSS \
             {:.0} MB (at open {base:.0} MB); progress shown {updates} times, first {first:?}, \
             last {last:?}",
            store.customer_count().unwrap(),
            took.as_secs_f64(),
            peak_mb()
        );
    }
}
