//! The workbook: a customer sheet and a follow-up sheet (and, for the whole book, the
//! sales-record sheets of `record_sheets`), each with a bold filled header row
//! that stays in view (frozen) and carries an autofilter, columns sized to their content,
//! dates and date-times as real Excel dates, numbers as numbers and every text cell safe
//! against formula injection: a text starting with = + - @ tab or CR is written as it is with
//! the quote-prefix format (Excel's own `'`, hidden in the cell), never as a formula.
use super::columns::Value;
use super::labels::Labels;
use super::record_sheets::{
    deal_header, opportunity_header, record_sheet_names, service_header, Owners,
};
use super::rows::{follow_up_header, follow_up_row, follow_ups_with_owner, CustomerSheet};
use super::{looks_like_formula, ExportError};
use crate::model::{Customer, FollowUp, Language, Tag};
use crate::store::ExportSet;
use chrono::{Datelike, NaiveDate, NaiveDateTime, TimeZone, Timelike};
use rust_xlsxwriter::{
    Color, ExcelDateTime, Format, FormatBorder, FormatPattern, Workbook, Worksheet, XlsxError,
};

/// Rows a worksheet holds, the header included.
pub const MAX_SHEET_ROWS: usize = 1_048_576;
/// Column widths in characters (a CJK character counts two), before padding.
const MIN_WIDTH: usize = 6;
const MAX_WIDTH: usize = 50;

/// The sheet names: 客户 and 跟进记录, or Customers and Follow-ups.
pub fn sheet_names(lang: Language) -> [&'static str; 2] {
    match lang {
        Language::Zh => ["客户", "跟进记录"],
        Language::En => ["Customers", "Follow-ups"],
    }
}

pub(super) struct Styles {
    header: Format,
    /// The header format, marked as text (quote prefix).
    header_text: Format,
    /// A text cell that would read as a formula: marked as text (quote prefix).
    text: Format,
    date: Format,
    date_time: Format,
}

impl Styles {
    pub(super) fn new() -> Self {
        let header = Format::new()
            .set_bold()
            .set_pattern(FormatPattern::Solid)
            .set_background_color(Color::RGB(0xDDEBF7))
            .set_border_bottom(FormatBorder::Thin);
        Styles {
            header_text: header.clone().set_quote_prefix(),
            header,
            text: Format::new().set_quote_prefix(),
            date: Format::new().set_num_format("yyyy-mm-dd"),
            date_time: Format::new().set_num_format("yyyy-mm-dd hh:mm"),
        }
    }
}

/// The workbook of `customers` (with the names of `tags`) and those of `follow_ups` that
/// belong to them, headers and labels in the language of `labels` (a [`Language`], or
/// [`Labels::new`] with the user's stage names), times as wall-clock times in `tz` (the
/// user's zone, as the importer reads them back). See the module docs of [`super`].
pub fn to_xlsx<'a, Tz: TimeZone>(
    customers: &[Customer],
    tags: &'a [Tag],
    follow_ups: &[FollowUp],
    labels: impl Into<Labels<'a>>,
    tz: &Tz,
) -> Result<Vec<u8>, ExportError> {
    let mut book = Workbook::new();
    write_two_sheets(&mut book, customers, tags, follow_ups, labels.into(), tz)?;
    Ok(book.save_to_buffer()?)
}

/// The workbook of the whole book (`set` read with its records): the customer and follow-up
/// sheets of [`to_xlsx`], then 商机 / 成交 / 售后 with the exported customers' opportunities,
/// deals and after-sales records (see `record_sheets`).
pub fn book_to_xlsx<'a, Tz: TimeZone>(
    set: &'a ExportSet,
    labels: impl Into<Labels<'a>>,
    tz: &Tz,
) -> Result<Vec<u8>, ExportError> {
    let labels = labels.into();
    let lang = labels.lang;
    let r = &set.records;
    let names = record_sheet_names(lang);
    let counts = [r.opportunities.len(), r.deals.len(), r.services.len()];
    for (sheet, rows) in names.iter().zip(counts) {
        fits(sheet, rows)?;
    }
    let mut book = Workbook::new();
    write_two_sheets(
        &mut book,
        &set.customers,
        &set.tags,
        &set.follow_ups,
        labels,
        tz,
    )?;
    let styles = Styles::new();
    let owners = Owners::new(&set.customers);
    let ws = book.add_worksheet().set_name(names[0])?;
    let rows = owners.opportunity_rows(&r.opportunities);
    write_sheet(ws, &opportunity_header(lang), rows, &styles)?;
    let ws = book.add_worksheet().set_name(names[1])?;
    write_sheet(
        ws,
        &deal_header(lang),
        owners.deal_rows(&r.deals, lang),
        &styles,
    )?;
    let ws = book.add_worksheet().set_name(names[2])?;
    let rows = owners.service_rows(&r.services, lang, tz);
    write_sheet(ws, &service_header(lang), rows, &styles)?;
    Ok(book.save_to_buffer()?)
}

