#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Records leaving a team book on the server's word, and a book joining or leaving a team,
//! without a server (the rows are folded from another book's outbox, as `push` would):
//! a departed customer goes with its follow-ups, records, agenda entries and service plans; a
//! resync's sweep removes what a full pull did not bring but keeps what the outbox names; a
//! shared personal book's queued ops rebuild it whole in another book; a book that leaves
//! keeps its records and records no more ops.
mod common;
use chrono::NaiveDate;
use chrono_tz::Asia::Shanghai;
use common::*;
use rapport_core::model::{AgendaQuery, DealInput, TaskInput};
use rapport_core::store::{OpKind, RemoteRow, SeenRows, SyncTable};
use rapport_core::Store;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// The rows the server would hold after these ops (first-write order; deletes as trash).
fn fold(book: &Store) -> Vec<RemoteRow> {
    let ops = book.outbox_pending(usize::MAX).unwrap();
    let mut rows: BTreeMap<(u64, SyncTable, String), RemoteRow> = BTreeMap::new();
    let mut first: BTreeMap<(SyncTable, String), u64> = BTreeMap::new();
    for op in &ops {
        let n = *first.entry((op.table, op.id.clone())).or_insert(op.seq);
        let row = rows
            .entry((n, op.table, op.id.clone()))
            .or_insert_with(|| RemoteRow {
                table: op.table,
                id: op.id.clone(),
                customer_id: None,
                data: Value::Object(Map::new()),
                deleted_at: None,
                owner: None,
            });
        match &op.kind {
            OpKind::Upsert {
                customer_id,
                fields,
                ..
            } => {
                if customer_id.is_some() {
                    row.customer_id = customer_id.clone();
                }
                row.data.as_object_mut().unwrap().extend(fields.clone());
            }
            OpKind::Delete => row.deleted_at = Some(t(28)),
            OpKind::Restore => row.deleted_at = None,
            OpKind::Purge => row.deleted_at = Some(t(28)),
        }
    }
    rows.into_values().collect()
}

fn team() -> (tempfile::TempDir, Store) {
    let (dir, store) = open_temp();
    store.set_team_book(true).unwrap();
    (dir, store)
}

fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, d).unwrap()
}

/// A customer with a due follow-up, a deal and a service with a plan.
fn full_customer(book: &Store, name: &str) -> (String, String) {
    let c = book
        .create_customer(customer(name, &["重点"]), t(1))
        .unwrap();
    let f = book
        .log_follow_up(&c.id, follow_up(t(2), Some(t(9))), t(2), &Shanghai)
        .unwrap();
    let deal = DealInput {
        date: day(11, 5),
        amount: 100_000,
        product_or_service: "服务器".into(),
        ..Default::default()
    };
    book.add_deal(&c.id, deal, t(3), &Shanghai).unwrap();
    book.add_service(&c.id, service(day(11, 6), Some(t(15))), t(3))
        .unwrap();
    let task = TaskInput {
        title: "报价单".into(),
        due: t(12),
        assignee: String::new(),
    };
    book.add_task(&c.id, task, t(3)).unwrap();
    (c.id, f.id)
}

fn agenda_len(book: &Store) -> usize {
    let a = book
        .agenda(&AgendaQuery::default(), t(20), &Shanghai)
        .unwrap();
    serde_json::to_value(&a)
        .unwrap()
        .to_string()
        .matches("customerId")
        .count()
}

#[test]
fn a_departed_customer_leaves_with_everything_it_owns_and_no_op() {
    let (_a_dir, a) = team();
    let (_b_dir, b) = team();
    let (leaving, fu) = full_customer(&a, "华东贸易");
    let (staying, _) = full_customer(&a, "留下");
    b.apply_remote(&fold(&a), t(5)).unwrap();
    let before = agenda_len(&b);
    assert!(before > 0);
    assert_eq!(
        b.customer_tasks(&leaving).unwrap().len(),
        1,
        "its task pulled"
    );
    assert_eq!(
        b.remove_departed(&[leaving.clone(), "not-an-id".into()])
            .unwrap(),
        1
    );
    assert!(b.get_customer(&leaving).is_err());
    assert!(b.get_follow_up(&fu).is_err());
    assert!(
        b.customer_tasks(&leaving).unwrap().is_empty(),
        "its task left too"
    );
    assert!(b.get_customer(&staying).is_ok());
    assert!(agenda_len(&b) < before, "its reminders left the agenda");
    assert_eq!(b.outbox_len(), 0, "the server knows already");
    b.verify_indexes().unwrap();
    assert_eq!(
        b.remove_departed(std::slice::from_ref(&leaving)).unwrap(),
        0,
        "gone already"
    );
    // On the desktop that made them too.
    assert_eq!(a.customer_tasks(&leaving).unwrap().len(), 1);
    assert_eq!(
        a.remove_departed(std::slice::from_ref(&leaving)).unwrap(),
        1
    );
    assert!(a.customer_tasks(&leaving).unwrap().is_empty());
    a.verify_indexes().unwrap();
}

