//! One running Rapport per book, not per computer: the single-instance guard is keyed by the
//! book's folder, so a personal book and a team book (or two test instances) run side by side,
//! while a second start on the same book hands over to the running window and exits.
//!
//! On Linux the guard is a D-Bus name; the plugin's `dbus_id` takes our key. The default book
//! (the OS app-data folder) keeps the plain identifier, so an older Rapport and this one still
//! find each other there. On Windows and macOS the plugin keys by the identifier alone.
use std::path::{Path, PathBuf};

/// The D-Bus id for the book in `dir` (`None` for the default book): the app's identifier
/// plus a stable hash of the folder's absolute path.
pub fn dbus_id(identifier: &str, dir: Option<&Path>) -> Option<String> {
    let dir = dir?;
    let absolute = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
    // The folder, not its spelling: `book/` and `book` are one book.
    let normal: PathBuf = absolute.components().collect();
    let canonical = std::fs::canonicalize(&normal).unwrap_or(normal);
    // A D-Bus name element may not start with a digit: hence the `b`.
    Some(format!(
        "{identifier}.b{:016x}",
        fnv1a(canonical.as_os_str().as_encoded_bytes())
    ))
}

/// FNV-1a: stable across builds and Rust versions (std's hasher promises neither), so two
/// versions of Rapport agree on a book's key.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn the_default_book_keeps_the_plain_identifier() {
        assert_eq!(dbus_id("app.rapport.crm", None), None);
    }

    #[test]
    fn two_folders_get_two_keys_and_one_folder_one_key() {
        let a = tempfile::tempdir().unwrap();
        let b = tempfile::tempdir().unwrap();
        let ka = dbus_id("app.rapport.crm", Some(a.path())).unwrap();
        let kb = dbus_id("app.rapport.crm", Some(b.path())).unwrap();
        assert_ne!(ka, kb);
        let slash = a.path().join("");
        let dotted = a.path().join(".");
        assert_eq!(ka, dbus_id("app.rapport.crm", Some(&slash)).unwrap());
        assert_eq!(ka, dbus_id("app.rapport.crm", Some(&dotted)).unwrap());
        assert!(ka.starts_with("app.rapport.crm.b"));
    }

    #[test]
    fn the_key_is_stable() {
        // Another build must find this one: the hash may never change.
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
    }
}
