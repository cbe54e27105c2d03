#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The JSON export read back: the whole book round-trips through a file into an empty book
//! (restored as it was: ids, times, fields, contacts, tags, follow-ups with 跟进人, stages,
//! opportunities, deals, after-sales records, history), merges into a book with customers
//! by the sheets' duplicate rules, goes through the reader process, and refuses broken,
//! foreign, newer and inconsistent files with the place named.
mod common;
use chrono::{NaiveDate, TimeZone, Utc};
use chrono_tz::Asia::Shanghai;
use common::*;
use rapport_core::export::{to_json, JsonExport};
use rapport_core::import::plan::DuplicatePolicy;
use rapport_core::import::reader::{ReadRequest, ReaderProcess};
use rapport_core::import::session::{ImportSession, ReadContext};
use rapport_core::model::*;
use rapport_core::{CoreError, Store};

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
}

fn read() -> ReadContext<chrono_tz::Tz> {
    ReadContext {
        tz: Shanghai,
        now: t(20),
        reminder_time: chrono::NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
        lang: Language::Zh,
    }
}

/// A customer with every field set.
fn full(name: &str, phone: &str) -> CustomerInput {
    let mut c = company_with_contacts(name);
    let f = &mut c.fields;
    f.phones = vec![phone.into(), "0571-8888 6666".into()];
    f.emails = vec![format!("{phone}@example.cn")];
    f.wechat_ids = vec!["wx_1".into()];
    f.position = "总经理".into();
    f.address = "浙江省杭州市文三路 100 号".into();
    f.industry = "软件".into();
    f.source = "行业展会".into();
    f.owner = "李娜".into();
    f.first_contact_date = NaiveDate::from_ymd_opt(2026, 10, 8);
    f.contract_expiry = NaiveDate::from_ymd_opt(2027, 6, 30);
    f.birthday = NaiveDate::from_ymd_opt(1980, 2, 29);
    f.category = Some(Category::Interested);
    f.priority = Priority::High;
    f.needs = Needs {
        core_need: "CRM 系统".into(),
        budget: "15-20万".into(),
        decision_chain: "总经理拍板".into(),
        deadline: NaiveDate::from_ymd_opt(2026, 12, 31),
    };
    f.notes = "老客户介绍\n第二行".into();
    f.custom_fields = vec![
        CustomField {
            name: "合同编号".into(),
            value: CustomValue::Text("HT-1".into()),
        },
        CustomField {
            name: "席位".into(),
            value: CustomValue::Number(12.5),
        },
    ];
    c
}

/// Book A: a custom stage, three customers with everything, follow-ups done and open by
/// two people, stage moves, an opportunity and the deal closing it, after-sales records
/// with a plan, an unused tag.
fn build(store: &Store) {
    let mut settings = Settings::with_language(Language::Zh);
    settings.stages.insert(
        2,
        StageSetting {
            stage: Stage::Custom1,
            name: "样品测试".into(),
            tasks: Vec::new(),
        },
    );
    settings.me = "张伟".into();
    store.save_settings(settings).unwrap();
    store.create_tag("未使用", None).unwrap();
    let a = store
        .create_customer(full("甲公司", "13800138000"), t(1))
        .unwrap();
    let b = store
        .create_customer(full("乙公司", "13900139000"), t(1))
        .unwrap();
    let mut person = customer("John Smith", &["Export"]);
    person.fields.kind = CustomerKind::Person;
    person.fields.emails = vec!["john@example.com".into()];
    let c = store.create_customer(person, t(2)).unwrap();
    let mut f = follow_up(t(3), None);
    f.by = "李娜".into();
    f.contact = "王芳".into();
    store.log_follow_up(&a.id, f, t(3), &Shanghai).unwrap();
    let mut open = follow_up(t(4), Some(t(25)));
    open.next_by = "李娜".into();
    open.method = "visit".into();
    store.log_follow_up(&a.id, open, t(4), &Shanghai).unwrap();
    store
        .log_follow_up(&c.id, follow_up(t(5), Some(t(26))), t(5), &Shanghai)
        .unwrap();
    store.move_stage(&a.id, Stage::Custom1, "", t(6)).unwrap();
    store.move_stage(&b.id, Stage::Lost, "价格", t(6)).unwrap();
    let opp = store
        .add_opportunity(
            &a.id,
            OpportunityInput {
                need: "打样".into(),
                stage: Stage::Custom1,
                expected_amount: Some(5_000_000),
                expected_close: Some(day(30)),
                ..Default::default()
            },
            t(7),
        )
        .unwrap();
    store
        .add_deal(
            &a.id,
            DealInput {
                date: day(8),
                amount: 1_280_050,
                product_or_service: "设备".into(),
                payment_method: "instalments".into(),
                salesperson: "李娜".into(),
                notes: "首付三成".into(),
                opportunity_id: Some(opp.id.clone()),
            },
            t(8),
            &Shanghai,
        )
        .unwrap();
    let mut s = service(day(9), Some(t(28)));
    s.satisfaction = Some(4);
    s.solution = "更换主板".into();
    store.add_service(&a.id, s, t(9)).unwrap();
    store
        .add_service(&c.id, service(day(10), None), t(10))
        .unwrap();
}

