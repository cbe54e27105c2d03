#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Tombstone retention and the full resync: the server purges tombstones older than its
//! retention (`purge_tombstones`); a desktop that had not pulled since before them is told so
//! in its pull's snapshot, pulls everything again and sweeps what the server no longer holds —
//! keeping what its outbox has not sent yet, which then goes up. And a first sync says how
//! far it is (`SyncStatus::FirstSync`, rows pulled of the total), page after page.
mod support;

use chrono::Utc;
use rapport_core::model::FollowUpInput;
use rapport_sync::{Server, SyncEngine, SyncOptions, SyncStatus};
use support::desk::*;

fn follow_up(d: &Desk, customer: &str, topic: &str) -> String {
    let input = FollowUpInput {
        at: Utc::now(),
        method: "phone".into(),
        topic: topic.into(),
        next_at: Some(Utc::now() + chrono::Duration::days(1)),
        ..Default::default()
    };
    d.store
        .log_follow_up(customer, input, Utc::now(), &Utc)
        .unwrap()
        .id
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cursor_older_than_the_purged_tombstones_resyncs_and_keeps_the_unsent_edits() {
    let Some((cluster, pa, pb)) = team().await else {
        return;
    };
    let (a, b) = (Desk::new(), Desk::new());
    let (mut ea, mut eb) = (a.engine(&cluster, &pa), b.engine(&cluster, &pb));
    let kept = a.add("留着");
    let trashed = a.add("进回收站");
    let fu_kept = follow_up(&a, &kept, "保留的跟进");
    let fu_deleted = follow_up(&a, &kept, "删掉的跟进");
    ea.sync_once().await.unwrap();
    eb.sync_once().await.unwrap();
    assert!(b.store.get_follow_up(&fu_deleted).is_ok());
    let old_cursor = b.store.sync_cursor().unwrap();

    // B stays away while A deletes; then the tombstones are purged (retention 0 days).
    a.store.delete_follow_up(&fu_deleted).unwrap();
    a.store.trash_customer(&trashed, Utc::now()).unwrap();
    ea.sync_once().await.unwrap();
    let boss = Server::connect(&cluster.config("boss", "boss-pw"))
        .await
        .unwrap();
    assert!(boss.purge_tombstones(0).await.unwrap() >= 2);
    let sales = Server::connect(&cluster.config(&pa.login, &pa.password))
        .await
        .unwrap();
    assert!(
        sales.purge_tombstones(0).await.unwrap_err().is_refusal(),
        "an admin's job"
    );

    // Meanwhile B edits offline: a new customer and an edit, not sent yet.
    let fresh = b.add("离线新建");
    b.edit(&kept, |f| f.industry = "离线修改".into());
    assert_eq!(b.store.outbox_len(), 2);

    // A pull alone (the outbox not pushed): the full resync sweeps what the server lost and
    // keeps what the outbox names.
    let (_, cursor) = eb.pull().await.unwrap();
    assert!(cursor > old_cursor);
    assert!(
        b.store.get_follow_up(&fu_deleted).is_err(),
        "the purged tombstone's record is gone"
    );
    assert!(
        b.store.get_customer(&trashed).is_err(),
        "the purged customer"
    );
    assert!(b.store.get_follow_up(&fu_kept).is_ok());
    assert_eq!(b.get(&fresh).fields.name, "离线新建", "unsent, kept");
    assert_eq!(
        b.get(&kept).fields.industry,
        "离线修改",
        "unsent edit, kept"
    );
    assert_eq!(b.store.outbox_len(), 2, "the outbox as it was");
    b.store.verify_indexes().unwrap();

    // Then they go up, and A gets them; a second pull is an ordinary one.
    eb.sync_once().await.unwrap();
    ea.sync_once().await.unwrap();
    assert_eq!(a.get(&fresh).fields.name, "离线新建");
    assert_eq!(a.get(&kept).fields.industry, "离线修改");
    assert!(
        a.store.get_customer(&trashed).is_err(),
        "A heard of the purge"
    );
    let idle = eb.sync_once().await.unwrap();
    assert_eq!((idle.pushed, idle.pulled), (0, 0));
    a.store.verify_indexes().unwrap();
    b.store.verify_indexes().unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_desktop_that_pulled_after_the_purge_does_not_resync() {
    let Some((cluster, pa, pb)) = team().await else {
        return;
    };
    let (a, b) = (Desk::new(), Desk::new());
    let (mut ea, mut eb) = (a.engine(&cluster, &pa), b.engine(&cluster, &pb));
    let id = a.add("客户");
    let fu = follow_up(&a, &id, "跟进");
    ea.sync_once().await.unwrap();
    a.store.delete_follow_up(&fu).unwrap();
    ea.sync_once().await.unwrap();
    eb.sync_once().await.unwrap();
    // B pulled the tombstone before it was purged: its next pull is an ordinary, idle one.
    let boss = Server::connect(&cluster.config("boss", "boss-pw"))
        .await
        .unwrap();
    boss.purge_tombstones(0).await.unwrap();
    let before = b.store.sync_cursor().unwrap();
    let round = eb.sync_once().await.unwrap();
    assert_eq!(
        round.pulled, 0,
        "nothing new, no full pull: cursor {before}"
    );
    assert!(b.store.get_follow_up(&fu).is_err());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_first_sync_reports_rows_pulled_of_the_total_page_by_page() {
    let Some((cluster, pa, pb)) = team().await else {
        return;
    };
    let (a, b) = (Desk::new(), Desk::new());
    let mut ea = a.engine(&cluster, &pa);
    for i in 0..8 {
        a.add(&format!("客户 {i}"));
    }
    ea.sync_once().await.unwrap();
    let options = SyncOptions {
        page: 3,
        ..options()
    };
    let mut eb = SyncEngine::with_options(
        b.store.clone(),
        cluster.config(&pb.login, &pb.password),
        options,
    );
    let status = eb.status();
    let progress = || match *status.borrow() {
        SyncStatus::FirstSync { pulled, total } => Some((pulled, total)),
        _ => None,
    };
    assert_eq!(progress(), None);
    eb.pull_at_most(1).await.unwrap();
    let (p1, total) = progress().unwrap();
    assert_eq!(p1, 3);
    // 8 customers, the team's 3 people, the first sync's settings rows from A: at least 11.
    assert!(total >= 11, "{total}");
    eb.pull_at_most(1).await.unwrap();
    assert_eq!(progress(), Some((6, total)), "a resumed pull counts on");
    eb.pull().await.unwrap();
    assert_eq!(progress(), Some((total, total)));
    assert_eq!(b.store.customer_count().unwrap(), 8);
    eb.sync_once().await.unwrap();
    assert!(matches!(*status.borrow(), SyncStatus::Synced { .. }));
}
