#![allow(clippy::unwrap_used, clippy::expect_used)]
//! 业绩 / Performance: each person's month or quarter against their target, the period before,
//! the team total, win rate, average deal and cycle; local-midnight edges in two zones; the
//! viewer rule (a salesperson sees their own row and the team total); and the real store.
mod common;
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use chrono_tz::America::New_York;
use chrono_tz::Asia::Shanghai;
use common::*;
use rapport_core::analytics::{
    performance, CustomerFact, DealFact, Facts, FollowUpFact, StageChange,
};
use rapport_core::error::{CoreError, Invalid};
use rapport_core::model::*;
use rapport_core::stages::Pipeline;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn local<Tz: TimeZone>(tz: &Tz, y: i32, m: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
    tz.with_ymd_and_hms(y, m, d, h, mi, 0)
        .unwrap()
        .with_timezone(&Utc)
}

fn cust(id: &str, owner: &str, stage: Stage, first: NaiveDate) -> CustomerFact {
    CustomerFact {
        id: id.into(),
        name: format!("name-{id}").into(),
        owner: owner.into(),
        source: "".into(),
        category: None,
        industry: "".into(),
        stage,
        lost_reason: "".into(),
        first_contact: Some(first),
        created_at: Utc.with_ymd_and_hms(2025, 1, 1, 0, 0, 0).unwrap(),
        expected_cents: 0,
    }
}

fn deal(id: &str, date: NaiveDate, cents: i64, by: &str) -> DealFact {
    DealFact {
        customer_id: id.into(),
        date,
        amount_cents: cents,
        by: by.into(),
        product: "".into(),
    }
}

fn fu(id: &str, at: DateTime<Utc>, by: &str) -> FollowUpFact {
    FollowUpFact {
        customer_id: id.into(),
        at,
        method: FollowUpMethod::Phone,
        by: by.into(),
        next_by: "".into(),
        due: None,
        done: true,
    }
}

fn moved(id: &str, at: DateTime<Utc>, to: Stage) -> StageChange {
    StageChange {
        customer_id: id.into(),
        at,
        from: Stage::Negotiation,
        to,
        by: "".into(),
    }
}

fn target(person: &str, period: &str, amount: Option<i64>, deals: Option<u32>) -> SalesTarget {
    SalesTarget {
        person: person.into(),
        period: period.into(),
        amount,
        deals,
        new_customers: None,
        follow_ups: None,
    }
}

fn month(period: &str) -> PerformanceQuery {
    PerformanceQuery {
        kind: TargetPeriodKind::Month,
        period: Some(period.into()),
        viewer: None,
    }
}

struct Book {
    customers: Vec<CustomerFact>,
    changes: Vec<StageChange>,
    follow_ups: Vec<FollowUpFact>,
    deals: Vec<DealFact>,
}

impl Book {
    fn facts(&self) -> Facts<'_> {
        Facts {
            customers: &self.customers,
            stage_changes: &self.changes,
            follow_ups: &self.follow_ups,
            deals: &self.deals,
            services: &[],
        }
    }
}

/// 王芳 and 李雷 in Shanghai, November 2026 against October. Every number worked out below.
fn book() -> Book {
    let sh = |d: u32, h: u32, mi: u32| local(&Shanghai, 2026, 11, d, h, mi);
    Book {
        customers: vec![
            // 王芳's: a won (first contact 1 Oct, won 11 Nov: 41 days), a lost, a new one.
            cust("a", "王芳", Stage::Won, day(2026, 10, 1)),
            cust("b", "王芳", Stage::Lost, day(2026, 10, 5)),
            cust("c", "王芳", Stage::Proposal, day(2026, 11, 3)),
            // 李雷's: won on the month's last day at 23:30 local (first contact 21 Nov: 9 days).
            cust("d", "李雷", Stage::Won, day(2026, 11, 21)),
            // October's new customer.
            cust("e", "李雷", Stage::Proposal, day(2026, 10, 30)),
        ],
        changes: vec![
            moved("a", sh(11, 10, 0), Stage::Won),
            moved("b", sh(20, 10, 0), Stage::Lost),
            moved("d", sh(30, 23, 30), Stage::Won),
        ],
        follow_ups: vec![
            fu("a", sh(2, 9, 0), "王芳"),
            fu("c", sh(3, 9, 0), "王芳"),
            // 23:30 local on 30 November is 15:30 UTC: November.
            fu("d", sh(30, 23, 30), "李雷"),
            // 00:30 local on 1 November is still 31 October in UTC: November.
            fu("e", sh(1, 0, 30), "李雷"),
            // 23:59 local on 31 October: October.
            fu("e", local(&Shanghai, 2026, 10, 31, 23, 59), "李雷"),
        ],
        deals: vec![
            deal("a", day(2026, 11, 11), 300_000, "王芳"),
            deal("a", day(2026, 11, 30), 100_000, "王芳"),
            deal("d", day(2026, 11, 30), 250_000, "李雷"),
            deal("a", day(2026, 10, 31), 80_000, "王芳"),
            // Nobody signed it: the team counts it, no row does.
            deal("d", day(2026, 11, 1), 50_000, ""),
            // December: neither period.
            deal("d", day(2026, 12, 1), 999_000, "李雷"),
        ],
    }
}

