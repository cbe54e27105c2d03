//! One import's job: the plan, the choices it is written with, and what every chunk needs
//! from it — a chunk checked and its new customers prepared for writing (ahead of the writes,
//! see `imports`), each planned customer's input as checked, its follow-ups with their default
//! due times, and the tag names the new customers will have.
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
}

/// A chunk checked and its new customers prepared, ahead of its writes.
#[derive(Default)]
pub(in crate::store) struct Ahead {
    /// The checked form of planned customers whose input checking changed (by index in the
    /// plan); the others are saved as planned (the planner's output is checked already).
    pub normalised: Normalised,
    /// The new customers' records (none for a team book: it writes them in the chunk's
    /// transaction).
    pub prepared: Prepared,
}

pub(in crate::store) type Normalised = HashMap<usize, CustomerInput>;

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

    /// The input to save for planned customer `i`, as its chunk's check left it.
    pub fn input<'s>(&'s self, i: usize, normalised: &'s Normalised) -> &'s CustomerInput {
        normalised.get(&i).unwrap_or(&self.plan.customers[i].input)
    }

    /// The tag names of every new customer, as checking will leave them (trimmed, each
    /// customer's once), in plan order; a name checking would refuse is left out (its chunk's
    /// check fails the import).
    pub fn new_tag_names(&self) -> impl Iterator<Item = String> + '_ {
        self.plan
            .customers
            .iter()
            .filter(|p| matches!(action(p, self.policy), Ok(Action::New)))
            .flat_map(|p| p.input.tags.iter())
            .filter(|t| !t.trim().is_empty())
            .filter_map(|t| validate::tag_name("tags", t).ok())
    }

    /// The chunk of planned customers starting at `start` checked and, unless `team`, its new
    /// customers prepared with the tag ids of `tags`.
    pub fn ahead(
        &self,
        start: usize,
        chunk: &[PlannedCustomer],
        tags: &HashMap<String, Ulid>,
        team: bool,
    ) -> Result<Ahead> {
        let normalised = self.check_range(start..start + chunk.len())?;
        let prepared = match team {
            true => Prepared::default(),
            false => prepare(&self.fresh(start, chunk, &normalised)?, tags, self.now)?,
        };
        Ok(Ahead {
            normalised,
            prepared,
        })
    }

    /// Checks planned customers `range` (a chunk, ahead of its writes: an error stops the
    /// import, which is then rolled back whole) and returns their normalised inputs where
    /// checking changed one. Errors name the item: `customers[3].followUps[1].nextAt`; the
    /// first in plan order is the one reported.
    fn check_range(&self, range: std::ops::Range<usize>) -> Result<Normalised> {
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
    pub fn fresh<'s>(
        &'s self,
        start: usize,
        chunk: &[PlannedCustomer],
        normalised: &'s Normalised,
    ) -> Result<Vec<Fresh<'s>>> {
        let mut out = Vec::with_capacity(chunk.len());
        for (i, p) in chunk.iter().enumerate() {
            if let Action::New = action(p, self.policy)? {
                out.push(Fresh {
                    input: self.input(start + i, normalised),
                    follow_ups: self.follow_ups(p),
                });
            }
        }
        Ok(out)
    }
}
