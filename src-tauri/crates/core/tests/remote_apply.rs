#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The pull side's local apply: rows as the team server holds them (folded here from another
//! team book's outbox the way `push` folds ops) written into a second book with every index,
//! the list, the agenda and the service plans right (`verify_indexes`), no op appended, and
//! fields edited here and not yet pushed kept (per-field merge).
mod common;
use chrono::NaiveDate;
use chrono_tz::Asia::Shanghai;
use common::*;
use rapport_core::model::{AgendaQuery, DealInput, ListQuery, OpportunityInput, Stage};
use rapport_core::store::{OpKind, OutboxOp, PullPage, RemoteRow, SyncTable};
use rapport_core::Store;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// The server's side of `push`, in miniature: an upsert merges its fields into the row, a
/// delete or restore sets or clears its trash time, a purge drops it. Rows in first-write order.
#[derive(Default)]
struct Server {
    rows: BTreeMap<(u64, SyncTable, String), RemoteRow>,
    seen: BTreeMap<(SyncTable, String), u64>,
}

impl Server {
    fn push(&mut self, ops: &[OutboxOp]) {
        for op in ops {
            let key = (op.table, op.id.clone());
            let n = *self.seen.entry(key.clone()).or_insert(op.seq);
            let full = (n, op.table, op.id.clone());
            let row = self.rows.entry(full.clone()).or_insert_with(|| RemoteRow {
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
                    let data = row.data.as_object_mut().unwrap();
                    data.extend(fields.clone());
                }
                OpKind::Delete => row.deleted_at = Some(t(28)),
                OpKind::Restore => row.deleted_at = None,
                OpKind::Purge => {
                    self.rows.remove(&full);
                }
            }
        }
    }

    fn rows(&self) -> Vec<RemoteRow> {
        self.rows.values().cloned().collect()
    }
}

/// Pushes everything `book` has waiting and acks it.
fn sync_up(book: &Store, server: &mut Server) {
    let ops = book.outbox_pending(usize::MAX).unwrap();
    server.push(&ops);
    let ids: Vec<_> = ops.iter().map(|o| o.op_id).collect();
    book.outbox_ack(&ids).unwrap();
}

fn team() -> (tempfile::TempDir, Store) {
    let (dir, store) = open_temp();
    store.set_team_book(true).unwrap();
    (dir, store)
}

fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, d).unwrap()
}

/// The list, the agenda and the next reminder read the same in both books.
fn assert_same_lists(b: &Store, a: &Store) {
    let list = |s: &Store| s.list_customers(&ListQuery::default()).unwrap().rows;
    assert_eq!(list(b), list(a));
    let agenda = |s: &Store| s.agenda(&AgendaQuery::default(), t(5), &Shanghai).unwrap();
    assert_eq!(agenda(b), agenda(a));
    assert_eq!(
        b.next_reminder_at(t(5), &Shanghai).unwrap(),
        a.next_reminder_at(t(5), &Shanghai).unwrap()
    );
}

