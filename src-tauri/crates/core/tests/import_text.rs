#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Text files as users save them: GBK from a Chinese Excel, Big5 from Taiwan or Hong Kong,
//! UTF-16 from "Unicode text", UTF-8 with or without BOM; any of `,` `\t` `;` `|`; quoted
//! cells with commas and line breaks. Random bytes never panic.
use encoding_rs::{BIG5, GBK, UTF_16BE, UTF_16LE};
use proptest::prelude::*;
use rapport_core::import::text::{
    decode, decode_as, delimiter_for, read_rows, rows, sniff_delimiter, TextError, MAX_CELL_BYTES,
    MAX_COLUMNS,
};

const SHEET: &str = "客户名称,电话\n张伟,13800138000\n";

fn strings(rows: &[&[&str]]) -> Vec<Vec<String>> {
    rows.iter()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect()
}

/// UTF-16 bytes with a BOM; encoding_rs only encodes to UTF-8 and legacy encodings.
fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
    let mut out = if big_endian {
        vec![0xFE, 0xFF]
    } else {
        vec![0xFF, 0xFE]
    };
    for unit in text.encode_utf16() {
        let bytes = if big_endian {
            unit.to_be_bytes()
        } else {
            unit.to_le_bytes()
        };
        out.extend_from_slice(&bytes);
    }
    out
}

#[test]
fn gbk_is_detected_and_decoded() {
    let (bytes, _, unmappable) = GBK.encode(SHEET);
    assert!(!unmappable);
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "the fixture is not UTF-8"
    );
    let d = decode(&bytes);
    assert_eq!(d.text, SHEET);
    assert_eq!(d.encoding, "gb18030");
    assert!(!d.had_bom);
    assert!(d.confident);
    assert_eq!(
        read_rows(&d.text, sniff_delimiter(&d.text), 10).unwrap(),
        strings(&[&["客户名称", "电话"], &["张伟", "13800138000"]])
    );
}

#[test]
fn a_longer_gbk_sheet_is_detected() {
    let text = "客户名称,联系人,电话,跟进方式,跟进内容\n\
        杭州云栖科技有限公司,张伟,13800138000,上门拜访,介绍产品方案，客户有兴趣\n\
        上海华信商贸有限公司,王芳,13912345678,电话,约定下周演示\n";
    let (bytes, _, _) = GBK.encode(text);
    let d = decode(&bytes);
    assert_eq!(
        (d.text.as_str(), d.encoding, d.confident),
        (text, "gb18030", true)
    );
}

#[test]
fn a_gbk_file_larger_than_the_detection_prefix() {
    let mut text = String::from("客户名称,联系人,电话,备注\n");
    for i in 0..12_000 {
        text.push_str(&format!(
            "云栖科技{i}有限公司,张伟,138{i:08},老客户，复购\n"
        ));
    }
    let (bytes, _, _) = GBK.encode(&text);
    assert!(bytes.len() > 256 * 1024);
    let d = decode(&bytes);
    assert_eq!((d.encoding, d.confident), ("gb18030", true));
    assert!(d.text == text);
    let rows = read_rows(&d.text, sniff_delimiter(&d.text), usize::MAX).unwrap();
    assert_eq!(rows.len(), 12_001);
    assert_eq!(
        rows[12_000],
        [
            "云栖科技11999有限公司",
            "张伟",
            "13800011999",
            "老客户，复购"
        ]
    );
}

#[test]
fn gb18030_only_characters_survive() {
    // 𠀀 (U+20000) has no GBK code; GB18030 encodes it in four bytes.
    let text = "姓名,备注\n𠀀先生,老客户\n";
    let (bytes, _, unmappable) = encoding_rs::GB18030.encode(text);
    assert!(!unmappable);
    let d = decode(&bytes);
    assert_eq!(d.text, text);
    assert_eq!(d.encoding, "gb18030");
}

