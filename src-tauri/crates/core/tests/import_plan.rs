#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The import plan: a hand-made 客户跟进记录表 and a HubSpot-style export turned into the
//! customers and follow-ups they hold, duplicates within the sheet and against the book,
//! invalid rows with their messages in both languages, merging, and random cells never
//! panicking.
use chrono::{DateTime, TimeZone, Utc};
use chrono_tz::Asia::Shanghai;
use proptest::prelude::*;
use rapport_core::error::Invalid;
use rapport_core::import::headers::{map_columns, Target};
use rapport_core::import::plan::{
    errors_csv, match_keys, merge_into, plan, BookIndex, DuplicatePolicy, ExistingBook, MatchKey,
    Plan, PlanCounts, PlanOptions, ProblemOutcome, RowError, RowProblem, Sheet,
};
use rapport_core::import::values::{DateOrder, ValueError};
use rapport_core::model::{
    Category, Contact, Customer, CustomerFields, CustomerInput, Language, Priority, Stage,
};
use rapport_core::validate;

fn row(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|c| c.to_string()).collect()
}

fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap()
}

fn options() -> PlanOptions<chrono_tz::Tz> {
    PlanOptions::new(DateOrder::DayFirst, Shanghai, utc(2024, 6, 1, 2, 0))
}

fn existing(id: &str, name: &str, company: &str, phones: &[&str]) -> Customer {
    Customer {
        id: id.into(),
        fields: CustomerFields {
            name: name.into(),
            company: company.into(),
            phones: phones.iter().map(|p| p.to_string()).collect(),
            ..CustomerFields::default()
        },
        tag_ids: vec![],
        created_at: utc(2024, 1, 1, 0, 0),
        updated_at: utc(2024, 1, 1, 0, 0),
        deleted_at: None,
    }
}

const HEADER: [&str; 12] = [
    "序号",
    "客户名称",
    "联系人",
    "联系电话",
    "客户类别",
    "优先级",
    "标签",
    "跟进时间",
    "跟进方式",
    "跟进内容",
    "下次跟进时间",
    "跟进人",
];

/// Header on sheet row 2, data from row 3.
#[rustfmt::skip]
fn follow_up_sheet() -> Vec<Vec<String>> {
    vec![
        row(&["1", "杭州云栖科技有限公司", "张伟", "138 0013 8000", "意向客户", "中", "VIP，华东",
              "2024/5/1", "电话", "介绍方案", "2024-05-08", "李娜"]),
        row(&["2", "杭州云栖科技有限公司", "张伟", "13800138000", "准客户", "高", "华东、重点",
              "2024-05-08 14:30", "上门拜访", "演示产品", "", "李娜"]),
        row(&["3", "杭州云栖科技", "", "+86 138-0013-8000", "", "", "",
              "2024年5月10日", "微信", "发送报价", "2024/5/20", ""]),
        row(&["4", "", "", "", "", "-", "", "", "", "", "", ""]),
        row(&["5", "上海华信商贸有限公司", "王芳", "13912345678", "准客户", "高", "",
              "2024/5/2", "电话", "报价", "下周二", "陈强"]),
        row(&["6", "北京博远咨询", "赵磊", "021-6234 5678", "", "低", "",
              "2024/5/3", "邮件", "发资料", "", "陈强"]),
        row(&["7", "ＡＢＣ　 Trading", "", "", "", "", "外贸", "", "", "", "", ""]),
    ]
}

fn book() -> BookIndex {
    BookIndex::new(&[
        existing("01BOOKPHONE", "博远", "", &["(021) 6234-5678"]),
        existing("01BOOKNAME", "abc trading", "", &[]),
        existing("01UNRELATED", "杭州云栖", "", &["13900000000"]),
    ])
}

fn plan_sheet(rows: &[Vec<String>], book: &dyn ExistingBook) -> Plan {
    let header = row(&HEADER);
    let columns = map_columns(&header);
    let sheet = Sheet {
        header: &header,
        columns: &columns,
        rows,
        first_row: 3,
    };
    plan(&sheet, &options(), book)
}

