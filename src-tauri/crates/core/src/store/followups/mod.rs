//! Follow-ups: log, edit, delete, complete, snooze. A follow-up, its index entries, the
//! answered follow-up and the customer's stage change land in one transaction; memory (the
//! list view and the agenda index) follows after the commit.
pub(in crate::store) mod contact_times;
pub(in crate::store) mod due;
pub(in crate::store) mod reads;
pub(in crate::store) mod tx;

use crate::error::{CoreError, Invalid, Result};
use crate::model::{Customer, FollowUp, FollowUpInput, Snooze};
use crate::schedule::ScheduleRules;
use crate::store::infra::keys::parse_id;
use crate::store::outbox::Gone;
use crate::store::settings::stages::Author;
use crate::store::tasks::NewTasks;
use crate::store::Store;
use crate::validate;
use chrono::{DateTime, TimeZone, Utc};
use sled::transaction::ConflictableTransactionError as Abort;
use tx::{check, live_customer, move_customer, not_found, record, DueChanges};
use ulid::Ulid;

impl Store {
    /// Applies a committed transaction's due changes and customer change, then flushes.
    fn commit_follow_up(&self, changes: DueChanges, customer: Option<Customer>) -> Result<()> {
        if let Some(c) = customer {
            // The customer first: due entries copy its state from the view.
            self.commit(std::slice::from_ref(&c))?;
            return self.apply_due(changes);
        }
        self.apply_due(changes)?;
        self.flush()
    }

    pub(in crate::store) fn apply_due(&self, changes: DueChanges) -> Result<()> {
        if !self.in_memory {
            return Ok(());
        }
        if !changes.contacts.is_empty() {
            let mut view = self.view_mut()?;
            for (customer, last) in &changes.contacts {
                view.set_last_contact(*customer, *last);
            }
        }
        let view = self.view()?;
        let mut due = self.due_mut(&view)?;
        for k in changes.removed {
            // The customer's id is in the record, which `remove` reads.
            let customer = due.record(&k).map(|r| Ulid(r.customer));
            let facts = customer.and_then(|c| view.facts(&c));
            due.remove(k, facts.as_ref());
        }
        for (k, rec) in changes.added {
            let facts = view.facts(&Ulid(rec.customer));
            due.put(k, rec, facts.as_ref());
        }
        Ok(())
    }

    /// Who moves the customer a follow-up carries, after checking its stage is in the
    /// pipeline (call under the writer lock).
    fn moving_author(&self, input: &FollowUpInput) -> Result<Author> {
        let author = self.author()?;
        if let Some(stage) = input.stage {
            author.pipeline.check("stage", stage)?;
        }
        Ok(author)
    }

    /// The user's scheduling rules.
    pub fn rules(&self) -> Result<ScheduleRules> {
        Ok(self
            .settings()?
            .map(|s| ScheduleRules::from(&s.schedule))
            .unwrap_or_default())
    }

