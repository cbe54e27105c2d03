//! Dates as people type them: `2024-05-01`, `2024/5/1`, `2024.5.1`, `2024年5月1日` (or 号),
//! `20240501`, `5/1/2024` or `1/5/2024` (the column's [`DateOrder`] decides), each optionally
//! followed by a time (`2024-05-01 14:30`, `2024-05-01T14:30:00`, `2024年5月1日 下午2点`).
//!
//! Two-digit years are read only where they cannot be mistaken, in the last place (`5/1/24`)
//! and before 年 (`24年5月1日`), with Excel's own window, 00–29 → 20xx and 30–99 → 19xx, so a
//! sheet reads as Excel showed it. A two-digit first part is never a year: `24/5/1` is refused
//! and `24/05/01` is day/month (or month/day) of 2001.
//! A month and day without a year (`5月8日`, `5/8`) is not a date here: [`parse_month_day`]
//! reads it, and the import chooses the year and says so (see `import::plan::yearless`).
//! Text holding only a number (`45413`) is not taken as an Excel serial: a numeric cell comes
//! through [`super::date_from_serial`], and a serial typed as text is more likely a mistake.
use super::time::parse_time_text;
use super::{is_blank, normalize, ValueError};
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

/// A cell's date, with its time of day when the cell had one. Local time: the zone is the
/// importing user's, applied later.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateValue {
    Date(NaiveDate),
    DateTime(NaiveDateTime),
}

impl DateValue {
    pub fn date(&self) -> NaiveDate {
        match self {
            DateValue::Date(d) => *d,
            DateValue::DateTime(t) => t.date(),
        }
    }

    pub fn time(&self) -> Option<NaiveTime> {
        match self {
            DateValue::Date(_) => None,
            DateValue::DateTime(t) => Some(t.time()),
        }
    }

    /// Midnight is taken as "no time": exports write date-only values as `… 00:00:00`, and a
    /// date alone later gets the reminder time rather than midnight.
    pub(super) fn at(date: NaiveDate, time: NaiveTime) -> DateValue {
        if time == NaiveTime::MIN {
            DateValue::Date(date)
        } else {
            DateValue::DateTime(date.and_time(time))
        }
    }
}

/// How to read `a/b/yyyy`: `5/1/2024` is 1 May with `MonthFirst` (US), 5 January with `DayFirst`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum DateOrder {
    MonthFirst,
    DayFirst,
}

/// What a column's `a/b/yyyy` values say about their order (see [`detect_order`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderGuess {
    MonthFirst,
    DayFirst,
    /// Every `a/b/yyyy` value has both numbers ≤ 12: the user must choose.
    Ambiguous,
    /// Some values need month-first and others day-first.
    Conflicting,
    /// No `a/b/yyyy` values (ISO, Chinese or compact dates only, or none at all).
    NotApplicable,
}

impl OrderGuess {
    /// The order to apply without asking, when the values settle it.
    pub fn order(self) -> Option<DateOrder> {
        match self {
            OrderGuess::MonthFirst => Some(DateOrder::MonthFirst),
            OrderGuess::DayFirst => Some(DateOrder::DayFirst),
            _ => None,
        }
    }
}

/// The date part's layout, before the day/month order is applied.
enum Shape {
    /// `yyyy-m-d`, `yyyymmdd`, `yyyy年m月d日`.
    YearFirst(i32, u32, u32),
    /// `a/b/yyyy` or `a/b/yy` (year already expanded).
    YearLast(u32, u32, i32),
}

/// Reads a typed date (see the module docs for the forms). `order` settles `a/b/yyyy`.
pub fn parse_date(text: &str, order: DateOrder) -> Result<Option<DateValue>, ValueError> {
    let s = normalize(text);
    if is_blank(&s) {
        return Ok(None);
    }
    let (date_part, time_part) = split_date_time(&s);
    let date = match shape(&date_part).ok_or(ValueError::NotADate)? {
        Shape::YearFirst(y, m, d) => ymd(y, m, d)?,
        Shape::YearLast(a, b, y) => match order {
            DateOrder::MonthFirst => ymd(y, a, b)?,
            DateOrder::DayFirst => ymd(y, b, a)?,
        },
    };
    let Some(time_part) = time_part else {
        return Ok(Some(DateValue::Date(date)));
    };
    let time = parse_time_text(&time_part).map_err(|_| ValueError::NotADate)?;
    Ok(Some(DateValue::at(date, time)))
}

/// Looks at a whole column: a first number > 12 can only be a day (`DayFirst`), a second
/// number > 12 only a day in second place (`MonthFirst`). Other date forms are ignored.
pub fn detect_order(samples: &[&str]) -> OrderGuess {
    let (mut any, mut day_first, mut month_first) = (false, false, false);
    for sample in samples {
        let (date_part, _) = split_date_time(&normalize(sample));
        if let Some(Shape::YearLast(a, b, _)) = shape(&date_part) {
            any = true;
            day_first |= a > 12 && b <= 12;
            month_first |= b > 12 && a <= 12;
        }
    }
    match (day_first, month_first) {
        (true, true) => OrderGuess::Conflicting,
        (true, false) => OrderGuess::DayFirst,
        (false, true) => OrderGuess::MonthFirst,
        _ if any => OrderGuess::Ambiguous,
        _ => OrderGuess::NotApplicable,
    }
}

