#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Figures, not assertions (`cargo test -p rapport-sync --test sync_figures -- --ignored
//! --nocapture`): an idle pull with nothing new, timed on the server (EXPLAIN ANALYZE of
//! `changes_since` at the head, the whole pull's SQL) and end to end from a desktop (a round:
//! schema check, empty outbox, the pull's snapshot). The NOTIFY and 1,000-edit push figures
//! are printed by `sync_engine.rs`; local save latency with the outbox by the core's
//! `--bench book`.
mod support;

use rapport_core::model::FollowUpInput;
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

/// Where a push of 1,000 offline edits spends its time on the server: the whole push as the
/// desktop sees it, and PostgreSQL's own per-function timings (`track_functions`).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "a measurement; run with --ignored --nocapture"]
async fn push_figures() {
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
    for round in 0..10 {
        for id in &ids {
            a.edit(id, |f| f.address = format!("地址 {round}"));
        }
    }
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
    let (mut server, mut acking) = (Duration::ZERO, Duration::ZERO);
    loop {
        let t = Instant::now();
        let Some(p) = ea.push_batch().await.unwrap() else {
            break;
        };
        server += t.elapsed();
        let t = Instant::now();
        ea.ack(p).await.unwrap();
        acking += t.elapsed();
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
    println!("push of 1,000 offline edits: push calls {server:?}, acks {acking:?}");
    for r in rows {
        let (name, calls, total, own): (String, i64, f64, f64) =
            (r.get(0), r.get(1), r.get(2), r.get(3));
        println!("  {name}: {calls} calls, total {total:.1} ms, self {own:.1} ms");
    }
}