#[test]
fn big5_is_detected_and_decoded() {
    let text = "客戶名稱,電話,地址\n陳大文,0912345678,臺北市信義區松仁路\n林美玲,0987654321,香港九龍彌敦道\n";
    let (bytes, _, unmappable) = BIG5.encode(text);
    assert!(!unmappable);
    let d = decode(&bytes);
    assert_eq!(d.text, text);
    assert_eq!(d.encoding, "Big5");
    assert!(d.confident);
}

#[test]
fn utf16_with_bom_both_byte_orders() {
    for (big_endian, name) in [(false, "UTF-16LE"), (true, "UTF-16BE")] {
        let d = decode(&utf16(SHEET, big_endian));
        assert_eq!(d.text, SHEET, "{name}");
        assert_eq!(d.encoding, name);
        assert!(d.had_bom && d.confident, "{name}");
    }
    // The helper agrees with encoding_rs on the BOM-less body.
    let (le, be) = (utf16(SHEET, false), utf16(SHEET, true));
    let (le, _) = UTF_16LE.decode_without_bom_handling(&le[2..]);
    let (be, _) = UTF_16BE.decode_without_bom_handling(&be[2..]);
    assert_eq!((le.as_ref(), be.as_ref()), (SHEET, SHEET));
}

#[test]
fn utf16_with_an_odd_byte_is_not_confident() {
    let mut bytes = utf16(SHEET, false);
    bytes.push(0x41);
    let d = decode(&bytes);
    assert!(d.text.starts_with(SHEET) && d.text.ends_with('\u{fffd}'));
    assert!(!d.confident);
}

#[test]
fn utf8_with_and_without_bom() {
    let plain = decode(SHEET.as_bytes());
    assert_eq!(
        (
            plain.text.as_str(),
            plain.encoding,
            plain.had_bom,
            plain.confident
        ),
        (SHEET, "UTF-8", false, true)
    );
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(SHEET.as_bytes());
    let with_bom = decode(&bom);
    assert_eq!(
        (with_bom.text.as_str(), with_bom.encoding, with_bom.had_bom),
        (SHEET, "UTF-8", true)
    );
}

#[test]
fn ascii_and_empty_files_are_utf8() {
    assert_eq!(decode(b"Name,Phone\n").encoding, "UTF-8");
    let empty = decode(b"");
    assert_eq!((empty.text.as_str(), empty.confident), ("", true));
    assert_eq!(read_rows("", b',', 10).unwrap(), Vec::<Vec<String>>::new());
}

#[test]
fn a_latin_guess_is_not_confident() {
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode("Name,City\nRené,Zürich\nJosé,Besançon\n");
    let d = decode(&bytes);
    assert!(d.text.contains("Zürich"), "{}", d.text);
    assert!(!d.confident, "{}", d.encoding);
}

#[test]
fn the_user_can_override_the_encoding() {
    let (gbk, _, _) = GBK.encode(SHEET);
    for label in ["gbk", "GBK", " gb18030 ", "gb2312"] {
        assert_eq!(decode_as(&gbk, label).unwrap(), SHEET, "{label}");
    }
    let (big5, _, _) = BIG5.encode("客戶,電話\n");
    assert_eq!(decode_as(&big5, "big5").unwrap(), "客戶,電話\n");
    assert_eq!(decode_as(&utf16(SHEET, false), "utf-16le").unwrap(), SHEET);
    assert_eq!(decode_as(&utf16(SHEET, true), "UTF-16BE").unwrap(), SHEET);
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(SHEET.as_bytes());
    assert_eq!(decode_as(&bom, "utf-8").unwrap(), SHEET);
    // A wrong choice shows mojibake rather than failing.
    assert_ne!(decode_as(&gbk, "big5").unwrap(), SHEET);
    // The detected name is accepted back.
    let d = decode(&gbk);
    assert_eq!(decode_as(&gbk, d.encoding).unwrap(), SHEET);
    for bad in ["klingon", "", "iso-2022-kr"] {
        assert_eq!(
            decode_as(&gbk, bad),
            Err(TextError::UnknownEncoding(bad.into()))
        );
    }
}

