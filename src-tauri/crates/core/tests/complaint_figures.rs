#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The dashboard's complaint figures: open now (a snapshot, whatever the period), received in
//! the period, and of those resolved in the period (by their resolved date, local days) the
//! mean days to resolve and the mean satisfaction; the owner filter; and the store's kept facts
//! following a complaint from logged to resolved; the demo book's complaints.
mod common;
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Asia::Shanghai;
use common::*;
use rapport_core::analytics::*;
use rapport_core::model::*;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn person(id: &str, owner: &str) -> CustomerFact {
    CustomerFact {
        id: id.into(),
        name: format!("name-{id}").into(),
        owner: owner.into(),
        source: "".into(),
        category: None,
        industry: "".into(),
        stage: Stage::InitialContact,
        lost_reason: "".into(),
        first_contact: Some(day(2024, 6, 1)),
        created_at: utc(2024, 6, 1, 2, 0),
        expected_cents: 0,
    }
}

fn filed(
    id: &str,
    received: NaiveDate,
    status: ComplaintStatus,
    resolved: Option<NaiveDate>,
    satisfaction: Option<u8>,
    severity: ComplaintSeverity,
) -> ServiceFact {
    ServiceFact {
        customer_id: id.into(),
        date: received,
        satisfaction,
        next_plan_at: None,
        plan_done: false,
        complaint: Some(Complaint {
            received_on: received,
            category: ComplaintCategory::Quality,
            severity,
            status,
            resolved_on: resolved,
            resolution: String::new(),
        }),
    }
}

fn q1(owner: Option<&str>) -> AnalyticsQuery {
    AnalyticsQuery {
        from: day(2025, 1, 1),
        to: day(2025, 3, 31),
        owner: owner.map(str::to_string),
    }
}

fn now() -> DateTime<Utc> {
    utc(2025, 4, 10, 2, 0)
}

fn figures(services: &[ServiceFact], owner: Option<&str>) -> ComplaintStats {
    let customers = vec![person("c1", "Wang"), person("c2", "Li")];
    let facts = Facts {
        customers: &customers,
        services,
        ..Facts::default()
    };
    dashboard(&facts, &q1(owner), now(), &Shanghai).complaints
}

#[test]
fn open_now_and_how_the_periods_resolved_complaints_went() {
    use ComplaintSeverity::*;
    use ComplaintStatus::*;
    let services = vec![
        // Across a month end: 30 Jan → 2 Feb is 3 days; rated 4.
        filed(
            "c1",
            day(2025, 1, 30),
            Resolved,
            Some(day(2025, 2, 2)),
            Some(4),
            Low,
        ),
        // Received in 2024, resolved on the period's last day: 31 Dec → 31 Mar = 90 days; 2.
        filed(
            "c2",
            day(2024, 12, 31),
            Resolved,
            Some(day(2025, 3, 31)),
            Some(2),
            High,
        ),
        // Resolved the same day, unrated: counts for days, not satisfaction.
        filed(
            "c1",
            day(2025, 3, 3),
            Resolved,
            Some(day(2025, 3, 3)),
            None,
            Medium,
        ),
        // Resolved after the period: not this period's.
        filed(
            "c1",
            day(2025, 3, 30),
            Resolved,
            Some(day(2025, 4, 2)),
            Some(5),
            Medium,
        ),
        // Open and in progress (one from before the period): open now.
        filed("c2", day(2024, 11, 1), Open, None, None, High),
        filed("c1", day(2025, 2, 10), InProgress, None, None, Medium),
        // A complaint of no customer is ignored; an ordinary visit is no complaint.
        filed("ghost", day(2025, 2, 1), Open, None, None, High),
        ServiceFact {
            complaint: None,
            ..filed("c1", day(2025, 2, 1), Open, None, Some(1), Low)
        },
    ];
    assert_eq!(
        figures(&services, None),
        ComplaintStats {
            open: 2,
            open_high: 1,
            received: 4,
            resolved: 3,
            avg_days_to_resolve: Some(31.0),
            rated: 2,
            avg_satisfaction: Some(3.0),
        }
    );
    let wang = figures(&services, Some("Wang"));
    assert_eq!((wang.open, wang.open_high, wang.resolved), (1, 0, 2));
    assert_eq!(wang.avg_days_to_resolve, Some(1.5));
    assert_eq!(wang.avg_satisfaction, Some(4.0));
    let none = figures(&[], None);
    assert_eq!(none, ComplaintStats::default());
    assert_eq!(
        none.avg_days_to_resolve, None,
        "no NaN when nothing is resolved"
    );
}

#[test]
fn the_dashboard_follows_a_complaint_from_logged_to_resolved() {
    let (_dir, store) = open_temp();
    let cid = store
        .create_customer(customer("王伟", &[]), t(1))
        .unwrap()
        .id;
    let q = AnalyticsQuery {
        from: day(2026, 11, 1),
        to: day(2026, 11, 30),
        owner: None,
    };
    let now = utc(2026, 11, 20, 2, 0);
    let c = |status: &str, resolved| ComplaintInput {
        received_on: day(2026, 11, 2),
        category: "delivery".into(),
        severity: "high".into(),
        status: status.into(),
        resolved_on: resolved,
        resolution: if resolved.is_some() {
            "补发".into()
        } else {
            String::new()
        },
    };
    let input = |status, resolved, satisfaction| ServiceInput {
        date: day(2026, 11, 2),
        problem: "少发一件".into(),
        satisfaction,
        complaint: Some(c(status, resolved)),
        ..Default::default()
    };
    assert_eq!(
        store.dashboard(&q, now, &Shanghai).unwrap().complaints.open,
        0
    );
    let s = store
        .add_service(&cid, input("open", None, None), t(2))
        .unwrap();
    let d = store.dashboard(&q, now, &Shanghai).unwrap().complaints;
    assert_eq!((d.open, d.open_high, d.received, d.resolved), (1, 1, 1, 0));
    let resolved = input("resolved", Some(day(2026, 11, 6)), Some(5));
    store.update_service(&s.id, resolved, t(3)).unwrap();
    let d = store.dashboard(&q, now, &Shanghai).unwrap().complaints;
    assert_eq!((d.open, d.resolved), (0, 1));
    assert_eq!(d.avg_days_to_resolve, Some(4.0));
    assert_eq!(d.avg_satisfaction, Some(5.0));
}

#[test]
fn the_demo_book_has_open_and_resolved_complaints() {
    let (_dir, store) = open_temp();
    let now = utc(2026, 11, 20, 2, 0);
    store.load_demo(now, &Shanghai).unwrap();
    let agenda = store
        .agenda(&AgendaQuery::default(), now, &Shanghai)
        .unwrap();
    let q = AnalyticsQuery {
        from: NaiveDate::from_ymd_opt(2025, 11, 21).unwrap(),
        to: NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
        owner: None,
    };
    let figures = store.dashboard(&q, now, &Shanghai).unwrap().complaints;
    assert_eq!(figures.open, agenda.complaints.total);
    assert!((1..=15).contains(&figures.open), "{figures:?}");
    assert!(figures.resolved >= 3, "{figures:?}");
    assert!(figures.avg_days_to_resolve.is_some() && figures.avg_satisfaction.is_some());
    store.verify_indexes().unwrap();
}
