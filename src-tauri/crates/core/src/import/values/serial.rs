//! Numeric spreadsheet cells holding dates and times: Excel serials, whole days since an epoch
//! with the time of day as the fraction.
use super::date::DateValue;
use super::ValueError;
use chrono::{Datelike, Days, NaiveDate, NaiveTime};

/// The workbook's date system (a workbook flag; Mac Excel used 1904 before 2011).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DateSystem {
    /// Serial 1 = 1900-01-01, with Lotus 1-2-3's fictitious 1900-02-29 as serial 60.
    #[default]
    Excel1900,
    /// Serial 0 = 1904-01-01.
    Excel1904,
}

const SECONDS_PER_DAY: i64 = 86_400;

/// A date-time serial as a date (no fraction, or a fraction rounding to midnight) or a date
/// and time (rounded to the second). Serial 60 in the 1900 system is Excel's 29 February 1900,
/// a day that never was: it is refused ([`ValueError::NoSuchDate`]) rather than moved to a
/// neighbour, since no real sheet holds it and a silent shift would hide the mistake. A serial
/// below 1 in the 1900 system is a time alone, not a date.
pub fn date_from_serial(serial: f64, system: DateSystem) -> Result<DateValue, ValueError> {
    if !serial.is_finite() {
        return Err(ValueError::NotADate);
    }
    // 1e7 days is far beyond 2100 and keeps the seconds well inside i64 and f64's exact range.
    if !(0.0..1e7).contains(&serial) {
        return Err(ValueError::DateOutOfRange);
    }
    let seconds = (serial * SECONDS_PER_DAY as f64).round() as i64;
    let (days, second_of_day) = (seconds / SECONDS_PER_DAY, seconds % SECONDS_PER_DAY);
    let date = serial_day(days, system)?;
    Ok(DateValue::at(date, time_of_day(second_of_day)))
}

/// The time of day of a numeric time cell (the fraction of a serial; a date-time serial gives
/// its time), rounded to the second; 23:59:59.6 rounds to 00:00.
pub fn time_from_serial(value: f64) -> Result<NaiveTime, ValueError> {
    if !value.is_finite() || value < 0.0 {
        return Err(ValueError::NotATime);
    }
    let seconds = (value.fract() * SECONDS_PER_DAY as f64).round() as i64;
    Ok(time_of_day(seconds % SECONDS_PER_DAY))
}

fn time_of_day(second_of_day: i64) -> NaiveTime {
    u32::try_from(second_of_day)
        .ok()
        .and_then(|s| NaiveTime::from_num_seconds_from_midnight_opt(s, 0))
        .unwrap_or(NaiveTime::MIN)
}

/// The calendar day of a whole serial.
fn serial_day(days: i64, system: DateSystem) -> Result<NaiveDate, ValueError> {
    let (epoch, offset) = match system {
        DateSystem::Excel1904 => (NaiveDate::from_ymd_opt(1904, 1, 1), days),
        DateSystem::Excel1900 => match days {
            0 => return Err(ValueError::NotADate),
            // Before the fictitious day, serial 1 is 1900-01-01.
            1..=59 => (NaiveDate::from_ymd_opt(1899, 12, 31), days),
            60 => return Err(ValueError::NoSuchDate),
            // After it, every serial counts one day too many.
            _ => (NaiveDate::from_ymd_opt(1899, 12, 30), days),
        },
    };
    let date = epoch
        .zip(u64::try_from(offset).ok())
        .and_then(|(epoch, offset)| epoch.checked_add_days(Days::new(offset)))
        .ok_or(ValueError::DateOutOfRange)?;
    if date.year() > 2100 {
        return Err(ValueError::DateOutOfRange);
    }
    Ok(date)
}
