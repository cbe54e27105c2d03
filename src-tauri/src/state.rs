//! The shell's state: the open book (or why it could not be opened), the UI language, and the
//! signal that wakes the reminder task after a write.
//!
//! The book is opened on a thread of its own while the window loads (at 100,000 customers and
//! a million follow-ups that takes a second or more), so a call that comes before it is open
//! waits for it ([`AppState::opened`]).
use crate::error::{ApiError, ShellError};
use rapport_core::model::Language;
use rapport_core::Store;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, OnceLock, RwLock};
use tokio::sync::Notify;

pub struct AppState {
    store: OnceLock<Result<Arc<Store>, ShellError>>,
    /// Held while setting `store`, so a waiter cannot miss the wake-up.
    gate: Mutex<()>,
    opened: Condvar,
    /// The list has answered its first page: the window is showing rows (see [`AppState::settled`]).
    first_page: Notify,
    served: AtomicBool,
    language: RwLock<Language>,
    pub data_dir: PathBuf,
    book_changed: Arc<Notify>,
    /// How the backups taken since start went (the banner's failure).
    pub backup_health: crate::backups::Health,
    /// Wakes the team sync engine after a write (`None` in a personal book).
    sync_nudge: RwLock<Option<rapport_sync::Nudge>>,
}

impl AppState {
    /// A state whose book is already open (tests).
    #[cfg(test)]
    pub fn new(
        store: Result<Store, ShellError>,
        language: Language,
        data_dir: PathBuf,
    ) -> AppState {
        let state = AppState::opening(language, data_dir);
        state.open_with(store);
        state
    }

    /// A state whose book is still being opened ([`AppState::open_with`] hands it over).
    pub fn opening(language: Language, data_dir: PathBuf) -> AppState {
        AppState {
            store: OnceLock::new(),
            gate: Mutex::new(()),
            opened: Condvar::new(),
            first_page: Notify::new(),
            served: AtomicBool::new(false),
            language: RwLock::new(language),
            data_dir,
            book_changed: Arc::new(Notify::new()),
            backup_health: crate::backups::Health::default(),
            sync_nudge: RwLock::new(None),
        }
    }

    /// The book is open (or failed to open): every call waiting for it goes on.
    pub fn open_with(&self, store: Result<Store, ShellError>) {
        let _gate = self.gate.lock().unwrap_or_else(|e| e.into_inner());
        let _ = self.store.set(store.map(Arc::new));
        self.opened.notify_all();
    }

