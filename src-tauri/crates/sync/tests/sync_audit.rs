#![allow(clippy::unwrap_used, clippy::expect_used)]
//! A customer's audit read from a real, throwaway PostgreSQL (sql/0009,
//! `Server::customer_audit`): who changed which field, old → new, for the customer and its
//! records; a salesperson reads only the audit of customers they may see, a manager all; and
//! a deal edited on two desktops is listed for a decision until a person picks a version.
mod support;

use chrono::{NaiveDate, Utc};
use rapport_core::model::{AuditEntry, DealInput, TaskInput, TaskPatch};
use support::desk::*;
use support::team::{login, sales_team};

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

fn find<'a>(entries: &'a [AuditEntry], table: &str, field: Option<&str>) -> Vec<&'a AuditEntry> {
    entries
        .iter()
        .filter(|e| e.table == table && e.field.as_deref() == field)
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_customers_audit_names_who_changed_what_and_only_its_viewers_read_it() {
    let Some(t) = sales_team().await else {
        return;
    };
    let (a, b) = (Desk::new(), Desk::new());
    let (mut ea, mut eb) = (a.engine(&t.cluster, &t.ann), b.engine(&t.cluster, &t.bob));
    let ann_s = a.add("华东贸易");
    ea.sync_once().await.unwrap();
    a.edit(&ann_s, |f| f.company = "华东贸易有限公司".into());
    let d = a
        .store
        .add_deal(&ann_s, deal(100_000, ""), Utc::now(), &Utc)
        .unwrap()
        .deal;
    a.set_tags(&ann_s, &["重点"]);
    let task = TaskInput {
        title: "寄样品".into(),
        due: Utc::now(),
        assignee: String::new(),
    };
    let task = a.store.add_task(&ann_s, task, Utc::now()).unwrap();
    ea.sync_once().await.unwrap();
    let done = TaskPatch {
        done: Some(true),
        ..Default::default()
    };
    a.store.update_task(&task.id, done, Utc::now()).unwrap();
    let round = ea.sync_once().await.unwrap();
    assert_eq!(round.refused, 0, "{round:?}");
    let bob_s = b.add("鲍勃的客户");
    eb.sync_once().await.unwrap();

    let ann = login(&t, &t.ann).await;
    let page = ann.customer_audit(&ann_s, None, 200).await.unwrap();
    assert!(!page.more);
    let e = &page.entries;
    assert!(e.windows(2).all(|w| w[0].id > w[1].id), "newest first");
    let created = find(e, "customers", None);
    assert_eq!(created.len(), 1, "{e:#?}");
    assert_eq!(
        (created[0].action.as_str(), created[0].who.as_str()),
        ("created", "安 Ann")
    );
    let company = find(e, "customers", Some("company"));
    assert_eq!(company.len(), 1, "{e:#?}");
    assert_eq!(
        (
            company[0].action.as_str(),
            company[0].old.as_deref(),
            company[0].new.as_deref()
        ),
        ("changed", None, Some("华东贸易有限公司"))
    );
    let added = find(e, "deals", None);
    assert_eq!(added.len(), 1, "{e:#?}");
    assert_eq!(
        (added.len(), added[0].record_id.as_str()),
        (1, d.id.as_str())
    );
    assert!(
        added[0].new.as_deref().unwrap().contains("100000"),
        "{:?}",
        added[0].new
    );
    // Its stage tasks too: the one added, then ticked.
    let tasks = find(e, "tasks", None);
    assert_eq!(tasks.len(), 1, "{e:#?}");
    assert_eq!(tasks[0].record_id, task.id);
    assert_eq!(find(e, "tasks", Some("doneAt")).len(), 1, "{e:#?}");
    let tag = find(e, "customer_tags", Some("tag"));
    assert_eq!(tag.len(), 1, "{e:#?}");
    assert_eq!(tag[0].new.as_deref(), Some("重点"), "by its name: {e:#?}");
    assert!(
        e.iter().all(|x| x.field.as_deref() != Some("updatedAt")),
        "no stamp noise"
    );

    // Paged: the newest two, then what is older than the last of them.
    let first = ann.customer_audit(&ann_s, None, 2).await.unwrap();
    assert!(first.more && first.entries.len() == 2);
    let rest = ann
        .customer_audit(&ann_s, Some(first.entries[1].id), 200)
        .await
        .unwrap();
    assert_eq!(first.entries.len() + rest.entries.len(), e.len());

    // Row-level security: Bob reads nothing of Ann's customer, nor the audit table itself.
    let bob = login(&t, &t.bob).await;
    assert!(bob
        .customer_audit(&ann_s, None, 200)
        .await
        .unwrap()
        .entries
        .is_empty());
    assert!(!bob
        .customer_audit(&bob_s, None, 200)
        .await
        .unwrap()
        .entries
        .is_empty());
    assert!(ann
        .customer_audit(&bob_s, None, 200)
        .await
        .unwrap()
        .entries
        .is_empty());
    let direct = bob
        .client()
        .query("select * from rapport.audit", &[])
        .await
        .expect_err("the audit table stays closed to a salesperson");
    assert_eq!(direct.as_db_error().map(|e| e.code().code()), Some("42501"));
    // The manager sees the team's customers, so their audit too.
    let mia = login(&t, &t.manager).await;
    assert_eq!(
        mia.customer_audit(&ann_s, None, 200)
            .await
            .unwrap()
            .entries
            .len(),
        e.len()
    );
    // An unknown customer is no error, just nothing.
    assert!(mia
        .customer_audit("nope", None, 200)
        .await
        .unwrap()
        .entries
        .is_empty());
}