fn fits(sheet: &str, rows: usize) -> Result<(), ExportError> {
    if rows >= MAX_SHEET_ROWS {
        return Err(ExportError::TooManyRows {
            sheet: sheet.to_owned(),
            rows,
            limit: MAX_SHEET_ROWS - 1,
        });
    }
    Ok(())
}

/// The customer and follow-up sheets, added to `book`.
fn write_two_sheets<Tz: TimeZone>(
    book: &mut Workbook,
    customers: &[Customer],
    tags: &[Tag],
    follow_ups: &[FollowUp],
    labels: Labels,
    tz: &Tz,
) -> Result<(), ExportError> {
    let lang = labels.lang;
    let [customer_name, follow_up_name] = sheet_names(lang);
    let pairs = follow_ups_with_owner(customers, follow_ups);
    fits(customer_name, customers.len())?;
    fits(follow_up_name, pairs.len())?;
    let styles = Styles::new();
    let sheet = CustomerSheet::new(customers, tags, labels);
    let rows = customers.iter().map(|c| sheet.row(c));
    let ws = book.add_worksheet().set_name(customer_name)?;
    write_sheet(ws, &sheet.header(), rows, &styles)?;
    let rows = pairs.iter().map(|(f, c)| follow_up_row(f, c, lang, tz));
    let ws = book.add_worksheet().set_name(follow_up_name)?;
    write_sheet(ws, &follow_up_header(lang), rows, &styles)?;
    Ok(())
}

pub(super) fn write_sheet<'a>(
    ws: &mut Worksheet,
    header: &[String],
    rows: impl Iterator<Item = Vec<Value<'a>>>,
    styles: &Styles,
) -> Result<(), XlsxError> {
    let mut widths: Vec<usize> = header.iter().map(|h| width(h)).collect();
    for (col, h) in header.iter().enumerate() {
        let format = if looks_like_formula(h) {
            &styles.header_text
        } else {
            &styles.header
        };
        ws.write_string_with_format(0, col_num(col), h, format)?;
    }
    let mut last_row = 0;
    for (i, row) in rows.enumerate() {
        last_row = u32::try_from(i + 1).unwrap_or(u32::MAX);
        for (col, value) in row.iter().enumerate() {
            let wide = widths.get(col).copied().unwrap_or(MAX_WIDTH);
            let w = write_value(ws, last_row, col_num(col), value, styles, wide)?;
            if let Some(slot) = widths.get_mut(col) {
                *slot = (*slot).max(w);
            }
        }
    }
    ws.set_freeze_panes(1, 0)?;
    if !header.is_empty() {
        ws.autofilter(0, 0, last_row, col_num(header.len() - 1))?;
    }
    for (col, w) in widths.iter().enumerate() {
        ws.set_column_width(col_num(col), (w.clamp(&MIN_WIDTH, &MAX_WIDTH) + 2) as f64)?;
    }
    Ok(())
}

/// Writes one cell; the width it needs, or 0 where it cannot be wider than `wide` (the
/// column's width so far, which then needs no measuring).
fn write_value(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    value: &Value,
    styles: &Styles,
    wide: usize,
) -> Result<usize, XlsxError> {
    Ok(match value {
        Value::Empty => 0,
        Value::Text(t) => {
            if looks_like_formula(t) {
                ws.write_string_with_format(row, col, t.as_ref(), &styles.text)?;
            } else {
                ws.write_string(row, col, t.as_ref())?;
            }
            // No character shows wider than its UTF-8 bytes (wide ones take three), and no
            // column is made wider than MAX_WIDTH.
            if wide >= MAX_WIDTH || t.len() <= wide {
                0
            } else {
                t.lines().map(width).max().unwrap_or(0)
            }
        }
        Value::Number(n) => {
            ws.write_number(row, col, *n)?;
            n.to_string().len()
        }
        Value::Date(d) => {
            ws.write_datetime_with_format(row, col, excel_date(*d)?, &styles.date)?;
            10
        }
        Value::DateTime(t) => {
            ws.write_datetime_with_format(row, col, excel_date_time(*t)?, &styles.date_time)?;
            16
        }
    })
}

fn col_num(col: usize) -> u16 {
    u16::try_from(col).unwrap_or(u16::MAX)
}

/// How wide text shows: CJK and other wide characters count two.
fn width(text: &str) -> usize {
    text.chars()
        .map(|c| if c as u32 >= 0x2E80 { 2 } else { 1 })
        .sum()
}

fn excel_date(d: NaiveDate) -> Result<ExcelDateTime, XlsxError> {
    // A year outside u16 becomes 0, which rust_xlsxwriter refuses with a range error.
    let year = u16::try_from(d.year()).unwrap_or(0);
    ExcelDateTime::from_ymd(year, d.month() as u8, d.day() as u8)
}

fn excel_date_time(t: NaiveDateTime) -> Result<ExcelDateTime, XlsxError> {
    excel_date(t.date())?.and_hms(t.hour() as u16, t.minute() as u8, t.second())
}