    /// The book once it is open, waiting for the opening thread if need be.
    fn book(&self) -> &Result<Arc<Store>, ShellError> {
        if let Some(book) = self.store.get() {
            return book;
        }
        let mut gate = self.gate.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            if let Some(book) = self.store.get() {
                return book;
            }
            gate = self.opened.wait(gate).unwrap_or_else(|e| e.into_inner());
        }
    }

    /// Waits until the book is open (or failed to).
    pub fn opened(&self) {
        blocking(|| {
            let _ = self.book();
        });
    }

    /// The list answered a page: the first one means rows are on the screen.
    pub fn page_served(&self) {
        if !self.served.swap(true, Ordering::AcqRel) {
            // Every waiter (the warm-up and the reminder task), not just one of them.
            self.first_page.notify_waiters();
        }
    }

    /// Resolves once the window shows its first rows (or after `at_most`, e.g. when the app
    /// started hidden in the tray): work nobody is looking at — the daily backup, warming the
    /// dashboard's facts — starts after that instead of competing with the first paint.
    pub async fn settled(&self, at_most: std::time::Duration) {
        // Registered before the flag is read, so a page served in between still wakes it.
        let notified = self.first_page.notified();
        tokio::pin!(notified);
        notified.as_mut().enable();
        if !self.served.load(Ordering::Acquire) {
            let _ = tokio::time::timeout(at_most, notified).await;
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
        self.book().as_ref().err()
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
        let trouble = self.book().as_ref().ok()?.read_only_reason()?;
        Some(rapport_core::i18n::payload(
            &rapport_core::CoreError::ReadOnly(trouble),
            lang,
        ))
    }

    /// Runs a domain call on the book and turns its error into what the UI shows. Called from
    /// an async command it tells the runtime this worker blocks (sled reads, a flush), so the
    /// other commands move to another worker instead of queueing behind it.
    pub fn with_store<T>(
        &self,
        f: impl FnOnce(&Store) -> rapport_core::Result<T>,
    ) -> Result<T, ApiError> {
        blocking(|| {
            let book = self.book();
            let lang = self.language();
            match book {
                Ok(store) => f(store).map_err(|e| ApiError::from_core(&e, lang)),
                Err(e) => Err(ApiError(e.payload(lang))),
            }
        })
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
            if let Some(nudge) = self.sync_nudge.read().ok().and_then(|n| n.clone()) {
                nudge.local_write();
            }
        }
        result
    }

    /// The open book, shared with the team sync engine (`None` if it could not be opened).
    pub fn shared_store(&self) -> Option<Arc<Store>> {
        self.book().as_ref().ok().cloned()
    }

    /// The running sync engine's wake-up (team books), or none.
    pub fn set_sync_nudge(&self, nudge: Option<rapport_sync::Nudge>) {
        if let Ok(mut n) = self.sync_nudge.write() {
            *n = nudge;
        }
    }
}

/// Runs `f` on this thread, telling a multi-threaded runtime first that it will block.
fn blocking<T>(f: impl FnOnce() -> T) -> T {
    use tokio::runtime::{Handle, RuntimeFlavor};
    match Handle::try_current() {
        Ok(h) if h.runtime_flavor() == RuntimeFlavor::MultiThread => tokio::task::block_in_place(f),
        _ => f(),
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

    #[test]
    fn a_call_made_while_the_book_opens_waits_for_it() {
        let dir = tempfile::tempdir().unwrap();
        let state = Arc::new(AppState::opening(Language::En, dir.path().to_path_buf()));
        let caller = {
            let state = state.clone();
            std::thread::spawn(move || state.with_store(|s| s.customer_count()))
        };
        std::thread::sleep(std::time::Duration::from_millis(50));
        assert!(!caller.is_finished(), "the call waits for the book");
        state.open_with(Ok(Store::open(dir.path()).unwrap()));
        assert_eq!(caller.join().unwrap().unwrap(), 0);
    }

    #[tokio::test]
    async fn background_work_starts_after_the_first_page_or_after_the_longest_wait() {
        let state = AppState::opening(Language::En, PathBuf::from("/x"));
        let waited = std::time::Instant::now();
        state.settled(std::time::Duration::from_millis(50)).await;
        assert!(waited.elapsed() >= std::time::Duration::from_millis(50));
        state.page_served();
        // Served already: no wait at all (an hour would fail the test by its timeout).
        tokio::time::timeout(
            std::time::Duration::from_secs(5),
            state.settled(std::time::Duration::from_secs(3600)),
        )
        .await
        .unwrap();
    }

    #[tokio::test]
    async fn every_waiter_starts_when_the_first_page_is_served() {
        // The warm-up and the reminder task both wait; one of them used to sleep out its
        // longest wait (the warm-up 5 s late: the user's first search keyed the book itself).
        let state = Arc::new(AppState::opening(Language::En, PathBuf::from("/x")));
        let waiter = |state: Arc<AppState>| {
            tokio::spawn(async move { state.settled(std::time::Duration::from_secs(3600)).await })
        };
        let (first, second) = (waiter(state.clone()), waiter(state.clone()));
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        state.page_served();
        tokio::time::timeout(std::time::Duration::from_secs(5), async {
            first.await.unwrap();
            second.await.unwrap();
        })
        .await
        .unwrap();
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
