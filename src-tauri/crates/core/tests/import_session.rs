//! The import session: a file's bytes → the preview the user sees → the plan, with the user's
//! choices (sheet, encoding, mapping, date order) and the mapping remembered per header.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;

use chrono::NaiveTime;
use chrono_tz::Asia::Shanghai;
use common::{customer, open_temp, t};
use rapport_core::import::headers::Target;
use rapport_core::import::plan::{DuplicatePolicy, ProblemOutcome, SkipReason};
use rapport_core::import::session::{ImportSession, ReadContext};
use rapport_core::import::values::DateOrder;
use rapport_core::model::{ImportOptions, Language};
use rapport_core::{CoreError, Store};
use rust_xlsxwriter::{Format, Workbook};

fn read(lang: Language) -> ReadContext<chrono_tz::Tz> {
    ReadContext {
        tz: Shanghai,
        now: t(20),
        reminder_time: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
        lang,
    }
}

/// A 跟进记录表: a merged title, a date line, a merged group header over a two-row header,
/// two follow-up rows of one customer, dates in two styles.
fn follow_up_sheet() -> Vec<u8> {
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let ws = wb.add_worksheet().set_name("跟进").unwrap();
    ws.merge_range(0, 0, 0, 6, "客户跟进记录表", &bold).unwrap();
    ws.write(1, 0, "制表人：王经理  日期：2024-06-01").unwrap();
    ws.merge_range(2, 0, 2, 2, "客户信息", &bold).unwrap();
    ws.merge_range(2, 3, 2, 6, "跟进情况", &bold).unwrap();
    for (c, h) in [
        "客户名称",
        "联系电话",
        "标签",
        "跟进日期",
        "跟进方式",
        "跟进内容",
        "下次跟进时间",
    ]
    .iter()
    .enumerate()
    {
        ws.write(3, c as u16, *h).unwrap();
    }
    let rows = [
        [
            "上海明达贸易",
            "13800138000",
            "VIP，华东",
            "2024/5/1",
            "电话",
            "询价",
            "5/6/2024",
        ],
        [
            "上海明达贸易",
            "13800138000",
            "",
            "2024年5月3日",
            "微信",
            "发报价单",
            "",
        ],
        [
            "杭州云起科技",
            "13900139000",
            "展会",
            "2024-05-02",
            "上门拜访",
            "演示",
            "6/7/2024",
        ],
        ["坏行", "13700137000", "", "明天下午", "电话", "?", ""],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            ws.write(4 + r as u32, c as u16, *v).unwrap();
        }
    }
    let other = wb.add_worksheet().set_name("说明").unwrap();
    other.write(0, 0, "填表说明").unwrap();
    wb.save_to_buffer().unwrap()
}

fn err_code(e: CoreError) -> &'static str {
    e.code()
}

#[test]
fn a_follow_up_sheet_previews_with_header_mapping_counts_and_errors() {
    let (_d, store) = open_temp();
    let ctx = store.import_context().unwrap();
    let mut s = ImportSession::open(follow_up_sheet(), "跟进记录表.xlsx").unwrap();
    let p = s
        .prepare(&ImportOptions::default(), &ctx, &read(Language::Zh))
        .unwrap()
        .preview;
    assert_eq!(p.format, "xlsx");
    assert_eq!(
        p.sheet.as_deref(),
        Some("跟进"),
        "the busiest sheet is preselected"
    );
    assert_eq!(p.sheets.len(), 2);
    assert_eq!(
        p.header_row, 3,
        "the group row above the header is part of it"
    );
    let targets: Vec<_> = p.columns.iter().map(|c| c.target.clone()).collect();
    assert_eq!(
        targets,
        [
            Target::Name,
            Target::Phones,
            Target::Tags,
            Target::FollowUpAt,
            Target::FollowUpMethod,
            Target::FollowUpContent,
            Target::NextFollowUpAt
        ]
    );
    assert!(
        p.columns[6].ambiguous_dates,
        "5/6/2024 and 6/7/2024 fit both orders"
    );
    assert!(p.date_order_ambiguous);
    assert_eq!(p.counts.rows, 4);
    assert_eq!(
        p.counts.new_customers, 3,
        "two rows of 上海明达贸易 are one customer; 坏行 comes without its date"
    );
    assert_eq!(p.counts.follow_ups, 4);
    assert_eq!(p.counts.invalid_rows, 0);
    assert_eq!(p.counts.partial_rows, 1);
    assert_eq!(p.errors[0].row, 8);
    assert_eq!(p.errors[0].column.as_deref(), Some("跟进日期"));
    assert_eq!(p.errors[0].value.as_deref(), Some("明天下午"));
    assert_eq!(p.errors[0].outcome, ProblemOutcome::FollowUpDatedAtImport);
    assert_eq!(p.errors[0].message, "“明天下午”不是有效的日期");
    assert!(!p.skip_problem_rows);
    assert_eq!(p.customers[0].tags, ["VIP", "华东"]);
    assert_eq!(p.customers[0].follow_ups, 2);
}

