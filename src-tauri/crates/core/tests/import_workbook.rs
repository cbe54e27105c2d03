#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Workbooks as legacy users have them: a 客户跟进记录表 built with rust_xlsxwriter (title row
//! merged across, a date line, a header cell merged over two columns, a customer merged down
//! over its follow-ups, real date cells), and the bad input the import must refuse cleanly.
use chrono::NaiveDate;
use proptest::prelude::*;
use rapport_core::import::headers::{fill_merged, locate_header};
use rapport_core::import::values::{DateSystem, DateValue};
use rapport_core::import::workbook::{
    cell_text, check_zip_sizes, open, row_limit, Cell, Format, Merged, WorkbookError, MAX_CELLS,
    MAX_ROWS, MAX_UNPACKED_BYTES, MAX_ZIP_ENTRIES,
};
use rust_xlsxwriter::{ExcelDateTime, Format as XFormat, Workbook as XWorkbook};
use std::io::Write;

const MAIN: &str = "跟进记录";

/// The classic sheet, a small second sheet, and a hidden lookup sheet with more cells than
/// either (never preselected).
fn follow_up_workbook() -> Vec<u8> {
    let mut book = XWorkbook::new();
    let plain = XFormat::new();
    let day = XFormat::new().set_num_format("yyyy-mm-dd");
    let moment = XFormat::new().set_num_format("yyyy-mm-dd hh:mm");
    let date = |y, m, d| ExcelDateTime::from_ymd(y, m, d).unwrap();

    let sheet = book.add_worksheet().set_name(MAIN).unwrap();
    sheet
        .merge_range(0, 0, 0, 7, "客户跟进记录表", &plain)
        .unwrap();
    sheet.write_string(1, 0, "制表日期：2024年5月1日").unwrap();
    for (col, text) in [
        (0, "序号"),
        (1, "客户名称"),
        (4, "跟进时间"),
        (5, "跟进内容"),
    ] {
        sheet.write_string(2, col, text).unwrap();
    }
    sheet.merge_range(2, 2, 2, 3, "联系方式", &plain).unwrap();
    sheet.write_string(2, 6, "金额").unwrap();
    sheet.write_string(2, 7, "是否成交").unwrap();
    // Two follow-ups of one customer, its name merged down over both rows.
    sheet.write_number(3, 0, 1).unwrap();
    sheet
        .merge_range(3, 1, 4, 1, "杭州云栖科技有限公司", &plain)
        .unwrap();
    sheet.write_number(3, 2, 13800138000.0).unwrap();
    sheet.write_string(3, 3, "zhang@yunqi.cn").unwrap();
    sheet
        .write_datetime_with_format(3, 4, date(2024, 5, 1), &day)
        .unwrap();
    sheet.write_string(3, 5, "介绍方案").unwrap();
    sheet.write_number(3, 6, 150000).unwrap();
    sheet.write_boolean(3, 7, false).unwrap();
    sheet.write_number(4, 0, 2).unwrap();
    sheet.write_number(4, 2, 13800138000.0).unwrap();
    let at = date(2024, 5, 8).and_hms(14, 30, 0).unwrap();
    sheet.write_datetime_with_format(4, 4, at, &moment).unwrap();
    sheet.write_string(4, 5, "上门演示产品").unwrap();
    sheet.write_number(4, 6, 2.5).unwrap();
    sheet.write_boolean(4, 7, true).unwrap();
    sheet.write_number(5, 0, 3).unwrap();
    sheet.write_string(5, 1, "上海华信商贸有限公司").unwrap();
    sheet.write_string(5, 2, "021-12345678").unwrap();
    sheet.write_string(5, 3, "wang@huaxin.com").unwrap();
    sheet
        .write_datetime_with_format(5, 4, date(2024, 5, 2), &day)
        .unwrap();
    sheet.write_string(5, 5, "价格偏高").unwrap();
    sheet.write_number(5, 6, 0.1 + 0.2).unwrap();
    sheet.write_boolean(5, 7, false).unwrap();

    let notes = book.add_worksheet().set_name("备注").unwrap();
    notes.write_string(0, 0, "说明").unwrap();
    notes.write_string(1, 0, "数据来自旧系统").unwrap();

    let lookup = book.add_worksheet().set_name("数据").unwrap();
    for row in 0..60 {
        lookup.write_string(row, 0, format!("选项{row}")).unwrap();
    }
    lookup.set_hidden(true);
    book.save_to_buffer().unwrap()
}