#[test]
fn semicolon_csv() {
    let text = "Name;Phone;Notes\nRené Dubois;+33 1 23 45 67 89;\"Paris, 8e\"\nAnna Weber;+49 30 123456;VIP\n";
    assert_eq!(sniff_delimiter(text), b';');
    assert_eq!(
        read_rows(text, b';', 10).unwrap(),
        strings(&[
            &["Name", "Phone", "Notes"],
            &["René Dubois", "+33 1 23 45 67 89", "Paris, 8e"],
            &["Anna Weber", "+49 30 123456", "VIP"],
        ])
    );
}

#[test]
fn tsv_and_pipes() {
    let tsv = "客户名称\t电话\t备注\n张伟\t13800138000\t老客户, 复购\n王芳\t13912345678\t\n";
    assert_eq!(sniff_delimiter(tsv), b'\t');
    assert_eq!(delimiter_for("客户.TSV", "a,b,c\n1,2,3\n"), b'\t');
    assert_eq!(delimiter_for("客户.txt", tsv), b'\t');
    assert_eq!(
        read_rows(tsv, b'\t', 10).unwrap(),
        strings(&[
            &["客户名称", "电话", "备注"],
            &["张伟", "13800138000", "老客户, 复购"],
            &["王芳", "13912345678"],
        ])
    );
    assert_eq!(sniff_delimiter("a|b|c\n1|2|3\n4|5|6\n"), b'|');
}

#[test]
fn quotes_hide_other_delimiters() {
    // Every line holds two semicolons, but only inside quotes: commas are the delimiter.
    let text = "name,notes,phone\n\"Li; Wang; Zhao\",x,1\n\"A; B; C\",y,2\n";
    assert_eq!(sniff_delimiter(text), b',');
}

#[test]
fn the_most_consistent_delimiter_wins() {
    // Commas appear in the notes of some rows; tabs split every row into three.
    let text = "name\tphone\tnotes\nA\t1\tx, y\nB\t2\tz\nC\t3\tp, q, r\n";
    assert_eq!(sniff_delimiter(text), b'\t');
    // A title row above the table does not matter.
    let titled = "客户跟进记录表\n客户名称,电话,备注\n张伟,1,x\n王芳,2,y\n";
    assert_eq!(sniff_delimiter(titled), b',');
    // On a tie the wider rows win: 3 columns by `;` against 2 by `,`.
    assert_eq!(sniff_delimiter("a;b,c;d\n1;2,3;4\n"), b';');
    // One column, or nothing: comma.
    assert_eq!(sniff_delimiter("客户名称\n张伟\n"), b',');
    assert_eq!(sniff_delimiter(""), b',');
}

#[test]
fn a_sample_cut_mid_row_still_sniffs() {
    let mut text = String::from("a;b;c\n");
    for i in 0..10 {
        text.push_str(&format!("{i};x;y\n"));
    }
    text.push_str("cut;of"); // the sample ends mid-row
    assert_eq!(sniff_delimiter(&text), b';');
}

#[test]
fn quoted_fields_with_commas_quotes_and_newlines() {
    let text = "客户名称,跟进内容,电话\r\n\
        \"杭州云栖科技有限公司\",\"第一行\n第二行，含逗号, 和\"\"引号\"\"\",13800138000\r\n\
        王芳,简单,13912345678\r\n";
    let rows = read_rows(text, b',', 10).unwrap();
    assert_eq!(
        rows,
        strings(&[
            &["客户名称", "跟进内容", "电话"],
            &[
                "杭州云栖科技有限公司",
                "第一行\n第二行，含逗号, 和\"引号\"",
                "13800138000"
            ],
            &["王芳", "简单", "13912345678"],
        ])
    );
}

