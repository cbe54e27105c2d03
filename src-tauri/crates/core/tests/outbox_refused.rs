#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Changes the team server refused: set aside so the others go on, listed with the customer
//! they concern, sent again in their place (after the reason went away), or forgotten.
mod common;
use common::*;
use rapport_core::Store;

fn team() -> (tempfile::TempDir, Store) {
    let (dir, store) = open_temp();
    store.set_team_book(true).unwrap();
    (dir, store)
}

#[test]
fn a_refused_change_is_listed_then_sent_again_in_its_place_or_forgotten() {
    let (dir, store) = team();
    let first = store
        .create_customer(customer("华东贸易", &[]), t(1))
        .unwrap();
    let second = store
        .create_customer(customer("华南物流", &[]), t(2))
        .unwrap();
    let ops = store.outbox_pending(10).unwrap();
    assert_eq!(ops.len(), 2);
    let reason = "没有权限 / Not allowed";
    assert!(store.outbox_set_aside(ops[0].op_id, reason, t(3)).unwrap());
    assert!(store.outbox_set_aside(ops[1].op_id, reason, t(3)).unwrap());
    assert_eq!(store.outbox_len(), 0);

    let listed = store.refused_changes().unwrap();
    let names: Vec<_> = listed.iter().map(|r| r.customer.as_str()).collect();
    assert_eq!(names, vec!["华东贸易", "华南物流"]);
    assert_eq!(listed[0].table, "customers");
    assert_eq!(listed[0].reason, reason);
    assert_eq!(listed[0].op_id, ops[0].op_id.to_string());

    // Sent again: back in the outbox where it was, the same op (the server skips a retry it
    // applied already); an id not set aside changes nothing.
    let id = |i: usize| ops[i].op_id.to_string();
    let unknown = ulid::Ulid::new().to_string();
    assert_eq!(store.outbox_retry_refused(&[id(0), unknown]).unwrap(), 1);
    assert_eq!(store.outbox_pending(10).unwrap(), vec![ops[0].clone()]);
    assert_eq!(store.outbox_refused_len(), 1);

    // Forgotten: gone from the list, the book keeps the customer.
    let bad = store
        .outbox_dismiss_refused(&["不是编号".into()])
        .unwrap_err();
    assert_eq!(bad.field().as_deref(), Some("opIds"), "{bad:?}");
    assert_eq!(
        store.outbox_refused_len(),
        1,
        "nothing forgotten on a bad id"
    );
    assert_eq!(store.outbox_dismiss_refused(&[id(1)]).unwrap(), 1);
    assert_eq!(store.outbox_refused_len(), 0);
    assert_eq!(
        store.get_customer(&second.id).unwrap().fields.name,
        "华南物流"
    );
    store.verify_indexes().unwrap();
    drop(store);
    let store = reopen(dir.path());
    assert_eq!(store.outbox_pending(10).unwrap(), vec![ops[0].clone()]);
    assert!(store.refused_changes().unwrap().is_empty());
    assert_eq!(
        store.get_customer(&first.id).unwrap().fields.name,
        "华东贸易"
    );
}
