//! A chart's numbers as a table, sent back by the UI to be saved as xlsx or csv.
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// One table: a title (the sheet's name), column headings and rows of cells.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TableExport {
    pub title: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<TableCell>>,
}

/// A number stays a number in the spreadsheet; text is written as text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(untagged)]
#[ts(export)]
pub enum TableCell {
    Number(f64),
    Text(String),
}
