#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The dashboard's figures on a small hand-made fixture whose every expected number is worked
//! out below, plus an empty period (no NaN), the owner filter and local-midnight boundaries.
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use chrono_tz::Asia::Shanghai;
use rapport_core::analytics::*;
use rapport_core::model::*;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// A Shanghai wall-clock time (UTC+8) as an instant.
fn lt(y: i32, m: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
    Shanghai
        .with_ymd_and_hms(y, m, d, h, mi, 0)
        .unwrap()
        .with_timezone(&Utc)
}

fn utc(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

#[allow(clippy::too_many_arguments)]
fn customer(
    id: &str,
    owner: &str,
    source: &str,
    category: Option<Category>,
    industry: &str,
    stage: Stage,
    lost_reason: &str,
    first_contact: Option<NaiveDate>,
    created_at: DateTime<Utc>,
    expected_cents: i64,
) -> CustomerFact {
    CustomerFact {
        id: id.into(),
        name: format!("name-{id}").into(),
        owner: owner.into(),
        source: source.into(),
        category,
        industry: industry.into(),
        stage,
        lost_reason: lost_reason.into(),
        first_contact,
        created_at,
        expected_cents,
    }
}

fn change(id: &str, at: DateTime<Utc>, from: Stage, to: Stage) -> StageChange {
    StageChange {
        customer_id: id.into(),
        at,
        from,
        to,
        by: "someone".into(),
    }
}

fn follow(
    id: &str,
    at: DateTime<Utc>,
    method: FollowUpMethod,
    by: &str,
    next_by: &str,
    due: Option<DateTime<Utc>>,
    done: bool,
) -> FollowUpFact {
    FollowUpFact {
        customer_id: id.into(),
        at,
        method,
        by: by.into(),
        next_by: next_by.into(),
        due,
        done,
    }
}

/// A deal sold by its customer's owner in the fixtures (Li owns c3, c4, c6, c8, c10).
fn deal(id: &str, date: NaiveDate, amount_cents: i64) -> DealFact {
    let by = if ["c3", "c4", "c6", "c8", "c10"].contains(&id) {
        "Li"
    } else {
        "Wang"
    };
    sold(id, date, amount_cents, by)
}

fn sold(id: &str, date: NaiveDate, amount_cents: i64, by: &str) -> DealFact {
    DealFact {
        customer_id: id.into(),
        date,
        amount_cents,
        by: by.into(),
        product: "".into(),
    }
}

fn service(
    id: &str,
    date: NaiveDate,
    satisfaction: Option<u8>,
    next_plan_at: Option<DateTime<Utc>>,
    plan_done: bool,
) -> ServiceFact {
    ServiceFact {
        customer_id: id.into(),
        date,
        satisfaction,
        next_plan_at,
        plan_done,
        complaint: None,
    }
}

struct Fixture {
    customers: Vec<CustomerFact>,
    changes: Vec<StageChange>,
    follow_ups: Vec<FollowUpFact>,
    deals: Vec<DealFact>,
    services: Vec<ServiceFact>,
}

impl Fixture {
    fn facts(&self) -> Facts<'_> {
        Facts {
            customers: &self.customers,
            stage_changes: &self.changes,
            follow_ups: &self.follow_ups,
            deals: &self.deals,
            services: &self.services,
        }
    }
}