#[test]
fn a_pulled_book_equals_its_source_with_every_index_right() {
    let (_a_dir, a) = team();
    let (_b_dir, b) = team();
    let mut server = Server::default();
    let c = a
        .create_customer(company_with_contacts("华东贸易"), t(1))
        .unwrap();
    let mut fu = follow_up(t(2), Some(t(9)));
    fu.stage = Some(Stage::Negotiation);
    a.log_follow_up(&c.id, fu, t(2), &Shanghai).unwrap();
    let opportunity = OpportunityInput {
        need: "年度采购".into(),
        stage: Stage::Proposal,
        ..Default::default()
    };
    a.add_opportunity(&c.id, opportunity, t(3)).unwrap();
    let deal = DealInput {
        date: day(11, 5),
        amount: 100_000,
        product_or_service: "服务器".into(),
        ..Default::default()
    };
    a.add_deal(&c.id, deal, t(3), &Shanghai).unwrap();
    a.add_service(&c.id, service(day(11, 6), Some(t(15))), t(3))
        .unwrap();
    let gone = a.create_customer(customer("回收站", &[]), t(1)).unwrap();
    a.trash_customer(&gone.id, t(4)).unwrap();
    let mut settings = rapport_core::model::Settings::with_language(Default::default());
    settings.sources.push("抖音".into());
    a.save_settings(settings).unwrap();
    sync_up(&a, &mut server);

    let applied = b.apply_remote(&server.rows(), t(5)).unwrap();
    assert_eq!(applied.skipped, 0);
    assert_eq!(b.outbox_len(), 0, "an apply is no local edit");
    b.verify_indexes().unwrap();
    assert_eq!(
        b.get_customer(&c.id).unwrap(),
        a.get_customer(&c.id).unwrap()
    );
    // The trash time is the server's (when the delete reached it).
    let trashed = b.get_customer(&gone.id).unwrap();
    assert_eq!(trashed.deleted_at, Some(t(28)));
    let local = a.get_customer(&gone.id).unwrap();
    assert_eq!(
        trashed,
        rapport_core::model::Customer {
            deleted_at: Some(t(28)),
            ..local
        }
    );
    assert_eq!(
        b.follow_ups_of(&c.id).unwrap(),
        a.follow_ups_of(&c.id).unwrap()
    );
    assert_eq!(b.timeline(&c.id).unwrap(), a.timeline(&c.id).unwrap());
    assert_eq!(
        b.opportunities_of(&c.id).unwrap(),
        a.opportunities_of(&c.id).unwrap()
    );
    assert_eq!(b.deals_of(&c.id).unwrap(), a.deals_of(&c.id).unwrap());
    assert_eq!(b.services_of(&c.id).unwrap(), a.services_of(&c.id).unwrap());
    assert!(b
        .settings()
        .unwrap()
        .unwrap()
        .sources
        .contains(&"抖音".to_string()));
    assert_same_lists(&b, &a);

    // Applying the same rows again changes nothing.
    b.apply_remote(&server.rows(), t(6)).unwrap();
    assert_eq!(
        b.get_customer(&c.id).unwrap(),
        a.get_customer(&c.id).unwrap()
    );
    b.verify_indexes().unwrap();
}

#[test]
fn a_field_edited_here_and_not_pushed_yet_survives_a_pull() {
    let (_a_dir, a) = team();
    let (_b_dir, b) = team();
    let mut server = Server::default();
    let c = a.create_customer(customer("王伟", &["VIP"]), t(1)).unwrap();
    sync_up(&a, &mut server);
    b.apply_remote(&server.rows(), t(2)).unwrap();
    assert_eq!(b.outbox_len(), 0);

    // B edits the company (not pushed yet); A edits the phone and the company.
    let mut mine = customer("王伟", &["VIP"]);
    mine.fields.company = "B 公司".into();
    b.update_customer(&c.id, mine, t(3)).unwrap();
    let mut theirs = customer("王伟", &["VIP"]);
    theirs.fields.company = "A 公司".into();
    theirs.fields.phones = vec!["13800000000".into()];
    a.update_customer(&c.id, theirs, t(3)).unwrap();
    a.trash_customer(&c.id, t(4)).unwrap();
    sync_up(&a, &mut server);

    b.apply_remote(&server.rows(), t(5)).unwrap();
    let got = b.get_customer(&c.id).unwrap();
    assert_eq!(
        got.fields.company, "B 公司",
        "the local edit is kept until pushed"
    );
    assert_eq!(got.fields.phones, vec!["13800000000".to_string()]);
    assert!(got.deleted_at.is_some(), "the trash came through");
    assert_eq!(b.list_trash().unwrap().len(), 1);
    b.verify_indexes().unwrap();
}

