//! One import in the making: the opened file and the table last read from it, and the step
//! from the user's choices to the preview and the plan. The table is kept between previews so
//! changing a mapping or the date order does not read the file again; a different sheet or
//! encoding reads it again.
use crate::error::Result;
use crate::import::headers::{header_signature, locate_header, map_columns, Target};
use crate::import::plan::{plan, ExistingBook, Plan, PlanOptions, PlannedCustomer, Sheet};
use crate::import::reader::{ReadRequest, ReaderProcess};
use crate::import::source::{Source, Table, HEADER_SCAN_ROWS};
use crate::import::values::{detect_order, DateOrder, OrderGuess, StageNames};
use crate::import::workbook::SheetInfo;
use crate::model::{
    ImportColumn, ImportOptions, ImportPreview, ImportPreviewCustomer, ImportRowError, ImportSheet,
    Language,
};
use crate::stages::Pipeline;
use chrono::{NaiveTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// Planned customers shown in the preview table.
pub const PREVIEW_CUSTOMERS: usize = 50;
/// Row problems listed in the preview (all of them go into the error file).
pub const PREVIEW_ERRORS: usize = 200;
/// Sample values shown per column.
const SAMPLES: usize = 3;

/// A column mapping remembered for files with the same headers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SavedMapping {
    pub columns: Vec<Target>,
    pub date_order: Option<DateOrder>,
}

/// What the preview needs from the book: duplicates, names, remembered mappings and the
/// user's stages.
pub trait BookContext {
    fn existing(&self) -> &dyn ExistingBook;
    fn customer_name(&self, id: &str) -> Option<String>;
    fn saved_mapping(&self, signature: &str) -> Option<SavedMapping>;
    /// The user's pipeline, whose stage names a 阶段 column may hold.
    fn pipeline(&self) -> Pipeline {
        Pipeline::default()
    }
}

/// The preview and what an import with these choices would write.
pub struct Prepared {
    pub preview: ImportPreview,
    pub plan: Plan,
    /// The header signature and the mapping used, to remember after the import.
    pub signature: String,
    pub mapping: SavedMapping,
}

/// How values are read, from the settings and the clock.
pub struct ReadContext<Tz: TimeZone> {
    pub tz: Tz,
    pub now: chrono::DateTime<Utc>,
    pub reminder_time: NaiveTime,
    pub lang: Language,
}

/// The sheet and encoding a table was read with.
type TableKey = (Option<String>, Option<String>);

pub struct ImportSession {
    file: SessionFile,
    /// The table last read and what it was read with.
    table: Option<(TableKey, Table)>,
}

/// Where the tables come from: the file parsed in this process, or read by a reader
/// process each time another sheet or encoding is asked for (the app's way).
enum SessionFile {
    Here(Source),
    Isolated {
        reader: ReaderProcess,
        path: PathBuf,
        file_name: String,
        format: &'static str,
        sheets: Vec<SheetInfo>,
    },
}

impl ImportSession {
    /// Parses `bytes` in this process (a reader's panic is a damaged-file error, but a file
    /// built to exhaust memory is not contained: the app uses [`ImportSession::isolated`]).
    pub fn open(bytes: Vec<u8>, file_name: &str) -> Result<ImportSession> {
        Ok(ImportSession {
            file: SessionFile::Here(Source::open(bytes, file_name)?),
            table: None,
        })
    }

    /// Reads the file at `path` in a reader process (see `import::reader`), its default
    /// table first.
    pub fn isolated(reader: &ReaderProcess, path: &Path) -> Result<ImportSession> {
        let request = ReadRequest {
            path: path.to_owned(),
            sheet: None,
            encoding: None,
        };
        let read = reader.read(&request)?;
        Ok(ImportSession {
            file: SessionFile::Isolated {
                reader: reader.clone(),
                path: path.to_owned(),
                file_name: read.file_name,
                format: read.format,
                sheets: read.sheets,
            },
            table: Some(((None, None), read.table)),
        })
    }

    pub fn file_name(&self) -> &str {
        match &self.file {
            SessionFile::Here(source) => source.file_name(),
            SessionFile::Isolated { file_name, .. } => file_name,
        }
    }