/// Q1 2025 in Shanghai. c1–c8 are first contacted in it; c9 (2024-12-20) and c10 (created at
/// local midnight of 1 April) are not. "ghost" is no customer: its facts are ignored.
fn fixture() -> Fixture {
    use Category::*;
    use FollowUpMethod::*;
    use Stage::*;
    let any = lt(2025, 1, 1, 9, 0);
    let customers = vec![
        customer(
            "c1",
            "Wang",
            "Expo",
            Some(ReadyToBuy),
            "制造",
            Won,
            "",
            Some(day(2025, 1, 5)),
            any,
            0,
        ),
        customer(
            "c2",
            "Wang",
            "Referral",
            Some(Interested),
            "零售",
            Won,
            "",
            Some(day(2025, 1, 15)),
            any,
            0,
        ),
        customer(
            "c3",
            "Li",
            "Expo",
            Some(Interested),
            "制造",
            Lost,
            "价格太高",
            Some(day(2025, 2, 1)),
            any,
            50_000,
        ),
        customer(
            "c4",
            "Li",
            "Website",
            Some(GoodProspect),
            "IT",
            Negotiation,
            "",
            None,
            lt(2025, 2, 10, 11, 0),
            800_000,
        ),
        customer(
            "c5",
            "Wang",
            "Website",
            None,
            "",
            Lost,
            "价格太高 ",
            Some(day(2025, 3, 1)),
            any,
            0,
        ),
        customer(
            "c6",
            "Li",
            "Referral",
            Some(ReadyToBuy),
            "零售",
            Won,
            "",
            Some(day(2025, 3, 10)),
            any,
            0,
        ),
        customer(
            "c7",
            "Wang",
            "Expo",
            Some(OrdinaryProspect),
            "IT",
            Lost,
            "选择了竞品",
            Some(day(2025, 1, 8)),
            any,
            120_000,
        ),
        // Created at 23:59:59 local on the last day: in the period.
        customer(
            "c8",
            "Li",
            "Website",
            None,
            "",
            InitialContact,
            "",
            None,
            utc("2025-03-31T15:59:59Z"),
            100_000,
        ),
        customer(
            "c9",
            "Wang",
            "Expo",
            Some(ReadyToBuy),
            "制造",
            Won,
            "",
            Some(day(2024, 12, 20)),
            any,
            0,
        ),
        // Created at local midnight after the last day: out.
        customer(
            "c10",
            "Li",
            "Website",
            None,
            "",
            InitialContact,
            "",
            None,
            utc("2025-03-31T16:00:00Z"),
            999,
        ),
    ];
    let changes = vec![
        change("c1", lt(2025, 1, 10, 10, 0), InitialContact, NeedsConfirmed),
        change("c1", lt(2025, 1, 20, 10, 0), NeedsConfirmed, Proposal),
        change("c1", lt(2025, 2, 1, 10, 0), Proposal, Negotiation),
        // 01:30 on 15 Feb in Shanghai, still 14 Feb in UTC.
        change("c1", utc("2025-02-14T17:30:00Z"), Negotiation, Won),
        change("c2", lt(2025, 1, 20, 10, 0), InitialContact, Proposal),
        change("c2", lt(2025, 3, 17, 10, 0), Proposal, Won),
        change("c3", lt(2025, 2, 5, 10, 0), InitialContact, NeedsConfirmed),
        change("c3", lt(2025, 2, 20, 10, 0), NeedsConfirmed, Lost),
        change("c4", lt(2025, 2, 12, 10, 0), InitialContact, NeedsConfirmed),
        change("c4", lt(2025, 2, 20, 10, 0), NeedsConfirmed, Proposal),
        change("c4", lt(2025, 3, 1, 10, 0), Proposal, Negotiation),
        change("c5", lt(2025, 3, 5, 10, 0), InitialContact, Lost),
        change("c6", lt(2025, 3, 11, 10, 0), InitialContact, NeedsConfirmed),
        change("c6", lt(2025, 3, 25, 10, 0), NeedsConfirmed, Won),
        change("c7", lt(2025, 1, 9, 10, 0), InitialContact, NeedsConfirmed),
        change("c7", lt(2025, 1, 15, 10, 0), NeedsConfirmed, Proposal),
        change("c7", lt(2025, 1, 30, 10, 0), Proposal, Lost),
        change("ghost", lt(2025, 1, 2, 10, 0), InitialContact, Won),
    ];
    let follow_ups = vec![
        // f1: advance 2 days later → success.
        follow("c1", lt(2025, 1, 8, 10, 0), Phone, "Wang", "", None, true),
        // f2: advance 7 days later → success.
        follow("c1", lt(2025, 1, 25, 10, 0), Visit, "Wang", "", None, true),
        // f3: advance exactly 14 days later → success.
        follow("c2", lt(2025, 3, 3, 10, 0), WeChat, "Wang", "", None, true),
        // f4: 14 days and a minute → no.
        follow("c2", lt(2025, 3, 3, 9, 59), WeChat, "Wang", "", None, true),
        // f5: only a move to lost follows → no. Overdue, for Wang.
        follow(
            "c3",
            lt(2025, 2, 18, 10, 0),
            Phone,
            "Li",
            "Wang",
            Some(lt(2025, 3, 20, 9, 0)),
            false,
        ),
        // f6: advance 4 days later → success. Done, so not overdue.
        follow(
            "c4",
            lt(2025, 2, 25, 10, 0),
            Meeting,
            "Li",
            "",
            Some(lt(2025, 3, 10, 9, 0)),
            true,
        ),
        // f7: stage moved in the same save → success.
        follow("c6", lt(2025, 3, 11, 10, 0), Phone, "Li", "", None, true),
        // f8: nothing follows → no. Due exactly now: not overdue yet.
        follow(
            "c8",
            lt(2025, 3, 31, 15, 0),
            Email,
            "Li",
            "",
            Some(lt(2025, 4, 1, 10, 0)),
            false,
        ),
        // f9: before the period. Overdue, for c7's owner Wang.
        follow(
            "c7",
            lt(2024, 12, 30, 10, 0),
            Phone,
            "Wang",
            "",
            Some(lt(2025, 1, 5, 9, 0)),
            false,
        ),
        // f10: by Zhao for Wang's customer; nothing follows → no. Overdue, for owner Wang.
        follow(
            "c5",
            lt(2025, 3, 2, 10, 0),
            Phone,
            "Zhao",
            "",
            Some(lt(2025, 3, 25, 10, 0)),
            false,
        ),
        // f11: 00:30 on 1 April local → after the period. Overdue, for Li.
        follow(
            "c9",
            utc("2025-03-31T16:30:00Z"),
            Sms,
            "Li",
            "Li",
            Some(utc("2025-04-01T01:00:00Z")),
            false,
        ),
        follow(
            "ghost",
            lt(2025, 2, 2, 10, 0),
            Phone,
            "Wang",
            "",
            Some(lt(2025, 2, 3, 9, 0)),
            false,
        ),
    ];
    let deals = vec![
        deal("c1", day(2025, 3, 5), 500_000),
        deal("c1", day(2025, 3, 20), 150_000),
        deal("c2", day(2025, 3, 18), 300_000),
        deal("c6", day(2025, 3, 28), 200_000),
        deal("c9", day(2025, 1, 10), 400_000),
        deal("c9", day(2024, 12, 28), 250_000),
        deal("ghost", day(2025, 3, 1), 1),
    ];
    let services = vec![
        service(
            "c1",
            day(2025, 3, 10),
            Some(5),
            Some(lt(2025, 4, 10, 9, 0)),
            false,
        ),
        service(
            "c2",
            day(2025, 3, 25),
            Some(4),
            Some(lt(2025, 3, 30, 9, 0)),
            false,
        ),
        service(
            "c6",
            day(2025, 3, 30),
            None,
            Some(lt(2025, 4, 15, 9, 0)),
            true,
        ),
        // A score outside 1–5 that slipped through: counted as a service, not averaged.
        service("c4", day(2025, 2, 1), Some(7), None, false),
        service(
            "c9",
            day(2024, 12, 29),
            Some(1),
            Some(lt(2025, 5, 1, 9, 0)),
            false,
        ),
    ];
    Fixture {
        customers,
        changes,
        follow_ups,
        deals,
        services,
    }
}

