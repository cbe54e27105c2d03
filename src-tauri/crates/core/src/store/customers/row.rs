//! The list row of a customer, stored compactly (postcard) in `customer_row_by_id` next to the
//! full record, so opening a book of 100,000 customers reads ~15 MB instead of ~90 MB. After
//! the row comes the customer's last contact: a copy of the last of its follow-up times
//! (`followup_time_by_customer`, written in the same transactions), so the open reads one tree.
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

    fn encode_into(&self, out: Vec<u8>) -> Result<Vec<u8>> {
        postcard::to_extend(self, out).map_err(|e| CoreError::Storage(format!("encoding row: {e}")))
    }

    /// The stored value: the row, then the customer's last contact (µs).
    pub fn stored(&self, last_contact: Option<i64>) -> Result<Vec<u8>> {
        let row = self.encode_into(Vec::with_capacity(128))?;
        with_last_contact_after(row, last_contact)
    }

    /// A stored value read back: the customer's id, row and last contact.
    pub fn decode(key: &[u8], bytes: &[u8]) -> Result<(Ulid, RowRecord, Option<i64>)> {
        let (id, row, rest) = split(key, bytes)?;
        let (last, rest) = postcard::take_from_bytes(rest)
            .map_err(|e| CoreError::Corrupt(format!("last contact of customer {id}: {e}")))?;
        if !rest.is_empty() {
            return Err(CoreError::Corrupt(format!(
                "row of customer {id}: {} bytes after its end",
                rest.len()
            )));
        }
        Ok((id, row, last))
    }

    /// The row alone, whatever follows it: a book's rows before they carried the last
    /// contact (schema 8 and earlier), read by the migration.
    pub fn decode_row_only(key: &[u8], bytes: &[u8]) -> Result<(Ulid, RowRecord)> {
        let (id, row, _) = split(key, bytes)?;
        Ok((id, row))
    }
}

/// The id, the row and the bytes after the row.
fn split<'a>(key: &[u8], bytes: &'a [u8]) -> Result<(Ulid, RowRecord, &'a [u8])> {
    let id = id_from_bytes(key)?;
    let (row, rest) = postcard::take_from_bytes(bytes)
        .map_err(|e| CoreError::Corrupt(format!("row of customer {id}: {e}")))?;
    Ok((id, row, rest))
}

/// A stored value with its last contact replaced and the row's bytes kept as they are (a
/// follow-up's write changes nothing else of the customer).
pub fn with_last_contact(key: &[u8], stored: &[u8], last_contact: Option<i64>) -> Result<Vec<u8>> {
    let (_, _, rest) = split(key, stored)?;
    let row = stored[..stored.len() - rest.len()].to_vec();
    with_last_contact_after(row, last_contact)
}

fn with_last_contact_after(row: Vec<u8>, last_contact: Option<i64>) -> Result<Vec<u8>> {
    postcard::to_extend(&last_contact, row)
        .map_err(|e| CoreError::Storage(format!("encoding last contact: {e}")))
}
