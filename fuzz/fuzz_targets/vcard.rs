//! vCard text (folded lines, quoted-printable, groups, nested cards) into rows, and through
//! the import path.
#![no_main]
use libfuzzer_sys::fuzz_target;
use rapport_core::import::vcard::vcard_table;

fuzz_target!(
    init: rapport_fuzz::quiet_caught_panics(),
    |data: &[u8]| {
        let _ = vcard_table(&String::from_utf8_lossy(data));
        let mut bytes = b"BEGIN:VCARD\r\n".to_vec();
        bytes.extend_from_slice(data);
        rapport_fuzz::import_bytes(&bytes, "fuzz.vcf");
    }
);