fn q1(owner: Option<&str>) -> AnalyticsQuery {
    AnalyticsQuery {
        from: day(2025, 1, 1),
        to: day(2025, 3, 31),
        owner: owner.map(str::to_string),
    }
}

/// 10:00 on 1 April, Shanghai.
fn now() -> DateTime<Utc> {
    utc("2025-04-01T02:00:00Z")
}

fn close(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < 1e-9)
}

fn stage_row(d: &Dashboard, s: Stage) -> (u32, u32, i64) {
    let f = d.funnel.stages.iter().find(|x| x.stage == s).unwrap();
    (f.customers, f.reached, f.amount_cents)
}

/// Each step's customers lost from it, in the funnel's order.
fn lost_per_step(d: &Dashboard) -> Vec<(Stage, u32)> {
    d.funnel.stages.iter().map(|s| (s.stage, s.lost)).collect()
}

fn rates(d: &Dashboard) -> Vec<Option<f64>> {
    d.funnel.conversions.iter().map(|c| c.rate).collect()
}

fn owners(v: &[OwnerCount]) -> Vec<(&str, u32)> {
    v.iter().map(|o| (o.owner.as_str(), o.count)).collect()
}

fn channel_rows(d: &Dashboard) -> Vec<(&str, u32, u32, f64, i64)> {
    d.channels
        .iter()
        .map(|c| {
            (
                c.source.as_str(),
                c.customers,
                c.won,
                c.conversion,
                c.amount_cents,
            )
        })
        .collect()
}

