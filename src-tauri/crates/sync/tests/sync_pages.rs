#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Paged pulls against a real, throwaway PostgreSQL (tests/support): a pull cut off after
//! page k (stopped there, or its connection dropped by the server) resumes with page k+1 — nothing the book holds is read again unless it changed, and
//! nothing is missing or doubled — and the first sync of a large team book is measured
//! (`--ignored`, a figure, not an assertion).
mod support;

use chrono::Utc;
use rapport_core::model::{CustomerFields, CustomerInput, FollowUpInput};
use rapport_core::store::PullPage;
use rapport_sync::{Change, Server, SyncEngine, SyncOptions, Table};
use std::time::Instant;
use support::desk::*;

/// A team book of `n` customers written on desktop A, every third with a tag and a follow-up.
fn fill(a: &Desk, n: usize) -> Vec<String> {
    let inputs: Vec<CustomerInput> = (0..n)
        .map(|i| CustomerInput {
            fields: CustomerFields {
                name: format!("客户 {i:06}"),
                phones: vec![format!("138{i:08}")],
                ..Default::default()
            },
            tags: if i % 3 == 0 {
                vec![format!("组 {}", i % 7)]
            } else {
                vec![]
            },
        })
        .collect();
    let mut ids = Vec::with_capacity(n);
    let mut inputs = inputs.into_iter().peekable();
    while inputs.peek().is_some() {
        let chunk: Vec<CustomerInput> = inputs.by_ref().take(1000).collect();
        let saved = a.store.create_customers(chunk, Utc::now()).unwrap();
        ids.extend(saved.into_iter().map(|c| c.id));
    }
    let followups = ids
        .iter()
        .step_by(3)
        .map(|id| {
            let input = FollowUpInput {
                at: Utc::now(),
                topic: "电话回访".into(),
                content: "已回访，客户满意".into(),
                done: true,
                ..FollowUpInput::default()
            };
            (id.clone(), input)
        })
        .collect();
    a.store
        .log_follow_ups(followups, Utc::now(), &chrono::Utc)
        .unwrap();
    ids
}

fn paged(
    desk: &Desk,
    cluster: &support::TestCluster,
    p: &rapport_sync::NewPerson,
    page: usize,
) -> SyncEngine {
    SyncEngine::with_options(
        desk.store.clone(),
        cluster.config(&p.login, &p.password),
        SyncOptions { page, ..options() },
    )
}

/// Whether a pull stopped at `at` covered this row as the server holds it now.
fn covered(c: &Change, at: &PullPage) -> bool {
    c.commit <= at.head && (c.table.rank(), c.id.as_str()) <= (at.rank, at.id.as_str())
}

