//! The import being prepared: the opened file, the book as the preview sees it, the last plan
//! and the cancel switch of a running import. One at a time — opening a file replaces it.
use rapport_core::import::pending::PendingImport;
use rapport_core::import::session::{Prepared, ReadContext};
use rapport_core::model::{ImportOptions, Language};
use rapport_core::store::ImportContext;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};

pub struct Pending {
    pub import: PendingImport,
    /// The book as the preview sees it (duplicates, remembered mappings, stages).
    pub context: ImportContext,
}

impl Pending {
    /// Prepares (or re-prepares) the preview with `options`.
    pub fn prepare(
        &mut self,
        options: &ImportOptions,
        read: &ReadContext<chrono::Local>,
    ) -> rapport_core::Result<&Prepared> {
        self.import.prepare(options, &self.context, read)
    }

    /// What an import with `options` commits (the last preview when still current); the
    /// file's session is let go for the commit's memory.
    pub fn for_import(
        &mut self,
        options: &ImportOptions,
        read: &ReadContext<chrono::Local>,
    ) -> rapport_core::Result<&Prepared> {
        self.import.for_import(options, &self.context, read)
    }
}

#[derive(Default)]
pub struct ImportDesk {
    pub pending: Mutex<Option<Pending>>,
    /// Set by `cancel_import`; read between chunks of a running import.
    pub cancel: Arc<AtomicBool>,
}

/// How values are read now: the user's zone, language and reminder time.
pub fn read_context(
    lang: Language,
    reminder_time: chrono::NaiveTime,
) -> ReadContext<chrono::Local> {
    ReadContext {
        tz: chrono::Local,
        now: chrono::Utc::now(),
        reminder_time,
        lang,
    }
}
