//! Stage tasks (阶段任务): the key tasks of a stage's playbook (`StageSetting::tasks`) made
//! for a customer when it enters the stage, and tasks added by hand; ticked, re-dated,
//! reassigned. Every task write goes through this module's [`tx::TaskTx`], which keeps the
//! indexes and a team book's outbox in the write's transaction. Reads (customer page, agenda,
//! board, dashboard) are in `reads.rs`, reminders in `reminders.rs`.
pub(in crate::store) mod reads;
pub(in crate::store) mod reminders;
pub(in crate::store) mod tx;
pub(in crate::store) mod verify;

use crate::error::{CoreError, Entity, Result};
use crate::model::{Customer, Stage, Task, TaskInput, TaskPatch};
use crate::schedule::{local_date, ScheduleRules};
use crate::stages::Pipeline;
use crate::store::infra::keys::parse_id;
use crate::store::Store;
use crate::validate;
use chrono::{DateTime, Days, TimeZone, Utc};
use sled::transaction::ConflictableTransactionError as Abort;
pub(in crate::store) use tx::TaskTx;
use ulid::Ulid;

/// The due time of a playbook task: `days` local days after `now`'s, at the reminder time of
/// day (`ScheduleRules::due_instant`: a day that skips or repeats that hour still gets one).
pub fn playbook_due<Tz: TimeZone>(
    now: DateTime<Utc>,
    days: u32,
    rules: &ScheduleRules,
    tz: &Tz,
) -> DateTime<Utc> {
    let today = local_date(now, tz);
    let day = today
        .checked_add_days(Days::new(days.into()))
        .unwrap_or(today);
    rules.due_instant(day, tz)
}

/// The tasks a customer entering a stage gets, made before the write's transaction (under the
/// writer lock, so nothing changes in between) and written inside it with [`TaskTx::put`].
pub(in crate::store) struct NewTasks(Vec<(Ulid, Task)>);

impl NewTasks {
    pub fn none() -> NewTasks {
        NewTasks(Vec::new())
    }

    /// Writes them, inside the stage move's transaction.
    pub fn put(
        &self,
        tx: &TaskTx,
        customer: Ulid,
    ) -> sled::transaction::ConflictableTransactionResult<(), CoreError> {
        for (id, t) in &self.0 {
            tx.put(*id, customer, None, t)?;
        }
        Ok(())
    }
}

impl Store {
    /// The playbook tasks of `to` for customer `c` (at stage `from` now): none unless the
    /// stage changes; a task whose title the customer already has at that stage (it was there
    /// before) is not made twice. Due dates count from `now`'s local day in `tz`.
    pub(in crate::store) fn tasks_on_entry<Tz: TimeZone>(
        &self,
        pipeline: &Pipeline,
        c: &Customer,
        to: Stage,
        now: DateTime<Utc>,
        tz: &Tz,
    ) -> Result<NewTasks> {
        let playbook = pipeline.playbook(to);
        if c.fields.stage == to || playbook.is_empty() {
            return Ok(NewTasks::none());
        }
        let cid = parse_id("id", &c.id)?;
        let had: Vec<String> = self
            .customer_tasks_of(cid)?
            .into_iter()
            .filter(|t| t.stage == to)
            .map(|t| t.title)
            .collect();
        let rules = self.rules()?;
        let mut out = Vec::new();
        for tpl in playbook {
            if had.contains(&tpl.title) {
                continue;
            }
            let assignee = if tpl.assignee.is_empty() {
                c.fields.owner.clone()
            } else {
                tpl.assignee.clone()
            };
            out.push((
                Ulid::new(),
                Task {
                    id: String::new(),
                    customer_id: c.id.clone(),
                    stage: to,
                    title: tpl.title.clone(),
                    due: playbook_due(now, tpl.due_days, &rules, tz),
                    assignee,
                    done_at: None,
                    from_playbook: true,
                    created_at: now,
                    updated_at: now,
                },
            ));
        }
        for (id, t) in &mut out {
            t.id = id.to_string();
        }
        Ok(NewTasks(out))
    }

    /// Adds a task by hand to a live customer, at its current stage.
    pub fn add_task(
        &self,
        customer_id: &str,
        input: TaskInput,
        now: DateTime<Utc>,
    ) -> Result<Task> {
        let cid = parse_id("customerId", customer_id)?;
        let input = validate::task_input(input)?;
        let _w = self.writer()?;
        let id = Ulid::new();
        let saved = self.trees.write(|tx| {
            let c = match tx.customers.get(cid)? {
                Some(c) if c.deleted_at.is_none() => c,
                _ => return Err(Abort::Abort(not_found(Entity::Customer, cid))),
            };
            let task = Task {
                id: id.to_string(),
                customer_id: c.id.clone(),
                stage: c.fields.stage,
                title: input.title.clone(),
                due: input.due,
                assignee: if input.assignee.is_empty() {
                    c.fields.owner.clone()
                } else {
                    input.assignee.clone()
                },
                done_at: None,
                from_playbook: false,
                created_at: now,
                updated_at: now,
            };
            tx.tasks.put(id, cid, None, &task)?;
            Ok(task)
        })?;
        self.flush()?;
        Ok(saved)
    }

    /// Ticks or unticks, re-dates, reassigns or renames a task.
    pub fn update_task(&self, id: &str, patch: TaskPatch, now: DateTime<Utc>) -> Result<Task> {
        let tid = parse_id("id", id)?;
        let mut patch = patch;
        if let Some(t) = patch.title.as_mut() {
            validate::task_title("task.title", t)?;
        }
        if let Some(a) = patch.assignee.as_mut() {
            validate::task_assignee(a)?;
        }
        if let Some(d) = patch.due {
            validate::task_due("task.due", d)?;
        }
        let _w = self.writer()?;
        let saved = self.trees.write(|tx| {
            let Some(old) = tx.tasks.get(tid)? else {
                return Err(Abort::Abort(not_found(Entity::Task, tid)));
            };
            let cid = parse_id("customerId", &old.customer_id).map_err(Abort::Abort)?;
            let mut new = old.clone();
            if let Some(done) = patch.done {
                new.done_at = match (done, old.done_at) {
                    (true, Some(at)) => Some(at),
                    (true, None) => Some(now),
                    (false, _) => None,
                };
            }
            if let Some(due) = patch.due {
                new.due = due;
            }
            if let Some(a) = &patch.assignee {
                if !a.is_empty() {
                    new.assignee = a.clone();
                }
            }
            if let Some(t) = &patch.title {
                new.title = t.clone();
            }
            if new == old {
                return Ok(new);
            }
            new.updated_at = now.max(old.created_at);
            tx.tasks.put(tid, cid, Some(&old), &new)?;
            Ok(new)
        })?;
        self.flush()?;
        Ok(saved)
    }
}

fn not_found(entity: Entity, id: Ulid) -> CoreError {
    CoreError::NotFound {
        entity,
        id: id.to_string(),
    }
}
