//! 业绩 / Performance: each salesperson's figures of a month or quarter against their target,
//! the period before, and the team total, from the same facts as the dashboard.
//!
//! Definitions (the UI's help text says the same):
//! - **Amount, deals**: deals dated in the period (local days), for who sold them (销售员).
//! - **New customers**: customers first contacted in the period (or created in it when the
//!   first contact is unknown), for their owner.
//! - **Follow-ups**: follow-ups that took place in the period (an instant between local
//!   midnight of the first day and local midnight after the last), for who did them.
//! - **Closed in the period**: a customer now 成交 whose latest move to 成交 is in the period
//!   (failing a recorded move, its first deal), or now 流失 whose latest move to 流失 is; for
//!   its owner. Win rate = won / closed; cycle = whole local days first contact → won.
//! - **Team**: everyone's facts, signed or not. Its target is the business target (a target
//!   with no person), or failing one the sum of the people's targets, figure by figure.
use super::facts::Facts;
use super::funnel::days_to_won;
use super::index::{ratio, Index, Period};
use crate::collate::sort_key;
use crate::error::{CoreError, Invalid, Result};
use crate::model::{
    AnalyticsQuery, Performance, PerformanceFigures, PerformanceQuery, PerformanceRow, SalesTarget,
    Stage, TargetFigures, Viewer, ViewerRole,
};
use crate::schedule::local_date;
use crate::stages::Pipeline;
use crate::targets::TargetPeriod;
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use rustc_hash::FxHashMap;

#[derive(Default, Clone, Copy)]
struct Acc {
    current: PerformanceFigures,
    previous: PerformanceFigures,
    won: u32,
    lost: u32,
    cycle_days: i64,
    cycles: u32,
}

/// Which of the two periods a fact falls in.
#[derive(Clone, Copy)]
enum When {
    Current,
    Previous,
}

struct Periods<'q> {
    current: Period<'q>,
    previous: Period<'q>,
}

impl Periods<'_> {
    fn date(&self, d: NaiveDate) -> Option<When> {
        if self.current.has_date(d) {
            Some(When::Current)
        } else if self.previous.has_date(d) {
            Some(When::Previous)
        } else {
            None
        }
    }

    fn instant(&self, t: DateTime<Utc>) -> Option<When> {
        if self.current.has_instant(t) {
            Some(When::Current)
        } else if self.previous.has_instant(t) {
            Some(When::Previous)
        } else {
            None
        }
    }
}

/// Everyone's accumulators: per person (trimmed name) and the team.
struct Tally {
    people: FxHashMap<String, Acc>,
    team: Acc,
}

impl Tally {
    /// Applies `f` to the person's figures and the team's.
    fn add(&mut self, who: &str, f: impl Fn(&mut Acc)) {
        f(&mut self.team);
        let who = who.trim();
        if !who.is_empty() {
            f(self.people.entry(who.to_string()).or_default());
        }
    }
}

fn figures(acc: &mut Acc, when: When) -> &mut PerformanceFigures {
    match when {
        When::Current => &mut acc.current,
        When::Previous => &mut acc.previous,
    }
}

/// The period the query names ("2026-03", "2026-Q1"), or the one holding `today`.
pub fn query_period(query: &PerformanceQuery, today: NaiveDate) -> Result<TargetPeriod> {
    match query.period.as_deref() {
        None => Ok(TargetPeriod::containing(query.kind, today)),
        Some(text) => TargetPeriod::parse(text)
            .filter(|p| p.kind == query.kind)
            .ok_or_else(|| CoreError::invalid("period", Invalid::TargetPeriod)),
    }
}

/// The 业绩 view of the query's period: rows for the people with a target or a figure in it
/// or the period before, restricted by the viewer's role.
pub fn performance<Tz: TimeZone>(
    pipeline: &Pipeline,
    targets: &[SalesTarget],
    facts: &Facts<'_>,
    query: &PerformanceQuery,
    now: DateTime<Utc>,
    tz: &Tz,
) -> Result<Performance> {
    let period = query_period(query, local_date(now, tz))?;
    let q = |p: TargetPeriod| AnalyticsQuery {
        from: p.first_day(),
        to: p.last_day(),
        owner: None,
    };
    let (cq, pq) = (q(period), q(period.previous()));
    let periods = Periods {
        current: Period::new(&cq, tz),
        previous: Period::new(&pq, tz),
    };
    let ix = Index::build(facts, pipeline, &periods.current);
    let mut tally = Tally {
        people: FxHashMap::default(),
        team: Acc::default(),
    };
    for d in facts.deals {
        if ix.find(&d.customer_id).is_none() {
            continue;
        }
        if let Some(when) = periods.date(d.date) {
            tally.add(&d.by, |a| {
                let f = figures(a, when);
                f.amount = f.amount.saturating_add(d.amount_cents);
                f.deals += 1;
            });
        }
    }
    for f in facts.follow_ups {
        if ix.find(&f.customer_id).is_none() {
            continue;
        }
        if let Some(when) = periods.instant(f.at) {
            tally.add(&f.by, |a| figures(a, when).follow_ups += 1);
        }
    }
    for (i, c) in facts.customers.iter().enumerate() {
        let entered = match c.first_contact {
            Some(d) => periods.date(d),
            None => periods.instant(c.created_at),
        };
        if let Some(when) = entered {
            tally.add(&c.owner, |a| figures(a, when).new_customers += 1);
        }
        closed(&mut tally, &periods, &ix, i, c, tz);
    }
    Ok(assemble(period, targets, tally, query.viewer.as_ref()))
}

