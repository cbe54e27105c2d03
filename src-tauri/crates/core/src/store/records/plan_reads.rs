//! Open service plans as reminders and as the agenda's section: reads of the in-memory plan
//! index joined with the list view (live customers only, with their name and owner).
use super::plan_index::{fired_key, parse_fired_key, PlanEntry, PlanKey};
use crate::error::Result;
use crate::model::{AgendaQuery, Reminder, ReminderKind, ServicePlanItem, ServicePlanSection};
use crate::schedule::local_date;
use crate::store::customers::row::RowRecord;
use crate::store::view::View;
use crate::store::Store;
use chrono::{DateTime, TimeZone, Utc};

fn at(k: &PlanKey) -> DateTime<Utc> {
    DateTime::from_timestamp_micros(k.0).unwrap_or_default()
}

fn reminder<Tz: TimeZone>(k: &PlanKey, e: &PlanEntry, row: &RowRecord, tz: &Tz) -> Reminder {
    Reminder {
        key: fired_key(*k),
        kind: ReminderKind::ServicePlan,
        due: at(k),
        customer_id: e.customer.to_string(),
        customer_name: row.name.clone(),
        topic: e.plan.clone(),
        next_action: String::new(),
        date: Some(local_date(at(k), tz)),
    }
}

impl Store {
    /// Open plans of live customers due by `now` whose reminder has not been shown.
    pub(in crate::store) fn unfired_plans<Tz: TimeZone>(
        &self,
        now: DateTime<Utc>,
        tz: &Tz,
    ) -> Result<Vec<Reminder>> {
        let view = self.view()?;
        let plans = self.plans()?;
        Ok(plans
            .unfired_until(now)
            .filter_map(|(k, e)| {
                view.live_row(&e.customer)
                    .map(|row| reminder(k, e, row, tz))
            })
            .collect())
    }

    /// When the first unfired plan of a live customer is due (trashed ones are skipped; there
    /// are rarely more than a few).
    pub(in crate::store) fn next_plan_reminder(&self) -> Result<Option<DateTime<Utc>>> {
        let view = self.view()?;
        let plans = self.plans()?;
        let first = plans
            .unfired()
            .find(|(_, e)| view.live_row(&e.customer).is_some());
        Ok(first.map(|(k, _)| at(k)))
    }

    /// Notes in memory the plans among `fired` (already stored in `reminder_fired`).
    pub(in crate::store) fn mark_plans_fired(&self, fired: &[Reminder]) -> Result<()> {
        let mut keys = fired
            .iter()
            .filter(|r| r.kind == ReminderKind::ServicePlan)
            .filter_map(|r| parse_fired_key(&r.key))
            .peekable();
        if keys.peek().is_none() {
            return Ok(());
        }
        let mut plans = self.plans_mut()?;
        for k in keys {
            plans.mark_fired(&k);
        }
        Ok(())
    }

    /// Open plans of live customers due before `until`, overdue included.
    pub(in crate::store) fn plans_due_by(&self, until: DateTime<Utc>) -> Result<u32> {
        let view = self.view()?;
        let plans = self.plans()?;
        let until = until.timestamp_micros();
        Ok(plans
            .all()
            .take_while(|(k, _)| k.0 < until)
            .filter(|(_, e)| view.live_row(&e.customer).is_some())
            .count() as u32)
    }

    /// The agenda's service plans: owner filter on the customer's owner (so a handover moves
    /// them), priority filter on the customer's priority, at most `limit` items.
    pub(in crate::store) fn plan_section(
        &self,
        q: &AgendaQuery,
        now: DateTime<Utc>,
        tomorrow: DateTime<Utc>,
        view: &View,
        limit: usize,
    ) -> Result<ServicePlanSection> {
        let plans = self.plans()?;
        let mut s = ServicePlanSection::default();
        let now_us = now.timestamp_micros();
        let tomorrow_us = tomorrow.timestamp_micros();
        for (k, e) in plans.all() {
            let Some(row) = view.live_row(&e.customer) else {
                continue;
            };
            if !q.owners.is_empty() && !q.owners.contains(&row.owner) {
                continue;
            }
            if !q.priorities.is_empty() && !q.priorities.contains(&row.priority) {
                continue;
            }
            let overdue = k.0 < now_us;
            s.total += 1;
            s.overdue += u32::from(overdue);
            s.due_today += u32::from(k.0 < tomorrow_us);
            if s.items.len() < limit {
                s.items.push(ServicePlanItem {
                    service_id: k.1.to_string(),
                    customer_id: e.customer.to_string(),
                    customer_name: row.name.clone(),
                    company: row.company.clone(),
                    owner: row.owner.clone(),
                    plan: e.plan.clone(),
                    plan_at: at(k),
                    overdue,
                });
            }
        }
        Ok(s)
    }
}