fn months(d: &Dashboard) -> Vec<(&str, i64, u32)> {
    d.deals
        .monthly
        .iter()
        .map(|m| (m.month.as_str(), m.amount_cents, m.deals))
        .collect()
}

/// Every rate is finite, and the dashboard survives a JSON round trip unchanged (NaN would be
/// written as null and not read back equal).
fn assert_clean(d: &Dashboard) {
    let mut rates = vec![
        d.funnel.win_rate,
        d.funnel.avg_days_to_won,
        d.activity.success_rate,
        d.after_sales.avg_satisfaction,
    ];
    rates.extend(d.funnel.conversions.iter().map(|c| c.rate));
    rates.extend(d.channels.iter().map(|c| Some(c.conversion)));
    for r in rates.into_iter().flatten() {
        assert!(r.is_finite(), "{r}");
    }
    let json = serde_json::to_string(d).unwrap();
    assert!(!json.contains("NaN"), "{json}");
    let _: serde_json::Value = serde_json::from_str(&json).unwrap();
    let back: Dashboard = serde_json::from_str(&json).unwrap();
    assert_eq!(&back, d);
}

#[test]
fn funnel_of_the_period() {
    let fx = fixture();
    let d = dashboard(&fx.facts(), &q1(None), now(), &Shanghai);
    let f = &d.funnel;
    // c1–c8; c9 (first contact 2024) and c10 (local 1 April) are out.
    assert_eq!(f.customers, 8);
    // (now at the stage, reached, amount): reached ladders are c1 c2 c6 won, c4 negotiation,
    // c7 proposal (then lost), c3 needs confirmed (then lost), c5 c8 initial.
    assert_eq!(stage_row(&d, Stage::InitialContact), (1, 8, 100_000));
    assert_eq!(stage_row(&d, Stage::NeedsConfirmed), (0, 6, 0)); // c2 skipped it: still reached
    assert_eq!(stage_row(&d, Stage::Proposal), (0, 5, 0));
    assert_eq!(stage_row(&d, Stage::Negotiation), (1, 4, 800_000));
    // Won amount: every deal of c1 (650 000), c2 (300 000), c6 (200 000).
    assert_eq!(stage_row(&d, Stage::Won), (3, 3, 1_150_000));
    // 流失 is no step of the funnel: the lost stand apart. Amount: expected 50 000 (c3) + 0
    // (c5) + 120 000 (c7); each counted at the step it was lost from: c5 初步接触, c3 需求明确,
    // c7 方案沟通.
    assert!(f.stages.iter().all(|s| s.stage != Stage::Lost));
    assert_eq!((f.lost, f.lost_amount_cents), (3, 170_000));
    assert_eq!(
        lost_per_step(&d),
        vec![
            (Stage::InitialContact, 1),
            (Stage::NeedsConfirmed, 1),
            (Stage::Proposal, 1),
            (Stage::Negotiation, 0),
            (Stage::Won, 0),
        ]
    );
    let steps: Vec<(Stage, Stage)> = f.conversions.iter().map(|c| (c.from, c.to)).collect();
    assert_eq!(
        steps,
        vec![
            (Stage::InitialContact, Stage::NeedsConfirmed),
            (Stage::NeedsConfirmed, Stage::Proposal),
            (Stage::Proposal, Stage::Negotiation),
            (Stage::Negotiation, Stage::Won),
        ]
    );
    let r = rates(&d);
    assert!(close(r[0], 6.0 / 8.0));
    assert!(close(r[1], 5.0 / 6.0));
    assert!(close(r[2], 4.0 / 5.0));
    assert!(close(r[3], 3.0 / 4.0));
    assert_eq!((f.won, f.lost), (3, 3));
    assert!(close(f.win_rate, 0.5));
    // c1 5 Jan → 15 Feb (local day of the change) = 41; c2 15 Jan → 17 Mar = 61;
    // c6 10 Mar → 25 Mar = 15. (41 + 61 + 15) / 3 = 39.
    assert!(close(f.avg_days_to_won, 39.0), "{:?}", f.avg_days_to_won);
    assert_clean(&d);
}

