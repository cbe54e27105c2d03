//! One import's job: the plan, the choices it is written with, and what every chunk needs
//! from it — the whole plan checked before anything is written (on two threads), each planned
//! customer's input as checked, its follow-ups with their default due times, and a chunk's new
//! customers prepared for writing.
use super::chunk::{action, Action, ChunkTx, Done};
use super::fresh::{prepare, Fresh, Prepared};
use crate::error::{CoreError, Result};
use crate::import::plan::{as_customer, DuplicatePolicy, Plan, PlannedCustomer};
use crate::model::{CustomerInput, FollowUpInput};
use crate::schedule::ScheduleRules;
use crate::store::infra::tx::Tx;
use crate::store::settings::stages::Author;
use crate::validate;
use chrono::{DateTime, TimeZone, Utc};
use std::collections::HashMap;
use ulid::Ulid;

/// One import: the plan and how to write it.
pub(in crate::store) struct Job<'p, Tz: TimeZone> {
    pub import: Ulid,
    pub plan: &'p Plan,
    pub policy: DuplicatePolicy,
    pub rules: ScheduleRules,
    pub tz: &'p Tz,
    pub now: DateTime<Utc>,
    /// The stages a customer may be at, and who imports.
    pub author: Author,
    /// The checked form of planned customers whose input checking changed (by index); the
    /// others are saved as planned (the planner's output is checked already).
    pub normalised: HashMap<usize, CustomerInput>,
}

impl<Tz: TimeZone> Job<'_, Tz> {
    /// A chunk's writer inside transaction `tx`, its journal numbered from `seq`.
    pub fn chunk<'t, 'a>(
        &'t self,
        tx: &'t Tx<'a>,
        fresh: &'t HashMap<String, Ulid>,
        seq: u32,
    ) -> ChunkTx<'t, 'a> {
        ChunkTx {
            tx,
            import: self.import,
            now: self.now,
            by: &self.author.by,
            fresh,
            done: Done {
                seq,
                ..Done::default()
            },
        }
    }

    pub fn follow_ups(&self, p: &PlannedCustomer) -> Vec<FollowUpInput> {
        if p.follow_ups.is_empty() {
            return Vec::new();
        }
        let customer = as_customer(&p.input, self.now);
        let due = |f: &FollowUpInput| {
            let by = &self.author.by;
            validate::with_default_due(f.clone(), &customer, by, &self.rules, self.tz)
        };
        p.follow_ups.iter().map(due).collect()
    }

    /// The input to save for planned customer `i`.
    pub fn input(&self, i: usize) -> &CustomerInput {
        self.normalised
            .get(&i)
            .unwrap_or(&self.plan.customers[i].input)
    }

    /// Checks the whole plan before anything is written, so a bad item cannot stop the import
    /// half-way, and keeps what checking normalised. Errors name the item:
    /// `customers[3].followUps[1].nextAt`. Two halves on two threads; the first error in
    /// plan order is the one reported.
    pub fn check(&mut self) -> Result<()>
    where
        Tz: Sync,
    {
        let n = self.plan.customers.len();
        let job = &*self;
        let (first, second) = std::thread::scope(|s| {
            let second = s.spawn(move || job.check_range(n / 2..n));
            (job.check_range(0..n / 2), second.join())
        });
        let second =
            second.map_err(|_| CoreError::Storage("checking the import stopped".into()))?;
        let (mut normalised, more) = (first?, second?);
        normalised.extend(more);
        self.normalised = normalised;
        Ok(())
    }

    /// `check` of planned customers `range`: their normalised inputs where checking changed one.
    fn check_range(&self, range: std::ops::Range<usize>) -> Result<HashMap<usize, CustomerInput>> {
        let named = |prefix: String| {
            move |e: CoreError| match e {
                CoreError::InvalidField { field, reason } => {
                    CoreError::invalid(format!("{prefix}.{field}"), reason)
                }
                e => e,
            }
        };
        let mut normalised = HashMap::new();
        for i in range {
            let p = &self.plan.customers[i];
            if let Action::Skip =
                action(p, self.policy).map_err(named(format!("customers[{i}]")))?
            {
                continue;
            }
            let input =
                validate::customer(p.input.clone()).map_err(named(format!("customers[{i}]")))?;
            self.author
                .pipeline
                .check("stage", input.fields.stage)
                .map_err(named(format!("customers[{i}]")))?;
            if !p.follow_ups.is_empty() {
                let owner = as_customer(&input, self.now);
                for (j, f) in self.follow_ups(p).into_iter().enumerate() {
                    validate::follow_up(f, &owner)
                        .map_err(named(format!("customers[{i}].followUps[{j}]")))?;
                }
            }
            let r = &p.records;
            for (j, o) in r.opportunities.iter().enumerate() {
                validate::opportunity(o.clone())
                    .map_err(named(format!("customers[{i}].opportunities[{j}]")))?;
                self.author
                    .pipeline
                    .check("stage", o.stage)
                    .map_err(named(format!("customers[{i}].opportunities[{j}]")))?;
            }
            for (j, d) in r.deals.iter().enumerate() {
                validate::deal(d.clone()).map_err(named(format!("customers[{i}].deals[{j}]")))?;
            }
            for (j, s) in r.services.iter().enumerate() {
                validate::service(s.clone())
                    .map_err(named(format!("customers[{i}].services[{j}]")))?;
            }
            if input != p.input {
                normalised.insert(i, input);
            }
        }
        Ok(normalised)
    }

    /// The new customers of the chunk starting at planned customer `start`.
    pub fn fresh(&self, start: usize, chunk: &[PlannedCustomer]) -> Result<Vec<Fresh<'_>>> {
        let mut out = Vec::with_capacity(chunk.len());
        for (i, p) in chunk.iter().enumerate() {
            if let Action::New = action(p, self.policy)? {
                out.push(Fresh {
                    input: self.input(start + i),
                    follow_ups: self.follow_ups(p),
                });
            }
        }
        Ok(out)
    }

    /// The chunk's new customers prepared with the tag ids of `tags`.
    pub fn prepare(
        &self,
        start: usize,
        chunk: &[PlannedCustomer],
        tags: &HashMap<String, Ulid>,
    ) -> Result<Prepared> {
        prepare(&self.fresh(start, chunk)?, tags, self.now)
    }
}
