//! Demo sales records for the saved demo customers, so the pipeline board, the deal charts and
//! the after-sales figures have something to show: an opportunity for most open customers (and
//! for half the lost ones), one to three deals over the last year for each won customer (some
//! closing a won opportunity), and after-sales visits for most of them — with next service plans
//! due in the coming days, a couple overdue, some later and some already done by a later visit.
//! Deterministic like the customers (the ids the store gave them play no part); dates are
//! relative to `now` and never before a customer's first day in the book.
use super::record_tables::*;
use super::tables::{BUDGETS, NEEDS};
use super::Lcg;
use crate::error::Result;
use crate::model::{
    ComplaintInput, Customer, CustomerFields, CustomerKind, DealInput, OpportunityInput,
    ServiceInput, Stage,
};
use crate::validate::customer_since;
use crate::Store;
use chrono::{DateTime, Days, NaiveDate, Utc};

/// The records of one demo customer, in the order they are written.
#[derive(Debug, Clone, PartialEq)]
pub struct DemoRecords {
    pub customer_id: String,
    /// The opportunity and when it was opened (its creation time).
    pub opportunity: Option<(OpportunityInput, DateTime<Utc>)>,
    /// Deals by date; `true` for the one that closes the opportunity above.
    pub deals: Vec<(DealInput, bool)>,
    /// Service visits by date.
    pub services: Vec<ServiceInput>,
}

/// What becomes of the next service plan of a serviced won customer (taken in turn).
#[derive(Debug, Clone, Copy, PartialEq)]
enum Plan {
    /// Due in the next few days: on the agenda, a reminder then.
    Soon,
    /// Planned, and done by a later visit on or after its day.
    Done,
    None,
    /// Due in a few weeks.
    Later,
    /// Due a day or two ago and not done (at most `MAX_OVERDUE` of them).
    Overdue,
}

const PLAN_TURNS: [Plan; 8] = [
    Plan::Soon,
    Plan::Done,
    Plan::None,
    Plan::Later,
    Plan::Overdue,
    Plan::Done,
    Plan::None,
    Plan::Later,
];
const MAX_OVERDUE: u32 = 2;
/// Plans are due at 02:00 UTC (10:00 in China).
const PLAN_HOUR: u32 = 2;

/// The records of the saved demo customers (customers without any are left out).
pub fn demo_records(customers: &[Customer], now: DateTime<Utc>) -> Vec<DemoRecords> {
    let mut g = RecordGen {
        rng: Lcg(RECORDS_SEED),
        today: now.date_naive(),
        serviced: 0,
        overdue: 0,
        visits: 0,
    };
    customers
        .iter()
        .map(|c| g.records(c))
        .filter(|r| r.opportunity.is_some() || !r.deals.is_empty() || !r.services.is_empty())
        .collect()
}

/// Writes the demo records of the saved demo customers through the records API.
pub fn add_demo_records(store: &Store, customers: &[Customer], now: DateTime<Utc>) -> Result<()> {
    for r in demo_records(customers, now) {
        let opportunity = match r.opportunity {
            Some((input, opened)) => Some(store.add_opportunity(&r.customer_id, input, opened)?.id),
            None => None,
        };
        for (mut deal, closes) in r.deals {
            if closes {
                deal.opportunity_id = opportunity.clone();
            }
            store.add_deal(&r.customer_id, deal, now, &Utc)?;
        }
        for s in r.services {
            store.add_service(&r.customer_id, s, now)?;
        }
    }
    Ok(())
}

/// `day` at `hour`:00 UTC.
fn at(day: NaiveDate, hour: u32) -> DateTime<Utc> {
    day.and_hms_opt(hour, 0, 0).unwrap_or_default().and_utc()
}

fn plus(day: NaiveDate, n: u64) -> NaiveDate {
    day.checked_add_days(Days::new(n)).unwrap_or(day)
}

fn minus(day: NaiveDate, n: u64) -> NaiveDate {
    day.checked_sub_days(Days::new(n)).unwrap_or(day)
}

/// Whole days from `a` to `b` (0 when `b` is not later).
fn days(a: NaiveDate, b: NaiveDate) -> u64 {
    (b - a).num_days().max(0) as u64
}

/// Yuan as cents.
fn cents(yuan: u64) -> i64 {
    (yuan * 100) as i64
}

