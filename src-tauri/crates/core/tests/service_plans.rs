#![allow(clippy::unwrap_used, clippy::expect_used)]
//! After-sales service plans (下次服务计划) as reminders and agenda items, with a fake clock: a
//! due plan fires once (not again after a restart), a plan done by a later service, a deleted
//! service or a trashed customer never fires, a new plan time fires again, the wake-up time,
//! the agenda under the customer's owner across a handover, the index built for an older book.
mod common;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Europe::Berlin;
use common::*;
use rapport_core::model::{
    AgendaQuery, AnalyticsQuery, HandoverRequest, Language, ReminderKind, ServicePlanItem,
};
use rapport_core::reminders::{notice, summary, Engine, Tick};
use rapport_core::store::{tree, SCHEMA_VERSION};
use rapport_core::Store;

fn tick(engine: &mut Engine, store: &Store, now: DateTime<Utc>) -> Tick {
    engine.tick(store, now, &Berlin, Language::En).unwrap()
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// 20 November 2026, 09:00 in Berlin.
fn plan_at() -> DateTime<Utc> {
    utc(2026, 11, 20, 8, 0)
}

fn owned(store: &Store, name: &str, owner: &str) -> String {
    let mut c = customer(name, &[]);
    c.fields.owner = owner.into();
    store.create_customer(c, t(1)).unwrap().id
}

/// A customer of 张三 with one service on 2 November planning a visit at `plan_at()`.
fn with_plan(store: &Store) -> (String, String) {
    let cid = owned(store, "华为 Huawei", "张三");
    let s = store
        .add_service(&cid, service(day(2026, 11, 2), Some(plan_at())), t(2))
        .unwrap();
    (cid, s.id)
}

fn plans(store: &Store, owners: &[&str], now: DateTime<Utc>) -> Vec<ServicePlanItem> {
    let q = AgendaQuery {
        owners: owners.iter().map(|s| s.to_string()).collect(),
        ..Default::default()
    };
    store.agenda(&q, now, &Berlin).unwrap().service_plans.items
}

#[test]
fn a_due_plan_fires_once_and_never_again_after_a_restart() {
    let (dir, store) = open_temp();
    let (cid, _) = with_plan(&store);
    let mut engine = Engine::new();
    let before = tick(&mut engine, &store, plan_at() - Duration::seconds(1));
    assert!(before.notices.is_empty());
    assert_eq!(before.next_wake, Some(plan_at()));
    assert_eq!(
        store.next_reminder_at(t(3), &Berlin).unwrap(),
        Some(plan_at())
    );
    let at = tick(&mut engine, &store, plan_at());
    assert_eq!(at.notices.len(), 1);
    assert_eq!(at.notices[0].title, "Service visit: 华为 Huawei");
    assert_eq!(at.notices[0].body, "季度巡检 (planned for 2026-11-20)");
    assert_eq!(at.notices[0].customer_id.as_deref(), Some(cid.as_str()));
    assert_eq!(at.fired[0].kind, ReminderKind::ServicePlan);
    assert_eq!(at.next_wake, None, "nothing else is scheduled");
    let zh = notice(&at.fired[0], plan_at(), &Berlin, Language::Zh);
    assert_eq!(zh.title, "售后回访：华为 Huawei");
    assert_eq!(zh.body, "季度巡检（计划 2026-11-20）");
    assert!(tick(&mut engine, &store, plan_at() + Duration::minutes(5))
        .notices
        .is_empty());
    store.verify_indexes().unwrap();
    drop(store);
    let store = reopen(dir.path());
    let mut engine = Engine::new();
    let after = tick(&mut engine, &store, plan_at() + Duration::hours(1));
    assert!(after.notices.is_empty());
    assert_eq!(after.next_wake, None);
    // Fired but not done: still on the agenda, overdue.
    let items = plans(&store, &[], plan_at() + Duration::hours(1));
    assert_eq!(items.len(), 1);
    assert!(items[0].overdue);
    store.verify_indexes().unwrap();
}

#[test]
fn a_plan_done_by_a_later_service_does_not_fire_until_that_service_is_gone() {
    let (_d, store) = open_temp();
    let (cid, _) = with_plan(&store);
    // A visit before the plan's day does not settle it…
    let early = store
        .add_service(&cid, service(day(2026, 11, 19), None), t(3))
        .unwrap();
    assert_eq!(plans(&store, &[], t(3)).len(), 1);
    // …one on its day does.
    let visit = store
        .add_service(&cid, service(day(2026, 11, 20), None), t(3))
        .unwrap();
    store.verify_indexes().unwrap();
    assert!(plans(&store, &[], t(3)).is_empty());
    assert_eq!(store.next_reminder_at(t(3), &Berlin).unwrap(), None);
    let mut engine = Engine::new();
    assert!(tick(&mut engine, &store, plan_at()).fired.is_empty());
    // Re-dating the visit before the plan's day reopens it; deleting it too.
    let mut moved = service(day(2026, 11, 18), None);
    moved.request = "提前上门".into();
    store.update_service(&visit.id, moved, t(4)).unwrap();
    assert_eq!(plans(&store, &[], t(4)).len(), 1);
    store
        .update_service(&visit.id, service(day(2026, 11, 21), None), t(4))
        .unwrap();
    assert!(plans(&store, &[], t(4)).is_empty());
    store.delete_service(&visit.id).unwrap();
    store.delete_service(&early.id).unwrap();
    store.verify_indexes().unwrap();
    let fired = tick(&mut engine, &store, plan_at() + Duration::hours(1)).fired;
    assert_eq!(fired.len(), 1);
    assert_eq!(fired[0].topic, "季度巡检");
}

#[test]
fn a_new_plan_time_fires_again_and_a_new_text_alone_does_not() {
    let (_d, store) = open_temp();
    let (_, sid) = with_plan(&store);
    let mut engine = Engine::new();
    assert_eq!(tick(&mut engine, &store, plan_at()).fired.len(), 1);
    let mut reworded = service(day(2026, 11, 2), Some(plan_at()));
    reworded.next_plan = "年度巡检".into();
    store.update_service(&sid, reworded, t(21)).unwrap();
    let same = tick(&mut engine, &store, plan_at() + Duration::hours(1));
    assert!(same.fired.is_empty());
    assert_eq!(same.next_wake, None);
    let later = utc(2026, 11, 27, 8, 0);
    store
        .update_service(&sid, service(day(2026, 11, 2), Some(later)), t(21))
        .unwrap();
    let waiting = tick(&mut engine, &store, later - Duration::minutes(1));
    assert!(waiting.fired.is_empty());
    assert_eq!(waiting.next_wake, Some(later));
    let again = tick(&mut engine, &store, later);
    assert_eq!(again.notices.len(), 1);
    assert_eq!(again.notices[0].body, "季度巡检 (planned for 2026-11-27)");
    // A plan cleared from its record leaves the agenda.
    store
        .update_service(&sid, service(day(2026, 11, 2), None), t(28))
        .unwrap();
    assert!(plans(&store, &[], t(28)).is_empty());
    store.verify_indexes().unwrap();
}

#[test]
fn deleted_services_and_trashed_customers_never_fire() {
    let (_d, store) = open_temp();
    let (_, deleted) = with_plan(&store);
    store.delete_service(&deleted).unwrap();
    let (trashed, _) = with_plan(&store);
    store.trash_customer(&trashed, t(3)).unwrap();
    let mut engine = Engine::new();
    assert_eq!(store.next_reminder_at(t(3), &Berlin).unwrap(), None);
    let at = tick(&mut engine, &store, plan_at());
    assert!(at.fired.is_empty());
    assert!(plans(&store, &[], plan_at()).is_empty());
    // Restored, its plan is due and fires.
    store.restore_customer(&trashed, t(21)).unwrap();
    assert_eq!(
        store.next_reminder_at(t(21), &Berlin).unwrap(),
        Some(plan_at())
    );
    let restored = tick(&mut engine, &store, t(21));
    assert_eq!(restored.fired.len(), 1);
    assert_eq!(restored.fired[0].customer_id, trashed);
    // Purged, nothing of it is left in the index.
    store.trash_customer(&trashed, t(22)).unwrap();
    store.purge_customer(&trashed).unwrap();
    store.verify_indexes().unwrap();
    assert!(plans(&store, &[], t(22)).is_empty());
}

#[test]
fn the_next_wake_up_is_the_earliest_of_plans_and_follow_ups() {
    let (_d, store) = open_temp();
    let (cid, _) = with_plan(&store);
    let due = utc(2026, 11, 25, 9, 0);
    store
        .log_follow_up(&cid, follow_up(t(2), Some(due)), t(2), &Utc)
        .unwrap();
    assert_eq!(
        store.next_reminder_at(t(3), &Berlin).unwrap(),
        Some(plan_at())
    );
    let mut engine = Engine::new();
    let at = tick(&mut engine, &store, plan_at());
    assert_eq!(at.fired.len(), 1);
    assert_eq!(at.next_wake, Some(due));
}

#[test]
fn plans_missed_while_closed_join_the_start_up_summary() {
    let (_d, store) = open_temp();
    with_plan(&store);
    with_plan(&store);
    let (cid, _) = with_plan(&store);
    store
        .log_follow_up(&cid, follow_up(t(2), Some(t(10))), t(2), &Utc)
        .unwrap();
    let mut engine = Engine::new();
    let first = tick(&mut engine, &store, plan_at() + Duration::days(1));
    assert_eq!(first.notices.len(), 1);
    assert_eq!(first.notices[0].customer_id, None);
    assert_eq!(
        first.notices[0].body,
        "1 follow-up overdue · 3 service visits due"
    );
    assert_eq!(
        summary(&first.fired, Language::Zh).body,
        "1 条跟进已到期，3 个售后回访到期"
    );
}

#[test]
fn the_agenda_lists_open_plans_under_the_customers_owner_and_follows_a_handover() {
    let (_d, store) = open_temp();
    let (a, sid) = with_plan(&store);
    let b = owned(&store, "中兴 ZTE", "李四");
    let late = utc(2026, 12, 1, 8, 0);
    store
        .add_service(&b, service(day(2026, 11, 2), Some(late)), t(2))
        .unwrap();
    let now = utc(2026, 11, 25, 12, 0);
    let all = plans(&store, &[], now);
    assert_eq!(all.len(), 2);
    assert_eq!(
        all[0],
        ServicePlanItem {
            service_id: sid.clone(),
            customer_id: a.clone(),
            customer_name: "华为 Huawei".into(),
            company: String::new(),
            owner: "张三".into(),
            plan: "季度巡检".into(),
            plan_at: plan_at(),
            overdue: true,
        }
    );
    assert!(!all[1].overdue);
    let whole = store.agenda(&AgendaQuery::default(), now, &Berlin).unwrap();
    let agenda = whole.service_plans;
    assert_eq!((agenda.total, agenda.overdue, agenda.due_today), (2, 1, 1));
    // The tray's number counts the plans due by the end of today with the follow-ups.
    let follow_ups = whole.overdue.total + whole.today.total;
    assert_eq!(store.due_today_count(now, &Berlin).unwrap(), follow_ups + 1);
    let that_morning = utc(2026, 12, 1, 6, 0); // the later plan is at 08:00 the same day
    let whole = store
        .agenda(&AgendaQuery::default(), that_morning, &Berlin)
        .unwrap();
    assert_eq!(whole.service_plans.due_today, 2);
    assert_eq!(
        store.due_today_count(that_morning, &Berlin).unwrap(),
        whole.overdue.total + whole.today.total + 2
    );
    // The dashboard counts the same open plans.
    let dash = store
        .dashboard(
            &AnalyticsQuery {
                from: day(2026, 1, 1),
                to: day(2026, 12, 31),
                owner: None,
            },
            now,
            &Berlin,
        )
        .unwrap();
    assert_eq!(
        (dash.after_sales.open_plans, dash.after_sales.overdue_plans),
        (2, 1)
    );
    let ids =
        |items: Vec<ServicePlanItem>| items.into_iter().map(|i| i.customer_id).collect::<Vec<_>>();
    assert_eq!(ids(plans(&store, &["张三"], now)), vec![a.clone()]);
    assert_eq!(ids(plans(&store, &["李四"], now)), vec![b.clone()]);
    let limited = store
        .agenda(
            &AgendaQuery {
                limit: 1,
                ..Default::default()
            },
            now,
            &Berlin,
        )
        .unwrap()
        .service_plans;
    assert_eq!((limited.total, limited.items.len()), (2, 1));
    store
        .hand_over(
            &HandoverRequest {
                from: "张三".into(),
                to: "李四".into(),
                customer_ids: None,
            },
            t(26),
        )
        .unwrap();
    assert!(plans(&store, &["张三"], now).is_empty());
    assert_eq!(ids(plans(&store, &["李四"], now)), vec![a, b]);
    store.verify_indexes().unwrap();
}

#[test]
fn a_book_from_before_the_plan_index_gets_it_at_open() {
    let dir = tempfile::tempdir().unwrap();
    let cid = {
        let store = Store::open(dir.path()).unwrap();
        let cid = owned(&store, "华为 Huawei", "张三");
        // A plan done by the later visit stays out of the index; the later visit's plan is open.
        let early = Some(utc(2026, 11, 3, 8, 0));
        store
            .add_service(&cid, service(day(2026, 11, 2), early), t(2))
            .unwrap();
        store
            .add_service(&cid, service(day(2026, 11, 4), Some(plan_at())), t(4))
            .unwrap();
        cid
    };
    {
        // Turn it into a schema-4 book: no plan tree yet.
        let db = open_when_released(dir.path());
        assert!(db.drop_tree(tree::SERVICE_PLAN_BY_DUE).unwrap());
        db.open_tree(tree::META)
            .unwrap()
            .insert("schema_version", &4u32.to_be_bytes())
            .unwrap();
        db.flush().unwrap();
    }
    // Through 5 (the plan index) to the current version (9: tests/migration.rs).
    assert_eq!(SCHEMA_VERSION, 9);
    let store = reopen(dir.path());
    store.verify_indexes().unwrap();
    let items = plans(&store, &[], t(5));
    assert_eq!(items.len(), 1);
    assert_eq!(
        (items[0].customer_id.as_str(), items[0].plan_at),
        (cid.as_str(), plan_at())
    );
    let mut engine = Engine::new();
    assert_eq!(tick(&mut engine, &store, plan_at()).fired.len(), 1);
}

mod random {
    //! Random service, trash and purge writes keep the plan index (on disk and in memory) equal
    //! to a recomputation from the records, the agenda's count equal to the dashboard's, and no
    //! plan reminder fires twice.
    use super::*;
    use proptest::prelude::*;
    use std::collections::HashSet;

    #[derive(Debug, Clone)]
    enum Op {
        Add {
            who: u8,
            day: u32,
            plan: Option<u32>,
        },
        Update {
            which: u8,
            day: u32,
            plan: Option<u32>,
        },
        Delete {
            which: u8,
        },
        Trash {
            who: u8,
        },
        Restore {
            who: u8,
        },
        Purge {
            who: u8,
        },
        Tick {
            day: u32,
        },
    }

    fn op() -> impl Strategy<Value = Op> {
        let plan = proptest::option::of(1u32..=30);
        prop_oneof![
            4 => (any::<u8>(), 1u32..=30, plan.clone()).prop_map(|(who, day, plan)| Op::Add { who, day, plan }),
            2 => (any::<u8>(), 1u32..=30, plan).prop_map(|(which, day, plan)| Op::Update { which, day, plan }),
            1 => any::<u8>().prop_map(|which| Op::Delete { which }),
            1 => any::<u8>().prop_map(|who| Op::Trash { who }),
            1 => any::<u8>().prop_map(|who| Op::Restore { who }),
            1 => any::<u8>().prop_map(|who| Op::Purge { who }),
            2 => (1u32..=30).prop_map(|day| Op::Tick { day }),
        ]
    }

    fn at(d: u32) -> DateTime<Utc> {
        utc(2026, 11, d, 8, 0)
    }

    fn pick<T: Clone>(xs: &[T], i: u8) -> Option<T> {
        (!xs.is_empty()).then(|| xs[i as usize % xs.len()].clone())
    }

    fn run(ops: Vec<Op>) {
        let (_d, store) = open_temp();
        let customers: Vec<String> = (0..3)
            .map(|i| owned(&store, &format!("C{i}"), ["张三", "李四"][i % 2]))
            .collect();
        let mut services: Vec<String> = Vec::new();
        let mut fired = HashSet::new();
        let mut engine = Engine::new();
        let year = AnalyticsQuery {
            from: day(2026, 1, 1),
            to: day(2026, 12, 31),
            owner: None,
        };
        for op in ops {
            let now = t(1);
            match op {
                Op::Add { who, day: d, plan } => {
                    let c = pick(&customers, who).unwrap();
                    let input = service(day(2026, 11, d), plan.map(at));
                    if let Ok(s) = store.add_service(&c, input, now) {
                        services.push(s.id);
                    }
                }
                Op::Update {
                    which,
                    day: d,
                    plan,
                } => {
                    if let Some(s) = pick(&services, which) {
                        let _ =
                            store.update_service(&s, service(day(2026, 11, d), plan.map(at)), now);
                    }
                }
                Op::Delete { which } => {
                    if let Some(s) = pick(&services, which) {
                        let _ = store.delete_service(&s);
                    }
                }
                Op::Trash { who } => {
                    let _ = store.trash_customer(&pick(&customers, who).unwrap(), now);
                }
                Op::Restore { who } => {
                    let _ = store.restore_customer(&pick(&customers, who).unwrap(), now);
                }
                Op::Purge { who } => {
                    let _ = store.purge_customer(&pick(&customers, who).unwrap());
                }
                Op::Tick { day: d } => {
                    for r in engine
                        .tick(&store, at(d), &Berlin, Language::En)
                        .unwrap()
                        .fired
                    {
                        if r.kind == ReminderKind::ServicePlan {
                            assert!(fired.insert(r.key.clone()), "{} fired twice", r.key);
                        }
                    }
                }
            }
            store.verify_indexes().unwrap();
            let now = at(15);
            let agenda = store.agenda(&AgendaQuery::default(), now, &Berlin).unwrap();
            let dash = store.dashboard(&year, now, &Berlin).unwrap().after_sales;
            assert_eq!(
                (agenda.service_plans.total, agenda.service_plans.overdue),
                (dash.open_plans, dash.overdue_plans)
            );
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]
        #[test]
        fn random_writes_keep_the_plan_index_right(ops in proptest::collection::vec(op(), 1..30)) {
            run(ops);
        }
    }
}
