#![allow(clippy::unwrap_used, clippy::expect_used)]
//! An op the server refuses for good (here a manager's purge: only an admin may delete a row for good) no longer
//! blocks the outbox: it is set aside with the server's reason, the edits before and after it
//! go up, and the status says how many were refused and why.
mod support;

use chrono::Utc;
use rapport_core::store::OpKind;
use rapport_sync::{Server, SyncStatus};
use support::desk::*;
use support::{ADMIN, ADMIN_PASSWORD};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_op_is_set_aside_and_the_rest_goes_on() {
    let Some((cluster, pa, pb)) = team().await else {
        return;
    };
    let (a, b) = (Desk::new(), Desk::new());
    let (mut ea, mut eb) = (a.engine(&cluster, &pa), b.engine(&cluster, &pb));
    let gone = a.add("要清除的客户");
    let kept = a.add("保留的客户");
    ea.sync_once().await.unwrap();

    // Before, the refused op and after it, in one batch.
    a.edit(&kept, |f| f.industry = "制造".into());
    a.store.trash_customer(&gone, Utc::now()).unwrap();
    a.store.purge_customer(&gone).unwrap();
    let added = a.add("清除之后新建");
    let round = ea.sync_once().await.unwrap();
    assert_eq!(round.refused, 1);
    assert_eq!(a.store.outbox_len(), 0, "nothing left blocking the outbox");

    let refused = a.store.outbox_refused().unwrap();
    assert_eq!(refused.len(), 1);
    assert_eq!(refused[0].op.kind, OpKind::Purge);
    assert_eq!(refused[0].op.id, gone);
    assert!(
        refused[0]
            .reason
            .contains("Not allowed: your role may not do this"),
        "{}",
        refused[0].reason
    );
    assert!(
        refused[0]
            .reason
            .starts_with("没有权限：你的角色没有这项权限（涉及标签） / "),
        "{}",
        refused[0].reason
    );
    match ea.status().borrow().clone() {
        SyncStatus::Refused {
            pending,
            count,
            reason,
            ..
        } => {
            assert_eq!((pending, count), (0, 1));
            assert_eq!(reason, refused[0].reason);
        }
        other => panic!("expected Refused, got {other:?}"),
    }

    // Everything else is on the server and on B; the customer stays in the server's trash.
    eb.sync_once().await.unwrap();
    assert_eq!(b.get(&kept).fields.industry, "制造");
    assert!(b.store.get_customer(&added).is_ok());
    let root = Server::connect(&cluster.config(ADMIN, ADMIN_PASSWORD))
        .await
        .unwrap();
    let trashed: bool = root
        .client()
        .query_one(
            "select deleted_at is not null from rapport.customers where id = $1",
            &[&gone],
        )
        .await
        .unwrap()
        .get(0);
    assert!(trashed);

    // The refused op is not sent again: a later round pushes only what is new.
    a.edit(&kept, |f| f.website = "example.cn".into());
    let round = ea.sync_once().await.unwrap();
    assert_eq!((round.pushed, round.refused), (1, 0));
    assert_eq!(a.store.outbox_refused_len(), 1);
    a.store.verify_indexes().unwrap();
    b.store.verify_indexes().unwrap();
}
