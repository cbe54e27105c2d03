//! From rows of text cells and a column mapping to what an import would do — the preview:
//! the customers and follow-ups the rows hold, which of them the book already has, and the
//! rows that cannot be imported with the reason, in the user's language. Pure: nothing here
//! reads the store; the book's customers come in through [`ExistingBook`].
//!
//! Decisions:
//! - Rows of one customer (a 跟进记录表 has one row per follow-up) become one customer with
//!   several follow-ups. Rows match by any phone (digits only, a leading +86 dropped), then any
//!   e-mail (lower case), then name + company (full-width folded, case and white space
//!   ignored); see [`match_keys`]. Later rows fill fields the first left empty and add phones,
//!   e-mails, WeChat IDs, tags, contacts and custom fields (see [`merge_into`]).
//! - A row with follow-up data but no customer at all (no name, company, phone or e-mail) is a
//!   further follow-up of the customer of the row above: sheets merge the customer's cells
//!   vertically over its follow-ups, and a reader sees only the first of the merged rows.
//! - A row makes a follow-up when it has follow-up text (topic, content, feedback, result, next
//!   action) or a next follow-up time; a date alone does not (many customer sheets have a
//!   日期 / Date column). A follow-up with a next time is open, without one it is done (and then
//!   needs content, as the follow-up form does).
//! - A date-only follow-up time is the start of that local day (it happened some time that day;
//!   midnight keeps it before anything timed later that day); a date-only next follow-up time
//!   gets the reminder time, as a due date typed in the app does. A follow-up without a
//!   readable time — no time column, or its cell empty or unreadable — is dated `now` (the
//!   import): its text is kept, and the problem list says so for a sheet with the column.
//! - A blank follow-up method is 其他 other; a follow-up's priority is the customer's. A
//!   customer without a 优先级 cell takes the priority its category maps to (settings), as the
//!   customer form proposes when a category is chosen; a 优先级 cell wins.
//! - A number where a date is expected (`45413`) is read as an Excel serial in the workbook's
//!   date system, for sheets whose dates arrive as their stored numbers. A date without a
//!   year (`5月8日`) is read with the year of the dated rows around it (see [`yearless`]).
//! - One bad cell does not cost the row (see [`read`]): a cell that cannot be read is left
//!   empty, and so is one whose value breaks a rule of the customer (a website that is not
//!   one; 流失 without a reason leaves the stage cell out) and the row is read again. An
//!   unreadable next follow-up time keeps the follow-up open, due after its priority's
//!   interval as one logged open without a time. A follow-up that still fails its rules (done
//!   without content) is left out and the customer imported. Only a row that cannot make a
//!   customer (no name) is left out. With `skip_problem_rows` (the preview's other choice)
//!   any problem leaves the row out, as before. Every problem names the row, the column, the
//!   value and why, and what the import does about it ([`ProblemOutcome`]).
//! - Totals rows (合计, Total …) and footer lines under the data (制表人：…) are skipped and
//!   listed (see [`totals`]). Empty rows — every mapped cell blank or a placeholder such as
//!   `-` — are skipped silently.
use crate::import::headers::Target;
use crate::import::values::{DateOrder, DateSystem, StageNames};
use crate::model::{CategoryPriorities, Customer, CustomerInput, FollowUpInput, Language};
use chrono::{DateTime, NaiveTime, TimeZone, Utc};
use read::RowRead;
use std::collections::HashSet;

mod check;
mod choices;
mod complaint_cells;
mod fields;
mod followup;
mod keys;
mod merge;
mod read;
mod records;
mod report;
mod row;
pub mod totals;
pub mod yearless;

pub use keys::{match_keys, BookIndex, ExistingBook, MatchKey};
pub use merge::{merge_into, DuplicatePolicy};
pub use records::PlannedRecords;
pub use report::{errors_csv, outcome_text, ProblemOutcome, RowError, RowProblem};
pub use totals::{SkipReason, SkippedRow};
pub use yearless::{YearAssumption, YearBasis};

