//! The legacy files of `tests/fixtures/` (made by `make_fixtures.py`) imported exactly as the
//! app does: `ImportSession::open` + `prepare` into an empty book, Asia/Shanghai, a fixed
//! clock, default options. The figures come from `tests/fixtures/expected.json`, so the test
//! and the file the README describes cannot drift apart.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;

use chrono::{DateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Asia::Shanghai;
use common::open_temp;
use rapport_core::import::headers::Target;
use rapport_core::import::plan::DuplicatePolicy;
use rapport_core::import::session::{ImportSession, Prepared, ReadContext};
use rapport_core::import::values::DateOrder;
use rapport_core::model::{ImportOptions, ImportPreview, ImportState, Language, ListQuery};
use rapport_core::Store;
use serde_json::{json, Map, Value};
use std::path::PathBuf;

fn fixtures() -> PathBuf {
    PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../tests/fixtures/"
    ))
}

fn bytes(name: &str) -> Vec<u8> {
    let path = fixtures().join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn expected() -> Map<String, Value> {
    let text = String::from_utf8(bytes("expected.json")).unwrap();
    match serde_json::from_str(&text).unwrap() {
        Value::Object(map) => map,
        other => panic!("expected.json is not an object: {other}"),
    }
}

/// 2024-06-15 09:00 in Shanghai: after every date in the fixtures.
fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 6, 15, 1, 0, 0).unwrap()
}

fn read(lang: Language) -> ReadContext<chrono_tz::Tz> {
    ReadContext {
        tz: Shanghai,
        now: now(),
        reminder_time: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
        lang,
    }
}

/// The fixture prepared into `store` with `options`.
fn prepare(store: &Store, name: &str, options: &ImportOptions) -> Prepared {
    let ctx = store.import_context().unwrap();
    let mut session =
        ImportSession::open(bytes(name), name).unwrap_or_else(|e| panic!("{name}: {e}"));
    session
        .prepare(options, &ctx, &read(Language::Zh))
        .unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// A target as expected.json writes it: its serialised name, `custom:<name>` for a custom
/// field.
fn target_name(target: &Target) -> String {
    match serde_json::to_value(target).unwrap() {
        Value::String(s) => s,
        Value::Object(m) => match m.get("custom") {
            Some(Value::String(name)) => format!("custom:{name}"),
            _ => panic!("unexpected target {m:?}"),
        },
        other => panic!("unexpected target {other}"),
    }
}

fn str_of<'a>(spec: &'a Value, key: &str) -> Option<&'a str> {
    spec.get(key).map(|v| v.as_str().expect(key))
}

/// The list's page for `text` typed in the search box.
fn search(store: &Store, text: &str) -> rapport_core::model::ListPage {
    store
        .list_customers(&ListQuery {
            search: text.into(),
            ..Default::default()
        })
        .unwrap()
}

/// The one customer the search for `who` finds.
fn the_one(store: &Store, who: &str) -> rapport_core::model::Customer {
    let page = search(store, who);
    assert_eq!(page.rows.len(), 1, "{who}");
    store.get_customer(&page.rows[0].id).unwrap()
}

