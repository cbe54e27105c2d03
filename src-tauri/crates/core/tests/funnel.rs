#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The funnel narrows: its steps count who reached each stage (never widening, whatever the
//! current counts), 流失 stands apart with each lost customer at the step it was lost from
//! (its latest move to 流失), in the default and in a custom stage order.
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use chrono_tz::Asia::Shanghai;
use rapport_core::analytics::{self, CustomerFact, Facts, StageChange};
use rapport_core::model::{AnalyticsQuery, Funnel, StageSetting};
use rapport_core::model::{Stage, Stage::*};
use rapport_core::stages::Pipeline;

fn fact(id: &str, stage: Stage) -> CustomerFact {
    CustomerFact {
        id: id.into(),
        name: id.into(),
        owner: "张三".into(),
        source: "".into(),
        category: None,
        industry: "".into(),
        stage,
        lost_reason: if stage == Lost { "价格太高" } else { "" }.into(),
        first_contact: NaiveDate::from_ymd_opt(2025, 1, 5),
        created_at: Utc.with_ymd_and_hms(2025, 1, 5, 1, 0, 0).unwrap(),
        expected_cents: 10_000,
    }
}

fn at(day: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 2, day, 2, 0, 0).unwrap()
}

fn moved(id: &str, day: u32, from: Stage, to: Stage) -> StageChange {
    StageChange {
        customer_id: id.into(),
        at: at(day),
        from,
        to,
        by: "".into(),
    }
}

fn funnel(pipeline: &Pipeline, customers: &[CustomerFact], changes: &[StageChange]) -> Funnel {
    let facts = Facts {
        customers,
        stage_changes: changes,
        ..Facts::default()
    };
    let q = AnalyticsQuery {
        from: NaiveDate::from_ymd_opt(2025, 1, 1).unwrap(),
        to: NaiveDate::from_ymd_opt(2025, 3, 31).unwrap(),
        owner: None,
    };
    analytics::dashboard_in(pipeline, &facts, &q, at(20), &Shanghai).funnel
}

type Step = (Stage, u32, u32, u32);

fn steps(f: &Funnel) -> Vec<Step> {
    f.stages
        .iter()
        .map(|s| (s.stage, s.reached, s.customers, s.lost))
        .collect()
}

/// w1–w3 imported as won (no history: they reached every step); n at 谈判中; l1–l3 lost from
/// 谈判中; l4 lost from 谈判中, revived to 方案沟通, lost again from there (the latest move
/// counts: 方案沟通); l5 imported as lost (no move: the first step); r lost from 谈判中 and
/// revived to 方案沟通 (now open, not lost).
/// Reached (step, reached, now, lost from it): 初步接触 10/0/1 (l5), 需求明确 9/0/0,
/// 方案沟通 9/1 (r)/1 (l4), 谈判中 9/1 (n)/3, 成交 3/3/0. Five lost, apart.
fn demo_shape() -> (Vec<CustomerFact>, Vec<StageChange>) {
    let customers = vec![
        fact("w1", Won),
        fact("w2", Won),
        fact("w3", Won),
        fact("n", Negotiation),
        fact("l1", Lost),
        fact("l2", Lost),
        fact("l3", Lost),
        fact("l4", Lost),
        fact("l5", Lost),
        fact("r", Proposal),
    ];
    let changes = vec![
        moved("l1", 1, Negotiation, Lost),
        moved("l2", 1, Negotiation, Lost),
        moved("l3", 2, Negotiation, Lost),
        // Listed out of time order: the move of the 9th is the latest.
        moved("l4", 9, Proposal, Lost),
        moved("l4", 1, Negotiation, Lost),
        moved("l4", 5, Lost, Proposal),
        moved("r", 1, Negotiation, Lost),
        moved("r", 3, Lost, Proposal),
    ];
    (customers, changes)
}

#[test]
fn the_funnel_never_widens_and_lost_is_not_its_tip() {
    let (customers, changes) = demo_shape();
    let f = funnel(&Pipeline::default(), &customers, &changes);
    assert_eq!(
        steps(&f),
        [
            (InitialContact, 10, 0, 1),
            (NeedsConfirmed, 9, 0, 0),
            (Proposal, 9, 1, 1),
            (Negotiation, 9, 1, 3),
            (Won, 3, 3, 0),
        ]
    );
    assert!(f.stages.windows(2).all(|w| w[1].reached <= w[0].reached));
    assert_eq!((f.customers, f.won, f.lost), (10, 3, 5));
    assert_eq!(f.lost_amount_cents, 50_000);
    assert_eq!(f.stages.iter().map(|s| s.lost).sum::<u32>(), f.lost);
    // Step conversions: 9/10, 9/9, 9/9, 3/9.
    let rates: Vec<Option<f64>> = f.conversions.iter().map(|c| c.rate).collect();
    assert_eq!(rates, [Some(0.9), Some(1.0), Some(1.0), Some(3.0 / 9.0)]);
    assert_eq!(f.win_rate, Some(3.0 / 8.0));
}

#[test]
fn the_funnel_follows_the_users_stage_order_with_a_custom_stage() {
    let named = |stage, name: &str| StageSetting {
        stage,
        name: name.into(),
        tasks: Vec::new(),
    };
    // 调研 (custom) between 需求明确 and 方案沟通; 流失 listed before 成交 stays off the ladder.
    let pipeline = Pipeline::new(&[
        named(InitialContact, ""),
        named(NeedsConfirmed, ""),
        named(Custom1, "调研"),
        named(Proposal, ""),
        named(Negotiation, ""),
        named(Lost, ""),
        named(Won, ""),
    ]);
    let customers = vec![
        fact("a", Custom1),
        fact("b", Lost),
        fact("c", Won),
        fact("d", NeedsConfirmed),
    ];
    let changes = vec![
        moved("a", 1, NeedsConfirmed, Custom1),
        moved("b", 2, Custom1, Lost),
        moved("c", 3, Negotiation, Won),
    ];
    let f = funnel(&pipeline, &customers, &changes);
    assert_eq!(
        steps(&f),
        [
            (InitialContact, 4, 0, 0),
            (NeedsConfirmed, 4, 1, 0),
            (Custom1, 3, 1, 1),
            (Proposal, 1, 0, 0),
            (Negotiation, 1, 0, 0),
            (Won, 1, 1, 0),
        ]
    );
    assert_eq!(f.lost, 1);
}
