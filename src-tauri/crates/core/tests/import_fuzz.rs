//! Fuzzing the import pipeline with proptest: whatever a file holds — random bytes, damaged
//! workbooks, odd encodings, ragged grids, odd cells — every step answers with a value or an
//! error, never a panic, and keeps its invariants (bounded rows, one target per column, unique
//! custom names, consistent plan counts, planned customers that validate).
//!
//! The default case counts keep this file at about 7 s in a debug build on 2 cores (12 s of CPU;
//! it runs with every `cargo test`). `PROPTEST_CASES` overrides every property's count, for a
//! long run (about a minute in release):
//!
//! ```text
//! PROPTEST_CASES=100000 cargo test -p rapport-core --release --test import_fuzz
//! ```
//!
//! A failure is shrunk to a minimal input, which the failure message prints and proptest saves
//! in `tests/import_fuzz.proptest-regressions` (replayed first on later runs).
#![allow(clippy::unwrap_used, clippy::expect_used)]
use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Asia::Shanghai;
use encoding_rs::{BIG5, GBK};
use proptest::collection::vec;
use proptest::prelude::*;
use rapport_core::import::headers::{locate_header, map_columns, synonyms, Target};
use rapport_core::import::plan::{plan, BookIndex, PlanOptions, ProblemOutcome, Sheet};
use rapport_core::import::text::{
    decode, decode_as, delimiter_for, read_rows, rows, sniff_delimiter, DELIMITERS,
};
use rapport_core::import::values::{
    date_from_serial, detect_order, parse_amount, parse_category, parse_date, parse_method,
    parse_priority, parse_stage, parse_time, split_contacts, split_emails, split_phones,
    split_tags, time_from_serial, DateOrder, DateSystem, DateValue,
};
use rapport_core::import::workbook::{self, cell_text};
use rapport_core::model::{Customer, CustomerFields};
use rapport_core::schedule::ScheduleRules;
use rapport_core::validate;
use std::collections::HashSet;
use std::sync::OnceLock;

/// `cases` unless `PROPTEST_CASES` is set (`ProptestConfig::with_cases` would ignore it).
fn config(cases: u32) -> ProptestConfig {
    if std::env::var_os("PROPTEST_CASES").is_some() {
        ProptestConfig::default()
    } else {
        ProptestConfig::with_cases(cases)
    }
}

// ---------------------------------------------------------------------------------------------
// Strategies.

/// Common Chinese characters (CJK Unified Ideographs, all in GBK).
fn hanzi() -> impl Strategy<Value = char> {
    (0x4E00u32..=0x9FA5).prop_map(|c| char::from_u32(c).unwrap())
}

/// Frequent simplified characters, as customer sheets hold them (names, companies, notes).
fn common_hanzi() -> impl Strategy<Value = char> {
    const COMMON: &str = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理府研质信百西王张李刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏飞斌宇浩凯健俊帆帅旭宁欣佳怡思雨晨阳杭州上海北京深圳广东江苏浙江科技有限责任公司贸易集团股份制造电子商务客户跟进联系电话手机邮箱地址备注需求预算报价合同签约回款意向初步接触方案谈判成交流失优先级紧急重要";
    prop::sample::select(COMMON.chars().collect::<Vec<_>>())
}

/// Chinese text as a sheet holds it: ideographs with some ASCII, punctuation and line breaks.
fn chinese_text(max: usize) -> impl Strategy<Value = String> {
    vec(
        prop_oneof![
            6 => hanzi(),
            1 => prop::sample::select(vec![',', ';', '\t', '\n', ' ', '"', '1', 'a', 'Z', '，', '。', '、', '（', '）']),
        ],
        1..max,
    )
    .prop_map(|cs| cs.into_iter().collect())
}

/// A header cell: a known synonym (perhaps decorated as people type them), noise or empty.
fn header_cell() -> impl Strategy<Value = String> {
    let known: Vec<String> = synonyms().iter().map(|(k, _)| (*k).to_owned()).collect();
    let decorated =
        (prop::sample::select(known.clone()), 0..6usize).prop_map(|(k, how)| match how {
            0 => k.to_uppercase(),
            1 => format!(" {k} *"),
            2 => format!("{k}（元）"),
            3 => format!("{k}2"),
            4 => format!("客户{k}"),
            _ => k.chars().map(full_width).collect(),
        });
    prop_oneof![
        4 => prop::sample::select(known),
        2 => decorated,
        2 => prop::sample::select(vec![
            "", " ", "\u{3000}", "序号", "No.", "备注", "Notes", "notes", "NOTES", "日期", "2024年客户表",
            "联系人", "姓名", "电话", "a\nb", "A  B", "a b", "Ａ", "ǅ", "ǆ", "Ǆ", "K", "\u{212A}",
        ].into_iter().map(String::from).collect::<Vec<_>>()),
        2 => "\\PC{0,12}",
        1 => "[a-c ]{95,110}",
    ]
}

