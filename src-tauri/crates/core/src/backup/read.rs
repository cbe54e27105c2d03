//! Reading a backup file from start to end: its header, the password when it is encrypted,
//! the zlib stream and the body with its checksums. Used to restore (into a staging book)
//! and to check a backup just written (into nothing).
use super::body::{self, BodyError, MAX_UNPACKED};
use super::header::{read_prefix, Header, HEADER_LEN};
use super::{crypt, errors};
use crate::error::Result;
use crate::import::guard::damaged_on_panic;
use crate::store::SCHEMA_VERSION;
use flate2::bufread::ZlibDecoder;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

/// Opens `path` and decodes its header: the file's size and the header.
pub fn header(path: &Path) -> Result<(std::fs::File, u64, Header, Vec<u8>)> {
    // A regular file only: a FIFO or /dev/zero picked as a backup must not hang the app.
    let mut file =
        crate::import::file::open_regular_file(path).map_err(|e| errors::unreadable(path, &e))?;
    let size = file
        .metadata()
        .map_err(|e| errors::unreadable(path, &e))?
        .len();
    let prefix = read_prefix(&mut file).map_err(|e| errors::unreadable(path, &e))?;
    let header = Header::decode(&prefix, SCHEMA_VERSION)?;
    Ok((file, size, header, prefix))
}

/// Reads the whole backup at `path` into `db` (or only checks it) and returns its header and
/// size. An encrypted backup needs its `password`.
pub fn read_all(
    path: &Path,
    password: Option<&str>,
    db: Option<&sled::Db>,
) -> Result<(Header, u64)> {
    let (file, size, header, prefix) = header(path)?;
    // A panic in a decoder on a damaged body is the damaged-backup error, not a crash.
    damaged_on_panic(
        || {
            let file = BufReader::new(file);
            if header.encrypted {
                let mut inner = BufReader::new(crypt::decrypt(file, password)?);
                let mut copy = [0u8; HEADER_LEN];
                inner.read_exact(&mut copy).map_err(|_| errors::damaged())?;
                if copy[..] != prefix[..] {
                    return Err(errors::damaged());
                }
                body_of(inner, db)
            } else {
                body_of(file, db)
            }
        },
        |_| errors::damaged(),
    )?;
    Ok((header, size))
}

/// Unpacks the zlib stream at the start of `input` into the body reader, then checks that
/// nothing follows it.
fn body_of(mut input: impl BufRead, db: Option<&sled::Db>) -> Result<()> {
    let mut z = ZlibDecoder::new(&mut input);
    let loaded = body::load_db(&mut z, db);
    drop(z);
    match loaded {
        Ok(_) => {}
        Err(BodyError::Damaged) => return Err(errors::damaged()),
        Err(BodyError::TooLarge) => return Err(errors::too_large(MAX_UNPACKED)),
        Err(BodyError::Store(e)) => return Err(e),
    }
    // Nothing may follow the compressed stream (for an encrypted one this also reads and
    // authenticates its last chunk).
    if !input.fill_buf().map_err(|_| errors::damaged())?.is_empty() {
        return Err(errors::damaged());
    }
    Ok(())
}
