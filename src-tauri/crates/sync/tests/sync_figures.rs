#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Figures, not assertions (`cargo test --release -p rapport-sync --test sync_figures --
//! --ignored --nocapture --test-threads=1`, or one of them by name):
//! - `idle_pull_figures`: an idle pull with nothing new, timed on the server (EXPLAIN ANALYZE of
//!   `changes_since` at the head) and end to end from a desktop (a round: schema check, empty
//!   outbox, the pull's snapshot);
//! - `push_figures`: a push of 1,000 offline edits, repeated, with the server's per-function
//!   timings;
//! - `first_sync_figures`: the first sync of a 100,000-customer / 1,000,000-follow-up team book
//!   to a new desktop, loopback, against the floor — the local store alone writing the same
//!   records (the same pages applied to a fresh book, the server's reading not timed).
//!   `RAPPORT_FIRST_SYNC_CUSTOMERS`, `RAPPORT_FIRST_SYNC_FOLLOWUPS` (per customer) and
//!   `RAPPORT_FIRST_SYNC_RUNS` (floor and sync pairs) change it. Peak memory is the pulling
//!   desktop's own: each desktop is a child process (this binary re-run as `first_sync_child`)
//!   that reports its `VmHWM` from /proc; the team book is made on the server by SQL in this
//!   (parent) process from a customer and a follow-up a real desktop pushed, so nothing of the
//!   input is in the child. `steps` is the first sync as the app runs a large one
//!   (`rapport_sync::first_sync`): step processes (this binary re-run as `first_sync_step`)
//!   each writing ~`RAPPORT_FIRST_SYNC_STEP_ROWS` rows, then the finished book opened and
//!   warmed up as the app opens it; its peak is the largest of the steps' and the open's.
//!
//! The NOTIFY figure is printed by `sync_engine.rs`; local save latency with the outbox by the
//! core's `--bench book`.
mod support;

use rapport_core::model::FollowUpInput;
use rapport_core::store::RemoteRow;
use rapport_core::Store;
use rapport_sync::{Server, ServerConfig, SyncEngine, SyncOptions, SyncStatus, Tls};
use std::io::{BufRead, BufReader};
use std::sync::Arc;
use std::time::{Duration, Instant};
use support::desk::*;

fn median_p95(mut v: Vec<Duration>) -> (Duration, Duration) {
    v.sort();
    (v[v.len() / 2], v[v.len() * 95 / 100])
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "a measurement; run with --ignored --nocapture"]
async fn idle_pull_figures() {
    let Some((cluster, pa, pb)) = team().await else {
        return;
    };
    let (a, b) = (Desk::new(), Desk::new());
    let (mut ea, mut eb) = (a.engine(&cluster, &pa), b.engine(&cluster, &pb));
    let n = 2_000;
    for i in 0..n {
        let id = a.add(&format!("客户 {i}"));
        for k in 0..3 {
            let input = FollowUpInput {
                at: chrono::Utc::now(),
                method: "phone".into(),
                topic: format!("跟进 {k}"),
                ..Default::default()
            };
            a.store
                .log_follow_up(&id, input, chrono::Utc::now(), &chrono::Utc)
                .unwrap();
        }
    }
    ea.sync_once().await.unwrap();
    eb.sync_once().await.unwrap();
    let cursor = b.store.sync_cursor().unwrap();
    let me = rapport_sync::Server::connect(&cluster.config(&pb.login, &pb.password))
        .await
        .unwrap();
    let mut server = Vec::new();
    for _ in 0..200 {
        let row = me
            .client()
            .query_one(
                "explain (analyze, format json) select * from rapport.changes_since($1)",
                &[&cursor],
            )
            .await
            .unwrap();
        let plan: serde_json::Value = row.get(0);
        let ms = plan[0]["Execution Time"].as_f64().unwrap();
        server.push(Duration::from_secs_f64(ms / 1000.0));
    }
    let mut round = Vec::new();
    for _ in 0..200 {
        let t = Instant::now();
        let r = eb.sync_once().await.unwrap();
        round.push(t.elapsed());
        assert_eq!(r.pulled, 0);
    }
    let (sm, sp) = median_p95(server);
    let (rm, rp) = median_p95(round);
    println!(
        "idle pull, team book of {n} customers + {} follow-ups: changes_since on the server \
         median {sm:?}, p95 {sp:?}; a whole idle round from the desktop (loopback) median {rm:?}, \
         p95 {rp:?}",
        3 * n
    );
}