/// Every figure of `spec` (one file's entry in expected.json) against the preview.
fn check_preview(name: &str, spec: &Value, p: &ImportPreview) {
    let ctx = |what: &str| format!("{name}: {what}");
    assert_eq!(
        Some(p.format.as_str()),
        str_of(spec, "format"),
        "{}",
        ctx("format")
    );
    assert_eq!(
        json!(p.header_row),
        spec["headerRow"],
        "{}",
        ctx("headerRow")
    );
    if let Some(sheet) = str_of(spec, "sheet") {
        assert_eq!(p.sheet.as_deref(), Some(sheet), "{}", ctx("sheet"));
    }
    if let Some(encoding) = str_of(spec, "encoding") {
        assert_eq!(p.encoding.as_deref(), Some(encoding), "{}", ctx("encoding"));
    } else if p.format != "csv" {
        assert_eq!(p.encoding, None, "{}", ctx("a workbook has no encoding"));
    }
    if let Some(sure) = spec.get("encodingConfident") {
        assert_eq!(json!(p.encoding_confident), *sure, "{}", ctx("confident"));
    }
    if let Some(delimiter) = str_of(spec, "delimiter") {
        // The preview does not name the delimiter: a wrong one leaves one column.
        assert!(p.columns.len() > 1, "{}", ctx("delimiter"));
        if let Some(first) = p.columns.first() {
            assert!(!first.header.contains(delimiter), "{}", ctx("delimiter"));
        }
    }
    if let Some(columns) = spec.get("columns") {
        let got: Vec<String> = p.columns.iter().map(|c| target_name(&c.target)).collect();
        assert_eq!(json!(got), *columns, "{}", ctx("columns"));
    }
    if let Some(ambiguous) = spec.get("ambiguousDateColumns") {
        let got: Vec<&str> = p
            .columns
            .iter()
            .filter(|c| c.ambiguous_dates)
            .map(|c| c.header.as_str())
            .collect();
        assert_eq!(json!(got), *ambiguous, "{}", ctx("ambiguous date columns"));
    }
    if let Some(flag) = spec.get("dateOrderAmbiguous") {
        assert_eq!(json!(p.date_order_ambiguous), *flag, "{}", ctx("ambiguous"));
    }
    if let Some(order) = spec.get("dateOrder") {
        assert_eq!(serde_json::to_value(p.date_order).unwrap(), *order);
    }
    // The figures the spec names (counts added later, such as records, default to 0).
    let counts = serde_json::to_value(p.counts).unwrap();
    for (key, want) in spec["counts"].as_object().into_iter().flatten() {
        assert_eq!(counts[key], *want, "{}", ctx(&format!("counts.{key}")));
    }
    for key in ["opportunities", "deals", "services"] {
        let want = spec["counts"].get(key).cloned().unwrap_or(json!(0));
        assert_eq!(counts[key], want, "{}", ctx(&format!("counts.{key}")));
    }
    let errors: Vec<Value> = p
        .errors
        .iter()
        .map(|e| {
            let outcome = serde_json::to_value(e.outcome).unwrap();
            json!({ "row": e.row, "column": e.column, "value": e.value, "outcome": outcome })
        })
        .collect();
    let want = spec.get("errors").cloned().unwrap_or_else(|| json!([]));
    assert_eq!(json!(errors), want, "{}", ctx("errors"));
    assert_eq!(p.errors_total as usize, errors.len(), "{}", ctx("errors"));
    for e in &p.errors {
        assert!(!e.message.is_empty(), "{}", ctx("error message"));
    }
    if let Some(want) = spec.get("notices") {
        let got: Vec<Value> = p
            .notices
            .iter()
            .map(|e| json!({ "row": e.row, "column": e.column, "value": e.value }))
            .collect();
        assert_eq!(json!(got), *want, "{}", ctx("notices"));
    }
    if let Some(want) = spec.get("skipped") {
        let got: Vec<Value> = p
            .skipped
            .iter()
            .map(|s| json!({ "row": s.row, "reason": s.reason, "label": s.label }))
            .collect();
        assert_eq!(json!(got), *want, "{}", ctx("skipped rows"));
    }
    if let Some(customers) = spec.get("customers").and_then(Value::as_array) {
        assert_eq!(p.customers.len(), customers.len(), "{}", ctx("customers"));
        for c in customers {
            let cname = c["name"].as_str().unwrap();
            let got = p
                .customers
                .iter()
                .find(|pc| pc.name == cname)
                .unwrap_or_else(|| panic!("{name}: no customer {cname}"));
            assert_eq!(json!(got.rows), c["rows"], "{name}: rows of {cname}");
            assert_eq!(
                json!(got.follow_ups),
                c["followUps"],
                "{name}: follow-ups of {cname}"
            );
        }
    }
    if let Some(first) = spec.get("firstDataRow") {
        let rows = p.customers.iter().flat_map(|c| c.rows.iter().copied());
        let first_seen = rows.chain(p.errors.iter().map(|e| e.row)).min();
        assert_eq!(json!(first_seen), *first, "{}", ctx("first data row"));
    }
}

