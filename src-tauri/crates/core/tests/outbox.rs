#![allow(clippy::unwrap_used, clippy::expect_used)]
//! A team book's outbox: each kind of write appends exactly its ops in its own transaction,
//! a personal book appends none, ops survive a reopen in the order they were written, an ack
//! removes them, a needs edit appends its history events, an import appends the ops of every
//! chunk, and `verify_indexes` checks it.
mod common;
use chrono::NaiveDate;
use chrono_tz::Asia::Shanghai;
use common::*;
use rapport_core::import::plan::{DuplicatePolicy, Plan, PlanCounts, PlannedCustomer};
use rapport_core::model::{DealInput, Language, OpportunityInput, Settings, Stage};
use rapport_core::store::{OpKind, OutboxOp, SyncTable};
use rapport_core::Store;
use serde_json::json;

fn team() -> (tempfile::TempDir, Store) {
    let (dir, store) = open_temp();
    store.set_team_book(true).unwrap();
    (dir, store)
}

/// Takes every waiting op (acking them), so each step of a test sees only its own.
fn take(store: &Store) -> Vec<OutboxOp> {
    let ops = store.outbox_pending(usize::MAX).unwrap();
    let ids: Vec<_> = ops.iter().map(|o| o.op_id).collect();
    assert_eq!(store.outbox_ack(&ids).unwrap(), ops.len());
    ops
}

fn kind(op: &OutboxOp) -> &'static str {
    match op.kind {
        OpKind::Upsert { .. } => "upsert",
        OpKind::Delete => "delete",
        OpKind::Restore => "restore",
        OpKind::Purge => "purge",
    }
}

/// (table, kind) of each op, in order.
fn shape(ops: &[OutboxOp]) -> Vec<(SyncTable, &'static str)> {
    ops.iter().map(|o| (o.table, kind(o))).collect()
}

fn fields(op: &OutboxOp) -> (serde_json::Value, Option<serde_json::Value>, Option<String>) {
    match &op.kind {
        OpKind::Upsert {
            fields,
            base,
            customer_id,
        } => (
            serde_json::Value::Object(fields.clone()),
            base.clone().map(serde_json::Value::Object),
            customer_id.clone(),
        ),
        _ => panic!("not an upsert: {op:?}"),
    }
}

fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, d).unwrap()
}

#[test]
fn a_personal_book_records_nothing() {
    let (_dir, store) = open_temp();
    assert!(!store.is_team_book());
    let c = store
        .create_customer(customer("王伟", &["VIP"]), t(1))
        .unwrap();
    store
        .log_follow_up(&c.id, follow_up(t(2), Some(t(9))), t(2), &Shanghai)
        .unwrap();
    assert_eq!(store.outbox_len(), 0);
    store.verify_indexes().unwrap();
}

#[test]
fn customer_writes_append_their_ops() {
    let (_dir, store) = team();
    let c = store
        .create_customer(customer("王伟", &["VIP"]), t(1))
        .unwrap();
    let ops = take(&store);
    assert_eq!(
        shape(&ops),
        [
            (SyncTable::Tags, "upsert"),
            (SyncTable::Customers, "upsert"),
            (SyncTable::CustomerTags, "upsert"),
        ]
    );
    let tag = &c.tag_ids[0];
    assert_eq!(ops[0].id, *tag);
    assert_eq!(fields(&ops[0]).0["name"], "VIP");
    let (new, base, _) = fields(&ops[1]);
    assert_eq!(ops[1].id, c.id);
    assert_eq!(new["name"], "王伟");
    assert!(new.get("id").is_none() && new.get("tagIds").is_none());
    assert_eq!(base, None, "a new record has no base");
    assert_eq!(ops[2].id, format!("{}/{tag}", c.id));
    assert_eq!(fields(&ops[2]).2.as_deref(), Some(c.id.as_str()));

    // An edit carries the changed fields and what they were.
    let mut input = customer("王伟", &[]);
    input.fields.company = "杭州云启".into();
    store.update_customer(&c.id, input, t(2)).unwrap();
    let ops = take(&store);
    assert_eq!(
        shape(&ops),
        [
            (SyncTable::Customers, "upsert"),
            (SyncTable::CustomerTags, "delete")
        ]
    );
    let (new, base, _) = fields(&ops[0]);
    let base = base.unwrap();
    assert_eq!(new["company"], "杭州云启");
    assert_eq!(base["company"], "");
    assert!(
        new.get("name").is_none(),
        "an unchanged field is left out: {new}"
    );
    assert_eq!(
        base.as_object().unwrap().len(),
        new.as_object().unwrap().len()
    );

    store.trash_customer(&c.id, t(3)).unwrap();
    assert_eq!(
        shape(&take(&store)),
        [
            (SyncTable::Customers, "upsert"),
            (SyncTable::Customers, "delete")
        ]
    );
    store.restore_customer(&c.id, t(4)).unwrap();
    assert_eq!(
        shape(&take(&store)),
        [
            (SyncTable::Customers, "upsert"),
            (SyncTable::Customers, "restore")
        ]
    );
    store.verify_indexes().unwrap();
}