fn texts(rows: &[Vec<Cell>]) -> Vec<Vec<String>> {
    rows.iter()
        .map(|row| row.iter().map(cell_text).collect())
        .collect()
}

#[test]
fn sheets_are_listed_with_their_size_and_the_busiest_visible_one_is_preselected() {
    let book = open(&follow_up_workbook(), "客户跟进记录表.xlsx").unwrap();
    assert_eq!(book.format(), Format::Xlsx);
    assert_eq!(book.file_name(), "客户跟进记录表.xlsx");
    let sheets = book.sheets();
    let summary: Vec<_> = sheets
        .iter()
        .map(|s| {
            (
                s.name.as_str(),
                s.rows,
                s.cols,
                s.non_empty_cells,
                s.visible,
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (MAIN, 6, 8, 31, true),
            ("备注", 2, 1, 2, true),
            ("数据", 60, 1, 60, false),
        ]
    );
    assert_eq!(book.busiest_sheet().unwrap().name, MAIN);
}

#[test]
fn rows_hold_typed_cells_from_a1() {
    let mut book = open(&follow_up_workbook(), "f.xlsx").unwrap();
    let rows = book.rows(MAIN, 100).unwrap();
    assert_eq!(rows.len(), 6);
    assert!(rows.iter().all(|r| r.len() == 8));
    assert_eq!(rows[0][0], Cell::Text("客户跟进记录表".into()));
    assert_eq!(rows[1][0], Cell::Text("制表日期：2024年5月1日".into()));
    assert_eq!(rows[3][0], Cell::Number(1.0));
    assert_eq!(rows[3][2], Cell::Number(13800138000.0));
    assert_eq!(rows[3][7], Cell::Bool(false));
    assert_eq!(rows[5][2], Cell::Text("021-12345678".into()));
    assert_eq!(rows[4][3], Cell::Empty);
    // Real date cells come back as dates of the workbook's system.
    assert_eq!(
        rows[3][4],
        Cell::Date {
            serial: 45413.0,
            system: DateSystem::Excel1900
        }
    );
    let may_1 = NaiveDate::from_ymd_opt(2024, 5, 1).unwrap();
    assert_eq!(rows[3][4].date(), Some(DateValue::Date(may_1)));
    let may_8 = NaiveDate::from_ymd_opt(2024, 5, 8).unwrap();
    assert_eq!(
        rows[4][4].date(),
        Some(DateValue::DateTime(may_8.and_hms_opt(14, 30, 0).unwrap()))
    );
    assert_eq!(rows[3][5].date(), None);
}

#[test]
fn cells_read_as_text_the_way_excel_shows_them() {
    let mut book = open(&follow_up_workbook(), "f.xlsx").unwrap();
    let text = texts(&book.rows(MAIN, 100).unwrap());
    assert_eq!(
        text[3],
        [
            "1",
            "杭州云栖科技有限公司",
            "13800138000",
            "zhang@yunqi.cn",
            "2024-05-01",
            "介绍方案",
            "150000",
            "FALSE"
        ]
    );
    assert_eq!(text[4][4], "2024-05-08 14:30:00");
    assert_eq!(text[4][6], "2.5");
    assert_eq!(text[5][6], "0.3");
    assert_eq!(cell_text(&Cell::Empty), "");
    assert_eq!(cell_text(&Cell::Number(-0.0)), "0");
    assert_eq!(cell_text(&Cell::Error("#N/A".into())), "#N/A");
    let time = Cell::Date {
        serial: 0.6041666666666666,
        system: DateSystem::Excel1900,
    };
    assert_eq!(cell_text(&time), "14:30:00");
    let may_1_1904 = Cell::Date {
        serial: 45413.0 - 1462.0,
        system: DateSystem::Excel1904,
    };
    assert_eq!(cell_text(&may_1_1904), "2024-05-01");
    // Excel's fictitious 1900-02-29 is no date: it reads as the serial.
    let fictitious = Cell::Date {
        serial: 60.0,
        system: DateSystem::Excel1900,
    };
    assert_eq!(cell_text(&fictitious), "60");
}

#[test]
fn merged_cells_repeat_down_but_not_across() {
    let mut book = open(&follow_up_workbook(), "f.xlsx").unwrap();
    let rows = book.rows(MAIN, 100).unwrap();
    // The customer merged over its two follow-up rows is on both.
    let customer = Cell::Text("杭州云栖科技有限公司".into());
    assert_eq!((&rows[3][1], &rows[4][1]), (&customer, &customer));
    // The title merged across stays one cell; so does the merged header …
    assert!(rows[0][1..].iter().all(Cell::is_empty));
    assert_eq!(rows[2][2], Cell::Text("联系方式".into()));
    assert_eq!(rows[2][3], Cell::Empty);
    // … which the header step fills across from the regions.
    let merged = book.merged(MAIN).unwrap();
    assert!(merged.contains(&Merged {
        first_row: 2,
        last_row: 2,
        first_col: 2,
        last_col: 3
    }));
    assert_eq!(merged.len(), 3);
    let spans = rapport_core::import::workbook::merged_spans(&merged, 2);
    assert_eq!(spans, [(2, 3)]);
    let text = texts(&rows);
    let header = fill_merged(&text[2], &spans);
    assert_eq!(header[2..4], ["联系方式", "联系方式"]);
    // The header is found under the title and date rows.
    let found = locate_header(&text, 10).unwrap();
    assert_eq!((found.row, found.data_start), (2, 3));
}

#[test]
fn max_rows_bounds_what_is_read() {
    let mut book = open(&follow_up_workbook(), "f.xlsx").unwrap();
    let rows = book.rows(MAIN, 4).unwrap();
    assert_eq!(rows.len(), 4);
    assert_eq!(rows[3][1], Cell::Text("杭州云栖科技有限公司".into()));
    assert!(book.rows(MAIN, 0).unwrap().is_empty());
    assert_eq!(book.rows("备注", 10).unwrap().len(), 2);
    assert_eq!(
        book.rows("nope", 10),
        Err(WorkbookError::NoSuchSheet("nope".into()))
    );
}

#[test]
fn a_sheet_above_the_cell_limit_is_refused_before_its_grid_is_built() {
    // 600 rows as wide as Excel allows: 600 × 16,384 cells, above MAX_CELLS.
    let mut xbook = XWorkbook::new();
    let sheet = xbook.add_worksheet();
    for row in 0..600 {
        sheet.write_number(row, 0, row as f64).unwrap();
    }
    sheet.write_string(0, 16_383, "far right").unwrap();
    let bytes = xbook.save_to_buffer().unwrap();
    let mut book = open(&bytes, "wide.xlsx").unwrap();
    let info = book.sheets()[0].clone();
    assert_eq!((info.rows, info.cols), (600, 16_384));
    let limit = row_limit(16_384);
    assert_eq!(limit, MAX_CELLS / 16_384);
    assert_eq!(
        book.rows(&info.name, 10),
        Err(WorkbookError::TooLarge { rows: 600, limit })
    );
    assert_eq!(row_limit(14), MAX_CELLS / 14);
    assert_eq!(row_limit(1), MAX_ROWS);
    assert_eq!(row_limit(0), MAX_ROWS);
}

#[test]
fn an_empty_workbook_has_an_empty_sheet() {
    let mut xbook = XWorkbook::new();
    xbook.add_worksheet();
    let mut book = open(&xbook.save_to_buffer().unwrap(), "empty.xlsx").unwrap();
    let sheets = book.sheets();
    assert_eq!(sheets.len(), 1);
    assert_eq!((sheets[0].rows, sheets[0].non_empty_cells), (0, 0));
    assert_eq!(book.busiest_sheet().unwrap().name, sheets[0].name);
    assert!(book.rows(&sheets[0].name, 10).unwrap().is_empty());
}

#[test]
fn a_csv_named_xlsx_is_not_a_workbook() {
    let csv = "客户名称,联系电话\n杭州云栖,13800138000\n".as_bytes();
    assert_eq!(
        open(csv, "客户.xlsx").err(),
        Some(WorkbookError::NotAWorkbook)
    );
    assert_eq!(open(b"", "x.xls").err(), Some(WorkbookError::NotAWorkbook));
}

fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in entries {
        zip.start_file(*name, options).unwrap();
        zip.write_all(data).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

#[test]
fn a_zip_that_is_not_a_workbook_is_refused() {
    let docx_like = zip_of(&[("word/document.xml", b"<w:document/>")]);
    assert_eq!(
        open(&docx_like, "a.xlsx").err(),
        Some(WorkbookError::NotAWorkbook)
    );
}

#[test]
fn a_truncated_xlsx_is_corrupt() {
    let bytes = follow_up_workbook();
    let half = &bytes[..bytes.len() / 2];
    assert!(matches!(
        open(half, "f.xlsx").err(),
        Some(WorkbookError::Corrupt(_))
    ));
}

#[test]
fn a_zip_bomb_is_refused_before_calamine_reads_it() {
    let zeros = vec![0u8; 16 * 1024 * 1024];
    let bomb = zip_of(&[
        ("[Content_Types].xml", b"<Types/>"),
        ("xl/workbook.xml", &zeros),
    ]);
    assert!(bomb.len() < 100_000, "{} bytes", bomb.len());
    assert!(matches!(
        open(&bomb, "bomb.xlsx").err(),
        Some(WorkbookError::Suspicious(_))
    ));
}

#[test]
fn a_zip_lying_about_its_sizes_is_refused() {
    let data = vec![b'a'; 200_000];
    let mut bytes = zip_of(&[("xl/workbook.xml", &data)]);
    // Rewrite the uncompressed size (offset 24) of the central directory entry to 100.
    let central = bytes.windows(4).position(|w| w == b"PK\x01\x02").unwrap();
    bytes[central + 24..central + 28].copy_from_slice(&100u32.to_le_bytes());
    let err = open(&bytes, "lie.xlsx").err().unwrap();
    assert!(
        matches!(
            err,
            WorkbookError::Suspicious(_) | WorkbookError::Corrupt(_)
        ),
        "{err:?}"
    );
}

#[test]
fn zip_size_limits() {
    assert_eq!(check_zip_sizes(&[(1_000, 20_000), (500, 9_000)]), Ok(()));
    // Small entries may compress as well as they like.
    assert_eq!(check_zip_sizes(&[(10, 1_000_000)]), Ok(()));
    let half = MAX_UNPACKED_BYTES / 2 + 1;
    assert_eq!(
        check_zip_sizes(&[(half / 10, half), (half / 10, half)]),
        Err(WorkbookError::UnpackedTooLarge {
            bytes: 2 * half,
            limit: MAX_UNPACKED_BYTES
        })
    );
    assert!(matches!(
        check_zip_sizes(&[(100_000, 50_000_000)]),
        Err(WorkbookError::Suspicious(_))
    ));
    assert_eq!(check_zip_sizes(&[(1_000_000, 50_000_000)]), Ok(()));
    let many = vec![(10, 10); MAX_ZIP_ENTRIES + 1];
    assert!(matches!(
        check_zip_sizes(&many),
        Err(WorkbookError::Suspicious(_))
    ));
}

#[test]
fn errors_have_plain_messages() {
    let err = WorkbookError::TooLarge {
        rows: 1_048_576,
        limit: 571_428,
    };
    assert_eq!(
        err.to_string(),
        "the sheet has 1048576 rows; at most 571428 rows can be imported"
    );
    assert_eq!(
        WorkbookError::PasswordProtected.to_string(),
        "the workbook is password-protected"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Garbage, and garbage behind each magic number, gives an error and never a panic.
    #[test]
    fn random_bytes_never_panic(
        prefix in prop::sample::select(vec![
            Vec::new(),
            b"PK\x03\x04".to_vec(),
            b"PK\x05\x06".to_vec(),
            vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1],
        ]),
        tail in prop::collection::vec(any::<u8>(), 0..2048),
    ) {
        let bytes = [prefix, tail].concat();
        prop_assert!(open(&bytes, "random.xlsx").is_err());
    }

    /// Any cut of a real workbook is an error or a readable workbook, never a panic.
    #[test]
    fn cut_workbooks_never_panic(keep in 0.0f64..1.0) {
        let bytes = follow_up_workbook();
        let cut = &bytes[..(bytes.len() as f64 * keep) as usize];
        if let Ok(mut book) = open(cut, "cut.xlsx") {
            for sheet in book.sheets() {
                let _ = book.rows(&sheet.name, 100);
            }
        }
    }
}
