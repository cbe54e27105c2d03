//! Dates typed without a year (`5月8日`, `5/8`): the import reads them with a year it states.
//!
//! Decisions: the year is taken from the nearest row above (else below, within
//! [`NEIGHBOURS`] rows) whose cell in the same column has a full date — of that year or the
//! one before or after, whichever puts the date closest to the neighbour's (a sheet running
//! from December into January). With no dated neighbour it is the current year, or last year
//! when that would put a past event (a follow-up, a first contact, a birthday) after today.
//! Each choice is listed as an assumption per column, year and reason.
use super::row::date_cell;
use super::{PlanOptions, Sheet};
use crate::import::headers::Target;
use crate::import::values::{parse_month_day, DateValue, MonthDay};
use crate::model::Language;
use chrono::{Datelike, NaiveDate, TimeZone};
use std::collections::HashMap;

/// How far up and down a dated neighbour is looked for.
const NEIGHBOURS: usize = 50;

/// Why a year was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum YearBasis {
    /// The year of the dated rows around them.
    NearbyRows,
    /// No dated row near: the current year.
    ThisYear,
    /// No dated row near, and the current year would put a past event after today.
    LastYear,
}

/// Yearless dates of one column read in one year for one reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearAssumption {
    /// The column's header.
    pub column: String,
    pub year: i32,
    pub basis: YearBasis,
    /// How many cells.
    pub cells: usize,
    /// The first such cell as typed.
    pub example: String,
}

impl YearAssumption {
    /// "2 个日期没有年份（如“5月8日”），按 2024 年读取：取自相邻行的日期" (the column shown apart).
    pub fn message(&self, lang: Language) -> String {
        let (n, e, y) = (self.cells, &self.example, self.year);
        match (lang, self.basis) {
            (Language::Zh, YearBasis::NearbyRows) => {
                format!("{n} 个日期没有年份（如“{e}”），按 {y} 年读取：取自相邻行的日期")
            }
            (Language::Zh, YearBasis::ThisYear) => {
                format!("{n} 个日期没有年份（如“{e}”），按今年（{y} 年）读取：附近没有带年份的日期")
            }
            (Language::Zh, YearBasis::LastYear) => {
                format!("{n} 个日期没有年份（如“{e}”），按去年（{y} 年）读取：按今年读会晚于今天")
            }
            (Language::En, basis) => {
                let dates = if n == 1 { "date" } else { "dates" };
                let why = match basis {
                    YearBasis::NearbyRows => "the year of the rows around them".to_string(),
                    YearBasis::ThisYear => "this year: no dated rows near them".to_string(),
                    YearBasis::LastYear => {
                        "last year: this year would put them after today".to_string()
                    }
                };
                format!("{n} {dates} without a year (e.g. “{e}”) read as {y}, {why}")
            }
        }
    }
}

/// The yearless cells with the full date they are read as (by row index in `sheet.rows` and
/// column), and the assumptions made.
#[derive(Debug, Default)]
pub(super) struct Years {
    pub cells: HashMap<(usize, usize), String>,
    pub assumptions: Vec<YearAssumption>,
}

/// Finds the yearless dates of every date column and chooses their years.
pub(super) fn read_years<Tz: TimeZone>(sheet: &Sheet, options: &PlanOptions<Tz>) -> Years {
    let mut years = Years::default();
    for (col, target) in sheet.columns.iter().enumerate() {
        if !is_date(target) {
            continue;
        }
        let mut found: Vec<((i32, YearBasis), String)> = Vec::new();
        for (i, row) in sheet.rows.iter().enumerate() {
            let Some(text) = row.get(col).filter(|t| may_lack_year(t)) else {
                continue;
            };
            let Some(md) = parse_month_day(text, options.date_order) else {
                continue;
            };
            let Some((year, basis)) = choose(sheet, col, i, &md, target, options) else {
                continue;
            };
            let Some(value) = md.in_year(year) else {
                continue;
            };
            years.cells.insert((i, col), iso(value));
            found.push(((year, basis), text.trim().to_string()));
        }
        let mut groups: Vec<YearAssumption> = Vec::new();
        for ((year, basis), text) in found {
            match groups
                .iter_mut()
                .find(|g| g.year == year && g.basis == basis)
            {
                Some(g) => g.cells += 1,
                None => groups.push(YearAssumption {
                    column: super::report::column_name(sheet.header, col),
                    year,
                    basis,
                    cells: 1,
                    example: text,
                }),
            }
        }
        years.assumptions.extend(groups);
    }
    years
}

/// A cheap look before parsing: 月 without 年, or a single date separator (`5/8`); full dates
/// (two separators, 年, or digits only) are passed over without allocating.
fn may_lack_year(text: &str) -> bool {
    if text.contains('月') {
        return !text.contains('年');
    }
    let separators = text
        .chars()
        .filter(|c| matches!(c, '-' | '/' | '.' | '－' | '／' | '．'))
        .count();
    separators == 1
}

fn is_date(target: &Target) -> bool {
    matches!(
        target,
        Target::FollowUpAt
            | Target::NextFollowUpAt
            | Target::FirstContactDate
            | Target::Birthday
            | Target::ContractExpiry
            | Target::Deadline
    )
}

/// The year for the yearless cell at row `i` and why.
fn choose<Tz: TimeZone>(
    sheet: &Sheet,
    col: usize,
    i: usize,
    md: &MonthDay,
    target: &Target,
    options: &PlanOptions<Tz>,
) -> Option<(i32, YearBasis)> {
    if let Some(near) = neighbour(sheet, col, i, options) {
        let y = near.year();
        let closest = [y - 1, y, y + 1]
            .into_iter()
            .filter_map(|y| {
                md.in_year(y)
                    .map(|d| (y, (d.date() - near).num_days().abs()))
            })
            .min_by_key(|(_, days)| *days)?;
        return Some((closest.0, YearBasis::NearbyRows));
    }
    let today = options.now.with_timezone(&options.tz).date_naive();
    let past_event = matches!(
        target,
        Target::FollowUpAt | Target::FirstContactDate | Target::Birthday
    );
    let this_year = md.in_year(today.year()).map(|d| d.date());
    match this_year {
        Some(d) if past_event && d > today => Some((today.year() - 1, YearBasis::LastYear)),
        _ => Some((today.year(), YearBasis::ThisYear)),
    }
}

/// The date of the nearest row above (else below) with a full date in the column.
fn neighbour<Tz: TimeZone>(
    sheet: &Sheet,
    col: usize,
    i: usize,
    options: &PlanOptions<Tz>,
) -> Option<NaiveDate> {
    let dated = |j: usize| {
        let text = sheet.rows.get(j)?.get(col)?;
        date_cell(text, options).ok().flatten().map(|d| d.date())
    };
    let above = (i.saturating_sub(NEIGHBOURS)..i).rev().find_map(dated);
    above.or_else(|| (i + 1..(i + 1 + NEIGHBOURS).min(sheet.rows.len())).find_map(dated))
}

/// The date as the date parser reads it back.
fn iso(value: DateValue) -> String {
    match value {
        DateValue::Date(d) => d.format("%Y-%m-%d").to_string(),
        DateValue::DateTime(t) => t.format("%Y-%m-%d %H:%M:%S").to_string(),
    }
}
