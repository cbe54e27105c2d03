//! The calamine readers behind a [`super::Workbook`]: format detection from the bytes, and one
//! way to visit a sheet's cells whatever the format.
use super::cell::{from_data, from_ref, Cell};
use super::zipcheck::inspect;
use super::{biffcheck, cfbcheck};
use super::{Format, Merged, WorkbookError};
use crate::import::values::DateSystem;
use calamine::{
    Dimensions, Ods, OdsError, Reader, SheetType, SheetVisible, Xls, XlsError, Xlsx, XlsxError,
};
use std::io::{Cursor, Read};
use zip::ZipArchive;

type Bytes = Cursor<Vec<u8>>;

const ZIP_MAGIC: [&[u8]; 2] = [b"PK\x03\x04", b"PK\x05\x06"];
const OLE_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
const ODS_MIME: &[u8] = b"application/vnd.oasis.opendocument.spreadsheet";

/// What [`Book::visit`] calls with each cell: row and column from 0, and the value.
pub(super) type Visitor<'a> = dyn FnMut(usize, usize, Cell) -> Result<(), WorkbookError> + 'a;

pub(super) enum Book {
    Xlsx(Box<Xlsx<Bytes>>),
    Xls(Box<Xls<Bytes>>),
    Ods(Box<Ods<Bytes>>),
}

impl Book {
    /// Detects the format from the magic bytes and the zip's content, then opens it.
    pub(super) fn open(bytes: &[u8]) -> Result<(Book, Format), WorkbookError> {
        if ZIP_MAGIC.iter().any(|magic| bytes.starts_with(magic)) {
            let format = zip_format(inspect(bytes)?)?;
            let cursor = Cursor::new(bytes.to_vec());
            let book = match format {
                Format::Ods => Book::Ods(Box::new(Ods::new(cursor).map_err(ods_error)?)),
                _ => Book::Xlsx(Box::new(Xlsx::new(cursor).map_err(xlsx_error)?)),
            };
            Ok((book, format))
        } else if bytes.starts_with(OLE_MAGIC) {
            Ok((open_ole(bytes)?, Format::Xls))
        } else {
            Err(WorkbookError::NotAWorkbook)
        }
    }

    /// The worksheets (chart, dialog and macro sheets left out) and whether each is visible.
    pub(super) fn worksheets(&self) -> Vec<(String, bool)> {
        let sheets = match self {
            Book::Xlsx(b) => b.sheets_metadata(),
            Book::Xls(b) => b.sheets_metadata(),
            Book::Ods(b) => b.sheets_metadata(),
        };
        sheets
            .iter()
            .filter(|s| s.typ == SheetType::WorkSheet)
            .map(|s| (s.name.clone(), s.visible == SheetVisible::Visible))
            .collect()
    }

    fn date_system(&self) -> DateSystem {
        let is_1904 = match self {
            Book::Xlsx(b) => b.has_1904_epoch(),
            Book::Xls(b) => b.has_1904_epoch(),
            Book::Ods(_) => false,
        };
        if is_1904 {
            DateSystem::Excel1904
        } else {
            DateSystem::Excel1900
        }
    }

    /// Calls `visit` with every cell of `sheet` in rows `0..max_rows`, in row order. xlsx is
    /// streamed (stopping after `max_rows`); xls and ods sheets are held whole by calamine.
    pub(super) fn visit(
        &mut self,
        sheet: &str,
        max_rows: usize,
        visit: &mut Visitor<'_>,
    ) -> Result<(), WorkbookError> {
        let system = self.date_system();
        let range = match self {
            Book::Xlsx(b) => return stream_xlsx(b, sheet, max_rows, system, visit),
            Book::Xls(b) => b.worksheet_range(sheet).map_err(xls_error)?,
            Book::Ods(b) => b.worksheet_range(sheet).map_err(ods_error)?,
        };
        let (top, left) = range.start().unwrap_or_default();
        for (row, col, data) in range.used_cells() {
            let row = row + top as usize;
            if row >= max_rows {
                break;
            }
            visit(row, col + left as usize, from_data(data, system))?;
        }
        Ok(())
    }

