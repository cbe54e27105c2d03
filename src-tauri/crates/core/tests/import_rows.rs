#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Issue 12 "Real sheets, real days": totals and footer rows are not customers, one bad cell
//! does not cost the row, yearless dates are read with a stated year, and 客户类型 columns
//! holding 企业客户 / 个人客户 read as the customer's kind.
use chrono::{DateTime, TimeZone, Utc};
use chrono_tz::Asia::Shanghai;
use rapport_core::error::Invalid;
use rapport_core::import::headers::{map_columns, refine_by_values, Target};
use rapport_core::import::plan::{
    errors_csv, plan, BookIndex, Plan, PlanOptions, ProblemOutcome, RowError, RowProblem, Sheet,
    SkipReason, SkippedRow, YearAssumption, YearBasis,
};
use rapport_core::import::values::{DateOrder, ValueError};
use rapport_core::model::{Category, CustomerKind, Language, Stage};

fn row(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|c| c.to_string()).collect()
}

fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap()
}

fn options() -> PlanOptions<chrono_tz::Tz> {
    PlanOptions::new(DateOrder::DayFirst, Shanghai, utc(2024, 6, 1, 2, 0))
}

fn plan_rows(header: &[&str], rows: &[Vec<String>]) -> Plan {
    plan_with(header, rows, &options())
}

fn plan_with(header: &[&str], rows: &[Vec<String>], options: &PlanOptions<chrono_tz::Tz>) -> Plan {
    let header = row(header);
    let columns = map_columns(&header);
    let sheet = Sheet {
        header: &header,
        columns: &columns,
        rows,
        first_row: 3,
    };
    plan(&sheet, options, &BookIndex::default())
}

fn skipping() -> PlanOptions<chrono_tz::Tz> {
    let mut o = options();
    o.skip_problem_rows = true;
    o
}

fn names(plan: &Plan) -> Vec<&str> {
    plan.customers
        .iter()
        .map(|c| c.input.fields.name.as_str())
        .collect()
}

const LOG: [&str; 7] = [
    "序号",
    "客户名称",
    "联系电话",
    "预算",
    "跟进日期",
    "跟进内容",
    "下次跟进时间",
];

/// A legacy 客户跟进记录表's data rows (sheet rows 3…): five customers, a totals row and two
/// footer lines.
#[rustfmt::skip]
fn legacy_rows() -> Vec<Vec<String>> {
    vec![
        row(&["1", "杭州云栖科技有限公司", "13800138000", "12万", "2024-05-06", "电话沟通", "2024-05-20"]),
        row(&["2", "上海华信商贸有限公司", "13912345678", "8万", "5月8日", "上门拜访", ""]),
        row(&["3", "合计科技有限公司", "13700001111", "20万", "2024-05-09", "发送报价", ""]),
        row(&["4", "北京博远咨询", "13600002222", "5.5万", "2024-05-10", "邮件跟进", "2024/13/01"]),
        row(&["5", "深圳鼎盛电子", "13500003333", "8万", "2024-05-12", "展会认识", ""]),
        row(&["", "合 计：", "", "53.5万", "", "", ""]),
        row(&["", "", "", "", "", "", ""]),
        row(&["制表人：李娜", "", "审核：王强", "", "", "", ""]),
        row(&["备注：金额单位为元", "", "", "", "", "", ""]),
    ]
}

#[test]
fn a_totals_row_is_not_a_customer_but_a_company_named_heji_is() {
    let plan = plan_rows(&LOG, &legacy_rows());
    let names = names(&plan);
    assert!(
        !names.iter().any(|n| n.starts_with("合") && n.len() < 12),
        "{names:?}"
    );
    assert!(names.contains(&"合计科技有限公司"), "{names:?}");
}

