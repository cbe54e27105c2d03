#![allow(clippy::unwrap_used, clippy::expect_used)]
//! A complaint (投诉) through the team server: logged on one desktop, pushed, pulled by
//! another whose agenda then lists it; resolved there, and the first desktop's agenda and
//! dashboard follow. Real sync engines over real sled books and a throwaway PostgreSQL.
mod support;

use chrono::{NaiveDate, Utc};
use rapport_core::model::{AgendaQuery, AnalyticsQuery, ComplaintInput, ServiceInput};
use support::desk::*;

fn complaint(status: &str, resolved_on: Option<NaiveDate>) -> ServiceInput {
    let today = Utc::now().date_naive();
    ServiceInput {
        date: today,
        problem: "到货破损".into(),
        satisfaction: resolved_on.map(|_| 4),
        complaint: Some(ComplaintInput {
            received_on: today,
            category: "delivery".into(),
            severity: "high".into(),
            status: status.into(),
            resolved_on,
            resolution: String::new(),
        }),
        ..Default::default()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_complaint_logged_on_one_desktop_is_on_the_others_agenda_until_resolved() {
    let Some((cluster, pa, pb)) = team().await else {
        return;
    };
    let (a, b) = (Desk::new(), Desk::new());
    let (mut ea, mut eb) = (a.engine(&cluster, &pa), b.engine(&cluster, &pb));
    let cid = a.add("华东贸易");
    let s = a
        .store
        .add_service(&cid, complaint("open", None), Utc::now())
        .unwrap();
    ea.sync_once().await.unwrap();
    eb.sync_once().await.unwrap();
    let open = |d: &Desk| {
        d.store
            .agenda(&AgendaQuery::default(), Utc::now(), &Utc)
            .unwrap()
            .complaints
    };
    let on_b = open(&b);
    assert_eq!(on_b.total, 1);
    assert_eq!(on_b.items[0].customer_name, "华东贸易");
    assert_eq!(b.store.get_service(&s.id).unwrap().complaint, s.complaint);

    let today = Utc::now().date_naive();
    b.store
        .update_service(&s.id, complaint("resolved", Some(today)), Utc::now())
        .unwrap();
    eb.sync_once().await.unwrap();
    ea.sync_once().await.unwrap();
    assert_eq!(open(&a).total, 0);
    let q = AnalyticsQuery {
        from: today,
        to: today,
        owner: None,
    };
    let figures = a.store.dashboard(&q, Utc::now(), &Utc).unwrap().complaints;
    assert_eq!((figures.open, figures.resolved), (0, 1));
    assert_eq!(figures.avg_satisfaction, Some(4.0));
    a.store.verify_indexes().unwrap();
    b.store.verify_indexes().unwrap();
}
