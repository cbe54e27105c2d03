#![allow(clippy::unwrap_used, clippy::expect_used)]
//! What the team server's conflict rules send a book (rapport-sync's sql/0005_conflicts.sql),
//! applied locally: an overwritten value on the customer's timeline, a history change of a
//! kind this version does not know (from a newer app) kept whole without failing the pull, a
//! deal's second version and its resolution, and the pull cursor a tag link's delete carries.
mod common;
use chrono::NaiveDate;
use common::*;
use rapport_core::model::{DealInput, HistoryChange, TimelineEntry};
use rapport_core::store::{OpKind, RemoteRow, SyncTable};
use rapport_core::Store;
use serde_json::{json, Value};

fn team() -> (tempfile::TempDir, Store) {
    let (dir, store) = open_temp();
    store.set_team_book(true).unwrap();
    (dir, store)
}

fn ids(store: &Store) -> Vec<ulid::Ulid> {
    store
        .outbox_pending(usize::MAX)
        .unwrap()
        .iter()
        .map(|o| o.op_id)
        .collect()
}

fn history_row(customer: &str, id: &str, change: Value) -> RemoteRow {
    RemoteRow {
        table: SyncTable::History,
        id: id.into(),
        customer_id: Some(customer.into()),
        data: json!({"at": "2026-12-06T10:00:00.123456+00:00", "change": change,
                     "followUpId": null, "by": "Bob"}),
        deleted_at: None,
        owner: None,
    }
}

fn changes(store: &Store, customer: &str) -> Vec<HistoryChange> {
    store
        .timeline(customer)
        .unwrap()
        .into_iter()
        .filter_map(|e| match e {
            TimelineEntry::Change(h) => Some(h.change),
            _ => None,
        })
        .collect()
}

#[test]
fn an_overwritten_value_and_a_change_of_an_unknown_kind_reach_the_timeline() {
    let (dir, book) = team();
    let c = book.create_customer(customer("王伟", &[]), t(1)).unwrap();
    book.outbox_ack(&ids(&book)).unwrap();
    let overwritten = ulid::Ulid::new().to_string();
    let newer = ulid::Ulid::new().to_string();
    let rows = [
        history_row(
            &c.id,
            &overwritten,
            json!({"type": "overwritten", "field": "company", "lost": "A 写的",
                   "lostBy": "安 Ann", "keptBy": "Bob"}),
        ),
        history_row(
            &c.id,
            &newer,
            json!({"type": "somethingNewer", "detail": {"x": 1}}),
        ),
    ];
    let done = book.apply_remote(&rows, t(2)).unwrap();
    assert_eq!(done.written, 2, "a change of an unknown kind fails nothing");
    let got = changes(&book, &c.id);
    assert!(got.contains(&HistoryChange::Overwritten {
        field: "company".into(),
        lost: "A 写的".into(),
        lost_by: "安 Ann".into(),
        kept_by: "Bob".into(),
    }));
    assert!(got.contains(&HistoryChange::Unknown));
    assert_eq!(book.outbox_len(), 0, "a pull is no local edit");
    book.verify_indexes().unwrap();
    // Kept as the server sent it, so a newer version reading this book has it whole.
    drop(book);
    let db = open_when_released(dir.path());
    let stored: Vec<Value> = db
        .open_tree("history_by_customer")
        .unwrap()
        .iter()
        .values()
        .map(|v| serde_json::from_slice(&v.unwrap()).unwrap())
        .collect();
    assert!(
        stored.contains(&rows[1].data),
        "stored verbatim: {stored:?}"
    );
}

fn deal(amount: i64) -> DealInput {
    DealInput {
        date: NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
        amount,
        product_or_service: "年度服务".into(),
        ..DealInput::default()
    }
}