/// Splits off a time after whitespace or an ISO `T`; 年/月 become `-` and 日/号 end the date.
fn split_date_time(s: &str) -> (String, Option<String>) {
    let s = chinese_to_dashes(s);
    let s = s.trim();
    let cut = s
        .find(char::is_whitespace)
        .or_else(|| s.find(['T', 't']).filter(|&i| i >= 8));
    match cut {
        Some(i) => {
            let rest =
                s[i..].trim_start_matches(|c: char| c.is_whitespace() || c == 'T' || c == 't');
            (s[..i].to_string(), Some(rest.trim().to_string()))
        }
        None => (s.to_string(), None),
    }
}

/// `yyyy年m月d日` (or 号) → `yyyy-m-d `, expanding a two-digit year before 年.
fn chinese_to_dashes(s: &str) -> String {
    let (year, rest) = match s.split_once('年') {
        Some((y, rest)) => match num::<i32>(y) {
            Some(yy) if y.len() == 2 => (format!("{}-", two_digit_year(yy)), rest),
            _ => (format!("{y}-"), rest),
        },
        None => (String::new(), s),
    };
    format!(
        "{year}{}",
        rest.replace('月', "-").replace(['日', '号'], " ")
    )
}

/// The layout of a date part, or `None` when it is not a date we read.
fn shape(s: &str) -> Option<Shape> {
    if s.len() == 8 && s.bytes().all(|b| b.is_ascii_digit()) {
        return Some(Shape::YearFirst(
            num(&s[..4])?,
            num(&s[4..6])?,
            num(&s[6..])?,
        ));
    }
    let sep = s.chars().find(|c| matches!(c, '-' | '/' | '.'))?;
    let parts: Vec<&str> = s.split(sep).collect();
    let [a, b, c] = parts.as_slice() else {
        return None;
    };
    let digits =
        |p: &str, max: usize| (1..=max).contains(&p.len()) && p.bytes().all(|x| x.is_ascii_digit());
    if !digits(a, 4) || !digits(b, 2) || !digits(c, 4) {
        return None;
    }
    match (a.len(), c.len()) {
        (4, 1..=2) => Some(Shape::YearFirst(num(a)?, num(b)?, num(c)?)),
        (1..=2, 4) => Some(Shape::YearLast(num(a)?, num(b)?, num(c)?)),
        (1..=2, 2) => Some(Shape::YearLast(num(a)?, num(b)?, two_digit_year(num(c)?))),
        _ => None,
    }
}

/// Excel's window for two-digit years: 00–29 → 2000–2029, 30–99 → 1930–1999.
fn two_digit_year(yy: i32) -> i32 {
    if yy < 30 {
        2000 + yy
    } else {
        1900 + yy
    }
}

fn num<T: std::str::FromStr>(s: &str) -> Option<T> {
    s.parse().ok()
}

/// A checked date: the year must be in 1900..=2100 and the day must exist.
pub(super) fn ymd(y: i32, m: u32, d: u32) -> Result<NaiveDate, ValueError> {
    if !(1900..=2100).contains(&y) {
        return Err(ValueError::DateOutOfRange);
    }
    NaiveDate::from_ymd_opt(y, m, d).ok_or(ValueError::NoSuchDate)
}

/// A date without its year, with the time of day the cell had.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MonthDay {
    pub month: u32,
    pub day: u32,
    pub time: Option<NaiveTime>,
}

impl MonthDay {
    /// The date in `year`, `None` when the day does not exist that year (29 February).
    pub fn in_year(&self, year: i32) -> Option<DateValue> {
        let date = ymd(year, self.month, self.day).ok()?;
        Some(match self.time {
            Some(t) => DateValue::at(date, t),
            None => DateValue::Date(date),
        })
    }
}

/// `5月8日` / `5月8号` (the month named), or `5/8`, `5-8`, `5.8` read in `order`, each
/// optionally followed by a time; `None` for anything else (a full date included).
pub fn parse_month_day(text: &str, order: DateOrder) -> Option<MonthDay> {
    let s = normalize(text);
    if is_blank(&s) || s.contains('年') {
        return None;
    }
    let named = s.contains('月');
    let (date_part, time_part) = split_date_time(&s);
    let sep = date_part.chars().find(|c| matches!(c, '-' | '/' | '.'))?;
    let parts: Vec<&str> = date_part.split(sep).collect();
    let [a, b] = parts.as_slice() else {
        return None;
    };
    let small = |p: &str| (1..=2).contains(&p.len()) && p.bytes().all(|x| x.is_ascii_digit());
    if !small(a) || !small(b) || (named && sep != '-') {
        return None;
    }
    let (a, b): (u32, u32) = (num(a)?, num(b)?);
    let (month, day) = match (named, order) {
        (true, _) | (false, DateOrder::MonthFirst) => (a, b),
        (false, DateOrder::DayFirst) => (b, a),
    };
    // Any year that has the day (2024 has 29 February).
    NaiveDate::from_ymd_opt(2024, month, day)?;
    let time = match time_part {
        Some(t) => Some(parse_time_text(&t).ok()?),
        None => None,
    };
    Some(MonthDay {
        month,
        day,
        time: time.filter(|t| *t != NaiveTime::MIN),
    })
}
