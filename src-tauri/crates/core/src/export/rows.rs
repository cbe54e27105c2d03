//! The rows of the two sheets as [`Value`]s, shared by the xlsx and CSV writers.
use super::columns::{Value, CUSTOMER_COLUMNS, FOLLOW_UP_COLUMNS};
use super::labels::Labels;
use crate::model::{CustomValue, Customer, FollowUp, Language, Tag};
use chrono::{DateTime, NaiveDateTime, TimeZone, Timelike, Utc};
use std::collections::{HashMap, HashSet};

/// The customer sheet: its header and how to make each row.
pub(super) struct CustomerSheet<'a> {
    tag_names: HashMap<&'a str, &'a str>,
    /// Custom field names over all customers, first spelling and first-seen order, compared
    /// case-insensitively as validation does.
    custom: Vec<String>,
    labels: Labels<'a>,
}

impl<'a> CustomerSheet<'a> {
    pub(super) fn new(customers: &[Customer], tags: &'a [Tag], labels: Labels<'a>) -> Self {
        let mut seen = HashSet::new();
        let custom = customers
            .iter()
            .flat_map(|c| &c.fields.custom_fields)
            .filter(|f| seen.insert(f.name.to_lowercase()))
            .map(|f| f.name.clone())
            .collect();
        CustomerSheet {
            tag_names: tags
                .iter()
                .map(|t| (t.id.as_str(), t.name.as_str()))
                .collect(),
            custom,
            labels,
        }
    }

    pub(super) fn header(&self) -> Vec<String> {
        CUSTOMER_COLUMNS
            .iter()
            .map(|c| c.header(self.labels.lang).to_owned())
            .chain(self.custom.iter().cloned())
            .collect()
    }

    pub(super) fn row<'c>(&'c self, c: &'c Customer) -> Vec<Value<'c>> {
        let tags: Vec<&str> = c
            .tag_ids
            .iter()
            .filter_map(|id| self.tag_names.get(id.as_str()).copied())
            .collect();
        let fixed = CUSTOMER_COLUMNS
            .iter()
            .map(|col| col.value(c, &tags, self.labels));
        let custom = self.custom.iter().map(|name| {
            let field = c.fields.custom_fields.iter().find(|f| f.name == *name);
            match field.map(|f| &f.value) {
                Some(CustomValue::Text(t)) if !t.is_empty() => Value::Text(t.into()),
                Some(CustomValue::Number(n)) => Value::Number(*n),
                Some(CustomValue::Date(d)) => Value::Date(*d),
                _ => Value::Empty,
            }
        });
        fixed.chain(custom).collect()
    }
}

pub(super) fn follow_up_header(lang: Language) -> Vec<String> {
    FOLLOW_UP_COLUMNS
        .iter()
        .map(|c| c.header(lang).to_owned())
        .collect()
}

/// The follow-ups of the exported customers with their customer, grouped in the customers'
/// order and by time within a customer. Follow-ups of customers not exported are left out:
/// their rows could not name a customer.
pub(super) fn follow_ups_with_owner<'a>(
    customers: &'a [Customer],
    follow_ups: &'a [FollowUp],
) -> Vec<(&'a FollowUp, &'a Customer)> {
    let index: HashMap<&str, usize> = customers
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.as_str(), i))
        .collect();
    let mut out: Vec<(usize, &FollowUp)> = follow_ups
        .iter()
        .filter_map(|f| Some((*index.get(f.customer_id.as_str())?, f)))
        .collect();
    out.sort_by_key(|(i, f)| (*i, f.at));
    out.into_iter().map(|(i, f)| (f, &customers[i])).collect()
}

pub(super) fn follow_up_row<'a, Tz: TimeZone>(
    f: &'a FollowUp,
    owner: &'a Customer,
    lang: Language,
    tz: &Tz,
) -> Vec<Value<'a>> {
    let times = (local(f.at, tz), f.next_at.map(|t| local(t, tz)));
    FOLLOW_UP_COLUMNS
        .iter()
        .map(|col| col.value(f, owner, times, lang))
        .collect()
}

/// An instant as the wall-clock time in `tz`, to the second.
pub fn local<Tz: TimeZone>(t: DateTime<Utc>, tz: &Tz) -> NaiveDateTime {
    let naive = t.with_timezone(tz).naive_local();
    naive.with_nanosecond(0).unwrap_or(naive)
}
