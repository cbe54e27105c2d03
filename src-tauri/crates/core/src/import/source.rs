//! An import source: the chosen file, recognised by its bytes (a workbook, a vCard or text),
//! read into a table of text cells for the header step and the plan.
//!
//! Decisions:
//! - The bytes decide, not the name: a zip or OLE file is a workbook, `BEGIN:VCARD` a vCard,
//!   anything else that decodes to text is a delimited table (so a CSV named `.xlsx` imports).
//!   Bytes that decode to control characters or U+FFFD are refused as "not a spreadsheet".
//!   Text starting with `{` is JSON: Rapport's own export (`json_book`) or refused.
//! - Files above [`MAX_FILE_BYTES`] are refused before being read (the workbook and text
//!   readers bound rows and cells further).
//! - Header rows of a workbook are filled across their merged cells, so a group header
//!   (客户信息 over three columns) reaches the two-row header step.
use crate::error::Result;
use crate::export::JsonExport;
use crate::import::file_error;
use crate::import::guard::damaged_on_panic;
use crate::import::headers::fill_merged;
use crate::import::json_book::{self, looks_like_json};
use crate::import::text::{decode, decode_as, delimiter_for, read_rows};
use crate::import::vcard::vcard_table;
use crate::import::workbook::{self, cell_text, merged_spans, Format, Workbook};
use crate::model::Language;
use std::sync::Arc;

/// The largest file an import reads (a 1,048,576-row xlsx is ~100 MB).
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// Rows from the top searched for the header (title and date lines come first).
pub const HEADER_SCAN_ROWS: usize = 12;

/// The file as a source of rows.
pub struct Source {
    file_name: String,
    body: Body,
}

enum Body {
    Workbook(Box<Workbook>),
    Text(Vec<u8>),
    /// Already a table (a vCard turned into rows under recognised headers).
    Grid(Vec<Vec<String>>),
    /// A Rapport JSON export, parsed and checked (`json_book`).
    Book(Arc<JsonExport>),
}

/// The rows of the chosen sheet (or text file) as text.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub rows: Vec<Vec<String>>,
    /// The sheet read, for workbooks.
    pub sheet: Option<String>,
    /// The encoding a text file was read in, and whether detection was sure.
    pub encoding: Option<(String, bool)>,
}

impl Source {
    /// Recognises `bytes` (see the module notes). `file_name` is for the record and for a
    /// `.tsv`'s delimiter. A reader that fails inside (panics) on the file gives the
    /// damaged-file error.
    pub fn open(bytes: Vec<u8>, file_name: &str) -> Result<Source> {
        damaged_on_panic(|| Source::recognise(bytes, file_name), file_error::damaged)
    }

    fn recognise(bytes: Vec<u8>, file_name: &str) -> Result<Source> {
        if bytes.is_empty() {
            return Err(file_error::empty_file());
        }
        if bytes.len() as u64 > MAX_FILE_BYTES {
            return Err(file_error::too_large(bytes.len() as u64, MAX_FILE_BYTES));
        }
        let body = if looks_like_container(&bytes) {
            let book = workbook::open(&bytes, file_name).map_err(|e| file_error::workbook(&e))?;
            Body::Workbook(Box::new(book))
        } else if looks_like_json(&bytes) {
            Body::Book(Arc::new(json_book::parse(&bytes)?))
        } else if is_vcard(&bytes) {
            Body::Grid(vcard_rows(&bytes)?)
        } else if looks_like_text(&decode(prefix(&bytes)).text) {
            Body::Text(bytes)
        } else {
            return Err(file_error::not_a_table());
        };
        Ok(Source {
            file_name: file_name.to_owned(),
            body,
        })
    }

    pub fn file_name(&self) -> &str {
        &self.file_name
    }