    /// Logs a follow-up of a customer. With `closes`, the open follow-up it answers is marked
    /// done; with `stage` / `category`, the customer moves and the change is recorded — all in
    /// one transaction.
    pub fn log_follow_up<Tz: TimeZone>(
        &self,
        customer_id: &str,
        input: FollowUpInput,
        now: DateTime<Utc>,
        tz: &Tz,
    ) -> Result<FollowUp> {
        let cid = parse_id("customerId", customer_id)?;
        let rules = self.rules()?;
        let closes = match &input.closes {
            Some(s) if !s.trim().is_empty() => Some(parse_id("closes", s)?),
            _ => None,
        };
        let fid = Ulid::new();
        let _w = self.writer()?;
        let author = self.moving_author(&input)?;
        // Entering a stage makes its playbook's tasks (the writer lock keeps `current` true).
        let tasks = match input.stage {
            Some(stage) => {
                let current = self.get_customer(&cid.to_string())?;
                self.tasks_on_entry(&author.pipeline, &current, stage, now, tz)?
            }
            None => NewTasks::none(),
        };
        let (saved, changes, moved) = self.trees.write(|tx| {
            let customer = live_customer(tx, cid)?;
            let input =
                validate::with_default_due(input.clone(), &customer, &author.by, &rules, tz);
            let v = check(validate::follow_up(input, &customer))?;
            let mut changes = DueChanges::default();
            if let Some(old_id) = closes {
                let old = match tx.follow_ups.get(old_id)? {
                    Some(f) if f.customer_id == customer.id && !f.done => f,
                    _ => return Err(Abort::Abort(CoreError::invalid("closes", Invalid::NotOpen))),
                };
                let done = FollowUp {
                    done: true,
                    updated_at: now,
                    ..old.clone()
                };
                tx.follow_ups
                    .put(old_id, cid, Some(&old), &done, &mut changes)?;
            }
            let f = record(fid, cid, &v, now, now);
            tx.follow_ups.put(fid, cid, None, &f, &mut changes)?;
            let moved = move_customer(tx, cid, &customer, &v, fid, now, &author.by)?;
            if moved
                .as_ref()
                .is_some_and(|m| m.fields.stage != customer.fields.stage)
            {
                tasks.put(&tx.tasks, cid)?;
            }
            Ok((f, changes, moved))
        })?;
        self.commit_follow_up(changes, moved)?;
        Ok(saved)
    }

    /// Logs many follow-ups (of existing customers) in one transaction: benchmarks and, later,
    /// imports. No stage changes or closing here; errors name the item: `followUps[3].nextAt`.
    pub fn log_follow_ups<Tz: TimeZone>(
        &self,
        items: Vec<(String, FollowUpInput)>,
        now: DateTime<Utc>,
        tz: &Tz,
    ) -> Result<Vec<FollowUp>> {
        let rules = self.rules()?;
        let me = self.author()?.by;
        let mut parsed = Vec::with_capacity(items.len());
        for (i, (cid, input)) in items.into_iter().enumerate() {
            let cid = parse_id(&format!("followUps[{i}].customerId"), &cid)?;
            parsed.push((cid, input));
        }
        let mut ulids = ulid::Generator::new();
        let ids: Vec<Ulid> = parsed
            .iter()
            .map(|_| ulids.generate())
            .collect::<Result<_, _>>()
            .map_err(|e| CoreError::Storage(format!("no id left this millisecond: {e}")))?;
        let _w = self.writer()?;
        let (saved, changes) = self.trees.write(|tx| {
            let mut changes = DueChanges::default();
            let mut out = Vec::with_capacity(parsed.len());
            for (i, ((cid, input), fid)) in parsed.iter().zip(&ids).enumerate() {
                let customer = live_customer(tx, *cid)?;
                let input = validate::with_default_due(input.clone(), &customer, &me, &rules, tz);
                let v = check(validate::follow_up(input, &customer).map_err(|e| match e {
                    CoreError::InvalidField { field, reason } => {
                        CoreError::invalid(format!("followUps[{i}].{field}"), reason)
                    }
                    e => e,
                }))?;
                let f = record(*fid, *cid, &v, now, now);
                tx.follow_ups.put(*fid, *cid, None, &f, &mut changes)?;
                out.push(f);
            }
            Ok((out, changes))
        })?;
        self.commit_follow_up(changes, None)?;
        Ok(saved)
    }

