#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The agenda index is built after the open: the first list page does without it, readers
//! build it when they need it, and a write made while it is being built ends up in it.
mod common;
use common::*;
use rapport_core::model::{AgendaQuery, ListQuery};
use std::sync::mpsc;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// A book of customers A (due on day 20, and on day 12 — the earlier counts) and B (no next step).
fn book() -> (tempfile::TempDir, String, String) {
    let (dir, store) = open_temp();
    let a = store.create_customer(customer("A", &[]), t(1)).unwrap();
    let b = store.create_customer(customer("B", &[]), t(1)).unwrap();
    for day in [20, 12] {
        store
            .log_follow_up(&a.id, follow_up(t(2), Some(t(day))), t(2), &chrono::Utc)
            .unwrap();
    }
    drop(store);
    (dir, a.id, b.id)
}

fn next_due(store: &rapport_core::Store, id: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    let page = store.list_customers(&ListQuery::default()).unwrap();
    page.rows.into_iter().find(|r| r.id == id).unwrap().next_due
}

#[test]
fn the_first_page_shows_next_follow_ups_without_the_index_and_the_same_with_it() {
    let (dir, a, b) = book();
    let store = reopen(dir.path());
    assert!(
        !store.due_index_built(),
        "the open leaves the index for later"
    );
    assert_eq!(next_due(&store, &a), Some(t(12)));
    assert_eq!(next_due(&store, &b), None);
    assert!(!store.due_index_built(), "the first page does not build it");
    store.warm_up().unwrap();
    assert!(store.due_index_built());
    assert_eq!(next_due(&store, &a), Some(t(12)));
    assert_eq!(next_due(&store, &b), None);
}

#[test]
fn readers_build_the_index_when_they_need_it() {
    let (dir, _, _) = book();
    let store = reopen(dir.path());
    assert_eq!(
        store.next_reminder_at(t(1), &chrono::Utc).unwrap(),
        Some(t(12))
    );
    let agenda = store
        .agenda(&AgendaQuery::default(), t(1), &chrono::Utc)
        .unwrap();
    assert_eq!(agenda.later.total, 2);
    assert_eq!(agenda.no_next_step_total, 1);
    store.verify_indexes().unwrap();
}

#[test]
fn a_write_while_the_index_is_built_ends_up_in_it_once() {
    let (dir, a, b) = book();
    let store = Arc::new(reopen(dir.path()));
    // The build stops between reading the disk and installing the index until told to go.
    let (paused_tx, paused) = mpsc::channel();
    let (go, go_rx) = mpsc::channel::<()>();
    let go_rx = std::sync::Mutex::new(go_rx);
    store.pause_due_build(Some(Box::new(move || {
        paused_tx.send(()).unwrap();
        go_rx.lock().unwrap().recv().unwrap();
    })));
    let builder = {
        let store = store.clone();
        std::thread::spawn(move || store.warm_up())
    };
    paused.recv().unwrap();
    // B gets a next step while the build holds what it read.
    let writer = {
        let (store, b) = (store.clone(), b.clone());
        std::thread::spawn(move || {
            store
                .log_follow_up(&b, follow_up(t(3), Some(t(15))), t(3), &chrono::Utc)
                .unwrap()
        })
    };
    // Wait until the write is on disk (its follow-up is readable), so it lands in the gap.
    let waited = Instant::now();
    while store.follow_ups_of(&b).unwrap().is_empty() {
        assert!(
            waited.elapsed() < Duration::from_secs(30),
            "the write never committed"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    go.send(()).unwrap();
    builder.join().unwrap().unwrap();
    writer.join().unwrap();
    store.pause_due_build(None);

    let agenda = store
        .agenda(&AgendaQuery::default(), t(1), &chrono::Utc)
        .unwrap();
    assert_eq!(agenda.later.total, 3, "A's two and B's new one, none twice");
    assert_eq!(agenda.no_next_step_total, 0, "B has a next step now");
    assert_eq!(next_due(&store, &b), Some(t(15)));
    assert_eq!(next_due(&store, &a), Some(t(12)));
    assert_eq!(
        store.next_reminder_at(t(1), &chrono::Utc).unwrap(),
        Some(t(12))
    );
    store.verify_indexes().unwrap();
}