/// The rows to plan and what their columns mean.
#[derive(Debug, Clone, Copy)]
pub struct Sheet<'a> {
    /// The header cells, for error messages and custom field names.
    pub header: &'a [String],
    /// One target per column (from `headers::map_columns`, perhaps edited by the user).
    pub columns: &'a [Target],
    /// The data rows only, as text.
    pub rows: &'a [Vec<String>],
    /// The spreadsheet row number (1-based) of `rows[0]`, so errors name the rows users see.
    pub first_row: usize,
}

/// How to read the values: the user's choices in the preview and the clock.
#[derive(Debug, Clone)]
pub struct PlanOptions<Tz: TimeZone> {
    /// How `a/b/yyyy` dates are read (the preview asks when the column does not say).
    pub date_order: DateOrder,
    /// For dates that arrive as Excel serial numbers.
    pub date_system: DateSystem,
    /// The user's time zone: follow-up times in the sheet are local times.
    pub tz: Tz,
    /// When the import happens: the time of follow-ups from a sheet without a time column.
    pub now: DateTime<Utc>,
    /// The time of day a date-only next follow-up is due (the reminder time setting).
    pub reminder_time: NaiveTime,
    /// The user's stage names (custom stages, renamed built-ins), read besides the built-in
    /// names and synonyms; none by default.
    pub stages: StageNames,
    /// The language of text the import writes (a deal's 未注明 product, notes lines).
    pub lang: Language,
    /// Leave out every row with a problem (the preview's choice) instead of importing it
    /// without the cells at fault.
    pub skip_problem_rows: bool,
    /// The user's category → priority mapping: a customer created without a 优先级 cell takes
    /// its category's priority, as the customer form proposes.
    pub category_priorities: CategoryPriorities,
}

impl<Tz: TimeZone> PlanOptions<Tz> {
    /// Options with the 1900 date system, the default reminder time (09:00) and the built-in
    /// stage names only.
    pub fn new(date_order: DateOrder, tz: Tz, now: DateTime<Utc>) -> Self {
        PlanOptions {
            date_order,
            date_system: DateSystem::Excel1900,
            tz,
            now,
            reminder_time: crate::schedule::ScheduleRules::default().reminder_time,
            stages: StageNames::default(),
            lang: Language::Zh,
            skip_problem_rows: false,
            category_priorities: CategoryPriorities::default(),
        }
    }
}

/// One customer the import would create (or merge into `duplicate_of`).
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedCustomer {
    /// Validated and normalised, ready to save.
    pub input: CustomerInput,
    /// In sheet order.
    pub follow_ups: Vec<FollowUpInput>,
    /// Opportunities, deals and after-sales records from the sheet's money columns.
    pub records: PlannedRecords,
    /// The spreadsheet row numbers it was made from.
    pub rows: Vec<usize>,
    /// The existing customer it matches, if any.
    pub duplicate_of: Option<String>,
}

/// The preview's figures.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize, ts_rs::TS,
)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PlanCounts {
    /// Non-empty data rows.
    #[ts(type = "number")]
    pub rows: usize,
    /// Planned customers the book does not have.
    #[ts(type = "number")]
    pub new_customers: usize,
    /// Planned customers matching one in the book.
    #[ts(type = "number")]
    pub duplicates: usize,
    /// Rows left out for at least one problem.
    #[ts(type = "number")]
    pub invalid_rows: usize,
    /// Rows imported with a cell (or their follow-up) left out.
    #[ts(type = "number")]
    pub partial_rows: usize,
    /// Totals and footer rows, not read as data (not in `rows`).
    #[ts(type = "number")]
    pub skipped_rows: usize,
    /// Follow-ups over all planned customers.
    #[ts(type = "number")]
    pub follow_ups: usize,
    /// Opportunities, deals and after-sales records over all planned customers.
    #[ts(type = "number")]
    #[serde(default)]
    pub opportunities: usize,
    #[ts(type = "number")]
    #[serde(default)]
    pub deals: usize,
    #[ts(type = "number")]
    #[serde(default)]
    pub services: usize,
}