/// The index of an open default stage (初步接触 … 谈判中) in the stage tables.
fn open_stage(stage: Stage) -> Option<usize> {
    match stage {
        Stage::InitialContact => Some(0),
        Stage::NeedsConfirmed => Some(1),
        Stage::Proposal => Some(2),
        Stage::Negotiation => Some(3),
        _ => None,
    }
}

struct RecordGen {
    rng: Lcg,
    today: NaiveDate,
    /// Won customers given service visits so far (picks their `Plan` in turn).
    serviced: usize,
    /// Overdue plans so far.
    overdue: u32,
    /// Visits so far (every `COMPLAINT_EVERY`th, and every poorly rated one, is a complaint).
    visits: usize,
}

/// One visit in this many is a complaint (besides the poorly rated ones).
const COMPLAINT_EVERY: usize = 6;
/// A complaint received more than this many days ago has been resolved.
const RESOLVED_AFTER_DAYS: u64 = 30;

impl RecordGen {
    fn records(&mut self, c: &Customer) -> DemoRecords {
        let f = &c.fields;
        let l = usize::from(f.name.is_ascii());
        // The first day a record may carry: the one `add_deal` checks deals against.
        let since = customer_since(c, &Utc).min(minus(self.today, 1));
        let mut r = DemoRecords {
            customer_id: c.id.clone(),
            opportunity: None,
            deals: Vec::new(),
            services: Vec::new(),
        };
        match f.stage {
            Stage::Won => self.won(&mut r, f, l, since),
            Stage::Lost if self.rng.pct(50) => r.opportunity = Some(self.lost(f, l, since)),
            stage => {
                if let Some(i) = open_stage(stage).filter(|_| self.rng.pct(85)) {
                    r.opportunity = Some(self.open(f, l, i, since));
                }
            }
        }
        r
    }

    /// A day from `lo` to `hi`, both included (`lo` when `hi` is earlier).
    fn day(&mut self, lo: NaiveDate, hi: NaiveDate) -> NaiveDate {
        plus(lo, self.rng.below(days(lo, hi) + 1))
    }

    /// A working-hours time (09:00–17:00 in China) on a day from `lo` to `hi`.
    fn time(&mut self, lo: NaiveDate, hi: NaiveDate) -> DateTime<Utc> {
        let day = self.day(lo, hi);
        at(day, self.rng.range(1, 9) as u32)
    }

    /// Yuan from `lo` to `hi` in steps of `step`, as cents.
    fn amount(&mut self, (lo, hi): (u64, u64), step: u64) -> i64 {
        cents(self.rng.range(lo / step, hi / step) * step)
    }

    /// The opportunity's need, budget note and source, from what the customer record says.
    fn basics(&mut self, f: &CustomerFields, l: usize) -> OpportunityInput {
        let needs = if f.kind == CustomerKind::Person { 4 } else { 8 };
        let need = match f.needs.core_need.as_str() {
            "" => self.rng.pick(&NEEDS[l][..needs]).to_string(),
            known => known.to_string(),
        };
        OpportunityInput {
            source: f.source.clone(),
            need,
            budget_note: f.needs.budget.clone(),
            ..OpportunityInput::default()
        }
    }

    /// The expected amount of an opportunity at open stage `i`: within the customer's budget
    /// when known, else by stage (smaller for private customers).
    fn expected(&mut self, f: &CustomerFields, l: usize, i: usize) -> i64 {
        let range = match BUDGETS[l].iter().position(|b| *b == f.needs.budget) {
            Some(b) => BUDGET_YUAN[b],
            None if f.kind == CustomerKind::Person => {
                let (lo, hi) = STAGE_YUAN[i];
                (lo, (hi / 4).max(lo))
            }
            None => STAGE_YUAN[i],
        };
        self.amount(range, 1_000)
    }

    /// The opportunity of an open customer at open stage `i`: expected to close in the coming
    /// weeks or months (sooner the further along it is).
    fn open(
        &mut self,
        f: &CustomerFields,
        l: usize,
        i: usize,
        since: NaiveDate,
    ) -> (OpportunityInput, DateTime<Utc>) {
        let (lo, hi) = CLOSE_DAYS[i];
        let close = plus(self.today, self.rng.range(lo, hi));
        let o = OpportunityInput {
            intent: self.rng.pick(&INTENTS[l][i]).into(),
            stage: f.stage,
            expected_close: Some(close),
            expected_amount: Some(self.expected(f, l, i)),
            ..self.basics(f, l)
        };
        (o, self.time(since, minus(self.today, 1)))
    }