/// A push of 1,000 offline edits as a desktop makes it (2 batches of 500: outbox read, ops
/// encoded, `push`, ack), repeated (`RAPPORT_PUSH_RUNS`, default 7) for min / median / p95, and
/// where the server spends its time: PostgreSQL's own per-function timings (`track_functions`).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "a measurement; run with --ignored --nocapture"]
async fn push_figures() {
    let runs = env_or("RAPPORT_PUSH_RUNS", 7);
    let Some((cluster, pa, _)) = team().await else {
        return;
    };
    let root = rapport_sync::Server::connect(&cluster.superuser())
        .await
        .unwrap();
    root.client()
        .batch_execute("alter database team set track_functions = 'all'")
        .await
        .unwrap();
    let a = Desk::new();
    let mut ea = a.engine(&cluster, &pa);
    let ids: Vec<String> = (0..100).map(|i| a.add(&format!("客户 {i}"))).collect();
    ea.sync_once().await.unwrap();
    let team_db = rapport_sync::Server::connect(&rapport_sync::ServerConfig {
        database: "team".into(),
        ..cluster.superuser()
    })
    .await
    .unwrap();
    team_db
        .client()
        .batch_execute("select pg_stat_reset()")
        .await
        .unwrap();
    let (mut whole, mut server, mut acking) = (Vec::new(), Vec::new(), Vec::new());
    for run in 0..runs {
        for round in 0..10 {
            for id in &ids {
                a.edit(id, |f| f.address = format!("地址 {run} {round}"));
            }
        }
        assert_eq!(a.store.outbox_len(), 1000);
        let (mut s, mut k) = (Duration::ZERO, Duration::ZERO);
        loop {
            let t = Instant::now();
            let Some(p) = ea.push_batch().await.unwrap() else {
                break;
            };
            s += t.elapsed();
            let t = Instant::now();
            ea.ack(p).await.unwrap();
            k += t.elapsed();
        }
        whole.push(s + k);
        server.push(s);
        acking.push(k);
        println!(
            "push {run}: {:?} (push calls {s:?}, acks {k:?}); load {}",
            s + k,
            load()
        );
    }
    // A backend reports its function timings when it ends (or after 10 s idle).
    drop(ea);
    tokio::time::sleep(Duration::from_millis(1000)).await;
    let rows = team_db
        .client()
        .query(
            "select funcname::text, calls, total_time, self_time from pg_stat_user_functions
              order by self_time desc limit 8",
            &[],
        )
        .await
        .unwrap();
    let min = |v: &[Duration]| v.iter().min().copied().unwrap_or_default();
    let (wm, wp) = median_p95(whole.clone());
    let (sm, _) = median_p95(server.clone());
    let (km, _) = median_p95(acking.clone());
    println!(
        "push of 1,000 offline edits, {runs} runs: min {:?}, median {wm:?}, p95 {wp:?} (push \
         calls median {sm:?}, min {:?}; acks median {km:?})",
        min(&whole),
        min(&server)
    );
    println!("server functions over all {runs} runs (per run: divide by {runs}):");
    for r in rows {
        let (name, calls, total, own): (String, i64, f64, f64) =
            (r.get(0), r.get(1), r.get(2), r.get(3));
        println!("  {name}: {calls} calls, total {total:.1} ms, self {own:.1} ms");
    }
}

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
/// As in a real book, a customer's earlier follow-ups are done and its last one has its next
/// step open (on the agenda).
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
                  jsonb_set(jsonb_set(t.data, '{{topic}}', to_jsonb('跟进 ' || k)),
                            '{{done}}', to_jsonb(k < {per} - 1)), {commit}
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
        let modes =
            std::env::var("RAPPORT_FIRST_SYNC_MODES").unwrap_or_else(|_| "floor,sync,steps".into());
        for mode in modes.split(',') {
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
    } else if parts[0] == "steps" {
        // The steps open the book themselves: sled lets go of its lock a moment after the drop.
        drop(store);
        std::thread::sleep(Duration::from_secs(1));
        let mut request = rapport_sync::first_sync::StepRequest::new(parts[1].into(), &config);
        request.page = PAGE;
        request.rows = env_or("RAPPORT_FIRST_SYNC_STEP_ROWS", request.rows);
        let (mut updates, mut last) = (0, None);
        let t = Instant::now();
        let steps =
            rapport_sync::first_sync::run_steps(support::steps::step, &request, |pulled, total| {
                updates += 1;
                last = Some((pulled, total));
            })
            .unwrap();
        let pulled = t.elapsed();
        let store = Store::open(std::path::Path::new(parts[1])).unwrap();
        let opened = peak_mb();
        store.warm_up().unwrap();
        let took = t.elapsed();
        eprintln!(
            "opened: peak {opened:.0} MB; warmed up: peak {:.0} MB",
            peak_mb()
        );
        println!(
            "FIGURE a new desktop's first sync in {} steps ({} customers): {:.1} s (steps {:.1} \
             s, the open and warm-up after {:.1} s); peak RSS {:.0} MB (steps' largest {:.0} \
             MB, the opened book {:.0} MB); progress shown {updates} times, last {last:?}",
            steps.steps,
            store.customer_count().unwrap(),
            took.as_secs_f64(),
            pulled.as_secs_f64(),
            (took - pulled).as_secs_f64(),
            (steps.peak_kb as f64 / 1024.0).max(peak_mb()),
            steps.peak_kb as f64 / 1024.0,
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

/// Runs only as a step of the `steps` mode above.
#[test]
fn first_sync_step() {
    support::steps::serve_if_step();
}