#[test]
fn a_pulls_cursor_is_saved_with_its_rows_and_never_moves_back() {
    let (_a_dir, a) = team();
    let (b_dir, b) = team();
    let mut server = Server::default();
    let c = a.create_customer(customer("王伟", &[]), t(1)).unwrap();
    sync_up(&a, &mut server);
    assert_eq!(b.sync_cursor().unwrap(), 0, "nothing pulled yet");
    b.apply_remote_at(&server.rows(), 7, t(2)).unwrap();
    assert_eq!(b.sync_cursor().unwrap(), 7);
    // An older pull (a retry that raced a newer one) applies its rows but keeps the cursor.
    b.apply_remote_at(&server.rows(), 5, t(3)).unwrap();
    assert_eq!(b.sync_cursor().unwrap(), 7);
    // A plain apply leaves it alone; the cursor survives a reopen with the rows.
    b.apply_remote(&server.rows(), t(4)).unwrap();
    drop(b);
    let b = reopen(b_dir.path());
    assert_eq!(b.sync_cursor().unwrap(), 7);
    assert!(b.get_customer(&c.id).is_ok());
    b.verify_indexes().unwrap();
}

#[test]
fn a_page_of_a_pull_saves_where_it_stopped_and_the_last_page_the_cursor() {
    let (_a_dir, a) = team();
    let (b_dir, b) = team();
    let mut server = Server::default();
    let c = a.create_customer(customer("王伟", &[]), t(1)).unwrap();
    sync_up(&a, &mut server);
    let page = PullPage {
        head: 9,
        rank: 3,
        id: c.id.clone(),
    };
    b.apply_remote_page(&server.rows(), &page, t(2)).unwrap();
    // The rows and the position land together; the cursor waits for the last page, and the
    // position survives a reopen (a cut-off pull resumes after it).
    drop(b);
    let b = reopen(b_dir.path());
    assert!(b.get_customer(&c.id).is_ok());
    assert_eq!(b.sync_cursor().unwrap(), 0);
    assert_eq!(b.sync_page().unwrap(), Some(page));
    b.apply_remote_at(&[], 9, t(3)).unwrap();
    assert_eq!(b.sync_cursor().unwrap(), 9);
    assert_eq!(
        b.sync_page().unwrap(),
        None,
        "the last page clears the position"
    );
    b.verify_indexes().unwrap();
}

#[test]
fn a_book_filled_with_nothing_in_memory_opens_with_every_index_right() {
    let (_a_dir, a) = team();
    let (b_dir, b) = team();
    drop(b);
    let mut server = Server::default();
    let c = a
        .create_customer(customer("李娜", &["老客户"]), t(1))
        .unwrap();
    a.log_follow_up(&c.id, follow_up(t(2), Some(t(9))), t(2), &Shanghai)
        .unwrap();
    a.add_service(&c.id, service(day(11, 6), Some(t(15))), t(3))
        .unwrap();
    let other = a.create_customer(customer("赵磊", &[]), t(1)).unwrap();
    a.log_follow_up(&other.id, follow_up(t(3), Some(t(6))), t(3), &Shanghai)
        .unwrap();
    sync_up(&a, &mut server);

    // A first sync's step: the rows written, nothing of the book kept in memory.
    let filling = (0..100)
        .find_map(|_| match Store::open_to_fill(b_dir.path()) {
            Err(rapport_core::CoreError::Locked) => {
                // sled lets go of its lock a moment after the drop.
                std::thread::sleep(std::time::Duration::from_millis(50));
                None
            }
            other => Some(other.unwrap()),
        })
        .unwrap();
    filling.apply_remote_at(&server.rows(), 9, t(5)).unwrap();
    assert_eq!(
        filling.customer_count().unwrap(),
        0,
        "no list view in memory"
    );
    assert_eq!(filling.outbox_len(), 0);
    drop(filling);

    // The app's open builds the memory from what the step wrote.
    let b = reopen(b_dir.path());
    b.verify_indexes().unwrap();
    assert_eq!(b.sync_cursor().unwrap(), 9);
    assert_same_lists(&b, &a);
    assert_eq!(b.services_of(&c.id).unwrap(), a.services_of(&c.id).unwrap());
}