#[test]
fn follow_up_activity_and_overdue() {
    let fx = fixture();
    let d = dashboard(&fx.facts(), &q1(None), now(), &Shanghai);
    let a = &d.activity;
    // f1–f8 and f10; f9 is before the period, f11 after it, the ghost's is dropped.
    assert_eq!(a.total, 9);
    let methods: Vec<(FollowUpMethod, u32)> =
        a.by_method.iter().map(|m| (m.method, m.count)).collect();
    assert_eq!(
        methods,
        vec![
            (FollowUpMethod::Visit, 1),
            (FollowUpMethod::Phone, 4),
            (FollowUpMethod::WeChat, 2),
            (FollowUpMethod::Email, 1),
            (FollowUpMethod::Meeting, 1),
        ]
    );
    assert_eq!(
        owners(&a.by_owner),
        vec![("Li", 4), ("Wang", 4), ("Zhao", 1)]
    );
    // f1, f2, f3 (exactly 14 days), f6, f7 (same instant); not f4 (14 days + 1 minute), f5
    // (only a move to lost), f8, f10.
    assert_eq!(a.successful, 5);
    assert!(close(a.success_rate, 5.0 / 9.0));
    // Wang: f5 (next_by), f9 and f10 (his customers); Li: f11. f8 is due exactly now, f6 done.
    assert_eq!(owners(&a.overdue_by_owner), vec![("Wang", 3), ("Li", 1)]);
    assert_eq!(a.overdue_total, 4);
}

#[test]
fn channels_and_lost_reasons() {
    let fx = fixture();
    let d = dashboard(&fx.facts(), &q1(None), now(), &Shanghai);
    assert_eq!(
        channel_rows(&d),
        vec![
            ("Expo", 3, 1, 1.0 / 3.0, 650_000),
            ("Website", 3, 0, 0.0, 0),
            ("Referral", 2, 2, 1.0, 500_000),
        ]
    );
    let reasons: Vec<(&str, u32)> = d
        .lost_reasons
        .iter()
        .map(|r| (r.reason.as_str(), r.count))
        .collect();
    // c5's reason has a trailing space.
    assert_eq!(reasons, vec![("价格太高", 2), ("选择了竞品", 1)]);
}