fn export(store: &Store) -> Vec<u8> {
    let set = store.export_set_with_records(None).unwrap();
    to_json(&set, t(20)).unwrap()
}

fn parsed(bytes: &[u8]) -> JsonExport {
    serde_json::from_slice(bytes).unwrap()
}

/// Everything the UI reads of a book, for comparing two books.
fn everything(store: &Store) -> serde_json::Value {
    let q = ListQuery {
        limit: 100,
        ..Default::default()
    };
    let rows = store.list_customers(&q).unwrap().rows;
    let per_customer: Vec<serde_json::Value> = rows
        .iter()
        .map(|r| {
            serde_json::json!({
                "customer": store.get_customer(&r.id).unwrap(),
                "timeline": store.timeline(&r.id).unwrap(),
                "followUps": store.follow_ups_of(&r.id).unwrap(),
                "opportunities": store.opportunities_of(&r.id).unwrap(),
                "deals": store.deals_of(&r.id).unwrap(),
                "services": store.services_of(&r.id).unwrap(),
            })
        })
        .collect();
    serde_json::json!({
        "rows": rows,
        "customers": per_customer,
        "tags": store.list_tags().unwrap(),
        "stages": store.pipeline().unwrap().settings(),
    })
}

#[test]
fn the_whole_book_round_trips_through_json_into_an_empty_book() {
    let (_a, a) = open_temp();
    build(&a);
    let file = export(&a);
    let (_b, b) = open_temp();
    let ctx = b.import_context().unwrap();
    let mut session = ImportSession::open(file.clone(), "客户.json").unwrap();
    let prepared = session
        .prepare(&ImportOptions::default(), &ctx, &read())
        .unwrap();
    let p = &prepared.preview;
    assert_eq!(p.format, "json");
    let summary = p.book.clone().unwrap();
    assert!(summary.restore, "an empty book is restored");
    assert_eq!(
        (summary.customers, summary.follow_ups, summary.opportunities),
        (3, 3, 1)
    );
    assert_eq!((summary.deals, summary.services, summary.tags), (1, 2, 5));
    assert_eq!(summary.history, 2);
    assert_eq!(p.counts.new_customers, 3);
    // 甲 is at the file's custom stage, which the restore brings along: no problem to show.
    assert_eq!(p.errors_total, 0, "{:?}", p.errors);
    let book = prepared.restore.clone().unwrap();
    let rec = b
        .restore_book(&book, "客户.json", t(21), Language::Zh, &mut |_| true)
        .unwrap();
    assert_eq!(rec.state, ImportState::Complete);
    assert_eq!(
        (rec.customers_added, rec.follow_ups_added, rec.deals_added),
        (3, 3, 1)
    );
    // The same file again, byte for byte (but the export time), and the same book as the
    // UI reads it.
    assert_eq!(parsed(&export(&b)), parsed(&file));
    assert_eq!(everything(&b), everything(&a));
    // Found by name and contact: records made in the same millisecond have ids in either order.
    let file_book = parsed(&file);
    let jia = file_book
        .customers
        .iter()
        .find(|c| c.customer.fields.name == "甲公司")
        .unwrap();
    let fus = b.follow_ups_of(&jia.customer.id).unwrap();
    let logged_by_li = fus.iter().find(|f| f.contact == "王芳").unwrap();
    assert_eq!(logged_by_li.by, "李娜", "跟进人 kept");
    b.verify_indexes().unwrap();
    let agenda = |s: &Store| {
        let q = AgendaQuery::default();
        serde_json::to_value(s.agenda(&q, t(20), &Shanghai).unwrap()).unwrap()
    };
    assert_eq!(agenda(&b), agenda(&a));

    // Undone like any import: the book is empty again, and restores again.
    b.undo_import(&rec.id, t(22)).unwrap();
    assert_eq!(b.customer_count().unwrap(), 0);
    assert!(b.is_empty().unwrap());
    b.verify_indexes().unwrap();
    b.restore_book(&book, "客户.json", t(23), Language::Zh, &mut |_| true)
        .unwrap();
    assert_eq!(everything(&b), everything(&a));
}