#[test]
fn follow_ups_records_history_and_purge_append_their_ops() {
    let (_dir, store) = team();
    let c = store.create_customer(customer("李娜", &[]), t(1)).unwrap();
    take(&store);
    let mut fu = follow_up(t(2), Some(t(9)));
    fu.stage = Some(Stage::Proposal);
    let f = store.log_follow_up(&c.id, fu, t(2), &Shanghai).unwrap();
    let ops = take(&store);
    assert_eq!(
        shape(&ops),
        [
            (SyncTable::Followups, "upsert"),
            (SyncTable::Customers, "upsert"),
            (SyncTable::History, "upsert"),
        ]
    );
    assert_eq!(ops[0].id, f.id);
    assert_eq!(fields(&ops[0]).2.as_deref(), Some(c.id.as_str()));
    assert_eq!(fields(&ops[1]).0["stage"], json!("proposal"));
    assert_eq!(fields(&ops[2]).2.as_deref(), Some(c.id.as_str()));

    store.delete_follow_up(&f.id).unwrap();
    assert_eq!(shape(&take(&store)), [(SyncTable::Followups, "delete")]);

    let opportunity = OpportunityInput {
        need: "年度采购".into(),
        stage: Stage::Proposal,
        ..Default::default()
    };
    let o = store.add_opportunity(&c.id, opportunity, t(3)).unwrap();
    let deal = DealInput {
        date: day(11, 5),
        amount: 100_000,
        product_or_service: "服务器".into(),
        ..Default::default()
    };
    let d = store
        .add_deal(&c.id, deal.clone(), t(3), &Shanghai)
        .unwrap()
        .deal;
    let s = store
        .add_service(&c.id, service(day(11, 6), None), t(3))
        .unwrap();
    let ops = take(&store);
    assert_eq!(
        shape(&ops),
        [
            (SyncTable::Opportunities, "upsert"),
            (SyncTable::Deals, "upsert"),
            (SyncTable::Services, "upsert"),
        ]
    );
    assert_eq!([&ops[0].id, &ops[1].id, &ops[2].id], [&o.id, &d.id, &s.id]);
    let edited = DealInput {
        amount: 200_000,
        ..deal
    };
    store.update_deal(&d.id, edited, t(4), &Shanghai).unwrap();
    let ops = take(&store);
    assert_eq!(shape(&ops), [(SyncTable::Deals, "upsert")]);
    let (new, base, _) = fields(&ops[0]);
    assert_eq!(
        (new["amount"].clone(), base.unwrap()["amount"].clone()),
        (json!(200000), json!(100000))
    );
    store.delete_service(&s.id).unwrap();
    assert_eq!(shape(&take(&store)), [(SyncTable::Services, "delete")]);

    // Purged: what the customer owned goes first, the customer last.
    store.trash_customer(&c.id, t(5)).unwrap();
    take(&store);
    store.purge_customer(&c.id).unwrap();
    let ops = take(&store);
    assert_eq!(
        shape(&ops),
        [
            (SyncTable::History, "purge"),
            (SyncTable::Opportunities, "purge"),
            (SyncTable::Deals, "purge"),
            (SyncTable::Customers, "purge"),
        ]
    );
    assert_eq!(ops[3].id, c.id);
    store.verify_indexes().unwrap();
}