#[test]
fn the_chinese_headers_map_to_the_expected_targets() {
    use Target::*;
    assert_eq!(
        map_columns(&row(&HEADER)),
        vec![
            Ignore,
            Name,
            ContactName,
            Phones,
            Category,
            Priority,
            Tags,
            FollowUpAt,
            FollowUpMethod,
            FollowUpContent,
            NextFollowUpAt,
            FollowUpBy
        ]
    );
}

#[test]
fn rows_of_one_customer_become_one_customer_with_three_follow_ups() {
    let plan = plan_sheet(&follow_up_sheet(), &book());
    let first = &plan.customers[0];
    assert_eq!(first.rows, vec![3, 4, 5]);
    assert_eq!(first.duplicate_of, None);
    let f = &first.input.fields;
    assert_eq!(f.name, "杭州云栖科技有限公司");
    assert_eq!(f.phones, vec!["138 0013 8000"]);
    assert_eq!(
        f.category,
        Some(Category::Interested),
        "the first row's value stays"
    );
    assert_eq!(
        f.priority,
        Priority::High,
        "中 is the default, so 高 fills it"
    );
    assert_eq!(f.owner, "李娜");
    assert_eq!(f.contacts.len(), 1);
    assert_eq!(f.contacts[0].name, "张伟");
    assert_eq!(first.input.tags, vec!["VIP", "华东", "重点"]);

    let fu = &first.follow_ups;
    assert_eq!(fu.len(), 3);
    // Shanghai is UTC+8: a date alone is local midnight, a next date alone 09:00 local.
    assert_eq!(fu[0].at, utc(2024, 4, 30, 16, 0));
    assert_eq!(fu[0].method, "phone");
    assert_eq!(fu[0].content, "介绍方案");
    assert_eq!(fu[0].next_at, Some(utc(2024, 5, 8, 1, 0)));
    assert!(!fu[0].done);
    assert_eq!(fu[0].priority, "medium");
    assert_eq!(fu[1].at, utc(2024, 5, 8, 6, 30));
    assert_eq!(fu[1].method, "visit");
    assert!(fu[1].done, "no next time means done");
    assert_eq!(fu[1].priority, "high");
    assert_eq!(fu[2].at, utc(2024, 5, 9, 16, 0));
    assert_eq!(fu[2].method, "weChat");
    assert_eq!(fu[2].next_at, Some(utc(2024, 5, 20, 1, 0)));
}

#[test]
fn counts_are_exact() {
    let plan = plan_sheet(&follow_up_sheet(), &book());
    assert_eq!(
        plan.counts,
        PlanCounts {
            rows: 6,
            new_customers: 2,
            duplicates: 2,
            invalid_rows: 0,
            partial_rows: 1,
            skipped_rows: 0,
            follow_ups: 5,
            ..PlanCounts::default()
        }
    );
    assert_eq!(plan.customers.len(), 4);
    assert_eq!(plan.preview(2).len(), 2);
    assert_eq!(plan.preview(10).len(), 4);
    assert_eq!(plan.preview(1)[0].rows, vec![3, 4, 5]);
}

#[test]
fn a_bad_date_names_row_column_and_value_in_both_languages() {
    let plan = plan_sheet(&follow_up_sheet(), &book());
    assert_eq!(
        plan.invalid,
        vec![RowError {
            row: 7,
            column: Some("下次跟进时间".into()),
            value: Some("下周二".into()),
            reason: RowProblem::Value(ValueError::NotADate),
            outcome: ProblemOutcome::FollowUpDueByPriority,
        }]
    );
    let e = &plan.invalid[0];
    assert_eq!(
        e.message(Language::Zh),
        "第 7 行，“下次跟进时间”：“下周二”不是有效的日期（已导入，下次跟进按优先级排期）"
    );
    assert_eq!(
        e.message(Language::En),
        "Row 7, “下次跟进时间”: “下周二”: not a date (imported, the next follow-up scheduled by priority)"
    );
    let huaxin = plan.customers.iter().find(|c| c.rows == vec![7]).unwrap();
    assert_eq!(huaxin.input.fields.name, "上海华信商贸有限公司");
    assert!(!huaxin.follow_ups[0].done, "a next step was meant");
}

