//! Workbooks (`.xlsx`, `.xlsm`, `.xls`, `.ods`) read with calamine as rows of [`Cell`]s.
//!
//! Decisions:
//! - The format comes from the bytes, never the name: a zip holding `xl/workbook.xml` is
//!   xlsx/xlsm, a zip whose `mimetype` says OpenDocument spreadsheet is ods, an OLE file is xls
//!   (or an encrypted xlsx); anything else is [`WorkbookError::NotAWorkbook`], so a CSV named
//!   `.xlsx` gets a clear answer and the caller can fall back to the text reader.
//! - Zips are inspected before calamine inflates anything ([`check_zip_sizes`]) and their real
//!   sizes are verified while streaming each entry to nowhere, since a central directory can
//!   lie: at most [`MAX_UNPACKED_BYTES`] unpacked, no large entry compressed more than
//!   [`MAX_RATIO`] times, at most [`MAX_ZIP_ENTRIES`] entries. OLE files (xls) have their
//!   sector chains checked first (`cfbcheck`: no loops, nothing outside the file), which
//!   calamine does not do, and their records sized before calamine builds its grids
//!   (`biffcheck`: two cells far apart, or a lying Dimensions record, can ask for gigabytes).
//! - Rows are indexed from the sheet's first row and column (A1 = `rows[0][0]`) so a row
//!   number in an error message is Excel's row number minus one; every row has the sheet's
//!   width.
//! - Merged cells read as Excel shows them: every row of a region reads like its top row,
//!   the top-left value in the region's first column and the other columns empty. So a
//!   customer merged down over its follow-up rows is repeated on each row, while a title
//!   merged across the sheet stays one cell (copied across, it would look like a row of group
//!   headers). Header rows are filled across by the header step ([`Workbook::merged`] with
//!   [`merged_spans`] feeds `headers::fill_merged`).
//! - Bounds: a sheet above [`MAX_ROWS`] rows, or above [`MAX_CELLS`] cells (rows × columns,
//!   so ~8 million cells of at most 32 bytes each plus their text), is refused with
//!   [`WorkbookError::TooLarge`] before its grid is built; a cell above [`MAX_CELL_BYTES`]
//!   with [`WorkbookError::CellTooLarge`]. xlsx sheets are streamed cell by cell, so counting
//!   a huge sheet never holds it. xls and ods sheets are held whole by calamine (an xls is
//!   at most as large as its file; ods is bounded by the unpacked-size check and calamine's
//!   own cell limit).
//! - [`open`] reads every worksheet once to count its cells (for [`Workbook::busiest_sheet`])
//!   and keeps the cells of the busiest one (at most [`MAX_CELLS`] of them), so reading that
//!   sheet's rows afterwards — what an import does — needs no second parse; any other sheet,
//!   or the same one again, is parsed anew.
use std::collections::HashMap;
use thiserror::Error;

mod biffcheck;
mod book;
mod cell;
mod cfbcheck;
mod mergescan;
mod zipcheck;

pub use cell::{cell_text, Cell};
pub use zipcheck::{check_zip_sizes, MAX_RATIO, MAX_UNPACKED_BYTES, MAX_ZIP_ENTRIES};

use book::Book;

/// Excel's own row limit: a sheet with more rows was not written by a spreadsheet.
pub const MAX_ROWS: u64 = 1_048_576;
/// The most cells (rows × columns) [`Workbook::rows`] builds: keeps the grid of a whole sheet
/// near 256 MB before its text, inside the import's memory budget.
pub const MAX_CELLS: u64 = 8_000_000;
/// The largest cell text accepted (the same bound as the text reader's).
pub const MAX_CELL_BYTES: usize = 1024 * 1024;

/// Why a workbook or one of its sheets could not be read. The English text is for logs; the
/// UI words it through i18n.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum WorkbookError {
    /// Neither xlsx/xlsm, xls nor ods, whatever the file name says.
    #[error("not a workbook (xlsx, xlsm, xls or ods)")]
    NotAWorkbook,
    #[error("the workbook is password-protected")]
    PasswordProtected,
    /// A damaged or truncated zip or OLE file.
    #[error("the workbook is damaged or truncated: {0}")]
    Corrupt(String),
    /// A sheet with more rows than [`MAX_ROWS`], or more than [`MAX_CELLS`] cells at its width
    /// (`limit` is the row limit at that width).
    #[error("the sheet has {rows} rows; at most {limit} rows can be imported")]
    TooLarge { rows: u64, limit: u64 },
    /// The zip would unpack to more than [`MAX_UNPACKED_BYTES`].
    #[error("the workbook unpacks to {bytes} bytes; at most {limit} are read")]
    UnpackedTooLarge { bytes: u64, limit: u64 },
    /// A zip bomb or a tampered zip (absurd compression ratio, an entry larger than its
    /// directory says, too many entries).
    #[error("the workbook looks like a zip bomb: {0}")]
    Suspicious(String),
    /// A cell longer than [`MAX_CELL_BYTES`] (rows and columns from 0).
    #[error("row {row}, column {col}: the cell holds {bytes} bytes, more than {limit}")]
    CellTooLarge {
        row: usize,
        col: usize,
        bytes: usize,
        limit: usize,
    },
    #[error("no sheet named `{0}`")]
    NoSuchSheet(String),
    /// Anything else calamine reports (a malformed sheet, an unsupported `.xlsb`).
    #[error("the workbook cannot be read: {0}")]
    Unreadable(String),
}