#[test]
fn a_needs_edit_appends_its_history_events() {
    let (_dir, store) = team();
    let mut input = customer("王伟", &[]);
    input.fields.needs.budget = "10万".into();
    let c = store.create_customer(input.clone(), t(1)).unwrap();
    take(&store);
    input.fields.needs.budget = "20万".into();
    input.fields.needs.deadline = Some(day(3, 31));
    store.update_customer(&c.id, input.clone(), t(2)).unwrap();
    let ops = take(&store);
    assert_eq!(
        shape(&ops),
        [
            (SyncTable::Customers, "upsert"),
            (SyncTable::History, "upsert"),
            (SyncTable::History, "upsert"),
        ]
    );
    let (budget, _, customer_id) = fields(&ops[1]);
    assert_eq!(customer_id.as_deref(), Some(c.id.as_str()));
    assert_eq!(
        budget["change"],
        json!({"type": "need", "field": "budget", "from": "10万", "to": "20万"})
    );
    assert_eq!(
        fields(&ops[2]).0["change"],
        json!({"type": "need", "field": "deadline", "from": "", "to": "2026-03-31"})
    );

    // Saved again unchanged: the customer is written, no history op.
    store.update_customer(&c.id, input, t(3)).unwrap();
    assert!(take(&store).iter().all(|o| o.table != SyncTable::History));
    store.verify_indexes().unwrap();
}

#[test]
fn tags_and_team_settings_append_their_ops() {
    let (_dir, store) = team();
    let a = store
        .create_customer(customer("张三", &["华东"]), t(1))
        .unwrap();
    let vip = store.create_tag("VIP", None).unwrap();
    take(&store);
    store.rename_tag(&vip.id, "重点").unwrap();
    let ops = take(&store);
    assert_eq!(shape(&ops), [(SyncTable::Tags, "upsert")]);
    let (new, base, _) = fields(&ops[0]);
    assert_eq!(
        (new, base),
        (json!({"name": "重点"}), Some(json!({"name": "VIP"})))
    );
    store.delete_tag(&a.tag_ids[0], t(2)).unwrap();
    assert_eq!(
        shape(&take(&store)),
        [
            (SyncTable::Customers, "upsert"),
            (SyncTable::CustomerTags, "delete"),
            (SyncTable::Tags, "delete"),
        ]
    );

    // Only the shared settings travel, and only those changed.
    let mut settings = Settings::with_language(Language::Zh);
    store.save_settings(settings.clone()).unwrap();
    let first = take(&store);
    assert!(first.iter().all(|o| o.table == SyncTable::TeamSettings));
    settings.sources.push("抖音".into());
    settings.untouched_days = 45;
    store.save_settings(settings).unwrap();
    let ops = take(&store);
    assert_eq!(shape(&ops), [(SyncTable::TeamSettings, "upsert")]);
    assert_eq!(ops[0].id, "sources");
    let (new, base, _) = fields(&ops[0]);
    assert!(new["value"].as_array().unwrap().contains(&json!("抖音")));
    assert!(!base.unwrap()["value"]
        .as_array()
        .unwrap()
        .contains(&json!("抖音")));
}

#[test]
fn ops_keep_their_order_survive_a_reopen_and_leave_when_acked() {
    let (dir, store) = team();
    let mut ids = Vec::new();
    for i in 0..40 {
        ids.push(
            store
                .create_customer(customer(&format!("客户{i}"), &[]), t(1))
                .unwrap()
                .id,
        );
    }
    drop(store);
    let store = reopen(dir.path());
    assert!(store.is_team_book(), "the flag is kept in the book");
    let ops = store.outbox_pending(usize::MAX).unwrap();
    assert_eq!(ops.iter().map(|o| o.id.clone()).collect::<Vec<_>>(), ids);
    assert!(ops.windows(2).all(|w| w[0].seq < w[1].seq));
    assert_eq!(store.outbox_pending(5).unwrap(), ops[..5]);

    let acked: Vec<_> = ops[..10].iter().map(|o| o.op_id).collect();
    assert_eq!(store.outbox_ack(&acked).unwrap(), 10);
    assert_eq!(
        store.outbox_ack(&acked).unwrap(),
        0,
        "an ack that comes twice"
    );
    assert_eq!(store.outbox_pending(usize::MAX).unwrap(), ops[10..]);
    drop(store);
    let store = reopen(dir.path());
    assert_eq!(store.outbox_pending(usize::MAX).unwrap(), ops[10..]);
    store.verify_indexes().unwrap();

    // A personal book again: nothing more is recorded, what waits stays.
    store.set_team_book(false).unwrap();
    store
        .create_customer(customer("新客户", &[]), t(2))
        .unwrap();
    assert_eq!(store.outbox_len(), 30);
}