#[test]
fn a_phone_written_differently_finds_the_book_customer() {
    let plan = plan_sheet(&follow_up_sheet(), &book());
    let boyuan = plan.customers.iter().find(|c| c.rows == vec![8]).unwrap();
    assert_eq!(boyuan.duplicate_of.as_deref(), Some("01BOOKPHONE"));
    assert_eq!(boyuan.follow_ups.len(), 1);
    assert_eq!(boyuan.follow_ups[0].method, "email");
}

#[test]
fn name_matching_ignores_case_width_and_white_space() {
    let plan = plan_sheet(&follow_up_sheet(), &book());
    let abc = plan.customers.iter().find(|c| c.rows == vec![9]).unwrap();
    assert_eq!(abc.duplicate_of.as_deref(), Some("01BOOKNAME"));
    assert!(
        abc.follow_ups.is_empty(),
        "a row without follow-up cells has none"
    );
    let keys = match_keys(&abc.input.fields);
    assert_eq!(
        keys,
        vec![MatchKey::NameCompany("abc trading\u{1f}".into())]
    );
}

#[test]
fn a_later_row_of_a_customer_can_bring_the_key_that_finds_the_book_customer() {
    // 华信's first row has no phone; its second row (same name) has the book customer's.
    #[rustfmt::skip]
    let rows = vec![
        row(&["1", "上海华信商贸有限公司", "王芳", "", "", "", "", "", "", "", "", ""]),
        row(&["2", "上海华信商贸有限公司", "王芳", "139 1234 5678", "", "", "", "", "", "", "", ""]),
    ];
    let lookup = |k: &MatchKey| (*k == MatchKey::Phone("13912345678".into())).then(|| "01C".into());
    let plan = plan_sheet(&rows, &lookup);
    assert_eq!(plan.customers.len(), 1);
    assert_eq!(plan.customers[0].rows, vec![3, 4]);
    assert_eq!(plan.customers[0].duplicate_of.as_deref(), Some("01C"));
    assert_eq!(plan.counts.duplicates, 1);
}

#[test]
fn name_plus_company_must_both_match() {
    let mut c = existing("01X", "张伟", "云栖科技", &[]);
    let index = BookIndex::new(std::slice::from_ref(&c));
    let probe = |name: &str, company: &str| {
        let fields = CustomerFields {
            name: name.into(),
            company: company.into(),
            ..CustomerFields::default()
        };
        match_keys(&fields).iter().find_map(|k| index.find(k))
    };
    assert_eq!(probe(" 张伟 ", "云栖科技"), Some("01X".into()));
    assert_eq!(probe("张伟", "别的公司"), None);
    c.deleted_at = Some(utc(2024, 2, 1, 0, 0));
    let trashed = BookIndex::new(std::slice::from_ref(&c));
    assert_eq!(
        match_keys(&c.fields).iter().find_map(|k| trashed.find(k)),
        None
    );
}

#[test]
fn a_closure_can_answer_for_the_book() {
    let lookup = |k: &MatchKey| (*k == MatchKey::Phone("13912345678".into())).then(|| "01C".into());
    let mut rows = follow_up_sheet();
    rows[4][10] = String::new(); // fix the bad date: row 7 is now valid
    let plan = plan_sheet(&rows, &lookup);
    let huaxin = plan.customers.iter().find(|c| c.rows == vec![7]).unwrap();
    assert_eq!(huaxin.duplicate_of.as_deref(), Some("01C"));
    assert_eq!(plan.counts.invalid_rows, 0);
    assert_eq!(plan.counts.duplicates, 1);
}

#[test]
fn a_follow_up_row_under_merged_customer_cells_joins_the_customer_above() {
    let rows = vec![
        row(&[
            "1",
            "杭州云栖",
            "",
            "13800138000",
            "",
            "",
            "",
            "2024/5/1",
            "电话",
            "首次沟通",
            "",
            "",
        ]),
        row(&[
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "2024/5/9",
            "会议",
            "二次沟通",
            "",
            "",
        ]),
    ];
    let plan = plan_sheet(&rows, &BookIndex::default());
    assert_eq!(plan.customers.len(), 1);
    assert_eq!(plan.customers[0].rows, vec![3, 4]);
    let methods: Vec<&str> = plan.customers[0]
        .follow_ups
        .iter()
        .map(|f| f.method.as_str())
        .collect();
    assert_eq!(methods, vec!["phone", "meeting"]);
}