#[test]
fn a_restore_refuses_a_book_that_is_no_longer_empty() {
    let (_a, a) = open_temp();
    build(&a);
    let book = parsed(&export(&a));
    let (_b, b) = open_temp();
    b.create_customer(customer("丙", &[]), t(1)).unwrap();
    let e = b
        .restore_book(&book, "x.json", t(2), Language::Zh, &mut |_| true)
        .unwrap_err();
    assert_eq!(e.code(), "bookNotEmpty");
    assert_eq!(b.customer_count().unwrap(), 1);
}

#[test]
fn a_tag_the_empty_book_has_already_is_the_one_restored_customers_carry() {
    let (_a, a) = open_temp();
    build(&a);
    let book = parsed(&export(&a));
    let (_b, b) = open_temp();
    let vip = b.create_tag("vip", None).unwrap();
    let rec = b
        .restore_book(&book, "x.json", t(2), Language::Zh, &mut |_| true)
        .unwrap();
    let jia = b.get_customer(&book.customers[0].customer.id).unwrap();
    assert!(jia.tag_ids.contains(&vip.id), "{:?}", jia.tag_ids);
    b.verify_indexes().unwrap();
    // The undo keeps the book's own tag.
    b.undo_import(&rec.id, t(3)).unwrap();
    let names: Vec<String> = b
        .list_tags()
        .unwrap()
        .into_iter()
        .map(|t| t.tag.name)
        .collect();
    assert_eq!(names, vec!["vip"]);
}

#[test]
fn a_cancelled_restore_leaves_the_book_empty() {
    let (_a, a) = open_temp();
    build(&a);
    let book = parsed(&export(&a));
    let (_b, b) = open_temp();
    let e = b
        .restore_book(&book, "x.json", t(2), Language::Zh, &mut |_| false)
        .unwrap_err();
    assert_eq!(e, CoreError::Cancelled);
    assert!(b.is_empty().unwrap());
    b.verify_indexes().unwrap();
}

#[test]
fn into_a_book_with_customers_the_file_merges_by_the_duplicate_rules() {
    let (_a, a) = open_temp();
    build(&a);
    let file = export(&a);
    let (_b, b) = open_temp();
    // 甲 by phone (another name and format), nobody else.
    let mut jia = customer("甲公司（杭州）", &[]);
    jia.fields.phones = vec!["+86 138-0013-8000".into()];
    let jia = b.create_customer(jia, t(1)).unwrap();
    let ctx = b.import_context().unwrap();
    let mut session = ImportSession::open(file, "客户.json").unwrap();
    let prepared = session
        .prepare(&ImportOptions::default(), &ctx, &read())
        .unwrap();
    let p = &prepared.preview;
    assert!(!p.book.as_ref().unwrap().restore);
    assert!(prepared.restore.is_none());
    let c = p.counts;
    assert_eq!(
        (
            c.new_customers,
            c.duplicates,
            c.follow_ups,
            c.deals,
            c.services
        ),
        (2, 1, 3, 1, 2)
    );
    assert_eq!(
        p.customers[0].duplicate_of.as_deref(),
        Some(jia.id.as_str())
    );
    // 甲 is at the custom stage 样品测试, which this book lacks: said, and left at a stage
    // the book has (see the next test).
    assert_eq!(p.errors_total, 1, "{:?}", p.errors);
    assert!(p.errors[0].message.contains("甲公司"), "{:?}", p.errors);
    let rec = b
        .commit_import(
            &prepared.plan,
            DuplicatePolicy::Merge,
            "客户.json",
            t(21),
            &Shanghai,
        )
        .unwrap();
    assert_eq!((rec.customers_added, rec.customers_merged), (2, 1));
    // 甲's follow-ups (跟进人 kept), deal and service landed on the book's 甲.
    let fus = b.follow_ups_of(&jia.id).unwrap();
    assert_eq!(fus.len(), 2);
    assert!(fus.iter().any(|f| f.by == "李娜"));
    assert_eq!(b.deals_of(&jia.id).unwrap()[0].amount, 1_280_050);
    assert_eq!(b.services_of(&jia.id).unwrap().len(), 1);
    assert_eq!(b.customer_count().unwrap(), 3);
    b.verify_indexes().unwrap();
    // Undone like any import.
    b.undo_import(&rec.id, t(22)).unwrap();
    assert_eq!(b.customer_count().unwrap(), 1);
    assert!(b.follow_ups_of(&jia.id).unwrap().is_empty());
}

