#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Agenda sections with a fixed clock in Berlin: overdue, today, next 7 days, later and
//! "no next step"; counts, page size and filters.
mod common;
use chrono_tz::{America::New_York, Europe::Berlin};
use common::*;
use rapport_core::model::{AgendaQuery, Priority, Stage};

fn names(items: &[rapport_core::model::AgendaItem]) -> Vec<&str> {
    items.iter().map(|i| i.customer_name.as_str()).collect()
}

#[test]
fn open_follow_ups_fall_into_sections_at_local_midnight() {
    let (_d, store) = open_temp();
    // Now: Monday 23 Nov 2026, 22:30 in Berlin (21:30 UTC).
    let now = utc(2026, 11, 23, 21, 30);
    let due = [
        ("overdue", utc(2026, 11, 20, 9, 0)),
        ("earlier today", utc(2026, 11, 23, 8, 0)),
        ("tonight", utc(2026, 11, 23, 22, 0)),
        // 23:30 UTC is already Tuesday in Berlin: next 7 days, not today.
        ("tomorrow", utc(2026, 11, 23, 23, 30)),
        ("in a week", utc(2026, 11, 30, 22, 59)),
        ("later", utc(2026, 11, 30, 23, 0)),
    ];
    for (name, at) in due {
        let c = store.create_customer(customer(name, &[]), t(1)).unwrap();
        store
            .log_follow_up(&c.id, follow_up(t(1), Some(at)), t(1), &chrono::Utc)
            .unwrap();
    }
    let a = store.agenda(&AgendaQuery::default(), now, &Berlin).unwrap();
    assert_eq!(names(&a.overdue.items), ["overdue", "earlier today"]);
    assert_eq!(names(&a.today.items), ["tonight"]);
    assert_eq!(names(&a.next7_days.items), ["tomorrow", "in a week"]);
    assert_eq!(names(&a.later.items), ["later"]);
    assert_eq!(
        (
            a.overdue.total,
            a.today.total,
            a.next7_days.total,
            a.later.total
        ),
        (2, 1, 2, 1)
    );
    assert_eq!(store.due_today_count(now, &Berlin).unwrap(), 3);
    // In New York the same instant is 16:30 on Monday: "tomorrow" (18:30 NY) is still today.
    let ny = store
        .agenda(&AgendaQuery::default(), now, &New_York)
        .unwrap();
    assert_eq!(names(&ny.today.items), ["tonight", "tomorrow"]);
}

#[test]
fn counts_cover_every_match_while_items_stop_at_the_limit() {
    let (_d, store) = open_temp();
    let c = store.create_customer(customer("A", &[]), t(1)).unwrap();
    for h in 0..5 {
        store
            .log_follow_up(
                &c.id,
                follow_up(t(1), Some(utc(2026, 11, 2, h, 0))),
                t(1),
                &chrono::Utc,
            )
            .unwrap();
    }
    let q = AgendaQuery {
        limit: 2,
        ..AgendaQuery::default()
    };
    let a = store.agenda(&q, t(10), &Berlin).unwrap();
    assert_eq!(a.overdue.total, 5);
    assert_eq!(a.overdue.items.len(), 2);
    assert!(a.overdue.items[0].due < a.overdue.items[1].due);
}

#[test]
fn filters_by_owner_and_priority() {
    let (_d, store) = open_temp();
    let mut input = customer("Owned by Li", &[]);
    input.fields.owner = "李娜".into();
    let li = store.create_customer(input, t(1)).unwrap();
    let wang = store
        .create_customer(customer("Wang's", &[]), t(1))
        .unwrap();
    // Li's customer: the follow-up has no `next_by`, so it is Li's.
    store
        .log_follow_up(&li.id, follow_up(t(1), Some(t(5))), t(1), &chrono::Utc)
        .unwrap();
    let mut by_wang = follow_up(t(1), Some(t(6)));
    by_wang.next_by = "王强".into();
    by_wang.priority = "low".into();
    store
        .log_follow_up(&wang.id, by_wang, t(1), &chrono::Utc)
        .unwrap();
    let q = |owners: &[&str], priorities: &[Priority]| AgendaQuery {
        owners: owners.iter().map(|s| s.to_string()).collect(),
        priorities: priorities.to_vec(),
        ..AgendaQuery::default()
    };
    let a = store.agenda(&q(&["李娜"], &[]), t(2), &Berlin).unwrap();
    assert_eq!(names(&a.next7_days.items), ["Owned by Li"]);
    assert_eq!(a.next7_days.items[0].owner, "李娜");
    let a = store
        .agenda(&q(&[], &[Priority::Low]), t(2), &Berlin)
        .unwrap();
    assert_eq!(names(&a.next7_days.items), ["Wang's"]);
    let a = store
        .agenda(&q(&["王强"], &[Priority::High]), t(2), &Berlin)
        .unwrap();
    assert_eq!(a.next7_days.total, 0);
}

#[test]
fn open_customers_without_an_open_follow_up_have_no_next_step() {
    let (_d, store) = open_temp();
    let planned = store
        .create_customer(customer("Planned", &[]), t(1))
        .unwrap();
    store
        .log_follow_up(&planned.id, follow_up(t(1), Some(t(5))), t(1), &chrono::Utc)
        .unwrap();
    let done_only = store
        .create_customer(customer("Done only", &[]), t(1))
        .unwrap();
    store
        .log_follow_up(&done_only.id, follow_up(t(1), None), t(1), &chrono::Utc)
        .unwrap();
    store
        .create_customer(customer("Never contacted", &[]), t(1))
        .unwrap();
    let mut won = customer("Won", &[]);
    won.fields.stage = Stage::Won;
    store.create_customer(won, t(1)).unwrap();
    let mut lost = customer("Lost", &[]);
    lost.fields.stage = Stage::Lost;
    lost.fields.lost_reason = "价格".into();
    store.create_customer(lost, t(1)).unwrap();
    let trashed = store
        .create_customer(customer("Trashed", &[]), t(1))
        .unwrap();
    store.trash_customer(&trashed.id, t(2)).unwrap();
    let a = store
        .agenda(&AgendaQuery::default(), t(2), &Berlin)
        .unwrap();
    let flagged: Vec<&str> = a
        .no_next_step
        .iter()
        .map(|n| n.customer_name.as_str())
        .collect();
    assert_eq!(flagged, ["Done only", "Never contacted"]);
    assert_eq!(a.no_next_step_total, 2);
    // The list row says the same: no next due time for them.
    let page = store.list_customers(&Default::default()).unwrap();
    let due = |n: &str| page.rows.iter().find(|r| r.name == n).unwrap().next_due;
    assert_eq!(due("Planned"), Some(t(5)));
    assert_eq!(due("Done only"), None);
}

#[test]
fn the_demo_book_fills_every_section_of_the_agenda() {
    let (_d, store) = open_temp();
    // 07:00 in Berlin: the demo's steps due today (at the 09:00 reminder time) are still ahead.
    let now = utc(2026, 11, 23, 6, 0);
    store.load_demo(now, &Berlin).unwrap();
    let a = store.agenda(&AgendaQuery::default(), now, &Berlin).unwrap();
    for (name, total) in [
        ("overdue", a.overdue.total),
        ("today", a.today.total),
        ("next 7 days", a.next7_days.total),
        ("later", a.later.total),
        ("no next step", a.no_next_step_total),
    ] {
        assert!(total > 0, "{name} is empty");
    }
    store.verify_indexes().unwrap();
}