#[test]
fn validation_errors_name_the_column_or_the_field() {
    let header = row(&["客户名称", "网站", "阶段", "跟进主题", "跟进内容"]);
    let columns = map_columns(&header);
    let rows = vec![
        row(&["甲公司", "not a site", "", "", ""]),
        row(&["乙公司", "", "流失", "", ""]),
        row(&["", "", "", "", ""]),
        row(&["丙公司", "", "", "回访", ""]),
    ];
    let sheet = Sheet {
        header: &header,
        columns: &columns,
        rows: &rows,
        first_row: 2,
    };
    let plan = plan(&sheet, &options(), &BookIndex::default());
    let zh: Vec<String> = plan
        .invalid
        .iter()
        .map(|e| e.message(Language::Zh))
        .collect();
    let en: Vec<String> = plan
        .invalid
        .iter()
        .map(|e| e.message(Language::En))
        .collect();
    assert_eq!(
        zh,
        vec![
            "第 2 行，“网站”：“not a site”不是有效的网址（已导入，此格留空）",
            "第 3 行，“阶段”：阶段为“流失”时须有流失原因，表中没有流失原因列（已导入，此格留空）",
            "第 5 行，“跟进内容”：已完成的跟进必须填写（客户已导入，此跟进记录未导入）",
        ]
    );
    assert_eq!(
        en[1],
        "Row 3, “阶段”: “流失”: Lost needs a reason for loss, and the sheet has no such column \
         (imported, this cell left empty)"
    );
    assert_eq!(
        plan.invalid[2].reason,
        RowProblem::Invalid {
            field: "content".into(),
            reason: Invalid::RequiredWhenDone
        }
    );
    assert_eq!(plan.counts.rows, 3, "the empty row is skipped silently");
    assert_eq!(plan.counts.invalid_rows, 0);
    assert_eq!(plan.counts.partial_rows, 3);
    let f = |i: usize| &plan.customers[i].input.fields;
    assert_eq!(f(0).website, "", "the bad cell is left empty");
    assert_eq!(
        f(1).stage,
        Stage::InitialContact,
        "流失 without a reason is left out"
    );
    assert!(plan.customers[2].follow_ups.is_empty());

    // The other choice: every row with a problem is left out, as before.
    let mut skip = options();
    skip.skip_problem_rows = true;
    let plan = rapport_core::import::plan::plan(&sheet, &skip, &BookIndex::default());
    assert!(plan.customers.is_empty());
    assert_eq!(plan.counts.invalid_rows, 3);
    assert!(plan
        .invalid
        .iter()
        .all(|e| e.outcome == ProblemOutcome::RowLeftOut));
    assert_eq!(
        plan.invalid[1].message(Language::Zh),
        "第 3 行，“阶段”：阶段为“流失”时须有流失原因，表中没有流失原因列（整行未导入）"
    );
}

#[test]
fn a_hubspot_export_maps_and_joins_names() {
    let header = row(&[
        "First Name",
        "Last Name",
        "Company Name",
        "Email",
        "Lifecycle Stage",
        "Contact owner",
    ]);
    let columns = map_columns(&header);
    assert_eq!(
        columns,
        vec![
            Target::FirstName,
            Target::LastName,
            Target::Company,
            Target::Emails,
            Target::Stage,
            Target::Owner
        ]
    );
    let rows = vec![
        row(&[
            "Jane",
            "Doe",
            "Acme Inc.",
            "jane@acme.com",
            "Closed Won",
            "Sam Lee",
        ]),
        row(&["", "Smith", "", "bob@smith.io", "", ""]),
        row(&["伟", "张", "云栖", "", "Qualified To Buy", ""]),
        row(&["Janet", "Doe", "", "JANE@ACME.COM", "", "Kim"]),
    ];
    let sheet = Sheet {
        header: &header,
        columns: &columns,
        rows: &rows,
        first_row: 2,
    };
    let plan = plan(&sheet, &options(), &BookIndex::default());
    let names: Vec<&str> = plan
        .customers
        .iter()
        .map(|c| c.input.fields.name.as_str())
        .collect();
    assert_eq!(names, vec!["Jane Doe", "Smith", "张伟"]);
    let jane = &plan.customers[0];
    assert_eq!(
        jane.rows,
        vec![2, 5],
        "the same e-mail in another case is the same customer"
    );
    assert_eq!(jane.input.fields.company, "Acme Inc.");
    assert_eq!(jane.input.fields.stage, Stage::Won);
    assert_eq!(jane.input.fields.owner, "Sam Lee");
    assert_eq!(jane.input.fields.emails, vec!["jane@acme.com"]);
    assert_eq!(plan.customers[2].input.fields.stage, Stage::NeedsConfirmed);
    assert_eq!(plan.counts.new_customers, 3);
    assert_eq!(plan.counts.follow_ups, 0);
}

