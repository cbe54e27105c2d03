//! A JSON file as the import reads it: recognised, parsed and checked (`json_book`), previewed
//! as a merge into a book with customers and as a restore into an empty one, and — when it
//! parses — restored into a fresh book in a scratch folder (on /dev/shm when there is one),
//! whose indexes are then verified.
#![no_main]
use libfuzzer_sys::fuzz_target;
use rapport_core::import::json_book;
use rapport_core::import::plan::{ExistingBook, MatchKey};
use rapport_core::import::session::{BookContext, ImportSession, SavedMapping};
use rapport_core::model::{ImportOptions, Language};
use std::path::PathBuf;
use std::sync::OnceLock;

/// A book with no customers: a JSON file is restored into it.
struct Empty;

fn nobody(_: &MatchKey) -> Option<String> {
    None
}

impl BookContext for Empty {
    fn existing(&self) -> &dyn ExistingBook {
        &nobody
    }
    fn customer_name(&self, _: &str) -> Option<String> {
        None
    }
    fn saved_mapping(&self, _: &str) -> Option<SavedMapping> {
        None
    }
    fn is_empty(&self) -> bool {
        true
    }
}

fn scratch() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let shm = std::path::Path::new("/dev/shm");
        let base = if shm.is_dir() {
            shm.to_owned()
        } else {
            std::env::temp_dir()
        };
        let dir = base.join(format!("rapport-fuzz-json-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    })
}

fuzz_target!(
    init: rapport_fuzz::quiet_caught_panics(),
    |data: &[u8]| {
        // A merge into a book with customers (the shared import path).
        rapport_fuzz::import_bytes(data, "fuzz.json");
        // A restore's preview.
        if let Ok(mut session) = ImportSession::open(data.to_vec(), "fuzz.json") {
            let read = rapport_fuzz::read_context();
            let _ = session.prepare(&ImportOptions::default(), &Empty, &read);
        }
        // The restore itself, when the file is a Rapport export.
        let Ok(book) = json_book::parse(data) else {
            return;
        };
        let dir = scratch().join("book");
        let _ = std::fs::remove_dir_all(&dir);
        let store = rapport_core::Store::open(&dir).unwrap();
        let now = rapport_fuzz::read_context().now;
        if store
            .restore_book(&book, "fuzz.json", now, Language::Zh, &mut |_| true)
            .is_ok()
        {
            store.verify_indexes().unwrap();
        }
        drop(store);
        let _ = std::fs::remove_dir_all(&dir);
    }
);
