//! Any bytes through the app's import path, the file type chosen by the first byte: a zip
//! or OLE prefix for workbooks, `BEGIN:VCARD`, or text as it comes (with a `.tsv` name too).
#![no_main]
use libfuzzer_sys::fuzz_target;

const PREFIXES: [&[u8]; 4] = [
    b"PK\x03\x04",
    &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1],
    b"BEGIN:VCARD\r\n",
    b"",
];

fuzz_target!(
    init: rapport_fuzz::quiet_caught_panics(),
    |data: &[u8]| {
        let Some((&kind, rest)) = data.split_first() else {
            return;
        };
        let mut bytes = PREFIXES[usize::from(kind) % PREFIXES.len()].to_vec();
        bytes.extend_from_slice(rest);
        let name = if kind & 0x80 != 0 { "fuzz.tsv" } else { "fuzz.csv" };
        rapport_fuzz::import_bytes(&bytes, name);
    }
);