/// A cell value of the kinds the targets expect, some broken, some noise.
fn value_cell() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(vec![
            "", " ", "-", "无", "N/A", "张三", "李四", "王五", "杭州某某科技有限公司", "Acme Ltd",
            "13800138000", "138 0013 8000", "+86 13912345678", "010-12345678", "abc@example.cn",
            "ABC@Example.cn", "13800138000, a@b.cn", "not a phone", "2024-05-01", "2024/5/1",
            "5/1/2024", "13/1/2024", "2024年5月1日 下午2点", "2023-02-29", "1899-12-31", "2101-01-01",
            "14:30", "25:61", "45413", "¥1,200", "1.5万", "(1,200)", "1,5", "高", "中", "低",
            "urgent", "p9", "意向客户", "准客户", "成交", "已成交", "lost", "谈判", "电话", "微信",
            "visit", "飞鸽传书", "VIP, 华东", "重点客户；老客户", "=1+1", "'=cmd", "个人", "公司",
            "沟通了需求", "有兴趣", "待报价", "发送报价", "下周三", "2099-12-31 09:00",
        ].into_iter().map(String::from).collect::<Vec<_>>()),
        2 => "\\PC{0,16}",
        1 => "[0-9/.:年月日 -]{0,16}",
        1 => "[a-z@.]{0,12}",
        1 => "\\PC{250,320}",
    ]
}

/// Every target a column can have.
fn targets() -> Vec<Target> {
    let mut all: Vec<Target> = Vec::new();
    for (_, t) in synonyms() {
        if !all.contains(t) {
            all.push(t.clone());
        }
    }
    use Target::*;
    for t in [
        Kind,
        Name,
        FirstName,
        LastName,
        Company,
        Position,
        Department,
        Phones,
        Emails,
        Address,
        WechatIds,
        Industry,
        CompanySize,
        Website,
        MainBusiness,
        Source,
        FirstContactDate,
        FirstContactBy,
        Owner,
        Birthday,
        ContractExpiry,
        Notes,
        Category,
        Stage,
        LostReason,
        Priority,
        Tags,
        CoreNeed,
        Budget,
        DecisionChain,
        Deadline,
        ContactName,
        ContactTitle,
        ContactPhone,
        ContactEmail,
        FollowUpAt,
        FollowUpMethod,
        FollowUpTopic,
        FollowUpContent,
        FollowUpFeedback,
        FollowUpResult,
        NextAction,
        NextFollowUpAt,
        NextFollowUpBy,
        Ignore,
    ] {
        if !all.contains(&t) {
            all.push(t);
        }
    }
    all
}

fn target() -> impl Strategy<Value = Target> {
    prop_oneof![
        8 => prop::sample::select(targets()),
        1 => prop::sample::select(vec!["来源渠道", "Lead Status", "lead status", "x"])
            .prop_map(|n| Target::Custom(n.to_owned())),
    ]
}