#[test]
fn every_fixture_has_expected_figures() {
    let expected = expected();
    let mut missing = Vec::new();
    for entry in std::fs::read_dir(fixtures()).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        // hostile/ has its own test (hostile_files.rs).
        let own = ["README.md", "expected.json", "hostile"];
        // contacts.vcf is maintained separately, with its own test; *.py make the fixtures.
        let maker = name.ends_with(".py") || name == "__pycache__";
        if !own.contains(&name.as_str())
            && !maker
            && name != "contacts.vcf"
            && !expected.contains_key(&name)
        {
            missing.push(name);
        }
    }
    assert!(missing.is_empty(), "not in expected.json: {missing:?}");
    for name in expected.keys().filter(|k| !k.starts_with('_')) {
        assert!(fixtures().join(name).is_file(), "{name} is missing");
    }
}

#[test]
fn readable_fixtures_preview_the_expected_figures() {
    let (_d, store) = open_temp();
    let mut checked = 0;
    for (name, spec) in expected() {
        if name.starts_with('_') || spec.get("openError").is_some() {
            continue;
        }
        let prepared = prepare(&store, &name, &ImportOptions::default());
        check_preview(&name, &spec, &prepared.preview);
        assert_eq!(prepared.plan.counts, prepared.preview.counts);
        checked += 1;

        // The fixtures' figures do not depend on the date order (README).
        let day_first = ImportOptions {
            date_order: Some(DateOrder::DayFirst),
            ..Default::default()
        };
        let p = prepare(&store, &name, &day_first).preview;
        assert_eq!(
            p.counts, prepared.preview.counts,
            "{name}: counts with day first"
        );
    }
    assert_eq!(checked, 12);
    assert!(store.is_empty().unwrap(), "previews do not write");
}

#[test]
fn the_traditional_and_hubspot_files_import_every_row() {
    let (_d, store) = open_temp();
    let big5 = prepare(&store, "客户-big5.csv", &ImportOptions::default()).preview;
    let targets: Vec<String> = big5
        .columns
        .iter()
        .map(|c| target_name(&c.target))
        .collect();
    assert_eq!(
        targets,
        [
            "name",
            "contactName",
            "phones",
            "phones",
            "emails",
            "address",
            "source",
            "category",
            "tags",
            "notes",
            "firstContactDate"
        ]
    );
    let first = &big5.customers[0];
    assert_eq!(first.name, "鴻達電腦股份有限公司");
    assert_eq!(first.phones, ["(02)2345-6789", "0912-345-678"]);
    assert_eq!(first.emails, ["david@hongda.com.tw"]);

    let hubspot = prepare(&store, "hubspot-contacts.csv", &ImportOptions::default()).preview;
    let stage_of = |name: &str| {
        let c = hubspot.customers.iter().find(|c| c.name == name).unwrap();
        serde_json::to_value(c.stage).unwrap()
    };
    assert_eq!(stage_of("Emily Johnson"), "initialContact"); // subscriber
    assert_eq!(stage_of("Sarah Davis"), "initialContact"); // marketingqualifiedlead
    assert_eq!(stage_of("Wei Zhang"), "needsConfirmed"); // salesqualifiedlead
    assert_eq!(stage_of("James Wilson"), "proposal"); // opportunity
    assert_eq!(stage_of("Lukas Schneider"), "won"); // evangelist
    assert_eq!(stage_of("Aiko Tanaka"), "initialContact"); // other
    let smith = hubspot
        .customers
        .iter()
        .find(|c| c.name == "John Smith")
        .unwrap();
    assert_eq!(smith.rows, [9, 14], "one customer by e-mail, case ignored");
    assert_eq!(
        serde_json::to_value(smith.stage).unwrap(),
        "proposal",
        "the first row's default stage (lead) is filled from row 14 (opportunity)"
    );
}

