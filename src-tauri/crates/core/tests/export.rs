#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Export: headers and labels read back, sheets and cells, formula guards, the CSV BOM, and
//! (export/round_trip.rs) the round trip xlsx → empty book.
mod common;
use chrono::{NaiveDate, TimeZone, Utc};
use chrono_tz::Asia::Shanghai;
use common::*;
use rapport_core::export::columns::{CUSTOMER_COLUMNS, FOLLOW_UP_COLUMNS};
use rapport_core::export::labels::*;
use rapport_core::export::{to_csv, to_xlsx, BOM};
use rapport_core::import::headers::{map_columns, recognise};
use rapport_core::import::text;
use rapport_core::import::values::*;
use rapport_core::import::workbook::{self, cell_text, Cell};
use rapport_core::model::*;

const LANGS: [Language; 2] = [Language::Zh, Language::En];

#[test]
fn every_header_maps_back_to_its_target() {
    for lang in LANGS {
        let headers: Vec<String> = CUSTOMER_COLUMNS
            .iter()
            .map(|c| c.header(lang).into())
            .collect();
        for col in CUSTOMER_COLUMNS {
            assert_eq!(
                recognise(col.header(lang)),
                Some(col.target()),
                "{col:?} {lang:?}"
            );
        }
        let targets: Vec<_> = CUSTOMER_COLUMNS.iter().map(|c| c.target()).collect();
        assert_eq!(
            map_columns(&headers),
            targets,
            "no column becomes a custom field"
        );
        let headers: Vec<String> = FOLLOW_UP_COLUMNS
            .iter()
            .map(|c| c.header(lang).into())
            .collect();
        for col in FOLLOW_UP_COLUMNS {
            assert_eq!(
                recognise(col.header(lang)),
                Some(col.target()),
                "{col:?} {lang:?}"
            );
        }
        let targets: Vec<_> = FOLLOW_UP_COLUMNS.iter().map(|c| c.target()).collect();
        assert_eq!(map_columns(&headers), targets);
    }
}

#[test]
fn every_label_parses_back() {
    use Stage::*;
    for lang in LANGS {
        for s in [
            InitialContact,
            NeedsConfirmed,
            Proposal,
            Negotiation,
            Won,
            Lost,
        ] {
            assert_eq!(parse_stage(stage_label(s, lang)), Ok(Some(s)));
        }
        for c in [
            Category::ReadyToBuy,
            Category::Interested,
            Category::GoodProspect,
            Category::OrdinaryProspect,
        ] {
            assert_eq!(parse_category(category_label(c, lang)), Ok(Some(c)));
        }
        for p in [Priority::High, Priority::Medium, Priority::Low] {
            assert_eq!(parse_priority(priority_label(p, lang)), Ok(Some(p)));
        }
        use FollowUpMethod as M;
        for m in [
            M::Visit,
            M::InvitedVisit,
            M::Phone,
            M::WeChat,
            M::Sms,
            M::Email,
            M::Meeting,
            M::Other,
        ] {
            assert_eq!(parse_method(method_label(m, lang)), Ok(Some(m)));
        }
    }
    assert_eq!(stage_label(Stage::InitialContact, Language::Zh), "初步接触");

    assert_eq!(method_label(FollowUpMethod::Phone, Language::Zh), "电话");
}

fn record(id: &str, fields: CustomerFields, tag_ids: &[&str]) -> Customer {
    Customer {
        id: id.into(),
        fields,
        tag_ids: tag_ids.iter().map(|s| s.to_string()).collect(),
        created_at: t(1),
        updated_at: t(1),
        deleted_at: None,
    }
}

fn sample() -> (Vec<Customer>, Vec<Tag>, Vec<FollowUp>) {
    let tags = vec![Tag {
        id: "T1".into(),
        name: "VIP".into(),
        color: "#ff0000".into(),
    }];
    let fields = CustomerFields {
        name: "=HYPERLINK(\"http://evil.example\",\"点我\")".into(),
        company: "杭州云栖科技".into(),
        phones: vec!["+86 138 0013 8000".into()],
        notes: "+1".into(),
        birthday: NaiveDate::from_ymd_opt(1985, 3, 14),
        custom_fields: vec![CustomField {
            name: "评分".into(),
            value: CustomValue::Number(-4.5),
        }],
        ..CustomerFields::default()
    };
    let c = record("C1", fields, &["T1"]);
    let f = FollowUp {
        id: "F1".into(),
        customer_id: "C1".into(),
        at: Utc.with_ymd_and_hms(2026, 11, 2, 2, 30, 15).unwrap(),
        method: FollowUpMethod::Visit,
        by: String::new(),
        topic: "@所有人".into(),
        content: "介绍方案".into(),
        feedback: String::new(),
        result: String::new(),
        next_action: String::new(),
        next_at: Some(Utc.with_ymd_and_hms(2026, 11, 9, 6, 0, 0).unwrap()),
        next_by: String::new(),
        priority: Priority::High,
        contact: String::new(),
        done: false,
        created_at: t(1),
        updated_at: t(1),
    };
    (vec![c], tags, vec![f])
}