    /// "xlsx", "xls", "ods", "csv", "vcf" or "json".
    pub fn format(&self) -> &'static str {
        match &self.body {
            Body::Workbook(b) => match b.format() {
                Format::Xlsx => "xlsx",
                Format::Xls => "xls",
                Format::Ods => "ods",
            },
            Body::Text(_) => "csv",
            Body::Grid(_) => "vcf",
            Body::Book(_) => "json",
        }
    }

    /// The JSON export this file is, if it is one.
    pub fn book(&self) -> Option<Arc<JsonExport>> {
        match &self.body {
            Body::Book(b) => Some(b.clone()),
            _ => None,
        }
    }

    /// The worksheets of a workbook; empty for other sources.
    pub fn sheets(&self) -> Vec<workbook::SheetInfo> {
        match &self.body {
            Body::Workbook(b) => b.sheets(),
            _ => Vec::new(),
        }
    }

    /// Reads the rows: of `sheet` (default: the busiest) for a workbook, in `encoding`
    /// (default: detected) for text. A reader's panic gives the damaged-file error.
    pub fn table(&mut self, sheet: Option<&str>, encoding: Option<&str>) -> Result<Table> {
        damaged_on_panic(|| self.read_table(sheet, encoding), file_error::damaged)
    }

    fn read_table(&mut self, sheet: Option<&str>, encoding: Option<&str>) -> Result<Table> {
        match &mut self.body {
            Body::Workbook(book) => workbook_table(book, sheet),
            Body::Text(bytes) => text_table(bytes, encoding, &self.file_name),
            Body::Grid(rows) => Ok(Table {
                rows: rows.clone(),
                sheet: None,
                encoding: None,
            }),
            Body::Book(_) => Ok(Table {
                rows: Vec::new(),
                sheet: None,
                encoding: None,
            }),
        }
    }
}

fn workbook_table(book: &mut Workbook, sheet: Option<&str>) -> Result<Table> {
    let name = match sheet {
        Some(name) => name.to_owned(),
        None => book
            .busiest_sheet()
            .map(|s| s.name.clone())
            .ok_or_else(file_error::nothing_to_import)?,
    };
    let cells = book
        .rows(&name, usize::MAX)
        .map_err(|e| file_error::workbook(&e))?;
    let mut rows: Vec<Vec<String>> = cells
        .iter()
        .map(|row| row.iter().map(cell_text).collect())
        .collect();
    drop(cells);
    let merged = book.merged(&name).map_err(|e| file_error::workbook(&e))?;
    for (i, row) in rows.iter_mut().take(HEADER_SCAN_ROWS).enumerate() {
        let spans = merged_spans(&merged, i);
        if !spans.is_empty() {
            *row = fill_merged(row, &spans);
        }
    }
    Ok(Table {
        rows,
        sheet: Some(name),
        encoding: None,
    })
}

fn text_table(bytes: &[u8], encoding: Option<&str>, file_name: &str) -> Result<Table> {
    let (text, used) = match encoding {
        Some(label) => {
            let text = decode_as(bytes, label).map_err(|e| file_error::text(&e))?;
            (text, (label.to_owned(), true))
        }
        None => {
            let d = decode(bytes);
            (d.text, (d.encoding.to_owned(), d.confident))
        }
    };
    let sample: String = text.chars().take(64 * 1024).collect();
    let delimiter = delimiter_for(file_name, &sample);
    let rows = read_rows(&text, delimiter, workbook::MAX_ROWS as usize + 1)
        .map_err(|e| file_error::text(&e))?;
    if rows.len() as u64 > workbook::MAX_ROWS {
        let e = workbook::WorkbookError::TooLarge {
            rows: rows.len() as u64,
            limit: workbook::MAX_ROWS,
        };
        return Err(file_error::workbook(&e));
    }
    Ok(Table {
        rows,
        sheet: None,
        encoding: Some(used),
    })
}

/// zip (xlsx, ods) or OLE compound file (xls, encrypted xlsx).
fn looks_like_container(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0])
}

fn is_vcard(bytes: &[u8]) -> bool {
    let head = decode(prefix(bytes)).text;
    head.trim_start_matches('\u{feff}')
        .trim_start()
        .to_ascii_uppercase()
        .starts_with("BEGIN:VCARD")
}

fn prefix(bytes: &[u8]) -> &[u8] {
    bytes.get(..64 * 1024).unwrap_or(bytes)
}

/// Text has almost no control characters besides tab and line breaks, and decodes cleanly.
fn looks_like_text(sample: &str) -> bool {
    let (mut chars, mut odd) = (0usize, 0usize);
    for c in sample.chars() {
        chars += 1;
        if c == '\u{fffd}' || (c.is_control() && !matches!(c, '\t' | '\r' | '\n' | '\u{c}')) {
            odd += 1;
        }
    }
    chars > 0 && odd * 100 <= chars
}

/// A vCard file as rows under headers the mapping recognises.
fn vcard_rows(bytes: &[u8]) -> Result<Vec<Vec<String>>> {
    vcard_table(&decode(bytes).text).map_err(|e| {
        let (zh, en) = (e.message(Language::Zh), e.message(Language::En));
        crate::error::CoreError::file("unreadableVcard", zh, en)
    })
}
