#![allow(clippy::unwrap_used, clippy::expect_used)]
//! An admin purging, from a desktop, a trashed customer that still has follow-ups, tag links
//! and history on the server — some of them written by a colleague and never pulled here: the
//! server removes the customer with every record of it, and every replica follows.
mod support;

use chrono::Utc;
use rapport_core::model::FollowUpInput;
use rapport_sync::{Role, Server};
use support::desk::*;
use support::TestCluster;

fn follow_up(topic: &str) -> FollowUpInput {
    FollowUpInput {
        at: Utc::now(),
        method: "phone".into(),
        topic: topic.into(),
        next_at: Some(Utc::now() + chrono::Duration::days(2)),
        ..Default::default()
    }
}

async fn count(boss: &Server, sql: &str, id: &str) -> i64 {
    boss.client().query_one(sql, &[&id]).await.unwrap().get(0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_admins_purge_removes_the_customer_and_its_records_everywhere() {
    let Some(cluster) = TestCluster::start() else {
        return;
    };
    let mut boss = cluster.empty_team_db().await;
    boss.install("老板 Boss").await.unwrap();
    let owner = boss.add_person("欧 Owen", Role::Admin).await.unwrap();
    let colleague = boss.add_person("Bob", Role::Manager).await.unwrap();
    let (a, b) = (Desk::new(), Desk::new());
    let (mut ea, mut eb) = (a.engine(&cluster, &owner), b.engine(&cluster, &colleague));

    let gone = a.add("要清除的客户");
    let kept = a.add("保留的客户");
    a.set_tags(&gone, &["重点"]);
    a.set_tags(&kept, &["重点"]);
    a.store
        .log_follow_up(&gone, follow_up("报价"), Utc::now(), &Utc)
        .unwrap();
    ea.sync_once().await.unwrap();
    eb.sync_once().await.unwrap();
    // Bob adds a follow-up the admin's desktop has not pulled when it purges.
    let theirs = b
        .store
        .log_follow_up(&gone, follow_up("回访"), Utc::now(), &Utc)
        .unwrap();
    eb.sync_once().await.unwrap();

    a.store.trash_customer(&gone, Utc::now()).unwrap();
    a.store.purge_customer(&gone).unwrap();
    let round = ea.sync_once().await.unwrap();
    assert_eq!(
        a.store.outbox_refused().unwrap(),
        vec![],
        "the purge was taken"
    );
    assert_eq!(round.refused, 0);
    assert_eq!(a.store.outbox_len(), 0);

    for sql in [
        "select count(*) from rapport.customers where id = $1",
        "select count(*) from rapport.followups where customer_id = $1",
        "select count(*) from rapport.customer_tags where customer_id = $1",
        "select count(*) from rapport.history where customer_id = $1",
    ] {
        assert_eq!(count(&boss, sql, &gone).await, 0, "{sql}");
    }
    assert_eq!(
        count(
            &boss,
            "select count(*) from rapport.customer_tags where customer_id = $1",
            &kept
        )
        .await,
        1,
        "the other customer keeps its tag"
    );

    eb.sync_once().await.unwrap();
    assert!(b.store.get_customer(&gone).is_err(), "gone from Bob's book");
    assert!(
        b.store.get_follow_up(&theirs.id).is_err(),
        "with its records"
    );
    assert_eq!(b.tags(&kept), vec!["重点".to_string()]);
    ea.sync_once().await.unwrap();
    assert!(a.store.get_customer(&gone).is_err());
    assert!(a.store.get_follow_up(&theirs.id).is_err());
    a.store.verify_indexes().unwrap();
    b.store.verify_indexes().unwrap();
}
