//! The customer list: a page of the in-memory view with each row's next due follow-up, last
//! contact (最近跟进) and untouched mark, counted in the user's calendar days.
use crate::error::Result;
use crate::model::{default_untouched_days, ContactFilter, ListPage, ListQuery, SortField};
use crate::schedule::{local_date, start_of_day};
use crate::stages::Pipeline;
use crate::store::infra::keys::parse_id;
use crate::store::view::ContactCutoffs;
use crate::store::Store;
use chrono::{DateTime, Days, NaiveDate, TimeZone, Utc};
use ulid::Ulid;

/// The instant before which a contact is at least `days` calendar days ago in `tz`: the start
/// of the local day `days - 1` before today (the start of tomorrow for 0).
fn days_cutoff<Tz: TimeZone>(today: NaiveDate, days: u32, tz: &Tz) -> i64 {
    let day = today
        .checked_add_days(Days::new(1))
        .and_then(|d| d.checked_sub_days(Days::new(u64::from(days))))
        .unwrap_or(NaiveDate::MIN);
    start_of_day(day, tz).timestamp_micros()
}

impl Store {
    /// A page of the list as of now in UTC; the app asks `list_customers_at` with the user's
    /// zone (days since the last contact are counted in local calendar days).
    pub fn list_customers(&self, query: &ListQuery) -> Result<ListPage> {
        self.list_customers_at(query, Utc::now(), &Utc)
    }

    /// A page of the list; the last-contact filter and the untouched mark count calendar days
    /// in `tz` up to `now`.
    pub fn list_customers_at<Tz: TimeZone>(
        &self,
        query: &ListQuery,
        now: DateTime<Utc>,
        tz: &Tz,
    ) -> Result<ListPage> {
        let settings = self.settings()?;
        // Only the stage sort needs the user's order.
        let pipeline = if query.sort == SortField::Stage {
            Pipeline::of(settings.as_ref())
        } else {
            Pipeline::default()
        };
        let untouched_days = settings.map_or_else(default_untouched_days, |s| s.untouched_days);
        let today = local_date(now, tz);
        let cutoffs = ContactCutoffs {
            filter: match query.contact {
                ContactFilter::Within(n) | ContactFilter::NotWithin(n) => {
                    Some(days_cutoff(today, n, tz))
                }
                _ => None,
            },
            untouched: (untouched_days > 0).then(|| days_cutoff(today, untouched_days, tz)),
        };
        let mut page = self.view()?.query(query, &pipeline, &cutoffs);
        for row in &mut page.rows {
            if let Ok(id) = Ulid::from_string(&row.id) {
                row.next_due = self.next_due_of(id)?;
            }
            if row.untouched_days.is_some() {
                let touch = row.last_contact.unwrap_or(row.created_at);
                let days = (today - local_date(touch, tz)).num_days();
                row.untouched_days = Some(days.clamp(0, i64::from(u32::MAX)) as u32);
            }
        }
        Ok(page)
    }

    /// When the customer's latest follow-up took place (最近跟进), if it has one.
    pub fn last_contact(&self, id: &str) -> Result<Option<DateTime<Utc>>> {
        let id = parse_id("id", id)?;
        Ok(self.view()?.last_contact(&id))
    }
}
