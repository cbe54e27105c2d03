#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The demo book's sales records: opportunities on open customers, deals on won customers only
//! (within the last year, never before the customer's first day), after-sales visits with open
//! service plans; the pipeline board, the dashboard and the agenda all show them.
mod common;
use chrono::{Datelike, Days, NaiveDate, Utc};
use common::{open_temp, utc};
use rapport_core::model::{
    AgendaQuery, AnalyticsQuery, BoardQuery, Customer, HistoryChange, ListQuery, Stage,
    TimelineEntry,
};
use rapport_core::validate::customer_since;
use rapport_core::Store;
use std::time::Instant;

fn customers(store: &Store) -> Vec<Customer> {
    let q = ListQuery {
        limit: 100_000,
        ..Default::default()
    };
    let rows = store.list_customers(&q).unwrap().rows;
    rows.iter()
        .map(|r| store.get_customer(&r.id).unwrap())
        .collect()
}

fn open(stage: Stage) -> bool {
    matches!(
        stage,
        Stage::InitialContact | Stage::NeedsConfirmed | Stage::Proposal | Stage::Negotiation
    )
}

/// The first day of the 12 months ending `today` (its day a year earlier, plus one).
fn year_before(today: NaiveDate) -> NaiveDate {
    let back = NaiveDate::from_ymd_opt(today.year() - 1, today.month(), today.day())
        .unwrap_or(today - Days::new(365));
    back + Days::new(1)
}

#[test]
fn the_demo_book_has_opportunities_deals_and_service_records() {
    let (_d, store) = open_temp();
    let now = utc(2026, 11, 23, 10, 0);
    let today = now.date_naive();
    let started = Instant::now();
    let loaded = store.load_demo(now, &chrono::Utc).unwrap();
    eprintln!("load_demo took {:?}", started.elapsed());
    let all = customers(&store);
    assert_eq!(all.len(), loaded as usize);

    let (mut open_total, mut open_with, mut deals, mut services) = (0, 0, 0, 0);
    let mut opportunities = 0;
    for c in &all {
        let (f, since) = (&c.fields, customer_since(c, &Utc));
        let opps = store.opportunities_of(&c.id).unwrap();
        opportunities += opps.len();
        if open(f.stage) {
            open_total += 1;
            open_with += usize::from(!opps.is_empty());
            for o in &opps {
                assert_eq!(o.stage, f.stage, "{}", f.name);
                assert!(o.expected_close.unwrap() > today, "{}", f.name);
                let cents = o.expected_amount.unwrap();
                assert!(
                    (500_000..=50_000_000).contains(&cents),
                    "{}: {cents}",
                    f.name
                );
            }
        }
        let ds = store.deals_of(&c.id).unwrap();
        assert!(
            ds.is_empty() || f.stage == Stage::Won,
            "{} has deals",
            f.name
        );
        for d in &ds {
            assert!(
                d.date >= year_before(today) && d.date <= today,
                "{}",
                f.name
            );
            assert!(
                d.date >= since,
                "{}: deal {} before {since}",
                f.name,
                d.date
            );
            if let Some(oid) = &d.opportunity_id {
                let o = store.get_opportunity(oid).unwrap();
                assert_eq!(
                    (o.customer_id.as_str(), o.stage),
                    (c.id.as_str(), Stage::Won)
                );
            }
        }
        deals += ds.len();
        let ss = store.services_of(&c.id).unwrap();
        assert!(
            ss.is_empty() || f.stage == Stage::Won,
            "{} has services",
            f.name
        );
        services += ss.len();
    }
    assert!(
        open_with * 10 >= open_total * 7,
        "{open_with} of {open_total} open customers have an opportunity"
    );
    assert!(deals >= 40, "{deals} deals");
    assert!(services >= 20, "{services} service records");
    eprintln!(
        "demo book: {loaded} customers, {opportunities} opportunities, {deals} deals, \
         {services} service records"
    );

    // Every column of the pipeline board has an amount.
    let board = store.board(&BoardQuery::default(), 20, now).unwrap();
    for col in &board.columns {
        let shown = col.stage != Stage::Lost && col.count > 0;
        assert!(!shown || col.amount_cents > 0, "{:?} is ¥0", col.stage);
    }

    // The dashboard of the last 12 months: deal totals, top customers, after-sales.
    let q = AnalyticsQuery {
        from: year_before(today),
        to: today,
        owner: None,
    };
    let dash = store.dashboard(&q, now, &Utc).unwrap();
    assert_eq!(dash.deals.count as usize, deals);
    assert!(dash.deals.total_cents > 0);
    let months = dash.deals.monthly.iter().filter(|m| m.amount_cents > 0);
    assert!(months.count() >= 6, "{:?}", dash.deals.monthly);
    assert!(!dash.deals.top_customers.is_empty());
    assert!(dash.deals.by_industry.len() >= 4);
    let a = &dash.after_sales;
    assert!(a.services > 0 && a.rated > 0 && a.open_plans > 0, "{a:?}");
    assert!(a.avg_satisfaction.unwrap() >= 3.5, "{a:?}");
    assert!((1..=2).contains(&a.overdue_plans), "{a:?}");
    // The customers climbed to their stage after their conversations: follow-ups succeed.
    let act = &dash.activity;
    assert!(act.successful > 0, "{act:?}");
    let rate = act.success_rate.unwrap();
    eprintln!(
        "follow-up success {}/{} = {rate:.2}",
        act.successful, act.total
    );
    assert!((0.1..0.9).contains(&rate), "{rate}");

    // A customer at 方案沟通 shows the climb on its timeline, each step after a conversation.
    let proposal = all
        .iter()
        .find(|c| c.fields.stage == Stage::Proposal)
        .unwrap();
    let steps: Vec<HistoryChange> = store
        .timeline(&proposal.id)
        .unwrap()
        .into_iter()
        .rev()
        .filter_map(|e| match e {
            TimelineEntry::Change(h) => {
                assert!(h.follow_up_id.is_some());
                assert_eq!(h.by, proposal.fields.owner);
                Some(h.change)
            }
            _ => None,
        })
        .collect();
    let moved = |from, to| HistoryChange::Stage { from, to };
    assert_eq!(
        steps,
        [
            moved(Stage::InitialContact, Stage::NeedsConfirmed),
            moved(Stage::NeedsConfirmed, Stage::Proposal)
        ]
    );

    // The agenda lists the open plans, under the customer's owner; some are due this week.
    let agenda = store.agenda(&AgendaQuery::default(), now, &Utc).unwrap();
    let plans = &agenda.service_plans;
    assert!(plans.total > 0 && !plans.items.is_empty());
    assert_eq!(plans.total, a.open_plans);
    assert_eq!(plans.overdue, a.overdue_plans);
    let week = now + chrono::Duration::days(7);
    assert!(plans
        .items
        .iter()
        .any(|p| p.plan_at > now && p.plan_at <= week));
    for p in &plans.items {
        let c = all.iter().find(|c| c.id == p.customer_id).unwrap();
        assert_eq!(
            (p.owner.as_str(), c.fields.stage),
            (c.fields.owner.as_str(), Stage::Won)
        );
        assert!(!p.plan.is_empty());
    }
    store.verify_indexes().unwrap();
}

