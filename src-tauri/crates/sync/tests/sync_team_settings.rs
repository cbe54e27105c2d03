#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Team settings on a real PostgreSQL: a salesperson who saves only the language (their first
//! save, before and after pulling the admin's pipeline) sends the team nothing, so the round
//! ends synced with nothing refused; a shared setting changed anyway (an old build, the role not
//! known yet) is still refused by the server's row-level security, and counted.
mod support;

use rapport_core::model::{Language, Settings};
use rapport_sync::{Role, SyncStatus};
use support::desk::*;
use support::TestCluster;

fn settings(d: &Desk) -> Settings {
    d.store
        .settings()
        .unwrap()
        .unwrap_or_else(|| Settings::with_language(Language::Zh))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_salesperson_saving_the_language_sends_nothing_and_stays_synced() {
    let Some(cluster) = TestCluster::start() else {
        return;
    };
    let mut boss = cluster.empty_team_db().await;
    boss.install("老板 Boss").await.unwrap();
    let admin = boss.add_person("管理员 Ada", Role::Admin).await.unwrap();
    let sam = boss.add_person("安 Sam", Role::Salesperson).await.unwrap();
    let (a, s) = (Desk::new(), Desk::new());
    let (mut ea, mut es) = (a.engine(&cluster, &admin), s.engine(&cluster, &sam));

    // The admin renames a stage: one op, taken by the server.
    let mut mine = settings(&a);
    mine.stages[1].name = "初次拜访".into();
    a.store.save_settings(mine).unwrap();
    assert_eq!(a.store.outbox_len(), 1);
    assert_eq!(ea.sync_once().await.unwrap().refused, 0);

    // The salesperson's first save, before any pull: just the language.
    let mut own = settings(&s);
    own.language = Language::En;
    s.store.save_settings(own).unwrap();
    assert_eq!(s.store.outbox_len(), 0, "a personal setting queues nothing");
    let round = es.sync_once().await.unwrap();
    assert_eq!(round.refused, 0);
    assert!(matches!(*es.status().borrow(), SyncStatus::Synced { .. }));
    let pulled = settings(&s);
    assert_eq!(
        pulled.stages[1].name, "初次拜访",
        "the admin's pipeline arrived"
    );
    assert_eq!(pulled.language, Language::En, "the language stayed");

    // Again after the pull, from what the settings screen now shows.
    let mut own = settings(&s);
    own.language = Language::Zh;
    own.me = "安 Sam".into();
    s.store.save_settings(own).unwrap();
    assert_eq!(s.store.outbox_len(), 0);
    assert_eq!(es.sync_once().await.unwrap().refused, 0);
    assert!(matches!(*es.status().borrow(), SyncStatus::Synced { .. }));
    assert!(s.store.outbox_refused().unwrap().is_empty());

    // A shared setting changed without the app's check: the server refuses that one op, and
    // the status counts it.
    let mut forced = settings(&s);
    forced.sources.push("抖音".into());
    s.store.save_settings(forced).unwrap();
    assert_eq!(s.store.outbox_len(), 1);
    assert_eq!(es.sync_once().await.unwrap().refused, 1);
    match es.status().borrow().clone() {
        SyncStatus::Refused { pending, count, .. } => assert_eq!((pending, count), (0, 1)),
        other => panic!("expected Refused, got {other:?}"),
    }
}
