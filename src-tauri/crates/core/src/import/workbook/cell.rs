//! A workbook cell as the import sees it, and how it reads as text.
use crate::import::values::{date_from_serial, time_from_serial, DateSystem, DateValue};
use calamine::{CellErrorType, Data, DataRef, ExcelDateTime};
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

/// One cell's value.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Cell {
    #[default]
    Empty,
    Text(String),
    Number(f64),
    Bool(bool),
    /// A cell formatted as a date, time or date-time: the Excel serial as stored and the
    /// workbook's date system, so `values::date_from_serial` applies the same rules (1900's
    /// fictitious 29 February, the 1900–2100 range) as to a plain numeric date column. ods
    /// dates (ISO text) are turned into 1900-system serials.
    Date {
        serial: f64,
        system: DateSystem,
    },
    /// A formula error as Excel shows it (`#N/A`, `#DIV/0!`).
    Error(String),
}

impl Cell {
    pub fn is_empty(&self) -> bool {
        matches!(self, Cell::Empty)
    }

    /// The date (and time) of a date cell; `None` for other cells and impossible dates.
    pub fn date(&self) -> Option<DateValue> {
        match self {
            Cell::Date { serial, system } => date_from_serial(*serial, *system).ok(),
            _ => None,
        }
    }
}

/// How a cell reads as text, for header matching and the value parsers: whole numbers
/// without `.0` (13800138000, not 1.38e10), others rounded to Excel's 15 significant digits
/// (0.1 + 0.2 reads 0.3); dates as `YYYY-MM-DD`, with ` HH:MM:SS` when they hold a time, a
/// time alone (serial below 1) as `HH:MM:SS`; booleans as Excel shows them.
pub fn cell_text(cell: &Cell) -> String {
    match cell {
        Cell::Empty => String::new(),
        Cell::Text(text) | Cell::Error(text) => text.clone(),
        Cell::Number(n) => number_text(*n),
        Cell::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_owned(),
        Cell::Date { serial, system } => date_text(*serial, *system),
    }
}

fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        return format!("{}", n as i64);
    }
    let rounded: f64 = format!("{n:.14e}").parse().unwrap_or(n);
    format!("{rounded}")
}

fn date_text(serial: f64, system: DateSystem) -> String {
    if (0.0..1.0).contains(&serial) {
        if let Ok(time) = time_from_serial(serial) {
            return time.format("%H:%M:%S").to_string();
        }
    }
    match date_from_serial(serial, system) {
        Ok(DateValue::Date(d)) => d.format("%Y-%m-%d").to_string(),
        Ok(DateValue::DateTime(t)) => t.format("%Y-%m-%d %H:%M:%S").to_string(),
        Err(_) => number_text(serial),
    }
}

/// A streamed xlsx cell (shared strings borrowed) as a [`Cell`].
pub(super) fn from_ref(data: DataRef<'_>, system: DateSystem) -> Cell {
    match data {
        DataRef::Empty => Cell::Empty,
        DataRef::SharedString(s) => text(s.to_owned()),
        DataRef::String(s) => text(s),
        DataRef::Int(i) => Cell::Number(i as f64),
        DataRef::Float(f) => Cell::Number(f),
        DataRef::Bool(b) => Cell::Bool(b),
        DataRef::DateTime(dt) => date_time(dt, system),
        DataRef::DateTimeIso(s) => iso_date(s),
        DataRef::DurationIso(s) => iso_duration(s),
        DataRef::Error(e) => error(&e),
    }
}

/// A cell of a sheet calamine read whole (xls, ods) as a [`Cell`].
pub(super) fn from_data(data: &Data, system: DateSystem) -> Cell {
    match data {
        Data::Empty => Cell::Empty,
        Data::String(s) => text(s.clone()),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(dt) => date_time(*dt, system),
        Data::DateTimeIso(s) => iso_date(s.clone()),
        Data::DurationIso(s) => iso_duration(s.clone()),
        Data::Error(e) => error(e),
    }
}

/// An empty string is an empty cell (xlsx writers leave `<v></v>` behind).
fn text(s: String) -> Cell {
    if s.is_empty() {
        Cell::Empty
    } else {
        Cell::Text(s)
    }
}

fn error(e: &CellErrorType) -> Cell {
    Cell::Error(e.to_string())
}

/// Date-formatted serials become dates; durations (`[h]:mm`) stay numbers of days, since
/// they are amounts of time, not moments.
fn date_time(dt: ExcelDateTime, system: DateSystem) -> Cell {
    if dt.is_duration() {
        Cell::Number(dt.as_f64())
    } else {
        Cell::Date {
            serial: dt.as_f64(),
            system,
        }
    }
}

/// ods `date-value`s (`2024-05-01`, `2024-05-01T14:30:00`) as 1900-system serials; text
/// that is neither (or a date before 1900) stays text.
fn iso_date(s: String) -> Cell {
    let parsed = NaiveDateTime::parse_from_str(&s, "%Y-%m-%dT%H:%M:%S%.f")
        .ok()
        .or_else(|| {
            NaiveDate::parse_from_str(&s, "%Y-%m-%d")
                .ok()
                .map(|d| d.and_time(NaiveTime::MIN))
        });
    match parsed.and_then(serial_1900) {
        Some(serial) => Cell::Date {
            serial,
            system: DateSystem::Excel1900,
        },
        None => text(s),
    }
}

/// The 1900-system serial of a moment: days since 1899-12-30, one less before 1900-03-01
/// (Excel counts a 29 February 1900 that never was). `None` before 1900.
fn serial_1900(at: NaiveDateTime) -> Option<f64> {
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30)?.and_time(NaiveTime::MIN);
    let millis = (at - epoch).num_milliseconds() as f64;
    let days = millis / 86_400_000.0;
    let serial = if days < 61.0 { days - 1.0 } else { days };
    (serial >= 1.0).then_some(serial)
}

/// ods `time-value`s (`PT14H30M00S`, a time of day) as a serial below 1; other durations
/// stay text.
fn iso_duration(s: String) -> Cell {
    match duration_seconds(&s).filter(|secs| (0.0..86_400.0).contains(secs)) {
        Some(secs) => Cell::Date {
            serial: secs / 86_400.0,
            system: DateSystem::Excel1900,
        },
        None => text(s),
    }
}

/// Seconds of a `PT…H…M…S` duration; `None` for anything else (days, negatives).
fn duration_seconds(s: &str) -> Option<f64> {
    let mut rest = s.strip_prefix("PT")?;
    let mut total = 0.0;
    while !rest.is_empty() {
        let end = rest.find(|c: char| !(c.is_ascii_digit() || c == '.'))?;
        let (number, tail) = rest.split_at(end);
        let value: f64 = number.parse().ok()?;
        let mut chars = tail.chars();
        total += value
            * match chars.next()? {
                'H' => 3600.0,
                'M' => 60.0,
                'S' => 1.0,
                _ => return None,
            };
        rest = chars.as_str();
    }
    Some(total)
}