/// What an import of the sheet would do.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub customers: Vec<PlannedCustomer>,
    /// Every problem, in row order (a row may have several), with what the import does.
    pub invalid: Vec<RowError>,
    /// What imported rows bring that the user should know (an amount kept as a note, an
    /// assumed date), in row order.
    pub notices: Vec<RowError>,
    /// Totals and footer rows, in row order.
    pub skipped: Vec<SkippedRow>,
    /// Years chosen for dates typed without one.
    pub assumptions: Vec<YearAssumption>,
    pub counts: PlanCounts,
}

impl Plan {
    /// The first `n` planned customers, for the preview table.
    pub fn preview(&self, n: usize) -> &[PlannedCustomer] {
        &self.customers[..n.min(self.customers.len())]
    }
}

/// Plans the import of `sheet` against the customers of `book`.
pub fn plan<Tz: TimeZone>(
    sheet: &Sheet,
    options: &PlanOptions<Tz>,
    book: &dyn ExistingBook,
) -> Plan {
    plan_sheets(&[("", *sheet)], options, book)
}

/// Plans several sheets of one workbook as one import (a customer sheet, then sheets of
/// follow-ups, opportunities, deals, after-sales records), in order: a row of a later sheet
/// finds its customer among those planned from the earlier ones (or the book) by the same
/// keys as rows within a sheet. Problems and notices of a sheet after the first name their
/// column with the sheet's name (`成交：成交金额`).
pub fn plan_sheets<Tz: TimeZone>(
    sheets: &[(&str, Sheet)],
    options: &PlanOptions<Tz>,
    book: &dyn ExistingBook,
) -> Plan {
    let mut grouper = Grouper::new(book);
    let choices = choices::Choices::default();
    let mut invalid = Vec::new();
    let mut notices = Vec::new();
    let mut skipped = Vec::new();
    let mut assumptions = Vec::new();
    let mut counts = PlanCounts::default();
    for (i, (name, sheet)) in sheets.iter().enumerate() {
        let named = |mut e: RowError| {
            if i > 0 {
                e.column = e.column.map(|c| format!("{name}：{c}"));
            }
            e
        };
        let years = yearless::read_years(sheet, options);
        let tail = totals::tail_start(sheet);
        // A row continues the customer above only within its sheet.
        grouper.last = None;
        // Block by block, so what is read ahead of the grouping stays small.
        for (b, block) in sheet.rows.chunks(READ_BLOCK).enumerate() {
            let base = b * READ_BLOCK;
            let reads = read_rows(block, base, sheet.columns, options, &choices, &years, tail);
            for (j, read) in reads.into_iter().enumerate() {
                let number = sheet.first_row + base + j;
                let row = match read {
                    Read::Empty => continue,
                    Read::Skipped(reason, label) => {
                        let (row, reason) = (number, reason);
                        skipped.push(SkippedRow { row, reason, label });
                        continue;
                    }
                    Read::Row(row) => row,
                };
                counts.rows += 1;
                let (problems, imported) = grouper.add_row(row, number);
                if problems.is_empty() {
                    continue;
                }
                if imported {
                    counts.partial_rows += 1;
                } else {
                    counts.invalid_rows += 1;
                }
                let cells = &block[j];
                invalid.extend(
                    problems
                        .into_iter()
                        .map(|p| named(p.into_error(number, cells, sheet))),
                );
            }
        }
        notices.extend(
            std::mem::take(&mut grouper.notices)
                .into_iter()
                .map(|(number, n)| named(n.into_notice(number, row_cells(sheet, number), sheet))),
        );
        assumptions.extend(years.assumptions);
    }
    let customers = grouper.customers;
    counts.duplicates = customers
        .iter()
        .filter(|c| c.duplicate_of.is_some())
        .count();
    counts.new_customers = customers.len() - counts.duplicates;
    counts.follow_ups = customers.iter().map(|c| c.follow_ups.len()).sum();
    counts.skipped_rows = skipped.len();
    counts.opportunities = customers
        .iter()
        .map(|c| c.records.opportunities.len())
        .sum();
    counts.deals = customers.iter().map(|c| c.records.deals.len()).sum();
    counts.services = customers.iter().map(|c| c.records.services.len()).sum();
    Plan {
        customers,
        invalid,
        notices,
        skipped,
        assumptions,
        counts,
    }
}