#[test]
fn the_date_order_choice_applies_to_the_whole_column() {
    let (_d, store) = open_temp();
    let ctx = store.import_context().unwrap();
    let mut s = ImportSession::open(follow_up_sheet(), "f.xlsx").unwrap();
    let mut due = |order| {
        let o = ImportOptions {
            date_order: Some(order),
            ..Default::default()
        };
        let p = s.prepare(&o, &ctx, &read(Language::En)).unwrap().preview;
        assert_eq!(p.date_order, order);
        p.customers[0].next_follow_up_at.unwrap()
    };
    // 5/6/2024 09:00 Shanghai.
    assert_eq!(
        due(DateOrder::MonthFirst).to_rfc3339(),
        "2024-05-06T01:00:00+00:00"
    );
    assert_eq!(
        due(DateOrder::DayFirst).to_rfc3339(),
        "2024-06-05T01:00:00+00:00"
    );
}

#[test]
fn an_edited_mapping_is_used_and_remembered_for_the_same_headers() {
    let (_d, store) = open_temp();
    let ctx = store.import_context().unwrap();
    let mut s = ImportSession::open(follow_up_sheet(), "f.xlsx").unwrap();
    let first = s
        .prepare(&ImportOptions::default(), &ctx, &read(Language::En))
        .unwrap();
    let mut columns: Vec<Target> = first
        .preview
        .columns
        .iter()
        .map(|c| c.target.clone())
        .collect();
    columns[2] = Target::Ignore;
    let chosen = ImportOptions {
        columns: Some(columns.clone()),
        ..Default::default()
    };
    let edited = s.prepare(&chosen, &ctx, &read(Language::En)).unwrap();
    assert!(
        edited.preview.customers[0].tags.is_empty(),
        "the tag column is ignored"
    );
    assert!(!edited.preview.mapping_remembered);
    store
        .remember_mapping(&edited.signature, &edited.mapping)
        .unwrap();

    let ctx = store.import_context().unwrap();
    let mut again = ImportSession::open(follow_up_sheet(), "next-month.xlsx").unwrap();
    let p = again
        .prepare(&ImportOptions::default(), &ctx, &read(Language::En))
        .unwrap()
        .preview;
    assert!(p.mapping_remembered);
    assert_eq!(p.columns[2].target, Target::Ignore);
}

#[test]
fn duplicates_of_the_book_are_counted_and_named() {
    let (_d, store) = open_temp();
    let mut c = customer("杭州云起", &[]);
    c.fields.phones = vec!["139 0013 9000".into()];
    let existing = store.create_customer(c, t(1)).unwrap();
    let ctx = store.import_context().unwrap();
    let mut s = ImportSession::open(follow_up_sheet(), "f.xlsx").unwrap();
    let prepared = s
        .prepare(&ImportOptions::default(), &ctx, &read(Language::Zh))
        .unwrap();
    let p = &prepared.preview;
    assert_eq!((p.counts.new_customers, p.counts.duplicates), (2, 1));
    let dup = p
        .customers
        .iter()
        .find(|c| c.duplicate_of.is_some())
        .unwrap();
    assert_eq!(dup.duplicate_of.as_deref(), Some(existing.id.as_str()));
    assert_eq!(dup.duplicate_name.as_deref(), Some("杭州云起"));

    let record = store
        .commit_import(
            &prepared.plan,
            DuplicatePolicy::Merge,
            "f.xlsx",
            t(20),
            &Shanghai,
        )
        .unwrap();
    assert_eq!((record.customers_added, record.customers_merged), (2, 1));
}

