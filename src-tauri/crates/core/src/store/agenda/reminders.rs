//! What is due to be reminded, when the next reminder is, and the fired state that makes each
//! reminder fire once. Follow-ups keep their fired flag in the due index; birthdays, contract
//! expiries and service plans (`records::plan_reads`) in `reminder_fired`.
use crate::error::Result;
use crate::model::{Reminder, ReminderKind};
use crate::schedule::{local_date, ScheduleRules};
use crate::store::customers::row::{date_of, day_number};
use crate::store::followups::due::DueKey;
use crate::store::followups::tx::DueChanges;
use crate::store::view::month_day;
use crate::store::Store;
use chrono::{DateTime, Datelike, Days, NaiveDate, TimeZone, Utc};
use ulid::Ulid;

/// Month-days reminded on `date`: its own, plus 29 February on the 28th of a common year.
pub(in crate::store) fn month_days(date: NaiveDate) -> Vec<u32> {
    let md = date.month() * 100 + date.day();
    if md == 228 && !date.leap_year() {
        vec![228, 229]
    } else {
        vec![md]
    }
}

/// The next date on or after `from` that falls on month-day `md` (29 Feb → 28 Feb in common years).
fn next_date_of(md: u32, from: NaiveDate) -> NaiveDate {
    let on = |y: i32| {
        NaiveDate::from_ymd_opt(y, md / 100, md % 100)
            .or_else(|| NaiveDate::from_ymd_opt(y, 2, 28))
            .unwrap_or(from)
    };
    let this_year = on(from.year());
    if this_year >= from {
        this_year
    } else {
        on(from.year() + 1)
    }
}

/// Set once the birthdays of `date` have been reminded.
fn day_marker(date: NaiveDate) -> String {
    format!("birthdays/{date}")
}

fn follow_up_key(k: &DueKey) -> String {
    format!("f/{}/{}", k.1, k.0)
}

impl Store {
    fn contract_notice_days(&self) -> Result<u32> {
        Ok(self
            .settings()?
            .map(|s| s.reminders.contract_notice_days)
            .unwrap_or(30))
    }

    fn fired(&self, key: &str) -> Result<bool> {
        Ok(self.trees.reminder_fired.contains_key(key.as_bytes())?)
    }

    /// Birthdays of customer `id` on `date` (its own and its contacts'), as reminders.
    fn birthdays(&self, id: Ulid, date: NaiveDate, due: DateTime<Utc>) -> Result<Vec<Reminder>> {
        let c = self.get_customer(&id.to_string())?;
        let mds = month_days(date);
        let on_day =
            |d: Option<NaiveDate>| d.is_some_and(|d| mds.contains(&month_day(day_number(d))));
        let year = date.year();
        let mut out = Vec::new();
        let mut push = |key: String, kind, topic: String| {
            out.push(Reminder {
                key,
                kind,
                due,
                customer_id: c.id.clone(),
                customer_name: c.fields.name.clone(),
                topic,
                next_action: String::new(),
                date: Some(date),
            })
        };
        if on_day(c.fields.birthday) {
            push(
                format!("b/{id}/{year}"),
                ReminderKind::Birthday,
                String::new(),
            );
        }
        for (i, k) in c.fields.contacts.iter().enumerate() {
            if on_day(k.birthday) {
                push(
                    format!("cb/{id}/{i}/{year}"),
                    ReminderKind::ContactBirthday,
                    k.name.clone(),
                );
            }
        }
        Ok(out)
    }

    /// Unfired birthday reminders of `date` (all of them, whether their time has come or not).
    fn unfired_birthdays<Tz: TimeZone>(
        &self,
        date: NaiveDate,
        rules: &ScheduleRules,
        tz: &Tz,
    ) -> Result<Vec<Reminder>> {
        if self.fired(&day_marker(date))? {
            return Ok(Vec::new());
        }
        let due = rules.due_instant(date, tz);
        let ids: Vec<Ulid> = {
            let view = self.view()?;
            month_days(date)
                .into_iter()
                .flat_map(|md| view.birthdays_on(md).collect::<Vec<_>>())
                .filter(|id| view.live_row(id).is_some())
                .collect()
        };
        let mut out = Vec::new();
        for id in ids {
            for r in self.birthdays(id, date, due)? {
                if !self.fired(&r.key)? {
                    out.push(r);
                }
            }
        }
        out.dedup_by(|a, b| a.key == b.key);
        Ok(out)
    }

    /// Unfired contract-expiry reminders whose notice has begun by `horizon` (expiry − N days at
    /// the reminder time), for contracts not yet expired on `today`. Sorted by due time.
    fn unfired_expiries<Tz: TimeZone>(
        &self,
        today: NaiveDate,
        horizon: Option<DateTime<Utc>>,
        first_only: bool,
        rules: &ScheduleRules,
        tz: &Tz,
    ) -> Result<Vec<Reminder>> {
        let notice = self.contract_notice_days()?;
        let view = self.view()?;
        let mut out = Vec::new();
        for (d, id) in view.expiries_from(day_number(today)) {
            let Some(row) = view.live_row(&id) else {
                continue;
            };
            let expiry = date_of(d);
            let start = expiry
                .checked_sub_days(Days::new(notice.into()))
                .unwrap_or(expiry);
            let due = rules.due_instant(start, tz);
            if horizon.is_some_and(|h| due > h) {
                break; // sorted by expiry, so every later one starts later too
            }
            let key = format!("c/{id}/{expiry}");
            if self.fired(&key)? {
                continue;
            }
            out.push(Reminder {
                key,
                kind: ReminderKind::ContractExpiry,
                due,
                customer_id: id.to_string(),
                customer_name: row.name.clone(),
                topic: String::new(),
                next_action: String::new(),
                date: Some(expiry),
            });
            if first_only {
                break;
            }
        }
        Ok(out)
    }