/// A row of the sheet as read ahead of grouping. Most rows are `Row`s, so boxing it would
/// only add an allocation per row.
#[allow(clippy::large_enum_variant)]
enum Read<'a> {
    Empty,
    Skipped(SkipReason, String),
    Row(RowRead<'a>),
}

/// The cells of the sheet's row `number` (as the user sees it), for a notice's value.
fn row_cells<'s>(sheet: &Sheet<'s>, number: usize) -> &'s [String] {
    let rows: &'s [Vec<String>] = sheet.rows;
    number
        .checked_sub(sheet.first_row)
        .and_then(|i| rows.get(i))
        .map_or(&[], Vec::as_slice)
}

/// Rows read and checked ahead of grouping, at a time.
const READ_BLOCK: usize = 8192;

/// Every row of `rows` (starting at `base` in the sheet) read and checked, each on its own.
///
/// Reading on several threads was measured (2 cores, 100,000 rows): ~0.1–0.2 s faster, but
/// the customers' text then lives in the threads' malloc arenas, which the memory freed by
/// the parsed sheet cannot serve: +70 MB peak, past the import's 400 MB budget. So one thread.
fn read_rows<'a, Tz: TimeZone>(
    rows: &[Vec<String>],
    base: usize,
    columns: &'a [Target],
    options: &PlanOptions<Tz>,
    choices: &choices::Choices,
    years: &yearless::Years,
    tail: usize,
) -> Vec<Read<'a>> {
    let one = |(j, cells): (usize, &Vec<String>)| -> Read<'a> {
        let i = base + j;
        if let Some((reason, label)) = totals::skip_reason(cells, columns, i >= tail) {
            return Read::Skipped(reason, label);
        }
        if row::is_empty(cells, columns) {
            return Read::Empty;
        }
        // Yearless dates are read as the full dates chosen for them.
        let dated: Vec<String>;
        let cells = if years.cells.is_empty()
            || !(0..cells.len()).any(|c| years.cells.contains_key(&(i, c)))
        {
            cells
        } else {
            dated = (0..cells.len())
                .map(|c| years.cells.get(&(i, c)).unwrap_or(&cells[c]).clone())
                .collect();
            &dated
        };
        Read::Row(read::read_row(cells, columns, options, choices))
    };
    rows.iter().enumerate().map(one).collect()
}

/// Collects rows into customers, matching each new row against those planned so far, and
/// each planned customer against the book (with the keys it has after its last row).
struct Grouper<'b> {
    book: &'b dyn ExistingBook,
    customers: Vec<PlannedCustomer>,
    /// Fx-hashed: three keys a row, looked up and inserted for every row (SipHash was a
    /// twentieth of the plan's time at 100,000 rows).
    by_key: rustc_hash::FxHashMap<MatchKey, usize>,
    /// The customer of the previous row, for follow-up rows under merged customer cells.
    last: Option<usize>,
    /// Per planned customer, the records planned for it (by their cells), so a record
    /// repeated on the customer's rows is planned once.
    record_keys: Vec<HashSet<String>>,
    /// Notices with their row numbers.
    notices: Vec<(usize, report::Located)>,
}

impl<'b> Grouper<'b> {
    fn new(book: &'b dyn ExistingBook) -> Self {
        Grouper {
            book,
            customers: Vec::new(),
            by_key: rustc_hash::FxHashMap::default(),
            last: None,
            record_keys: Vec::new(),
            notices: Vec::new(),
        }
    }

    /// Adds one non-empty row; its problems, and whether it was imported (with them).
    fn add_row(&mut self, row: RowRead, number: usize) -> (Vec<report::Located>, bool) {
        let (input, follow_up, problems, records) = match row {
            RowRead::LeftOut(problems) => {
                self.last = None;
                return (problems, false);
            }
            RowRead::Anonymous(draft, problems) => match self.last {
                Some(last) => return self.add_follow_up_only(draft, problems, last, number),
                None => {
                    self.last = None;
                    let mut problems = problems;
                    problems.extend(draft.validate_customer().err());
                    return (read::left_out_all(problems), false);
                }
            },
            RowRead::Checked(input, follow_up, problems, records) => {
                (input, follow_up, problems, records)
            }
        };
        let at = self.place(input, number);
        self.customers[at].follow_ups.extend(follow_up);
        self.add_records(at, records, number);
        self.last = Some(at);
        (problems, true)
    }