#[test]
fn totals_words_in_either_language_with_spaces_and_colons() {
    for word in [
        "合计",
        "总 计",
        "小计:",
        "共计：",
        "累计",
        "Total",
        "SUBTOTAL:",
        "Sum",
        "Grand total",
        // Full-width letters and an ideographic space, as Chinese input methods type them.
        "ＴＯＴＡＬ",
        "\u{3000}ｓｕｍ：",
        "本页合计",
    ] {
        let rows = vec![
            row(&["1", "甲公司", "13800138000", "1万", "", "", ""]),
            row(&["", word, "", "1万", "", "", ""]),
        ];
        let plan = plan_rows(&LOG, &rows);
        assert_eq!(names(&plan), vec!["甲公司"], "{word}");
        assert!(plan.invalid.is_empty(), "{word}: {:?}", plan.invalid);
    }
}

#[test]
fn footer_lines_under_the_data_are_not_customers_or_problems() {
    let plan = plan_rows(&LOG, &legacy_rows());
    let names = names(&plan);
    assert!(
        !names
            .iter()
            .any(|n| n.contains("制表") || n.contains("备注")),
        "{names:?}"
    );
    assert!(plan.invalid.iter().all(|e| e.row < 8), "{:?}", plan.invalid);
}

#[test]
fn a_bad_date_cell_does_not_cost_the_customer() {
    let plan = plan_rows(&LOG, &legacy_rows());
    let names = names(&plan);
    assert_eq!(names.len(), 5, "{names:?}");
    assert!(names.contains(&"北京博远咨询"), "{names:?}");
    assert!(names.contains(&"上海华信商贸有限公司"), "{names:?}");
}

#[test]
fn an_unreadable_next_time_keeps_the_follow_up_open() {
    let plan = plan_rows(&LOG, &legacy_rows());
    let boyuan = plan
        .customers
        .iter()
        .find(|c| c.input.fields.name == "北京博远咨询")
        .expect("imported");
    assert_eq!(boyuan.follow_ups.len(), 1);
    let f = &boyuan.follow_ups[0];
    assert_eq!(f.content, "邮件跟进");
    assert!(!f.done, "a next step was meant: it stays open");
    assert_eq!(f.next_at, None, "due by its priority's rule at the commit");
}

#[test]
fn a_yearless_date_takes_the_year_of_the_rows_around_it() {
    let plan = plan_rows(&LOG, &legacy_rows());
    let huaxin = plan
        .customers
        .iter()
        .find(|c| c.input.fields.name == "上海华信商贸有限公司")
        .expect("imported");
    // 2024-05-08 local midnight in Shanghai.
    assert_eq!(huaxin.follow_ups[0].at, utc(2024, 5, 7, 16, 0));
}

#[test]
fn a_customer_type_column_of_kinds_reads_as_the_kind() {
    let header = ["客户名称", "客户类型", "联系电话"];
    let rows = vec![
        row(&["杭州云栖科技有限公司", "企业客户", "13800138000"]),
        row(&["张三", "个人客户", "13912345678"]),
        row(&["上海华信", "公司", "13700001111"]),
        row(&["李四", "个人", "13600002222"]),
        row(&["北京博远", "企业", "13500003333"]),
    ];
    let plan = plan_rows(&header, &rows);
    assert!(plan.invalid.is_empty(), "{:?}", plan.invalid);
    let kinds: Vec<CustomerKind> = plan.customers.iter().map(|c| c.input.fields.kind).collect();
    use CustomerKind::*;
    assert_eq!(kinds, vec![Company, Person, Company, Person, Company]);
}

#[test]
fn customer_type_values_read_as_category_or_stage() {
    let header = ["客户名称", "客户类型"];
    let rows = vec![
        row(&["甲", "潜在客户"]),
        row(&["乙", "意向客户"]),
        row(&["丙", "成交客户"]),
        row(&["丁", "企业客户"]),
    ];
    let plan = plan_rows(&header, &rows);
    assert!(plan.invalid.is_empty(), "{:?}", plan.invalid);
    let f = |i: usize| &plan.customers[i].input.fields;
    assert_eq!(f(0).category, Some(Category::OrdinaryProspect));
    assert_eq!(f(1).category, Some(Category::Interested));
    assert_eq!(f(2).stage, Stage::Won);
    assert_eq!(f(2).category, None);
    assert_eq!(f(3).kind, CustomerKind::Company);
}