#[test]
fn a_stage_the_book_lacks_is_matched_by_name_or_reported() {
    let (_a, a) = open_temp();
    build(&a);
    let file = export(&a);
    let (_b, b) = open_temp();
    b.create_customer(customer("别人", &[]), t(1)).unwrap();
    let ctx = b.import_context().unwrap();
    let prepared = ImportSession::open(file.clone(), "x.json")
        .unwrap()
        .prepare(&ImportOptions::default(), &ctx, &read())
        .unwrap();
    // 甲 is at 样品测试 (custom1), unknown to this book: left at the first stage, reported.
    assert_eq!(prepared.preview.errors_total, 1);
    assert_eq!(
        prepared.plan.customers[0].input.fields.stage,
        Stage::InitialContact
    );
    // A book with a stage of that name takes it, whatever its key.
    let mut settings = Settings::with_language(Language::Zh);
    settings.stages.insert(
        1,
        StageSetting {
            stage: Stage::Custom3,
            name: "样品测试".into(),
            tasks: Vec::new(),
        },
    );
    b.save_settings(settings).unwrap();
    let ctx = b.import_context().unwrap();
    let prepared = ImportSession::open(file, "x.json")
        .unwrap()
        .prepare(&ImportOptions::default(), &ctx, &read())
        .unwrap();
    assert_eq!(prepared.preview.errors_total, 0);
    assert_eq!(
        prepared.plan.customers[0].input.fields.stage,
        Stage::Custom3
    );
}

fn refused(bytes: &[u8]) -> (&'static str, String, String) {
    match ImportSession::open(bytes.to_vec(), "x.json") {
        Err(CoreError::File { code, zh, en }) => (code, zh, en),
        Err(e) => panic!("not a file error: {e:?}"),
        Ok(_) => panic!("accepted"),
    }
}

