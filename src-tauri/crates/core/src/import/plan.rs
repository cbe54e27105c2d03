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
//!   gets the reminder time, as a due date typed in the app does. With no follow-up time column
//!   at all the follow-up is dated `now` (the import); an empty cell in that column is an error.
//! - A blank follow-up method is 其他 other; a follow-up's priority is the customer's. A
//!   customer without a 优先级 cell takes the priority its category maps to (settings), as the
//!   customer form proposes when a category is chosen; a 优先级 cell wins.
//! - A number where a date is expected (`45413`) is read as an Excel serial in the workbook's
//!   date system, for sheets whose dates arrive as their stored numbers.
//! - Every problem of a row is listed (all cells that cannot be read; then the first validation
//!   error of the customer and of its follow-up), and the row is left out. Empty rows — every
//!   mapped cell blank or a placeholder such as `-` — are skipped silently.
use crate::import::headers::Target;
use crate::import::values::{DateOrder, DateSystem, StageNames};
use crate::model::{CategoryPriorities, Customer, CustomerInput, FollowUpInput};
use chrono::{DateTime, NaiveTime, TimeZone, Utc};
use std::collections::HashMap;

mod check;
mod fields;
mod followup;
mod keys;
mod merge;
mod report;
mod row;

pub use keys::{match_keys, BookIndex, ExistingBook, MatchKey};
pub use merge::{merge_into, DuplicatePolicy};
pub use report::{errors_csv, RowError, RowProblem};

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
    /// Follow-ups over all planned customers.
    #[ts(type = "number")]
    pub follow_ups: usize,
}

/// What an import of the sheet would do.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub customers: Vec<PlannedCustomer>,
    /// Every problem, in row order (a row may have several).
    pub invalid: Vec<RowError>,
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
    let mut grouper = Grouper::new(book);
    let mut invalid = Vec::new();
    let mut rows = 0;
    // Block by block, so what is read ahead of the grouping stays small.
    for (b, block) in sheet.rows.chunks(READ_BLOCK).enumerate() {
        for (j, row) in read_rows(block, sheet.columns, options)
            .into_iter()
            .enumerate()
        {
            let Some(row) = row else { continue };
            rows += 1;
            let number = sheet.first_row + b * READ_BLOCK + j;
            let problems = grouper.add_row(row, options, number);
            let named = problems.into_iter().map(|p| p.into_error(number, sheet));
            invalid.extend(named);
        }
    }
    let customers = grouper.customers;
    let counts = count(&customers, &invalid, rows);
    Plan {
        customers,
        invalid,
        counts,
    }
}

/// One non-empty row read on its own: its cells' problems, a draft continuing the customer
/// above (decided in order), or the checked customer and follow-up.
enum RowRead<'a> {
    Problems(Vec<report::Located>),
    Anonymous(row::Draft<'a>),
    Checked(Result<(CustomerInput, Option<FollowUpInput>), Vec<report::Located>>),
}

/// Rows read and checked ahead of grouping, at a time.
const READ_BLOCK: usize = 8192;

/// Every row of `rows` read and checked (`None` for an empty row), each on its own.
///
/// Reading on several threads was measured (2 cores, 100,000 rows): ~0.1–0.2 s faster, but
/// the customers' text then lives in the threads' malloc arenas, which the memory freed by
/// the parsed sheet cannot serve: +70 MB peak, past the import's 400 MB budget. So one thread.
fn read_rows<'a, Tz: TimeZone>(
    rows: &[Vec<String>],
    columns: &'a [Target],
    options: &PlanOptions<Tz>,
) -> Vec<Option<RowRead<'a>>> {
    let one = |cells: &Vec<String>| -> Option<RowRead<'a>> {
        if row::is_empty(cells, columns) {
            return None;
        }
        Some(match row::build(cells, columns, options) {
            Err(problems) => RowRead::Problems(problems),
            Ok(draft) if draft.is_anonymous() => RowRead::Anonymous(draft),
            Ok(draft) => RowRead::Checked(draft.validate()),
        })
    };
    rows.iter().map(one).collect()
}

fn count(customers: &[PlannedCustomer], invalid: &[RowError], rows: usize) -> PlanCounts {
    let duplicates = customers
        .iter()
        .filter(|c| c.duplicate_of.is_some())
        .count();
    let mut bad: Vec<usize> = invalid.iter().map(|e| e.row).collect();
    bad.dedup();
    PlanCounts {
        rows,
        new_customers: customers.len() - duplicates,
        duplicates,
        invalid_rows: bad.len(),
        follow_ups: customers.iter().map(|c| c.follow_ups.len()).sum(),
    }
}

/// Collects rows into customers, matching each new row against those planned so far, and
/// each planned customer against the book (with the keys it has after its last row).
struct Grouper<'b> {
    book: &'b dyn ExistingBook,
    customers: Vec<PlannedCustomer>,
    by_key: HashMap<MatchKey, usize>,
    /// The customer of the previous row, for follow-up rows under merged customer cells.
    last: Option<usize>,
}

impl<'b> Grouper<'b> {
    fn new(book: &'b dyn ExistingBook) -> Self {
        Grouper {
            book,
            customers: Vec::new(),
            by_key: HashMap::new(),
            last: None,
        }
    }

    /// Adds one non-empty row; its problems when it cannot be imported.
    fn add_row<Tz: TimeZone>(
        &mut self,
        row: RowRead,
        options: &PlanOptions<Tz>,
        number: usize,
    ) -> Vec<report::Located> {
        let checked = match row {
            RowRead::Problems(problems) => {
                self.last = None;
                return problems;
            }
            RowRead::Anonymous(draft) => match self.last {
                Some(last) => return self.add_follow_up_only(&draft, last, number, options.now),
                None => draft.validate(),
            },
            RowRead::Checked(checked) => checked,
        };
        match checked {
            Ok((input, follow_up)) => {
                let at = self.place(input, number);
                self.customers[at].follow_ups.extend(follow_up);
                self.last = Some(at);
                Vec::new()
            }
            Err(problems) => {
                self.last = None;
                problems
            }
        }
    }

    fn add_follow_up_only(
        &mut self,
        draft: &row::Draft,
        at: usize,
        number: usize,
        now: DateTime<Utc>,
    ) -> Vec<report::Located> {
        let owner = as_customer(&self.customers[at].input, now);
        match draft.validate_follow_up(&owner) {
            Ok(follow_up) => {
                let planned = &mut self.customers[at];
                planned.follow_ups.extend(follow_up);
                planned.rows.push(number);
                Vec::new()
            }
            Err(problems) => problems,
        }
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
                    rows: vec![number],
                    duplicate_of: None,
                });
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