#[test]
fn a_resync_sweep_removes_what_the_full_pull_lacked_and_keeps_the_outboxs() {
    let (_a_dir, a) = team();
    let (_b_dir, b) = team();
    let (kept, kept_fu) = full_customer(&a, "保留");
    let (dropped, _) = full_customer(&a, "服务器上没了");
    let stale_fu = a
        .log_follow_up(&kept, follow_up(t(4), Some(t(10))), t(4), &Shanghai)
        .unwrap()
        .id;
    let rows = fold(&a);
    b.apply_remote(&rows, t(5)).unwrap();
    // Made here, not pushed yet: kept whatever the server says.
    let unsent = b.create_customer(customer("未发送", &[]), t(6)).unwrap();
    // The full pull brought everything but `dropped` (with its records) and `stale_fu`.
    let seen: SeenRows = rows
        .iter()
        .filter(|r| {
            r.id != stale_fu && r.id != dropped && r.customer_id.as_deref() != Some(&dropped)
        })
        .map(|r| (r.table, r.id.clone()))
        .collect();
    let removed = b.sweep_replica(&seen).unwrap();
    assert!(removed >= 2, "{removed}");
    assert!(b.get_customer(&dropped).is_err());
    assert!(b.get_follow_up(&stale_fu).is_err());
    assert!(b.get_follow_up(&kept_fu).is_ok());
    assert!(b.get_customer(&kept).is_ok());
    assert_eq!(b.get_customer(&unsent.id).unwrap().fields.name, "未发送");
    assert_eq!(b.outbox_len(), 1, "the unsent op stays");
    b.verify_indexes().unwrap();
}

#[test]
fn a_shared_personal_book_is_queued_whole_and_rebuilds_in_another_book() {
    let (_a_dir, a) = open_temp();
    let (c, fu) = full_customer(&a, "王伟");
    let gone = a.create_customer(customer("回收站", &[]), t(1)).unwrap();
    a.trash_customer(&gone.id, t(4)).unwrap();
    let mut settings = rapport_core::model::Settings::with_language(Default::default());
    settings.sources.push("抖音".into());
    a.save_settings(settings).unwrap();
    assert_eq!(a.outbox_len(), 0);
    let queued = a.share_book().unwrap();
    assert!(a.is_team_book());
    assert_eq!(a.outbox_len(), queued);
    a.verify_indexes().unwrap();

    let (_b_dir, b) = team();
    let applied = b.apply_remote(&fold(&a), t(5)).unwrap();
    assert_eq!(applied.skipped, 0);
    assert_eq!(b.get_customer(&c).unwrap(), a.get_customer(&c).unwrap());
    assert_eq!(b.get_follow_up(&fu).unwrap(), a.get_follow_up(&fu).unwrap());
    assert_eq!(b.deals_of(&c).unwrap(), a.deals_of(&c).unwrap());
    assert_eq!(b.services_of(&c).unwrap(), a.services_of(&c).unwrap());
    assert!(b.get_customer(&gone.id).unwrap().deleted_at.is_some());
    assert!(b
        .settings()
        .unwrap()
        .unwrap()
        .sources
        .contains(&"抖音".to_string()));
    b.verify_indexes().unwrap();
}

#[test]
fn a_book_that_leaves_keeps_its_records_and_records_no_ops() {
    let (_dir, a) = team();
    let (c, _) = full_customer(&a, "团队客户");
    let waiting = a.outbox_len();
    assert!(waiting > 0);
    assert_eq!(a.leave_team().unwrap(), waiting);
    assert!(!a.is_team_book());
    assert_eq!((a.outbox_len(), a.sync_cursor().unwrap()), (0, 0));
    a.create_customer(customer("之后", &[]), t(7)).unwrap();
    assert_eq!(a.outbox_len(), 0);
    assert!(a.get_customer(&c).is_ok());
    a.verify_indexes().unwrap();
}

#[test]
fn a_customer_rekeyed_for_a_join_takes_everything_along_and_records_no_op() {
    let (_dir, book) = open_temp();
    let (from, fu) = full_customer(&book, "王先生");
    let reminders = agenda_len(&book);
    let history = book.timeline(&from).unwrap().len();
    let to = ulid::Ulid::new().to_string();
    let mut fields = book.get_customer(&from).unwrap().fields;
    fields.company = "团队的公司".into();
    book.rekey_customer(&from, &to, fields).unwrap();
    assert!(book.get_customer(&from).is_err());
    let moved = book.get_customer(&to).unwrap();
    assert_eq!(moved.fields.company, "团队的公司");
    assert_eq!(moved.tag_ids.len(), 1, "its tag");
    assert_eq!(book.get_follow_up(&fu).unwrap().customer_id, to);
    assert_eq!(book.deals_of(&to).unwrap().len(), 1);
    assert_eq!(book.services_of(&to).unwrap().len(), 1);
    assert_eq!(book.customer_tasks(&to).unwrap().len(), 1, "its stage task");
    assert!(book.customer_tasks(&from).unwrap().is_empty());
    assert_eq!(book.timeline(&to).unwrap().len(), history);
    assert_eq!(agenda_len(&book), reminders, "the reminders follow");
    assert_eq!(book.outbox_len(), 0);
    book.verify_indexes().unwrap();
    let (_t, team_book) = team();
    let (c, _) = full_customer(&team_book, "团队");
    let other = ulid::Ulid::new().to_string();
    let f = team_book.get_customer(&c).unwrap().fields;
    assert!(
        team_book.rekey_customer(&c, &other, f).is_err(),
        "personal books only"
    );
}