/// A cell for a column of `target`: mostly the kind of value it expects (some of it broken),
/// sometimes anything.
fn cell_for(target: &Target) -> BoxedStrategy<String> {
    use Target::*;
    let pick = |values: &[&str]| {
        prop::sample::select(values.iter().map(|v| (*v).to_owned()).collect::<Vec<_>>()).boxed()
    };
    let specific = match target {
        Name | Company | ContactName | FirstName | LastName | Owner | FirstContactBy
        | NextFollowUpBy => prop_oneof![
            3 => (prop::sample::select(vec!["张", "李", "王", "陈", "Acme ", "杭州"]), 0u32..40)
                .prop_map(|(s, n)| format!("{s}{n}")),
            1 => pick(&["张三", "李四", "Acme Ltd", " 王五 ", "ＡＣＭＥ", "", "-"]),
        ]
        .boxed(),
        Phones | ContactPhone => prop_oneof![
            3 => (0u32..50).prop_map(|n| format!("1380013{n:04}")),
            1 => pick(&["13800138000", "+86 138 0013 8000", "010-12345678 转 123", "138", "a@b.cn", "13800138000；13912345678"]),
        ]
        .boxed(),
        Emails | ContactEmail => prop_oneof![
            3 => (0u32..50).prop_map(|n| format!("c{n}@example.cn")),
            1 => pick(&["abc@example.cn", "ABC@EXAMPLE.CN", "not-an-email", "a@b.cn, c@d.cn", "13800138000"]),
        ]
        .boxed(),
        FirstContactDate | Birthday | ContractExpiry | Deadline | FollowUpAt | NextFollowUpAt => {
            prop_oneof![
                3 => (2000i32..2030, 1u32..13, 1u32..29).prop_map(|(y, m, d)| format!("{y}-{m:02}-{d:02}")),
                1 => pick(&["2024/5/1 14:30", "5/1/2024", "2024年5月1日", "2023-02-29", "45413", "1899-01-01", "明天", ""]),
            ]
            .boxed()
        }
        Budget => pick(&["¥1,200", "1.5万", "150000", "(1,200)", "1,5", "三千", ""]),
        Priority => pick(&["高", "中", "低", "high", "P1", "紧急", "很高", ""]),
        Category => pick(&["意向客户", "准客户", "一般潜在客户", "interested", "别的", ""]),
        Stage => pick(&["初步接触", "需求明确", "方案报价", "谈判", "成交", "已流失", "won", "未知", ""]),
        FollowUpMethod => pick(&["电话", "微信", "上门拜访", "邮件", "email", "飞鸽传书", ""]),
        Tags => pick(&["VIP", "VIP, 华东", "重点客户；老客户", "a/b/c", ""]),
        Kind => pick(&["个人", "公司", "person", "company", "机构", ""]),
        Website => pick(&["example.cn", "https://www.example.cn", "not a site", ""]),
        FollowUpContent | FollowUpTopic | FollowUpFeedback | FollowUpResult | NextAction => {
            pick(&["沟通了需求", "有兴趣", "待报价", "发送报价", "", "-"])
        }
        _ => "[a-z客户 ]{0,8}".boxed(),
    };
    prop_oneof![12 => specific, 1 => value_cell()].boxed()
}

/// Columns (usually one of them the name or company) and rows whose cells suit their
/// columns, some rows cut short or left empty.
fn near_valid_sheet() -> impl Strategy<Value = (Vec<Target>, Vec<Vec<String>>)> {
    let named = prop_oneof![Just(Target::Name), Just(Target::Company), target()];
    (named, vec(target(), 0..6), any::<prop::sample::Index>()).prop_flat_map(|(first, more, at)| {
        let mut columns = more;
        columns.insert(at.index(columns.len() + 1), first);
        let row: Vec<BoxedStrategy<String>> = columns.iter().map(cell_for).collect();
        let rows = vec((row, 0usize..12), 0..14).prop_map(|rows| {
            rows.into_iter()
                .map(|(mut cells, keep)| {
                    if keep < 2 {
                        cells.truncate(keep);
                    }
                    cells
                })
                .collect::<Vec<_>>()
        });
        (Just(columns), rows)
    })
}

fn full_width(c: char) -> char {
    match c {
        '!'..='~' => char::from_u32(c as u32 + 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

fn order() -> impl Strategy<Value = DateOrder> {
    prop_oneof![Just(DateOrder::DayFirst), Just(DateOrder::MonthFirst)]
}

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 5, 2, 0, 0).unwrap()
}

/// A small book some generated rows match (by phone, e-mail or name + company).
fn existing_book() -> &'static BookIndex {
    static BOOK: OnceLock<(Vec<Customer>, BookIndex)> = OnceLock::new();
    &BOOK
        .get_or_init(|| {
            let make = |i: usize, name: &str, company: &str, phone: &str, email: &str| Customer {
                id: format!("01J0000000000000000000000{i}"),
                fields: CustomerFields {
                    name: name.into(),
                    company: company.into(),
                    phones: [phone]
                        .iter()
                        .filter(|p| !p.is_empty())
                        .map(|p| (*p).into())
                        .collect(),
                    emails: [email]
                        .iter()
                        .filter(|e| !e.is_empty())
                        .map(|e| (*e).into())
                        .collect(),
                    ..Default::default()
                },
                tag_ids: Vec::new(),
                created_at: now(),
                updated_at: now(),
                deleted_at: None,
            };
            let customers = vec![
                make(1, "张三", "", "13800138000", ""),
                make(2, "李四", "杭州某某科技有限公司", "", "abc@example.cn"),
                make(3, "Acme Ltd", "Acme Ltd", "", ""),
            ];
            let index = BookIndex::new(&customers);
            (customers, index)
        })
        .1
}

