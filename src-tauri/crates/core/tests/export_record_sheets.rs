#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The whole book's workbook: 商机 / 成交 / 售后 sheets beside 客户 / 跟进记录 (English names in
//! English), each row naming its customer; imported back sheet by sheet into an empty book
//! (customers first, then each record sheet with duplicates merged) they give the same
//! opportunities, deals and after-sales records (complaints included) on the same customers.
mod common;
use chrono::{NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Asia::Shanghai;
use common::*;
use rapport_core::export::{book_to_xlsx, record_sheet_names, sheet_names, Labels};
use rapport_core::import::plan::{DuplicatePolicy, RowProblem};
use rapport_core::import::session::{ImportSession, ReadContext};
use rapport_core::model::{
    ComplaintInput, DealInput, ImportOptions, Language, ListQuery, OpportunityInput, ServiceInput,
};
use rapport_core::Store;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// Two customers with opportunities (one negotiable: no amount, a budget note), deals and
/// after-sales records (one with a next service day, one with a plan's text).
fn book() -> (tempfile::TempDir, Store) {
    let (dir, store) = open_temp();
    let mut a = customer("明达贸易", &[]);
    a.fields.company = "上海明达贸易有限公司".into();
    let a = store.create_customer(a, t(1)).unwrap();
    let b = store
        .create_customer(customer("云起科技", &[]), t(1))
        .unwrap();
    let opp = |amount: Option<i64>, note: &str| OpportunityInput {
        expected_amount: amount,
        budget_note: note.into(),
        ..OpportunityInput::default()
    };
    store
        .add_opportunity(&a.id, opp(Some(15_000_000), ""), t(2))
        .unwrap();
    store
        .add_opportunity(&b.id, opp(None, "面议"), t(2))
        .unwrap();
    let deal = |date, amount, product: &str, paid: &str| DealInput {
        date,
        amount,
        product_or_service: product.into(),
        payment_method: paid.into(),
        ..DealInput::default()
    };
    for d in [
        deal(day(2026, 10, 10), 8_500_000, "服务器", "instalments"),
        deal(day(2026, 10, 20), 1_280_050, "维保", "online"),
    ] {
        store.add_deal(&b.id, d, t(3), &Shanghai).unwrap();
    }
    store
        .add_deal(
            &a.id,
            deal(day(2026, 11, 5), 15_000_000, "办公软件", "offline"),
            t(3),
            &Shanghai,
        )
        .unwrap();
    let visit = ServiceInput {
        date: day(2026, 11, 9),
        solution: "上门安装培训".into(),
        satisfaction: Some(4),
        next_plan_at: Some(Utc.with_ymd_and_hms(2027, 5, 9, 1, 0, 0).unwrap()),
        ..ServiceInput::default()
    };
    store.add_service(&a.id, visit, t(4)).unwrap();
    let call = ServiceInput {
        date: day(2026, 11, 10),
        solution: "电话回访".into(),
        next_plan: "半年后回访".into(),
        ..ServiceInput::default()
    };
    store.add_service(&b.id, call, t(4)).unwrap();
    // Complaints: one resolved across a month end and rated, one still being handled.
    let complaint = |status: &str, resolved, resolution: &str| ComplaintInput {
        received_on: day(2026, 10, 30),
        category: "delivery".into(),
        severity: "high".into(),
        status: status.into(),
        resolved_on: resolved,
        resolution: resolution.into(),
    };
    let resolved = ServiceInput {
        date: day(2026, 10, 30),
        solution: "补发配件".into(),
        satisfaction: Some(5),
        complaint: Some(complaint("resolved", Some(day(2026, 11, 2)), "补发并致歉")),
        ..ServiceInput::default()
    };
    store.add_service(&a.id, resolved, t(4)).unwrap();
    let mut handling = complaint("inProgress", None, "");
    handling.category = "billing".into();
    handling.severity = "low".into();
    let handling = ServiceInput {
        date: day(2026, 11, 12),
        solution: "核对发票".into(),
        complaint: Some(handling),
        ..ServiceInput::default()
    };
    store.add_service(&b.id, handling, t(4)).unwrap();
    (dir, store)
}

fn export(store: &Store, lang: Language) -> Vec<u8> {
    let set = store.export_set_with_records(None).unwrap();
    book_to_xlsx(&set, Labels::new(lang, &set.pipeline), &Shanghai).unwrap()
}

fn read(lang: Language) -> ReadContext<chrono_tz::Tz> {
    ReadContext {
        tz: Shanghai,
        now: t(20),
        reminder_time: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
        lang,
    }
}

/// Imports one sheet of `bytes` into `store` (duplicates merged).
fn import_sheet(store: &Store, bytes: &[u8], sheet: &str, lang: Language) {
    let ctx = store.import_context().unwrap();
    let mut s = ImportSession::open(bytes.to_vec(), "book.xlsx").unwrap();
    let options = ImportOptions {
        sheet: Some(sheet.into()),
        ..ImportOptions::default()
    };
    let prepared = s.prepare(&options, &ctx, &read(lang)).unwrap();
    assert!(
        prepared.plan.invalid.is_empty(),
        "{sheet}: {:?}",
        prepared.plan.invalid
    );
    // Only the negotiable opportunity's note is worth a notice: no date is assumed.
    let notices = &prepared.plan.notices;
    assert!(
        notices.iter().all(|n| n.reason == RowProblem::AmountAsNote),
        "{sheet}: {notices:?}"
    );
    store
        .commit_import(
            &prepared.plan,
            DuplicatePolicy::Merge,
            "book.xlsx",
            t(20),
            &Shanghai,
        )
        .unwrap();
}

/// Every customer's records by name, without ids and times.
fn records_by_name(store: &Store) -> Vec<(String, Vec<String>)> {
    let page = store.list_customers(&ListQuery::default()).unwrap();
    let mut out: Vec<(String, Vec<String>)> = page
        .rows
        .iter()
        .map(|r| {
            let mut lines = Vec::new();
            for o in store.opportunities_of(&r.id).unwrap() {
                lines.push(format!("o {:?} {}", o.expected_amount, o.budget_note));
            }
            for d in store.deals_of(&r.id).unwrap() {
                let paid = d.payment_method;
                lines.push(format!(
                    "d {} {} {} {paid:?}",
                    d.date, d.amount, d.product_or_service
                ));
            }
            for s in store.services_of(&r.id).unwrap() {
                let next = (&s.next_plan, s.next_plan_at);
                lines.push(format!(
                    "s {} {} {:?} {next:?} {:?}",
                    s.date, s.solution, s.satisfaction, s.complaint
                ));
            }
            (r.name.clone(), lines)
        })
        .collect();
    out.sort();
    out
}

#[test]
fn the_workbook_has_record_sheets_in_the_users_language() {
    let (_dir, store) = book();
    for lang in [Language::Zh, Language::En] {
        let mut source =
            rapport_core::import::source::Source::open(export(&store, lang), "b.xlsx").unwrap();
        let names: Vec<String> = source.sheets().into_iter().map(|s| s.name).collect();
        let want: Vec<&str> = sheet_names(lang)
            .into_iter()
            .chain(record_sheet_names(lang))
            .collect();
        assert_eq!(names, want);
        // One row per deal under the header, each naming its customer.
        let deals = source.table(Some(want[3]), None).unwrap();
        assert_eq!(deals.rows.len(), 4);
        assert!(deals.rows[1..].iter().all(|r| !r[1].is_empty()));
    }
    let zh = rapport_core::import::source::Source::open(export(&store, Language::Zh), "b.xlsx")
        .unwrap()
        .table(Some("成交"), None)
        .unwrap();
    assert_eq!(
        zh.rows[0],
        [
            "客脉编号",
            "客户名称",
            "公司名称",
            "成交日期",
            "成交金额",
            "产品",
            "付款方式"
        ]
    );
}

#[test]
fn the_after_sales_sheet_has_the_complaint_columns_in_both_languages() {
    let (_dir, store) = book();
    let sheet = |lang| {
        let name = record_sheet_names(lang)[2];
        rapport_core::import::source::Source::open(export(&store, lang), "b.xlsx")
            .unwrap()
            .table(Some(name), None)
            .unwrap()
    };
    let zh = sheet(Language::Zh);
    assert_eq!(
        zh.rows[0][7..],
        [
            "投诉日期",
            "投诉类别",
            "严重程度",
            "处理状态",
            "解决日期",
            "处理结果"
        ]
    );
    let resolved = zh.rows.iter().find(|r| r[4] == "补发配件").unwrap();
    assert_eq!(resolved[8..10], ["交付物流", "严重"]);
    assert_eq!(resolved[10], "已解决");
    assert_eq!(resolved[12], "补发并致歉");
    let visit = zh.rows.iter().find(|r| r[4] == "电话回访").unwrap();
    assert!(
        visit[7..].iter().all(String::is_empty),
        "no complaint: {visit:?}"
    );
    let en = sheet(Language::En);
    assert_eq!(
        en.rows[0][7..],
        [
            "Complaint received",
            "Complaint category",
            "Severity",
            "Complaint status",
            "Resolved on",
            "Resolution"
        ]
    );
    let handling = en.rows.iter().find(|r| r[4] == "核对发票").unwrap();
    assert_eq!(handling[8..11], ["Billing", "Low", "In progress"]);
}

#[test]
fn record_sheets_import_back_onto_their_customers() {
    let (_dir, store) = book();
    let want = records_by_name(&store);
    assert_eq!(want.iter().map(|(_, l)| l.len()).sum::<usize>(), 9);
    let complaints = want
        .iter()
        .flat_map(|(_, l)| l)
        .filter(|l| l.contains("Some(Complaint"));
    assert_eq!(complaints.count(), 2);
    for lang in [Language::Zh, Language::En] {
        let bytes = export(&store, lang);
        let (dir, empty) = open_temp();
        let [customers, _] = sheet_names(lang);
        import_sheet(&empty, &bytes, customers, lang);
        for sheet in record_sheet_names(lang) {
            import_sheet(&empty, &bytes, sheet, lang);
        }
        assert_eq!(records_by_name(&empty), want, "{lang:?}");
        empty.verify_indexes().unwrap();
        drop(dir);
    }
}

#[test]
fn the_whole_workbook_imports_in_one_go() {
    let (_dir, store) = book();
    let a = store.list_customers(&ListQuery::default()).unwrap().rows[0]
        .id
        .clone();
    let mut f = follow_up(t(5), Some(t(25)));
    f.content = "报价".into();
    store.log_follow_up(&a, f, t(5), &Shanghai).unwrap();
    let want = records_by_name(&store);
    for lang in [Language::Zh, Language::En] {
        let (_d, empty) = open_temp();
        let ctx = empty.import_context().unwrap();
        let mut s = ImportSession::open(export(&store, lang), "book.xlsx").unwrap();
        let prepared = s
            .prepare(&ImportOptions::default(), &ctx, &read(lang))
            .unwrap();
        let p = &prepared.preview;
        let [customers, follow_ups] = sheet_names(lang);
        assert_eq!(p.sheet.as_deref(), Some(customers));
        let mut together = vec![follow_ups];
        together.extend(record_sheet_names(lang));
        assert_eq!(p.together, together);
        let c = p.counts;
        assert_eq!(
            (
                c.new_customers,
                c.duplicates,
                c.follow_ups,
                c.opportunities,
                c.deals,
                c.services
            ),
            (2, 0, 1, 2, 3, 4)
        );
        assert_eq!(p.errors_total, 0, "{:?}", p.errors);
        let rec = empty
            .commit_import(
                &prepared.plan,
                DuplicatePolicy::Skip,
                "book.xlsx",
                t(20),
                &Shanghai,
            )
            .unwrap();
        assert_eq!((rec.customers_added, rec.follow_ups_added), (2, 1));
        assert_eq!(records_by_name(&empty), want, "{lang:?}");
        empty.verify_indexes().unwrap();

        // One sheet chosen: that sheet alone.
        let one = ImportOptions {
            sheet: Some(customers.into()),
            ..ImportOptions::default()
        };
        let p = s.prepare(&one, &ctx, &read(lang)).unwrap().preview;
        assert!(p.together.is_empty());
        assert_eq!((p.counts.follow_ups, p.counts.deals), (0, 0));
    }
}
