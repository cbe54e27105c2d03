//! Groundwork for export (the import/export issue): the book's customers and follow-ups as
//! spreadsheet files. Pure functions over records; choosing the file and writing it to disk is
//! the shell's job.
//!
//! - [`to_xlsx`]: two sheets, 客户 / Customers and 跟进记录 / Follow-ups; [`book_to_xlsx`]
//!   adds 商机 / 成交 / 售后 with the customers' opportunities, deals and after-sales records;
//! - [`to_csv`]: the customer sheet alone, UTF-8 with BOM, CRLF;
//! - [`to_json`]: everything, lossless (ids, times, all contacts, tag ids and names);
//! - [`to_vcard`]: one vCard 4.0 per customer, for phones and address books;
//! - [`to_ics`]: the open follow-ups as iCalendar events, for calendar apps;
//! - [`table_to_xlsx`] / [`table_to_csv`]: a dashboard chart's numbers as a table;
//! - [`columns`]: what each column holds and its header in either language;
//! - [`labels`]: stages (the user's names first), categories, priorities, methods and kinds as
//!   cell text.
//!
//! Decisions:
//! - Headers and labels are ones the importer recognises, so an exported workbook imports
//!   into an empty book as the same customers, fields, tags and follow-ups: first the
//!   customer sheet, then the follow-up sheet merged into it (its rows find their customer
//!   by name + company). Tests check each header and label, and the whole round trip.
//! - Times are written as wall-clock times in the time zone the caller passes (the user's),
//!   because the importer reads sheet times as local times in the user's zone: a sheet shows
//!   09:00 for a follow-up at 09:00 Beijing time, not 01:00. Dates (birthday …) have no zone.
//! - Formula injection (OWASP): a text cell starting with `=`, `+`, `-`, `@`, a tab or a
//!   carriage return gets a leading `'`, in xlsx and CSV alike, header cells included;
//!   numbers and dates are written as such and never prefixed. The importer drops that `'`
//!   from phone and e-mail cells; other text keeps it (see the round-trip test's notes).
//! - What does not survive a round trip: ids, created/updated times, the trash, history;
//!   contacts after the first and a contact's birthday and role; the contact a follow-up was
//!   with; a done follow-up's next time (left out: the importer would make it open again);
//!   custom number and date values come back as text; a tag with a space splits in two; a
//!   customer at 中 whose follow-ups say 高 or 低 takes the first follow-up's priority (the
//!   importer reads 优先级 on a follow-up row as the customer's and counts 中 as empty).
use std::borrow::Cow;
use thiserror::Error;

pub mod columns;
mod csv;
mod ics;
mod json;
pub mod labels;
mod record_sheets;
mod rows;
mod table;
mod vcard;
mod xlsx;

pub use self::csv::{to_csv, BOM};
pub use ics::to_ics;
pub use json::{to_json, JsonCustomer, JsonExport, JsonHistoryEvent, JSON_FORMAT, JSON_VERSION};
pub use labels::Labels;
pub use record_sheets::record_sheet_names;
pub use rows::local;
pub use table::{table_to_csv, table_to_xlsx};
pub use vcard::{to_vcard, MAX_LINE_OCTETS};
pub use xlsx::{book_to_xlsx, sheet_names, to_xlsx, MAX_SHEET_ROWS};

/// Why an export could not be made.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ExportError {
    /// More rows than a worksheet holds (`limit` data rows under the header).
    #[error("the sheet {sheet} would have {rows} rows; a worksheet holds at most {limit}")]
    TooManyRows {
        sheet: String,
        rows: usize,
        limit: usize,
    },
    /// rust_xlsxwriter refused something (a text above 32,767 characters, a date before 1900,
    /// more than 16,384 columns of custom fields).
    #[error("the workbook could not be written: {0}")]
    Xlsx(String),
    /// serde_json refused the JSON export (not expected: every value has a JSON form).
    #[error("the JSON export could not be written: {0}")]
    Json(String),
}

impl From<rust_xlsxwriter::XlsxError> for ExportError {
    fn from(e: rust_xlsxwriter::XlsxError) -> Self {
        ExportError::Xlsx(e.to_string())
    }
}

/// The first characters that make a spreadsheet read a text cell as a formula.
pub const FORMULA_TRIGGERS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Whether a spreadsheet could read `text` as a formula (it starts with one of
/// [`FORMULA_TRIGGERS`]).
pub fn looks_like_formula(text: &str) -> bool {
    text.starts_with(FORMULA_TRIGGERS)
}

/// `text` with a leading `'` when it starts with one of [`FORMULA_TRIGGERS`] (OWASP's advice
/// against CSV / formula injection); otherwise unchanged. For text files (CSV, the import's
/// error file); a workbook marks such a cell as text with the quote-prefix format instead
/// (`xlsx`), so the cell shows what was typed.
pub fn neutralise(text: &str) -> Cow<'_, str> {
    if looks_like_formula(text) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}