#[test]
fn the_demo_brings_a_product_list_naming_every_product_its_deals_sell() {
    use rapport_core::model::{Language, Settings};
    let (_d, store) = open_temp();
    store
        .save_settings(Settings::with_language(Language::Zh))
        .unwrap();
    let now = utc(2026, 11, 23, 10, 0);
    store.load_demo(now, &chrono::Utc).unwrap();
    let products = store.settings().unwrap().unwrap().products;
    assert!(products.iter().all(|p| !p.category.is_empty()));
    let q = rapport_core::model::AnalyticsQuery {
        from: now.date_naive() - chrono::Days::new(400),
        to: now.date_naive(),
        owner: None,
    };
    let dash = store.dashboard(&q, now, &chrono::Utc).unwrap();
    assert!(dash.deals.count > 0);
    assert!(dash.products.by_product.iter().all(|p| p.listed));
    assert!(dash.products.by_category.len() >= 3);
}

/// A team book shares every customer with the team's server: the sample customers would land
/// in everyone's book. It refuses them by name, in both languages, and writes nothing.
#[test]
fn a_team_book_refuses_the_demo_and_queues_nothing() {
    let (_d, store) = open_temp();
    store.set_team_book(true).unwrap();
    let err = store.load_demo(utc(2026, 11, 23, 10, 0), &Utc).unwrap_err();
    assert_eq!(err.code(), "demoInTeamBook");
    let zh = rapport_core::i18n::message(&err, rapport_core::model::Language::Zh);
    let en = rapport_core::i18n::message(&err, rapport_core::model::Language::En);
    assert!(zh.contains("团队客户簿") && zh.contains("示例"), "{zh}");
    assert!(en.contains("team book") && en.contains("ample"), "{en}");
    assert!(customers(&store).is_empty());
    assert_eq!(store.outbox_len(), 0, "nothing for the team's server");
}