#[test]
fn deals_of_the_period() {
    let fx = fixture();
    let d = dashboard(&fx.facts(), &q1(None), now(), &Shanghai);
    let s = &d.deals;
    // 500 000 + 150 000 + 300 000 + 200 000 + 400 000 (c9's 2025 deal; its 2024 one is out).
    assert_eq!((s.count, s.total_cents), (5, 1_550_000));
    assert_eq!(
        months(&d),
        vec![
            ("2025-01", 400_000, 1),
            ("2025-02", 0, 0),
            ("2025-03", 1_150_000, 4),
        ]
    );
    let top: Vec<(&str, &str, i64, u32)> = s
        .top_customers
        .iter()
        .map(|t| {
            (
                t.customer_id.as_str(),
                t.name.as_str(),
                t.amount_cents,
                t.deals,
            )
        })
        .collect();
    assert_eq!(
        top,
        vec![
            ("c1", "name-c1", 650_000, 2),
            ("c9", "name-c9", 400_000, 1),
            ("c2", "name-c2", 300_000, 1),
            ("c6", "name-c6", 200_000, 1),
        ]
    );
    let cats: Vec<(Option<Category>, i64, u32)> = s
        .by_category
        .iter()
        .map(|c| (c.category, c.amount_cents, c.deals))
        .collect();
    assert_eq!(
        cats,
        vec![
            (Some(Category::ReadyToBuy), 1_250_000, 4),
            (Some(Category::Interested), 300_000, 1),
        ]
    );
    let inds: Vec<(&str, i64, u32)> = s
        .by_industry
        .iter()
        .map(|i| (i.industry.as_str(), i.amount_cents, i.deals))
        .collect();
    assert_eq!(inds, vec![("制造", 1_050_000, 3), ("零售", 500_000, 2)]);
}

#[test]
fn after_sales() {
    let fx = fixture();
    let d = dashboard(&fx.facts(), &q1(None), now(), &Shanghai);
    assert_eq!(
        d.after_sales,
        AfterSales {
            services: 4,
            rated: 2,
            avg_satisfaction: Some(4.5),
            // c1's, c2's and c9's plans (c9's service is from 2024: plans are a snapshot).
            open_plans: 3,
            overdue_plans: 1,
        }
    );
}

#[test]
fn top_customers_stop_at_twenty() {
    let customers: Vec<CustomerFact> = (0..25)
        .map(|i| {
            let id = format!("k{i:02}");
            customer(
                &id,
                "Wang",
                "",
                None,
                "",
                Stage::Won,
                "",
                Some(day(2025, 1, 1)),
                now(),
                0,
            )
        })
        .collect();
    let deals: Vec<DealFact> = (0..25)
        .map(|i| deal(&format!("k{i:02}"), day(2025, 2, 1), 100 + i))
        .collect();
    let facts = Facts {
        customers: &customers,
        deals: &deals,
        ..Facts::default()
    };
    let d = dashboard(&facts, &q1(None), now(), &Shanghai);
    assert_eq!(d.deals.top_customers.len(), TOP_CUSTOMERS);
    assert_eq!(d.deals.top_customers[0].customer_id, "k24");
    assert_eq!(d.deals.top_customers[19].customer_id, "k05");
}

