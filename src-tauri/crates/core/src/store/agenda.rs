//! The agenda: open follow-ups in sections by due time (range scans of the due index), and
//! open customers with no next step.
use super::due::{DueKey, DueRecord};
use super::row::RowRecord;
use super::Store;
use crate::error::Result;
use crate::model::{Agenda, AgendaItem, AgendaQuery, AgendaSection, NoNextStep};
use crate::schedule::{local_date, start_of_day};
use chrono::{DateTime, Days, TimeZone, Utc};
use ulid::Ulid;

/// The section boundaries for `now` in `tz`: start of tomorrow and of the day after next week.
fn bounds<Tz: TimeZone>(now: DateTime<Utc>, tz: &Tz) -> (DateTime<Utc>, DateTime<Utc>) {
    let today = local_date(now, tz);
    let day = |n| start_of_day(today.checked_add_days(Days::new(n)).unwrap_or(today), tz);
    (day(1), day(8))
}

impl Store {
    pub fn agenda<Tz: TimeZone>(
        &self,
        q: &AgendaQuery,
        now: DateTime<Utc>,
        tz: &Tz,
    ) -> Result<Agenda> {
        let (tomorrow, week_end) = bounds(now, tz);
        let limit = q.limit.min(1_000) as usize;
        let view = self.view()?;
        let due = self.due()?;
        let wanted = |rec: &DueRecord, row: &RowRecord| {
            let owner = if rec.owner.is_empty() {
                &row.owner
            } else {
                &rec.owner
            };
            (q.owners.is_empty() || q.owners.contains(owner))
                && (q.priorities.is_empty() || q.priorities.contains(&rec.priority))
        };
        let section = |from: Option<DateTime<Utc>>, to: Option<DateTime<Utc>>| {
            let mut s = AgendaSection::default();
            for (k, rec) in due.range(from, to) {
                let Some(row) = view.live_row(&Ulid(rec.customer)) else {
                    continue; // in the trash
                };
                if !wanted(rec, row) {
                    continue;
                }
                s.total += 1;
                if s.items.len() < limit {
                    s.items.push(item(k, rec, row));
                }
            }
            s
        };
        let mut agenda = Agenda {
            overdue: section(None, Some(now)),
            today: section(Some(now), Some(tomorrow)),
            next7_days: section(Some(tomorrow), Some(week_end)),
            later: section(Some(week_end), None),
            ..Agenda::default()
        };
        for (id, row) in view.open_customers() {
            if due.has_open(*id)
                || !(q.owners.is_empty() || q.owners.contains(&row.owner))
                || !(q.priorities.is_empty() || q.priorities.contains(&row.priority))
            {
                continue;
            }
            agenda.no_next_step_total += 1;
            if agenda.no_next_step.len() < limit {
                agenda.no_next_step.push(NoNextStep {
                    customer_id: id.to_string(),
                    customer_name: row.name.clone(),
                    company: row.company.clone(),
                    owner: row.owner.clone(),
                    stage: row.stage,
                    priority: row.priority,
                });
            }
        }
        Ok(agenda)
    }

    /// Open follow-ups due by the end of today (overdue included): the tray's number.
    pub fn due_today_count<Tz: TimeZone>(&self, now: DateTime<Utc>, tz: &Tz) -> Result<u32> {
        let (tomorrow, _) = bounds(now, tz);
        let due = self.due()?;
        Ok(due
            .range(None, Some(tomorrow))
            .filter(|(_, rec)| rec.live)
            .count() as u32)
    }
}

fn item(k: &DueKey, rec: &DueRecord, row: &RowRecord) -> AgendaItem {
    AgendaItem {
        follow_up_id: k.1.to_string(),
        customer_id: Ulid(rec.customer).to_string(),
        customer_name: row.name.clone(),
        company: row.company.clone(),
        due: DateTime::from_timestamp_micros(k.0).unwrap_or_default(),
        priority: rec.priority,
        owner: rec.owner().to_string(),
        method: rec.method,
        topic: rec.topic.clone(),
        next_action: rec.next_action.clone(),
    }
}