#[test]
fn skipped_rows_are_listed_with_their_number_and_reason() {
    let plan = plan_rows(&LOG, &legacy_rows());
    let skipped = |row, reason, label: &str| SkippedRow {
        row,
        reason,
        label: label.into(),
    };
    assert_eq!(
        plan.skipped,
        vec![
            skipped(8, SkipReason::Totals, "合 计："),
            skipped(10, SkipReason::Footer, "制表人：李娜"),
            skipped(11, SkipReason::Footer, "备注：金额单位为元"),
        ]
    );
    assert_eq!(plan.counts.skipped_rows, 3);
    assert_eq!(plan.counts.rows, 5, "skipped rows are not data rows");
}

#[test]
fn the_bad_cell_is_named_with_its_value_and_what_the_import_does() {
    let plan = plan_rows(&LOG, &legacy_rows());
    assert_eq!(
        plan.invalid,
        vec![RowError {
            row: 6,
            column: Some("下次跟进时间".into()),
            value: Some("2024/13/01".into()),
            reason: RowProblem::Value(ValueError::NoSuchDate),
            outcome: ProblemOutcome::FollowUpDueByPriority,
        }]
    );
    assert_eq!(plan.counts.partial_rows, 1);
    assert_eq!(plan.counts.invalid_rows, 0);
    assert_eq!(plan.counts.new_customers, 5);
    assert_eq!(
        plan.invalid[0].message(Language::Zh),
        "第 6 行，“下次跟进时间”：“2024/13/01”没有这一天（已导入，下次跟进按优先级排期）"
    );
    assert_eq!(
        plan.invalid[0].message(Language::En),
        "Row 6, “下次跟进时间”: “2024/13/01”: no such day \
         (imported, the next follow-up scheduled by priority)"
    );
    let csv = errors_csv(&plan.invalid, Language::Zh);
    assert!(
        csv.contains("6,下次跟进时间,2024/13/01,没有这一天,已导入，下次跟进按优先级排期"),
        "{csv}"
    );
}

#[test]
fn skipping_rows_with_problems_is_the_other_choice() {
    let plan = plan_with(&LOG, &legacy_rows(), &skipping());
    let names = names(&plan);
    assert_eq!(names.len(), 4, "{names:?}");
    assert!(!names.contains(&"北京博远咨询"));
    assert!(
        names.contains(&"上海华信商贸有限公司"),
        "a stated year is no problem"
    );
    assert_eq!(plan.counts.invalid_rows, 1);
    assert_eq!(plan.counts.partial_rows, 0);
    assert_eq!(plan.invalid[0].outcome, ProblemOutcome::RowLeftOut);
    assert_eq!(
        plan.invalid[0].message(Language::Zh),
        "第 6 行，“下次跟进时间”：“2024/13/01”没有这一天（整行未导入）"
    );
    assert_eq!(
        plan.skipped.len(),
        3,
        "totals and footers are skipped either way"
    );
}

#[test]
fn an_unreadable_follow_up_date_dates_the_follow_up_at_the_import() {
    let rows = vec![
        row(&["1", "甲公司", "13800138000", "", "上周三", "电话沟通", ""]),
        row(&["2", "乙公司", "13900139000", "", "", "上门拜访", ""]),
    ];
    let plan = plan_rows(&LOG, &rows);
    assert_eq!(names(&plan), vec!["甲公司", "乙公司"]);
    for c in &plan.customers {
        assert_eq!(c.follow_ups[0].at, options().now, "dated at the import");
    }
    let outcomes: Vec<_> = plan.invalid.iter().map(|e| e.outcome).collect();
    assert_eq!(outcomes, vec![ProblemOutcome::FollowUpDatedAtImport; 2]);
    assert_eq!(
        plan.invalid[0].reason,
        RowProblem::Value(ValueError::NotADate)
    );
    assert_eq!(
        plan.invalid[1].reason,
        RowProblem::Invalid {
            field: "at".into(),
            reason: Invalid::Required
        },
        "an empty time cell is said too"
    );
    assert_eq!(
        plan.invalid[0].message(Language::Zh),
        "第 3 行，“跟进日期”：“上周三”不是有效的日期（已导入，跟进记录按导入时间记录）"
    );
    let skipped = plan_with(&LOG, &rows, &skipping());
    assert!(skipped.customers.is_empty());
    assert_eq!(skipped.counts.invalid_rows, 2);
}

