//! Whether an xlsx can have merged regions at all. calamine reads a sheet's merged regions by
//! parsing the whole sheet's XML a second time (they come after the cells), which cost an
//! import of a 100,000-row sheet about a tenth of its reading time. A merged region is a
//! `mergeCell` element, so a workbook none of whose parts holds the bytes `mergeCell` has
//! none; inflating the parts and searching the bytes is several times cheaper than parsing.
//! Any doubt (a part that does not inflate, more bytes than the limit) answers "maybe", and
//! calamine reads the regions as before.
use super::zipcheck::MAX_UNPACKED_BYTES;
use std::io::{Cursor, Read};
use zip::ZipArchive;

const NEEDLE: &[u8] = b"mergeCell";

/// False only when no part of the xlsx `bytes` but its shared strings (cell text, not markup)
/// holds `mergeCell`.
pub(super) fn may_have_merged(bytes: &[u8]) -> bool {
    let Ok(mut zip) = ZipArchive::new(Cursor::new(bytes)) else {
        return true;
    };
    let finder = memchr::memmem::Finder::new(NEEDLE);
    let mut budget = MAX_UNPACKED_BYTES;
    let mut buf = vec![0u8; 64 * 1024];
    for i in 0..zip.len() {
        let Ok(entry) = zip.by_index(i) else {
            return true;
        };
        let Ok(name) = entry.name() else {
            return true;
        };
        if name
            .trim_start_matches('/')
            .eq_ignore_ascii_case("xl/sharedStrings.xml")
        {
            continue;
        }
        // The last bytes of each read are kept in front of the next, so a needle split
        // between two reads is found.
        let keep = NEEDLE.len() - 1;
        let mut filled = 0;
        let mut part = entry.take(budget);
        loop {
            let n = match part.read(&mut buf[filled..]) {
                Ok(n) => n,
                Err(_) => return true,
            };
            if n == 0 {
                break;
            }
            budget = budget.saturating_sub(n as u64);
            let end = filled + n;
            if finder.find(&buf[..end]).is_some() {
                return true;
            }
            let tail = end.saturating_sub(keep);
            buf.copy_within(tail..end, 0);
            filled = end - tail;
        }
        if budget == 0 {
            return true;
        }
    }
    false
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use std::io::Write;
    use zip::write::SimpleFileOptions;

    fn zip_of(parts: &[(&str, Vec<u8>)]) -> Vec<u8> {
        let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, data) in parts {
            let options = SimpleFileOptions::default();
            out.start_file(*name, options).unwrap();
            out.write_all(data).unwrap();
        }
        out.finish().unwrap().into_inner()
    }

    #[test]
    fn a_merge_cell_anywhere_but_the_shared_strings_is_a_maybe() {
        let sheet = b"<worksheet><sheetData/><mergeCells><mergeCell ref=\"A1:B1\"/></mergeCells>";
        let plain = b"<worksheet><sheetData><row/></sheetData></worksheet>".to_vec();
        let text = b"<sst><si><t>mergeCell</t></si></sst>".to_vec();
        let merged = zip_of(&[("xl/worksheets/sheet1.xml", sheet.to_vec())]);
        assert!(may_have_merged(&merged));
        let none = zip_of(&[
            ("xl/worksheets/sheet1.xml", plain.clone()),
            ("xl/sharedStrings.xml", text),
        ]);
        assert!(!may_have_merged(&none));
        // A prefixed element, in a part named in an odd way, found all the same.
        let odd = zip_of(&[("sheets/One.XML", b"<x:mergeCell ref=\"A1:A3\"/>".to_vec())]);
        assert!(may_have_merged(&odd));
        assert!(may_have_merged(b"not a zip"));
    }

    #[test]
    fn a_needle_across_two_reads_is_found() {
        for at in 64 * 1024 - 8..64 * 1024 + 2 {
            let mut data = vec![b' '; at];
            data.extend_from_slice(NEEDLE);
            data.extend_from_slice(&[b' '; 100]);
            assert!(
                may_have_merged(&zip_of(&[("xl/worksheets/s.xml", data)])),
                "{at}"
            );
        }
    }
}