    /// The merged regions of `sheet` (ods: none, calamine does not report them).
    pub(super) fn merged(&mut self, sheet: &str) -> Result<Vec<Merged>, WorkbookError> {
        let regions = match self {
            Book::Xlsx(b) => b.merge_cells_by_sheet_name(sheet).map_err(xlsx_error)?,
            Book::Xls(b) => b.merge_cells_by_sheet_name(sheet).map_err(xls_error)?,
            Book::Ods(_) => Vec::new(),
        };
        Ok(regions.iter().map(merged).collect())
    }
}

fn stream_xlsx(
    book: &mut Xlsx<Bytes>,
    sheet: &str,
    max_rows: usize,
    system: DateSystem,
    visit: &mut Visitor<'_>,
) -> Result<(), WorkbookError> {
    let mut cells = book.worksheet_cells_reader(sheet).map_err(xlsx_error)?;
    while let Some(cell) = cells.next_cell().map_err(xlsx_error)? {
        let (row, col) = cell.get_position();
        // Rows come in order (the format requires it), so nothing is lost by stopping here.
        if row as usize >= max_rows {
            break;
        }
        visit(
            row as usize,
            col as usize,
            from_ref(cell.get_value().clone(), system),
        )?;
    }
    Ok(())
}

fn merged(d: &Dimensions) -> Merged {
    Merged {
        first_row: d.start.0.min(d.end.0) as usize,
        last_row: d.start.0.max(d.end.0) as usize,
        first_col: d.start.1.min(d.end.1) as usize,
        last_col: d.start.1.max(d.end.1) as usize,
    }
}

/// xlsx/xlsm by `xl/workbook.xml`, ods by its `mimetype` entry; any other zip (a docx, a
/// zip of CSVs) is not a workbook.
fn zip_format(mut zip: ZipArchive<Cursor<&[u8]>>) -> Result<Format, WorkbookError> {
    if let Ok(entry) = zip.by_name("mimetype") {
        let mut mime = Vec::new();
        let read = entry.take(ODS_MIME.len() as u64 + 1).read_to_end(&mut mime);
        if read.is_ok() && mime.trim_ascii() == ODS_MIME {
            return Ok(Format::Ods);
        }
    }
    let names: Vec<String> = zip
        .file_names()
        .filter_map(Result::ok)
        .map(|n| n.into_owned())
        .collect();
    if names.iter().any(|n| n == "xl/workbook.xml") {
        Ok(Format::Xlsx)
    } else if names.iter().any(|n| n == "xl/workbook.bin") {
        Err(WorkbookError::Unreadable(
            "binary .xlsb workbooks are not supported; save as .xlsx".into(),
        ))
    } else {
        Err(WorkbookError::NotAWorkbook)
    }
}

/// An OLE file is an xls, or an xlsx encrypted with a password (an `EncryptedPackage`
/// stream, which calamine's xlsx reader recognises).
fn open_ole(bytes: &[u8]) -> Result<Book, WorkbookError> {
    // calamine trusts the sector chains (see cfbcheck) and sizes its grids from the records
    // (see biffcheck).
    if let Some(stream) = cfbcheck::check(bytes)? {
        biffcheck::check(&stream)?;
    }
    if let Err(XlsxError::Password) = Xlsx::new(Cursor::new(bytes.to_vec())) {
        return Err(WorkbookError::PasswordProtected);
    }
    let xls = Xls::new(Cursor::new(bytes.to_vec())).map_err(xls_error)?;
    Ok(Book::Xls(Box::new(xls)))
}

fn xlsx_error(e: XlsxError) -> WorkbookError {
    match e {
        XlsxError::Password => WorkbookError::PasswordProtected,
        XlsxError::Zip(_) | XlsxError::Io(_) => WorkbookError::Corrupt(e.to_string()),
        _ => WorkbookError::Unreadable(e.to_string()),
    }
}

fn xls_error(e: XlsError) -> WorkbookError {
    match e {
        XlsError::Password => WorkbookError::PasswordProtected,
        XlsError::Io(_) | XlsError::Cfb(_) => WorkbookError::Corrupt(e.to_string()),
        _ => WorkbookError::Unreadable(e.to_string()),
    }
}

fn ods_error(e: OdsError) -> WorkbookError {
    match e {
        OdsError::Password => WorkbookError::PasswordProtected,
        OdsError::Zip(_) | OdsError::Io(_) => WorkbookError::Corrupt(e.to_string()),
        _ => WorkbookError::Unreadable(e.to_string()),
    }
}
