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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use rapport_core::model::{CustomerInput, ListQuery};
    use rapport_core::CoreError;

    #[test]
    fn a_book_that_did_not_open_fails_every_call_with_its_reason_in_the_current_language() {
        let state = AppState::new(
            Err(CoreError::Locked.into()),
            Language::En,
            PathBuf::from("/x"),
        );
        let err = state
            .with_store(|s| s.list_customers(&ListQuery::default()))
            .unwrap_err();
        assert_eq!(err.0.code, "locked");
        assert!(
            err.0.message.contains("another program"),
            "{}",
            err.0.message
        );
        state.set_language(Language::Zh);
        let err = state.with_store(|s| s.customer_count()).unwrap_err();
        assert!(err.0.message.contains("另一个程序"), "{}", err.0.message);
    }

    #[test]
    fn domain_errors_reach_the_ui_with_code_field_and_message() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let state = AppState::new(Ok(store), Language::Zh, dir.path().to_path_buf());
        let err = state
            .with_store(|s| s.create_customer(CustomerInput::default(), chrono::Utc::now()))
            .unwrap_err();
        let json = serde_json::to_value(&err).unwrap();
        assert_eq!(json["code"], "invalidField");
        assert_eq!(json["field"], "name");
        assert_eq!(json["message"], "名称：不能为空");
    }
}