#[test]
fn owner_filter() {
    let fx = fixture();
    let d = dashboard(&fx.facts(), &q1(Some("Li")), now(), &Shanghai);
    // Li's customers of the period: c3 (lost), c4 (negotiation), c6 (won), c8 (initial).
    assert_eq!(d.funnel.customers, 4);
    assert_eq!(stage_row(&d, Stage::InitialContact), (1, 4, 100_000));
    assert_eq!(stage_row(&d, Stage::NeedsConfirmed), (0, 3, 0));
    assert_eq!(stage_row(&d, Stage::Proposal), (0, 2, 0));
    assert_eq!(stage_row(&d, Stage::Negotiation), (1, 2, 800_000));
    assert_eq!(stage_row(&d, Stage::Won), (1, 1, 200_000));
    assert_eq!((d.funnel.lost, d.funnel.lost_amount_cents), (1, 50_000));
    // c3 was lost from 需求明确.
    let lost: Vec<u32> = lost_per_step(&d).into_iter().map(|(_, n)| n).collect();
    assert_eq!(lost, [0, 1, 0, 0, 0]);
    let r = rates(&d);
    assert!(close(r[0], 3.0 / 4.0));
    assert!(close(r[1], 2.0 / 3.0));
    assert!(close(r[2], 1.0));
    assert!(close(r[3], 1.0 / 2.0));
    assert!(close(d.funnel.win_rate, 0.5));
    assert!(close(d.funnel.avg_days_to_won, 15.0));
    // Follow-ups Li did (f5–f8; f11 is after the period): f6 and f7 succeeded.
    assert_eq!(d.activity.total, 4);
    assert_eq!(owners(&d.activity.by_owner), vec![("Li", 4)]);
    assert!(close(d.activity.success_rate, 0.5));
    // Overdue work that is Li's to do: f11 only (f5 on her customer is Wang's to do).
    assert_eq!(owners(&d.activity.overdue_by_owner), vec![("Li", 1)]);
    assert_eq!(
        channel_rows(&d),
        vec![
            ("Website", 2, 0, 0.0, 0),
            ("Expo", 1, 0, 0.0, 0),
            ("Referral", 1, 1, 1.0, 200_000),
        ]
    );
    assert_eq!(
        months(&d),
        vec![
            ("2025-01", 0, 0),
            ("2025-02", 0, 0),
            ("2025-03", 200_000, 1)
        ]
    );
    assert_eq!(d.deals.top_customers.len(), 1);
    assert_eq!(d.lost_reasons.len(), 1);
    // c6's and c4's services; c4's score is out of range, c6's has none.
    assert_eq!(
        d.after_sales,
        AfterSales {
            services: 2,
            rated: 0,
            avg_satisfaction: None,
            open_plans: 0,
            overdue_plans: 0,
        }
    );
    // Someone with nothing: empty, not NaN.
    let nobody = dashboard(&fx.facts(), &q1(Some("Nobody")), now(), &Shanghai);
    assert_eq!(nobody.funnel.customers, 0);
    assert!(nobody.activity.overdue_by_owner.is_empty());
    assert_clean(&nobody);
}

#[test]
fn empty_period_has_no_nan() {
    let fx = fixture();
    let q = AnalyticsQuery {
        from: day(2030, 1, 1),
        to: day(2030, 1, 31),
        owner: None,
    };
    let d = dashboard(&fx.facts(), &q, now(), &Shanghai);
    assert_eq!(d.funnel.customers, 0);
    assert!(d
        .funnel
        .stages
        .iter()
        .all(|s| s.customers == 0 && s.reached == 0 && s.lost == 0 && s.amount_cents == 0));
    assert_eq!((d.funnel.lost, d.funnel.lost_amount_cents), (0, 0));
    assert_eq!(rates(&d), vec![None; 4]);
    assert_eq!(d.funnel.win_rate, None);
    assert_eq!(d.funnel.avg_days_to_won, None);
    assert_eq!(d.activity.total, 0);
    assert!(d.activity.by_method.is_empty() && d.activity.by_owner.is_empty());
    assert_eq!(d.activity.success_rate, None);
    assert!(d.channels.is_empty());
    assert_eq!((d.deals.count, d.deals.total_cents), (0, 0));
    assert!(d.deals.top_customers.is_empty());
    assert!(d.deals.by_category.is_empty() && d.deals.by_industry.is_empty());
    assert_eq!(months(&d), vec![("2030-01", 0, 0)]);
    assert!(d.lost_reasons.is_empty());
    assert_eq!(d.after_sales.avg_satisfaction, None);
    assert_eq!(d.after_sales.services, 0);
    // Snapshots of now do not depend on the period.
    assert_eq!(d.activity.overdue_total, 4);
    assert_eq!(d.after_sales.open_plans, 3);
    assert_clean(&d);

    // A period that ends before it starts is empty too, months included.
    let backwards = AnalyticsQuery {
        from: day(2025, 3, 31),
        to: day(2025, 1, 1),
        owner: None,
    };
    let d = dashboard(&fx.facts(), &backwards, now(), &Shanghai);
    assert_eq!(d.funnel.customers, 0);
    assert!(d.deals.monthly.is_empty());
    assert_clean(&d);

    // No facts at all.
    let d = dashboard(&Facts::default(), &q1(None), now(), &Shanghai);
    assert_eq!(d.activity.overdue_total, 0);
    assert_eq!(d.after_sales.open_plans, 0);
    assert_eq!(months(&d).len(), 3);
    assert_clean(&d);

    // The fixture itself is clean too.
    assert_clean(&dashboard(&fx.facts(), &q1(None), now(), &Shanghai));
}

