//! Text decoding (BOM, UTF-8/16, GBK, Big5 detection) and the CSV reader with the sniffed
//! delimiter, then the whole import path on the same bytes as a `.csv`.
#![no_main]
use libfuzzer_sys::fuzz_target;
use rapport_core::import::text::{decode, decode_as, delimiter_for, read_rows};

fuzz_target!(
    init: rapport_fuzz::quiet_caught_panics(),
    |data: &[u8]| {
        let decoded = decode(data);
        let delimiter = delimiter_for("fuzz.csv", &decoded.text);
        let _ = read_rows(&decoded.text, delimiter, 10_000);
        for label in ["gb18030", "big5", "utf-16le"] {
            if let Ok(text) = decode_as(data, label) {
                let _ = read_rows(&text, b'\t', 10_000);
            }
        }
        rapport_fuzz::import_bytes(data, "fuzz.csv");
    }
);
