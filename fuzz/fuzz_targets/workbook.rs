//! Workbook bytes (xlsx, xls, ods — the seeds are the fixtures of each) through the app's
//! import path: recognised, opened with calamine under the zip limits, read, previewed.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(
    init: rapport_fuzz::quiet_caught_panics(),
    |data: &[u8]| rapport_fuzz::import_bytes(data, "fuzz.xlsx")
);
