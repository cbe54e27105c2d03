#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Assigning customers from the app, between real desktops (sled team books, sync engines, a
//! throwaway PostgreSQL): the owner a book shows is always the person the server's `owner`
//! column names; an assignment goes through the running engine (`EngineHandle`); the books of
//! the people concerned raise notices — a customer assigned to me, one of mine reassigned
//! away, a follow-up a colleague scheduled for me — never for my own changes nor in a first
//! sync; a salesperson's assignment is refused by the server.
mod support;

use chrono::Utc;
use rapport_core::model::{FollowUpInput, TeamNotice, TeamNoticeKind};
use rapport_sync::SyncError;
use support::desk::*;
use support::team::sales_team;

fn kinds(n: &[TeamNotice]) -> Vec<TeamNoticeKind> {
    n.iter().map(|n| n.kind).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_assignment_through_the_running_engine_reaches_the_new_owner_with_a_notice() {
    let Some(t) = sales_team().await else {
        return;
    };
    let (m, b) = (Desk::new(), Desk::new());
    let mut eb = b.engine(&t.cluster, &t.bob);
    // Bob's first sync: nothing of it is news.
    eb.sync_once().await.unwrap();
    assert!(b.store.take_team_notices().unwrap().is_empty());

    // The manager's engine runs as in the app; the new-customer form creates the customer and
    // assigns it at once, before any round pushed it.
    let em = m.engine(&t.cluster, &t.manager);
    let handle = em.handle();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let running = tokio::spawn(em.run(async {
        let _ = stopped.await;
    }));
    let id = m.add("华南物流");
    handle.assign(&id, Some(&t.bob.id)).await.unwrap();
    assert_eq!(
        m.get(&id).fields.owner,
        "Bob",
        "the manager's book names the owner"
    );

    eb.sync_once().await.unwrap();
    assert_eq!(b.get(&id).fields.owner, "Bob");
    let notices = b.store.take_team_notices().unwrap();
    assert_eq!(
        notices,
        vec![TeamNotice {
            kind: TeamNoticeKind::Assigned,
            customer_id: id.clone(),
            customer: "华南物流".into(),
            by: "经理 Mia".into(),
            to: "Bob".into(),
        }]
    );
    assert!(
        b.store.take_team_notices().unwrap().is_empty(),
        "shown once"
    );
    assert!(
        m.store.take_team_notices().unwrap().is_empty(),
        "no notice for my own assignment"
    );
    // The people came with the pull, offline-ready for the owner picker.
    let people = b.store.team_people().unwrap();
    assert_eq!(people.me.as_deref(), Some(t.bob.id.as_str()));
    assert_eq!(people.my_name(), Some("Bob"));
    assert_eq!(people.people.len(), 4);
    assert!(!people.i_manage());
    assert!(m.store.team_people().unwrap().i_manage());

    let _ = stop.send(());
    running.await.unwrap();
    // A stopped engine answers as away, not with a hang.
    let late = handle.assign(&id, None).await.unwrap_err();
    assert!(late.is_offline(), "{late:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_salespersons_assignment_is_refused_and_changes_nothing() {
    let Some(t) = sales_team().await else {
        return;
    };
    let a = Desk::new();
    let mut ea = a.engine(&t.cluster, &t.ann);
    let id = a.add("安的客户");
    ea.sync_once().await.unwrap();
    let refused = ea.assign(&id, Some(&t.bob.id)).await.unwrap_err();
    assert!(
        matches!(refused, SyncError::NotAllowed { .. }),
        "{refused:?}"
    );
    ea.sync_once().await.unwrap();
    assert_eq!(a.get(&id).fields.owner, "安 Ann", "still hers, by name");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reassigning_away_and_a_colleagues_follow_up_for_me_raise_notices() {
    let Some(t) = sales_team().await else {
        return;
    };
    let (m, a, b) = (Desk::new(), Desk::new(), Desk::new());
    let mut em = m.engine(&t.cluster, &t.manager);
    let mut ea = a.engine(&t.cluster, &t.ann);
    let mut eb = b.engine(&t.cluster, &t.bob);
    let id = b.add("鸿运五金");
    eb.sync_once().await.unwrap();
    ea.sync_once().await.unwrap();
    em.sync_once().await.unwrap();
    assert_eq!(m.get(&id).fields.owner, "Bob", "owner column → name");

    // The manager logs a follow-up whose next step is Bob's.
    let input = FollowUpInput {
        at: Utc::now(),
        method: "phone".into(),
        topic: "回访".into(),
        by: "经理 Mia".into(),
        next_by: "Bob".into(),
        next_at: Some(Utc::now() + chrono::Duration::days(2)),
        ..Default::default()
    };
    m.store.log_follow_up(&id, input, Utc::now(), &Utc).unwrap();
    em.sync_once().await.unwrap();
    eb.sync_once().await.unwrap();
    let n = b.store.take_team_notices().unwrap();
    assert_eq!(kinds(&n), vec![TeamNoticeKind::Scheduled]);
    assert_eq!(
        (n[0].by.as_str(), n[0].customer.as_str()),
        ("经理 Mia", "鸿运五金")
    );

    // Bob's own follow-ups are no news to him.
    let mine = FollowUpInput {
        at: Utc::now(),
        method: "phone".into(),
        topic: "自己的".into(),
        by: "Bob".into(),
        next_by: "Bob".into(),
        next_at: Some(Utc::now() + chrono::Duration::days(3)),
        ..Default::default()
    };
    b.store.log_follow_up(&id, mine, Utc::now(), &Utc).unwrap();
    eb.sync_once().await.unwrap();
    assert!(b.store.take_team_notices().unwrap().is_empty());

    // Given to Ann: it leaves Bob's book with a notice there, and reaches Ann's with one.
    em.assign(&id, Some(&t.ann.id)).await.unwrap();
    eb.sync_once().await.unwrap();
    assert!(b.store.get_customer(&id).is_err());
    let n = b.store.take_team_notices().unwrap();
    assert_eq!(kinds(&n), vec![TeamNoticeKind::ReassignedAway]);
    assert_eq!(n[0].customer, "鸿运五金");
    ea.sync_once().await.unwrap();
    let n = a.store.take_team_notices().unwrap();
    assert_eq!(kinds(&n), vec![TeamNoticeKind::Assigned]);
    assert_eq!(a.get(&id).fields.owner, "安 Ann");

    // The manager takes it back for himself: Ann's notice names him as the new owner... she
    // cannot see it any more, so hers says only that it went; a manager's book names him.
    em.assign(&id, Some(&t.manager.id)).await.unwrap();
    ea.sync_once().await.unwrap();
    assert_eq!(
        kinds(&a.store.take_team_notices().unwrap()),
        vec![TeamNoticeKind::ReassignedAway]
    );
    assert!(
        m.store.take_team_notices().unwrap().is_empty(),
        "his own doing"
    );
    assert_eq!(m.get(&id).fields.owner, "经理 Mia");

    // A claim from the pool is the claimer's own doing: no notice.
    em.assign(&id, None).await.unwrap();
    assert_eq!(m.get(&id).fields.owner, "", "the pool has no owner");
    ea.sync_once().await.unwrap();
    ea.claim(&id).await.unwrap();
    assert!(a.store.take_team_notices().unwrap().is_empty());
    assert_eq!(a.get(&id).fields.owner, "安 Ann");
    for d in [&m, &a, &b] {
        d.store.verify_indexes().unwrap();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_first_sync_raises_no_notices() {
    let Some(t) = sales_team().await else {
        return;
    };
    let m = Desk::new();
    let mut em = m.engine(&t.cluster, &t.manager);
    let id = m.add("早就分好的");
    em.sync_once().await.unwrap();
    em.assign(&id, Some(&t.bob.id)).await.unwrap();
    let b = Desk::new();
    let mut eb = b.engine(&t.cluster, &t.bob);
    eb.sync_once().await.unwrap();
    assert_eq!(b.get(&id).fields.owner, "Bob");
    assert!(b.store.take_team_notices().unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_a_team_book_what_i_log_is_credited_to_my_team_name_not_the_owner() {
    let Some(t) = sales_team().await else {
        return;
    };
    let (m, b) = (Desk::new(), Desk::new());
    let mut em = m.engine(&t.cluster, &t.manager);
    let mut eb = b.engine(&t.cluster, &t.bob);
    let id = b.add("鸿运五金");
    eb.sync_once().await.unwrap();
    em.sync_once().await.unwrap();
    // No 我是 set on the manager's computer: the follow-up is his, not the owner Bob's.
    let input = FollowUpInput {
        at: Utc::now(),
        method: "phone".into(),
        topic: "经理回访".into(),
        content: "聊了价格".into(),
        done: true,
        ..Default::default()
    };
    let f = m.store.log_follow_up(&id, input, Utc::now(), &Utc).unwrap();
    assert_eq!(f.by, "经理 Mia");
    em.sync_once().await.unwrap();
    eb.sync_once().await.unwrap();
    assert_eq!(
        b.store.get_follow_up(&f.id).unwrap().by,
        "经理 Mia",
        "Bob's timeline names him"
    );
}
