//! Making a flush survive a power cut. sled's `flush` writes its log with `sync_file_range`
//! on Linux (the data pages reach the drive, but not the file's size or other metadata, and
//! the drive's cache is not flushed) and never syncs the blob files it writes for pages over
//! ~128 KiB, nor any folder. After it, [`Durability::sync`] fsyncs the log, every blob file
//! written since the last sync, and each of the book's folders whose names changed (new blob
//! files, a snapshot renamed into place), as SQLite does for its journal.
use std::collections::BTreeSet;
use std::ffi::OsString;
use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// sled's files in a book folder (sled 0.34's layout).
const LOG: &str = "db";
const BLOBS: &str = "blobs";

#[derive(Default)]
struct Synced {
    /// The book folder's names as of its last fsync.
    book: BTreeSet<OsString>,
    /// The blob folder's names as of its last fsync (every one of these files is synced).
    blobs: BTreeSet<OsString>,
}

pub(in crate::store) struct Durability {
    dir: PathBuf,
    log: File,
    synced: Mutex<Synced>,
}

fn names(dir: &Path) -> io::Result<BTreeSet<OsString>> {
    match std::fs::read_dir(dir) {
        Ok(entries) => entries.map(|e| e.map(|e| e.file_name())).collect(),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(BTreeSet::new()),
        Err(e) => Err(e),
    }
}

/// fsync of a folder: makes its names (created, renamed, removed files) durable. Windows
/// cannot open a folder as a file; there NTFS's journal orders metadata itself.
pub(crate) fn sync_folder(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    File::open(dir)?.sync_all()?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

fn sync_file(path: &Path) -> io::Result<()> {
    match File::open(path) {
        Ok(f) => f.sync_data(),
        // A blob sled removed since the listing: nothing left to keep.
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e),
    }
}

impl Durability {
    /// Syncs everything in the freshly opened book `dir` (sled writes its files at creation
    /// and recovery without syncing them) and the book's own name in its parent folder.
    pub fn open(dir: &Path) -> io::Result<Durability> {
        let durability = Durability {
            dir: dir.to_path_buf(),
            log: File::open(dir.join(LOG))?,
            synced: Mutex::default(),
        };
        for name in names(dir)? {
            let path = dir.join(&name);
            if path.is_file() {
                sync_file(&path)?;
            }
        }
        durability.sync()?;
        if let Some(parent) = dir.parent() {
            sync_folder(parent)?;
        }
        Ok(durability)
    }

    /// Makes what sled flushed durable. Call right after `sled::Db::flush`.
    pub fn sync(&self) -> io::Result<()> {
        let mut synced = self
            .synced
            .lock()
            .map_err(|_| io::Error::other("durability state poisoned"))?;
        self.log.sync_data()?;
        let blob_dir = self.dir.join(BLOBS);
        let blobs = names(&blob_dir)?;
        if blobs != synced.blobs {
            for fresh in blobs.difference(&synced.blobs) {
                sync_file(&blob_dir.join(fresh))?;
            }
            sync_folder(&blob_dir)?;
            synced.blobs = blobs;
        }
        let book = names(&self.dir)?;
        if book != synced.book {
            // A snapshot file renamed into place is synced by sled; its name is not.
            sync_folder(&self.dir)?;
            synced.book = book;
        }
        Ok(())
    }
}

/// True when `dir` holds a sled book (its log file), i.e. opening it creates nothing.
pub fn holds_book(dir: &Path) -> bool {
    dir.join(LOG).is_file()
}