fn read_sheet(book: &mut workbook::Workbook, name: &str) -> Vec<Vec<Cell>> {
    book.rows(name, usize::MAX).unwrap()
}

#[test]
fn xlsx_has_two_sheets_with_headers_dates_and_numbers() {
    let (customers, tags, follow_ups) = sample();
    let bytes = to_xlsx(&customers, &tags, &follow_ups, Language::Zh, &Shanghai).unwrap();
    let mut book = workbook::open(&bytes, "export.xlsx").unwrap();
    let names: Vec<String> = book.sheets().into_iter().map(|s| s.name).collect();
    assert_eq!(names, vec!["客户", "跟进记录"]);
    let rows = read_sheet(&mut book, "客户");
    assert_eq!(rows.len(), 2);
    let header: Vec<String> = rows[0].iter().map(cell_text).collect();
    let mut expected: Vec<String> = CUSTOMER_COLUMNS
        .iter()
        .map(|c| c.header(Language::Zh).into())
        .collect();
    expected.push("评分".into());
    assert_eq!(header, expected);
    let at = |name: &str| header.iter().position(|h| h == name).unwrap();
    assert!(matches!(rows[1][at("生日")], Cell::Date { .. }));
    assert_eq!(cell_text(&rows[1][at("生日")]), "1985-03-14");
    assert_eq!(
        rows[1][at("评分")],
        Cell::Number(-4.5),
        "a number is never prefixed"
    );
    assert_eq!(cell_text(&rows[1][at("标签")]), "VIP");
    assert_eq!(cell_text(&rows[1][at("阶段")]), "初步接触");
    assert_eq!(cell_text(&rows[1][at("优先级")]), "中");

    let rows = read_sheet(&mut book, "跟进记录");
    let header: Vec<String> = rows[0].iter().map(cell_text).collect();
    let at = |name: &str| header.iter().position(|h| h == name).unwrap();
    assert_eq!(
        cell_text(&rows[1][at("客脉编号")]),
        "C1",
        "the row links to its customer"
    );
    assert_eq!(cell_text(&rows[1][at("公司名称")]), "杭州云栖科技");
    assert!(matches!(rows[1][at("跟进时间")], Cell::Date { .. }));
    assert_eq!(
        cell_text(&rows[1][at("跟进时间")]),
        "2026-11-02 10:30:15",
        "Beijing time"
    );
    assert_eq!(
        cell_text(&rows[1][at("下次跟进时间")]),
        "2026-11-09 14:00:00"
    );
    assert_eq!(cell_text(&rows[1][at("跟进方式")]), "上门拜访");
    assert_eq!(cell_text(&rows[1][at("优先级")]), "高");
}

/// The widths of the first sheet's columns, by 1-based column number, from its XML.
fn column_widths(xlsx: &[u8]) -> std::collections::BTreeMap<u32, f64> {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(xlsx)).unwrap();
    let mut xml = String::new();
    zip.by_name("xl/worksheets/sheet1.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    let attr = |col: &str, name: &str| -> String {
        let at = col.find(&format!(" {name}=\"")).unwrap() + name.len() + 3;
        col[at..].split('"').next().unwrap().to_string()
    };
    xml.split("<col ")
        .skip(1)
        .flat_map(|col| {
            let col = format!(" {}", col.split("/>").next().unwrap());
            let number = |name: &str| -> u32 { attr(&col, name).parse().unwrap() };
            let width: f64 = attr(&col, "width").parse().unwrap();
            (number("min")..=number("max")).map(move |c| (c, width))
        })
        .collect()
}

#[test]
fn columns_are_as_wide_as_their_widest_cell_within_bounds() {
    let named = |name: &str, company: &str| CustomerFields {
        name: name.into(),
        company: company.into(),
        ..CustomerFields::default()
    };
    // The widest name comes third (10 CJK characters = 20); one company is longer than the cap.
    let customers = vec![
        record("C1", named("王五", "甲"), &[]),
        record("C2", named("Alexander", "乙"), &[]),
        record("C3", named("欧阳娜娜欧阳娜娜欧阳", "丙"), &[]),
        record("C4", named("Li", &"很长的公司名称".repeat(5)), &[]),
    ];
    let bytes = to_xlsx(&customers, &[], &[], Language::En, &Shanghai).unwrap();
    let widths = column_widths(&bytes);
    // rust_xlsxwriter stores a width with Excel's padding: compare the order and the caps.
    let (name, company, position) = (widths[&2], widths[&4], widths[&5]);
    let at = |chars: usize| {
        let probe = to_xlsx(
            &[record("P", named(&"x".repeat(chars), ""), &[])],
            &[],
            &[],
            Language::En,
            &Shanghai,
        )
        .unwrap();
        column_widths(&probe)[&2]
    };
    assert_eq!(name, at(20), "20 for the widest name");
    assert_eq!(company, at(50), "capped at 50");
    assert_eq!(at(60), at(50));
    assert_eq!(position, at(8), "the header 'Position' (8)");
}