    /// Every reminder due at `now` that has not fired yet: open follow-ups due by now, today's
    /// birthdays once the reminder time has come, contracts within their notice period, open
    /// service plans and stage tasks due by now.
    pub fn pending_reminders<Tz: TimeZone>(
        &self,
        now: DateTime<Utc>,
        tz: &Tz,
    ) -> Result<Vec<Reminder>> {
        let rules = self.rules()?;
        let today = local_date(now, tz);
        let mut out: Vec<Reminder> = {
            let view = self.view()?;
            let due = self.due(&view)?;
            due.unfired_until(now)
                .filter_map(|(k, rec)| {
                    view.live_row(&Ulid(rec.customer)).map(|row| Reminder {
                        key: follow_up_key(k),
                        kind: ReminderKind::FollowUp,
                        due: DateTime::from_timestamp_micros(k.0).unwrap_or_default(),
                        customer_id: Ulid(rec.customer).to_string(),
                        customer_name: row.name.clone(),
                        topic: rec.topic.clone(),
                        next_action: rec.next_action.clone(),
                        date: None,
                    })
                })
                .collect()
        };
        if rules.due_instant(today, tz) <= now {
            out.extend(self.unfired_birthdays(today, &rules, tz)?);
        }
        out.extend(self.unfired_expiries(today, Some(now), false, &rules, tz)?);
        out.extend(self.unfired_plans(now, tz)?);
        out.extend(self.unfired_tasks(now)?);
        Ok(out)
    }

    /// When the next unfired reminder is due (maybe already: then now is the time), or `None`
    /// when nothing is scheduled at all.
    pub fn next_reminder_at<Tz: TimeZone>(
        &self,
        now: DateTime<Utc>,
        tz: &Tz,
    ) -> Result<Option<DateTime<Utc>>> {
        let rules = self.rules()?;
        let today = local_date(now, tz);
        // Follow-ups of trashed customers never fire; skip them (rarely more than a few).
        let view = self.view()?;
        let first = self
            .due(&view)?
            .unfired()
            .find(|(_, rec)| rec.live)
            .map(|(k, _)| k.0);
        let mut next = first.and_then(DateTime::from_timestamp_micros);
        let mut consider = |t: DateTime<Utc>| {
            if next.is_none_or(|n| t < n) {
                next = Some(t);
            }
        };
        if !self.unfired_birthdays(today, &rules, tz)?.is_empty() {
            consider(rules.due_instant(today, tz));
        } else {
            let md = today.month() * 100 + today.day();
            let after = self.view()?.next_birthday_after(md);
            if let Some(md) = after {
                let from = today.succ_opt().unwrap_or(today);
                consider(rules.due_instant(next_date_of(md, from), tz));
            }
        }
        if let Some(r) = self
            .unfired_expiries(today, None, true, &rules, tz)?
            .into_iter()
            .next()
        {
            consider(r.due);
        }
        if let Some(t) = self.next_plan_reminder()? {
            consider(t);
        }
        if let Some(t) = self.next_task_reminder()? {
            consider(t);
        }
        Ok(next)
    }

    /// Records reminders as shown so they never fire again, not even after a restart: the
    /// follow-ups' fired flags and the other reminders' markers in one transaction, flushed
    /// before this returns (a kill right after cannot bring a reminder back, nor keep half
    /// of a tick's marks).
    pub fn mark_reminders_fired(&self, reminders: &[Reminder], now: DateTime<Utc>) -> Result<()> {
        if reminders.is_empty() {
            return Ok(());
        }
        let at = now.timestamp_micros().to_be_bytes();
        let mut due_keys = Vec::new();
        let mut markers = Vec::new();
        let mut task_keys = Vec::new();
        for r in reminders {
            if let Some(k) = crate::store::tasks::reminders::due_key_of(r) {
                task_keys.push(k);
            } else if r.kind == ReminderKind::FollowUp {
                let mut parts = r.key.split('/').skip(1);
                let id = parts.next().and_then(|s| Ulid::from_string(s).ok());
                let t = parts.next().and_then(|s| s.parse::<i64>().ok());
                if let (Some(id), Some(t)) = (id, t) {
                    due_keys.push((t, id));
                }
            } else {
                markers.push(r.key.clone());
            }
            // Birthdays of a day all fire together: one marker spares later wake-up
            // computations from loading that day's customers again.
            if let (ReminderKind::Birthday | ReminderKind::ContactBirthday, Some(d)) =
                (r.kind, r.date)
            {
                markers.push(day_marker(d));
            }
        }
        let _w = self.writer()?;
        let changes = self.trees.write(|tx| {
            for key in &markers {
                tx.reminder_fired.insert(key.as_bytes(), &at[..])?;
            }
            for key in &task_keys {
                tx.tasks.mark_fired(key)?;
            }
            let mut changes = DueChanges::default();
            for k in &due_keys {
                tx.follow_ups.mark_fired(*k, &mut changes)?;
            }
            Ok(changes)
        })?;
        // Stored first: a plan re-read from the book after this sees it fired.
        self.mark_plans_fired(reminders)?;
        self.apply_due(changes)?;
        self.flush()
    }
}
