//! The period as instants, and every per-customer figure gathered in one pass over each kind of
//! fact, so the metrics look customers up by position instead of scanning.
use super::facts::Facts;
use crate::model::{AnalyticsQuery, Stage};
use crate::schedule::start_of_day;
use crate::stages::Pipeline;
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use rustc_hash::FxHashMap;

/// `num / den`, or `None` when there is nothing to divide by (never NaN).
pub(crate) fn ratio(num: u32, den: u32) -> Option<f64> {
    (den > 0).then(|| f64::from(num) / f64::from(den))
}

/// The query's local days as a half-open range of instants, computed once so that each fact
/// costs a comparison rather than a time-zone conversion.
pub(crate) struct Period<'q> {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub empty: bool,
    pub owner: Option<&'q str>,
}

impl<'q> Period<'q> {
    pub fn new<Tz: TimeZone>(q: &'q AnalyticsQuery, tz: &Tz) -> Self {
        let start = start_of_day(q.from, tz);
        let end =
            q.to.succ_opt()
                .map_or(DateTime::<Utc>::MAX_UTC, |d| start_of_day(d, tz));
        Period {
            from: q.from,
            to: q.to,
            start,
            end,
            empty: q.from > q.to,
            owner: q.owner.as_deref(),
        }
    }

    pub fn has_date(&self, d: NaiveDate) -> bool {
        !self.empty && self.from <= d && d <= self.to
    }

    pub fn has_instant(&self, t: DateTime<Utc>) -> bool {
        !self.empty && self.start <= t && t < self.end
    }

    /// Whether `who` passes the owner filter.
    pub fn owner_ok(&self, who: &str) -> bool {
        self.owner.is_none_or(|o| o == who)
    }
}

/// Per-customer figures, by the customer's position in `Facts::customers`.
pub(crate) struct Index<'a> {
    /// The user's stages: rungs are positions in it (see `Pipeline::rung`).
    pub pipeline: &'a Pipeline,
    /// Customer id → position (the first customer wins if an id repeats).
    pub pos: FxHashMap<&'a str, usize>,
    /// Each position's id, `None` for a repeated id (which `pos` does not lead to).
    ids: Vec<Option<&'a str>>,
    /// The customer passes the owner filter.
    pub owner_ok: Vec<bool>,
    /// The customer belongs to the period: owner passes and first contact is in the period.
    pub cohort: Vec<bool>,
    /// Highest rung reached (history and current stage).
    pub reached: Vec<u8>,
    /// The latest change to won.
    pub won_at: Vec<Option<DateTime<Utc>>>,
    /// The latest change to lost and the rung it left (where the customer was when lost).
    pub lost_from: Vec<Option<(DateTime<Utc>, u8)>>,
    /// Times of the customer's advances, sorted.
    pub advances: Vec<Vec<DateTime<Utc>>>,
    /// All the customer's deals, whatever their date.
    pub deal_total: Vec<i64>,
    pub first_deal: Vec<Option<NaiveDate>>,
}

impl<'a> Index<'a> {
    pub fn build(facts: &Facts<'a>, pipeline: &'a Pipeline, period: &Period<'_>) -> Self {
        let n = facts.customers.len();
        let mut pos = FxHashMap::with_capacity_and_hasher(n, Default::default());
        let mut owner_ok = Vec::with_capacity(n);
        let mut cohort = Vec::with_capacity(n);
        let mut reached = Vec::with_capacity(n);
        let mut ids = Vec::with_capacity(n);
        for (i, c) in facts.customers.iter().enumerate() {
            let first = *pos.entry(&*c.id).or_insert(i) == i;
            ids.push(first.then_some(&*c.id));
            let ok = period.owner_ok(&c.owner);
            let entered = match c.first_contact {
                Some(d) => period.has_date(d),
                None => period.has_instant(c.created_at),
            };
            owner_ok.push(ok);
            cohort.push(ok && entered);
            reached.push(pipeline.rung(c.stage).unwrap_or(0));
        }
        let mut index = Index {
            pipeline,
            pos,
            ids,
            owner_ok,
            cohort,
            reached,
            won_at: vec![None; n],
            lost_from: vec![None; n],
            advances: vec![Vec::new(); n],
            deal_total: vec![0; n],
            first_deal: vec![None; n],
        };
        index.add_history(facts);
        index.add_deals(facts);
        index
    }