#[test]
fn rows_carry_their_line_and_stop_at_max_rows() {
    let text = "a,b\n\"x\ny\",1\n\nlast,2\n";
    let all: Vec<_> = rows(text, b',').unwrap().map(Result::unwrap).collect();
    let lines: Vec<u64> = all.iter().map(|r| r.line).collect();
    assert_eq!(
        lines,
        [1, 2, 5],
        "blank lines are skipped, lines still count"
    );
    let line_of =
        |text: &str| -> Vec<u64> { rows(text, b',').unwrap().map(|r| r.unwrap().line).collect() };
    assert_eq!(line_of("a,b\r\n\r\nlast,2\r\n"), [1, 3], "CRLF");
    assert_eq!(line_of("a\r\"x\ry\"\r\rz"), [1, 2, 5], "CR only");
    assert_eq!(line_of("\n\n\u{feff}x\n"), [3]);
    assert_eq!(read_rows(text, b',', 2).unwrap().len(), 2);
    assert_eq!(read_rows(text, b',', 0).unwrap().len(), 0);
}

#[test]
fn ragged_rows_and_padding() {
    let text = "a,b,c,,\n1\n1,2,3,4\n\u{feff}";
    assert_eq!(
        read_rows(text, b',', 10).unwrap(),
        strings(&[
            &["a", "b", "c"],
            &["1"],
            &["1", "2", "3", "4"],
            &["\u{feff}"]
        ])
    );
    // A BOM left at the start (text not from `decode`) is dropped.
    assert_eq!(
        read_rows("\u{feff}a,b\n", b',', 10).unwrap(),
        strings(&[&["a", "b"]])
    );
}

#[test]
fn a_huge_cell_is_refused_with_its_line() {
    let big = "x".repeat(MAX_CELL_BYTES + 1);
    let text = format!("name,notes\nok,fine\nbad,{big}\nnever,read\n");
    assert_eq!(
        read_rows(&text, b',', 100),
        Err(TextError::CellTooLarge {
            line: 3,
            column: 2,
            max: MAX_CELL_BYTES
        })
    );
    // Exactly at the cap is fine.
    let fits = format!("a,{}\n", "y".repeat(MAX_CELL_BYTES));
    assert_eq!(
        read_rows(&fits, b',', 1).unwrap()[0][1].len(),
        MAX_CELL_BYTES
    );
    // Rows before the bad one are still available when streaming.
    let mut it = rows(&text, b',').unwrap();
    assert!(it.next().unwrap().is_ok());
    assert!(it.next().unwrap().is_ok());
    assert!(it.next().unwrap().is_err());
    assert!(it.next().is_none(), "an error ends the rows");
}

#[test]
fn too_many_columns_and_bad_delimiters() {
    let wide = format!("a,b\n{}\n", ",x".repeat(MAX_COLUMNS));
    assert_eq!(
        read_rows(&wide, b',', 10),
        Err(TextError::TooManyColumns {
            line: 2,
            max: MAX_COLUMNS
        })
    );
    assert_eq!(
        read_rows("a,b", 0xE4, 10),
        Err(TextError::InvalidDelimiter(0xE4))
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048), max in 0usize..50) {
        let d = decode(&bytes);
        let delimiter = sniff_delimiter(&d.text);
        prop_assert!(rapport_core::import::text::DELIMITERS.contains(&delimiter));
        if let Ok(rows) = read_rows(&d.text, delimiter, max) {
            prop_assert!(rows.len() <= max);
        }
        let _ = decode_as(&bytes, "gbk");
        let _ = decode_as(&bytes, "utf-16be");
    }

    #[test]
    fn csv_like_text_never_panics(text in "[a-c,;|\t\"\r\n 客户]{0,400}", delimiter in any::<u8>()) {
        let _ = sniff_delimiter(&text);
        let _ = read_rows(&text, delimiter, 100);
    }

    #[test]
    fn utf8_round_trips(text in "\\PC{0,200}") {
        prop_assert_eq!(decode(text.as_bytes()).text, text);
    }
}
