//! The customer sheet as CSV: UTF-8 with a byte-order mark (without it Excel reads the file
//! in the system's ANSI code page and garbles Chinese), lines ended by CRLF, fields quoted
//! only when they hold a comma, a quote or a line break, text cells made safe against formula
//! injection.
use super::columns::Value;
use super::labels::Labels;
use super::neutralise;
use super::rows::CustomerSheet;
use crate::model::{Customer, Tag};
use std::borrow::Cow;

/// The UTF-8 byte-order mark every CSV export starts with.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The customer sheet of `customers` (with the names of `tags`), headers and labels in the
/// language of `labels` (a `Language`, or [`Labels::new`] with the user's stage names).
/// Dates are written `YYYY-MM-DD`; there are no times on this sheet, so no zone.
pub fn to_csv<'a>(
    customers: &[Customer],
    tags: &'a [Tag],
    labels: impl Into<Labels<'a>>,
) -> Vec<u8> {
    let sheet = CustomerSheet::new(customers, tags, labels.into());
    let mut out = BOM.to_vec();
    let header = sheet.header();
    write_line(&mut out, header.iter().map(|h| neutralise(h)));
    for c in customers {
        let row = sheet.row(c);
        write_line(&mut out, row.iter().map(cell_text));
    }
    out
}

pub(super) fn cell_text<'a>(value: &'a Value<'_>) -> Cow<'a, str> {
    match value {
        Value::Empty => Cow::Borrowed(""),
        Value::Text(t) => neutralise(t),
        Value::Number(n) => Cow::Owned(n.to_string()),
        Value::Date(d) => Cow::Owned(d.format("%Y-%m-%d").to_string()),
        Value::DateTime(t) => Cow::Owned(t.format("%Y-%m-%d %H:%M:%S").to_string()),
    }
}

pub(super) fn write_line<'a>(out: &mut Vec<u8>, fields: impl Iterator<Item = Cow<'a, str>>) {
    for (i, field) in fields.enumerate() {
        if i > 0 {
            out.push(b',');
        }
        if field.contains([',', '"', '\r', '\n']) {
            out.push(b'"');
            out.extend_from_slice(field.replace('"', "\"\"").as_bytes());
            out.push(b'"');
        } else {
            out.extend_from_slice(field.as_bytes());
        }
    }
    out.extend_from_slice(b"\r\n");
}
