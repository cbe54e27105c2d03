//! Opening the file the user chose, the one place an import touches the file system.
//!
//! Decisions:
//! - Only a regular file is read. The path is opened without blocking (`O_NONBLOCK`, so a
//!   FIFO with no writer does not hang the open) and the *opened* file is checked, so a
//!   symlink to `/dev/zero`, a device, a FIFO, a socket or a folder is refused with
//!   `notAFile`, and a file swapped after a check cannot slip through.
//! - The read is bounded: at most [`MAX_FILE_BYTES`] + 1 bytes are read whatever the size
//!   said, so a file that grows while it is read is refused as too large instead of filling
//!   memory.
use super::file_error;
use super::source::MAX_FILE_BYTES;
use crate::error::Result;
use std::fs::File;
use std::io::Read;
use std::path::Path;

/// The bytes of the regular file at `path`, refused above [`MAX_FILE_BYTES`].
pub fn read_file(path: &Path) -> Result<Vec<u8>> {
    let shown = path.display().to_string();
    let unreadable = |e: std::io::Error| file_error::unreadable(&shown, &e.to_string());
    let file = open_regular(path).map_err(unreadable)?;
    let meta = file.metadata().map_err(unreadable)?;
    if !meta.is_file() {
        return Err(file_error::not_a_file(&shown));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(file_error::too_large(meta.len(), MAX_FILE_BYTES));
    }
    read_at_most(file, meta.len(), MAX_FILE_BYTES).map_err(|e| match e {
        Bounded::TooLarge(n) => file_error::too_large(n, MAX_FILE_BYTES),
        Bounded::Io(e) => unreadable(e),
    })
}

/// Why a bounded read stopped.
#[derive(Debug)]
pub enum Bounded {
    /// More than the limit was there (at least this many bytes).
    TooLarge(u64),
    Io(std::io::Error),
}

/// Reads `input` to its end, but never more than `limit` bytes: past that, `TooLarge`.
/// `expected` sizes the buffer (capped at the limit).
pub fn read_at_most(input: impl Read, expected: u64, limit: u64) -> Result<Vec<u8>, Bounded> {
    let capacity = usize::try_from(expected.min(limit)).unwrap_or(0);
    let mut bytes = Vec::with_capacity(capacity);
    input
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(Bounded::Io)?;
    if bytes.len() as u64 > limit {
        return Err(Bounded::TooLarge(bytes.len() as u64));
    }
    Ok(bytes)
}

/// Opens `path` for reading without blocking, and only if it is a regular file (the opened
/// file is checked): the other readers of chosen files (backups) use it too.
pub fn open_regular_file(path: &Path) -> std::io::Result<File> {
    let file = open_regular(path)?;
    if !file.metadata()?.is_file() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "not a regular file",
        ));
    }
    Ok(file)
}

#[cfg(unix)]
fn open_regular(path: &Path) -> std::io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    // Non-blocking: opening a FIFO for reading would otherwise wait for a writer. On a
    // regular file the flag changes nothing.
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
}

#[cfg(not(unix))]
fn open_regular(path: &Path) -> std::io::Result<File> {
    File::open(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(e: crate::CoreError) -> &'static str {
        match e {
            crate::CoreError::File { code, .. } => code,
            other => panic!("not a file error: {other:?}"),
        }
    }

    #[test]
    fn a_regular_file_is_read() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join("客户.csv");
        std::fs::write(&path, "客户名称\n华为\n").unwrap_or_else(|e| panic!("{e}"));
        let bytes = read_file(&path).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(bytes, "客户名称\n华为\n".as_bytes());
    }

    #[cfg(unix)]
    #[test]
    fn dev_zero_is_refused_not_read_forever() {
        let e = read_file(Path::new("/dev/zero")).err();
        assert_eq!(e.map(code), Some("notAFile"));
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_to_a_device_is_refused() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let link = dir.path().join("客户.xlsx");
        std::os::unix::fs::symlink("/dev/zero", &link).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(read_file(&link).err().map(code), Some("notAFile"));
    }

    #[test]
    fn a_folder_is_refused() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let e = read_file(dir.path()).err().map(code);
        assert_eq!(e, Some("notAFile"));
    }

    /// A FIFO with no writer: the old `std::fs::read` blocked in `open` for ever.
    #[cfg(unix)]
    #[test]
    fn a_fifo_is_refused_without_hanging() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let fifo = dir.path().join("客户.csv");
        let c = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes())
            .unwrap_or_else(|e| panic!("{e}"));
        // SAFETY: mkfifo reads the NUL-terminated path it is given.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let _ = tx.send(read_file(&fifo).err().map(code));
        });
        let got = rx
            .recv_timeout(std::time::Duration::from_secs(10))
            .unwrap_or_else(|_| panic!("reading a FIFO hung"));
        assert_eq!(got, Some("notAFile"));
    }

    /// A stream longer than it said (a file growing while read, a device): the read stops
    /// one byte past the limit.
    #[test]
    fn an_endless_stream_stops_at_the_limit() {
        match read_at_most(std::io::repeat(7), 0, 1000) {
            Err(Bounded::TooLarge(n)) => assert_eq!(n, 1001),
            other => panic!("not refused: {other:?}"),
        }
        let ok = read_at_most(&[1u8, 2, 3][..], 3, 3).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(ok, vec![1, 2, 3]);
    }

    #[test]
    fn the_refusal_speaks_both_languages() {
        match file_error::not_a_file("/dev/zero") {
            crate::CoreError::File { code, zh, en } => {
                assert_eq!(code, "notAFile");
                assert!(
                    zh.contains("/dev/zero") && zh.contains("不是普通文件"),
                    "{zh}"
                );
                assert!(
                    en.contains("/dev/zero") && en.contains("not a regular file"),
                    "{en}"
                );
            }
            other => panic!("{other:?}"),
        }
    }
}