    fn format(&self) -> &'static str {
        match &self.file {
            SessionFile::Here(source) => source.format(),
            SessionFile::Isolated { format, .. } => format,
        }
    }

    fn sheets(&self) -> Vec<SheetInfo> {
        match &self.file {
            SessionFile::Here(source) => source.sheets(),
            SessionFile::Isolated { sheets, .. } => sheets.clone(),
        }
    }

    fn table(&mut self, options: &ImportOptions) -> Result<&Table> {
        let key = (options.sheet.clone(), options.encoding.clone());
        if self.table.as_ref().is_none_or(|(k, _)| *k != key) {
            self.table = None;
            let table = match &mut self.file {
                SessionFile::Here(source) => source.table(key.0.as_deref(), key.1.as_deref())?,
                SessionFile::Isolated { reader, path, .. } => {
                    let request = ReadRequest {
                        path: path.clone(),
                        sheet: key.0.clone(),
                        encoding: key.1.clone(),
                    };
                    reader.read(&request)?.table
                }
            };
            self.table = Some((key, table));
        }
        match &self.table {
            Some((_, table)) => Ok(table),
            None => Err(crate::import::file_error::nothing_to_import()),
        }
    }

    /// The preview of importing the file with `options` into the book of `ctx`.
    pub fn prepare<Tz: TimeZone>(
        &mut self,
        options: &ImportOptions,
        book: &dyn BookContext,
        read: &ReadContext<Tz>,
    ) -> Result<Prepared> {
        let file_name = self.file_name().to_owned();
        let format = self.format();
        let sheets = self.sheets();
        let table = self.table(options)?;
        let header = locate_header(&table.rows, HEADER_SCAN_ROWS).unwrap_or_else(|| {
            // No known header: the first non-empty row is the header, all of it custom
            // fields until the user maps the columns.
            let row = table
                .rows
                .iter()
                .position(|r| r.iter().any(|c| !c.trim().is_empty()))
                .unwrap_or(0);
            crate::import::headers::Header {
                row,
                data_start: row + 1,
                cells: table.rows.get(row).cloned().unwrap_or_default(),
            }
        });
        let signature = header_signature(&header.cells);
        let saved = book
            .saved_mapping(&signature)
            .filter(|m| m.columns.len() == header.cells.len());
        let columns = match (&options.columns, &saved) {
            (Some(c), _) if c.len() == header.cells.len() => c.clone(),
            (_, Some(m)) => m.columns.clone(),
            _ => map_columns(&header.cells),
        };
        let data = table.rows.get(header.data_start..).unwrap_or_default();
        let guesses: Vec<OrderGuess> = (0..columns.len())
            .map(|i| column_order(&columns[i], data, i))
            .collect();
        let detected = guesses.iter().find_map(|g| g.order());
        let ambiguous = guesses
            .iter()
            .any(|g| matches!(g, OrderGuess::Ambiguous | OrderGuess::Conflicting));
        let date_order = options
            .date_order
            .or(saved.as_ref().and_then(|m| m.date_order))
            .or(detected)
            .unwrap_or(DateOrder::MonthFirst);

        let sheet = Sheet {
            header: &header.cells,
            columns: &columns,
            rows: data,
            first_row: header.data_start + 1,
        };
        let mut plan_options = PlanOptions::new(date_order, read.tz.clone(), read.now);
        plan_options.reminder_time = read.reminder_time;
        plan_options.stages = StageNames::of(&book.pipeline());
        let plan = plan(&sheet, &plan_options, book.existing());

        let preview = ImportPreview {
            file_name,
            format: format.to_owned(),
            sheets: sheets
                .into_iter()
                .map(|s| ImportSheet {
                    name: s.name,
                    rows: s.rows as u32,
                    visible: s.visible,
                })
                .collect(),
            sheet: table.sheet.clone(),
            encoding: table.encoding.as_ref().map(|(e, _)| e.clone()),
            encoding_confident: table.encoding.as_ref().is_none_or(|(_, sure)| *sure),
            header_row: header.row as u32 + 1,
            columns: columns
                .iter()
                .enumerate()
                .map(|(i, target)| ImportColumn {
                    header: header.cells.get(i).cloned().unwrap_or_default(),
                    target: target.clone(),
                    samples: samples(data, i),
                    ambiguous_dates: matches!(
                        guesses[i],
                        OrderGuess::Ambiguous | OrderGuess::Conflicting
                    ),
                })
                .collect(),
            date_order,
            date_order_ambiguous: ambiguous,
            mapping_remembered: options.columns.is_none() && saved.is_some(),
            counts: plan.counts,
            customers: plan
                .preview(PREVIEW_CUSTOMERS)
                .iter()
                .map(|p| preview_customer(p, book))
                .collect(),
            errors: plan
                .invalid
                .iter()
                .take(PREVIEW_ERRORS)
                .map(|e| ImportRowError {
                    row: e.row as u32,
                    column: e.column.clone(),
                    message: e.reason.text(read.lang, e.column.is_some()),
                })
                .collect(),
            errors_total: plan.invalid.len() as u32,
        };
        Ok(Prepared {
            preview,
            plan,
            signature,
            mapping: SavedMapping {
                columns,
                date_order: Some(date_order),
            },
        })
    }
}

/// Date columns say whether their `a/b/yyyy` values are day or month first.
fn column_order(target: &Target, rows: &[Vec<String>], col: usize) -> OrderGuess {
    let is_date = matches!(
        target,
        Target::FollowUpAt
            | Target::NextFollowUpAt
            | Target::FirstContactDate
            | Target::Birthday
            | Target::ContractExpiry
            | Target::Deadline
    );
    if !is_date {
        return OrderGuess::NotApplicable;
    }
    let values: Vec<&str> = rows
        .iter()
        .filter_map(|r| r.get(col).map(String::as_str))
        .collect();
    detect_order(&values)
}

fn samples(rows: &[Vec<String>], col: usize) -> Vec<String> {
    rows.iter()
        .filter_map(|r| r.get(col).map(|c| c.trim()))
        .filter(|c| !c.is_empty())
        .take(SAMPLES)
        .map(|c| c.chars().take(80).collect())
        .collect()
}

fn preview_customer(p: &PlannedCustomer, book: &dyn BookContext) -> ImportPreviewCustomer {
    let f = &p.input.fields;
    ImportPreviewCustomer {
        rows: p.rows.iter().map(|r| *r as u32).collect(),
        name: f.name.clone(),
        company: f.company.clone(),
        phones: f.phones.clone(),
        emails: f.emails.clone(),
        owner: f.owner.clone(),
        category: f.category,
        stage: f.stage,
        tags: p.input.tags.clone(),
        follow_ups: p.follow_ups.len() as u32,
        next_follow_up_at: p.follow_ups.iter().filter_map(|f| f.next_at).min(),
        duplicate_of: p.duplicate_of.clone(),
        duplicate_name: p
            .duplicate_of
            .as_deref()
            .and_then(|id| book.customer_name(id)),
    }
}