#[test]
fn merge_into_fills_only_empty_fields_and_unites_lists() {
    let mut book = existing("01A", "云栖科技", "", &["138 0013 8000"]);
    book.fields.owner = "李娜".into();
    book.fields.stage = Stage::Proposal;
    let mut planned = CustomerInput::default();
    let p = &mut planned.fields;
    p.name = "云栖科技有限公司".into();
    p.company = "杭州云栖科技有限公司".into();
    p.owner = "陈强".into();
    p.industry = "软件".into();
    p.stage = Stage::Won;
    p.category = Some(Category::ReadyToBuy);
    p.phones = vec!["+86 13800138000".into(), "021-6234 5678".into()];
    p.emails = vec!["info@yunqi.cn".into()];
    p.contacts = vec![Contact {
        name: "张伟".into(),
        ..Contact::default()
    }];
    planned.tags = vec!["vip".into(), "华东".into()];

    let merged = merge_into(&book, &["VIP".into()], &planned);
    let m = &merged.fields;
    assert_eq!(m.name, "云栖科技", "filled fields are kept");
    assert_eq!(m.owner, "李娜");
    assert_eq!(m.stage, Stage::Proposal);
    assert_eq!(m.company, "杭州云栖科技有限公司", "empty fields are filled");
    assert_eq!(m.industry, "软件");
    assert_eq!(m.category, Some(Category::ReadyToBuy));
    assert_eq!(m.phones, vec!["138 0013 8000", "021-6234 5678"]);
    assert_eq!(m.emails, vec!["info@yunqi.cn"]);
    assert_eq!(m.contacts.len(), 1);
    assert_eq!(merged.tags, vec!["VIP", "华东"]);
    assert_eq!(DuplicatePolicy::default(), DuplicatePolicy::Skip);
}

#[test]
fn errors_csv_lists_row_column_value_reason_and_outcome() {
    let errors = vec![
        RowError {
            row: 7,
            column: Some("下次跟进时间".into()),
            value: Some("2024/13/01".into()),
            reason: RowProblem::Value(ValueError::NoSuchDate),
            outcome: ProblemOutcome::FollowUpDueByPriority,
        },
        RowError {
            row: 9,
            column: Some("=电话, 手机".into()),
            value: Some("abc".into()),
            reason: RowProblem::Value(ValueError::NotAPhone {
                entry: "abc".into(),
            }),
            outcome: ProblemOutcome::CellLeftEmpty,
        },
        RowError {
            row: 12,
            column: None,
            value: None,
            reason: RowProblem::Invalid {
                field: "name".into(),
                reason: Invalid::Required,
            },
            outcome: ProblemOutcome::RowLeftOut,
        },
    ];
    assert_eq!(
        errors_csv(&errors, Language::Zh),
        "\u{feff}行号,列,值,原因,处理\r\n\
         7,下次跟进时间,2024/13/01,没有这一天,已导入，下次跟进按优先级排期\r\n\
         9,\"'=电话, 手机\",abc,“abc”不是有效的电话号码,已导入，此格留空\r\n\
         12,,,名称：不能为空,整行未导入\r\n"
    );
    assert_eq!(
        errors_csv(&errors[..1], Language::En),
        "\u{feff}Row,Column,Value,Reason,Outcome\r\n\
         7,下次跟进时间,2024/13/01,no such day,imported, the next follow-up scheduled by priority\r\n"
            .replace("imported, the", "\"imported, the")
            .replace("priority\r", "priority\"\r")
    );
}

