//! A dashboard chart's numbers as a one-sheet workbook or a CSV, with the same styling and
//! formula-injection safety as the customer export.
use super::columns::Value;
use super::csv::{cell_text, write_line, BOM};
use super::xlsx::{write_sheet, Styles};
use super::{neutralise, ExportError, MAX_SHEET_ROWS};
use crate::model::{TableCell, TableExport};
use rust_xlsxwriter::Workbook;

fn value(cell: &TableCell) -> Value<'_> {
    match cell {
        TableCell::Number(n) if n.is_finite() => Value::Number(*n),
        TableCell::Number(_) => Value::Empty,
        TableCell::Text(t) => Value::Text(t.into()),
    }
}

/// A sheet name Excel accepts: at most 31 characters, none of `[]:*?/\`, not empty.
fn sheet_name(title: &str) -> String {
    let name: String = title
        .chars()
        .filter(|c| !"[]:*?/\\".contains(*c))
        .take(31)
        .collect();
    let name = name.trim().trim_matches('\'').to_string();
    if name.is_empty() {
        "Sheet1".into()
    } else {
        name
    }
}

pub fn table_to_xlsx(table: &TableExport) -> Result<Vec<u8>, ExportError> {
    if table.rows.len() >= MAX_SHEET_ROWS {
        return Err(ExportError::TooManyRows {
            sheet: table.title.clone(),
            rows: table.rows.len(),
            limit: MAX_SHEET_ROWS - 1,
        });
    }
    let mut book = Workbook::new();
    let ws = book.add_worksheet().set_name(sheet_name(&table.title))?;
    let rows = table.rows.iter().map(|r| r.iter().map(value).collect());
    write_sheet(ws, &table.columns, rows, &Styles::new())?;
    Ok(book.save_to_buffer()?)
}

/// UTF-8 with BOM, CRLF, like the customer CSV.
pub fn table_to_csv(table: &TableExport) -> Vec<u8> {
    let mut out = BOM.to_vec();
    write_line(&mut out, table.columns.iter().map(|h| neutralise(h)));
    for row in &table.rows {
        let values: Vec<Value> = row.iter().map(value).collect();
        write_line(&mut out, values.iter().map(cell_text));
    }
    out
}