#[test]
fn skipping_rows_with_problems_is_a_choice_remembered_with_the_mapping() {
    let (_d, store) = open_temp();
    let ctx = store.import_context().unwrap();
    let mut s = ImportSession::open(follow_up_sheet(), "f.xlsx").unwrap();
    let skip = ImportOptions {
        skip_problem_rows: Some(true),
        ..Default::default()
    };
    let prepared = s.prepare(&skip, &ctx, &read(Language::En)).unwrap();
    let p = &prepared.preview;
    assert!(p.skip_problem_rows);
    assert_eq!((p.counts.new_customers, p.counts.invalid_rows), (2, 1));
    assert_eq!(p.errors[0].outcome, ProblemOutcome::RowLeftOut);
    assert_eq!(p.errors[0].message, "“明天下午”: not a date");
    store
        .remember_mapping(&prepared.signature, &prepared.mapping)
        .unwrap();

    let ctx = store.import_context().unwrap();
    let mut again = ImportSession::open(follow_up_sheet(), "next.xlsx").unwrap();
    let p = again
        .prepare(&ImportOptions::default(), &ctx, &read(Language::En))
        .unwrap()
        .preview;
    assert!(p.mapping_remembered);
    assert!(
        p.skip_problem_rows,
        "the choice comes back with the mapping"
    );
    let unchosen = ImportOptions {
        skip_problem_rows: Some(false),
        ..Default::default()
    };
    let p = again.prepare(&unchosen, &ctx, &read(Language::En)).unwrap();
    assert_eq!(p.preview.counts.partial_rows, 1);
}

#[test]
fn a_preview_lists_skipped_rows_and_assumed_years() {
    let csv = "客户名称,客户类型,联系电话,跟进日期,跟进内容\n\
               杭州云栖科技,企业客户,13800138000,2024-05-06,电话沟通\n\
               张三,个人客户,13900139000,5月8日,上门拜访\n\
               合计,,,,\n\
               制表人：李娜,,,,\n";
    let (_d, store) = open_temp();
    let ctx = store.import_context().unwrap();
    let mut s = ImportSession::open(csv.as_bytes().to_vec(), "记录.csv").unwrap();
    let p = s
        .prepare(&ImportOptions::default(), &ctx, &read(Language::Zh))
        .unwrap()
        .preview;
    assert_eq!(p.columns[1].target, Target::Kind, "its values are kinds");
    assert_eq!(p.counts.rows, 2);
    assert_eq!(p.counts.skipped_rows, 2);
    let skipped: Vec<(u32, SkipReason, &str)> = p
        .skipped
        .iter()
        .map(|s| (s.row, s.reason, s.label.as_str()))
        .collect();
    assert_eq!(
        skipped,
        vec![
            (4, SkipReason::Totals, "合计"),
            (5, SkipReason::Footer, "制表人：李娜")
        ]
    );
    assert_eq!(p.assumptions.len(), 1);
    assert_eq!(p.assumptions[0].column, "跟进日期");
    assert_eq!(p.assumptions[0].year, 2024);
    assert!(
        p.assumptions[0].message.contains("按 2024 年读取"),
        "{}",
        p.assumptions[0].message
    );
    assert!(p.errors.is_empty(), "{:?}", p.errors);
}