/// Every trigger of OWASP's CSV-injection list (= + - @ tab CR) is guarded in the error file,
/// in the column, the value and the reason that quotes it, as the exports guard them.
#[test]
fn errors_csv_guards_all_six_formula_triggers() {
    assert_eq!(
        rapport_core::export::FORMULA_TRIGGERS,
        ['=', '+', '-', '@', '\t', '\r']
    );
    for trigger in rapport_core::export::FORMULA_TRIGGERS {
        let hostile = format!("{trigger}cmd|' /C calc'!A0");
        let error = RowError {
            row: 3,
            column: Some(hostile.clone()),
            value: Some(hostile.clone()),
            reason: RowProblem::Value(ValueError::NotAPhone {
                entry: hostile.clone(),
            }),
            outcome: ProblemOutcome::CellLeftEmpty,
        };
        let csv = errors_csv(&[error], Language::En);
        let line = csv
            .split_once("\r\n")
            .map(|(_, rest)| rest)
            .unwrap_or_default();
        let cells = split_csv_line(line);
        assert_eq!(
            cells[1],
            format!("'{hostile}"),
            "column, trigger {trigger:?}"
        );
        assert_eq!(
            cells[2],
            format!("'{hostile}"),
            "value, trigger {trigger:?}"
        );
        for cell in &cells {
            assert!(
                !cell.starts_with(rapport_core::export::FORMULA_TRIGGERS),
                "{cell:?} could run as a formula"
            );
        }
    }
}

/// The cells of one CSV line (quotes undone; the line ends with CRLF).
fn split_csv_line(line: &str) -> Vec<String> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(line.as_bytes());
    let record = reader
        .records()
        .next()
        .and_then(|r| r.ok())
        .unwrap_or_default();
    record.iter().map(str::to_owned).collect()
}

fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("-".to_string()),
        "[0-9]{1,12}",
        "(19|20)[0-9]{2}[-/.年][0-9]{1,2}[-/.月][0-9]{1,2}",
        "[0-9]{1,2}/[0-9]{1,2}/[0-9]{2,4}",
        "[a-z]{1,6}@[a-z]{1,5}\\.(cn|com)",
        "[高中低准意向流失成交电话微信，、; /a-zA-Z0-9]{0,12}",
        any::<String>(),
    ]
}

proptest! {
    #[test]
    fn random_cells_never_panic_and_every_row_lands_once(
        rows in prop::collection::vec(prop::collection::vec(cell(), 0..14), 0..8)
    ) {
        let header = row(&[
            "客户名称", "公司", "联系电话", "邮箱", "阶段", "流失原因", "标签", "生日", "跟进时间",
            "跟进内容", "下次跟进时间", "优先级", "联系人", "自定义",
        ]);
        let columns = map_columns(&header);
        let sheet = Sheet { header: &header, columns: &columns, rows: &rows, first_row: 2 };
        let book = BookIndex::new(&[existing("01P", "x", "", &["13800138000"])]);
        let plan = plan(&sheet, &options(), &book);
        let _ = errors_csv(&plan.invalid, Language::En);
        let mut seen: Vec<usize> = plan.customers.iter().flat_map(|c| c.rows.clone()).collect();
        let left_out = |e: &&RowError| e.outcome == ProblemOutcome::RowLeftOut;
        let mut bad: Vec<usize> = plan.invalid.iter().filter(left_out).map(|e| e.row).collect();
        bad.dedup();
        prop_assert_eq!(bad.len(), plan.counts.invalid_rows);
        let mut partial: Vec<usize> =
            plan.invalid.iter().filter(|e| !left_out(e)).map(|e| e.row).collect();
        partial.dedup();
        prop_assert_eq!(partial.len(), plan.counts.partial_rows);
        for row in &partial {
            prop_assert!(seen.contains(row), "a row imported with problems is planned");
            prop_assert!(!bad.contains(row), "a row is imported or left out, never both");
        }
        seen.extend(bad);
        seen.sort_unstable();
        let len = seen.len();
        seen.dedup();
        prop_assert_eq!(seen.len(), len, "a row is planned or invalid, never both");
        prop_assert_eq!(len, plan.counts.rows);
        prop_assert_eq!(plan.skipped.len(), plan.counts.skipped_rows);
        for c in &plan.customers {
            prop_assert_eq!(validate::customer(c.input.clone()), Ok(c.input.clone()));
        }
    }
}
