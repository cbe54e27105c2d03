#![allow(clippy::unwrap_used, clippy::expect_used)]
//! A desktop whose app is older than the team book on the server (a colleague's newer Rapport
//! upgraded it): the engine says so, naming both versions in both languages, exchanges
//! nothing, and the edits made meanwhile wait in the outbox until the app is updated (here:
//! the server's version set back), then go up.
mod support;

use rapport_sync::{Server, SyncError, SyncStatus, SCHEMA_VERSION};
use support::desk::*;
use support::{ADMIN, ADMIN_PASSWORD};

async fn set_server_version(cluster: &support::TestCluster, version: i32) {
    let root = Server::connect(&cluster.config(ADMIN, ADMIN_PASSWORD))
        .await
        .unwrap();
    root.client()
        .execute("update rapport.meta set schema_version = $1", &[&version])
        .await
        .unwrap();
}

async fn server_has(cluster: &support::TestCluster, id: &str) -> bool {
    let root = Server::connect(&cluster.config(ADMIN, ADMIN_PASSWORD))
        .await
        .unwrap();
    root.client()
        .query_opt("select 1 from rapport.customers where id = $1", &[&id])
        .await
        .unwrap()
        .is_some()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_newer_server_schema_makes_the_desktop_read_only_with_its_edits_queued() {
    let Some((cluster, pa, pb)) = team().await else {
        return;
    };
    let (a, b) = (Desk::new(), Desk::new());
    let (mut ea, mut eb) = (a.engine(&cluster, &pa), b.engine(&cluster, &pb));
    let first = a.add("升级前");
    ea.sync_once().await.unwrap();

    // Upgraded while A's connection is open, and before B ever connected.
    let newer = SCHEMA_VERSION + 1;
    set_server_version(&cluster, newer).await;
    let waiting = a.add("升级后录入");
    a.edit(&first, |f| f.industry = "制造".into());
    for (engine, desk, pending) in [(&mut ea, &a, 2), (&mut eb, &b, 0)] {
        let err = engine.sync_once().await.unwrap_err();
        assert_eq!(
            err,
            SyncError::SchemaTooNew {
                server: newer,
                supported: SCHEMA_VERSION
            }
        );
        let text = err.to_string();
        assert!(
            text.contains(&format!("版本 {newer}")) && text.contains(&format!("(version {newer})"))
        );
        assert!(text.contains(&format!("支持到 {SCHEMA_VERSION}")) && text.contains("read-only"));
        let status = engine.status().borrow().clone();
        assert_eq!(status.code(), "read_only");
        assert_eq!(
            status,
            SyncStatus::ReadOnly {
                pending,
                reason: err
            }
        );
        assert_eq!(desk.store.outbox_len(), pending, "the edits stay queued");
    }
    assert!(!server_has(&cluster, &waiting).await, "nothing pushed");
    assert!(b.store.get_customer(&first).is_err(), "nothing pulled");

    // Rapport updated (here: the server back at the version this app knows): the queue goes up.
    set_server_version(&cluster, SCHEMA_VERSION).await;
    assert_eq!(ea.sync_once().await.unwrap().pushed, 2);
    eb.sync_once().await.unwrap();
    assert!(server_has(&cluster, &waiting).await);
    assert_eq!(b.get(&first).fields.industry, "制造");
    assert!(matches!(*ea.status().borrow(), SyncStatus::Synced { .. }));
}