fn now() -> DateTime<Utc> {
    local(&Shanghai, 2026, 12, 2, 9, 0)
}

#[test]
fn each_person_against_target_last_period_and_team_total() {
    let b = book();
    let targets = vec![
        target("王芳", "2026-11", Some(800_000), Some(4)),
        target("李雷", "2026-11", Some(200_000), None),
        target("赵敏", "2026-11", None, Some(2)),
        target("王芳", "2026-12", Some(1), None),
    ];
    let p = performance(
        &Pipeline::default(),
        &targets,
        &b.facts(),
        &month("2026-11"),
        now(),
        &Shanghai,
    )
    .unwrap();
    assert_eq!(
        (p.period.as_str(), p.previous.as_str(), p.next.as_str()),
        ("2026-11", "2026-10", "2026-12")
    );
    assert_eq!(
        (p.from.as_str(), p.to.as_str()),
        ("2026-11-01", "2026-11-30")
    );
    assert!(p.has_targets);
    let people: Vec<&str> = p.rows.iter().map(|r| r.person.as_str()).collect();
    // Largest amount first; 赵敏 has a target and nothing yet.
    assert_eq!(people, ["王芳", "李雷", "赵敏"]);

    let wang = &p.rows[0];
    assert_eq!(
        wang.current,
        PerformanceFigures {
            amount: 400_000,
            deals: 2,
            new_customers: 1,
            follow_ups: 2
        }
    );
    assert_eq!(
        wang.previous,
        PerformanceFigures {
            amount: 80_000,
            deals: 1,
            new_customers: 2,
            follow_ups: 0
        }
    );
    assert_eq!(wang.target.unwrap().amount, Some(800_000));
    assert_eq!(wang.target.unwrap().deals, Some(4));
    assert_eq!(wang.win_rate, Some(0.5));
    assert_eq!(wang.average_deal, Some(200_000));
    assert_eq!(wang.average_cycle_days, Some(41.0));

    let li = &p.rows[1];
    assert_eq!(
        li.current,
        PerformanceFigures {
            amount: 250_000,
            deals: 1,
            new_customers: 1,
            follow_ups: 2
        }
    );
    assert_eq!(li.previous.new_customers, 1);
    assert_eq!(li.previous.follow_ups, 1);
    assert_eq!(li.win_rate, Some(1.0));
    assert_eq!(li.average_cycle_days, Some(9.0));

    let zhao = &p.rows[2];
    assert_eq!(zhao.current, PerformanceFigures::default());
    assert_eq!((zhao.win_rate, zhao.average_deal), (None, None));

    // The team: everyone's deals, signed or not; its target the sum of the people's.
    assert_eq!(p.team.current.amount, 700_000);
    assert_eq!(p.team.current.deals, 4);
    assert_eq!(p.team.current.follow_ups, 4);
    assert_eq!(p.team.current.new_customers, 2);
    let team = p.team.target.unwrap();
    assert_eq!(
        (team.amount, team.deals, team.follow_ups),
        (Some(1_000_000), Some(6), None)
    );

    // A business target takes the place of the sum.
    let mut with_business = targets.clone();
    with_business.push(target("", "2026-11", Some(5_000_000), None));
    let p = performance(
        &Pipeline::default(),
        &with_business,
        &b.facts(),
        &month("2026-11"),
        now(),
        &Shanghai,
    )
    .unwrap();
    assert_eq!(p.team.target.unwrap().amount, Some(5_000_000));
    assert_eq!(p.team.target.unwrap().deals, None);
}

#[test]
fn a_close_at_2330_local_on_the_months_last_day_counts_in_that_month_in_any_zone() {
    // The same wall-clock facts in New York, where 23:30 on 30 November is already
    // 1 December in UTC (and in Shanghai).
    let ny = |d: u32, h: u32, mi: u32| local(&New_York, 2026, 11, d, h, mi);
    let b = Book {
        customers: vec![cust("d", "李雷", Stage::Won, day(2026, 11, 21))],
        changes: vec![moved("d", ny(30, 23, 30), Stage::Won)],
        follow_ups: vec![
            fu("d", ny(30, 23, 30), "李雷"),
            fu("d", ny(1, 0, 10), "李雷"),
        ],
        deals: vec![],
    };
    let now = local(&New_York, 2026, 12, 1, 9, 0);
    let nov = performance(
        &Pipeline::default(),
        &[],
        &b.facts(),
        &month("2026-11"),
        now,
        &New_York,
    )
    .unwrap();
    assert_eq!(nov.rows[0].current.follow_ups, 2);
    assert_eq!(nov.rows[0].win_rate, Some(1.0));
    assert_eq!(nov.rows[0].average_cycle_days, Some(9.0));
    let dec = performance(
        &Pipeline::default(),
        &[],
        &b.facts(),
        &month("2026-12"),
        now,
        &New_York,
    )
    .unwrap();
    // December shows 李雷 only for November's figures (last period), none of this month's.
    assert_eq!(dec.rows[0].current.follow_ups, 0);
    assert_eq!(dec.rows[0].previous.follow_ups, 2);
    assert_eq!(dec.rows[0].win_rate, None);
    // Read in Shanghai, the same instants are 1 December: the close moves with the zone.
    let sh = performance(
        &Pipeline::default(),
        &[],
        &b.facts(),
        &month("2026-12"),
        now,
        &Shanghai,
    )
    .unwrap();
    assert_eq!(sh.rows[0].current.follow_ups, 1);
    assert_eq!(sh.rows[0].win_rate, Some(1.0));
}

