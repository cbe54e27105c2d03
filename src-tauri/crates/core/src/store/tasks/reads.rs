//! Reads of stage tasks: a customer's list, the agenda's section (from `task_by_due`, filtered
//! on its entries without decoding a task), the board card's count and the dashboard's
//! per-person figures.
use super::tx::parse_due_entry;
use crate::error::{CoreError, Result};
use crate::model::{AgendaQuery, PersonTasks, Stage, Task, TaskItem, TaskSection};
use crate::store::infra::codec::decode;
use crate::store::infra::keys::{id_bytes, id_from_bytes, parse_id, ID_LEN};
use crate::store::view::View;
use crate::store::Store;
use chrono::{DateTime, Utc};
use std::collections::BTreeMap;
use ulid::Ulid;

/// The due time and task id of a `task_by_due` key.
pub(in crate::store) fn parse_due_key(k: &[u8]) -> Option<(DateTime<Utc>, Ulid)> {
    let t: [u8; 8] = k.get(..8)?.try_into().ok()?;
    let micros = (u64::from_be_bytes(t) ^ (1 << 63)) as i64;
    let id = id_from_bytes(k.get(8..)?).ok()?;
    Some((DateTime::from_timestamp_micros(micros)?, id))
}

fn corrupt(what: &str) -> CoreError {
    CoreError::Corrupt(format!("task index entry: {what}"))
}

impl Store {
    /// A customer's tasks: open ones soonest due first, then the ticked ones, latest first.
    pub fn customer_tasks(&self, customer_id: &str) -> Result<Vec<Task>> {
        self.customer_tasks_of(parse_id("customerId", customer_id)?)
    }

    pub(in crate::store) fn customer_tasks_of(&self, cid: Ulid) -> Result<Vec<Task>> {
        let mut out = Vec::new();
        for kv in self.trees.task_by_customer.scan_prefix(id_bytes(cid)) {
            let (k, _) = kv?;
            let tid = id_from_bytes(k.get(ID_LEN..).ok_or_else(|| corrupt("short key"))?)?;
            if let Some(v) = self.trees.task_by_id.get(id_bytes(tid))? {
                out.push(decode::<Task>(&v)?);
            }
        }
        out.sort_by(|a, b| match (a.done_at, b.done_at) {
            (None, None) => (a.due, &a.id).cmp(&(b.due, &b.id)),
            (None, Some(_)) => std::cmp::Ordering::Less,
            (Some(_), None) => std::cmp::Ordering::Greater,
            (Some(x), Some(y)) => y.cmp(&x),
        });
        Ok(out)
    }

    /// (ticked, total) of a customer's tasks made for `stage`: the board card's "2/5".
    pub(in crate::store) fn stage_task_count(&self, cid: Ulid, stage: Stage) -> Result<(u32, u32)> {
        let (mut done, mut total) = (0, 0);
        for kv in self.trees.task_by_customer.scan_prefix(id_bytes(cid)) {
            let (_, v) = kv?;
            if v.first() == Some(&(stage as u8)) {
                total += 1;
                if v.get(1) == Some(&1) {
                    done += 1;
                }
            }
        }
        Ok((done, total))
    }

    /// Open tasks of live customers matching the agenda's filters: the assignee among
    /// `owners`, the customer's priority among `priorities`. Soonest due first.
    pub(in crate::store) fn task_section(
        &self,
        q: &AgendaQuery,
        now: DateTime<Utc>,
        tomorrow: DateTime<Utc>,
        view: &View,
        limit: usize,
    ) -> Result<TaskSection> {
        let mut s = TaskSection::default();
        for kv in self.trees.task_by_due.iter() {
            let (k, v) = kv?;
            let (due, tid) = parse_due_key(&k).ok_or_else(|| corrupt("key"))?;
            let (cid, _, assignee) = parse_due_entry(&v).ok_or_else(|| corrupt("value"))?;
            let Some(row) = view.live_row(&cid) else {
                continue;
            };
            if !q.owners.is_empty() && !q.owners.iter().any(|o| o == assignee) {
                continue;
            }
            if !q.priorities.is_empty() && !q.priorities.contains(&row.priority) {
                continue;
            }
            s.total += 1;
            if due < now {
                s.overdue += 1;
            }
            if due < tomorrow {
                s.due_today += 1;
            }
            if s.items.len() < limit {
                let Some(t) = self.trees.task_by_id.get(id_bytes(tid))? else {
                    continue;
                };
                let t: Task = decode(&t)?;
                s.items.push(TaskItem {
                    task_id: t.id,
                    customer_id: cid.to_string(),
                    customer_name: row.name.clone(),
                    company: row.company.clone(),
                    assignee: t.assignee,
                    stage: t.stage,
                    title: t.title,
                    due,
                    overdue: due < now,
                });
            }
        }
        Ok(s)
    }

    /// Open tasks of live customers due before `until` (the tray's count).
    pub(in crate::store) fn tasks_due_by(&self, until: DateTime<Utc>) -> Result<u32> {
        let view = self.view()?;
        let mut n = 0;
        for kv in self.trees.task_by_due.iter() {
            let (k, v) = kv?;
            let (due, _) = parse_due_key(&k).ok_or_else(|| corrupt("key"))?;
            if due >= until {
                break;
            }
            let (cid, _, _) = parse_due_entry(&v).ok_or_else(|| corrupt("value"))?;
            if view.live_row(&cid).is_some() {
                n += 1;
            }
        }
        Ok(n)
    }

    /// Stage tasks per person (live customers only): ticked, ticked by their due time, open
    /// and overdue, open and not yet due. By assignee name.
    pub fn task_figures(&self, now: DateTime<Utc>) -> Result<Vec<PersonTasks>> {
        let view = self.view()?;
        let mut by: BTreeMap<String, PersonTasks> = BTreeMap::new();
        for kv in self.trees.task_by_id.iter() {
            let (_, v) = kv?;
            let t: Task = decode(&v)?;
            let Ok(cid) = Ulid::from_string(&t.customer_id) else {
                continue;
            };
            if view.live_row(&cid).is_none() {
                continue;
            }
            let p = by.entry(t.assignee.clone()).or_insert_with(|| PersonTasks {
                assignee: t.assignee.clone(),
                done: 0,
                on_time: 0,
                overdue: 0,
                open: 0,
            });
            match t.done_at {
                Some(at) => {
                    p.done += 1;
                    if at <= t.due {
                        p.on_time += 1;
                    }
                }
                None if t.due < now => p.overdue += 1,
                None => p.open += 1,
            }
        }
        Ok(by.into_values().collect())
    }
}
