//! Cells holding several phones or emails: `138 0013 8000 / 021-6234 5678`,
//! `a@x.cn; b@y.com`, or both in one 联系方式 column.
//!
//! Entries are split on `/` `,` `，` `;` `；` `、` `|` and line breaks, never on a single space,
//! so `138 0013 8000` stays one number as typed. A piece that is not one phone is split on
//! whitespace when each part is a full number of its own (7+ digits: `13800138000 13900139000`).
//! A label before a colon (`手机：`, `Tel:`, `mailto:`) is dropped. Entries are accepted by
//! [`crate::validate::is_phone`] / [`crate::validate::is_email`]; repeats (same digits, same
//! address ignoring case) are dropped.
use super::{normalize, ValueError};
use crate::validate::{is_email, is_phone};
use std::collections::HashSet;

/// The phones and emails of one cell, in the order they appear.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ContactCell {
    pub phones: Vec<String>,
    pub emails: Vec<String>,
}

/// Splits a cell that may hold phones and emails; the first entry that is neither is the error
/// (as [`ValueError::NotAnEmail`] when it has an `@`, else [`ValueError::NotAPhone`]).
pub fn split_contacts(text: &str) -> Result<ContactCell, ValueError> {
    let mut cell = ContactCell::default();
    let (mut seen_phones, mut seen_emails) = (HashSet::new(), HashSet::new());
    for entry in entries(text)? {
        if entry.contains('@') {
            if seen_emails.insert(entry.to_lowercase()) {
                cell.emails.push(entry);
            }
        } else if seen_phones.insert(digits(&entry)) {
            cell.phones.push(entry);
        }
    }
    Ok(cell)
}

/// Splits a phone cell; an email in it is refused as not a phone.
pub fn split_phones(text: &str) -> Result<Vec<String>, ValueError> {
    let cell = split_contacts(text)?;
    match cell.emails.into_iter().next() {
        Some(entry) => Err(ValueError::NotAPhone { entry }),
        None => Ok(cell.phones),
    }
}

/// Splits an email cell; a phone in it is refused as not an email.
pub fn split_emails(text: &str) -> Result<Vec<String>, ValueError> {
    let cell = split_contacts(text)?;
    match cell.phones.into_iter().next() {
        Some(entry) => Err(ValueError::NotAnEmail { entry }),
        None => Ok(cell.emails),
    }
}

/// Every accepted entry of the cell, in order.
fn entries(text: &str) -> Result<Vec<String>, ValueError> {
    let mut out = Vec::new();
    let pieces = normalize(text.strip_prefix('\'').unwrap_or(text)); // export's `'+86…` guard
    let pieces = pieces.split(['/', ',', '，', ';', '；', '、', '|', '\n', '\r']);
    for piece in pieces.map(without_label).filter(|p| !p.is_empty()) {
        out.extend(accept(piece)?);
    }
    Ok(out)
}

/// The piece as one entry, or its whitespace-separated parts when each is a whole entry.
fn accept(piece: &str) -> Result<Vec<String>, ValueError> {
    let is_email_piece = piece.contains('@');
    let ok = |p: &str| {
        if is_email_piece {
            is_email(p)
        } else {
            is_phone(p) && digits(p).len() >= 7
        }
    };
    if (is_email_piece && is_email(piece)) || (!is_email_piece && is_phone(piece)) {
        return Ok(vec![piece.to_string()]);
    }
    let parts: Vec<&str> = piece.split_whitespace().collect();
    if parts.len() > 1 && parts.iter().all(|p| ok(p)) {
        return Ok(parts.into_iter().map(str::to_string).collect());
    }
    let entry = piece.to_string();
    Err(if is_email_piece {
        ValueError::NotAnEmail { entry }
    } else {
        ValueError::NotAPhone { entry }
    })
}

/// `手机：138…` → `138…`: a short label without digits or `@` before a colon.
fn without_label(piece: &str) -> &str {
    let piece = piece.trim();
    match piece.split_once(':') {
        Some((label, rest))
            if label.chars().count() <= 10
                && !label.contains(|c: char| c.is_ascii_digit() || c == '@') =>
        {
            rest.trim()
        }
        _ => piece,
    }
}

fn digits(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}
