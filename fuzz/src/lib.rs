//! What the fuzz targets share: an empty book for the preview, and the app's import path
//! (open + prepare) on a file's bytes.
use chrono::{NaiveTime, TimeZone, Utc};
use rapport_core::import::plan::{ExistingBook, MatchKey};
use rapport_core::import::session::{BookContext, ImportSession, ReadContext, SavedMapping};
use rapport_core::model::{ImportOptions, Language};

/// A book with no customers and no remembered mappings.
pub struct EmptyBook;

fn nobody(_: &MatchKey) -> Option<String> {
    None
}

impl BookContext for EmptyBook {
    fn existing(&self) -> &dyn ExistingBook {
        &nobody
    }
    fn customer_name(&self, _: &str) -> Option<String> {
        None
    }
    fn saved_mapping(&self, _: &str) -> Option<SavedMapping> {
        None
    }
}

/// A fixed clock and zone, so a run is reproducible.
pub fn read_context() -> ReadContext<Utc> {
    ReadContext {
        tz: Utc,
        now: Utc.with_ymd_and_hms(2024, 6, 1, 8, 0, 0).unwrap(),
        reminder_time: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
        lang: Language::Zh,
    }
}

/// What the app does with a chosen file: recognise it, read it and preview it; then the same
/// with the second sheet or another encoding, as the user may choose.
pub fn import_bytes(bytes: &[u8], file_name: &str) {
    let Ok(mut session) = ImportSession::open(bytes.to_vec(), file_name) else {
        return;
    };
    let read = read_context();
    let Ok(prepared) = session.prepare(&ImportOptions::default(), &EmptyBook, &read) else {
        return;
    };
    let other = ImportOptions {
        sheet: prepared.preview.sheets.get(1).map(|s| s.name.clone()),
        encoding: prepared
            .preview
            .encoding
            .as_ref()
            .map(|_| "gb18030".to_owned()),
        ..ImportOptions::default()
    };
    let _ = session.prepare(&other, &EmptyBook, &read);
}

/// Lets panics that the code under test catches go unreported: libFuzzer's own hook aborts
/// on any panic, even one caught by `catch_unwind` and turned into a "damaged file" error.
/// A panic that escapes still aborts (it cannot unwind through libFuzzer), so it is found.
pub fn quiet_caught_panics() {
    std::panic::set_hook(Box::new(|_| {}));
}