    /// The position of a fact's customer, if that customer is known (facts naming an unknown
    /// customer are left out everywhere).
    pub fn find(&self, customer_id: &str) -> Option<usize> {
        self.pos.get(customer_id).copied()
    }

    /// A look-up that remembers the last customer: facts listed by customer (as the store's
    /// by-customer trees give them) then cost one string comparison instead of a hash probe and
    /// its cache misses.
    pub fn finder<'f>(&self) -> Finder<'_, 'a, 'f> {
        Finder {
            index: self,
            last: None,
        }
    }

    fn add_history(&mut self, facts: &Facts<'a>) {
        let mut last: Option<(&str, Option<usize>)> = None;
        for ch in facts.stage_changes {
            let Some(i) = self.find_after(&mut last, &ch.customer_id) else {
                continue;
            };
            if let Some(r) = self.reached.get_mut(i) {
                let seen = self
                    .pipeline
                    .rung(ch.from)
                    .max(self.pipeline.rung(ch.to))
                    .unwrap_or(0);
                *r = (*r).max(seen);
            }
            if ch.to == Stage::Lost {
                let left = (ch.at, self.pipeline.rung(ch.from).unwrap_or(0));
                if let Some(l) = self.lost_from.get_mut(i) {
                    // The latest wins; at the same instant, the higher rung.
                    *l = (*l).max(Some(left));
                }
            }
            if ch.to == Stage::Won {
                if let Some(w) = self.won_at.get_mut(i) {
                    *w = (*w).max(Some(ch.at));
                }
            }
            if self.pipeline.is_advance(ch.from, ch.to) {
                if let Some(a) = self.advances.get_mut(i) {
                    a.push(ch.at);
                }
            }
        }
        for a in &mut self.advances {
            if a.len() > 1 {
                a.sort_unstable();
            }
        }
    }

    fn add_deals(&mut self, facts: &Facts<'a>) {
        let mut last: Option<(&str, Option<usize>)> = None;
        for d in facts.deals {
            let Some(i) = self.find_after(&mut last, &d.customer_id) else {
                continue;
            };
            if let Some(t) = self.deal_total.get_mut(i) {
                *t = t.saturating_add(d.amount_cents);
            }
            if let Some(f) = self.first_deal.get_mut(i) {
                *f = Some(f.map_or(d.date, |f| f.min(d.date)));
            }
        }
    }

    /// `find`, given the previous look-up: the same id again, or the customer right after the
    /// previous one (facts and customers both in id order, as sled keeps them), are found
    /// without touching the hash map.
    fn find_after<'f>(
        &self,
        last: &mut Option<(&'f str, Option<usize>)>,
        id: &'f str,
    ) -> Option<usize> {
        if let Some((prev, found)) = *last {
            if prev == id {
                return found;
            }
        }
        let next = last.and_then(|(_, found)| found).map(|p| p + 1);
        let found = match next {
            Some(p) if self.ids.get(p).copied().flatten() == Some(id) => Some(p),
            _ => self.find(id),
        };
        *last = Some((id, found));
        found
    }

    pub fn in_cohort(&self, i: usize) -> bool {
        self.cohort.get(i).copied().unwrap_or(false)
    }

    pub fn owner_passes(&self, i: usize) -> bool {
        self.owner_ok.get(i).copied().unwrap_or(false)
    }
}

/// See [`Index::finder`].
pub(crate) struct Finder<'i, 'a, 'f> {
    index: &'i Index<'a>,
    last: Option<(&'f str, Option<usize>)>,
}

impl<'f> Finder<'_, '_, 'f> {
    pub fn find(&mut self, id: &'f str) -> Option<usize> {
        self.index.find_after(&mut self.last, id)
    }
}
