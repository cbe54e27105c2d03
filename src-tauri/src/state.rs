//! The shell's state: the open book (or why it could not be opened), the UI language, and the
//! signal that wakes the reminder task after a write.
use crate::error::{ApiError, ShellError};
use rapport_core::model::Language;
use rapport_core::Store;
use std::path::PathBuf;
use std::sync::{Arc, RwLock};
use tokio::sync::Notify;

pub struct AppState {
    store: Result<Store, ShellError>,
    language: RwLock<Language>,
    pub data_dir: PathBuf,
    book_changed: Arc<Notify>,
    /// How the backups taken since start went (the banner's failure).
    pub backup_health: crate::backups::Health,
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
            book_changed: Arc::new(Notify::new()),
            backup_health: crate::backups::Health::default(),
        }
    }

    /// Poked after every write that may change what is due; the reminder task waits on it.
    pub fn book_changed(&self) -> Arc<Notify> {
        self.book_changed.clone()
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

    /// The unfinished restore that kept the book closed, for the start-up screen's choices.
    pub fn restore_problem(&self) -> Option<rapport_core::model::RestoreProblem> {
        match self.startup_error() {
            Some(ShellError::Core(rapport_core::CoreError::RestoreUnfinished(p))) => {
                Some((**p).clone())
            }
            _ => None,
        }
    }

    /// The book is there but cannot be read: the start-up screen offers the backups.
    pub fn damaged_book(&self) -> Option<rapport_core::model::DamagedBook> {
        match self.startup_error() {
            Some(ShellError::Core(e)) if rapport_core::backup::restorable(e) => {
                Some(rapport_core::model::DamagedBook {
                    backup_dir: crate::backups::folder(&self.data_dir).display().to_string(),
                    kept_as: rapport_core::backup::damaged_pattern(&self.data_dir)
                        .display()
                        .to_string(),
                })
            }
            _ => None,
        }
    }

    /// Why the book refuses writes (a save failed since it opened), for the banner.
    pub fn read_only(&self, lang: Language) -> Option<rapport_core::error::ErrorPayload> {
        let trouble = self.store.as_ref().ok()?.read_only_reason()?;
        Some(rapport_core::i18n::payload(
            &rapport_core::CoreError::ReadOnly(trouble),
            lang,
        ))
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

    /// `with_store` for a write that may change what is due: on success the reminder task
    /// wakes up and recomputes its next reminder (a stored permit, so no write is missed).
    pub fn write<T>(
        &self,
        f: impl FnOnce(&Store) -> rapport_core::Result<T>,
    ) -> Result<T, ApiError> {
        let result = self.with_store(f);
        if result.is_ok() {
            self.book_changed.notify_one();
        }
        result
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
    fn only_a_book_that_cannot_be_read_is_offered_the_backups_and_restored_over() {
        let damaged = AppState::new(
            Err(CoreError::Corrupt("bad page".into()).into()),
            Language::En,
            PathBuf::from("/data/book"),
        );
        let offer = damaged.damaged_book().unwrap();
        assert_eq!(offer.backup_dir, "/data/book-backups");
        assert_eq!(offer.kept_as, "/data/book-damaged-…");
        let locked = AppState::new(
            Err(CoreError::Locked.into()),
            Language::En,
            PathBuf::from("/x"),
        );
        assert_eq!(locked.damaged_book(), None);
        let err =
            crate::backups::restore_damaged(&locked, "rapport-x.rapportbak", None).unwrap_err();
        assert_eq!(err.0.code, "bookNotDamaged");
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let open = AppState::new(Ok(store), Language::Zh, dir.path().to_path_buf());
        assert_eq!(open.damaged_book(), None);
        let err = crate::backups::restore_damaged(&open, "rapport-x.rapportbak", None).unwrap_err();
        assert_eq!(err.0.code, "bookNotDamaged");
        assert!(err.0.message.contains("设置"), "{}", err.0.message);
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

    #[tokio::test]
    async fn a_successful_write_wakes_the_reminder_task_and_a_failed_one_does_not() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let state = AppState::new(Ok(store), Language::En, dir.path().to_path_buf());
        let signal = state.book_changed();
        let woke = || async {
            tokio::time::timeout(std::time::Duration::from_millis(50), signal.notified())
                .await
                .is_ok()
        };
        let _ = state.write(|s| s.create_customer(CustomerInput::default(), chrono::Utc::now()));
        assert!(!woke().await, "an invalid customer changed nothing");
        let mut input = CustomerInput::default();
        input.fields.name = "Ada".into();
        state
            .write(|s| s.create_customer(input, chrono::Utc::now()))
            .unwrap();
        assert!(
            woke().await,
            "the write was signalled, even before anyone waited"
        );
    }
}
