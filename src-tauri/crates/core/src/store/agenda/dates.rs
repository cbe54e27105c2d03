//! The agenda's key dates: birthdays (customers' and key contacts') and contract expiries from
//! today to 7 days on, read from the list view's reminder dates. Only the rows shown decode
//! their customer (for the contact's name); counting reads the view alone.
use super::reminders::month_days;
use crate::error::Result;
use crate::model::{AgendaQuery, KeyDateItem, KeyDateKind, KeyDateSection};
use crate::store::customers::row::{date_of, day_number};
use crate::store::view::{month_day, View};
use crate::store::Store;
use chrono::{Days, NaiveDate};
use std::collections::hash_map::{Entry, HashMap};
use ulid::Ulid;

/// Days after today the section reaches (today plus the next 7 days).
const WINDOW_DAYS: u32 = 7;

/// One key date before its details are read: sorted by day, kind, customer name, then the
/// customer and which of its matching contacts it is.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
struct Found<'v> {
    days_away: u32,
    kind: u8,
    name_key: &'v str,
    customer: Ulid,
    /// The n-th contact of the customer with a birthday on `month_day`.
    nth: usize,
    month_day: u32,
}

fn kind_of(order: u8) -> KeyDateKind {
    match order {
        0 => KeyDateKind::Birthday,
        1 => KeyDateKind::ContactBirthday,
        _ => KeyDateKind::ContractExpiry,
    }
}

fn gather<'v>(view: &'v View, q: &AgendaQuery, today: NaiveDate) -> Vec<Found<'v>> {
    let wanted = |id: &Ulid| {
        view.live_row_keyed(id).filter(|(row, _)| {
            (q.owners.is_empty() || q.owners.contains(&row.owner))
                && (q.priorities.is_empty() || q.priorities.contains(&row.priority))
        })
    };
    let mut found = Vec::new();
    for days_away in 0..=WINDOW_DAYS {
        let Some(day) = today.checked_add_days(Days::new(days_away.into())) else {
            break;
        };
        // A 29 February birthday is kept on the 28th in common years (as its reminder).
        for md in month_days(day) {
            for id in view.birthdays_on(md) {
                let Some((row, name_key)) = wanted(&id) else {
                    continue;
                };
                let at = |d: &i32| month_day(*d) == md;
                let mut push = |kind, nth| {
                    found.push(Found {
                        days_away,
                        kind,
                        name_key,
                        customer: id,
                        nth,
                        month_day: md,
                    })
                };
                if row.birthday.as_ref().is_some_and(at) {
                    push(0, 0);
                }
                for nth in 0..row.contact_birthdays.iter().filter(|d| at(d)).count() {
                    push(1, nth);
                }
            }
        }
    }
    let last = day_number(today).saturating_add(WINDOW_DAYS as i32);
    for (d, id) in view.expiries_from(day_number(today)) {
        if d > last {
            break;
        }
        if let Some((_, name_key)) = wanted(&id) {
            found.push(Found {
                days_away: (d - day_number(today)) as u32,
                kind: 2,
                name_key,
                customer: id,
                nth: 0,
                month_day: 0,
            });
        }
    }
    found.sort_unstable();
    found
}

impl Store {
    /// (month-day, name) of a customer's contacts with a birthday, in their order.
    fn contact_birthdays(&self, id: Ulid) -> Result<Vec<(u32, String)>> {
        let c = self.get_customer(&id.to_string())?;
        Ok(c.fields
            .contacts
            .into_iter()
            .filter_map(|k| k.birthday.map(|b| (month_day(day_number(b)), k.name)))
            .collect())
    }

    pub(in crate::store) fn key_date_section(
        &self,
        q: &AgendaQuery,
        today: NaiveDate,
        view: &View,
        limit: usize,
    ) -> Result<KeyDateSection> {
        let found = gather(view, q, today);
        let mut section = KeyDateSection {
            total: found.len() as u32,
            today: found.iter().filter(|f| f.days_away == 0).count() as u32,
            items: Vec::new(),
        };
        // Contacts' names live in the full record: read each shown customer once.
        let mut contacts: HashMap<Ulid, Vec<(u32, String)>> = HashMap::new();
        for f in found.into_iter().take(limit) {
            let Some(row) = view.live_row(&f.customer) else {
                continue;
            };
            let kind = kind_of(f.kind);
            let contact = if kind == KeyDateKind::ContactBirthday {
                let born = match contacts.entry(f.customer) {
                    Entry::Occupied(e) => e.into_mut(),
                    Entry::Vacant(e) => e.insert(self.contact_birthdays(f.customer)?),
                };
                born.iter()
                    .filter(|(md, _)| *md == f.month_day)
                    .nth(f.nth)
                    .map(|(_, name)| name.clone())
                    .unwrap_or_default()
            } else {
                String::new()
            };
            section.items.push(KeyDateItem {
                kind,
                customer_id: f.customer.to_string(),
                customer_name: row.name.clone(),
                company: row.company.clone(),
                owner: row.owner.clone(),
                contact,
                date: date_of(day_number(today).saturating_add(f.days_away as i32)),
                days_away: f.days_away,
            });
        }
        Ok(section)
    }
}