/// Two desktops edit one deal offline: the conflict is listed on both for a decision, one
/// keeps a version, and after a round each both replicas hold the same deal and list nothing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deal_conflict_is_listed_until_one_desktop_keeps_a_version() {
    let Some(t) = sales_team().await else {
        return;
    };
    let (m, a) = (Desk::new(), Desk::new());
    let (mut em, mut ea) = (
        m.engine(&t.cluster, &t.manager),
        a.engine(&t.cluster, &t.ann),
    );
    let id = a.add("成交冲突");
    let d = a
        .store
        .add_deal(&id, deal(100_000, ""), Utc::now(), &Utc)
        .unwrap()
        .deal;
    ea.sync_once().await.unwrap();
    em.sync_once().await.unwrap();
    a.store
        .update_deal(&d.id, deal(120_000, "安的价"), Utc::now(), &Utc)
        .unwrap();
    m.store
        .update_deal(&d.id, deal(90_000, "经理的价"), Utc::now(), &Utc)
        .unwrap();
    ea.sync_once().await.unwrap();
    em.sync_once().await.unwrap();
    ea.sync_once().await.unwrap();
    for desk in [&a, &m] {
        let listed = desk.store.deal_conflicts().unwrap();
        assert_eq!(listed.len(), 1, "one deal needs a decision");
        assert_eq!(listed[0].customer_name, "成交冲突");
        assert_eq!(listed[0].deal.conflict.as_ref().unwrap().by, "经理 Mia");
    }
    // Ann keeps her own version (the one the server had first).
    a.store
        .resolve_deal_conflict(&d.id, false, Utc::now())
        .unwrap();
    ea.sync_once().await.unwrap();
    em.sync_once().await.unwrap();
    let (da, dm) = (
        a.store.get_deal(&d.id).unwrap(),
        m.store.get_deal(&d.id).unwrap(),
    );
    assert_eq!(da, dm, "both replicas equal");
    assert_eq!(
        (da.amount, da.notes.as_str(), da.conflict),
        (120_000, "安的价", None)
    );
    assert!(a.store.deal_conflicts().unwrap().is_empty());
    assert!(m.store.deal_conflicts().unwrap().is_empty());
    // The decision is in the audit: the deal's conflict cleared, by Ann.
    let ann = login(&t, &t.ann).await;
    let page = ann.customer_audit(&id, None, 200).await.unwrap();
    let cleared = find(&page.entries, "deals", Some("conflict"));
    assert!(
        cleared
            .iter()
            .any(|e| e.who == "安 Ann" && e.new.is_none() && e.old.is_some()),
        "{:#?}",
        page.entries
    );
}