    /// The opportunity a lost customer let go, closed on a day since their first contact.
    fn lost(
        &mut self,
        f: &CustomerFields,
        l: usize,
        since: NaiveDate,
    ) -> (OpportunityInput, DateTime<Utc>) {
        let close = self.day(since, minus(self.today, 1));
        let stage = self.rng.below(4) as usize;
        let o = OpportunityInput {
            intent: LOST_INTENT[l].into(),
            stage: Stage::Lost,
            expected_close: Some(close),
            expected_amount: Some(self.expected(f, l, stage)),
            ..self.basics(f, l)
        };
        (o, self.time(since, close))
    }

    /// One to three deals over the last year, the first sometimes closing a won opportunity;
    /// after-sales visits for most.
    fn won(&mut self, r: &mut DemoRecords, f: &CustomerFields, l: usize, since: NaiveDate) {
        let person = f.kind == CustomerKind::Person;
        // Within the dashboard's last 12 months, whatever the day.
        let (lo, hi) = (since.max(minus(self.today, 364)), minus(self.today, 1));
        let wanted = match self.rng.below(100) {
            0..=44 => 1,
            45..=79 => 2,
            _ => 3,
        };
        let span = days(lo, hi) + 1;
        let n = span.min(wanted);
        let part = span / n;
        for k in 0..n {
            let date = plus(lo, k * part + self.rng.below(part));
            r.deals.push((self.deal(l, person, k == 0, date), false));
        }
        let Some(first) = r.deals.first().map(|(d, _)| (d.date, d.amount)) else {
            return;
        };
        if self.rng.pct(60) {
            let (date, amount) = first;
            let yuan = (amount / 100) as u64 * self.rng.range(95, 125) / 100;
            let o = OpportunityInput {
                intent: WON_INTENT[l].into(),
                stage: Stage::Won,
                expected_close: Some(date),
                expected_amount: Some(cents((yuan / 1_000).clamp(5, 500) * 1_000)),
                ..self.basics(f, l)
            };
            let opened = self.time(since.max(minus(date, 60)), date);
            r.opportunity = Some((o, opened));
            r.deals[0].1 = true;
        }
        if self.rng.pct(70) {
            r.services = self.services(l, plus(first.0, 1));
        }
    }

    /// A deal on `date`: the first is the main purchase, later ones are renewals and add-ons.
    fn deal(&mut self, l: usize, person: bool, first: bool, date: NaiveDate) -> DealInput {
        let range = match (person, first, self.rng.below(100)) {
            (true, true, _) => (3_000, 40_000),
            (true, false, _) => (1_000, 10_000),
            (false, false, _) => (5_000, 80_000),
            (false, true, 0..=49) => (20_000, 100_000),
            (false, true, 50..=84) => (100_000, 250_000),
            (false, true, _) => (250_000, 480_000),
        };
        let amount = self.amount(range, 100);
        let product = if first {
            self.rng.pick(MAIN_PRODUCTS[l][usize::from(person)])
        } else {
            self.rng.pick(&MORE_PRODUCTS[l])
        };
        // Large orders are more often paid in instalments.
        let method = match (amount >= cents(200_000), self.rng.below(100)) {
            (true, 0..=49) | (false, 0..=11) => 2,
            (true, 50..=79) | (false, 12..=49) => 1,
            _ => 0,
        };
        let notes = if self.rng.pct(75) {
            self.rng.pick(&PAYMENT_NOTES[l][method])
        } else {
            ""
        };
        DealInput {
            date,
            amount,
            product_or_service: product.into(),
            payment_method: ["online", "offline", "instalments"][method].into(),
            // Blank: sold by the customer's owner (the demo sets no 我是).
            salesperson: String::new(),
            notes: notes.into(),
            opportunity_id: None,
        }
    }