#[test]
fn a_yearless_date_is_listed_as_an_assumption_in_both_languages() {
    let plan = plan_rows(&LOG, &legacy_rows());
    assert_eq!(
        plan.assumptions,
        vec![YearAssumption {
            column: "跟进日期".into(),
            year: 2024,
            basis: YearBasis::NearbyRows,
            cells: 1,
            example: "5月8日".into(),
        }]
    );
    let a = &plan.assumptions[0];
    assert_eq!(
        a.message(Language::Zh),
        "1 个日期没有年份（如“5月8日”），按 2024 年读取：取自相邻行的日期"
    );
    assert_eq!(
        a.message(Language::En),
        "1 date without a year (e.g. “5月8日”) read as 2024, the year of the rows around them"
    );
}

#[test]
fn yearless_dates_across_new_year_take_the_closest_year() {
    let rows = vec![
        row(&["1", "甲", "13800138001", "", "2023-12-28", "电话", ""]),
        row(&["2", "乙", "13800138002", "", "1月3日", "电话", ""]),
        row(&["3", "丙", "13800138003", "", "12/30", "电话", ""]),
    ];
    let mut o = options();
    o.date_order = DateOrder::MonthFirst;
    let plan = plan_with(&LOG, &rows, &o);
    let at = |i: usize| plan.customers[i].follow_ups[0].at;
    assert_eq!(
        at(1),
        utc(2024, 1, 2, 16, 0),
        "January after December is the next year"
    );
    assert_eq!(
        at(2),
        utc(2023, 12, 29, 16, 0),
        "12/30 next to 3 January 2024 is 2023"
    );
    let years: Vec<i32> = plan.assumptions.iter().map(|a| a.year).collect();
    assert_eq!(years, vec![2024, 2023]);
}

#[test]
fn yearless_dates_read_day_first_when_the_sheet_does() {
    let rows = vec![
        row(&["1", "甲", "13800138001", "", "2024-05-01", "电话", ""]),
        row(&["2", "乙", "13800138002", "", "8/5", "电话", ""]),
    ];
    let plan = plan_rows(&LOG, &rows); // day first
    assert_eq!(plan.customers[1].follow_ups[0].at, utc(2024, 5, 7, 16, 0));
}

#[test]
fn without_dated_neighbours_the_year_is_this_year_or_last_for_a_past_event() {
    // Today is 1 June 2024 (Shanghai).
    let rows = vec![
        row(&["1", "甲", "13800138001", "", "5月8日", "电话", "12月20日"]),
        row(&["2", "乙", "13800138002", "", "12月20日", "电话", ""]),
    ];
    let plan = plan_rows(&LOG, &rows);
    let f = |i: usize| &plan.customers[i].follow_ups[0];
    assert_eq!(f(0).at, utc(2024, 5, 7, 16, 0));
    assert_eq!(
        f(0).next_at,
        Some(utc(2024, 12, 20, 1, 0)),
        "a next time may be ahead"
    );
    assert_eq!(
        f(1).at,
        utc(2023, 12, 19, 16, 0),
        "a follow-up is not in the future"
    );
    let bases: Vec<(String, i32, YearBasis)> = plan
        .assumptions
        .iter()
        .map(|a| (a.column.clone(), a.year, a.basis))
        .collect();
    assert_eq!(
        bases,
        vec![
            ("跟进日期".to_string(), 2024, YearBasis::ThisYear),
            ("跟进日期".to_string(), 2023, YearBasis::LastYear),
            ("下次跟进时间".to_string(), 2024, YearBasis::ThisYear),
        ]
    );
    assert_eq!(
        plan.assumptions[1].message(Language::Zh),
        "1 个日期没有年份（如“12月20日”），按去年（2023 年）读取：按今年读会晚于今天"
    );
    assert!(plan.invalid.is_empty(), "{:?}", plan.invalid);
}