#[test]
fn a_team_import_with_a_bad_item_in_a_later_chunk_sends_the_team_nothing() {
    // A personal book checks chunks as they stream; a team book checks the whole plan
    // first, so its outbox never holds customers that come and go.
    let (_dir, store) = team();
    let mut customers: Vec<PlannedCustomer> = (0..1200)
        .map(|i| PlannedCustomer {
            input: customer(&format!("导入{i}"), &["展会"]),
            follow_ups: vec![follow_up(t(1), Some(t(20)))],
            records: Default::default(),
            rows: vec![i + 2],
            duplicate_of: None,
        })
        .collect();
    customers[1100].input.fields.name.clear();
    customers[1100].input.fields.phones.clear();
    let plan = Plan {
        customers,
        invalid: vec![],
        notices: vec![],
        skipped: vec![],
        assumptions: vec![],
        counts: PlanCounts::default(),
    };
    let mut calls = 0;
    let err = store
        .commit_import_with(
            &plan,
            DuplicatePolicy::Skip,
            "a.csv",
            t(2),
            &Shanghai,
            &mut |_| {
                calls += 1;
                true
            },
        )
        .unwrap_err();
    assert_eq!(
        err.field().as_deref(),
        Some("customers[1100].name"),
        "{err:?}"
    );
    assert_eq!(calls, 0);
    assert_eq!(store.outbox_len(), 0);
    assert!(store.is_empty().unwrap());
    assert!(store.imports().unwrap().is_empty());
    store.verify_indexes().unwrap();
}

#[test]
fn an_import_into_a_team_book_appends_the_ops_of_every_chunk() {
    let (_dir, store) = team();
    let customers: Vec<PlannedCustomer> = (0..1200)
        .map(|i| PlannedCustomer {
            input: customer(&format!("导入{i}"), &["展会"]),
            follow_ups: vec![follow_up(t(1), Some(t(20)))],
            records: Default::default(),
            rows: vec![i + 2],
            duplicate_of: None,
        })
        .collect();
    let plan = Plan {
        customers,
        invalid: vec![],
        notices: vec![],
        skipped: vec![],
        assumptions: vec![],
        counts: PlanCounts::default(),
    };
    let rec = store
        .commit_import(&plan, DuplicatePolicy::Skip, "a.csv", t(2), &Shanghai)
        .unwrap();
    assert_eq!(rec.customers_added, 1200);
    let ops = store.outbox_pending(usize::MAX).unwrap();
    let count = |table| ops.iter().filter(|o| o.table == table).count();
    assert_eq!(count(SyncTable::Customers), 1200);
    assert_eq!(count(SyncTable::Followups), 1200);
    assert_eq!(count(SyncTable::CustomerTags), 1200);
    assert_eq!(count(SyncTable::Tags), 1);
    store.verify_indexes().unwrap();

    // Undone: a tombstone for each, never a purge (not everyone's right on the server).
    store.undo_import(&rec.id, t(3)).unwrap();
    let after = store.outbox_pending(usize::MAX).unwrap();
    let undone = &after[ops.len()..];
    assert!(undone.iter().all(|o| matches!(o.kind, OpKind::Delete)));
    assert_eq!(
        undone
            .iter()
            .filter(|o| o.table == SyncTable::Customers)
            .count(),
        1200
    );
    store.verify_indexes().unwrap();
}
