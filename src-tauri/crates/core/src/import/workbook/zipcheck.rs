//! Zip-bomb protection: calamine inflates whole parts (shared strings, ods content) into
//! memory, so a zip is inspected before calamine sees it.
use super::WorkbookError;
use std::io::{self, Cursor, Read};
use zip::result::ZipError;
use zip::ZipArchive;

/// The most a workbook may unpack to. A full 1,048,576-row sheet of 14 columns is about
/// 500 MB of XML.
pub const MAX_UNPACKED_BYTES: u64 = 1024 * 1024 * 1024;
/// The highest compression ratio accepted for an entry above [`RATIO_FLOOR`] unpacked.
/// Spreadsheet XML compresses 5–30 times, very repetitive sheets up to ~60; deflate's
/// ceiling is ~1000, which is what bombs use.
pub const MAX_RATIO: u64 = 100;
/// Entries smaller than this may have any ratio (an empty styles part compresses well and
/// cannot hurt).
const RATIO_FLOOR: u64 = 10 * 1024 * 1024;
/// An xlsx has a few dozen parts; a zip with more entries is not a workbook we want.
pub const MAX_ZIP_ENTRIES: usize = 10_000;

/// Checks what a zip's central directory declares, as `(compressed, uncompressed)` sizes per
/// entry, against the limits above.
pub fn check_zip_sizes(entries: &[(u64, u64)]) -> Result<(), WorkbookError> {
    if entries.len() > MAX_ZIP_ENTRIES {
        return Err(WorkbookError::Suspicious(format!(
            "{} entries, at most {MAX_ZIP_ENTRIES}",
            entries.len()
        )));
    }
    let total = entries
        .iter()
        .fold(0u64, |sum, (_, size)| sum.saturating_add(*size));
    if total > MAX_UNPACKED_BYTES {
        return Err(WorkbookError::UnpackedTooLarge {
            bytes: total,
            limit: MAX_UNPACKED_BYTES,
        });
    }
    for &(compressed, size) in entries {
        if size > RATIO_FLOOR && size / compressed.max(1) > MAX_RATIO {
            return Err(WorkbookError::Suspicious(format!(
                "an entry of {compressed} bytes unpacks to {size}"
            )));
        }
    }
    Ok(())
}

/// The zip's central directory, checked with [`check_zip_sizes`], then every entry streamed
/// (nothing kept) to verify it unpacks to no more than it declares and that its checksum
/// holds: a tampered directory cannot smuggle a bomb past the check.
pub(super) fn inspect(bytes: &[u8]) -> Result<ZipArchive<Cursor<&[u8]>>, WorkbookError> {
    let mut zip = ZipArchive::new(Cursor::new(bytes)).map_err(corrupt)?;
    let mut sizes = Vec::with_capacity(zip.len().min(MAX_ZIP_ENTRIES + 1));
    for i in 0..zip.len() {
        let entry = zip.by_index_raw(i).map_err(corrupt)?;
        sizes.push((entry.compressed_size(), entry.size()));
        if sizes.len() > MAX_ZIP_ENTRIES {
            break;
        }
    }
    check_zip_sizes(&sizes)?;
    for (i, &(_, declared)) in sizes.iter().enumerate() {
        verify_entry(&mut zip, i, declared)?;
    }
    Ok(zip)
}

fn verify_entry(
    zip: &mut ZipArchive<Cursor<&[u8]>>,
    index: usize,
    declared: u64,
) -> Result<(), WorkbookError> {
    let entry = match zip.by_index(index) {
        Ok(entry) => entry,
        Err(ZipError::UnsupportedArchive(why)) if why.contains("assword") => {
            return Err(WorkbookError::PasswordProtected)
        }
        Err(e) => return Err(corrupt(e)),
    };
    let mut bounded = entry.take(declared.saturating_add(1));
    let unpacked = io::copy(&mut bounded, &mut io::sink()).map_err(|e| corrupt(e.into()))?;
    if unpacked > declared {
        return Err(WorkbookError::Suspicious(format!(
            "entry {index} unpacks to more than the {declared} bytes it declares"
        )));
    }
    Ok(())
}

fn corrupt(e: ZipError) -> WorkbookError {
    WorkbookError::Corrupt(e.to_string())
}
