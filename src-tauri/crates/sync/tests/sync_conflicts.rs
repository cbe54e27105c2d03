#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The conflict rules (sql/0005_conflicts.sql) between headless desktops on a real, throwaway
//! PostgreSQL (tests/support): one field edited on two machines, a deal edited on two machines,
//! a tag added on one and removed on the other.
mod support;

use chrono::{NaiveDate, Utc};
use rapport_core::model::{DealInput, HistoryChange, HistoryEvent, TimelineEntry};
use rapport_sync::{Op, Server, Table};
use serde_json::json;
use support::desk::*;

/// The customer's recorded changes, oldest first.
fn history(d: &Desk, id: &str) -> Vec<HistoryEvent> {
    let mut out: Vec<HistoryEvent> = d
        .store
        .timeline(id)
        .unwrap()
        .into_iter()
        .filter_map(|e| match e {
            TimelineEntry::Change(h) => Some(h),
            _ => None,
        })
        .collect();
    out.sort_by_key(|e| e.at);
    out
}

fn overwritten(d: &Desk, id: &str) -> Vec<(String, String, String, String)> {
    history(d, id)
        .into_iter()
        .filter_map(|e| match e.change {
            HistoryChange::Overwritten {
                field,
                lost,
                lost_by,
                kept_by,
            } => Some((field, lost, lost_by, kept_by)),
            _ => None,
        })
        .collect()
}

/// Both edit the company offline: the later push wins on both desktops, by the server's commit
/// order (no clock), and the value it overwrote is on both desktops' timelines, with who lost
/// it and who kept theirs. A field only one of them edited is merged as before.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_field_edited_on_both_has_one_winner_and_the_loser_in_both_histories() {
    let Some((cluster, pa, pb)) = team().await else {
        return;
    };
    let (a, b) = (Desk::new(), Desk::new());
    let (mut ea, mut eb) = (a.engine(&cluster, &pa), b.engine(&cluster, &pb));
    let id = a.add("同一字段");
    ea.sync_once().await.unwrap();
    eb.sync_once().await.unwrap();
    a.edit(&id, |f| {
        f.company = "A 写的".into();
        f.notes = "只有 A 改了备注".into();
    });
    b.edit(&id, |f| f.company = "B 写的".into());
    ea.sync_once().await.unwrap();
    eb.sync_once().await.unwrap();
    ea.sync_once().await.unwrap();
    for d in [&a, &b] {
        let c = d.get(&id);
        assert_eq!(c.fields.company, "B 写的", "the later commit wins");
        assert_eq!(c.fields.notes, "只有 A 改了备注", "the other field merged");
        assert_eq!(
            overwritten(d, &id),
            vec![(
                "company".to_string(),
                "A 写的".to_string(),
                "安 Ann".to_string(),
                "Bob".to_string()
            )],
            "one event: the loser, kept"
        );
    }
    assert_converged(&a, &b, std::slice::from_ref(&id));
}

/// A push the server committed but whose answer was lost is sent again: the op ids were
/// applied, so the overwritten values are recorded once; two fields lost in one op are two
/// events with ids of their own.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_retried_push_adds_no_second_history_event() {
    let Some((cluster, pa, pb)) = team().await else {
        return;
    };
    let ann = Server::connect(&cluster.config(&pa.login, &pa.password))
        .await
        .unwrap();
    let bob = Server::connect(&cluster.config(&pb.login, &pb.password))
        .await
        .unwrap();
    let id = ulid::Ulid::new().to_string();
    ann.push(&[Op::upsert(
        Table::Customers,
        &id,
        None,
        json!({"name": "重试", "company": "", "phone": ""}),
    )])
    .await
    .unwrap();
    ann.push(&[Op::upsert(
        Table::Customers,
        &id,
        None,
        json!({"company": "安的公司", "phone": "111"}),
    )
    .based_on(json!({"company": "", "phone": ""}))])
        .await
        .unwrap();
    let late = Op::upsert(
        Table::Customers,
        &id,
        None,
        json!({"company": "Bob 的公司", "phone": "222"}),
    )
    .based_on(json!({"company": "", "phone": ""}));
    let first = bob.push(std::slice::from_ref(&late)).await.unwrap();
    let again = bob.push(std::slice::from_ref(&late)).await.unwrap();
    assert_eq!(first, again, "the retry is answered with the same commit");
    let rows = bob
        .client()
        .query(
            "select id, data #>> '{change,field}', data #>> '{change,lost}' from rapport.history
              where customer_id = $1 order by 2",
            &[&id],
        )
        .await
        .unwrap();
    let got: Vec<(String, String, String)> = rows
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2)))
        .collect();
    assert_eq!(got.len(), 2, "{got:?}");
    assert_eq!(
        (got[0].1.as_str(), got[0].2.as_str()),
        ("company", "安的公司")
    );
    assert_eq!((got[1].1.as_str(), got[1].2.as_str()), ("phone", "111"));
    assert_eq!(
        got[0].0,
        late.op_id.to_string(),
        "the first event is the op's id"
    );
    assert_ne!(got[0].0, got[1].0);
    assert!(
        got[1].0.parse::<ulid::Ulid>().is_ok(),
        "a ULID: {}",
        got[1].0
    );
}