    /// Visits from `start` to yesterday, and what becomes of the next plan (taken in turn).
    fn services(&mut self, l: usize, start: NaiveDate) -> Vec<ServiceInput> {
        let end = minus(self.today, 1);
        if start > end {
            return Vec::new(); // bought yesterday: no visit yet
        }
        let turn = PLAN_TURNS[self.serviced % PLAN_TURNS.len()];
        self.serviced += 1;
        let span = days(start, end);
        let plan = match turn {
            Plan::Done if span < 2 => Plan::None,
            Plan::Overdue if self.overdue >= MAX_OVERDUE || start > minus(self.today, 3) => {
                Plan::None
            }
            p => p,
        };
        if plan == Plan::Done {
            return self.plan_done(l, start, end);
        }
        // The last visit comes before an overdue plan's day.
        let last = if plan == Plan::Overdue {
            minus(self.today, 3)
        } else {
            end
        };
        let first = self.day(start, last);
        let mut visits = vec![self.visit(l, first)];
        if first < last && self.rng.pct(40) {
            let second = self.day(plus(first, 1), last);
            visits.push(self.visit(l, second));
        }
        let due = match plan {
            Plan::Soon => Some(plus(self.today, self.rng.range(1, 6))),
            Plan::Later => Some(plus(self.today, self.rng.range(10, 60))),
            Plan::Overdue => {
                self.overdue += 1;
                Some(minus(self.today, self.rng.range(1, 2)))
            }
            Plan::None | Plan::Done => None,
        };
        if let (Some(day), Some(v)) = (due, visits.last_mut()) {
            self.plan(l, v, day);
        }
        visits
    }

    /// A visit planning the next one, and that next one on or after the planned day (at most
    /// a week late, by yesterday); sometimes planning another, some weeks ahead.
    fn plan_done(&mut self, l: usize, start: NaiveDate, end: NaiveDate) -> Vec<ServiceInput> {
        let a = self.day(start, plus(start, days(start, end) / 2));
        let gap = self.rng.range(1, days(a, end).min(90));
        let planned = plus(a, gap);
        let b = self.day(planned, plus(planned, 7).min(end));
        let mut first = self.visit(l, a);
        self.plan(l, &mut first, planned);
        let (solution, result) = PLANNED_VISIT[l];
        let mut done = ServiceInput {
            date: b,
            request: first.next_plan.clone(),
            solution: solution.into(),
            result: result.into(),
            satisfaction: self.satisfaction(),
            ..ServiceInput::default()
        };
        if self.rng.pct(30) {
            let next = plus(self.today, self.rng.range(20, 90));
            self.plan(l, &mut done, next);
        }
        vec![first, done]
    }

    /// Gives visit `v` a next plan due on `day`.
    fn plan(&mut self, l: usize, v: &mut ServiceInput, day: NaiveDate) {
        v.next_plan = self.rng.pick(&PLANS[l]).into();
        v.next_plan_at = Some(at(day, PLAN_HOUR));
    }

    fn visit(&mut self, l: usize, date: NaiveDate) -> ServiceInput {
        let (request, problem, solution, result) = self.rng.pick(&VISITS[l]);
        let satisfaction = self.satisfaction();
        let result = match satisfaction {
            Some(1 | 2) => self.rng.pick(&POOR_RESULTS[l]),
            _ => result,
        };
        let mut v = ServiceInput {
            date,
            request: request.into(),
            problem: problem.into(),
            solution: solution.into(),
            result: result.into(),
            satisfaction,
            ..ServiceInput::default()
        };
        self.visits += 1;
        if matches!(satisfaction, Some(1 | 2)) || self.visits.is_multiple_of(COMPLAINT_EVERY) {
            self.complaint(&mut v);
        }
        v
    }

    /// Makes visit `v` a complaint received on its day, its choices taken in turn (no draw
    /// from the generator, so the rest of the demo stays as it was): resolved a few days
    /// later when it is old enough, else open or being handled (and not rated yet).
    fn complaint(&self, v: &mut ServiceInput) {
        let n = self.visits;
        let old = days(v.date, self.today) > RESOLVED_AFTER_DAYS;
        let took = 1 + (n * 7 % 10) as u64; // 1–10 days
        let resolved_on = old.then(|| plus(v.date, took).min(minus(self.today, 1)));
        let status = match (old, n % 2) {
            (true, _) => "resolved",
            (false, 0) => "open",
            (false, _) => "inProgress",
        };
        if !old {
            v.satisfaction = None;
        }
        v.complaint = Some(ComplaintInput {
            received_on: v.date,
            category: ["quality", "delivery", "service", "billing", "other"][n % 5].into(),
            severity: ["medium", "high", "low"][(n / COMPLAINT_EVERY) % 3].into(),
            status: status.into(),
            resolved_on,
            resolution: if old {
                v.solution.clone()
            } else {
                String::new()
            },
        });
    }

