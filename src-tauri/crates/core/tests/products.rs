#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Products (产品): the list in settings (validation naming the row and field in both
//! languages, kept through a reopen, sent to the team), older books and opportunities reading
//! as no products, and the dashboard's deals by product and by product category — every deal
//! of the period counted once, deals without a product or with one not in the list included.
mod common;
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use chrono_tz::Asia::Shanghai;
use common::*;
use rapport_core::analytics::{dashboard_with, CustomerFact, DealFact, Facts};
use rapport_core::error::{CoreError, Invalid};
use rapport_core::i18n::message;
use rapport_core::model::*;
use rapport_core::stages::Pipeline;
use rapport_core::store::{OpKind, SyncTable};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn product(name: &str, category: &str, price: Option<i64>) -> Product {
    Product {
        name: name.into(),
        category: category.into(),
        list_price: price,
    }
}

fn catalogue() -> Vec<Product> {
    vec![
        product("服务器 X200", "硬件", Some(1_280_000)),
        product("存储 S10", "硬件", None),
        product("年度维保", "服务", Some(300_000)),
        product("培训", "", None),
    ]
}

fn with_products(products: Vec<Product>) -> Settings {
    Settings {
        products,
        ..Settings::with_language(Language::Zh)
    }
}

fn customer_fact(id: &str, owner: &str) -> CustomerFact {
    CustomerFact {
        id: id.into(),
        name: format!("name-{id}").into(),
        owner: owner.into(),
        source: "".into(),
        category: None,
        industry: "".into(),
        stage: Stage::Won,
        lost_reason: "".into(),
        first_contact: Some(day(2025, 1, 2)),
        created_at: Utc.with_ymd_and_hms(2025, 1, 2, 2, 0, 0).unwrap(),
        expected_cents: 0,
    }
}

fn sold(customer: &str, date: NaiveDate, cents: i64, by: &str, product: &str) -> DealFact {
    DealFact {
        customer_id: customer.into(),
        date,
        amount_cents: cents,
        by: by.into(),
        product: product.into(),
    }
}

fn q1(owner: Option<&str>) -> AnalyticsQuery {
    AnalyticsQuery {
        from: day(2025, 1, 1),
        to: day(2025, 3, 31),
        owner: owner.map(str::to_string),
    }
}

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 4, 1, 2, 0, 0).unwrap()
}

fn amounts(d: &Dashboard) -> Vec<(String, String, bool, i64, u32)> {
    d.products
        .by_product
        .iter()
        .map(|p| {
            let row = (p.product.clone(), p.category.clone(), p.listed);
            (row.0, row.1, row.2, p.amount_cents, p.deals)
        })
        .collect()
}

#[test]
fn deals_are_summed_by_product_and_category_every_deal_once() {
    let customers = vec![customer_fact("c1", "Wang"), customer_fact("c2", "Li")];
    let deals = vec![
        sold("c1", day(2025, 1, 5), 10_000, "Wang", "服务器 X200"),
        // Another spelling of the same listed product: one row, the list's spelling.
        sold("c2", day(2025, 2, 5), 20_000, "Li", " 服务器 x200 "),
        sold("c1", day(2025, 2, 6), 3_000, "Wang", "年度维保"),
        sold("c2", day(2025, 3, 6), 4_000, "Li", "存储 S10"),
        // Not in the list: kept under its own name, no category.
        sold("c2", day(2025, 3, 7), 5_000, "Li", "定制开发"),
        // Listed but without a category, and a deal without a product.
        sold("c1", day(2025, 3, 8), 700, "Wang", "培训"),
        sold("c1", day(2025, 3, 9), 600, "Wang", ""),
        // Outside the period, and of a customer not in the book: not counted.
        sold("c1", day(2025, 4, 1), 99_000, "Wang", "服务器 X200"),
        sold("gone", day(2025, 1, 9), 99_000, "Wang", "服务器 X200"),
    ];
    let facts = Facts {
        customers: &customers,
        deals: &deals,
        ..Facts::default()
    };
    let d = dashboard_with(
        &Pipeline::default(),
        &catalogue(),
        &facts,
        &q1(None),
        now(),
        &Shanghai,
    );
    let s = |v: &str| v.to_string();
    assert_eq!(
        amounts(&d),
        vec![
            (s("服务器 X200"), s("硬件"), true, 30_000, 2),
            (s("定制开发"), s(""), false, 5_000, 1),
            (s("存储 S10"), s("硬件"), true, 4_000, 1),
            (s("年度维保"), s("服务"), true, 3_000, 1),
            (s("培训"), s(""), true, 700, 1),
            (s(""), s(""), false, 600, 1),
        ]
    );
    let cats: Vec<(&str, i64, u32)> = d
        .products
        .by_category
        .iter()
        .map(|c| (c.category.as_str(), c.amount_cents, c.deals))
        .collect();
    assert_eq!(
        cats,
        vec![("硬件", 34_000, 3), ("", 6_300, 3), ("服务", 3_000, 1)]
    );
    // The breakdowns add up to the deal total, deals without a product included.
    let by_product: i64 = d.products.by_product.iter().map(|p| p.amount_cents).sum();
    let by_category: i64 = d.products.by_category.iter().map(|c| c.amount_cents).sum();
    assert_eq!(by_product, d.deals.total_cents);
    assert_eq!(by_category, d.deals.total_cents);
    assert_eq!(d.deals.count, 7);

    // One salesperson: only the deals they sold.
    let li = dashboard_with(
        &Pipeline::default(),
        &catalogue(),
        &facts,
        &q1(Some("Li")),
        now(),
        &Shanghai,
    );
    let total: i64 = li.products.by_product.iter().map(|p| p.amount_cents).sum();
    assert_eq!(total, 29_000);
    assert_eq!(total, li.deals.total_cents);

    // Without a list every product is unlisted and uncategorised.
    let bare = dashboard_with(
        &Pipeline::default(),
        &[],
        &facts,
        &q1(None),
        now(),
        &Shanghai,
    );
    assert!(bare.products.by_product.iter().all(|p| !p.listed));
    assert_eq!(bare.products.by_category.len(), 1);
}

