//! Target periods: a calendar month ("2026-03") or quarter ("2026-Q1") in the user's time
//! zone — its first and last local days, the one before and after, the one holding a date.
use crate::model::TargetPeriodKind;
use chrono::{Datelike, NaiveDate};

/// One month or quarter. `index` is the month (1–12) or the quarter (1–4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TargetPeriod {
    pub kind: TargetPeriodKind,
    pub year: i32,
    pub index: u32,
}

/// Years a target may name (the same range as the book's dates).
const YEARS: std::ops::RangeInclusive<i32> = 1900..=2100;

impl TargetPeriod {
    /// "2026-03" or "2026-Q1" (the Q in either case); anything else is `None`.
    pub fn parse(text: &str) -> Option<TargetPeriod> {
        let (year, rest) = text.trim().split_once('-')?;
        if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let year: i32 = year.parse().ok()?;
        if !YEARS.contains(&year) {
            return None;
        }
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        let (kind, index, max) = match rest.strip_prefix(['Q', 'q']) {
            Some(q) if q.len() == 1 && digits(q) => (TargetPeriodKind::Quarter, q, 4),
            Some(_) => return None,
            None if rest.len() == 2 && digits(rest) => (TargetPeriodKind::Month, rest, 12),
            None => return None,
        };
        let index: u32 = index.parse().ok()?;
        (1..=max)
            .contains(&index)
            .then_some(TargetPeriod { kind, year, index })
    }

    /// The period of `kind` holding the local day `date`.
    pub fn containing(kind: TargetPeriodKind, date: NaiveDate) -> TargetPeriod {
        let index = match kind {
            TargetPeriodKind::Month => date.month(),
            TargetPeriodKind::Quarter => date.month0() / 3 + 1,
        };
        TargetPeriod {
            kind,
            year: date.year(),
            index,
        }
    }

    fn months(self) -> u32 {
        match self.kind {
            TargetPeriodKind::Month => 1,
            TargetPeriodKind::Quarter => 3,
        }
    }

    fn first_month(self) -> u32 {
        (self.index - 1) * self.months() + 1
    }

    /// The first local day.
    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.first_month(), 1).unwrap_or(NaiveDate::MIN)
    }

    /// The last local day (28 February, 29 in a leap year, 31 December …).
    pub fn last_day(self) -> NaiveDate {
        self.next().first_day().pred_opt().unwrap_or(NaiveDate::MAX)
    }

    fn count(self) -> u32 {
        12 / self.months()
    }

    pub fn next(self) -> TargetPeriod {
        if self.index == self.count() {
            TargetPeriod {
                year: self.year + 1,
                index: 1,
                ..self
            }
        } else {
            TargetPeriod {
                index: self.index + 1,
                ..self
            }
        }
    }

    pub fn previous(self) -> TargetPeriod {
        if self.index == 1 {
            TargetPeriod {
                year: self.year - 1,
                index: self.count(),
                ..self
            }
        } else {
            TargetPeriod {
                index: self.index - 1,
                ..self
            }
        }
    }
}

impl std::fmt::Display for TargetPeriod {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.kind {
            TargetPeriodKind::Month => write!(f, "{:04}-{:02}", self.year, self.index),
            TargetPeriodKind::Quarter => write!(f, "{:04}-Q{}", self.year, self.index),
        }
    }
}