    fn add_follow_up_only(
        &mut self,
        mut draft: row::Draft,
        mut problems: Vec<report::Located>,
        at: usize,
        number: usize,
    ) -> (Vec<report::Located>, bool) {
        let owner = draft.owner(&self.customers[at].input);
        match draft.validate_follow_up(&owner) {
            Ok(follow_up) => {
                read::settle(&mut problems, follow_up.as_ref(), draft.columns);
                let planned = &mut self.customers[at];
                planned.follow_ups.extend(follow_up);
                planned.rows.push(number);
                self.add_records(at, std::mem::take(&mut draft.records), number);
                (problems, true)
            }
            Err(problem) => {
                problems.push(problem);
                (read::left_out_all(problems), false)
            }
        }
    }

    /// Adds a row's records to planned customer `at`, each once (see `records`), with their
    /// notices; deal cells without an amount go into the customer's notes.
    fn add_records(&mut self, at: usize, records: records::RowRecords, number: usize) {
        let keys = &mut self.record_keys[at];
        let planned = &mut self.customers[at];
        let notices = &mut self.notices;
        let mut keep = |kind: &str, key: String, more: Vec<report::Located>| {
            let fresh = keys.insert(format!("{kind}:{key}"));
            if fresh {
                notices.extend(more.into_iter().map(|n| (number, n)));
            }
            fresh
        };
        if let Some(o) = records.opportunity {
            if keep("o", o.key, o.notices) {
                planned.records.opportunities.push(o.record);
            }
        }
        if let Some(d) = records.deal {
            if keep("d", d.key, d.notices) {
                planned.records.deals.push(d.record);
            }
        }
        if let Some(s) = records.service {
            if keep("s", s.key, s.notices) {
                planned.records.services.push(s.record);
            }
        }
        let notes = &mut planned.input.fields.notes;
        let lines: Vec<&String> = records
            .notes
            .iter()
            .filter(|l| !notes.lines().any(|n| n == l.as_str()))
            .collect();
        if lines.is_empty() {
            return;
        }
        let mut with = notes.clone();
        for line in lines {
            if !with.is_empty() {
                with.push('\n');
            }
            with.push_str(line);
        }
        // Within what validation allows, so the checked customer stays valid.
        if with.chars().count() <= crate::validate::MAX_NOTES {
            *notes = with;
        }
        notices.extend(records.notices.into_iter().map(|n| (number, n)));
    }

    /// Merges `input` into the planned customer it matches, or plans a new one; its index.
    fn place(&mut self, input: CustomerInput, number: usize) -> usize {
        let keys = match_keys(&input.fields);
        let found = keys.iter().find_map(|k| self.by_key.get(k).copied());
        let (at, keys) = match found {
            Some(at) => {
                let planned = &mut self.customers[at];
                merge::fill(&mut planned.input, &input);
                planned.rows.push(number);
                // Filled fields may bring new keys (a phone the first row lacked).
                (at, match_keys(&planned.input.fields))
            }
            None => {
                self.customers.push(PlannedCustomer {
                    input,
                    follow_ups: Vec::new(),
                    records: PlannedRecords::default(),
                    rows: vec![number],
                    duplicate_of: None,
                });
                self.record_keys.push(HashSet::new());
                (self.customers.len() - 1, keys)
            }
        };
        self.customers[at].duplicate_of = keys.iter().find_map(|k| self.book.find(k));
        for key in keys {
            self.by_key.entry(key).or_insert(at);
        }
        at
    }
}

/// A stand-in stored customer, for validating a follow-up against the customer it belongs to.
pub(crate) fn as_customer(input: &CustomerInput, now: DateTime<Utc>) -> Customer {
    Customer {
        id: String::new(),
        fields: input.fields.clone(),
        tag_ids: Vec::new(),
        created_at: now,
        updated_at: now,
        deleted_at: None,
    }
}
