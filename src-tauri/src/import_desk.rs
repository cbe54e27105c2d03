//! The import being prepared: the opened file, the book as the preview sees it, the last plan
//! and the cancel switch of a running import. One at a time — opening a file replaces it.
use rapport_core::import::session::{ImportSession, Prepared, ReadContext};
use rapport_core::model::{ImportOptions, Language};
use rapport_core::store::ImportContext;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};

pub struct Pending {
    pub session: ImportSession,
    pub context: ImportContext,
    pub last: Option<Prepared>,
}

impl Pending {
    /// Prepares (or re-prepares) the preview with `options`.
    pub fn prepare(
        &mut self,
        options: &ImportOptions,
        read: &ReadContext<chrono::Local>,
    ) -> rapport_core::Result<&Prepared> {
        // The previous plan goes first: two plans of a large sheet need not be held at once.
        self.last = None;
        let prepared = self.session.prepare(options, &self.context, read)?;
        Ok(self.last.insert(prepared))
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
