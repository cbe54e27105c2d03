#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Customers changing hands between real desktops (sync engines over sled team books, a
//! throwaway PostgreSQL): a customer a manager reassigns leaves the old owner's book with its
//! follow-ups at that desktop's next pull and arrives, with them, in the new owner's; a
//! customer claimed from the shared pool (公海) stays with the claimer and leaves the other
//! salesperson's book, whose own claim is then refused.
mod support;

use chrono::Utc;
use rapport_core::model::FollowUpInput;
use rapport_sync::SyncStatus;
use support::desk::*;
use support::team::sales_team;

fn follow_up(d: &Desk, customer: &str, topic: &str) -> String {
    let input = FollowUpInput {
        at: Utc::now(),
        method: "phone".into(),
        topic: topic.into(),
        next_at: Some(Utc::now() + chrono::Duration::days(2)),
        ..Default::default()
    };
    d.store
        .log_follow_up(customer, input, Utc::now(), &Utc)
        .unwrap()
        .id
}

fn has(d: &Desk, id: &str) -> bool {
    d.store.get_customer(id).is_ok()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reassigned_customer_leaves_the_old_owners_book_with_its_records_and_reaches_the_new_one()
{
    let Some(t) = sales_team().await else {
        return;
    };
    let (m, a, b) = (Desk::new(), Desk::new(), Desk::new());
    let mut em = m.engine(&t.cluster, &t.manager);
    let mut ea = a.engine(&t.cluster, &t.ann);
    let mut eb = b.engine(&t.cluster, &t.bob);
    let moving = a.add("华东贸易");
    let fu = follow_up(&a, &moving, "报价");
    let staying = a.add("留下的客户");
    ea.sync_once().await.unwrap();
    eb.sync_once().await.unwrap();
    em.sync_once().await.unwrap();
    assert!(!has(&b, &moving), "Bob never sees Ann's customer");
    assert!(has(&m, &moving) && m.store.get_follow_up(&fu).is_ok());

    // Ann edits it offline while the manager gives it to Bob.
    a.edit(&moving, |f| f.company = "改名中".into());
    let report = em.assign(&moving, Some(&t.bob.id)).await.unwrap();
    assert!(report.cursor > 0);

    let round = ea.sync_once().await.unwrap();
    assert_eq!(round.refused, 1, "Ann's edit of a customer no longer hers");
    assert!(!has(&a, &moving), "gone from Ann's book");
    assert!(a.store.get_follow_up(&fu).is_err(), "with its follow-up");
    assert!(has(&a, &staying));
    assert_eq!(a.store.outbox_len(), 0);
    let refused = a.store.outbox_refused().unwrap();
    assert_eq!(
        refused.len(),
        1,
        "the edit is set aside with its reason, not lost"
    );
    assert!(matches!(*ea.status().borrow(), SyncStatus::Refused { .. }));
    a.store.verify_indexes().unwrap();

    eb.sync_once().await.unwrap();
    assert_eq!(b.get(&moving).fields.name, "华东贸易");
    assert_eq!(b.store.get_follow_up(&fu).unwrap().topic, "报价");
    assert!(!has(&b, &staying));
    b.store.verify_indexes().unwrap();

    // And back to Ann: it returns to her book, and leaves Bob's.
    em.assign(&moving, Some(&t.ann.id)).await.unwrap();
    ea.sync_once().await.unwrap();
    eb.sync_once().await.unwrap();
    assert!(has(&a, &moving) && a.store.get_follow_up(&fu).is_ok());
    assert!(!has(&b, &moving) && b.store.get_follow_up(&fu).is_err());
    assert!(has(&m, &moving), "the manager sees it throughout");
    em.sync_once().await.unwrap();
    assert!(has(&m, &moving));
    a.store.verify_indexes().unwrap();
    b.store.verify_indexes().unwrap();
    m.store.verify_indexes().unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_customer_claimed_from_the_pool_stays_with_the_claimer_and_leaves_the_others() {
    let Some(t) = sales_team().await else {
        return;
    };
    let (m, a, b) = (Desk::new(), Desk::new(), Desk::new());
    let mut em = m.engine(&t.cluster, &t.manager);
    let mut ea = a.engine(&t.cluster, &t.ann);
    let mut eb = b.engine(&t.cluster, &t.bob);
    let pooled = m.add("公海客户");
    follow_up(&m, &pooled, "初次联系");
    em.sync_once().await.unwrap();
    em.assign(&pooled, None).await.unwrap();
    ea.sync_once().await.unwrap();
    eb.sync_once().await.unwrap();
    assert!(has(&a, &pooled) && has(&b, &pooled), "both see the pool");
    assert_eq!(b.store.follow_ups_of(&pooled).unwrap().len(), 1);

    ea.claim(&pooled).await.unwrap();
    assert!(has(&a, &pooled), "the claimer keeps it");
    eb.sync_once().await.unwrap();
    assert!(!has(&b, &pooled), "it left Bob's book");
    assert!(b.store.follow_ups_of(&pooled).unwrap().is_empty());
    let late = eb.claim(&pooled).await.unwrap_err();
    assert!(late.is_refusal(), "{late:?}");

    // Ann's edits of her claimed customer reach the manager.
    a.edit(&pooled, |f| f.industry = "制造".into());
    ea.sync_once().await.unwrap();
    em.sync_once().await.unwrap();
    assert_eq!(m.get(&pooled).fields.industry, "制造");
    for d in [&m, &a, &b] {
        d.store.verify_indexes().unwrap();
    }
}