#[test]
fn subtotals_inside_the_data_are_skipped_but_footer_like_rows_inside_are_not() {
    let rows = vec![
        row(&["1", "甲公司", "13800138001", "1万", "", "", ""]),
        row(&["", "小计", "", "1万", "", "", ""]),
        row(&["2", "备注：老客户", "13800138002", "", "", "", ""]),
        row(&["3", "乙公司", "13800138003", "", "", "", ""]),
        row(&["说明：本表每周更新", "", "13800138004", "", "", "", ""]),
    ];
    let plan = plan_rows(&LOG, &rows);
    let reasons: Vec<(usize, SkipReason)> =
        plan.skipped.iter().map(|s| (s.row, s.reason)).collect();
    assert_eq!(reasons, vec![(4, SkipReason::Totals)]);
    assert_eq!(
        plan.counts.rows, 4,
        "a footer line carrying a phone is data"
    );
}

#[test]
fn a_customer_type_column_maps_to_the_kind_when_its_values_are_kinds() {
    let header = row(&["客户名称", "客户类型", "类型"]);
    let mut columns = map_columns(&header);
    assert_eq!(
        columns[1],
        Target::Category,
        "the header alone says category"
    );
    let rows = vec![
        row(&["甲", "企业客户", "意向客户"]),
        row(&["乙", "个人客户", "准客户"]),
        row(&["丙", "潜在客户", "企业"]),
    ];
    refine_by_values(&mut columns, &rows);
    assert_eq!(columns[1], Target::Kind, "two of three values are kinds");
    assert_eq!(
        columns[2],
        Target::Custom("类型".into()),
        "the second stays as it was"
    );

    let mut kind_header = vec![Target::Name, Target::Kind];
    let categories = vec![row(&["甲", "A类"]), row(&["乙", "意向客户"])];
    refine_by_values(&mut kind_header, &categories);
    assert_eq!(
        kind_header[1],
        Target::Category,
        "客户性质 holding categories"
    );
}

#[test]
fn an_unknown_customer_type_is_a_cell_left_empty_and_a_stage_column_wins() {
    let header = ["客户名称", "客户类型", "阶段"];
    let rows = vec![
        row(&["甲", "VIP客户", ""]),
        row(&["乙", "成交客户", "谈判中"]),
    ];
    let plan = plan_rows(&header, &rows);
    assert_eq!(names(&plan), vec!["甲", "乙"]);
    assert_eq!(plan.invalid.len(), 1);
    assert_eq!(plan.invalid[0].value.as_deref(), Some("VIP客户"));
    assert_eq!(plan.invalid[0].outcome, ProblemOutcome::CellLeftEmpty);
    assert_eq!(plan.customers[1].input.fields.stage, Stage::Negotiation);
}

#[test]
fn a_choice_value_repeated_down_the_sheet_reads_the_same_on_every_row() {
    // Choice cells are read once per distinct text (`plan/choices.rs`): every row must still
    // get its value, and every row with an unknown value its own problem.
    let header = ["客户名称", "客户类型", "阶段", "优先级"];
    let rows = vec![
        row(&["甲", "意向客户", "谈判中", "高"]),
        row(&["乙", "VIP客户", "谈判中", "高"]),
        row(&["丙", "意向客户", "谈判中", "高"]),
        row(&["丁", "VIP客户", "某阶段", "低"]),
        row(&["戊", "意向客户", "某阶段", "高"]),
    ];
    let plan = plan_rows(&header, &rows);
    assert_eq!(names(&plan), vec!["甲", "乙", "丙", "丁", "戊"]);
    let f = |i: usize| &plan.customers[i].input.fields;
    for i in [0, 2, 4] {
        assert_eq!(f(i).category, Some(Category::Interested), "row {i}");
    }
    for i in [1, 3] {
        assert_eq!(f(i).category, None, "row {i}");
    }
    for i in [0, 1, 2] {
        assert_eq!(f(i).stage, Stage::Negotiation, "row {i}");
    }
    let problems: Vec<(usize, Option<&str>)> = plan
        .invalid
        .iter()
        .map(|e| (e.row, e.value.as_deref()))
        .collect();
    assert_eq!(
        problems,
        vec![
            (4, Some("VIP客户")),
            (6, Some("VIP客户")),
            (6, Some("某阶段")),
            (7, Some("某阶段")),
        ]
    );
}