/// A valid xlsx with a title row, a header, Chinese rows, dates, numbers and a merged cell.
fn small_xlsx() -> &'static [u8] {
    static BYTES: OnceLock<Vec<u8>> = OnceLock::new();
    BYTES.get_or_init(|| {
        use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
        let mut book = Workbook::new();
        let date = Format::new().set_num_format("yyyy-mm-dd");
        let ws = book.add_worksheet().set_name("客户跟进记录表").unwrap();
        ws.merge_range(0, 0, 0, 4, "2024年客户跟进记录表", &Format::new())
            .unwrap();
        for (c, h) in ["客户名称", "手机", "首次接触日期", "预算", "备注"]
            .iter()
            .enumerate()
        {
            ws.write_string(1, c as u16, *h).unwrap();
        }
        for r in 0..6u32 {
            ws.write_string(2 + r, 0, format!("张{r}号客户")).unwrap();
            ws.write_number(2 + r, 1, 13_800_138_000.0 + f64::from(r))
                .unwrap();
            let d = ExcelDateTime::from_ymd(2024, 5, 1 + r as u8).unwrap();
            ws.write_datetime_with_format(2 + r, 2, d, &date).unwrap();
            ws.write_number(2 + r, 3, 1234.5 * f64::from(r)).unwrap();
            ws.write_boolean(2 + r, 4, r % 2 == 0).unwrap();
        }
        let other = book.add_worksheet().set_name("Sheet2").unwrap();
        other.write_string(0, 0, "Name").unwrap();
        other.set_hidden(true);
        book.save_to_buffer().unwrap()
    })
}

