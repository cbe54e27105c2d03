#![allow(clippy::unwrap_used, clippy::expect_used)]
//! A first sync written by step processes (`rapport_sync::first_sync`), against a real,
//! throwaway PostgreSQL (tests/support): each step is this test binary re-run as
//! `first_sync_step`, as the app re-runs itself with `first_sync::STEP_ARG`. The book the steps
//! filled opens like one the engine pulled in one go; a step that cannot log in says why and
//! leaves the book as it was.
mod support;

use chrono::{Duration, Utc};
use rapport_core::model::{AgendaQuery, FollowUpInput, ListQuery};
use rapport_core::Store;
use rapport_sync::first_sync::{run_steps, StepRequest};
use rapport_sync::{SyncError, SyncStatus};
use support::desk::*;
use support::steps::step;

/// Runs only as a step of the tests below.
#[test]
fn first_sync_step() {
    support::steps::serve_if_step();
}

/// A team book freshly linked on a new desktop, not open in this process.
fn new_desktop() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    store.set_team_book(true).unwrap();
    dir
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_first_sync_in_steps_equals_one_pulled_in_one_go() {
    let Some((cluster, pa, pb)) = team().await else {
        return;
    };
    let a = Desk::new();
    for i in 0..30 {
        let id = a.add(&format!("客户 {i:02}"));
        if i % 3 == 0 {
            a.set_tags(&id, &["老客户"]);
        }
        let input = FollowUpInput {
            at: Utc::now() - Duration::days(2),
            method: "phone".into(),
            topic: format!("跟进 {i}"),
            next_at: Some(Utc::now() + Duration::days(i % 5)),
            ..Default::default()
        };
        a.store
            .log_follow_up(&id, input, Utc::now(), &chrono::Utc)
            .unwrap();
    }
    a.engine(&cluster, &pa).sync_once().await.unwrap();

    // The same team book pulled by the engine in one go, for comparison.
    let one_go = Desk::new();
    one_go.engine(&cluster, &pb).sync_once().await.unwrap();

    let dir = new_desktop();
    let mut request = StepRequest::new(
        dir.path().to_owned(),
        &cluster.config(&pb.login, &pb.password),
    );
    (request.rows, request.page) = (12, 4);
    let mut seen = Vec::new();
    let done = tokio::task::spawn_blocking(move || {
        let done = run_steps(step, &request, |pulled, total| seen.push((pulled, total)));
        (done, seen)
    })
    .await
    .unwrap();
    let (done, seen) = done;
    let done = done.unwrap();
    assert!(
        done.steps > 3,
        "{} steps for ~60 rows, 12 a step",
        done.steps
    );
    let (pulled, total) = *seen.last().unwrap();
    assert_eq!(pulled, total, "progress reached the whole book");
    assert!(
        seen.windows(2).all(|w| w[0].0 <= w[1].0),
        "progress never goes back"
    );

    let b = Store::open(dir.path()).unwrap();
    b.verify_indexes().unwrap();
    assert_eq!(
        b.sync_cursor().unwrap(),
        one_go.store.sync_cursor().unwrap()
    );
    assert_eq!(b.sync_page().unwrap(), None, "the pull finished");
    assert_eq!(b.outbox_len(), 0);
    let list = |s: &Store| s.list_customers(&ListQuery::default()).unwrap().rows;
    assert_eq!(list(&b).len(), 30);
    assert_eq!(list(&b), list(&one_go.store));
    let now = Utc::now();
    let agenda = |s: &Store| {
        s.agenda(&AgendaQuery::default(), now, &chrono::Utc)
            .unwrap()
    };
    assert_eq!(agenda(&b), agenda(&one_go.store));
    for c in a.store.live_customers().unwrap() {
        assert_eq!(b.get_customer(&c.id).unwrap().fields, c.fields);
        assert_eq!(
            b.follow_ups_of(&c.id).unwrap(),
            one_go.store.follow_ups_of(&c.id).unwrap()
        );
    }

    // The engine goes on from there: an edit made afterwards arrives as an ordinary pull.
    let first = a.ids()[0].clone();
    a.edit(&first, |f| f.address = "上海市".into());
    a.engine(&cluster, &pa).sync_once().await.unwrap();
    let b = Desk {
        dir,
        store: std::sync::Arc::new(b),
    };
    let mut eb = b.engine(&cluster, &pb);
    let status = eb.status();
    eb.sync_once().await.unwrap();
    assert_eq!(b.get(&first).fields.address, "上海市");
    assert!(!matches!(*status.borrow(), SyncStatus::FirstSync { .. }));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_step_that_cannot_log_in_says_why_and_leaves_the_book_as_it_was() {
    let Some((cluster, pa, pb)) = team().await else {
        return;
    };
    let a = Desk::new();
    a.add("王伟");
    a.engine(&cluster, &pa).sync_once().await.unwrap();
    let dir = new_desktop();
    let request = StepRequest::new(dir.path().to_owned(), &cluster.config(&pb.login, "wrong"));
    let done = tokio::task::spawn_blocking(move || run_steps(step, &request, |_, _| {}))
        .await
        .unwrap();
    assert!(
        matches!(done, Err(SyncError::WrongPassword { ref user }) if *user == pb.login),
        "{done:?}"
    );
    let b = Store::open(dir.path()).unwrap();
    assert_eq!(b.sync_cursor().unwrap(), 0);
    assert_eq!(b.customer_count().unwrap(), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_join_pushes_this_books_customers_and_the_steps_bring_the_teams() {
    let Some((cluster, pa, pb)) = team().await else {
        return;
    };
    let a = Desk::new();
    let theirs = a.add("团队的客户");
    a.engine(&cluster, &pa).sync_once().await.unwrap();

    // B's own book joins as the app does for a large team book: merged and pushed, not pulled.
    let b = Desk::personal();
    let mine = b.add("我的客户");
    let joined = b.engine(&cluster, &pb).join_without_pull().await.unwrap();
    assert_eq!((joined.local, joined.team, joined.new), (1, 1, 1));
    assert_eq!(b.store.outbox_len(), 0, "this book's customers went up");
    assert_eq!(b.store.sync_cursor().unwrap(), 0, "nothing pulled yet");
    assert!(b.store.get_customer(&theirs).is_err());
    // The app restarts: the book is closed while the steps write it.
    let Desk { dir, store } = b;
    drop(store);

    let request = StepRequest::new(
        dir.path().to_owned(),
        &cluster.config(&pb.login, &pb.password),
    );
    tokio::task::spawn_blocking(move || run_steps(step, &request, |_, _| {}))
        .await
        .unwrap()
        .unwrap();
    let b = Store::open(dir.path()).unwrap();
    b.verify_indexes().unwrap();
    assert!(b.sync_cursor().unwrap() > 0);
    assert_eq!(b.get_customer(&theirs).unwrap().fields.name, "团队的客户");
    assert_eq!(b.get_customer(&mine).unwrap().fields.name, "我的客户");
    a.engine(&cluster, &pa).sync_once().await.unwrap();
    assert_eq!(a.get(&mine).fields.name, "我的客户");
}
