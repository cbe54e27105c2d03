//! The shell's state: the open book (or why it could not be opened) and the UI language.
use crate::error::{ApiError, ShellError};
use rapport_core::model::Language;
use rapport_core::Store;
use std::path::PathBuf;
use std::sync::RwLock;

pub struct AppState {
    store: Result<Store, ShellError>,
    language: RwLock<Language>,
    pub data_dir: PathBuf,
}

impl AppState {
    pub fn new(
        store: Result<Store, ShellError>,
        language: Language,
        data_dir: PathBuf,
    ) -> AppState {
        AppState {
            store,
            language: RwLock::new(language),
            data_dir,
        }
    }

    pub fn language(&self) -> Language {
        self.language.read().map(|l| *l).unwrap_or_default()
    }

    pub fn set_language(&self, language: Language) {
        if let Ok(mut l) = self.language.write() {
            *l = language;
        }
    }

    /// Why the book could not be opened, if it could not.
    pub fn startup_error(&self) -> Option<&ShellError> {
        self.store.as_ref().err()
    }

    /// Runs a domain call on the book and turns its error into what the UI shows.
    pub fn with_store<T>(
        &self,
        f: impl FnOnce(&Store) -> rapport_core::Result<T>,
    ) -> Result<T, ApiError> {
        let lang = self.language();
        match &self.store {
            Ok(store) => f(store).map_err(|e| ApiError::from_core(&e, lang)),
            Err(e) => Err(ApiError(e.payload(lang))),
        }
    }
}