#[test]
fn text_files_are_decoded_sniffed_and_the_encoding_can_be_overridden() {
    let (_d, store) = open_temp();
    let ctx = store.import_context().unwrap();
    let csv =
        "客户名称;手机;邮箱\r\n北京华信;13800000001;a@hx.cn\r\n深圳远航;13800000002;b@yh.cn\r\n";
    let (gbk, _, _) = encoding_rs::GBK.encode(csv);
    let mut s = ImportSession::open(gbk.into_owned(), "客户.csv").unwrap();
    let p = s
        .prepare(&ImportOptions::default(), &ctx, &read(Language::Zh))
        .unwrap()
        .preview;
    assert_eq!(p.format, "csv");
    assert_eq!(p.encoding.as_deref(), Some("gb18030"));
    assert_eq!(p.counts.new_customers, 2);
    assert_eq!(p.customers[1].name, "深圳远航");

    let as_big5 = ImportOptions {
        encoding: Some("big5".into()),
        ..Default::default()
    };
    let p = s
        .prepare(&as_big5, &ctx, &read(Language::Zh))
        .unwrap()
        .preview;
    assert_eq!(p.encoding.as_deref(), Some("big5"));
    assert_ne!(
        p.columns[0].header, "客户名称",
        "read as Big5 the header is mojibake"
    );
}

#[test]
fn a_csv_named_xlsx_is_read_as_text() {
    let (_d, store) = open_temp();
    let ctx = store.import_context().unwrap();
    let bytes = b"Name,Email\nAda,ada@example.com\n".to_vec();
    let mut s = ImportSession::open(bytes, "customers.xlsx").unwrap();
    let p = s
        .prepare(&ImportOptions::default(), &ctx, &read(Language::En))
        .unwrap()
        .preview;
    assert_eq!((p.format.as_str(), p.counts.new_customers), ("csv", 1));
}

#[test]
fn unusable_files_get_a_clear_error_in_both_languages() {
    let garbage: Vec<u8> = (0..4096u32).map(|i| (i * 7919 % 251) as u8).collect();
    let mut truncated = follow_up_sheet();
    truncated.truncate(truncated.len() / 2);
    for (bytes, code) in [
        (Vec::new(), "emptyFile"),
        (garbage, "notASpreadsheet"),
        (truncated, "unreadableWorkbook"),
    ] {
        let e = ImportSession::open(bytes, "x.xlsx").err().expect("refused");
        let zh = rapport_core::i18n::message(&e, Language::Zh);
        let en = rapport_core::i18n::message(&e, Language::En);
        assert_eq!(err_code(e), code);
        assert!(!zh.is_empty() && !en.is_empty() && zh != en);
    }
}

#[test]
fn a_header_only_file_previews_nothing_to_import() {
    let (_d, store) = open_temp();
    let ctx = store.import_context().unwrap();
    let mut s = ImportSession::open(b"Name,Email\n".to_vec(), "h.csv").unwrap();
    let p = s.prepare(&ImportOptions::default(), &ctx, &read(Language::En));
    let p = p.unwrap();
    assert_eq!(p.preview.counts.rows, 0);
    assert!(p.plan.customers.is_empty());
    let _: &Store = &store;
}

#[test]
fn a_vcard_file_previews_its_contacts_as_customers() {
    let (_d, store) = open_temp();
    let ctx = store.import_context().unwrap();
    let vcf = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:王芳\r\nORG:上海明达贸易\r\nTEL;TYPE=CELL:13800138000\r\nEMAIL:wang@md.cn\r\nEND:VCARD\r\nBEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ada Lovelace\r\nEMAIL:ada@example.com\r\nEND:VCARD\r\n";
    let mut s = ImportSession::open(vcf.as_bytes().to_vec(), "通讯录.vcf").unwrap();
    let p = s
        .prepare(&ImportOptions::default(), &ctx, &read(Language::Zh))
        .unwrap()
        .preview;
    assert_eq!(p.format, "vcf");
    assert_eq!(p.counts.new_customers, 2);
    assert_eq!(p.customers[0].name, "王芳");
    assert_eq!(p.customers[0].company, "上海明达贸易");
    assert_eq!(p.customers[0].phones, ["13800138000"]);
    assert_eq!(p.customers[1].emails, ["ada@example.com"]);
}
