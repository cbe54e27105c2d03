//! A file opened for import, from its first preview to the import itself.
//!
//! The session (the file's bytes, the parsed workbook or text, the table read from it) is
//! the largest thing an import holds besides its plan. When the import starts it is let go,
//! so the commit has that memory: a 100,000-row sheet's import then stays within its budget.
//! If the user previews or imports again (after a cancel or an error), the file is read again
//! from its path. The plan of the last preview is the one imported when the choices have not
//! changed since and it was made today: what the user saw is what lands, and the rows are not
//! planned a second time.
use super::file_error;
use super::reader::{file_name, ReaderProcess};
use super::session::{BookContext, ImportSession, Prepared, ReadContext};
use crate::error::Result;
use crate::model::ImportOptions;
use chrono::{NaiveDate, TimeZone};
use std::path::{Path, PathBuf};

pub struct PendingImport {
    path: PathBuf,
    file_name: String,
    /// Reads the file in a separate process when set (the app's way), else in this one.
    reader: Option<ReaderProcess>,
    session: Option<ImportSession>,
    last: Option<Previewed>,
}

/// The last preview, with the choices and the (local) day it was made with.
struct Previewed {
    options: ImportOptions,
    day: NaiveDate,
    prepared: Prepared,
}

impl PendingImport {
    /// Opens the regular file at `path` (at most `source::MAX_FILE_BYTES`) and recognises it.
    pub fn open(path: &Path) -> Result<PendingImport> {
        PendingImport::open_with(path, None)
    }

    /// Opens the file at `path` read by `reader`'s processes (see `import::reader`): a file
    /// that exhausts memory or time, or crashes a parser, ends the reader, not the app.
    pub fn open_isolated(path: &Path, reader: ReaderProcess) -> Result<PendingImport> {
        PendingImport::open_with(path, Some(reader))
    }

    fn open_with(path: &Path, reader: Option<ReaderProcess>) -> Result<PendingImport> {
        let mut pending = PendingImport {
            path: path.to_owned(),
            file_name: file_name(path),
            reader,
            session: None,
            last: None,
        };
        pending.session = Some(pending.open_session()?);
        Ok(pending)
    }

    fn open_session(&self) -> Result<ImportSession> {
        match &self.reader {
            Some(reader) => ImportSession::isolated(reader, &self.path),
            None => ImportSession::open(read_file(&self.path)?, &self.file_name),
        }
    }

    pub fn file_name(&self) -> &str {
        &self.file_name
    }

    /// The last preview (its plan lists the problem rows for the error file).
    pub fn last(&self) -> Option<&Prepared> {
        self.last.as_ref().map(|p| &p.prepared)
    }

    /// The preview of the file with `options`, kept as the last one.
    pub fn prepare<Tz: TimeZone>(
        &mut self,
        options: &ImportOptions,
        book: &dyn BookContext,
        read: &ReadContext<Tz>,
    ) -> Result<&Prepared> {
        // The previous plan goes first: two plans of a large sheet need not be held at once.
        self.last = None;
        if self.session.is_none() {
            self.session = Some(self.open_session()?);
        }
        let Some(session) = &mut self.session else {
            return Err(file_error::nothing_to_import());
        };
        let prepared = session.prepare(options, book, read)?;
        let previewed = Previewed {
            options: options.clone(),
            day: day(read),
            prepared,
        };
        Ok(&self.last.insert(previewed).prepared)
    }

    /// What an import with `options` commits: the last preview if it was made with them
    /// today, else a new one. The session is let go (see the module notes).
    pub fn for_import<Tz: TimeZone>(
        &mut self,
        options: &ImportOptions,
        book: &dyn BookContext,
        read: &ReadContext<Tz>,
    ) -> Result<&Prepared> {
        let current = self
            .last
            .as_ref()
            .is_some_and(|p| p.options == *options && p.day == day(read));
        if !current {
            self.prepare(options, book, read)?;
        }
        self.session = None;
        self.last().ok_or_else(file_error::nothing_to_import)
    }

    /// Whether the file is held open (false between the start of an import and the next
    /// preview).
    pub fn is_open(&self) -> bool {
        self.session.is_some()
    }
}

/// The local day of `read.now`: relative dates in cells ("明天") are read against it.
fn day<Tz: TimeZone>(read: &ReadContext<Tz>) -> NaiveDate {
    read.now.with_timezone(&read.tz).date_naive()
}

pub use super::file::read_file;
