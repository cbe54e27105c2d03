#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The sync engine end to end: headless desktops (real `SyncEngine`s over real sled team
//! books) against a real, throwaway PostgreSQL (tests/support). They converge after edits on
//! both, keep working while the server is down and converge when it is back, see each other's
//! edits through NOTIFY, and a crash between the server's commit and the ack neither loses nor
//! duplicates anything. Timings are printed (figures, not assertions).
mod support;

use chrono::Utc;
use rapport_core::Store;
use rapport_sync::{NewPerson, SyncStatus};
use std::sync::Arc;
use std::time::{Duration, Instant};
use support::desk::*;
use tokio::sync::oneshot;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_desktops_converge_after_edits_on_both() {
    let Some((cluster, pa, pb)) = team().await else {
        return;
    };
    let (a, b) = (Desk::new(), Desk::new());
    let (mut ea, mut eb) = (a.engine(&cluster, &pa), b.engine(&cluster, &pb));
    let c1 = a.add("华东贸易");
    let c2 = a.add("王伟");
    assert_eq!(ea.sync_once().await.unwrap().pushed, 2);
    eb.sync_once().await.unwrap();
    assert_eq!(b.get(&c2).fields.name, "王伟");

    // Different fields of one customer on each side, a new customer on each, a trash on B.
    a.edit(&c1, |f| f.phones = vec!["021-5555".into()]);
    b.edit(&c1, |f| f.company = "华东贸易有限公司".into());
    let c3 = a.add("来自 A");
    let c4 = b.add("来自 B");
    b.store.trash_customer(&c2, Utc::now()).unwrap();
    ea.sync_once().await.unwrap();
    eb.sync_once().await.unwrap();
    ea.sync_once().await.unwrap();
    assert!(matches!(*ea.status().borrow(), SyncStatus::Synced { .. }));
    assert_converged(&a, &b, &[c1.clone(), c2.clone(), c3, c4]);
    let merged = a.get(&c1).fields;
    assert_eq!(merged.phones, vec!["021-5555".to_string()]);
    assert_eq!(merged.company, "华东贸易有限公司");
    assert!(a.get(&c2).deleted_at.is_some());
    assert_eq!((a.store.outbox_len(), b.store.outbox_len()), (0, 0));

    // An idle round pushes and pulls nothing, and the cursor stays.
    let cursor = a.store.sync_cursor().unwrap();
    let idle = ea.sync_once().await.unwrap();
    assert_eq!((idle.pushed, idle.pulled, idle.cursor), (0, 0, cursor));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_the_server_down_both_keep_writing_and_converge_when_it_is_back() {
    let Some((cluster, pa, pb)) = team().await else {
        return;
    };
    let (a, b) = (Desk::new(), Desk::new());
    let (ea, eb) = (a.engine(&cluster, &pa), b.engine(&cluster, &pb));
    let (sa, sb) = (ea.status(), eb.status());
    let (na, nb) = (ea.nudge(), eb.nudge());
    let (stop_a, ra) = oneshot::channel::<()>();
    let (stop_b, rb) = oneshot::channel::<()>();
    let ta = tokio::spawn(ea.run(async {
        let _ = ra.await;
    }));
    let tb = tokio::spawn(eb.run(async {
        let _ = rb.await;
    }));
    let shared = a.add("共享客户");
    na.local_write();
    wait_for("B to pull A's customer", || {
        b.store.get_customer(&shared).is_ok()
    })
    .await;

    cluster.stop();
    let mut ids = vec![shared.clone()];
    for i in 0..5 {
        ids.push(a.add(&format!("A 离线 {i}")));
        na.local_write();
        ids.push(b.add(&format!("B 离线 {i}")));
        nb.local_write();
    }
    a.edit(&shared, |f| f.industry = "制造".into());
    b.edit(&shared, |f| f.website = "example.cn".into());
    na.local_write();
    nb.local_write();
    let offline = |s: &tokio::sync::watch::Receiver<SyncStatus>| {
        matches!(&*s.borrow(), SyncStatus::Offline { pending, reason, .. }
            if *pending > 0 && reason.is_offline())
    };
    wait_for("A offline", || offline(&sa)).await;
    wait_for("B offline", || offline(&sb)).await;
    println!("offline status: {:?}", *sa.borrow());

    cluster.restart();
    let back = Instant::now();
    let has_all = |d: &Desk| ids.iter().all(|id| d.store.get_customer(id).is_ok());
    let both_fields = |d: &Desk| {
        let f = d.get(&shared).fields;
        f.industry == "制造" && f.website == "example.cn"
    };
    wait_for("both to converge", || {
        a.store.outbox_len() == 0
            && b.store.outbox_len() == 0
            && has_all(&a)
            && has_all(&b)
            && both_fields(&a)
            && both_fields(&b)
    })
    .await;
    println!(
        "server back → both converged in {:?} (back-off cap 1 s in this test)",
        back.elapsed()
    );
    wait_for("A synced", || {
        matches!(*sa.borrow(), SyncStatus::Synced { .. })
    })
    .await;
    stop_a.send(()).unwrap();
    stop_b.send(()).unwrap();
    ta.await.unwrap();
    tb.await.unwrap();
    assert_converged(&a, &b, &ids);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_edit_on_a_shows_in_b_through_notify() {
    let Some((cluster, pa, pb)) = team().await else {
        return;
    };
    let (a, b) = (Desk::new(), Desk::new());
    let (ea, eb) = (a.engine(&cluster, &pa), b.engine(&cluster, &pb));
    let na = ea.nudge();
    let sb = eb.status();
    let (stop_a, ra) = oneshot::channel::<()>();
    let (stop_b, rb) = oneshot::channel::<()>();
    let ta = tokio::spawn(ea.run(async {
        let _ = ra.await;
    }));
    let tb = tokio::spawn(eb.run(async {
        let _ = rb.await;
    }));
    let id = a.add("通知");
    na.local_write();
    wait_for("B to pull", || b.store.get_customer(&id).is_ok()).await;
    wait_for("B synced", || {
        matches!(*sb.borrow(), SyncStatus::Synced { .. })
    })
    .await;

    // B's poll is 60 s: only the NOTIFY can bring these within the test's time.
    let mut times = Vec::new();
    for i in 0..20 {
        let value = format!("第 {i} 次");
        let start = Instant::now();
        a.edit(&id, |f| f.address = value.clone());
        na.local_write();
        wait_for("the edit on B", || b.get(&id).fields.address == value).await;
        times.push(start.elapsed());
    }
    times.sort();
    println!(
        "edit on A → visible in B's book (20 edits, NOTIFY): min {:?}, median {:?}, p95 {:?}, max {:?}",
        times[0], times[10], times[18], times[19]
    );
    stop_a.send(()).unwrap();
    stop_b.send(()).unwrap();
    ta.await.unwrap();
    tb.await.unwrap();
    a.store.verify_indexes().unwrap();
    b.store.verify_indexes().unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_offline_edits_are_pushed() {
    let Some((cluster, pa, pb)) = team().await else {
        return;
    };
    let (a, b) = (Desk::new(), Desk::new());
    let mut ea = a.engine(&cluster, &pa);
    let ids: Vec<String> = (0..100).map(|i| a.add(&format!("客户 {i}"))).collect();
    ea.sync_once().await.unwrap();
    for round in 0..10 {
        for id in &ids {
            a.edit(id, |f| f.address = format!("地址 {round}"));
        }
    }
    assert_eq!(a.store.outbox_len(), 1000);
    let start = Instant::now();
    let (mut pushed, mut acking) = (0, Duration::ZERO);
    while let Some(p) = ea.push_batch().await.unwrap() {
        let ack = Instant::now();
        pushed += ea.ack(p).await.unwrap();
        acking += ack.elapsed();
    }
    let push = start.elapsed();
    assert_eq!(pushed, 1000);
    let start = Instant::now();
    ea.sync_once().await.unwrap();
    let pull_own = start.elapsed();
    let mut eb = b.engine(&cluster, &pb);
    let start = Instant::now();
    eb.sync_once().await.unwrap();
    let first = start.elapsed();
    println!(
        "push of 1,000 offline edits (2 batches of 500, acked): {push:?}, of which acks \
         {acking:?}; A's pull of its 100 \
         changed rows: {pull_own:?}; B's first sync of 100 customers: {first:?}"
    );
    assert_converged(&a, &b, &ids);
    assert_eq!(b.get(&ids[7]).fields.address, "地址 9");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_crash_after_the_servers_commit_before_the_ack_loses_and_duplicates_nothing() {
    let Some((cluster, pa, _)) = team().await else {
        return;
    };
    let a = Desk::new();
    let ids: Vec<String> = (0..5).map(|i| a.add(&format!("崩溃前 {i}"))).collect();
    a.edit(&ids[0], |f| f.company = "改过".into());
    let mut ea = a.engine(&cluster, &pa);
    let pushed = ea.push_batch().await.unwrap().unwrap();
    assert_eq!(pushed.op_ids.len(), 6);
    // The process dies here: the server committed, the book never heard.
    let dir = a.path();
    drop(ea);
    drop(a.store);
    let store = Arc::new(Store::open(&dir).unwrap());
    assert_eq!(store.outbox_len(), 6, "the ops wait, as written");
    let a = Desk { dir: a.dir, store };
    let mut ea = a.engine(&cluster, &pa);
    let again = ea.push_batch().await.unwrap().unwrap();
    assert_eq!(
        again.commit, pushed.commit,
        "the server recognised the retry"
    );
    ea.ack(again).await.unwrap();
    let round = ea.sync_once().await.unwrap();
    assert_eq!(a.store.outbox_len(), 0);
    assert!(round.cursor >= pushed.commit.unwrap());

    let boss = rapport_sync::Server::connect(&cluster.config("boss", "boss-pw"))
        .await
        .unwrap();
    let count = |sql: &'static str| {
        let boss = &boss;
        async move {
            boss.client()
                .query_one(sql, &[])
                .await
                .unwrap()
                .get::<_, i64>(0)
        }
    };
    assert_eq!(count("select count(*) from rapport.customers").await, 5);
    assert_eq!(
        count(
            "select count(*) from rapport.audit where record_table = 'customers' and field is null"
        )
        .await,
        5,
        "each customer inserted once"
    );
    assert_eq!(
        count("select count(*) from rapport.audit where record_table = 'customers' and field = 'data.company'").await,
        1,
        "the edit applied once"
    );
    assert_eq!(a.get(&ids[0]).fields.company, "改过");
    a.store.verify_indexes().unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_password_is_an_error_for_a_person_not_offline() {
    let Some((cluster, pa, _)) = team().await else {
        return;
    };
    let a = Desk::new();
    let id = a.add("本地");
    let wrong = NewPerson {
        password: "not-it".into(),
        ..pa
    };
    let mut ea = a.engine(&cluster, &wrong);
    let e = ea.sync_once().await.unwrap_err();
    assert!(!e.is_offline(), "{e:?}");
    assert_eq!(e.code(), "wrong_password");
    assert!(
        matches!(&*ea.status().borrow(), SyncStatus::Error { reason } if reason.code() == "wrong_password")
    );
    assert_eq!(a.store.outbox_len(), 1, "the edit waits, as written");
    assert_eq!(a.get(&id).fields.name, "本地");
}

/// Connections cut while the server stays up (an office router restarting, a server-side
/// idle-kill): both engines reconnect, the listener too, and NOTIFY keeps working.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cut_connections_are_reopened_and_notify_still_wakes() {
    let Some((cluster, pa, pb)) = team().await else {
        return;
    };
    let (a, b) = (Desk::new(), Desk::new());
    let (ea, eb) = (a.engine(&cluster, &pa), b.engine(&cluster, &pb));
    let (na, sa, sb) = (ea.nudge(), ea.status(), eb.status());
    let (stop_a, ra) = oneshot::channel::<()>();
    let (stop_b, rb) = oneshot::channel::<()>();
    let ta = tokio::spawn(ea.run(async {
        let _ = ra.await;
    }));
    let tb = tokio::spawn(eb.run(async {
        let _ = rb.await;
    }));
    let id = a.add("断线");
    na.local_write();
    wait_for("B to pull", || b.store.get_customer(&id).is_ok()).await;
    wait_for("B synced", || {
        matches!(*sb.borrow(), SyncStatus::Synced { .. })
    })
    .await;

    let root = rapport_sync::Server::connect(&cluster.superuser())
        .await
        .unwrap();
    let cut: i64 = root
        .client()
        .query_one(
            "select count(pg_terminate_backend(pid)) from pg_stat_activity
              where usename = any($1)",
            &[&vec![pa.login.clone(), pb.login.clone()]],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(cut, 4, "two connections per engine: work and LISTEN");
    // A dropped LISTEN starts a round at once; once both have synced again, B's poll is 60 s
    // away and only a re-opened LISTEN brings A's next edit this soon.
    let after = Utc::now();
    let again = |s: &tokio::sync::watch::Receiver<SyncStatus>| matches!(*s.borrow(), SyncStatus::Synced { at } if at > after);
    wait_for("A back", || again(&sa)).await;
    wait_for("B back", || again(&sb)).await;
    tokio::time::sleep(Duration::from_millis(100)).await;
    a.edit(&id, |f| f.company = "重连之后".into());
    na.local_write();
    wait_for("the edit on B", || b.get(&id).fields.company == "重连之后").await;
    stop_a.send(()).unwrap();
    stop_b.send(()).unwrap();
    ta.await.unwrap();
    tb.await.unwrap();
    assert_converged(&a, &b, &[id]);
}
