#![allow(clippy::unwrap_used, clippy::expect_used)]
//! A real team book's outbox (a sled book in rapport-core) pushed to a real, throwaway
//! PostgreSQL (tests/support): the ops its writes appended become the server's rows, a retry
//! applies nothing twice, the book forgets the ops once acked, and a second book pulls it all.
mod support;

use chrono::{TimeZone, Utc};
use rapport_core::model::{CustomerInput, FollowUpInput};
use rapport_core::Store;
use rapport_sync::{Op, Table};
use support::TestCluster;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_team_books_outbox_is_pushed_as_it_was_written() {
    let Some(cluster) = TestCluster::start() else {
        return;
    };
    let mut admin = cluster.empty_team_db().await;
    admin.install("老板 Boss").await.unwrap();

    let dir = tempfile::tempdir().unwrap();
    let book = Store::open(dir.path()).unwrap();
    book.set_team_book(true).unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0).unwrap();
    let mut input = CustomerInput::default();
    input.fields.name = "华东贸易".into();
    input.tags = vec!["VIP".into()];
    let c = book.create_customer(input.clone(), now).unwrap();
    let follow_up = FollowUpInput {
        at: now,
        method: "phone".into(),
        topic: "报价".into(),
        content: "聊了价格".into(),
        done: true,
        ..Default::default()
    };
    let f = book.log_follow_up(&c.id, follow_up, now, &Utc).unwrap();
    input.fields.company = "华东贸易有限公司".into();
    book.update_customer(&c.id, input, now).unwrap();
    let gone = book
        .create_customer(
            CustomerInput {
                fields: rapport_core::model::CustomerFields {
                    name: "回收站".into(),
                    ..Default::default()
                },
                ..Default::default()
            },
            now,
        )
        .unwrap();
    book.trash_customer(&gone.id, now).unwrap();

    let pending = book.outbox_pending(1000).unwrap();
    let ops: Vec<Op> = pending.iter().map(Op::from).collect();
    let commit = admin.push(&ops).await.unwrap();
    assert!(commit.is_some());
    assert_eq!(
        admin.push(&ops).await.unwrap(),
        commit,
        "a retry applies nothing twice"
    );
    let acked: Vec<_> = pending.iter().map(|o| o.op_id).collect();
    assert_eq!(book.outbox_ack(&acked).unwrap(), pending.len());
    assert_eq!(book.outbox_len(), 0);

    let changes = admin.changes_since(0).await.unwrap();
    let row = |table: Table, id: &str| {
        changes
            .rows
            .iter()
            .find(|r| r.table == table && r.id == id)
            .unwrap_or_else(|| panic!("no {table:?} {id}"))
    };
    let customer = row(Table::Customers, &c.id);
    assert_eq!(customer.data["name"], "华东贸易");
    assert_eq!(customer.data["company"], "华东贸易有限公司");
    assert!(customer.deleted_at.is_none());
    let tag = &c.tag_ids[0];
    assert_eq!(row(Table::Tags, tag).data["name"], "VIP");
    let link = row(Table::CustomerTags, &format!("{}/{tag}", c.id));
    assert_eq!(link.customer_id.as_deref(), Some(c.id.as_str()));
    let fu = row(Table::Followups, &f.id);
    assert_eq!(fu.data["topic"], "报价");
    assert_eq!(fu.customer_id.as_deref(), Some(c.id.as_str()));
    assert!(row(Table::Customers, &gone.id).deleted_at.is_some());

    // A second desktop pulls it all into its own book: the same customer and follow-up, every
    // index right, no op of its own.
    let other_dir = tempfile::tempdir().unwrap();
    let other = Store::open(other_dir.path()).unwrap();
    other.set_team_book(true).unwrap();
    let rows: Vec<_> = changes.rows.iter().filter_map(|c| c.remote_row()).collect();
    let applied = other.apply_remote(&rows, now).unwrap();
    assert_eq!(applied.skipped, 0);
    assert_eq!(other.outbox_len(), 0);
    other.verify_indexes().unwrap();
    // The same customer, its owner shown by the server's word: the person who pushed it
    // (sql/0010_pool.sql), by name.
    let mut expected = book.get_customer(&c.id).unwrap();
    expected.fields.owner = "老板 Boss".into();
    assert_eq!(other.get_customer(&c.id).unwrap(), expected);
    assert_eq!(
        other.follow_ups_of(&c.id).unwrap(),
        book.follow_ups_of(&c.id).unwrap()
    );
    assert!(other.get_customer(&gone.id).unwrap().deleted_at.is_some());
}