fn deal(amount: i64, notes: &str) -> DealInput {
    DealInput {
        date: NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
        amount,
        product_or_service: "年度服务".into(),
        payment_method: "offline".into(),
        notes: notes.into(),
        ..DealInput::default()
    }
}

/// Both edit a deal's amount offline: the server keeps the first push's version and stores the
/// second beside it; both desktops show the two versions; picking the other one on A syncs to
/// B as an ordinary edit, and the conflict is gone everywhere.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deal_edited_on_both_keeps_both_versions_until_a_person_picks() {
    let Some((cluster, pa, pb)) = team().await else {
        return;
    };
    let (a, b) = (Desk::new(), Desk::new());
    let (mut ea, mut eb) = (a.engine(&cluster, &pa), b.engine(&cluster, &pb));
    let id = a.add("成交冲突");
    let d = a
        .store
        .add_deal(&id, deal(100_000, ""), Utc::now(), &Utc)
        .unwrap()
        .deal;
    ea.sync_once().await.unwrap();
    eb.sync_once().await.unwrap();
    a.store
        .update_deal(&d.id, deal(120_000, "A 的价"), Utc::now(), &Utc)
        .unwrap();
    b.store
        .update_deal(&d.id, deal(90_000, "B 的价"), Utc::now(), &Utc)
        .unwrap();
    ea.sync_once().await.unwrap();
    eb.sync_once().await.unwrap();
    ea.sync_once().await.unwrap();
    for desk in [&a, &b] {
        let got = desk.store.get_deal(&d.id).unwrap();
        assert_eq!(got.amount, 120_000, "the server's first version stays");
        assert_eq!(got.notes, "A 的价");
        let other = got.conflict.expect("the other version beside it");
        assert_eq!(other.fields.amount, Some(90_000));
        assert_eq!(other.fields.notes.as_deref(), Some("B 的价"));
        assert_eq!(other.by, "Bob");
        desk.store.verify_indexes().unwrap();
    }
    let picked = a
        .store
        .resolve_deal_conflict(&d.id, true, Utc::now())
        .unwrap();
    assert_eq!((picked.amount, picked.conflict.is_none()), (90_000, true));
    ea.sync_once().await.unwrap();
    eb.sync_once().await.unwrap();
    for desk in [&a, &b] {
        let got = desk.store.get_deal(&d.id).unwrap();
        assert_eq!(
            (got.amount, got.notes.as_str(), got.conflict.is_none()),
            (90_000, "B 的价", true)
        );
        desk.store.verify_indexes().unwrap();
    }
}

/// A deal edited on one desktop only is no conflict, and a deal whose two edits agree is none.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deal_edited_once_or_alike_is_no_conflict() {
    let Some((cluster, pa, pb)) = team().await else {
        return;
    };
    let (a, b) = (Desk::new(), Desk::new());
    let (mut ea, mut eb) = (a.engine(&cluster, &pa), b.engine(&cluster, &pb));
    let id = a.add("成交无冲突");
    let d = a
        .store
        .add_deal(&id, deal(100_000, ""), Utc::now(), &Utc)
        .unwrap()
        .deal;
    ea.sync_once().await.unwrap();
    eb.sync_once().await.unwrap();
    a.store
        .update_deal(&d.id, deal(130_000, "一样"), Utc::now(), &Utc)
        .unwrap();
    ea.sync_once().await.unwrap();
    eb.sync_once().await.unwrap();
    b.store
        .update_deal(&d.id, deal(130_000, "一样"), Utc::now(), &Utc)
        .unwrap();
    a.store
        .update_deal(&d.id, deal(130_000, "一样"), Utc::now(), &Utc)
        .unwrap();
    eb.sync_once().await.unwrap();
    ea.sync_once().await.unwrap();
    for desk in [&a, &b] {
        let got = desk.store.get_deal(&d.id).unwrap();
        assert_eq!((got.amount, got.conflict), (130_000, None));
    }
}