    /// Mostly 4–5, some 3, a few 1–2, now and then not rated.
    fn satisfaction(&mut self) -> Option<u8> {
        match self.rng.below(100) {
            0..=39 => Some(5),
            40..=72 => Some(4),
            73..=87 => Some(3),
            88..=92 => Some(2),
            93..=95 => Some(1),
            _ => None,
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::demo::demo_customers;
    use std::collections::HashMap;

    /// The demo customers as the store would return them (ids in order).
    fn customers(now: DateTime<Utc>) -> Vec<Customer> {
        demo_customers(now.date_naive())
            .into_iter()
            .enumerate()
            .map(|(i, c)| Customer {
                id: format!("c{i:03}"),
                fields: c.fields,
                tag_ids: Vec::new(),
                created_at: now,
                updated_at: now,
                deleted_at: None,
            })
            .collect()
    }

    #[test]
    fn records_are_valid_deterministic_and_fit_their_customer() {
        // A leap day, a year's end, a month's start, and any day.
        for (y, m, d, h) in [
            (2026, 3, 15, 9),
            (2028, 2, 29, 23),
            (2026, 12, 31, 0),
            (2027, 7, 1, 12),
        ] {
            let day = NaiveDate::from_ymd_opt(y, m, d).unwrap();
            check(day.and_hms_opt(h, 30, 0).unwrap().and_utc());
        }
    }

    fn check(now: DateTime<Utc>) {
        let (all, today) = (customers(now), now.date_naive());
        let records = demo_records(&all, now);
        assert_eq!(records, demo_records(&all, now), "deterministic");
        let by_id: HashMap<_, _> = all.iter().map(|c| (c.id.as_str(), c)).collect();
        let (mut open_opps, mut deals, mut plans) = (0, 0, Vec::new());
        for r in &records {
            let c = by_id[r.customer_id.as_str()];
            let (stage, since) = (c.fields.stage, customer_since(c, &Utc));
            if let Some((o, opened)) = &r.opportunity {
                crate::validate::opportunity(o.clone()).unwrap();
                assert!(
                    *opened < now && opened.date_naive() >= since,
                    "{}",
                    c.fields.name
                );
                let cents = o.expected_amount.unwrap();
                assert!((500_000..=50_000_000).contains(&cents), "{cents}");
                if open_stage(stage).is_some() {
                    open_opps += 1;
                    assert_eq!(o.stage, stage);
                    assert!(o.expected_close.unwrap() > today);
                } else {
                    assert!(matches!(o.stage, Stage::Won | Stage::Lost));
                    assert_eq!(o.stage, stage);
                }
            }
            assert!(
                r.deals.is_empty() || stage == Stage::Won,
                "{}",
                c.fields.name
            );
            assert_eq!(
                r.deals.iter().any(|(_, closes)| *closes),
                stage == Stage::Won && r.opportunity.is_some()
            );
            for (d, _) in &r.deals {
                crate::validate::deal(d.clone()).unwrap();
                assert!(d.date >= since && d.date < today, "{}", c.fields.name);
                assert!((today - d.date).num_days() <= 364);
                deals += 1;
            }
            let first_deal = r.deals.first().map(|(d, _)| d.date);
            for s in &r.services {
                crate::validate::service(s.clone()).unwrap();
                assert!(first_deal.is_some_and(|d| s.date > d) && s.date < today);
                if let Some(p) = s.next_plan_at {
                    assert!(p.date_naive() > s.date && !s.next_plan.is_empty());
                    let done = r
                        .services
                        .iter()
                        .any(|o| o.date >= p.date_naive() && o.date > s.date);
                    plans.push((p, done));
                }
            }
        }
        assert!(open_opps >= 90, "{open_opps} open opportunities");
        assert!(deals >= 40, "{deals} deals");
        let soon = |p: &DateTime<Utc>| *p > now && *p <= now + chrono::Duration::days(7);
        let overdue = plans.iter().filter(|(p, done)| !done && *p < now).count();
        assert!(plans.iter().filter(|(p, done)| !done && soon(p)).count() >= 2);
        assert!((1..=2).contains(&overdue), "{overdue} overdue plans");
        assert!(plans.iter().filter(|(_, done)| *done).count() >= 2);
    }
}
