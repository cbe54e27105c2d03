//! Cell values of a legacy sheet turned into Rapport's values: dates (typed or Excel serials),
//! times, amounts with ¥ and 万, tags, the four choice lists in either language, and cells
//! holding several phones or emails.
//!
//! Every parser takes the cell's text as it is and answers `Ok(None)` for a blank cell (empty,
//! or a placeholder such as `-`, `—`, `/`, `无`, `N/A`), a value, or a [`ValueError`] saying why
//! the cell cannot be read, so an import can list "row 12, column 下次跟进时间: not a date".
//! Full-width forms (`２０２４／５／１`, `１４：３０`, `，`) are read like their ASCII twins.
use std::borrow::Cow;
use thiserror::Error;

mod amount;
mod choice;
mod complaints;
mod contact;
mod date;
mod kind;
mod sales;
mod serial;
mod tags;
mod time;

pub use amount::{amount_from_number, parse_amount};
pub use choice::{
    choice_key, parse_category, parse_method, parse_priority, parse_stage, parse_stage_named,
    StageNames,
};
pub use complaints::{parse_complaint_category, parse_complaint_severity, parse_complaint_status};
pub use contact::{split_contacts, split_emails, split_phones, ContactCell};
pub use date::{
    detect_order, parse_date, parse_month_day, DateOrder, DateValue, MonthDay, OrderGuess,
};
pub use kind::{parse_customer_type, parse_kind, CustomerType};
pub use sales::{parse_payment_method, parse_satisfaction};
pub use serial::{date_from_serial, time_from_serial, DateSystem};
pub use tags::split_tags;
pub use time::parse_time;

/// Why a cell could not be read. The English text is for logs; the UI words it through i18n.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ValueError {
    #[error("not a date")]
    NotADate,
    /// Read as a date, but the day does not exist (2023-02-29, month 13, Excel's 1900-02-29).
    #[error("no such day")]
    NoSuchDate,
    /// A year outside 1900..=2100, the range the rest of the book accepts.
    #[error("date outside 1900–2100")]
    DateOutOfRange,
    #[error("not a time of day")]
    NotATime,
    #[error("not an amount")]
    NotAnAmount,
    /// More cents than an `i64` holds.
    #[error("amount too large")]
    AmountOutOfRange,
    #[error("not a priority")]
    NotAPriority,
    #[error("not a customer category")]
    NotACategory,
    /// A 客户性质 cell that is neither a company nor a person (nor a category or stage).
    #[error("not a customer kind")]
    NotAKind,
    #[error("not a stage")]
    NotAStage,
    #[error("not a follow-up method")]
    NotAMethod,
    #[error("not a payment method")]
    NotAPaymentMethod,
    /// A satisfaction outside 1–5 or not a number, stars or word for one.
    #[error("not a satisfaction of 1 to 5")]
    NotASatisfaction,
    #[error("not a complaint category")]
    NotAComplaintCategory,
    #[error("not a complaint severity")]
    NotASeverity,
    #[error("not a complaint status")]
    NotAComplaintStatus,
    /// One entry of the cell (named, since a cell may hold several) is not a phone number.
    #[error("not a phone number: {entry}")]
    NotAPhone { entry: String },
    #[error("not an email address: {entry}")]
    NotAnEmail { entry: String },
}

/// Full-width ASCII (U+FF01..=U+FF5E) and the ideographic / no-break spaces mapped to ASCII,
/// then trimmed: Chinese input methods produce them and people cannot see the difference.
/// Most cells need no folding and are borrowed, trimmed (an import reads every cell through
/// here, often several times).
pub(crate) fn normalize(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| fold_width(c) != c) {
        return Cow::Borrowed(text.trim());
    }
    let folded: String = text.chars().map(fold_width).collect();
    Cow::Owned(folded.trim().to_string())
}

/// One character as [`normalize`] maps it.
pub(crate) fn fold_width(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' | '\u{00A0}' => ' ',
        _ => c,
    }
}

/// An empty cell or one of the placeholders people type for "nothing" (after [`normalize`]).
pub(crate) fn is_blank(normalized: &str) -> bool {
    const PLACEHOLDERS: [&str; 11] = [
        "-", "--", "---", "—", "——", "–", "/", "无", "n/a", "#n/a", "null",
    ];
    normalized.is_empty()
        || PLACEHOLDERS
            .iter()
            .any(|p| p.eq_ignore_ascii_case(normalized))
}
