//! The second backup folder (a USB stick, a synced cloud folder): each backup is copied there
//! under its own name, through a temporary file that is synced and compared with the original
//! byte for byte before it is renamed. The folder is never created: a missing one (the stick
//! not plugged in) is reported, and the backup on this computer stands.
use super::write::{sync_dir, Temp};
use super::{errors, names};
use crate::error::Result;
use std::fs::File;
use std::io::{self, BufReader, Read};
use std::path::{Path, PathBuf};

/// Copies the backup `file` into `mirror_dir` and returns the copy's path.
pub fn copy_to(file: &Path, mirror_dir: &Path) -> Result<PathBuf> {
    if !mirror_dir.is_dir() {
        return Err(errors::mirror_missing(mirror_dir));
    }
    let fail = |e: io::Error| errors::mirror_failed(mirror_dir, &e.to_string());
    let name = file
        .file_name()
        .ok_or_else(|| fail(io::Error::other("no file name")))?;
    let target = mirror_dir.join(name);
    let temp = Temp(mirror_dir.join(format!(
        "{}{}-{}.tmp",
        names::TEMP_PREFIX,
        name.to_string_lossy(),
        std::process::id()
    )));
    {
        let mut from = File::open(file).map_err(|e| errors::unreadable(file, &e))?;
        let mut to = File::create(&temp.0).map_err(fail)?;
        io::copy(&mut from, &mut to).map_err(fail)?;
        to.sync_all().map_err(fail)?;
    }
    if !same_bytes(file, &temp.0).map_err(fail)? {
        return Err(errors::mirror_failed(
            mirror_dir,
            "the copy differs from the backup / 副本与备份不一致",
        ));
    }
    std::fs::rename(&temp.0, &target).map_err(fail)?;
    let _ = sync_dir(mirror_dir);
    Ok(target)
}

fn same_bytes(a: &Path, b: &Path) -> io::Result<bool> {
    let (mut a, mut b) = (
        BufReader::new(File::open(a)?),
        BufReader::new(File::open(b)?),
    );
    let (mut x, mut y) = (vec![0u8; 64 * 1024], vec![0u8; 64 * 1024]);
    loop {
        let n = read_full(&mut a, &mut x)?;
        let m = read_full(&mut b, &mut y)?;
        if n != m || x[..n] != y[..m] {
            return Ok(false);
        }
        if n == 0 {
            return Ok(true);
        }
    }
}

/// Fills `buf` as far as the file allows (`read` may return less than asked).
fn read_full(r: &mut impl Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut got = 0;
    while got < buf.len() {
        match r.read(&mut buf[got..])? {
            0 => break,
            n => got += n,
        }
    }
    Ok(got)
}