/// Counts a customer closed (won or lost) in the current period for its owner.
fn closed<Tz: TimeZone>(
    tally: &mut Tally,
    periods: &Periods<'_>,
    ix: &Index<'_>,
    i: usize,
    c: &super::facts::CustomerFact,
    tz: &Tz,
) {
    let in_current = |w: Option<When>| matches!(w, Some(When::Current));
    match c.stage {
        Stage::Won => {
            let when = match ix.won_at.get(i).copied().flatten() {
                Some(at) => periods.instant(at),
                None => ix
                    .first_deal
                    .get(i)
                    .copied()
                    .flatten()
                    .and_then(|d| periods.date(d)),
            };
            if in_current(when) {
                let days = days_to_won(c.first_contact, c.created_at, i, ix, tz);
                tally.add(&c.owner, |a| {
                    a.won += 1;
                    if let Some(days) = days {
                        a.cycle_days += days;
                        a.cycles += 1;
                    }
                });
            }
        }
        Stage::Lost => {
            let when = ix
                .lost_from
                .get(i)
                .copied()
                .flatten()
                .and_then(|(at, _)| periods.instant(at));
            if in_current(when) {
                tally.add(&c.owner, |a| a.lost += 1);
            }
        }
        _ => {}
    }
}

fn row(person: String, acc: &Acc, target: Option<TargetFigures>) -> PerformanceRow {
    let average_deal =
        (acc.current.deals > 0).then(|| acc.current.amount / i64::from(acc.current.deals));
    PerformanceRow {
        person,
        current: acc.current,
        previous: acc.previous,
        target,
        win_rate: ratio(acc.won, acc.won + acc.lost),
        average_deal,
        average_cycle_days: (acc.cycles > 0).then(|| acc.cycle_days as f64 / f64::from(acc.cycles)),
    }
}

fn figures_of(t: &SalesTarget) -> TargetFigures {
    TargetFigures {
        amount: t.amount,
        deals: t.deals,
        new_customers: t.new_customers,
        follow_ups: t.follow_ups,
    }
}

/// Figure by figure: set when either side sets it.
fn sum(a: TargetFigures, b: TargetFigures) -> TargetFigures {
    fn add<T: std::ops::Add<Output = T>>(x: Option<T>, y: Option<T>) -> Option<T> {
        match (x, y) {
            (Some(x), Some(y)) => Some(x + y),
            (x, None) => x,
            (None, y) => y,
        }
    }
    TargetFigures {
        amount: add(a.amount, b.amount),
        deals: add(a.deals, b.deals),
        new_customers: add(a.new_customers, b.new_customers),
        follow_ups: add(a.follow_ups, b.follow_ups),
    }
}

/// Who may see `person`'s row: everyone on a solo book and for a manager; a salesperson only
/// their own (the team total is always shown).
pub fn may_see(viewer: Option<&Viewer>, person: &str) -> bool {
    match viewer {
        None => true,
        Some(v) => match v.role {
            ViewerRole::Manager => true,
            ViewerRole::Salesperson => v.person.trim().to_lowercase() == person.to_lowercase(),
        },
    }
}

fn assemble(
    period: TargetPeriod,
    targets: &[SalesTarget],
    mut tally: Tally,
    viewer: Option<&Viewer>,
) -> Performance {
    let label = period.to_string();
    let mut business: Option<TargetFigures> = None;
    let mut people_sum: Option<TargetFigures> = None;
    let mut personal: FxHashMap<String, TargetFigures> = FxHashMap::default();
    for t in targets
        .iter()
        .filter(|t| TargetPeriod::parse(&t.period).is_some_and(|p| p == period))
    {
        let person = t.person.trim();
        if person.is_empty() {
            business = Some(figures_of(t));
            continue;
        }
        people_sum = Some(sum(people_sum.unwrap_or_default(), figures_of(t)));
        // A target is kept under the spelling the figures use when they differ only in case.
        let key = tally
            .people
            .keys()
            .find(|k| k.to_lowercase() == person.to_lowercase())
            .cloned()
            .unwrap_or_else(|| person.to_string());
        tally.people.entry(key.clone()).or_default();
        personal.insert(key, figures_of(t));
    }
    if let Some(v) = viewer.filter(|v| v.role == ViewerRole::Salesperson) {
        // A salesperson always sees their own row, even an empty one.
        let me = v.person.trim();
        let known = tally
            .people
            .keys()
            .any(|k| k.to_lowercase() == me.to_lowercase());
        if !me.is_empty() && !known {
            tally.people.insert(me.to_string(), Acc::default());
        }
    }
    let has_targets = business.is_some() || people_sum.is_some();
    let mut rows: Vec<PerformanceRow> = tally
        .people
        .iter()
        .filter(|(person, _)| may_see(viewer, person))
        .map(|(person, acc)| row(person.clone(), acc, personal.get(person).copied()))
        .collect();
    rows.sort_by(|a, b| {
        b.current
            .amount
            .cmp(&a.current.amount)
            .then_with(|| sort_key(&a.person).cmp(&sort_key(&b.person)))
    });
    Performance {
        kind: period.kind,
        period: label,
        previous: period.previous().to_string(),
        next: period.next().to_string(),
        from: period.first_day().to_string(),
        to: period.last_day().to_string(),
        rows,
        team: row(String::new(), &tally.team, business.or(people_sum)),
        has_targets,
    }
}
