//! The import preview: what the user chose (sheet, encoding, mapping, date order) and what the
//! import would do with it — shown before anything is written.
use crate::import::headers::Target;
use crate::import::plan::{DuplicatePolicy, PlanCounts, ProblemOutcome, SkipReason};
use crate::import::values::DateOrder;
use crate::model::{Category, Stage};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The user's choices in the preview; `None` leaves each to detection (or the mapping saved
/// for a file with the same headers).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export)]
pub struct ImportOptions {
    /// The sheet of a workbook (default: the one holding the most data).
    #[ts(optional)]
    pub sheet: Option<String>,
    /// A WHATWG encoding label for text files ("gb18030", "big5", "utf-8" …).
    #[ts(optional)]
    pub encoding: Option<String>,
    /// One target per column, as edited by the user.
    #[ts(optional)]
    pub columns: Option<Vec<Target>>,
    /// How `a/b/yyyy` dates are read, for every date column.
    #[ts(optional)]
    pub date_order: Option<DateOrder>,
    /// Leave out every row with a problem, instead of importing it without the cells at fault
    /// (the default).
    #[ts(optional)]
    pub skip_problem_rows: Option<bool>,
}

/// What the file holds and what importing it would do.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ImportPreview {
    pub file_name: String,
    /// "xlsx", "xls", "ods", "csv" or "vcf".
    pub format: String,
    /// The worksheets of a workbook (empty for other files).
    pub sheets: Vec<ImportSheet>,
    pub sheet: Option<String>,
    /// The workbook's other sheets imported with `sheet` in one import (the follow-up and
    /// record sheets of a book exported by Rapport), in order; empty for one sheet.
    pub together: Vec<String>,
    /// The encoding a text file is read in, and whether detection was sure of it.
    pub encoding: Option<String>,
    pub encoding_confident: bool,
    /// The spreadsheet row (1-based) of the header.
    pub header_row: u32,
    pub columns: Vec<ImportColumn>,
    pub date_order: DateOrder,
    /// Some date column's `a/b/yyyy` values fit both orders: the user should confirm.
    pub date_order_ambiguous: bool,
    /// The mapping came from an earlier import of a file with the same headers.
    pub mapping_remembered: bool,
    pub counts: PlanCounts,
    /// The first planned customers, as they will be saved.
    pub customers: Vec<ImportPreviewCustomer>,
    /// The first problems, in row order.
    pub errors: Vec<ImportRowError>,
    pub errors_total: u32,
    /// The first notices about rows that are imported (an amount kept as a note, an assumed
    /// date), in row order.
    pub notices: Vec<ImportRowError>,
    pub notices_total: u32,
    /// Rows with problems are left out (else imported without the cells at fault).
    pub skip_problem_rows: bool,
    /// Totals and footer rows, not imported.
    pub skipped: Vec<ImportSkippedRow>,
    /// Years chosen for dates typed without one.
    pub assumptions: Vec<ImportAssumption>,
    /// A Rapport JSON export: what it holds and whether it is restored into this (empty) book
    /// or merged into its customers; `None` for sheets.
    #[serde(default)]
    #[ts(optional)]
    pub book: Option<ImportBookSummary>,
}

/// What a Rapport JSON export holds, and what importing it does.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ImportBookSummary {
    /// The book is empty: everything is restored as it was (ids, times, history, the trash,
    /// stages). Otherwise the live customers are merged by the duplicate rules.
    pub restore: bool,
    /// The file's format version.
    pub version: u32,
    pub exported_at: DateTime<Utc>,
    /// Customers in the file, trashed ones included.
    pub customers: u32,
    pub trashed: u32,
    pub tags: u32,
    pub follow_ups: u32,
    pub opportunities: u32,
    pub deals: u32,
    pub services: u32,
    /// History events (restored only).
    pub history: u32,
    /// Stages of the file's pipeline (restored only).
    pub stages: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ImportSheet {
    pub name: String,
    pub rows: u32,
    pub visible: bool,
}

/// One column of the file and what it is imported as.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ImportColumn {
    pub header: String,
    pub target: Target,
    /// The first few non-empty values, so the user sees what the column holds.
    pub samples: Vec<String>,
    /// A date column whose `a/b/yyyy` values fit both day and month first.
    pub ambiguous_dates: bool,
}

/// A planned customer as the preview table shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ImportPreviewCustomer {
    /// The spreadsheet rows it comes from.
    pub rows: Vec<u32>,
    pub name: String,
    pub company: String,
    pub phones: Vec<String>,
    pub emails: Vec<String>,
    pub owner: String,
    pub category: Option<Category>,
    pub stage: Stage,
    pub tags: Vec<String>,
    pub follow_ups: u32,
    /// The earliest open follow-up's due time.
    pub next_follow_up_at: Option<DateTime<Utc>>,
    /// The book's customer this one matches (id and name).
    pub duplicate_of: Option<String>,
    pub duplicate_name: Option<String>,
}

/// A problem of a row, why (with the value, in the user's language) and what the import does.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ImportRowError {
    pub row: u32,
    pub column: Option<String>,
    pub message: String,
    /// The cell's text.
    pub value: Option<String>,
    pub outcome: ProblemOutcome,
}

/// A totals or footer row, skipped.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ImportSkippedRow {
    pub row: u32,
    pub reason: SkipReason,
    /// Its first non-empty cell (合计, 制表人：李娜).
    pub label: String,
}

/// Dates of a column typed without a year, read in `year`; `message` says why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ImportAssumption {
    pub column: String,
    pub year: i32,
    pub cells: u32,
    pub message: String,
}

/// What the import button sends.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ImportRequest {
    pub options: ImportOptions,
    pub policy: DuplicatePolicy,
}

/// Progress of a running import, sent as the `import-progress` event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ImportProgress {
    pub done: u32,
    pub total: u32,
    /// Spreadsheet rows written per second so far.
    pub rows_per_second: u32,
}