/// Whether the cell at `cell` (`"B2"`) of the workbook's sheet file `sheet` (`sheet1`) is
/// marked as text with the quote-prefix format (Excel's hidden `'`).
fn quote_prefixed(bytes: &[u8], sheet: &str, cell: &str) -> bool {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut read = |name: &str| {
        let mut text = String::new();
        zip.by_name(name)
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        text
    };
    let styles = read("xl/styles.xml");
    let sheet = read(&format!("xl/worksheets/{sheet}.xml"));
    let xfs = &styles[styles.find("<cellXfs").unwrap()..styles.find("</cellXfs>").unwrap()];
    let quoted: Vec<bool> = xfs
        .split("<xf ")
        .skip(1)
        .map(|xf| xf.split('>').next().unwrap().contains("quotePrefix=\"1\""))
        .collect();
    let at = sheet
        .find(&format!("<c r=\"{cell}\""))
        .unwrap_or_else(|| panic!("no {cell} in {}", &sheet[..sheet.len().min(3000)]));
    let tag = sheet[at..].split('>').next().unwrap();
    let style = tag.split(" s=\"").nth(1).map_or(0, |v| {
        v.split('"').next().unwrap().parse::<usize>().unwrap()
    });
    quoted[style]
}

/// "A" … "Z", "AA" … for a column index (0-based).
fn column_letter(col: usize) -> String {
    let letter = |i: usize| char::from(b'A' + u8::try_from(i).unwrap());
    match col {
        0..26 => letter(col).to_string(),
        _ => format!("{}{}", letter(col / 26 - 1), letter(col % 26)),
    }
}

#[test]
fn text_cells_starting_with_a_formula_character_are_neutralised() {
    let (customers, tags, follow_ups) = sample();
    let bytes = to_xlsx(&customers, &tags, &follow_ups, Language::En, &Shanghai).unwrap();
    let mut book = workbook::open(&bytes, "export.xlsx").unwrap();
    let rows = read_sheet(&mut book, "Customers");
    let header: Vec<String> = rows[0].iter().map(cell_text).collect();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let cell = |name: &str| rows[1][col(name)].clone();
    // The workbook shows what was typed, marked as text by the quote-prefix format (no `'` in
    // the cell), so no spreadsheet reads it as a formula.
    assert_eq!(
        cell("Name"),
        Cell::Text("=HYPERLINK(\"http://evil.example\",\"点我\")".into())
    );
    assert_eq!(cell("Notes"), Cell::Text("+1".into()));
    assert_eq!(cell("Phone"), Cell::Text("+86 138 0013 8000".into()));
    for name in ["Name", "Notes", "Phone"] {
        let at = format!("{}2", column_letter(col(name)));
        assert!(quote_prefixed(&bytes, "sheet1", &at), "{name} at {at}");
    }
    let plain = format!("{}2", column_letter(col("Company")));
    assert!(
        !quote_prefixed(&bytes, "sheet1", &plain),
        "an ordinary text keeps its format"
    );
    assert_eq!(
        split_phones(&cell_text(&cell("Phone"))),
        Ok(vec!["+86 138 0013 8000".to_string()]),
        "the importer reads the guarded phone back"
    );
    let rows = read_sheet(&mut book, "Follow-ups");
    let at = rows[1]
        .iter()
        .position(|c| *c == Cell::Text("@所有人".into()))
        .unwrap();
    assert!(quote_prefixed(
        &bytes,
        "sheet2",
        &format!("{}2", column_letter(at))
    ));

    // A text file has no formats: CSV keeps the `'`.
    let csv = String::from_utf8(to_csv(&customers, &tags, Language::En)).unwrap();
    assert!(csv.contains("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"点我\"\")\""));
    assert!(csv.contains(",'+1,") || csv.contains(",'+1\r\n"));
    assert!(csv.contains(",-4.5"), "a number is never prefixed");
}

#[test]
fn csv_has_a_bom_crlf_and_decodes_as_utf8() {
    let (customers, tags, _) = sample();
    let bytes = to_csv(&customers, &tags, Language::Zh);
    assert!(bytes.starts_with(BOM));
    let decoded = text::decode(&bytes);
    assert_eq!(decoded.encoding, "UTF-8");
    assert!(decoded.had_bom);
    assert!(decoded.text.contains("杭州云栖科技"));
    let lines: Vec<&str> = decoded.text.split_terminator("\r\n").collect();
    assert_eq!(lines.len(), 2);
    assert!(lines[0]
        .trim_start_matches('\u{feff}')
        .starts_with("客脉编号,客户名称,客户性质"));
    assert!(lines[1].contains(",1985-03-14,"));
}

#[path = "export/round_trip.rs"]
mod round_trip;
