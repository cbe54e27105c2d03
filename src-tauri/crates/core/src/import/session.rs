//! One import in the making: the opened file and the table last read from it, and the step
//! from the user's choices to the preview and the plan. The table is kept between previews so
//! changing a mapping or the date order does not read the file again; a different sheet or
//! encoding reads it again.
use crate::error::Result;
use crate::export::JsonExport;
use crate::import::headers::{
    header_signature, locate_header, map_columns, refine_by_values, Target,
};
use crate::import::json_book;
use crate::import::plan::{
    plan, plan_sheets, ExistingBook, Plan, PlanOptions, PlannedCustomer, Sheet,
};
use crate::import::reader::{ReadRequest, ReaderProcess};
use crate::import::source::{Source, Table, HEADER_SCAN_ROWS};
use crate::import::values::{detect_order, DateOrder, OrderGuess, StageNames};
use crate::import::workbook::SheetInfo;
use crate::model::{
    CategoryPriorities, ImportAssumption, ImportColumn, ImportOptions, ImportPreview,
    ImportPreviewCustomer, ImportRowError, ImportSheet, ImportSkippedRow, Language,
};
use crate::stages::Pipeline;
use chrono::{NaiveTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::Arc;

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
    /// The choice for rows with problems (absent in mappings saved before it existed).
    #[serde(default)]
    pub skip_problem_rows: Option<bool>,
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
    /// The user's category → priority mapping: the priority of a customer imported without a
    /// 优先级 cell.
    fn category_priorities(&self) -> CategoryPriorities {
        CategoryPriorities::default()
    }
    /// The book holds no customer at all, trashed or not: a JSON export is restored into it
    /// whole rather than merged.
    fn is_empty(&self) -> bool {
        false
    }
}

/// The preview and what an import with these choices would write.
pub struct Prepared {
    pub preview: ImportPreview,
    pub plan: Plan,
    /// The header signature and the mapping used, to remember after the import.
    pub signature: String,
    pub mapping: SavedMapping,
    /// A JSON export to restore into the empty book as it was (`Store::restore_book`)
    /// instead of committing `plan`; `None` for sheets and for a JSON merge.
    pub restore: Option<Arc<JsonExport>>,
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
        book: Option<Arc<JsonExport>>,
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
                book: read.book,
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

