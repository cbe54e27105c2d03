//! The agenda: open follow-ups in sections by due time (range scans of the agenda index), open
//! customers with no next step and when each was last contacted (`last_contact`), open service
//! plans (`records::plan_reads`), unresolved complaints (`records::complaint_reads`) and the key dates of the coming week (`dates`).
pub(in crate::store) mod dates;
pub(in crate::store) mod index;
pub(in crate::store) mod last_contact;
pub(in crate::store) mod lazy;
pub(in crate::store) mod reminders;

use crate::error::Result;
use crate::model::{Agenda, AgendaItem, AgendaQuery, AgendaSection, NoNextStep};
use crate::schedule::{local_date, start_of_day};
use crate::store::followups::due::DueKey;
use crate::store::Store;
use chrono::{DateTime, Days, NaiveDate, TimeZone, Utc};
use index::Slim;
use last_contact::last_contact;
use ulid::Ulid;

/// The section boundaries for `now` in `tz`: start of tomorrow and of the day after next week.
fn bounds<Tz: TimeZone>(now: DateTime<Utc>, tz: &Tz) -> (DateTime<Utc>, DateTime<Utc>) {
    let today = local_date(now, tz);
    let day = |n| start_of_day(today.checked_add_days(Days::new(n)).unwrap_or(today), tz);
    (day(1), day(8))
}

/// Whole days from `from` to `to`, 0 when `from` is not before `to`.
fn days_between(from: NaiveDate, to: NaiveDate) -> u32 {
    u32::try_from((to - from).num_days()).unwrap_or(0)
}

impl Store {
    pub fn agenda<Tz: TimeZone>(
        &self,
        q: &AgendaQuery,
        now: DateTime<Utc>,
        tz: &Tz,
    ) -> Result<Agenda> {
        let (tomorrow, week_end) = bounds(now, tz);
        let today = local_date(now, tz);
        let limit = q.limit.min(1_000) as usize;
        let view = self.view()?;
        let due = self.due(&view)?;
        // Owners nobody has match nothing; an empty filter matches everyone.
        let owners: Vec<u32> = q.owners.iter().filter_map(|o| due.owner_id(o)).collect();
        let owner_ok = |o: u32| q.owners.is_empty() || owners.contains(&o);
        let priority_ok = |p| q.priorities.is_empty() || q.priorities.contains(&p);
        // Counting reads the compact entries only; the items shown look up their details.
        let section = |from: Option<DateTime<Utc>>, to: Option<DateTime<Utc>>| {
            let mut s = AgendaSection::default();
            let wanted =
                |(_, e): &(&DueKey, &Slim)| e.live && owner_ok(e.owner) && priority_ok(e.priority);
            for (k, _) in due.range(from, to).filter(wanted) {
                s.total += 1;
                if s.items.len() < limit {
                    if let Some(item) = self.item(k, &view, &due) {
                        s.items.push(item);
                    }
                }
            }
            s
        };
        let mut agenda = Agenda {
            overdue: section(None, Some(now)),
            today: section(Some(now), Some(tomorrow)),
            next7_days: section(Some(tomorrow), Some(week_end)),
            later: section(Some(week_end), None),
            service_plans: self.plan_section(q, now, tomorrow, &view, limit)?,
            key_dates: self.key_date_section(q, today, &view, limit)?,
            complaints: self.complaint_section(q, today, &view, limit)?,
            tasks: self.task_section(q, now, tomorrow, &view, limit)?,
            ..Agenda::default()
        };
        for ((_, id), (owner, priority)) in due.no_next() {
            if !owner_ok(*owner) || !priority_ok(*priority) {
                continue;
            }
            agenda.no_next_step_total += 1;
            if agenda.no_next_step.len() >= limit {
                continue;
            }
            if let Some(row) = view.live_row(id) {
                let last = last_contact(&self.trees, *id)?;
                agenda.no_next_step.push(NoNextStep {
                    customer_id: id.to_string(),
                    customer_name: row.name.clone(),
                    company: row.company.clone(),
                    owner: row.owner.clone(),
                    stage: row.stage,
                    priority: row.priority,
                    last_contact: last,
                    days_since_contact: last.map(|at| days_between(local_date(at, tz), today)),
                });
            }
        }
        Ok(agenda)
    }

    fn item(
        &self,
        k: &DueKey,
        view: &crate::store::view::View,
        due: &index::AgendaIndex,
    ) -> Option<AgendaItem> {
        let rec = due.record(k)?;
        let row = view.live_row(&Ulid(rec.customer))?;
        Some(AgendaItem {
            follow_up_id: k.1.to_string(),
            customer_id: Ulid(rec.customer).to_string(),
            customer_name: row.name.clone(),
            company: row.company.clone(),
            due: DateTime::from_timestamp_micros(k.0).unwrap_or_default(),
            priority: rec.priority,
            owner: if rec.owner.is_empty() {
                row.owner.clone()
            } else {
                rec.owner.clone()
            },
            method: rec.method,
            topic: rec.topic.clone(),
            next_action: rec.next_action.clone(),
        })
    }

    /// Open follow-ups, service plans and stage tasks due by the end of today (overdue included): the
    /// tray's number.
    pub fn due_today_count<Tz: TimeZone>(&self, now: DateTime<Utc>, tz: &Tz) -> Result<u32> {
        let (tomorrow, _) = bounds(now, tz);
        let follow_ups = {
            let view = self.view()?;
            let due = self.due(&view)?;
            due.range(None, Some(tomorrow))
                .filter(|(_, e)| e.live)
                .count() as u32
        };
        Ok(follow_ups + self.plans_due_by(tomorrow)? + self.tasks_due_by(tomorrow)?)
    }
}
