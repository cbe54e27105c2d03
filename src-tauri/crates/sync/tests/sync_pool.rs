#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The shared pool (公海) on a real PostgreSQL (sql/0010_pool.sql): of two salespeople claiming
//! one customer at once exactly one gets it and the other is told, with nothing changed; the
//! role probe tells each login who it is; a manager's rule returns idle customers to the pool,
//! and a salesperson can neither set nor run it. Every replica shows the server's owner by name.
mod support;

use chrono::Utc;
use rapport_core::model::FollowUpInput;
use rapport_sync::{Person, Role, Server, ServerConfig, SyncError};
use support::desk::*;
use support::team::{login, sales_team, Team};
use support::DATABASE;

/// The cluster's superuser on the team database (bypasses row-level security: test set-up only).
async fn root(t: &Team) -> Server {
    let config = ServerConfig {
        database: DATABASE.into(),
        ..t.cluster.superuser()
    };
    Server::connect(&config).await.unwrap()
}

/// A customer the manager created and gave to the pool, pulled by every desk given.
async fn pooled_customer(t: &Team, m: &Desk, name: &str) -> String {
    let mut em = m.engine(&t.cluster, &t.manager);
    let id = m.add(name);
    em.sync_once().await.unwrap();
    em.assign(&id, None).await.unwrap();
    id
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn of_two_salespeople_claiming_at_once_exactly_one_gets_the_customer() {
    let Some(t) = sales_team().await else {
        return;
    };
    let (m, a, b) = (Desk::new(), Desk::new(), Desk::new());
    let pooled = pooled_customer(&t, &m, "抢手客户").await;
    let (mut ea, mut eb) = (a.engine(&t.cluster, &t.ann), b.engine(&t.cluster, &t.bob));
    ea.sync_once().await.unwrap();
    eb.sync_once().await.unwrap();
    assert_eq!(a.get(&pooled).fields.owner, "", "in the pool: no owner");

    let (sa, sb) = (login(&t, &t.ann).await, login(&t, &t.bob).await);
    let (ra, rb) = tokio::join!(sa.claim(&pooled), sb.claim(&pooled));
    let (winner, loser, loser_err) = match (ra, rb) {
        (Ok(_), Err(e)) => (&t.ann, &t.bob, e),
        (Err(e), Ok(_)) => (&t.bob, &t.ann, e),
        other => panic!("exactly one claim must win: {other:?}"),
    };
    assert_eq!(loser_err, SyncError::NotInPool);
    assert!(loser_err.to_string().contains("同事"), "{loser_err}");
    let _ = loser;

    // Every replica shows the winner's name as the owner; the loser's book drops it.
    let mut em = m.engine(&t.cluster, &t.manager);
    em.sync_once().await.unwrap();
    let winner_name = if winner.id == t.ann.id {
        "安 Ann"
    } else {
        "Bob"
    };
    assert_eq!(m.get(&pooled).fields.owner, winner_name);
    ea.sync_once().await.unwrap();
    eb.sync_once().await.unwrap();
    let (win_desk, lose_desk) = if winner.id == t.ann.id {
        (&a, &b)
    } else {
        (&b, &a)
    };
    assert_eq!(win_desk.get(&pooled).fields.owner, winner_name);
    assert!(lose_desk.store.get_customer(&pooled).is_err());

    // Claiming a colleague's customer again is refused the same way, nothing changed.
    let again = login(&t, loser).await.claim(&pooled).await.unwrap_err();
    assert_eq!(again, SyncError::NotInPool);
    em.sync_once().await.unwrap();
    assert_eq!(m.get(&pooled).fields.owner, winner_name);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_role_probe_tells_each_login_who_it_is() {
    let Some(t) = sales_team().await else {
        return;
    };
    let who = login(&t, &t.ann).await.whoami().await.unwrap();
    assert_eq!(
        who,
        Some(Person {
            id: t.ann.id.clone(),
            name: "安 Ann".into(),
            role: Role::Salesperson
        })
    );
    let who = login(&t, &t.manager).await.whoami().await.unwrap().unwrap();
    assert_eq!((who.name.as_str(), who.role), ("经理 Mia", Role::Manager));
    let boss = Server::connect(&t.cluster.config("boss", "boss-pw"))
        .await
        .unwrap();
    assert_eq!(boss.whoami().await.unwrap().unwrap().role, Role::Admin);
    // The superuser is no one in the team.
    assert_eq!(root(&t).await.whoami().await.unwrap(), None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_managers_rule_returns_idle_customers_to_the_pool_and_a_salesperson_cannot_touch_it() {
    let Some(t) = sales_team().await else {
        return;
    };
    let (m, a) = (Desk::new(), Desk::new());
    let mut ea = a.engine(&t.cluster, &t.ann);
    let idle = a.add("久未跟进");
    let busy = a.add("最近跟进过");
    let input = FollowUpInput {
        at: Utc::now(),
        method: "phone".into(),
        topic: "回访".into(),
        ..Default::default()
    };
    a.store
        .log_follow_up(&busy, input, Utc::now(), &Utc)
        .unwrap();
    ea.sync_once().await.unwrap();
    // Both have been Ann's for 40 days (set-up only: the superuser moves the clock back).
    root(&t)
        .await
        .client()
        .execute(
            "update rapport.customers set owned_since = now() - interval '40 days'",
            &[],
        )
        .await
        .unwrap();

    let (sa, sm) = (login(&t, &t.ann).await, login(&t, &t.manager).await);
    assert_eq!(sm.pool_return_days().await.unwrap(), None, "off by default");
    assert_eq!(
        sm.return_idle_to_pool().await.unwrap(),
        0,
        "off: nobody moves"
    );

    // A salesperson may neither set the rule nor run it.
    assert!(matches!(
        sa.set_pool_return_days(Some(1)).await,
        Err(SyncError::NotAllowed { .. })
    ));
    assert!(matches!(
        sa.return_idle_to_pool().await,
        Err(SyncError::NotAllowed { .. })
    ));
    assert!(matches!(
        sm.set_pool_return_days(Some(0)).await,
        Err(SyncError::InvalidOp { .. })
    ));
    assert_eq!(sa.pool_return_days().await.unwrap(), None);

    sm.set_pool_return_days(Some(30)).await.unwrap();
    assert_eq!(
        sa.pool_return_days().await.unwrap(),
        Some(30),
        "everyone reads it"
    );
    assert_eq!(sm.return_idle_to_pool().await.unwrap(), 1);
    assert_eq!(sm.return_idle_to_pool().await.unwrap(), 0, "once is enough");

    // The idle one is in the pool in every book; the busy one stays Ann's.
    let mut em = m.engine(&t.cluster, &t.manager);
    em.sync_once().await.unwrap();
    ea.sync_once().await.unwrap();
    for d in [&m, &a] {
        assert_eq!(d.get(&idle).fields.owner, "");
        assert_eq!(d.get(&busy).fields.owner, "安 Ann");
    }
    // Ann may claim it back; it is then not idle (its owner is new).
    sa.claim(&idle).await.unwrap();
    assert_eq!(sm.return_idle_to_pool().await.unwrap(), 0);
    sm.set_pool_return_days(None).await.unwrap();
    assert_eq!(sa.pool_return_days().await.unwrap(), None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_managers_dashboard_counts_each_persons_work_across_the_team() {
    let Some(t) = sales_team().await else {
        return;
    };
    let (m, a, b) = (Desk::new(), Desk::new(), Desk::new());
    let (mut ea, mut eb) = (a.engine(&t.cluster, &t.ann), b.engine(&t.cluster, &t.bob));
    // 跟进人 is each person's 我是 (the form's default), their name in the team.
    let log = |d: &Desk, customer: &str, by: &str| {
        let input = FollowUpInput {
            at: Utc::now(),
            method: "phone".into(),
            topic: "回访".into(),
            by: by.into(),
            ..Default::default()
        };
        d.store
            .log_follow_up(customer, input, Utc::now(), &Utc)
            .unwrap();
    };
    for name in ["安一", "安二"] {
        let c = a.add(name);
        log(&a, &c, "安 Ann");
    }
    let c = b.add("Bob's");
    log(&b, &c, "Bob");
    ea.sync_once().await.unwrap();
    eb.sync_once().await.unwrap();
    let mut em = m.engine(&t.cluster, &t.manager);
    em.sync_once().await.unwrap();
    assert_eq!(
        m.ids().len(),
        3,
        "a manager's replica holds everyone's customers"
    );
    let owners: Vec<String> = m.ids().iter().map(|id| m.get(id).fields.owner).collect();
    assert_eq!(owners.iter().filter(|o| *o == "安 Ann").count(), 2);
    assert_eq!(owners.iter().filter(|o| *o == "Bob").count(), 1);

    let today = Utc::now().date_naive();
    let query = |owner: Option<&str>| rapport_core::model::AnalyticsQuery {
        from: today - chrono::Duration::days(1),
        to: today + chrono::Duration::days(1),
        owner: owner.map(str::to_owned),
    };
    let all = m.store.dashboard(&query(None), Utc::now(), &Utc).unwrap();
    let per_person: Vec<(String, u32)> = all
        .activity
        .by_owner
        .iter()
        .map(|o| (o.owner.clone(), o.count))
        .collect();
    assert_eq!(
        per_person,
        vec![("安 Ann".to_owned(), 2), ("Bob".to_owned(), 1)],
        "per person, by the names the server gives"
    );
    let bobs = m
        .store
        .dashboard(&query(Some("Bob")), Utc::now(), &Utc)
        .unwrap();
    assert_eq!(bobs.activity.total, 1);
    // A salesperson's replica holds only their own: the same figure counts only them.
    let anns = a.store.dashboard(&query(None), Utc::now(), &Utc).unwrap();
    assert_eq!(anns.activity.total, 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_edit_of_a_pool_customer_goes_up_when_sent_again_after_the_claim() {
    let Some(t) = sales_team().await else {
        return;
    };
    let (m, a) = (Desk::new(), Desk::new());
    let id = pooled_customer(&t, &m, "华东贸易").await;
    let mut ea = a.engine(&t.cluster, &t.ann);
    ea.sync_once().await.unwrap();
    // Ann edits the pool customer without claiming it: the server refuses, the edit waits aside.
    a.edit(&id, |f| f.industry = "零售".into());
    let round = ea.sync_once().await.unwrap();
    assert_eq!(round.refused, 1);
    let refused = a.store.refused_changes().unwrap();
    assert_eq!(refused.len(), 1);
    assert_eq!(refused[0].customer, "华东贸易");
    assert_eq!(refused[0].table, "customers");

    // Claimed, then sent again from the list: it goes up, and the manager sees it.
    ea.claim(&id).await.unwrap();
    assert_eq!(
        a.store
            .outbox_retry_refused(&[refused[0].op_id.clone()])
            .unwrap(),
        1
    );
    let round = ea.sync_once().await.unwrap();
    assert_eq!((round.refused, a.store.outbox_refused_len()), (0, 0));
    m.engine(&t.cluster, &t.manager).sync_once().await.unwrap();
    let on_m = m.get(&id).fields;
    assert_eq!(
        (on_m.owner.as_str(), on_m.industry.as_str()),
        ("安 Ann", "零售")
    );
    assert_eq!(
        a.get(&id).fields.industry,
        "零售",
        "and Ann's book has it again"
    );
}