    /// The JSON export the file is, if it is one.
    fn book(&self) -> Option<Arc<JsonExport>> {
        match &self.file {
            SessionFile::Here(source) => source.book(),
            SessionFile::Isolated { book, .. } => book.clone(),
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

    /// Another sheet of the workbook (one planned after the customer sheet), read without
    /// replacing the table the preview keeps.
    fn other_table(&mut self, sheet: &str) -> Result<Table> {
        match &mut self.file {
            SessionFile::Here(source) => source.table(Some(sheet), None),
            SessionFile::Isolated { reader, path, .. } => {
                let request = ReadRequest {
                    path: path.clone(),
                    sheet: Some(sheet.to_owned()),
                    encoding: None,
                };
                Ok(reader.read(&request)?.table)
            }
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
        if let Some(json) = self.book() {
            return Ok(prepare_book(file_name, json, book, read.lang));
        }
        let format = self.format();
        let sheets = self.sheets();
        // A workbook of customers with their follow-up and record sheets (Rapport's own
        // export) is imported whole unless the user picks one sheet: the customer sheet is
        // previewed and mapped, the others are planned after it.
        let group = match options.sheet {
            None => book_sheets(&sheets),
            Some(_) => Vec::new(),
        };
        let mut extra = Vec::new();
        for name in group.iter().skip(1) {
            extra.push((name.clone(), self.other_table(name)?));
        }
        let first = ImportOptions {
            sheet: group.first().cloned().or_else(|| options.sheet.clone()),
            ..options.clone()
        };
        let table = self.table(&first)?;
        let header = header_of(&table.rows);
        let signature = header_signature(&header.cells);
        let saved = book
            .saved_mapping(&signature)
            .filter(|m| m.columns.len() == header.cells.len());
        let columns = match (&options.columns, &saved) {
            (Some(c), _) if c.len() == header.cells.len() => c.clone(),
            (_, Some(m)) => m.columns.clone(),
            _ => {
                let mut columns = map_columns(&header.cells);
                let data = table.rows.get(header.data_start..).unwrap_or_default();
                refine_by_values(&mut columns, data);
                columns
            }
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
        let skip_problem_rows = options
            .skip_problem_rows
            .or(saved.as_ref().and_then(|m| m.skip_problem_rows))
            .unwrap_or(false);
        let mut plan_options = PlanOptions::new(date_order, read.tz.clone(), read.now);
        plan_options.reminder_time = read.reminder_time;
        plan_options.skip_problem_rows = skip_problem_rows;
        plan_options.stages = StageNames::of(&book.pipeline());
        plan_options.lang = read.lang;
        plan_options.category_priorities = book.category_priorities();
        let plan = if extra.is_empty() {
            plan(&sheet, &plan_options, book.existing())
        } else {
            let headers: Vec<_> = extra.iter().map(|(_, t)| header_of(&t.rows)).collect();
            let columns: Vec<_> = headers.iter().map(|h| map_columns(&h.cells)).collect();
            let mut all = vec![("", sheet)];
            for (((name, t), h), c) in extra.iter().zip(&headers).zip(&columns) {
                let rows = t.rows.get(h.data_start..).unwrap_or_default();
                all.push((
                    name.as_str(),
                    Sheet {
                        header: &h.cells,
                        columns: c,
                        rows,
                        first_row: h.data_start + 1,
                    },
                ));
            }
            plan_sheets(&all, &plan_options, book.existing())
        };

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
            together: group.iter().skip(1).cloned().collect(),
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
                .map(|e| row_error(e, read.lang))
                .collect(),
            errors_total: plan.invalid.len() as u32,
            notices: plan
                .notices
                .iter()
                .take(PREVIEW_ERRORS)
                .map(|e| row_error(e, read.lang))
                .collect(),
            notices_total: plan.notices.len() as u32,
            skip_problem_rows,
            skipped: plan
                .skipped
                .iter()
                .take(PREVIEW_ERRORS)
                .map(|s| ImportSkippedRow {
                    row: s.row as u32,
                    reason: s.reason,
                    label: s.label.chars().take(80).collect(),
                })
                .collect(),
            assumptions: plan
                .assumptions
                .iter()
                .map(|a| ImportAssumption {
                    column: a.column.clone(),
                    year: a.year,
                    cells: a.cells as u32,
                    message: a.message(read.lang),
                })
                .collect(),
            book: None,
        };
        Ok(Prepared {
            preview,
            plan,
            signature,
            mapping: SavedMapping {
                columns,
                date_order: Some(date_order),
                skip_problem_rows: Some(skip_problem_rows),
            },
            restore: None,
        })
    }
}

/// The preview of a JSON export: restored into an empty book, else merged by the duplicate
/// rules (see `json_book`). The preview's customers and counts are those of the merge plan
/// (in an empty book: every live customer new).
fn prepare_book(
    file_name: String,
    json: Arc<JsonExport>,
    book: &dyn BookContext,
    lang: Language,
) -> Prepared {
    let restore = book.is_empty();
    // A restore brings the file's stages along: its customers are planned against them.
    let pipeline = match restore {
        true => json_book::file_pipeline(&json).unwrap_or_default(),
        false => book.pipeline(),
    };
    let plan = json_book::plan_merge(&json, book.existing(), &pipeline);
    let preview = ImportPreview {
        file_name,
        format: "json".into(),
        sheets: Vec::new(),
        sheet: None,
        together: Vec::new(),
        encoding: None,
        encoding_confident: true,
        header_row: 0,
        columns: Vec::new(),
        date_order: DateOrder::MonthFirst,
        date_order_ambiguous: false,
        mapping_remembered: false,
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
            .map(|e| row_error(e, lang))
            .collect(),
        errors_total: plan.invalid.len() as u32,
        notices: Vec::new(),
        notices_total: 0,
        skip_problem_rows: false,
        skipped: Vec::new(),
        assumptions: Vec::new(),
        book: Some(json_book::summary(&json, restore)),
    };
    Prepared {
        preview,
        plan,
        signature: String::new(),
        mapping: SavedMapping {
            columns: Vec::new(),
            date_order: None,
            skip_problem_rows: None,
        },
        restore: restore.then_some(json),
    }
}

fn row_error(e: &crate::import::plan::RowError, lang: Language) -> ImportRowError {
    ImportRowError {
        row: e.row as u32,
        column: e.column.clone(),
        message: e.reason_text(lang),
        value: e.value.clone(),
        outcome: e.outcome,
    }
}

/// The header of a table: the known header under title rows, else the first non-empty row
/// (all of it custom fields until the user maps the columns).
fn header_of(rows: &[Vec<String>]) -> crate::import::headers::Header {
    locate_header(rows, HEADER_SCAN_ROWS).unwrap_or_else(|| {
        let row = rows
            .iter()
            .position(|r| r.iter().any(|c| !c.trim().is_empty()))
            .unwrap_or(0);
        crate::import::headers::Header {
            row,
            data_start: row + 1,
            cells: rows.get(row).cloned().unwrap_or_default(),
        }
    })
}

/// The sheets imported together from a workbook that has a customer sheet (客户 / Customers)
/// and at least one of the follow-up and record sheets of the export (跟进记录, 商机, 成交,
/// 售后 or their English names), customer sheet first; empty otherwise.
fn book_sheets(sheets: &[crate::import::workbook::SheetInfo]) -> Vec<String> {
    use crate::export::{record_sheet_names, sheet_names};
    let has = |n: &str| sheets.iter().any(|s| s.name == n);
    for lang in [Language::Zh, Language::En] {
        let [customers, follow_ups] = sheet_names(lang);
        let names: Vec<&str> = [customers, follow_ups]
            .into_iter()
            .chain(record_sheet_names(lang))
            .collect();
        if has(customers) && names[1..].iter().any(|n| has(n)) {
            return names
                .into_iter()
                .filter(|n| has(n))
                .map(String::from)
                .collect();
        }
    }
    Vec::new()
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
            | Target::DealDate
            | Target::ServiceDate
            | Target::NextService
            | Target::ComplaintReceived
            | Target::ComplaintResolved
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
