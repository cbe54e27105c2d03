//! The body of a backup, inside the zlib stream: every tree's name and every key and value
//! as raw bytes, in tree order, then an end record with a CRC-32 over everything before it.
//!
//! ```text
//! 0x01 tree   u32 name length, name         (the entries that follow belong to it)
//! 0x02 entry  u32 key length, key, u32 value length, value
//! 0xFF end    u64 number of entries, u32 CRC-32 of every body byte before this CRC
//! ```
//! Integers are little-endian. Keys within a tree are strictly ascending, as sled iterates.
use crate::error::CoreError;
use std::io::{self, Read, Write};

const TREE: u8 = 0x01;
const ENTRY: u8 = 0x02;
const END: u8 = 0xFF;
/// Longer tree names, keys or values than any book has; a length above these is damage.
const MAX_NAME: u32 = 1024;
const MAX_KEY: u32 = 1 << 20;
const MAX_VALUE: u32 = 64 << 20;
/// A book has 14 trees and sled's default one; each tree costs memory, so many is damage.
const MAX_TREES: usize = 256;
/// Entries written to sled per batch while staging (bounds memory, keeps it fast).
const BATCH_BYTES: usize = 8 << 20;
/// More unpacked bytes than this and the backup is refused (a bomb, or not ours).
pub const MAX_UNPACKED: u64 = 4 << 30;

/// Writes every tree of `db` to `out`. The caller keeps writers off (`Store::with_quiet_db`).
pub fn write_db(db: &sled::Db, out: impl Write) -> io::Result<()> {
    let mut w = Hashing {
        inner: out,
        crc: crc32fast::Hasher::new(),
    };
    let mut entries: u64 = 0;
    for name in db.tree_names() {
        let tree = db.open_tree(&name).map_err(io::Error::other)?;
        w.put(&[TREE])?;
        w.put_bytes(&name)?;
        for item in tree.iter() {
            let (k, v) = item.map_err(io::Error::other)?;
            w.put(&[ENTRY])?;
            w.put_bytes(&k)?;
            w.put_bytes(&v)?;
            entries += 1;
        }
    }
    w.put(&[END])?;
    w.put(&entries.to_le_bytes())?;
    let crc = w.crc.clone().finalize();
    w.inner.write_all(&crc.to_le_bytes())
}

struct Hashing<T> {
    inner: T,
    crc: crc32fast::Hasher,
}

impl<W: Write> Hashing<W> {
    fn put(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.crc.update(bytes);
        self.inner.write_all(bytes)
    }

    fn put_bytes(&mut self, bytes: &[u8]) -> io::Result<()> {
        let len = u32::try_from(bytes.len()).map_err(io::Error::other)?;
        self.put(&len.to_le_bytes())?;
        self.put(bytes)
    }
}

/// Why a body could not be read.
#[derive(Debug)]
pub enum BodyError {
    /// Not what a writer produces: cut off, altered, or not a body at all.
    Damaged,
    /// More than [`MAX_UNPACKED`] bytes unpacked.
    TooLarge,
    /// Writing to the staging database failed.
    Store(CoreError),
}

impl From<io::Error> for BodyError {
    fn from(_: io::Error) -> Self {
        BodyError::Damaged
    }
}

impl From<sled::Error> for BodyError {
    fn from(e: sled::Error) -> Self {
        BodyError::Store(e.into())
    }
}

/// Counts and hashes what is read, and stops at [`MAX_UNPACKED`].
struct Counted<R> {
    inner: R,
    crc: crc32fast::Hasher,
    total: u64,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.total += n as u64;
        if self.total > MAX_UNPACKED {
            return Err(io::Error::other("unpacked size limit"));
        }
        self.crc.update(&buf[..n]);
        Ok(n)
    }
}

impl<R: Read> Counted<R> {
    fn too_large(&self) -> bool {
        self.total > MAX_UNPACKED
    }

    fn exact<const N: usize>(&mut self) -> io::Result<[u8; N]> {
        let mut b = [0u8; N];
        self.read_exact(&mut b)?;
        Ok(b)
    }

    /// A length-prefixed byte string of at most `max` bytes. Grows with what is really
    /// there, so a damaged length cannot make it allocate ahead of the data.
    fn bytes(&mut self, max: u32) -> std::result::Result<Vec<u8>, BodyError> {
        let len = u32::from_le_bytes(self.exact()?);
        if len > max {
            return Err(BodyError::Damaged);
        }
        let mut v = Vec::new();
        self.by_ref().take(u64::from(len)).read_to_end(&mut v)?;
        if v.len() != len as usize {
            return Err(BodyError::Damaged);
        }
        Ok(v)
    }
}

/// Reads a whole body from `input` into the empty database `db` (or nowhere, to check a
/// backup just written), checking it as it goes; then checks that `input` ends there.
/// Returns the number of entries.
pub fn load_db(input: impl Read, db: Option<&sled::Db>) -> std::result::Result<u64, BodyError> {
    let mut r = Counted {
        inner: input,
        crc: crc32fast::Hasher::new(),
        total: 0,
    };
    match load(&mut r, db) {
        Err(BodyError::Damaged) if r.too_large() => Err(BodyError::TooLarge),
        other => other,
    }
}

fn load<R: Read>(r: &mut Counted<R>, db: Option<&sled::Db>) -> std::result::Result<u64, BodyError> {
    let mut tree: Option<sled::Tree> = None;
    let mut seen = std::collections::HashSet::new();
    let mut last_key: Option<Vec<u8>> = None;
    let mut batch = sled::Batch::default();
    let mut batch_bytes = 0usize;
    let mut entries: u64 = 0;
    loop {
        let [tag] = r.exact::<1>()?;
        match tag {
            TREE => {
                flush(&tree, &mut batch, &mut batch_bytes)?;
                let name = r.bytes(MAX_NAME)?;
                if seen.len() >= MAX_TREES || !seen.insert(name.clone()) {
                    return Err(BodyError::Damaged);
                }
                tree = db.map(|db| db.open_tree(&name)).transpose()?;
                last_key = None;
            }
            ENTRY => {
                if seen.is_empty() {
                    return Err(BodyError::Damaged);
                }
                let k = r.bytes(MAX_KEY)?;
                let v = r.bytes(MAX_VALUE)?;
                if last_key.as_ref().is_some_and(|last| *last >= k) {
                    return Err(BodyError::Damaged);
                }
                if tree.is_some() {
                    batch_bytes += k.len() + v.len();
                    batch.insert(k.as_slice(), v);
                }
                last_key = Some(k);
                entries += 1;
                if batch_bytes >= BATCH_BYTES {
                    flush(&tree, &mut batch, &mut batch_bytes)?;
                }
            }
            END => {
                flush(&tree, &mut batch, &mut batch_bytes)?;
                let count = u64::from_le_bytes(r.exact()?);
                let expected = r.crc.clone().finalize();
                let crc = u32::from_le_bytes(r.exact()?);
                if crc != expected || count != entries {
                    return Err(BodyError::Damaged);
                }
                // Nothing may follow the end record.
                if r.read(&mut [0u8; 1])? != 0 {
                    return Err(BodyError::Damaged);
                }
                return Ok(entries);
            }
            _ => return Err(BodyError::Damaged),
        }
    }
}

fn flush(
    tree: &Option<sled::Tree>,
    batch: &mut sled::Batch,
    bytes: &mut usize,
) -> std::result::Result<(), BodyError> {
    if let Some(t) = tree {
        t.apply_batch(std::mem::take(batch))?;
    }
    *bytes = 0;
    Ok(())
}