fn field_error(field: &str, reason: Invalid) -> CoreError {
    CoreError::InvalidField {
        field: field.into(),
        reason,
    }
}

#[test]
fn a_bad_product_list_is_refused_naming_the_row_and_field_and_nothing_is_written() {
    let (_dir, store) = open_temp();
    store.save_settings(with_products(catalogue())).unwrap();

    let mut list = catalogue();
    list.push(product("  ", "硬件", None));
    let e = store.save_settings(with_products(list)).unwrap_err();
    assert_eq!(e, field_error("products[4].name", Invalid::Required));
    assert_eq!(message(&e, Language::Zh), "产品 5 – 名称：不能为空");
    assert_eq!(message(&e, Language::En), "Product 5 – Name is required");

    let mut list = catalogue();
    list.push(product("服务器 x200", "", None));
    let e = store.save_settings(with_products(list)).unwrap_err();
    assert_eq!(e, field_error("products[4].name", Invalid::Duplicate));

    let mut list = catalogue();
    list[1].list_price = Some(-5);
    let e = store.save_settings(with_products(list)).unwrap_err();
    assert_eq!(e, field_error("products[1].listPrice", Invalid::Amount));
    assert!(message(&e, Language::Zh).starts_with("产品 2 – 标价："));
    assert!(message(&e, Language::En).starts_with("Product 2 – List price "));

    let mut list = catalogue();
    list[0].category = "类".repeat(51);
    let e = store.save_settings(with_products(list)).unwrap_err();
    assert_eq!(
        e,
        field_error("products[0].category", Invalid::TooLong { max: 50 })
    );
    // The product's category, not the customer's 客户类别.
    assert!(message(&e, Language::Zh).starts_with("产品 1 – 产品类别："));
    assert!(message(&e, Language::En).starts_with("Product 1 – Category "));

    // Nothing of the refused saves was written.
    assert_eq!(store.settings().unwrap().unwrap().products, catalogue());
}

#[test]
fn the_list_is_trimmed_blank_rows_dropped_and_kept_through_a_reopen() {
    let (dir, store) = open_temp();
    let mut list = catalogue();
    list[0].name = "  服务器 X200 ".into();
    list.push(product("", "", None));
    let saved = store.save_settings(with_products(list)).unwrap();
    assert_eq!(saved.products, catalogue());
    drop(store);
    let store = reopen(dir.path());
    assert_eq!(store.settings().unwrap().unwrap().products, catalogue());
}

