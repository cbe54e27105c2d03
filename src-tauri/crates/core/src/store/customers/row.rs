//! The list row of a customer, stored compactly (postcard) in `customer_row_by_id` next to the
//! full record, so opening a book of 100,000 customers reads ~15 MB instead of ~90 MB.
use crate::error::{CoreError, Result};
use crate::model::{Category, Customer, CustomerKind, CustomerRow, Priority, Stage};
use crate::store::infra::keys::id_from_bytes;
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ulid::Ulid;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RowRecord {
    pub kind: CustomerKind,
    pub name: String,
    pub company: String,
    /// All of them: the search matches every phone and email.
    pub phones: Vec<String>,
    pub emails: Vec<String>,
    pub stage: Stage,
    pub category: Option<Category>,
    pub priority: Priority,
    pub owner: String,
    pub tag_ids: Vec<u128>,
    pub created_at: i64,
    pub updated_at: i64,
    pub deleted_at: Option<i64>,
    /// Dates as days from the Common Era (`NaiveDate::num_days_from_ce`), for reminders.
    pub birthday: Option<i32>,
    pub contact_birthdays: Vec<i32>,
    pub contract_expiry: Option<i32>,
}

pub fn day_number(d: NaiveDate) -> i32 {
    d.num_days_from_ce()
}

pub fn date_of(n: i32) -> NaiveDate {
    NaiveDate::from_num_days_from_ce_opt(n).unwrap_or_default()
}

fn micros(t: DateTime<Utc>) -> i64 {
    t.timestamp_micros()
}

fn time(us: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_micros(us).unwrap_or_default()
}

impl RowRecord {
    pub fn of(c: &Customer) -> RowRecord {
        let f = &c.fields;
        RowRecord {
            kind: f.kind,
            name: f.name.clone(),
            company: f.company.clone(),
            phones: f.phones.clone(),
            emails: f.emails.clone(),
            stage: f.stage,
            category: f.category,
            priority: f.priority,
            owner: f.owner.clone(),
            tag_ids: c
                .tag_ids
                .iter()
                .filter_map(|t| Ulid::from_string(t).ok())
                .map(|u| u.0)
                .collect(),
            created_at: micros(c.created_at),
            updated_at: micros(c.updated_at),
            deleted_at: c.deleted_at.map(micros),
            birthday: f.birthday.map(day_number),
            contact_birthdays: f
                .contacts
                .iter()
                .filter_map(|k| k.birthday.map(day_number))
                .collect(),
            contract_expiry: f.contract_expiry.map(day_number),
        }
    }

    pub fn row(&self, id: Ulid) -> CustomerRow {
        CustomerRow {
            id: id.to_string(),
            kind: self.kind,
            name: self.name.clone(),
            company: self.company.clone(),
            phone: self.phones.first().cloned().unwrap_or_default(),
            email: self.emails.first().cloned().unwrap_or_default(),
            stage: self.stage,
            category: self.category,
            priority: self.priority,
            owner: self.owner.clone(),
            tag_ids: self.tag_ids.iter().map(|t| Ulid(*t).to_string()).collect(),
            created_at: time(self.created_at),
            updated_at: time(self.updated_at),
            deleted_at: self.deleted_at.map(time),
            next_due: None,
            last_contact: None,
            untouched_days: None,
        }
    }

    pub fn encode(&self) -> Result<Vec<u8>> {
        postcard::to_allocvec(self).map_err(|e| CoreError::Storage(format!("encoding row: {e}")))
    }

    pub fn decode(key: &[u8], bytes: &[u8]) -> Result<(Ulid, RowRecord)> {
        let id = id_from_bytes(key)?;
        let row = postcard::from_bytes(bytes)
            .map_err(|e| CoreError::Corrupt(format!("row of customer {id}: {e}")))?;
        Ok((id, row))
    }
}