#[test]
fn the_follow_up_sheet_commits_and_undoes() {
    let (_d, store) = open_temp();
    let name = "跟进记录表.xlsx";
    let prepared = prepare(&store, name, &ImportOptions::default());
    let spec = &expected()[name];
    let rec = store
        .commit_import(
            &prepared.plan,
            DuplicatePolicy::Merge,
            name,
            now(),
            &Shanghai,
        )
        .unwrap();
    assert_eq!(rec.state, ImportState::Complete);
    assert_eq!(json!(rec.customers_added), spec["counts"]["newCustomers"]);
    assert_eq!(json!(rec.follow_ups_added), spec["counts"]["followUps"]);
    assert_eq!(store.customer_count().unwrap(), 11);

    let find = |who: &str| the_one(&store, who);
    // 张伟: rows 5–7 merged, and row 21 (张伟（明达）) by phone.
    let zhang = find("张伟");
    assert_eq!(zhang.fields.name, "张伟");
    assert_eq!(zhang.fields.company, "上海明达贸易有限公司");
    let follow_ups = store.follow_ups_of(&zhang.id).unwrap();
    assert_eq!(follow_ups.len(), 4);
    let first = follow_ups
        .iter()
        .find(|f| f.content == "首次电话沟通，了解采购需求")
        .expect("row 5's follow-up");
    // 2024-05-06 (a date cell) at the start of the day in Shanghai; next 5/8/2024 at 09:00.
    assert_eq!(first.at.to_rfc3339(), "2024-05-05T16:00:00+00:00");
    assert_eq!(
        first.next_at.map(|t| t.to_rfc3339()).as_deref(),
        Some("2024-05-08T01:00:00+00:00")
    );
    assert!(follow_ups.iter().any(|f| f.content == "客户来电咨询交期"));
    let tags = store.list_tags().unwrap();
    let mut names: Vec<&str> = zhang
        .tag_ids
        .iter()
        .map(|id| {
            tags.iter()
                .find(|t| t.tag.id == *id)
                .map(|t| t.tag.name.as_str())
                .unwrap()
        })
        .collect();
    names.sort_unstable();
    let mut want = ["VIP", "华东", "展会客户", "重点客户"];
    want.sort_unstable();
    assert_eq!(names, want);

    // 王强: the date-time cell keeps its time (14:30 Shanghai).
    let wang = find("王强");
    let follow_ups = store.follow_ups_of(&wang.id).unwrap();
    assert_eq!(follow_ups.len(), 3);
    let call = follow_ups
        .iter()
        .find(|f| f.content == "电话回访，确认需求")
        .unwrap();
    assert_eq!(call.at.to_rfc3339(), "2024-05-03T06:30:00+00:00");
    // 郑浩: a 跟进日期 alone is not a follow-up.
    assert!(store.follow_ups_of(&find("郑浩").id).unwrap().is_empty());
    store.verify_indexes().unwrap();

    let undone = store.undo_import(&rec.id, now()).unwrap();
    assert_eq!(undone.state, ImportState::Undone);
    assert_eq!(store.customer_count().unwrap(), 0);
    let page = store.list_customers(&ListQuery::default()).unwrap();
    assert!(page.rows.is_empty());
    assert!(
        store.is_empty().unwrap(),
        "nothing left, not even in the trash"
    );
    assert!(store
        .follow_ups_of(&zhang.id)
        .unwrap_or_default()
        .is_empty());
    assert!(store
        .list_tags()
        .unwrap()
        .iter()
        .all(|t| t.customer_count == 0));
    store.verify_indexes().unwrap();
}