    /// Edits a follow-up (and may move its customer like `log_follow_up`).
    pub fn update_follow_up<Tz: TimeZone>(
        &self,
        id: &str,
        input: FollowUpInput,
        now: DateTime<Utc>,
        tz: &Tz,
    ) -> Result<FollowUp> {
        let fid = parse_id("id", id)?;
        let rules = self.rules()?;
        let _w = self.writer()?;
        let author = self.moving_author(&input)?;
        let (saved, changes, moved) = self.trees.write(|tx| {
            let Some(old) = tx.follow_ups.get(fid)? else {
                return Err(Abort::Abort(not_found(fid)));
            };
            let cid = check(parse_id("customerId", &old.customer_id))?;
            let customer = live_customer(tx, cid)?;
            // Edited without a 跟进人, it keeps the one it has.
            let mut input = input.clone();
            if input.by.trim().is_empty() {
                input.by.clone_from(&old.by);
            }
            let input = validate::with_default_due(input, &customer, &author.by, &rules, tz);
            let v = check(validate::follow_up(input, &customer))?;
            let mut changes = DueChanges::default();
            let new = record(fid, cid, &v, old.created_at, now);
            tx.follow_ups
                .put(fid, cid, Some(&old), &new, &mut changes)?;
            let moved = move_customer(tx, cid, &customer, &v, fid, now, &author.by)?;
            Ok((new, changes, moved))
        })?;
        self.commit_follow_up(changes, moved)?;
        Ok(saved)
    }

    pub fn delete_follow_up(&self, id: &str) -> Result<()> {
        let fid = parse_id("id", id)?;
        let _w = self.writer()?;
        let changes = self.trees.write(|tx| {
            let Some(old) = tx.follow_ups.get(fid)? else {
                return Err(Abort::Abort(not_found(fid)));
            };
            let cid = check(parse_id("customerId", &old.customer_id))?;
            let mut changes = DueChanges::default();
            tx.follow_ups
                .remove(fid, cid, &old, &mut changes, Gone::Deleted)?;
            Ok(changes)
        })?;
        self.commit_follow_up(changes, None)
    }

    /// Changes one open follow-up with `f`, which may refuse it.
    fn change_open(
        &self,
        id: &str,
        now: DateTime<Utc>,
        f: impl Fn(&FollowUp) -> Result<FollowUp>,
    ) -> Result<FollowUp> {
        let fid = parse_id("id", id)?;
        let _w = self.writer()?;
        let (saved, changes) = self.trees.write(|tx| {
            let Some(old) = tx.follow_ups.get(fid)? else {
                return Err(Abort::Abort(not_found(fid)));
            };
            let cid = check(parse_id("customerId", &old.customer_id))?;
            live_customer(tx, cid)?;
            let mut new = check(f(&old))?;
            new.updated_at = now;
            let mut changes = DueChanges::default();
            tx.follow_ups
                .put(fid, cid, Some(&old), &new, &mut changes)?;
            Ok((new, changes))
        })?;
        self.commit_follow_up(changes, None)?;
        Ok(saved)
    }

    /// Marks a follow-up done: it leaves the agenda. A follow-up without content cannot be
    /// done (the user logs what happened first).
    pub fn complete_follow_up(&self, id: &str, now: DateTime<Utc>) -> Result<FollowUp> {
        self.change_open(id, now, |old| {
            if old.content.trim().is_empty() {
                return Err(CoreError::invalid("content", Invalid::RequiredWhenDone));
            }
            Ok(FollowUp {
                done: true,
                ..old.clone()
            })
        })
    }

    /// Moves an open follow-up's due time (snooze, reschedule); it is reminded again then.
    pub fn snooze_follow_up<Tz: TimeZone>(
        &self,
        id: &str,
        snooze: Snooze,
        now: DateTime<Utc>,
        tz: &Tz,
    ) -> Result<FollowUp> {
        let until = self.rules()?.snooze_until(snooze, now, tz);
        self.change_open(id, now, |old| {
            if old.done {
                return Err(CoreError::invalid("id", Invalid::NotOpen));
            }
            validate::follow_up_time("until", until)?;
            if until < old.at {
                return Err(CoreError::invalid("until", Invalid::BeforeFollowUp));
            }
            Ok(FollowUp {
                next_at: Some(until),
                ..old.clone()
            })
        })
    }
}