#[test]
fn period_ends_at_local_midnight() {
    // Each customer's source names it, so the channel list shows who is in.
    let customers = vec![
        customer(
            "b1",
            "Wang",
            "b1",
            None,
            "",
            Stage::InitialContact,
            "",
            None,
            utc("2024-12-31T15:59:59Z"),
            0,
        ),
        customer(
            "b2",
            "Wang",
            "b2",
            None,
            "",
            Stage::InitialContact,
            "",
            None,
            utc("2024-12-31T16:00:00Z"),
            0,
        ),
        customer(
            "b3",
            "Wang",
            "b3",
            None,
            "",
            Stage::InitialContact,
            "",
            None,
            utc("2025-01-31T15:59:59Z"),
            0,
        ),
        customer(
            "b4",
            "Wang",
            "b4",
            None,
            "",
            Stage::InitialContact,
            "",
            None,
            utc("2025-01-31T16:00:00Z"),
            0,
        ),
    ];
    let at = |s: &str| follow("b2", utc(s), FollowUpMethod::Phone, "Wang", "", None, true);
    let follow_ups = vec![
        at("2024-12-31T15:59:59Z"),
        at("2024-12-31T16:00:00Z"),
        at("2025-01-31T15:59:59Z"),
        at("2025-01-31T16:00:00Z"),
    ];
    let deals = vec![
        deal("b2", day(2024, 12, 31), 1),
        deal("b2", day(2025, 1, 1), 10),
        deal("b2", day(2025, 1, 31), 100),
        deal("b2", day(2025, 2, 1), 1000),
    ];
    let facts = Facts {
        customers: &customers,
        follow_ups: &follow_ups,
        deals: &deals,
        ..Facts::default()
    };
    let january = AnalyticsQuery {
        from: day(2025, 1, 1),
        to: day(2025, 1, 31),
        owner: None,
    };
    let sources = |d: &Dashboard| -> Vec<String> {
        let mut v: Vec<String> = d.channels.iter().map(|c| c.source.clone()).collect();
        v.sort();
        v
    };
    let d = dashboard(&facts, &january, now(), &Shanghai);
    assert_eq!(sources(&d), vec!["b2", "b3"]);
    assert_eq!(d.activity.total, 2);
    assert_eq!((d.deals.count, d.deals.total_cents), (2, 110));
    assert_eq!(months(&d), vec![("2025-01", 110, 2)]);

    // The same instants read in UTC fall on other days.
    let d = dashboard(&facts, &january, now(), &Utc);
    assert_eq!(sources(&d), vec!["b3", "b4"]);
    assert_eq!(d.activity.total, 2);
    // Deals carry a date, not an instant: the time zone does not move them.
    assert_eq!(d.deals.total_cents, 110);
}