#[test]
fn quarters_sum_their_three_months_and_the_default_is_todays_period() {
    let b = book();
    let q = PerformanceQuery {
        kind: TargetPeriodKind::Quarter,
        period: None,
        viewer: None,
    };
    // Today (2 December) is in Q4: October and November together.
    let p = performance(&Pipeline::default(), &[], &b.facts(), &q, now(), &Shanghai).unwrap();
    assert_eq!(
        (p.period.as_str(), p.from.as_str(), p.to.as_str()),
        ("2026-Q4", "2026-10-01", "2026-12-31")
    );
    assert_eq!(p.team.current.amount, 700_000 + 80_000 + 999_000);
    assert!(!p.has_targets);
    assert_eq!(p.team.target, None);
    // A month asked of the quarter view is refused, naming the period.
    let bad = PerformanceQuery {
        period: Some("2026-11".into()),
        ..q
    };
    let e = performance(
        &Pipeline::default(),
        &[],
        &b.facts(),
        &bad,
        now(),
        &Shanghai,
    )
    .unwrap_err();
    assert_eq!(
        e,
        CoreError::InvalidField {
            field: "period".into(),
            reason: Invalid::TargetPeriod
        }
    );
}

#[test]
fn a_salesperson_sees_their_own_row_and_the_team_a_manager_everyone() {
    let b = book();
    let as_viewer = |person: &str, role| PerformanceQuery {
        viewer: Some(Viewer {
            person: person.into(),
            role,
        }),
        ..month("2026-11")
    };
    let run = |q: &PerformanceQuery| {
        performance(&Pipeline::default(), &[], &b.facts(), q, now(), &Shanghai).unwrap()
    };
    let li = run(&as_viewer("李雷", ViewerRole::Salesperson));
    let rows: Vec<&str> = li.rows.iter().map(|r| r.person.as_str()).collect();
    assert_eq!(rows, ["李雷"]);
    // The team total is everyone's, whoever looks.
    assert_eq!(li.team.current.amount, 700_000);
    // A new salesperson with nothing yet still sees an (empty) own row.
    let new = run(&as_viewer("韩梅梅", ViewerRole::Salesperson));
    assert_eq!(new.rows.len(), 1);
    assert_eq!(new.rows[0].current, PerformanceFigures::default());
    let boss = run(&as_viewer("老板", ViewerRole::Manager));
    assert_eq!(boss.rows.len(), 2);
    assert!(rapport_core::analytics::may_see(None, "王芳"));
}

#[test]
fn the_store_reads_its_deals_and_a_won_deal_moves_the_bar() {
    let (_dir, store) = open_temp();
    let mut s = Settings::with_language(Language::Zh);
    s.me = "王芳".into();
    store.save_settings(s).unwrap();
    store
        .save_targets(vec![target("王芳", "2026-11", Some(1_000_000), Some(2))])
        .unwrap();
    let q = month("2026-11");
    let before = store.performance(&q, t(20), &Shanghai).unwrap();
    assert!(before.rows.iter().all(|r| r.current.amount == 0));
    let cid = store
        .create_customer(customer("华为", &[]), t(1))
        .unwrap()
        .id;
    let input = DealInput {
        date: day(2026, 11, 10),
        amount: 400_000,
        product_or_service: "服务器".into(),
        payment_method: "online".into(),
        ..DealInput::default()
    };
    store.add_deal(&cid, input, t(10), &Shanghai).unwrap();
    let after = store.performance(&q, t(20), &Shanghai).unwrap();
    let wang = after.rows.iter().find(|r| r.person == "王芳").unwrap();
    assert_eq!((wang.current.amount, wang.current.deals), (400_000, 1));
    assert_eq!(wang.target.unwrap().amount, Some(1_000_000));
    assert_eq!(wang.win_rate, None);

    // Moved to 成交 on the board: the team's win rate and cycle count it (its owner is nobody).
    store.move_stage(&cid, Stage::Won, "", t(12)).unwrap();
    let won = store.performance(&q, t(20), &Shanghai).unwrap();
    assert_eq!(won.team.win_rate, Some(1.0));
    assert_eq!(won.team.average_cycle_days, Some(11.0));
}