#[test]
fn a_deals_second_version_is_applied_and_picking_one_is_an_ordinary_edit() {
    let (_dir, book) = team();
    let c = book.create_customer(customer("成交", &[]), t(1)).unwrap();
    let d = book
        .add_deal(&c.id, deal(100_000), t(1), &chrono::Utc)
        .unwrap()
        .deal;
    book.outbox_ack(&ids(&book)).unwrap();
    let mut data = serde_json::to_value(&d).unwrap();
    data["conflict"] = json!({"fields": {"amount": 90_000, "notes": "B 的价",
                                         "updatedAt": "2026-12-06T10:00:00Z"},
                              "by": "Bob", "opId": "x", "commit": 7});
    let row = RemoteRow {
        table: SyncTable::Deals,
        id: d.id.clone(),
        customer_id: Some(c.id.clone()),
        data,
        deleted_at: None,
        owner: None,
    };
    book.apply_remote(std::slice::from_ref(&row), t(2)).unwrap();
    let got = book.get_deal(&d.id).unwrap();
    assert_eq!(
        got.amount, 100_000,
        "the deal's own version counts meanwhile"
    );
    let other = got.conflict.clone().expect("the second version");
    assert_eq!(
        (
            other.fields.amount,
            other.fields.notes.as_deref(),
            other.by.as_str()
        ),
        (Some(90_000), Some("B 的价"), "Bob")
    );
    assert_eq!(book.outbox_len(), 0);
    // The conflict is listed for the banner, with its customer's name.
    let listed = book.deal_conflicts().unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(
        (listed[0].deal.id.as_str(), listed[0].customer_name.as_str()),
        (d.id.as_str(), c.fields.name.as_str())
    );

    // Keeping the deal's own version: only the conflict goes, pushed as `conflict: null`.
    let kept = book.resolve_deal_conflict(&d.id, false, t(3)).unwrap();
    assert_eq!((kept.amount, kept.conflict.is_none()), (100_000, true));
    assert!(
        book.deal_conflicts().unwrap().is_empty(),
        "decided: off the banner"
    );
    let ops = book.outbox_pending(usize::MAX).unwrap();
    let [op] = ops.as_slice() else {
        panic!("one op: {ops:?}")
    };
    let OpKind::Upsert { fields, base, .. } = &op.kind else {
        panic!("an upsert: {op:?}")
    };
    assert_eq!(fields.get("conflict"), Some(&Value::Null));
    assert!(!fields.contains_key("amount"));
    assert_eq!(base.as_ref().unwrap()["conflict"]["by"], json!("Bob"));
    book.outbox_ack(&ids(&book)).unwrap();

    // The other version, picked after a second pull brought the conflict back.
    book.apply_remote(&[row], t(4)).unwrap();
    let picked = book.resolve_deal_conflict(&d.id, true, t(5)).unwrap();
    assert_eq!(
        (
            picked.amount,
            picked.notes.as_str(),
            picked.conflict.is_none()
        ),
        (90_000, "B 的价", true)
    );
    assert_eq!(book.get_deal(&d.id).unwrap(), picked);
    // A deal without a conflict is left as it is.
    assert_eq!(
        book.resolve_deal_conflict(&d.id, true, t(6)).unwrap(),
        picked
    );
    book.verify_indexes().unwrap();
}

#[test]
fn a_tag_removal_carries_the_pull_cursor_it_was_made_at() {
    let (_dir, book) = team();
    let c = book
        .create_customer(customer("标签", &["重点"]), t(1))
        .unwrap();
    book.outbox_ack(&ids(&book)).unwrap();
    book.apply_remote_at(&[], 42, t(2)).unwrap();
    book.update_customer(&c.id, customer("标签", &[]), t(3))
        .unwrap();
    let ops = book.outbox_pending(usize::MAX).unwrap();
    let unlink = ops
        .iter()
        .find(|o| o.table == SyncTable::CustomerTags)
        .expect("the link's delete");
    assert_eq!((&unlink.kind, unlink.seen), (&OpKind::Delete, Some(42)));
    let edit = ops.iter().find(|o| o.table == SyncTable::Customers);
    assert!(edit.is_none_or(|o| o.seen.is_none()));
}