#[test]
fn broken_foreign_newer_and_inconsistent_files_are_refused_with_the_place() {
    let (_a, a) = open_temp();
    build(&a);
    let good = String::from_utf8(export(&a)).unwrap();

    // Cut off: damaged, with serde_json's line and column.
    let cut = &good[..good.len() / 2];
    let (code, zh, en) = refused(cut.as_bytes());
    assert_eq!(code, "damagedFile");
    assert!(en.contains("line ") && en.contains("column "), "{en}");
    assert!(
        zh.contains("行") && zh.contains("列") && zh.contains("损坏"),
        "{zh}"
    );

    // A value of the wrong kind, on line 3.
    let bad = "{\"format\": \"rapport-export\", \"version\": 1,\n\"exportedAt\": \"2026-11-01T00:00:00Z\",\n\"customers\": 7, \"tags\": [], \"followUps\": []}";
    let (code, _, en) = refused(bad.as_bytes());
    assert_eq!(code, "damagedFile");
    assert!(en.contains("line 3"), "{en}");

    // Other JSON.
    assert_eq!(refused(br#"{"name": "x"}"#).0, "notRapportJson");
    assert_eq!(
        refused(br#"{"format": "other", "version": 1}"#).0,
        "notRapportJson"
    );

    // A newer format.
    let newer = good.replacen("\"version\": 1", "\"version\": 2", 1);
    let (code, zh, en) = refused(newer.as_bytes());
    assert_eq!(code, "jsonTooNew");
    assert!(en.contains("newer Rapport") && en.contains('2'), "{en}");
    assert!(zh.contains("较新版本"), "{zh}");

    // A follow-up whose customer is not in the file.
    let mut book = parsed(good.as_bytes());
    book.follow_ups[0].customer_id = ulid::Ulid::new().to_string();
    let (code, _, en) = refused(&serde_json::to_vec(&book).unwrap());
    assert_eq!(code, "damagedFile");
    assert!(en.contains("followUps[0].customerId"), "{en}");

    // An id twice.
    let mut book = parsed(good.as_bytes());
    book.deals.push(book.deals[0].clone());
    let (_, _, en) = refused(&serde_json::to_vec(&book).unwrap());
    assert!(en.contains("deals[1].id"), "{en}");

    // A deal closing an opportunity the file lacks (the fuzzer's first finding).
    let mut book = parsed(good.as_bytes());
    book.opportunities.clear();
    let (code, _, en) = refused(&serde_json::to_vec(&book).unwrap());
    assert_eq!(code, "damagedFile");
    assert!(en.contains("deals[0].opportunityId"), "{en}");

    // An id in lower case: another spelling of an id, refused.
    let mut book = parsed(good.as_bytes());
    book.customers[2].customer.id = book.customers[2].customer.id.to_lowercase();
    let (_, _, en) = refused(&serde_json::to_vec(&book).unwrap());
    assert!(en.contains("customers[2].id"), "{en}");

    // A BOM and leading blank lines are fine.
    let mut bom = b"\xEF\xBB\xBF\n\n".to_vec();
    bom.extend_from_slice(good.as_bytes());
    assert!(ImportSession::open(bom, "x.json").is_ok());
}

#[test]
fn the_reader_process_hands_the_book_back_whole() {
    let (_a, a) = open_temp();
    build(&a);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("客户.json");
    std::fs::write(&path, export(&a)).unwrap();
    let reader = ReaderProcess::new(env!("CARGO_BIN_EXE_rapport-file-reader").into());
    let request = ReadRequest {
        path: path.clone(),
        sheet: None,
        encoding: None,
    };
    let answer = reader.read(&request).unwrap();
    assert_eq!(answer.format, "json");
    assert_eq!(*answer.book.unwrap(), parsed(&export(&a)));

    // Its refusals arrive in both languages.
    std::fs::write(&path, b"{\"format\": \"rapport-export\", \"version\": 99}").unwrap();
    match reader.read(&request) {
        Err(CoreError::File { code, .. }) => assert_eq!(code, "jsonTooNew"),
        other => panic!("{:?}", other.map(|r| r.format)),
    }

    // The whole import through the reader process, as the app runs it.
    std::fs::write(&path, export(&a)).unwrap();
    let (_b, b) = open_temp();
    let mut pending =
        rapport_core::import::pending::PendingImport::open_isolated(&path, reader).unwrap();
    let ctx = b.import_context().unwrap();
    let prepared = pending
        .for_import(&ImportOptions::default(), &ctx, &read())
        .unwrap();
    let book = prepared.restore.clone().unwrap();
    b.restore_book(&book, "客户.json", t(21), Language::Zh, &mut |_| true)
        .unwrap();
    assert_eq!(everything(&b), everything(&a));
}

/// `RAPPORT_JSON_BENCH=10000 cargo test --release --test import_json_book -- --ignored
/// --nocapture`: export, parse and restore time of a generated book.
#[test]
#[ignore]
fn timing_of_a_large_book() {
    let n: usize = std::env::var("RAPPORT_JSON_BENCH")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let (_a, a) = open_temp();
    let inputs: Vec<CustomerInput> = (0..n)
        .map(|i| full(&format!("客户{i}"), &format!("1380000{i:04}")))
        .collect();
    let made = a.create_customers(inputs, t(1)).unwrap();
    let fus: Vec<(String, FollowUpInput)> = made
        .iter()
        .map(|c| (c.id.clone(), follow_up(t(3), Some(t(25)))))
        .collect();
    for (id, f) in fus {
        a.log_follow_up(&id, f, t(3), &Shanghai).unwrap();
    }
    let started = std::time::Instant::now();
    let file = export(&a);
    let exported = started.elapsed();
    let started = std::time::Instant::now();
    let mut session = ImportSession::open(file.clone(), "big.json").unwrap();
    let (_b, b) = open_temp();
    let ctx = b.import_context().unwrap();
    let prepared = session
        .prepare(&ImportOptions::default(), &ctx, &read())
        .unwrap();
    let previewed = started.elapsed();
    let started = std::time::Instant::now();
    let book = prepared.restore.clone().unwrap();
    b.restore_book(&book, "big.json", t(21), Language::Zh, &mut |_| true)
        .unwrap();
    let restored = started.elapsed();
    println!(
        "{n} customers, {n} follow-ups, {} MB: export {exported:?}, parse + preview {previewed:?}, restore {restored:?}",
        file.len() / 1_048_576
    );
    assert_eq!(b.customer_count().unwrap(), n);
    let _ = Utc.timestamp_opt(0, 0);
}

/// Writes this file's book A as the JSON fixture (`tests/fixtures/客脉导出.json`, the fuzz
/// target `json_book`'s seed): `RAPPORT_WRITE_JSON_FIXTURE=tests/fixtures/客脉导出.json cargo
/// test -p rapport-core --test import_json_book -- --ignored write_the_fixture`.
#[test]
#[ignore]
fn write_the_fixture() {
    let Ok(path) = std::env::var("RAPPORT_WRITE_JSON_FIXTURE") else {
        return;
    };
    let (_a, a) = open_temp();
    build(&a);
    std::fs::write(path, export(&a)).unwrap();
}