/// The formats [`open`] recognises.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `.xlsx` and `.xlsm` (the macros are ignored).
    Xlsx,
    /// BIFF8 `.xls`.
    Xls,
    Ods,
}

/// A worksheet and how much it holds; chart and macro sheets are left out.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SheetInfo {
    pub name: String,
    /// Up to and including the last row holding a value (from row 1, so leading empty rows
    /// count).
    pub rows: usize,
    /// Up to and including the last column holding a value (from column A).
    pub cols: usize,
    pub non_empty_cells: usize,
    /// False for hidden sheets, which are never preselected.
    pub visible: bool,
}

/// A merged region, rows and columns from 0, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Merged {
    pub first_row: usize,
    pub last_row: usize,
    pub first_col: usize,
    pub last_col: usize,
}

/// An open workbook: its sheets counted, ready to read rows from.
pub struct Workbook {
    book: Book,
    format: Format,
    file_name: String,
    sheets: Vec<SheetInfo>,
    merged: HashMap<String, Vec<Merged>>,
    /// False when no part of an xlsx mentions `mergeCell`: no sheet has merged regions, and
    /// calamine's second parse of the sheet to find them is skipped (see `mergescan`).
    merge_possible: bool,
    /// The non-empty cells of the busiest sheet as counted (its index in `sheets`), taken by
    /// the first [`Workbook::rows`] of that sheet.
    kept: Option<(usize, Vec<Placed>)>,
}

/// Opens a workbook from its bytes, detecting the real format (see the module notes), and
/// counts what each worksheet holds. `file_name` is kept for the import record only.
pub fn open(bytes: &[u8], file_name: &str) -> Result<Workbook, WorkbookError> {
    let (mut book, format) = Book::open(bytes)?;
    // xls reads its regions cheaply; ods has none (see `Book::merged`).
    let merge_possible = !matches!(book, Book::Xlsx(_)) || mergescan::may_have_merged(bytes);
    let mut sheets = Vec::new();
    let mut kept = None;
    for (name, visible) in book.worksheets() {
        let (info, cells) = count(&mut book, name, visible)?;
        sheets.push(info);
        // Only the busiest sheet so far keeps its cells.
        let last = sheets.len() - 1;
        if busiest(&sheets) == Some(last) {
            kept = cells.map(|c| (last, c));
        }
    }
    Ok(Workbook {
        book,
        format,
        file_name: file_name.to_owned(),
        sheets,
        merged: HashMap::new(),
        merge_possible,
        kept,
    })
}

/// The index of the sheet to preselect (see [`Workbook::busiest_sheet`]).
fn busiest(sheets: &[SheetInfo]) -> Option<usize> {
    let busiest = |visible: bool| {
        sheets
            .iter()
            .enumerate()
            .filter(|(_, s)| s.visible == visible && s.non_empty_cells > 0)
            .fold(None::<(usize, &SheetInfo)>, |best, (i, s)| match best {
                Some((_, b)) if b.non_empty_cells >= s.non_empty_cells => best,
                _ => Some((i, s)),
            })
            .map(|(i, _)| i)
    };
    busiest(true)
        .or_else(|| busiest(false))
        .or_else(|| (!sheets.is_empty()).then_some(0))
}

/// A sheet counted, and its non-empty cells unless there were more than [`MAX_CELLS`].
type Counted = (SheetInfo, Option<Vec<Placed>>);

/// A cell with its row and column.
type Placed = (usize, usize, Cell);

/// One pass over a sheet counting its non-empty cells and extent, keeping them.
fn count(book: &mut Book, name: String, visible: bool) -> Result<Counted, WorkbookError> {
    let (mut rows, mut cols, mut non_empty) = (0, 0, 0);
    let mut cells = Some(Vec::new());
    book.visit(&name, usize::MAX, &mut |row, col, cell| {
        if !cell.is_empty() {
            non_empty += 1;
            rows = rows.max(row + 1);
            cols = cols.max(col + 1);
            if non_empty as u64 > MAX_CELLS {
                cells = None;
            }
            if let Some(cells) = &mut cells {
                cells.push((row, col, cell));
            }
        }
        Ok(())
    })?;
    let info = SheetInfo {
        name,
        rows,
        cols,
        non_empty_cells: non_empty,
        visible,
    };
    Ok((info, cells))
}

/// The most rows a sheet `cols` wide may have: [`MAX_ROWS`], less for wide sheets so the
/// grid stays within [`MAX_CELLS`].
pub fn row_limit(cols: usize) -> u64 {
    MAX_ROWS.min(MAX_CELLS / (cols.max(1) as u64))
}