/// What the English message says for each `workbookError` of expected.json.
fn workbook_error_words(kind: &str) -> &'static str {
    match kind {
        "Corrupt" => "damaged or incomplete",
        "PasswordProtected" => "password-protected",
        "Suspicious" => "zip bomb",
        other => panic!("unknown workbookError {other}"),
    }
}

#[test]
fn bad_fixtures_are_refused_with_a_clear_error_in_both_languages() {
    let mut checked = Vec::new();
    for (name, spec) in expected() {
        let Some(code) = str_of(&spec, "openError") else {
            continue;
        };
        let e = ImportSession::open(bytes(&name), &name)
            .err()
            .unwrap_or_else(|| panic!("{name} opened"));
        let zh = rapport_core::i18n::message(&e, Language::Zh);
        let en = rapport_core::i18n::message(&e, Language::En);
        assert_eq!(e.code(), code, "{name}");
        assert!(!zh.trim().is_empty() && !en.trim().is_empty(), "{name}");
        assert_ne!(zh, en, "{name}");
        if let Some(kind) = str_of(&spec, "workbookError") {
            let words = workbook_error_words(kind);
            assert!(en.contains(words), "{name}: {en:?} lacks {words:?}");
        }
        checked.push(name);
    }
    checked.sort();
    assert_eq!(
        checked,
        [
            "bomb.xlsx",
            "empty.csv",
            "garbage.xlsx",
            "password.xlsx",
            "truncated.xlsx"
        ]
    );
}

#[test]
fn the_deal_sheet_brings_its_money_into_the_book() {
    let (_d, store) = open_temp();
    let name = "客户成交管理表.xlsx";
    let prepared = prepare(&store, name, &ImportOptions::default());
    let rec = store
        .commit_import(
            &prepared.plan,
            DuplicatePolicy::Merge,
            name,
            now(),
            &Shanghai,
        )
        .unwrap();
    assert_eq!(rec.state, ImportState::Complete);
    // Six customers: not 合计, not the 制表人 line.
    assert_eq!(store.customer_count().unwrap(), 6);
    for skipped in ["合计", "制表人"] {
        assert_eq!(search(&store, skipped).total, 0, "{skipped} is no customer");
    }
    let find = |who: &str| the_one(&store, who);
    let huadong = find("华东贸易");
    let opportunities = store.opportunities_of(&huadong.id).unwrap();
    assert_eq!(opportunities.len(), 1);
    assert_eq!(opportunities[0].expected_amount, Some(150_000 * 100));
    // The bad date cost only the date: 恒通 is there with its 8.5万 and its follow-up.
    let hengtong = find("恒通科技");
    assert_eq!(
        store.opportunities_of(&hengtong.id).unwrap()[0].expected_amount,
        Some(85_000 * 100)
    );
    assert_eq!(store.follow_ups_of(&hengtong.id).unwrap().len(), 1);
    // 面议 is kept as the opportunity's budget note, with no amount.
    let boyuan = store.opportunities_of(&find("博远实业").id).unwrap();
    assert_eq!(boyuan[0].expected_amount, None);
    assert!(boyuan[0].budget_note.contains("面议"), "{boyuan:?}");
    // Deals: ¥150,000 for 张伟, 12万 for 金达 with its after-sales visit.
    let zhang = store.deals_of(&find("张伟").id).unwrap();
    assert_eq!(zhang.len(), 1);
    assert_eq!(zhang[0].amount, 150_000 * 100);
    assert_eq!(zhang[0].date.to_string(), "2024-05-20");
    assert_eq!(zhang[0].product_or_service, "CRM 标准版");
    let jinda = find("金达电子");
    assert_eq!(store.deals_of(&jinda.id).unwrap()[0].amount, 120_000 * 100);
    let services = store.services_of(&jinda.id).unwrap();
    assert_eq!(services.len(), 1);
    assert_eq!(services[0].date.to_string(), "2024-06-01");
    assert!(services[0].satisfaction.is_some());
}
