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