/// Both carry the tag 重点. A removes it and adds it back; B removes it (both offline); A's
/// re-add reaches the server first: the tag stays on both desktops. A removal nobody overtook
/// still removes.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_tag_added_on_one_machine_and_removed_on_another_stays_added() {
    let Some((cluster, pa, pb)) = team().await else {
        return;
    };
    let (a, b) = (Desk::new(), Desk::new());
    let (mut ea, mut eb) = (a.engine(&cluster, &pa), b.engine(&cluster, &pb));
    let first = a.add("标签先推");
    let plain = a.add("只删不加");
    for id in [&first, &plain] {
        a.set_tags(id, &["重点"]);
    }
    ea.sync_once().await.unwrap();
    eb.sync_once().await.unwrap();
    assert_eq!(b.tags(&first), vec!["重点"]);
    a.set_tags(&first, &[]);
    a.set_tags(&first, &["重点"]);
    b.set_tags(&first, &[]);
    b.set_tags(&plain, &[]);
    // A's re-add reaches the server before B's removal.
    ea.sync_once().await.unwrap();
    eb.sync_once().await.unwrap();
    ea.sync_once().await.unwrap();
    eb.sync_once().await.unwrap();
    for d in [&a, &b] {
        assert_eq!(d.tags(&first), vec!["重点"], "re-add pushed first");
        assert_eq!(d.tags(&plain), Vec::<String>::new(), "a plain removal");
    }
    assert_converged(&a, &b, &[first, plain]);
}

/// The other order: B's removal reaches the server first, A's re-add (made offline, before it
/// pulled the removal) comes after it and brings the tag back on both.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_re_add_pushed_after_the_removal_also_stays() {
    let Some((cluster, pa, pb)) = team().await else {
        return;
    };
    let (a, b) = (Desk::new(), Desk::new());
    let (mut ea, mut eb) = (a.engine(&cluster, &pa), b.engine(&cluster, &pb));
    let id = a.add("标签顺序");
    a.set_tags(&id, &["重点"]);
    ea.sync_once().await.unwrap();
    eb.sync_once().await.unwrap();
    a.set_tags(&id, &[]);
    a.set_tags(&id, &["重点"]);
    b.set_tags(&id, &[]);
    eb.sync_once().await.unwrap();
    ea.sync_once().await.unwrap();
    eb.sync_once().await.unwrap();
    for d in [&a, &b] {
        assert_eq!(d.tags(&id), vec!["重点"]);
    }
    assert_converged(&a, &b, &[id]);
}

/// The rule under row-level security: a salesperson's push that overwrites a manager's edit of
/// her customer records the event (who lost: from the audit trail, which she cannot read
/// herself), and another salesperson cannot ask who wrote a field of a customer not his.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_salesperson_overwriting_a_managers_edit_records_it_and_others_learn_nothing() {
    let Some(cluster) = support::TestCluster::start() else {
        return;
    };
    let mut boss = cluster.empty_team_db().await;
    boss.install("老板 Boss").await.unwrap();
    let login = |p: &rapport_sync::NewPerson| cluster.config(&p.login, &p.password);
    let ann = boss
        .add_person("安 Ann", rapport_sync::Role::Salesperson)
        .await
        .unwrap();
    let bob = boss
        .add_person("Bob", rapport_sync::Role::Salesperson)
        .await
        .unwrap();
    let max = boss
        .add_person("Max", rapport_sync::Role::Manager)
        .await
        .unwrap();
    let (mut ann, bob, max) = (
        Server::connect(&login(&ann)).await.unwrap(),
        Server::connect(&login(&bob)).await.unwrap(),
        Server::connect(&login(&max)).await.unwrap(),
    );
    let id = ulid::Ulid::new().to_string();
    ann.push(&[Op::upsert(
        Table::Customers,
        &id,
        None,
        json!({"name": "安的客户", "company": ""}),
    )])
    .await
    .unwrap();
    max.push(&[
        Op::upsert(Table::Customers, &id, None, json!({"company": "经理写的"}))
            .based_on(json!({"company": ""})),
    ])
    .await
    .unwrap();
    ann.push(&[
        Op::upsert(Table::Customers, &id, None, json!({"company": "安写的"}))
            .based_on(json!({"company": ""})),
    ])
    .await
    .unwrap();
    let events: Vec<_> = ann
        .changes_since(0)
        .await
        .unwrap()
        .rows
        .into_iter()
        .filter(|c| c.table == Table::History)
        .map(|c| c.data["change"].clone())
        .collect();
    assert_eq!(
        events,
        vec![
            json!({"type": "overwritten", "field": "company", "lost": "经理写的",
                     "lostBy": "Max", "keptBy": "安 Ann"})
        ]
    );
    let asked: Option<String> = bob
        .client()
        .query_one("select rapport.field_writer($1, 'company')", &[&id])
        .await
        .unwrap()
        .get(0);
    assert_eq!(asked, None, "not Bob's customer");
}