impl Workbook {
    pub fn format(&self) -> Format {
        self.format
    }

    pub fn file_name(&self) -> &str {
        &self.file_name
    }

    /// The worksheets in workbook order.
    pub fn sheets(&self) -> Vec<SheetInfo> {
        self.sheets.clone()
    }

    /// The sheet to preselect: the visible one with the most non-empty cells (the first on a
    /// tie); a hidden sheet only when no visible one holds anything.
    pub fn busiest_sheet(&self) -> Option<&SheetInfo> {
        busiest(&self.sheets).map(|i| &self.sheets[i])
    }

    /// The first `max_rows` rows of `sheet`, each as wide as the sheet, merged regions read as
    /// the module notes say. Refuses a sheet above the size limits whatever `max_rows` is, so
    /// the preview already tells the user.
    pub fn rows(&mut self, sheet: &str, max_rows: usize) -> Result<Vec<Vec<Cell>>, WorkbookError> {
        let info = self.info(sheet)?.clone();
        let limit = row_limit(info.cols);
        if info.rows as u64 > limit {
            return Err(WorkbookError::TooLarge {
                rows: info.rows as u64,
                limit,
            });
        }
        let height = info.rows.min(max_rows);
        let mut grid = vec![vec![Cell::Empty; info.cols]; height];
        let mut put = |row: usize, col: usize, cell: Cell| {
            check_size(row, col, &cell)?;
            if let Some(slot) = grid.get_mut(row).and_then(|r| r.get_mut(col)) {
                *slot = cell;
            }
            Ok(())
        };
        let index = self.sheets.iter().position(|s| s.name == sheet);
        match self.kept.take() {
            Some((i, cells)) if Some(i) == index => {
                for (row, col, cell) in cells.into_iter().take_while(|(r, _, _)| *r < height) {
                    put(row, col, cell)?;
                }
            }
            // Another sheet: the kept cells are not needed any more.
            _ => self.book.visit(sheet, height, &mut put)?,
        }
        let merged = self.merged(sheet)?;
        apply_merged(&mut grid, &merged);
        Ok(grid)
    }

    /// The merged regions of `sheet` (read once, then remembered).
    pub fn merged(&mut self, sheet: &str) -> Result<Vec<Merged>, WorkbookError> {
        self.info(sheet)?;
        if let Some(found) = self.merged.get(sheet) {
            return Ok(found.clone());
        }
        let found = if self.merge_possible {
            self.book.merged(sheet)?
        } else {
            Vec::new()
        };
        self.merged.insert(sheet.to_owned(), found.clone());
        Ok(found)
    }

    fn info(&self, sheet: &str) -> Result<&SheetInfo, WorkbookError> {
        self.sheets
            .iter()
            .find(|s| s.name == sheet)
            .ok_or_else(|| WorkbookError::NoSuchSheet(sheet.to_owned()))
    }
}

fn check_size(row: usize, col: usize, cell: &Cell) -> Result<(), WorkbookError> {
    match cell {
        Cell::Text(text) if text.len() > MAX_CELL_BYTES => Err(WorkbookError::CellTooLarge {
            row,
            col,
            bytes: text.len(),
            limit: MAX_CELL_BYTES,
        }),
        _ => Ok(()),
    }
}

/// The column spans `(first, last)` of the regions covering `row`, as
/// `headers::fill_merged` takes them: to fill a header row across its merged cells.
pub fn merged_spans(merged: &[Merged], row: usize) -> Vec<(usize, usize)> {
    merged
        .iter()
        .filter(|m| (m.first_row..=m.last_row).contains(&row))
        .map(|m| (m.first_col, m.last_col))
        .collect()
}

/// Makes every row of each region read like its top row (see the module notes), clipped to
/// the grid. Valid regions never overlap, so their areas add up to at most the grid; once
/// they exceed it the file is tampered with and the rest are ignored (bounded work).
fn apply_merged(grid: &mut [Vec<Cell>], merged: &[Merged]) {
    let width = grid.first().map_or(0, Vec::len);
    let mut budget = grid.len().saturating_mul(width);
    for m in merged {
        let Some(value) = grid
            .get(m.first_row)
            .and_then(|r| r.get(m.first_col))
            .cloned()
        else {
            continue;
        };
        let last_row = m.last_row.min(grid.len().saturating_sub(1));
        let last_col = m.last_col.min(width.saturating_sub(1));
        let area = (last_row + 1)
            .saturating_sub(m.first_row)
            .saturating_mul((last_col + 1).saturating_sub(m.first_col));
        if area > budget {
            return;
        }
        budget -= area;
        for row in grid.iter_mut().take(last_row + 1).skip(m.first_row) {
            for (col, cell) in row
                .iter_mut()
                .enumerate()
                .take(last_col + 1)
                .skip(m.first_col)
            {
                *cell = if col == m.first_col {
                    value.clone()
                } else {
                    Cell::Empty
                };
            }
        }
    }
}
