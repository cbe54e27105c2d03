//! Stage tasks as reminders: an open task reminds once when its due time comes. The fired flag
//! lives in its `task_by_due` entry (set by `mark_reminders_fired` in the same transaction as
//! the other reminders' marks, flushed before it returns), so a restart does not remind again;
//! a re-dated or reopened task gets a fresh entry and reminds at its new time.
use super::reads::parse_due_key;
use super::tx::parse_due_entry;
use crate::error::{CoreError, Result};
use crate::model::{Reminder, ReminderKind, Task};
use crate::store::infra::codec::decode;
use crate::store::infra::keys::{id_bytes, time_id};
use crate::store::Store;
use chrono::{DateTime, Utc};
use ulid::Ulid;

/// A task reminder's key: `t/<task id>/<due micros>` (one occurrence: a re-dated task is
/// another).
fn key(id: Ulid, due: DateTime<Utc>) -> String {
    format!("t/{id}/{}", due.timestamp_micros())
}

/// The `task_by_due` key a task reminder's key stands for.
pub(in crate::store) fn due_key_of(r: &Reminder) -> Option<Vec<u8>> {
    if r.kind != ReminderKind::Task {
        return None;
    }
    let mut parts = r.key.split('/').skip(1);
    let id = Ulid::from_string(parts.next()?).ok()?;
    let due = DateTime::from_timestamp_micros(parts.next()?.parse().ok()?)?;
    Some(time_id(due, id).to_vec())
}

fn corrupt() -> CoreError {
    CoreError::Corrupt("task index entry".into())
}

impl Store {
    /// Open tasks of live customers due by `now` not yet reminded.
    pub(in crate::store) fn unfired_tasks(&self, now: DateTime<Utc>) -> Result<Vec<Reminder>> {
        let view = self.view()?;
        let mut out = Vec::new();
        for kv in self.trees.task_by_due.iter() {
            let (k, v) = kv?;
            let (due, tid) = parse_due_key(&k).ok_or_else(corrupt)?;
            if due > now {
                break;
            }
            let (cid, fired, _) = parse_due_entry(&v).ok_or_else(corrupt)?;
            let Some(row) = view.live_row(&cid).filter(|_| !fired) else {
                continue;
            };
            let Some(t) = self.trees.task_by_id.get(id_bytes(tid))? else {
                continue;
            };
            let t: Task = decode(&t)?;
            out.push(Reminder {
                key: key(tid, due),
                kind: ReminderKind::Task,
                due,
                customer_id: cid.to_string(),
                customer_name: row.name.clone(),
                topic: t.title,
                next_action: String::new(),
                date: None,
            });
        }
        Ok(out)
    }

    /// When the first open task of a live customer not yet reminded is due.
    pub(in crate::store) fn next_task_reminder(&self) -> Result<Option<DateTime<Utc>>> {
        let view = self.view()?;
        for kv in self.trees.task_by_due.iter() {
            let (k, v) = kv?;
            let (due, _) = parse_due_key(&k).ok_or_else(corrupt)?;
            let (cid, fired, _) = parse_due_entry(&v).ok_or_else(corrupt)?;
            if !fired && view.live_row(&cid).is_some() {
                return Ok(Some(due));
            }
        }
        Ok(None)
    }
}
