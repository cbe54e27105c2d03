#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Money columns become money: a 客户成交管理表's 预计成交金额, 成交金额 … 服务日期 columns
//! imported as opportunities, deals and after-sales records on their customers — in the plan
//! (amounts as the value parsers read them, 面议 kept as a note and reported, dates assumed
//! and said so, repeated cells once, several deals several), in the preview's counts and
//! notices, and in the book (indexes, plans and analytics facts right, undone with the import).
mod common;
use chrono::{NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Asia::Shanghai;
use common::*;
use rapport_core::import::headers::{map_columns, recognise, Target};
use rapport_core::import::plan::{
    plan, BookIndex, DuplicatePolicy, Plan, PlanOptions, RowProblem, Sheet,
};
use rapport_core::import::session::{ImportSession, ReadContext};
use rapport_core::import::values::{parse_payment_method, parse_satisfaction, DateOrder};
use rapport_core::model::{
    AnalyticsQuery, DealInput, ImportOptions, ImportState, Language, PaymentMethod, Stage,
};
use rapport_core::Store;

fn row(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|c| c.to_string()).collect()
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn options() -> PlanOptions<chrono_tz::Tz> {
    // 2026-11-20 17:00 in Shanghai: the day of the import.
    PlanOptions::new(DateOrder::MonthFirst, Shanghai, t(20))
}

/// A 客户成交管理表: customers with an opportunity amount each, deals and after-sales visits,
/// one customer on three rows (its cells repeated), another with two deals.
const HEADER: [&str; 12] = [
    "客户名称",
    "联系电话",
    "阶段",
    "跟进日期",
    "跟进内容",
    "预计成交金额（元）",
    "成交金额",
    "成交日期",
    "产品",
    "付款方式",
    "服务内容",
    "满意度",
];

fn sheet_rows() -> Vec<Vec<String>> {
    vec![
        // Row 2: an opportunity of 15万, no deal.
        row(&[
            "明达贸易",
            "13800138000",
            "方案沟通",
            "2026-11-01",
            "报价",
            "15万",
            "",
            "",
            "",
            "",
            "",
            "",
        ]),
        // Row 3: the same customer, its opportunity cell repeated, a deal without a date.
        row(&[
            "明达贸易",
            "13800138000",
            "方案沟通",
            "2026-11-05",
            "签约",
            "15万",
            "¥150,000",
            "",
            "办公软件",
            "线下",
            "",
            "",
        ]),
        // Row 4: the same again (a visit), the opportunity still repeated: one opportunity.
        row(&[
            "明达贸易",
            "13800138000",
            "方案沟通",
            "2026-11-09",
            "安装",
            "15万",
            "",
            "",
            "",
            "",
            "上门安装培训",
            "满意",
        ]),
        // Rows 5–6: two deals of one customer; its opportunity negotiable (面议).
        row(&[
            "云起科技",
            "13900139000",
            "成交",
            "",
            "",
            "面议",
            "8.5万元",
            "2026-10-10",
            "服务器",
            "分期付款",
            "",
            "",
        ]),
        row(&[
            "云起科技",
            "13900139000",
            "成交",
            "",
            "",
            "面议",
            "3,000",
            "2026-10-20",
            "维保",
            "线上支付",
            "",
            "",
        ]),
        // Row 7: a deal amount that is no amount: no deal, kept in the notes.
        row(&[
            "北辰物流",
            "13700137000",
            "谈判中",
            "",
            "",
            "",
            "待定",
            "",
            "仓储系统",
            "",
            "",
            "",
        ]),
    ]
}

fn the_plan(rows: &[Vec<String>]) -> Plan {
    let header = row(&HEADER);
    let columns = map_columns(&header);
    let sheet = Sheet {
        header: &header,
        columns: &columns,
        rows,
        first_row: 2,
    };
    plan(&sheet, &options(), &BookIndex::new(&[]))
}

#[test]
fn money_headers_are_recognised() {
    use Target::*;
    for (header, target) in [
        ("预计成交金额", OpportunityAmount),
        ("预计金额", OpportunityAmount),
        ("商机金额（万元）", OpportunityAmount),
        ("意向金额", OpportunityAmount),
        ("Expected amount", OpportunityAmount),
        ("成交金额", DealAmount),
        ("合同金额", DealAmount),
        ("成交日期", DealDate),
        ("交易日期", DealDate),
        ("产品", DealProduct),
        ("付款方式", DealPaymentMethod),
        ("Payment method", DealPaymentMethod),
        ("服务日期", ServiceDate),
        ("服务内容", ServiceContent),
        ("满意度", ServiceSatisfaction),
        ("客户满意度", ServiceSatisfaction),
        ("下次服务", NextService),
        ("下次服务时间", NextService),
    ] {
        assert_eq!(recognise(header), Some(target), "{header}");
    }
}

#[test]
fn payment_methods_and_satisfaction_are_read() {
    assert_eq!(
        parse_payment_method("线上支付"),
        Ok(Some(PaymentMethod::Online))
    );
    assert_eq!(
        parse_payment_method("支付宝"),
        Ok(Some(PaymentMethod::Online))
    );
    assert_eq!(
        parse_payment_method("现金"),
        Ok(Some(PaymentMethod::Offline))
    );
    assert_eq!(
        parse_payment_method("分期"),
        Ok(Some(PaymentMethod::Instalments))
    );
    assert_eq!(
        parse_payment_method("Instalments"),
        Ok(Some(PaymentMethod::Instalments))
    );
    assert_eq!(parse_payment_method(""), Ok(None));
    assert!(parse_payment_method("以物易物").is_err());
    for (cell, n) in [
        ("5", 5),
        ("4分", 4),
        ("3/5", 3),
        ("★★★★", 4),
        ("非常满意", 5),
        ("满意", 4),
        ("一般", 3),
        ("不满意", 2),
        ("很不满意", 1),
        ("Very satisfied", 5),
    ] {
        assert_eq!(parse_satisfaction(cell), Ok(Some(n)), "{cell}");
    }
    assert_eq!(parse_satisfaction("-"), Ok(None));
    assert!(parse_satisfaction("6").is_err());
    assert!(parse_satisfaction("0").is_err());
    assert!(parse_satisfaction("很好吃").is_err());
}

#[test]
fn money_columns_plan_opportunities_deals_and_services() {
    let p = the_plan(&sheet_rows());
    assert!(p.invalid.is_empty(), "{:?}", p.invalid);
    assert_eq!(p.customers.len(), 3);
    assert_eq!(
        (p.counts.opportunities, p.counts.deals, p.counts.services),
        (2, 3, 1)
    );

    let minda = &p.customers[0].records;
    // The repeated 15万 is one opportunity, at the row's stage.
    assert_eq!(minda.opportunities.len(), 1);
    assert_eq!(minda.opportunities[0].expected_amount, Some(15_000_000));
    assert_eq!(minda.opportunities[0].stage, Stage::Proposal);
    // The deal without a date is dated its row's follow-up day.
    assert_eq!(minda.deals.len(), 1);
    let d = &minda.deals[0];
    assert_eq!((d.amount, d.date), (15_000_000, day(2026, 11, 5)));
    assert_eq!(d.product_or_service, "办公软件");
    assert_eq!(d.payment_method, "offline");
    // The visit: dated its follow-up day, 满意 is 4, 服务内容 is what was done.
    assert_eq!(minda.services.len(), 1);
    let s = &minda.services[0];
    assert_eq!((s.date, s.satisfaction), (day(2026, 11, 9), Some(4)));
    assert_eq!(s.solution, "上门安装培训");

    // Two rows with a deal each are two deals; 8.5万元 read as the amount parser reads it.
    let yunqi = &p.customers[1].records;
    let deals: Vec<(i64, NaiveDate, &str)> = yunqi
        .deals
        .iter()
        .map(|d| (d.amount, d.date, d.payment_method.as_str()))
        .collect();
    assert_eq!(
        deals,
        [
            (8_500_000, day(2026, 10, 10), "instalments"),
            (300_000, day(2026, 10, 20), "online")
        ]
    );
    // 面议: the opportunity without an amount, the text its budget note.
    assert_eq!(yunqi.opportunities.len(), 1);
    assert_eq!(yunqi.opportunities[0].expected_amount, None);
    assert_eq!(yunqi.opportunities[0].budget_note, "面议");
    // A customer's stage is not changed by its deals.
    assert_eq!(p.customers[1].input.fields.stage, Stage::Won);

    // 待定 as a deal amount: no deal, the deal cells in the customer's notes.
    let beichen = &p.customers[2];
    assert!(beichen.records.is_empty());
    assert_eq!(beichen.input.fields.notes, "成交金额：待定\n产品：仓储系统");
}

#[test]
fn notices_say_what_was_assumed_and_kept_as_a_note() {
    let p = the_plan(&sheet_rows());
    let said: Vec<(usize, Option<&str>, &RowProblem)> = p
        .notices
        .iter()
        .map(|n| (n.row, n.column.as_deref(), &n.reason))
        .collect();
    let assumed = RowProblem::DateAssumed {
        date: day(2026, 11, 5),
        from_follow_up: true,
    };
    let visit = RowProblem::DateAssumed {
        date: day(2026, 11, 9),
        from_follow_up: true,
    };
    assert_eq!(
        said,
        [
            (3, Some("成交金额"), &assumed),
            (4, Some("服务内容"), &visit),
            (5, Some("预计成交金额（元）"), &RowProblem::AmountAsNote),
            (7, Some("成交金额"), &RowProblem::DealKeptInNotes),
        ]
    );
    let zh = p.notices[0].message(Language::Zh);
    assert_eq!(
        zh,
        "第 3 行，“成交金额”：未填日期，按本行跟进日期记为 2026-11-05"
    );
    let en = p.notices[2].message(Language::En);
    assert!(en.contains("kept as its budget note"), "{en}");
    // Notices are no problems: every row is imported.
    assert_eq!(p.counts.invalid_rows, 0);
}

#[test]
fn a_deal_without_date_or_follow_up_is_dated_the_import_day() {
    let rows = vec![row(&[
        "明达贸易",
        "",
        "",
        "",
        "",
        "",
        "2万",
        "",
        "",
        "",
        "",
        "",
    ])];
    let p = the_plan(&rows);
    let d = &p.customers[0].records.deals[0];
    // 2026-11-20 17:00 in Shanghai.
    assert_eq!(d.date, day(2026, 11, 20));
    // No product: the form needs one.
    assert_eq!(d.product_or_service, "未注明");
    assert_eq!(
        p.notices[0].reason,
        RowProblem::DateAssumed {
            date: day(2026, 11, 20),
            from_follow_up: false
        }
    );
}

#[test]
fn bad_record_cells_are_row_problems_naming_the_column() {
    let rows = vec![
        row(&[
            "甲",
            "",
            "",
            "",
            "",
            "",
            "1000",
            "",
            "x",
            "以物易物",
            "",
            "",
        ]),
        row(&["乙", "", "", "", "", "", "", "", "", "", "上门", "十分"]),
        row(&[
            "丙",
            "",
            "",
            "",
            "",
            "",
            "1000",
            "2026-02-30",
            "x",
            "",
            "",
            "",
        ]),
    ];
    let p = the_plan(&rows);
    // One bad cell doesn't cost the row: the customers and their records come in, each bad
    // cell left empty (the form's default payment method; no satisfaction; the follow-up day
    // or the import's day for the deal).
    assert_eq!(p.customers.len(), 3);
    let errors: Vec<String> = p.invalid.iter().map(|e| e.message(Language::Zh)).collect();
    assert_eq!(
        errors,
        [
            "第 2 行，“付款方式”：“以物易物”不是有效的付款方式（线上支付/线下支付/分期付款）（已导入，此格留空）",
            "第 3 行，“满意度”：“十分”满意度应为 1–5 分（已导入，此格留空）",
            "第 4 行，“成交日期”：“2026-02-30”没有这一天（已导入，此格留空）",
        ]
    );
    assert_eq!(p.counts.partial_rows, 3);
    assert_eq!(p.counts.invalid_rows, 0);
}

#[test]
fn next_service_is_a_due_day_or_a_plan() {
    let header = row(&["客户名称", "服务日期", "服务内容", "下次服务"]);
    let columns = map_columns(&header);
    let rows = vec![
        row(&["甲", "2026-11-02", "巡检", "2026-12-01"]),
        row(&["乙", "2026-11-03", "巡检", "半年后回访"]),
    ];
    let sheet = Sheet {
        header: &header,
        columns: &columns,
        rows: &rows,
        first_row: 2,
    };
    let p = plan(&sheet, &options(), &BookIndex::new(&[]));
    let a = &p.customers[0].records.services[0];
    // At the reminder time (09:00) in Shanghai.
    assert_eq!(
        a.next_plan_at,
        Some(Utc.with_ymd_and_hms(2026, 12, 1, 1, 0, 0).unwrap())
    );
    let b = &p.customers[1].records.services[0];
    assert_eq!((b.next_plan.as_str(), b.next_plan_at), ("半年后回访", None));
    assert!(p.notices.is_empty());
}

/// The dashboard from the kept facts equals one from a fresh read of the book.
fn facts_fresh(store: Store, dir: &std::path::Path) -> Store {
    store.verify_indexes().unwrap();
    let q = AnalyticsQuery {
        from: day(2026, 1, 1),
        to: day(2026, 12, 31),
        owner: None,
    };
    let kept = store.dashboard(&q, t(21), &Shanghai).unwrap();
    drop(store);
    let fresh = reopen(dir);
    assert_eq!(fresh.dashboard(&q, t(21), &Shanghai).unwrap(), kept);
    fresh.verify_indexes().unwrap();
    fresh
}

#[test]
fn imported_records_land_in_the_book_and_go_with_undo() {
    let (dir, store) = open_temp();
    // Warm facts first, so the import must keep them right.
    store.warm_analytics().unwrap();
    let p = the_plan(&sheet_rows());
    let rec = store
        .commit_import(&p, DuplicatePolicy::Skip, "成交表.xlsx", t(20), &Shanghai)
        .unwrap();
    assert_eq!(
        (rec.opportunities_added, rec.deals_added, rec.services_added),
        (2, 3, 1)
    );
    let store = facts_fresh(store, dir.path());
    let ids = ids_by_name(&store);
    let deals = store.deals_of(&ids["云起科技"]).unwrap();
    assert_eq!(deals.len(), 2);
    assert_eq!(deals[0].payment_method, PaymentMethod::Instalments);
    assert_eq!(store.opportunities_of(&ids["明达贸易"]).unwrap().len(), 1);
    assert_eq!(store.services_of(&ids["明达贸易"]).unwrap().len(), 1);
    let q = AnalyticsQuery {
        from: day(2026, 1, 1),
        to: day(2026, 12, 31),
        owner: None,
    };
    let dash = store.dashboard(&q, t(21), &Shanghai).unwrap();
    assert_eq!(dash.deals.count, 3);
    assert_eq!(dash.deals.total_cents, 15_000_000 + 8_500_000 + 300_000);

    store.undo_import(&rec.id, t(21)).unwrap();
    let store = facts_fresh(store, dir.path());
    assert!(ids_by_name(&store).is_empty());
    let dash = store.dashboard(&q, t(21), &Shanghai).unwrap();
    assert_eq!((dash.deals.count, dash.deals.total_cents), (0, 0));
}

#[test]
fn records_merged_into_a_customer_are_journaled_and_undone() {
    let (dir, store) = open_temp();
    let mut mine = customer("明达贸易", &[]);
    mine.fields.phones = vec!["13800138000".into()];
    let old = store.create_customer(mine, t(1)).unwrap();
    // It has a deal and a visit whose next service is planned: both stay after the undo.
    let deal = DealInput {
        date: day(2026, 9, 1),
        amount: 100,
        product_or_service: "旧单".into(),
        ..DealInput::default()
    };
    store.add_deal(&old.id, deal, t(1), &Shanghai).unwrap();
    let plan_at = Utc.with_ymd_and_hms(2026, 11, 3, 1, 0, 0).unwrap();
    store
        .add_service(&old.id, service(day(2026, 9, 2), Some(plan_at)), t(1))
        .unwrap();
    store.warm_analytics().unwrap();
    let before = (
        store.deals_of(&old.id).unwrap(),
        store.services_of(&old.id).unwrap(),
    );

    let header = row(&HEADER);
    let columns = map_columns(&header);
    let rows = sheet_rows();
    let sheet = Sheet {
        header: &header,
        columns: &columns,
        rows: &rows[..3],
        first_row: 2,
    };
    let ctx = store.import_context().unwrap();
    use rapport_core::import::session::BookContext;
    let p = plan(&sheet, &options(), ctx.existing());
    assert!(p.customers[0].duplicate_of.is_some());
    let rec = store
        .commit_import(&p, DuplicatePolicy::Merge, "成交表.xlsx", t(20), &Shanghai)
        .unwrap();
    assert_eq!(
        (
            rec.customers_merged,
            rec.opportunities_added,
            rec.deals_added,
            rec.services_added
        ),
        (1, 1, 1, 1)
    );
    let store = facts_fresh(store, dir.path());
    assert_eq!(store.deals_of(&old.id).unwrap().len(), 2);
    // The visit on 11-09 settles the plan due on 11-03: the agenda no longer lists it.
    assert_eq!(store.services_of(&old.id).unwrap().len(), 2);

    store.undo_import(&rec.id, t(21)).unwrap();
    let store = facts_fresh(store, dir.path());
    assert_eq!(
        (
            store.deals_of(&old.id).unwrap(),
            store.services_of(&old.id).unwrap()
        ),
        before
    );
    assert!(store.opportunities_of(&old.id).unwrap().is_empty());
    assert_eq!(store.imports().unwrap()[0].state, ImportState::Undone);
}

#[test]
fn the_preview_counts_the_records_and_lists_the_notices() {
    let (_dir, store) = open_temp();
    let mut csv = HEADER.join(",");
    for r in sheet_rows() {
        csv.push('\n');
        csv.push_str(&r.join(","));
    }
    // 3,000 is one cell in CSV only when quoted.
    let csv = csv
        .replace("3,000", "\"3,000\"")
        .replace("¥150,000", "\"¥150,000\"");
    let ctx = store.import_context().unwrap();
    for lang in [Language::Zh, Language::En] {
        let read = ReadContext {
            tz: Shanghai,
            now: t(20),
            reminder_time: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
            lang,
        };
        let mut s = ImportSession::open(csv.clone().into_bytes(), "成交表.csv").unwrap();
        let p = s
            .prepare(&ImportOptions::default(), &ctx, &read)
            .unwrap()
            .preview;
        let c = p.counts;
        assert_eq!((c.opportunities, c.deals, c.services), (2, 3, 1));
        assert_eq!(p.notices_total, 4);
        assert_eq!(p.notices[2].row, 5);
        let text = &p.notices[3].message;
        match lang {
            Language::Zh => assert!(text.contains("记入客户备注"), "{text}"),
            Language::En => assert!(text.contains("customer's notes"), "{text}"),
        }
        assert_eq!(p.errors_total, 0);
    }
}

fn ids_by_name(store: &Store) -> std::collections::HashMap<String, String> {
    let page = store
        .list_customers(&rapport_core::model::ListQuery::default())
        .unwrap();
    page.rows
        .into_iter()
        .map(|r| (r.name.clone(), r.id.clone()))
        .collect()
}

#[test]
fn imported_deals_link_to_the_product_list_adding_the_products_it_lacks() {
    use rapport_core::model::{Product, Settings};
    let (_dir, store) = open_temp();
    let listed = Product {
        name: "服务器".into(),
        category: "硬件".into(),
        list_price: Some(1_000_000),
    };
    store
        .save_settings(Settings {
            products: vec![listed.clone()],
            ..Settings::with_language(Language::Zh)
        })
        .unwrap();
    let p = the_plan(&sheet_rows());
    store
        .commit_import(&p, DuplicatePolicy::Skip, "成交表.xlsx", t(20), &Shanghai)
        .unwrap();
    let products = store.settings().unwrap().unwrap().products;
    // The listed product kept as it was (category, price), the others added uncategorised.
    assert_eq!(products[0], listed);
    let mut added: Vec<&str> = products[1..].iter().map(|p| p.name.as_str()).collect();
    added.sort();
    assert_eq!(added, ["办公软件", "维保"]);
    assert!(products[1..]
        .iter()
        .all(|p| p.category.is_empty() && p.list_price.is_none()));

    // The dashboard then groups the imported deals by the list's categories.
    let q = AnalyticsQuery {
        from: day(2026, 1, 1),
        to: day(2026, 12, 31),
        owner: None,
    };
    let dash = store.dashboard(&q, t(21), &Shanghai).unwrap();
    let hardware = dash
        .products
        .by_category
        .iter()
        .find(|c| c.category == "硬件")
        .unwrap();
    assert_eq!(hardware.deals, 1);
    let counted: u32 = dash.products.by_product.iter().map(|p| p.deals).sum();
    assert_eq!(counted, dash.deals.count);
}
