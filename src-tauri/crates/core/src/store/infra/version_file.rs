//! The book's schema version, also kept in a small file beside sled's (`rapport-schema`) so
//! it can be read *before* sled opens the book: sled writes at every open (a new snapshot
//! when its log moved on, a zeroed log tail), so a book from a newer Rapport would not be
//! left as it was if it had to be opened to be refused. The file is written after the
//! migrations, only when it says something else, and synced; sled's `meta/schema_version`
//! stays the authority (a book without the file, from before it existed, is checked there).
use super::durable::sync_folder;
use super::migrate::SCHEMA_VERSION;
use crate::error::{CoreError, Result};
use std::io::{self, Write};
use std::path::Path;

/// The file's name in the book folder; it holds the version as decimal text.
pub const VERSION_FILE: &str = "rapport-schema";

/// The version the file in `dir` states, when there is a readable one.
fn recorded(dir: &Path) -> Option<u32> {
    let text = std::fs::read_to_string(dir.join(VERSION_FILE)).ok()?;
    text.trim().parse().ok()
}

/// Whether the book in `dir` has recorded its version (it was opened by a Rapport that
/// writes the file, so its sled meta holds a version too, made durable before the file).
pub(in crate::store) fn was_recorded(dir: &Path) -> bool {
    recorded(dir).is_some()
}

/// Refuses a book whose file says a newer Rapport wrote it, before anything opens it.
pub(in crate::store) fn refuse_newer(dir: &Path) -> Result<()> {
    match recorded(dir) {
        Some(found) if found > SCHEMA_VERSION => Err(CoreError::SchemaTooNew {
            found,
            supported: SCHEMA_VERSION,
        }),
        _ => Ok(()),
    }
}

/// Records [`SCHEMA_VERSION`] (the book was just migrated to it), durably, unless the file
/// already says so.
pub(in crate::store) fn record(dir: &Path) -> io::Result<()> {
    if recorded(dir) == Some(SCHEMA_VERSION) {
        return Ok(());
    }
    let tmp = dir.join(format!("{VERSION_FILE}.tmp"));
    let mut file = std::fs::File::create(&tmp)?;
    file.write_all(format!("{SCHEMA_VERSION}\n").as_bytes())?;
    file.sync_all()?;
    std::fs::rename(&tmp, dir.join(VERSION_FILE))?;
    sync_folder(dir)
}