/// Customer id → (name, phones, trashed, follow-up count): what must be equal on both books.
fn book_of(d: &Desk, ids: &[String]) -> Vec<(String, String, Vec<String>, bool, usize)> {
    ids.iter()
        .map(|id| {
            let c = d.get(id);
            let followups = d.store.follow_ups_of(id).unwrap().len();
            (
                id.clone(),
                c.fields.name,
                c.fields.phones,
                c.deleted_at.is_some(),
                followups,
            )
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pull_cut_off_after_page_k_resumes_with_page_k_plus_one() {
    let Some((cluster, pa, pb)) = team().await else {
        return;
    };
    let (a, b) = (Desk::new(), Desk::new());
    let mut ea = a.engine(&cluster, &pa);
    let mut ids = fill(&a, 150);
    ea.sync_once().await.unwrap();

    // B's first sync, 20 rows a page, cut off after 4 pages.
    let mut eb = paged(&b, &cluster, &pb, 20);
    let (first, cursor) = eb.pull_at_most(4).await.unwrap();
    assert_eq!(
        (first, cursor),
        (80, 0),
        "4 full pages read, the cursor not moved yet"
    );
    let stopped = b
        .store
        .sync_page()
        .unwrap()
        .expect("where the pull stopped");
    let held = b.store.customer_count().unwrap();
    assert!(held > 0 && held < ids.len(), "part of the book: {held}");
    b.store.verify_indexes().unwrap();

    // Meanwhile on A: a customer B holds and one it does not yet are edited, one trashed, one
    // added.
    let early = ids
        .iter()
        .find(|id| b.store.get_customer(id).is_ok())
        .unwrap()
        .clone();
    let late = ids
        .iter()
        .find(|id| b.store.get_customer(id).is_err())
        .unwrap()
        .clone();
    a.edit(&early, |f| f.name = "早 已改".into());
    a.edit(&late, |f| f.name = "晚 已改".into());
    a.store.trash_customer(&ids[2], Utc::now()).unwrap();
    ids.push(a.add("新客户"));
    ea.sync_once().await.unwrap();

    // The resumed pull reads exactly what the cut-off one had not applied in its current form.
    let mut server = Server::connect(&cluster.config(&pb.login, &pb.password))
        .await
        .unwrap();
    let now = server.changes_since(0).await.unwrap();
    let expected = now.rows.iter().filter(|c| !covered(c, &stopped)).count();
    let early_row = now
        .rows
        .iter()
        .find(|c| c.table == Table::Customers && c.id == early)
        .unwrap();
    assert!(
        !covered(early_row, &stopped),
        "the edited customer comes again"
    );
    let (rest, cursor) = eb.pull().await.unwrap();
    assert_eq!(rest, expected);
    assert_eq!(cursor, now.head);
    assert!(b.store.sync_page().unwrap().is_none());

    // B equals A: every customer once, its edits, its trash, its follow-ups.
    assert_eq!(
        b.store.customer_count().unwrap(),
        a.store.customer_count().unwrap()
    );
    assert_eq!(book_of(&b, &ids), book_of(&a, &ids));
    assert_eq!(b.get(&early).fields.name, "早 已改");
    assert_eq!(b.get(&late).fields.name, "晚 已改");
    assert_converged(&a, &b, &ids);

    // And a pull with nothing new reads nothing.
    assert_eq!(eb.pull().await.unwrap(), (0, cursor));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_first_sync_whose_connection_is_cut_mid_way_ends_complete() {
    let Some((cluster, pa, pb)) = team().await else {
        return;
    };
    let (a, b) = (Desk::new(), Desk::new());
    let ids = fill(&a, 600);
    a.engine(&cluster, &pa).sync_once().await.unwrap();

    // B's first sync, 10 rows a page; once a page is in, the server drops B's connection.
    let mut eb = paged(&b, &cluster, &pb, 10);
    let book = b.store.clone();
    let login = pb.login.clone();
    let root = Server::connect(&cluster.config(support::ADMIN, support::ADMIN_PASSWORD))
        .await
        .unwrap();
    let cutter = async {
        wait_for("B's first page", || book.sync_page().unwrap().is_some()).await;
        root.client()
            .execute(
                "select pg_terminate_backend(pid) from pg_stat_activity where usename = $1",
                &[&login],
            )
            .await
            .unwrap();
    };
    let (pulled, ()) = tokio::join!(eb.pull(), cutter);
    let err = pulled.expect_err("the pull was cut off");
    assert!(err.is_offline(), "{err}");
    let stopped = b.store.sync_page().unwrap().expect("where it stopped");
    assert_eq!(b.store.sync_cursor().unwrap(), 0);
    assert!(b.store.customer_count().unwrap() < ids.len());

    // The next round reconnects and resumes after the last applied page.
    let total = Server::connect(&cluster.config(&pb.login, &pb.password))
        .await
        .unwrap()
        .changes_since(0)
        .await
        .unwrap();
    let expected = total.rows.iter().filter(|c| !covered(c, &stopped)).count();
    let round = eb.sync_once().await.unwrap();
    assert_eq!(round.pulled, expected);
    assert_eq!(round.cursor, total.head);
    assert_eq!(book_of(&b, &ids), book_of(&a, &ids));
    assert_converged(&a, &b, &ids);
}

/// The first sync of a 100,000-customer team book to a new desktop, 5,000 rows a page:
/// `cargo test -p rapport-sync --test sync_pages -- --ignored --nocapture`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "a benchmark: minutes, prints its figures"]
async fn first_sync_of_a_large_team_book() {
    let n: usize = std::env::var("RAPPORT_FIRST_SYNC_CUSTOMERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let Some((cluster, pa, pb)) = team().await else {
        return;
    };
    let (a, b) = (Desk::new(), Desk::new());
    let start = Instant::now();
    let ids = fill(&a, n);
    let floor = start.elapsed();
    let mut ea = SyncEngine::with_options(
        a.store.clone(),
        cluster.config(&pa.login, &pa.password),
        SyncOptions {
            batch: 5000,
            ..options()
        },
    );
    let start = Instant::now();
    ea.sync_once().await.unwrap();
    let push = start.elapsed();
    let mut eb = paged(&b, &cluster, &pb, 5000);
    let start = Instant::now();
    let (rows, _) = eb.pull().await.unwrap();
    let pull = start.elapsed();
    assert_eq!(b.store.customer_count().unwrap(), ids.len());
    println!(
        "first sync of {n} customers ({rows} rows): pull + apply {:.1} s; the local store alone \
         writing them (with follow-ups) {:.1} s; A's push {:.1} s",
        pull.as_secs_f64(),
        floor.as_secs_f64(),
        push.as_secs_f64()
    );
}
