#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Stage tasks (阶段任务) through the team server: a task made on a salesperson's desktop is on
//! the manager's agenda after a sync, the manager's tick reaches the salesperson, another
//! salesperson never sees it (row-level security, probed from outside the app too), and a
//! reassignment takes the customer's tasks to the new owner; on a team book from before tasks
//! were shared they wait in the outbox until the admin's Rapport upgrades it. Real sync engines over real sled
//! books and a throwaway PostgreSQL.
mod support;

use chrono::{Duration, Utc};
use rapport_core::model::{AgendaQuery, TaskInput, TaskPatch};
use rapport_sync::{Role, SCHEMA_VERSION};
use support::desk::*;
use support::team::{login, sales_team};

fn open_tasks(d: &Desk) -> Vec<String> {
    d.store
        .agenda(&AgendaQuery::default(), Utc::now(), &Utc)
        .unwrap()
        .tasks
        .items
        .into_iter()
        .map(|t| t.title)
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_task_made_on_one_desktop_is_on_the_managers_agenda_and_the_tick_comes_back() {
    let Some(t) = sales_team().await else {
        return;
    };
    let (a, b, m) = (Desk::new(), Desk::new(), Desk::new());
    let mut ea = a.engine(&t.cluster, &t.ann);
    let mut eb = b.engine(&t.cluster, &t.bob);
    let mut em = m.engine(&t.cluster, &t.manager);
    let cid = a.add("华东贸易");
    let due = Utc::now() - Duration::hours(1);
    // Ann's to do, by her name on the team (what her desktop's 我是 holds).
    let input = |title: &str| TaskInput {
        title: title.into(),
        due,
        assignee: "安 Ann".into(),
    };
    let made = a.store.add_task(&cid, input("寄样品"), Utc::now()).unwrap();
    a.store.add_task(&cid, input("报价"), Utc::now()).unwrap();
    ea.sync_once().await.unwrap();

    em.sync_once().await.unwrap();
    let on_m = m.store.customer_tasks(&cid).unwrap();
    assert_eq!(on_m.len(), 2, "both tasks reached the manager");
    let pulled = on_m.iter().find(|x| x.id == made.id).unwrap();
    assert_eq!(pulled, &made, "the same task, field for field");
    let mut due_on_m = open_tasks(&m);
    due_on_m.sort();
    assert_eq!(due_on_m, vec!["寄样品".to_owned(), "报价".to_owned()]);

    // Another salesperson sees none of it, in the app or logged in to the server directly.
    eb.sync_once().await.unwrap();
    assert!(b.store.customer_tasks(&cid).unwrap().is_empty());
    assert!(open_tasks(&b).is_empty());
    let bob = login(&t, &t.bob).await;
    let seen: i64 = bob
        .client()
        .query_one("select count(*) from rapport.tasks", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(seen, 0, "row-level security hides Ann's tasks from Bob");
    let touched = bob
        .client()
        .execute(
            "update rapport.tasks set data = data || '{\"title\": \"x\"}'",
            &[],
        )
        .await
        .unwrap();
    assert_eq!(touched, 0);

    // The manager ticks one: it leaves Ann's agenda at her next sync.
    let patch = TaskPatch {
        done: Some(true),
        ..Default::default()
    };
    m.store.update_task(&made.id, patch, Utc::now()).unwrap();
    em.sync_once().await.unwrap();
    ea.sync_once().await.unwrap();
    let on_a = a.store.customer_tasks(&cid).unwrap();
    let ticked = on_a.iter().find(|x| x.id == made.id).unwrap();
    assert!(ticked.done_at.is_some(), "the tick came back");
    assert_eq!(open_tasks(&a), vec!["报价".to_owned()]);

    // Reassigned to Bob: the customer's tasks go with it.
    m.engine(&t.cluster, &t.manager)
        .assign(&cid, Some(&t.bob.id))
        .await
        .unwrap();
    eb.sync_once().await.unwrap();
    let on_b = b.store.customer_tasks(&cid).unwrap();
    assert_eq!(on_b.len(), 2);
    assert_eq!(open_tasks(&b), vec!["报价".to_owned()]);
    // The open task was Ann's to do and is Bob's now; the ticked one stays Ann's.
    let assignee = |done: bool| {
        let task = on_b.iter().find(|x| x.done_at.is_some() == done).unwrap();
        task.assignee.clone()
    };
    assert_eq!(assignee(false), "Bob");
    assert_eq!(assignee(true), "安 Ann");
    for d in [&a, &b, &m] {
        d.store.verify_indexes().unwrap();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sharing_a_book_uploads_its_tasks() {
    let Some(t) = sales_team().await else {
        return;
    };
    let (a, m) = (Desk::personal(), Desk::new());
    let cid = a.add("老客户");
    let input = TaskInput {
        title: "回访".into(),
        due: Utc::now() + Duration::days(2),
        assignee: String::new(),
    };
    let task = a.store.add_task(&cid, input, Utc::now()).unwrap();
    let mut ea = a.engine(&t.cluster, &t.ann);
    ea.share_book().await.unwrap();
    ea.sync_once().await.unwrap();
    m.engine(&t.cluster, &t.manager).sync_once().await.unwrap();
    assert_eq!(m.store.customer_tasks(&cid).unwrap(), vec![task]);
    m.store.verify_indexes().unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_a_team_book_without_tasks_they_wait_until_the_admins_rapport_upgrades_it() {
    let Some(cluster) = support::TestCluster::start() else {
        return;
    };
    let mut boss = cluster.empty_team_db().await;
    let before = boss.install_at("老板 Boss", 12).await.unwrap();
    assert_eq!(
        before.version, 12,
        "a team book from before tasks were shared"
    );
    let ann = boss.add_person("安 Ann", Role::Salesperson).await.unwrap();
    let mia = boss.add_person("经理 Mia", Role::Manager).await.unwrap();
    let (a, m, b) = (Desk::new(), Desk::new(), Desk::new());
    let mut ea = a.engine(&cluster, &ann);
    let mut em = m.engine(&cluster, &mia);
    let cid = a.add("华东贸易");
    let input = TaskInput {
        title: "寄样品".into(),
        due: Utc::now() + Duration::days(1),
        assignee: String::new(),
    };
    let task = a.store.add_task(&cid, input, Utc::now()).unwrap();

    // The customer goes up; the task waits in the outbox (not refused, not set aside).
    let round = ea.sync_once().await.unwrap();
    assert_eq!(round.refused, 0);
    assert_eq!(a.store.outbox_len(), 1, "the task's op waits");
    em.sync_once().await.unwrap();
    assert_eq!(m.ids(), vec![cid.clone()]);
    assert!(m.store.customer_tasks(&cid).unwrap().is_empty());

    // The admin's Rapport connects: the team book is upgraded, and the task follows.
    let mut eb = b.engine_as(&cluster, "boss", "boss-pw");
    eb.sync_once().await.unwrap();
    assert_eq!(boss.check_schema().await.unwrap().version, SCHEMA_VERSION);
    ea.sync_once().await.unwrap();
    assert_eq!(a.store.outbox_len(), 0);
    em.sync_once().await.unwrap();
    assert_eq!(m.store.customer_tasks(&cid).unwrap(), vec![task]);
    m.store.verify_indexes().unwrap();
}