/// Opens `bytes` and, when that works, reads every sheet, its merged regions and every cell as
/// text: nothing may panic.
fn read_workbook(bytes: &[u8]) -> Result<(), TestCaseError> {
    let Ok(mut book) = workbook::open(bytes, "fuzz.xlsx") else {
        return Ok(());
    };
    let sheets = book.sheets();
    if let Some(busiest) = book.busiest_sheet() {
        prop_assert!(sheets.contains(busiest));
    }
    for info in &sheets {
        let _ = book.merged(&info.name);
        if let Ok(grid) = book.rows(&info.name, 50) {
            prop_assert!(grid.len() <= info.rows.min(50));
            for row in &grid {
                prop_assert_eq!(row.len(), info.cols);
                for cell in row {
                    let _ = cell_text(cell);
                    let _ = cell.date();
                }
            }
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Text files.

proptest! {
    #![proptest_config(config(800))]

    #[test]
    fn decode_and_read_arbitrary_bytes(bytes in vec(any::<u8>(), 0..1500), max in 0usize..40) {
        let d = decode(&bytes);
        prop_assert!(!d.encoding.is_empty());
        // The name it reports is one the override accepts back.
        prop_assert!(decode_as(&bytes, d.encoding).is_ok());
        let delimiter = sniff_delimiter(&d.text);
        prop_assert!(DELIMITERS.contains(&delimiter));
        prop_assert!(DELIMITERS.contains(&delimiter_for("x.csv", &d.text)));
        prop_assert_eq!(delimiter_for("X.TSV", &d.text), b'\t');
        check_rows(&d.text, delimiter, max)?;
    }

    #[test]
    fn bytes_with_a_bom_decode_in_that_encoding(
        bom in prop::sample::select(vec![&b"\xEF\xBB\xBF"[..], b"\xFF\xFE", b"\xFE\xFF"]),
        rest in vec(any::<u8>(), 0..300),
    ) {
        let bytes = [bom, &rest[..]].concat();
        let d = decode(&bytes);
        prop_assert!(d.had_bom);
        prop_assert!(["UTF-8", "UTF-16LE", "UTF-16BE"].contains(&d.encoding), "{}", d.encoding);
        // The BOM itself is not part of the text.
        let again = decode(&[bom, bom, &rest[..]].concat());
        prop_assert!(again.text.starts_with('\u{feff}'), "{:?}", again.text);
    }

    #[test]
    fn csv_shaped_text_reads_without_panics(
        text in "[a-c0-9,;|\t\"\r\n 客户\u{feff}]{0,300}",
        delimiter in any::<u8>(),
        max in 0usize..60,
    ) {
        let _ = sniff_delimiter(&text);
        check_rows(&text, delimiter, max)?;
    }

    #[test]
    fn gbk_text_decodes_back(text in chinese_text(80)) {
        let (bytes, _, unmappable) = GBK.encode(&text);
        prop_assert!(!unmappable);
        let d = decode(&bytes);
        let sure = d.confident && matches!(d.encoding, "gb18030" | "GBK");
        if sure {
            prop_assert_eq!(&d.text, &text);
        }
        // The override always gives it back.
        prop_assert_eq!(decode_as(&bytes, "gbk").unwrap(), text.clone());
        check_rows(&d.text, sniff_delimiter(&d.text), 100)?;
    }

    /// Long enough, GBK text of the characters sheets hold is told apart from Big5 and the
    /// legacy single-byte encodings. (Not for any ideographs: 25 random rare ones such as
    /// 归八篅厶壁彐煛嗲喵壍呈凯儿倌匕厘匕又厚唾墶进帅嘆 in GBK are guessed Big5, and `confident`.)
    #[test]
    fn long_gbk_text_is_detected(text in vec(common_hanzi(), 24..200).prop_map(|cs| cs.into_iter().collect::<String>())) {
        let (bytes, _, _) = GBK.encode(&text);
        let d = decode(&bytes);
        prop_assert_eq!(d.encoding, "gb18030");
        prop_assert!(d.confident);
        prop_assert_eq!(&d.text, &text);
    }

    #[test]
    fn big5_text_never_panics_and_decodes_back_when_detected(text in chinese_text(60)) {
        let (bytes, _, unmappable) = BIG5.encode(&text);
        let d = decode(&bytes);
        if !unmappable && d.confident && d.encoding == "Big5" {
            prop_assert_eq!(&d.text, &text);
        }
        check_rows(&d.text, sniff_delimiter(&d.text), 100)?;
    }

    #[test]
    fn utf16_with_bom_decodes_back(text in chinese_text(80), big_endian in any::<bool>()) {
        let mut bytes = if big_endian { vec![0xFE, 0xFF] } else { vec![0xFF, 0xFE] };
        for unit in text.encode_utf16() {
            bytes.extend(if big_endian { unit.to_be_bytes() } else { unit.to_le_bytes() });
        }
        let d = decode(&bytes);
        prop_assert!(d.confident && d.had_bom);
        prop_assert_eq!(d.encoding, if big_endian { "UTF-16BE" } else { "UTF-16LE" });
        prop_assert_eq!(&d.text, &text);
    }

    #[test]
    fn utf8_text_is_kept_exactly(text in "\\PC{0,200}") {
        let d = decode(text.as_bytes());
        prop_assert!(d.confident);
        prop_assert_eq!(d.text, text);
    }
}

/// Reads `text` both ways; errors are fine, panics are not, and the rows stay bounded.
fn check_rows(text: &str, delimiter: u8, max: usize) -> Result<(), TestCaseError> {
    let line_breaks = text.bytes().filter(|b| matches!(b, b'\n' | b'\r')).count();
    if let Ok(read) = read_rows(text, delimiter, max) {
        prop_assert!(read.len() <= max);
        prop_assert!(read.len() <= line_breaks + 1);
    }
    let Ok(records) = rows(text, delimiter) else {
        prop_assert!(!delimiter.is_ascii());
        return Ok(());
    };
    let mut last_line = 0;
    let mut n = 0;
    for record in records {
        n += 1;
        prop_assert!(n <= line_breaks + 1, "more records than lines");
        let Ok(record) = record else { break };
        prop_assert!(
            record.line > last_line,
            "lines go forward: {} after {}",
            record.line,
            last_line
        );
        prop_assert!(record.line as usize <= line_breaks + 1);
        prop_assert!(
            record.cells.last().is_none_or(|c| !c.is_empty()),
            "trailing empty cell kept"
        );
        last_line = record.line;
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Headers.

proptest! {
    #![proptest_config(config(800))]

    #[test]
    fn header_location_and_mapping_keep_their_invariants(
        grid in vec(vec(header_cell(), 0..10), 0..8),
        max_scan in 0usize..10,
    ) {
        if let Some(h) = locate_header(&grid, max_scan) {
            prop_assert!(h.row < grid.len() && h.row < max_scan);
            prop_assert!(h.data_start == h.row + 1 || h.data_start == h.row + 2);
            prop_assert!(h.data_start <= grid.len());
            check_mapping(&h.cells)?;
        }
        for row in &grid {
            check_mapping(row)?;
        }
    }
}

/// One target per column; no target twice unless it takes several columns; custom names
/// non-empty, at most 100 characters and unique ignoring case (what validation asks). That the
/// names are also trimmed is left to `custom_names_cut_at_a_space_stay_trimmed`, a known gap.
fn check_mapping(header: &[String]) -> Result<(), TestCaseError> {
    let columns = map_columns(header);
    prop_assert_eq!(columns.len(), header.len());
    let mut seen = HashSet::new();
    let mut names = HashSet::new();
    for (h, t) in header.iter().zip(&columns) {
        if h.trim().is_empty() {
            prop_assert_eq!(t, &Target::Ignore, "blank header {:?}", h);
        }
        match t {
            Target::Custom(name) => {
                prop_assert!(
                    !name.is_empty() && name.chars().count() <= 100,
                    "{:?}",
                    name
                );
                prop_assert!(!name.trim().is_empty(), "{:?}", name);
                prop_assert!(
                    names.insert(name.to_lowercase()),
                    "custom name twice: {:?}",
                    name
                );
            }
            t if !t.accepts_many() => {
                prop_assert!(seen.insert(t.clone()), "{:?} twice in {:?}", t, columns);
            }
            _ => {}
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Plans.

proptest! {
    #![proptest_config(config(500))]

    #[test]
    fn plans_of_arbitrary_grids_are_consistent(
        grid in vec(vec(value_cell(), 0..9), 0..12),
        columns in vec(target(), 0..9),
        header in vec("[a-z客户]{0,4}", 0..9),
        first_row in 1usize..5,
        order in order(),
        system in prop_oneof![Just(DateSystem::Excel1900), Just(DateSystem::Excel1904)],
        with_book in any::<bool>(),
    ) {
        check_plan(&grid, &columns, &header, first_row, order, system, with_book)?;
    }

    #[test]
    fn plans_of_near_valid_sheets_are_consistent(
        (columns, grid) in near_valid_sheet(),
        first_row in 1usize..5,
        order in order(),
        with_book in any::<bool>(),
    ) {
        let header: Vec<String> = columns.iter().map(|t| format!("{t:?}")).collect();
        check_plan(&grid, &columns, &header, first_row, order, DateSystem::Excel1900, with_book)?;
    }
}

/// Plans never panic and their figures agree: new + duplicates = planned customers, no
/// duplicates against an empty book, invalid rows ≤ rows, each sheet row planned at most once
/// and never both planned and invalid, and every planned customer and follow-up passes the
/// checks `commit_import` makes.
fn check_plan(
    grid: &[Vec<String>],
    columns: &[Target],
    header: &[String],
    first_row: usize,
    order: DateOrder,
    system: DateSystem,
    with_book: bool,
) -> Result<(), TestCaseError> {
    let sheet = Sheet {
        header,
        columns,
        rows: grid,
        first_row,
    };
    // Both choices for rows with problems: import without the cells at fault, or skip.
    for skip in [false, true] {
        let mut options = PlanOptions::new(order, Shanghai, now());
        options.date_system = system;
        options.skip_problem_rows = skip;
        check_one(&sheet, &options, grid, with_book)?;
    }
    Ok(())
}

fn check_one(
    sheet: &Sheet,
    options: &PlanOptions<chrono_tz::Tz>,
    grid: &[Vec<String>],
    with_book: bool,
) -> Result<(), TestCaseError> {
    let first_row = sheet.first_row;
    let empty = BookIndex::default();
    let book = if with_book { existing_book() } else { &empty };
    let p = plan(sheet, options, book);

    let c = p.counts;
    prop_assert_eq!(c.new_customers + c.duplicates, p.customers.len());
    prop_assert!(c.rows <= grid.len());
    prop_assert!(c.invalid_rows <= c.rows);
    prop_assert!(p.customers.len() <= c.rows);
    let follow_ups: usize = p.customers.iter().map(|pc| pc.follow_ups.len()).sum();
    prop_assert_eq!(c.follow_ups, follow_ups);
    if !with_book {
        prop_assert_eq!(c.duplicates, 0);
    }
    let rows = first_row..first_row + grid.len();
    let left_out =
        |e: &&rapport_core::import::plan::RowError| e.outcome == ProblemOutcome::RowLeftOut;
    let bad: HashSet<usize> = p.invalid.iter().filter(left_out).map(|e| e.row).collect();
    let partial: HashSet<usize> = p
        .invalid
        .iter()
        .filter(|e| !left_out(e))
        .map(|e| e.row)
        .collect();
    prop_assert_eq!(bad.len(), c.invalid_rows);
    prop_assert_eq!(partial.len(), c.partial_rows);
    if options.skip_problem_rows {
        prop_assert_eq!(c.partial_rows, 0);
    }
    prop_assert_eq!(p.skipped.len(), c.skipped_rows);
    prop_assert!(c.rows + c.skipped_rows <= grid.len());
    prop_assert!(bad.iter().all(|r| rows.contains(r)));
    let skipped: HashSet<usize> = p.skipped.iter().map(|s| s.row).collect();
    let mut planned_rows = HashSet::new();
    for pc in &p.customers {
        for r in &pc.rows {
            prop_assert!(rows.contains(r));
            prop_assert!(planned_rows.insert(*r), "row {} planned twice", r);
            prop_assert!(!bad.contains(r), "row {} both planned and invalid", r);
            prop_assert!(!skipped.contains(r), "row {} both planned and skipped", r);
        }
        let valid = validate::customer(pc.input.clone());
        prop_assert!(valid.is_ok(), "{:?}: {:?}", valid, pc.input);
        let owner = Customer {
            id: String::new(),
            fields: valid.unwrap().fields,
            tag_ids: Vec::new(),
            created_at: now(),
            updated_at: now(),
            deleted_at: None,
        };
        for f in &pc.follow_ups {
            let due = validate::with_default_due(
                f.clone(),
                &owner,
                "",
                &ScheduleRules::default(),
                &Shanghai,
            );
            let checked = validate::follow_up(due, &owner);
            prop_assert!(checked.is_ok(), "{:?}: {:?}", checked, f);
        }
    }
    prop_assert!(planned_rows.len() + bad.len() <= c.rows);
    prop_assert!(partial.is_subset(&planned_rows), "a partial row is planned");
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Cell values.

proptest! {
    #![proptest_config(config(2000))]

    #[test]
    fn value_parsers_never_panic(text in prop_oneof![
        "\\PC{0,24}",
        "[0-9０-９,.，¥￥$万亿千kw元()\\- ]{0,20}",
        "[0-9/.\\-:年月日号点时分秒上下午T ]{0,24}",
        "[0-9a-z@.+, ;/，；、]{0,30}",
    ], serial in any::<f64>()) {
        for order in [DateOrder::DayFirst, DateOrder::MonthFirst] {
            if let Ok(Some(d)) = parse_date(&text, order) {
                prop_assert!((1900..=2100).contains(&d.date().year()), "{:?} from {:?}", d, text);
            }
        }
        let _ = detect_order(&[text.as_str(), "13/1/2024"]);
        let _ = parse_time(&text);
        if let Ok(Some(cents)) = parse_amount(&text) {
            let _ = cents;
        }
        let _ = (parse_priority(&text), parse_category(&text), parse_stage(&text), parse_method(&text));
        for tag in split_tags(&text) {
            prop_assert!(!tag.is_empty() && tag.trim() == tag, "tag {:?} from {:?}", tag, text);
        }
        if let Ok(cell) = split_contacts(&text) {
            prop_assert!(cell.phones.iter().chain(&cell.emails).all(|e| !e.is_empty()));
            prop_assert!(cell.emails.iter().all(|e| e.contains('@')));
        }
        if let Ok(phones) = split_phones(&text) {
            prop_assert!(phones.iter().all(|p| validate::is_phone(p)), "{:?}", phones);
        }
        if let Ok(emails) = split_emails(&text) {
            prop_assert!(emails.iter().all(|e| validate::is_email(e)), "{:?}", emails);
        }
        for system in [DateSystem::Excel1900, DateSystem::Excel1904] {
            let _ = date_from_serial(serial, system);
        }
        let _ = time_from_serial(serial);
    }

    #[test]
    fn dates_round_trip(day in 0i64..73_049, order in order(), hour in 0u32..24, minute in 0u32..60) {
        // 0..73,049 days from 1900-01-01 covers 1900-01-01..=2099-12-31.
        let date = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap() + chrono::Days::new(day as u64);
        let iso = date.format("%Y-%m-%d").to_string();
        prop_assert_eq!(parse_date(&iso, order), Ok(Some(DateValue::Date(date))));
        let slashes = date.format("%Y/%-m/%-d").to_string();
        prop_assert_eq!(parse_date(&slashes, order), Ok(Some(DateValue::Date(date))));
        let chinese = date.format("%Y年%-m月%-d日").to_string();
        prop_assert_eq!(parse_date(&chinese, order), Ok(Some(DateValue::Date(date))));
        let year_last = match order {
            DateOrder::DayFirst => date.format("%d/%m/%Y"),
            DateOrder::MonthFirst => date.format("%m/%d/%Y"),
        }.to_string();
        prop_assert_eq!(parse_date(&year_last, order), Ok(Some(DateValue::Date(date))));
        let time = NaiveTime::from_hms_opt(hour, minute, 0).unwrap();
        let timed = format!("{iso} {}", time.format("%H:%M"));
        let expected = if time == NaiveTime::MIN {
            DateValue::Date(date)
        } else {
            DateValue::DateTime(date.and_time(time))
        };
        prop_assert_eq!(parse_date(&timed, order), Ok(Some(expected)));
        prop_assert_eq!(parse_time(&time.format("%H:%M").to_string()), Ok(Some(time)));
    }

    #[test]
    fn integer_amounts_round_trip(n in 0i64..=i64::MAX / 100, negative in any::<bool>(), sign in 0usize..4) {
        let grouped = group_thousands(n);
        let (text, cents) = match (negative, sign) {
            (false, 0) => (format!("¥{grouped}"), n * 100),
            (false, 1) => (format!("￥{grouped}元"), n * 100),
            (false, 2) => (format!("RMB {grouped}.00"), n * 100),
            (false, _) => (grouped.clone(), n * 100),
            (true, 0) => (format!("-¥{grouped}"), -n * 100),
            (true, _) => (format!("(¥{grouped})"), -n * 100),
        };
        prop_assert_eq!(parse_amount(&text), Ok(Some(cents)), "{}", text);
        prop_assert_eq!(parse_amount(&n.to_string()), Ok(Some(n * 100)));
    }

    #[test]
    fn choices_read_their_own_labels(pick in 0usize..4) {
        let (p, s, m) = (["高", "中", "低", "high"][pick], ["初步接触", "需求明确", "方案报价", "谈判"][pick], ["电话", "微信", "上门拜访", "email"][pick]);
        prop_assert!(matches!(parse_priority(p), Ok(Some(_))));
        prop_assert!(matches!(parse_stage(s), Ok(Some(_))));
        prop_assert!(matches!(parse_method(m), Ok(Some(_))));
        for blank in ["", "  ", "-", "无", "N/A"] {
            prop_assert_eq!(parse_priority(blank), Ok(None));
            prop_assert_eq!(parse_stage(blank), Ok(None));
            prop_assert_eq!(parse_category(blank), Ok(None));
            prop_assert_eq!(parse_method(blank), Ok(None));
        }
    }
}

/// `1234567` → `1,234,567`.
fn group_thousands(n: i64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Workbooks.

/// Found by `header_location_and_mapping_keep_their_invariants`: a header longer than 100
/// characters is cut to 100 (`headers::unique_name`); a cut ending on a space must be trimmed,
/// or validation trims it and a column named like the trimmed name makes every row invalid
/// ("duplicate custom field").
#[test]
fn custom_names_cut_at_a_space_stay_trimmed() {
    let stem = "a".repeat(99);
    let header = vec!["客户名称".to_owned(), format!("{stem} b"), stem.clone()];
    let columns = map_columns(&header);
    for t in &columns {
        if let Target::Custom(name) = t {
            assert_eq!(name.trim(), name, "custom name not trimmed");
        }
    }
    let rows = vec![vec!["张三".to_owned(), "x".to_owned(), "y".to_owned()]];
    let sheet = Sheet {
        header: &header,
        columns: &columns,
        rows: &rows,
        first_row: 2,
    };
    let options = PlanOptions::new(DateOrder::DayFirst, Shanghai, now());
    let p = plan(&sheet, &options, &BookIndex::default());
    assert!(p.invalid.is_empty(), "{:?}", p.invalid);
}

#[test]
fn the_fixture_workbook_reads() {
    let mut book = workbook::open(small_xlsx(), "fixture.xlsx").unwrap();
    let busiest = book.busiest_sheet().unwrap().name.clone();
    assert_eq!(busiest, "客户跟进记录表");
    let grid = book.rows(&busiest, 100).unwrap();
    assert_eq!(grid.len(), 8);
    assert_eq!(cell_text(&grid[2][2]), "2024-05-01");
}

proptest! {
    #![proptest_config(config(300))]

    #[test]
    fn arbitrary_bytes_are_no_workbook_or_a_readable_one(
        magic in prop::sample::select(vec![
            &b""[..], b"PK\x03\x04", b"PK\x05\x06", b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
        ]),
        rest in vec(any::<u8>(), 0..2000),
    ) {
        read_workbook(&[magic, &rest[..]].concat())?;
    }

    #[test]
    fn damaged_xlsx_never_panics(
        flips in vec((any::<prop::sample::Index>(), 1u8..=255), 0..6),
        cut in prop::option::of(any::<prop::sample::Index>()),
        splice in prop::option::of((any::<prop::sample::Index>(), vec(any::<u8>(), 1..64))),
    ) {
        let mut bytes = small_xlsx().to_vec();
        for (at, mask) in flips {
            let i = at.index(bytes.len());
            bytes[i] ^= mask;
        }
        if let Some((at, junk)) = splice {
            let i = at.index(bytes.len());
            bytes.splice(i..i, junk);
        }
        if let Some(cut) = cut {
            bytes.truncate(cut.index(bytes.len()));
        }
        read_workbook(&bytes)?;
    }
}