#[test]
fn older_settings_and_opportunities_read_as_no_products() {
    let mut json = serde_json::to_value(Settings::with_language(Language::Zh)).unwrap();
    json.as_object_mut().unwrap().remove("products");
    let old: Settings = serde_json::from_value(json).unwrap();
    assert!(old.products.is_empty());

    let o: Opportunity = serde_json::from_str(
        r#"{"id":"01JD0000000000000000000000","customerId":"01JD0000000000000000000001",
        "source":"","need":"扩容","budgetNote":"","intent":"","stage":"proposal",
        "expectedClose":null,"expectedAmount":null,
        "createdAt":"2026-03-01T02:00:00Z","updatedAt":"2026-03-01T02:00:00Z"}"#,
    )
    .unwrap();
    assert_eq!(o.product, "");
    let input: OpportunityInput = serde_json::from_str(r#"{"need":"扩容"}"#).unwrap();
    assert_eq!(input.product, "");
}

#[test]
fn an_opportunity_names_a_product_and_keeps_it() {
    let (dir, store) = open_temp();
    let cid = store
        .create_customer(customer("华为", &[]), t(1))
        .unwrap()
        .id;
    let o = store
        .add_opportunity(
            &cid,
            OpportunityInput {
                need: "扩容".into(),
                product: " 存储 S10 ".into(),
                ..OpportunityInput::default()
            },
            t(2),
        )
        .unwrap();
    assert_eq!(o.product, "存储 S10");
    drop(store);
    let store = reopen(dir.path());
    assert_eq!(store.opportunities_of(&cid).unwrap()[0].product, "存储 S10");
}

#[test]
fn the_dashboard_reads_the_books_deals_and_the_lists_categories() {
    let (_dir, store) = open_temp();
    let cid = store
        .create_customer(customer("华为", &[]), t(1))
        .unwrap()
        .id;
    for (product, cents) in [
        ("服务器 X200", 10_000),
        ("年度维保", 2_000),
        ("定制开发", 500),
    ] {
        let input = DealInput {
            date: day(2026, 11, 10),
            amount: cents,
            product_or_service: product.into(),
            payment_method: "online".into(),
            ..DealInput::default()
        };
        store.add_deal(&cid, input, t(10), &Shanghai).unwrap();
    }
    let q = AnalyticsQuery {
        from: day(2026, 11, 1),
        to: day(2026, 11, 30),
        owner: None,
    };
    let before = store.dashboard(&q, t(20), &Shanghai).unwrap();
    assert!(before.products.by_product.iter().all(|p| !p.listed));

    // A settings change applies at once: the same deals now have categories.
    store.save_settings(with_products(catalogue())).unwrap();
    let after = store.dashboard(&q, t(20), &Shanghai).unwrap();
    let cats: Vec<(&str, i64)> = after
        .products
        .by_category
        .iter()
        .map(|c| (c.category.as_str(), c.amount_cents))
        .collect();
    assert_eq!(cats, vec![("硬件", 10_000), ("服务", 2_000), ("", 500)]);

    // Removing a product from the list changes no deal: it keeps its name, now unlisted.
    let mut fewer = catalogue();
    fewer.retain(|p| p.name != "服务器 X200");
    store.save_settings(with_products(fewer)).unwrap();
    let removed = store.dashboard(&q, t(20), &Shanghai).unwrap();
    let x200 = &removed.products.by_product[0];
    assert_eq!((x200.product.as_str(), x200.listed), ("服务器 X200", false));
    assert_eq!(store.deals_of(&cid).unwrap().len(), 3);
}

#[test]
fn a_team_book_sends_the_product_list_and_a_second_book_takes_it() {
    let (_a_dir, a) = open_temp();
    a.set_team_book(true).unwrap();
    a.save_settings(with_products(catalogue())).unwrap();
    let ops = a.outbox_pending(usize::MAX).unwrap();
    let op = ops
        .iter()
        .find(|o| o.table == SyncTable::TeamSettings && o.id == "products")
        .expect("a products op");
    let OpKind::Upsert { fields, .. } = &op.kind else {
        panic!("not an upsert")
    };
    assert_eq!(fields["value"][0]["name"], "服务器 X200");
    assert_eq!(fields["value"][0]["listPrice"], 1_280_000);

    let (_b_dir, b) = open_temp();
    b.set_team_book(true).unwrap();
    let row = rapport_core::store::RemoteRow {
        table: SyncTable::TeamSettings,
        id: "products".into(),
        customer_id: None,
        data: serde_json::Value::Object(fields.clone()),
        deleted_at: None,
        owner: None,
    };
    b.apply_remote_at(&[row], 1, t(3)).unwrap();
    assert_eq!(b.settings().unwrap().unwrap().products, catalogue());
}
