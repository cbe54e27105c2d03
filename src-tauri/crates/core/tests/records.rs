#![allow(clippy::unwrap_used, clippy::expect_used)]
//! A customer's opportunities, deals and after-sales service records: add, edit and delete with
//! their indexes, every bad input refused with nothing written, the deal-before-customer
//! warning, purge and restart.
mod common;
use chrono::{NaiveDate, TimeZone, Utc};
use chrono_tz::Asia::Shanghai;
use common::*;
use rapport_core::error::{CoreError, Entity, Invalid};
use rapport_core::model::{
    DealInput, Language, OpportunityInput, PaymentMethod, RecordWarning, ServiceInput, Stage,
};
use rapport_core::store::tree;
use rapport_core::Store;

fn invalid(field: &str, reason: Invalid) -> CoreError {
    CoreError::invalid(field, reason)
}

fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, d).unwrap()
}

fn opportunity() -> OpportunityInput {
    OpportunityInput {
        source: "展会".into(),
        need: "年度采购 200 台".into(),
        budget_note: "约 50 万".into(),
        intent: "强".into(),
        stage: Stage::Proposal,
        expected_close: Some(day(12, 20)),
        expected_amount: Some(50_000_000),
        product: String::new(),
    }
}

fn deal(date: NaiveDate, amount: i64) -> DealInput {
    DealInput {
        date,
        amount,
        product_or_service: "服务器 X200".into(),
        payment_method: "instalments".into(),
        salesperson: String::new(),
        notes: "首付 30%".into(),
        opportunity_id: None,
    }
}

fn service(satisfaction: Option<u8>) -> ServiceInput {
    ServiceInput {
        date: day(11, 20),
        request: "上门检修".into(),
        problem: "风扇噪音".into(),
        solution: "更换风扇".into(),
        result: "已解决".into(),
        satisfaction,
        next_plan: "季度巡检".into(),
        next_plan_at: Some(utc(2027, 2, 20, 2, 0)),
        complaint: None,
    }
}

/// Counts every entry in the record trees of a closed book.
fn record_entries(dir: &std::path::Path) -> usize {
    let db = open_db_when_released(dir);
    [
        tree::OPPORTUNITY_BY_ID,
        tree::OPPORTUNITY_BY_CUSTOMER,
        tree::DEAL_BY_ID,
        tree::DEAL_BY_CUSTOMER,
        tree::DEAL_BY_DATE,
        tree::SERVICE_BY_ID,
        tree::SERVICE_BY_CUSTOMER,
    ]
    .iter()
    .map(|name| db.open_tree(name).unwrap().len())
    .sum()
}

fn open_db_when_released(dir: &std::path::Path) -> sled::Db {
    for _ in 0..100 {
        match sled::open(dir) {
            Ok(db) => return db,
            Err(_) => std::thread::sleep(std::time::Duration::from_millis(50)),
        }
    }
    sled::open(dir).unwrap()
}

#[test]
fn opportunities_are_added_edited_and_deleted_with_their_index() {
    let (_d, store) = open_temp();
    let a = store.create_customer(customer("华为", &[]), t(1)).unwrap();
    let b = store.create_customer(customer("Acme", &[]), t(1)).unwrap();
    let o1 = store.add_opportunity(&a.id, opportunity(), t(2)).unwrap();
    let o2 = store
        .add_opportunity(
            &a.id,
            OpportunityInput {
                need: "  二期  ".into(),
                ..Default::default()
            },
            t(3),
        )
        .unwrap();
    assert_eq!(o2.need, "二期", "text is trimmed");
    assert_eq!(o2.stage, Stage::InitialContact);
    store.add_opportunity(&b.id, opportunity(), t(3)).unwrap();
    assert_eq!(o1.customer_id, a.id);
    assert_eq!(o1.expected_amount, Some(50_000_000));
    assert_eq!(
        store.opportunities_of(&a.id).unwrap(),
        vec![o1.clone(), o2.clone()]
    );
    assert_eq!(store.opportunities_of(&b.id).unwrap().len(), 1);
    store.verify_indexes().unwrap();

    let mut edit = opportunity();
    edit.stage = Stage::Won;
    edit.expected_amount = None;
    let e = store.update_opportunity(&o1.id, edit, t(4)).unwrap();
    assert_eq!((e.stage, e.expected_amount), (Stage::Won, None));
    assert_eq!((e.created_at, e.updated_at), (t(2), t(4)));
    assert_eq!(store.get_opportunity(&o1.id).unwrap(), e);
    store.verify_indexes().unwrap();

    store.delete_opportunity(&o1.id, t(5)).unwrap();
    assert_eq!(store.opportunities_of(&a.id).unwrap(), vec![o2]);
    assert_eq!(
        store.get_opportunity(&o1.id).unwrap_err(),
        CoreError::NotFound {
            entity: Entity::Opportunity,
            id: o1.id.clone()
        }
    );
    assert!(matches!(
        store.delete_opportunity(&o1.id, t(5)),
        Err(CoreError::NotFound { .. })
    ));
    store.verify_indexes().unwrap();
}

#[test]
fn deals_are_added_edited_and_deleted_with_their_indexes() {
    let (_d, store) = open_temp();
    let c = store.create_customer(customer("华为", &[]), t(1)).unwrap();
    let o = store.add_opportunity(&c.id, opportunity(), t(2)).unwrap();
    let mut input = deal(day(11, 5), 12_800_050);
    input.opportunity_id = Some(o.id.clone());
    let saved = store.add_deal(&c.id, input, t(5), &Utc).unwrap();
    assert!(saved.warnings.is_empty());
    let d1 = saved.deal;
    assert_eq!(d1.amount, 12_800_050);
    assert_eq!(d1.payment_method, PaymentMethod::Instalments);
    assert_eq!(d1.opportunity_id.as_deref(), Some(o.id.as_str()));
    let d2 = store
        .add_deal(&c.id, deal(day(11, 3), 100), t(6), &Utc)
        .unwrap()
        .deal;
    // By date, whatever the order they were recorded in.
    assert_eq!(store.deals_of(&c.id).unwrap(), vec![d2.clone(), d1.clone()]);
    store.verify_indexes().unwrap();

    // Moving the date and the amount moves the date index entry.
    let mut edit = deal(day(11, 20), 9_900);
    edit.payment_method = " offline ".into();
    edit.opportunity_id = Some(String::new());
    let e = store.update_deal(&d1.id, edit, t(7), &Utc).unwrap().deal;
    assert_eq!(e.payment_method, PaymentMethod::Offline);
    assert_eq!(e.opportunity_id, None, "an empty link is no link");
    assert_eq!((e.created_at, e.updated_at), (t(5), t(7)));
    assert_eq!(store.get_deal(&d1.id).unwrap(), e);
    assert_eq!(store.deals_of(&c.id).unwrap(), vec![d2.clone(), e.clone()]);
    store.verify_indexes().unwrap();

    store.delete_deal(&d2.id).unwrap();
    assert_eq!(store.deals_of(&c.id).unwrap(), vec![e]);
    assert!(matches!(
        store.get_deal(&d2.id),
        Err(CoreError::NotFound {
            entity: Entity::Deal,
            ..
        })
    ));
    assert!(matches!(
        store.delete_deal(&d2.id),
        Err(CoreError::NotFound { .. })
    ));
    store.verify_indexes().unwrap();
}

#[test]
fn deleting_an_opportunity_keeps_its_deals_unlinked() {
    let (_d, store) = open_temp();
    let c = store.create_customer(customer("华为", &[]), t(1)).unwrap();
    let o = store.add_opportunity(&c.id, opportunity(), t(2)).unwrap();
    let mut input = deal(day(11, 5), 500);
    input.opportunity_id = Some(o.id.clone());
    let d = store.add_deal(&c.id, input, t(3), &Utc).unwrap().deal;
    store.delete_opportunity(&o.id, t(4)).unwrap();
    let kept = store.get_deal(&d.id).unwrap();
    assert_eq!(kept.opportunity_id, None);
    assert_eq!(kept.updated_at, t(4));
    store.verify_indexes().unwrap();
}

#[test]
fn service_records_are_added_edited_and_deleted_with_their_index() {
    let (_d, store) = open_temp();
    let c = store.create_customer(customer("华为", &[]), t(1)).unwrap();
    let s1 = store.add_service(&c.id, service(Some(5)), t(20)).unwrap();
    assert_eq!(s1.satisfaction, Some(5));
    assert_eq!(s1.next_plan_at, Some(utc(2027, 2, 20, 2, 0)));
    let mut earlier = service(None);
    earlier.date = day(11, 2);
    earlier.next_plan_at = None;
    let s2 = store.add_service(&c.id, earlier, t(21)).unwrap();
    assert_eq!(
        store.services_of(&c.id).unwrap(),
        vec![s2.clone(), s1.clone()]
    );
    store.verify_indexes().unwrap();

    let mut edit = service(Some(1));
    edit.result = "未解决".into();
    let e = store.update_service(&s1.id, edit, t(22)).unwrap();
    assert_eq!((e.satisfaction, e.result.as_str()), (Some(1), "未解决"));
    assert_eq!((e.created_at, e.updated_at), (t(20), t(22)));
    assert_eq!(store.get_service(&s1.id).unwrap(), e);

    store.delete_service(&s2.id).unwrap();
    assert_eq!(store.services_of(&c.id).unwrap(), vec![e]);
    assert!(matches!(
        store.get_service(&s2.id),
        Err(CoreError::NotFound {
            entity: Entity::Service,
            ..
        })
    ));
    store.verify_indexes().unwrap();
}

#[test]
fn bad_input_is_a_field_error_and_writes_nothing() {
    let (dir, store) = open_temp();
    let c = store.create_customer(customer("华为", &[]), t(1)).unwrap();
    let other = store.create_customer(customer("Acme", &[]), t(1)).unwrap();
    let theirs = store
        .add_opportunity(&other.id, opportunity(), t(2))
        .unwrap();

    let deal_cases = vec![
        (deal(day(11, 5), -100), invalid("amount", Invalid::Amount)),
        (deal(day(11, 5), 0), invalid("amount", Invalid::Amount)),
        (
            deal(day(11, 5), 100_000_000_000_001),
            invalid("amount", Invalid::Amount),
        ),
        (
            deal(NaiveDate::from_ymd_opt(1899, 12, 31).unwrap(), 100),
            invalid("date", Invalid::DateOutOfRange),
        ),
        (
            DealInput {
                amount: 100,
                product_or_service: "x".into(),
                ..Default::default()
            },
            invalid("date", Invalid::DateOutOfRange),
        ),
        (
            DealInput {
                product_or_service: "   ".into(),
                ..deal(day(11, 5), 100)
            },
            invalid("productOrService", Invalid::Required),
        ),
        (
            DealInput {
                payment_method: "cash".into(),
                salesperson: String::new(),
                ..deal(day(11, 5), 100)
            },
            invalid("paymentMethod", Invalid::UnknownChoice),
        ),
        (
            DealInput {
                notes: "长".repeat(2_001),
                ..deal(day(11, 5), 100)
            },
            invalid("notes", Invalid::TooLong { max: 2_000 }),
        ),
        (
            DealInput {
                opportunity_id: Some(theirs.id.clone()),
                ..deal(day(11, 5), 100)
            },
            invalid("opportunityId", Invalid::UnknownChoice),
        ),
        (
            DealInput {
                opportunity_id: Some(ulid::Ulid::new().to_string()),
                ..deal(day(11, 5), 100)
            },
            invalid("opportunityId", Invalid::UnknownChoice),
        ),
        (
            DealInput {
                opportunity_id: Some("not an id".into()),
                ..deal(day(11, 5), 100)
            },
            invalid("opportunityId", Invalid::Id),
        ),
    ];
    for (input, expected) in deal_cases {
        assert_eq!(
            store
                .add_deal(&c.id, input.clone(), t(3), &Utc)
                .unwrap_err(),
            expected,
            "{input:?}"
        );
    }

    let service_cases = vec![
        (
            service(Some(0)),
            invalid("satisfaction", Invalid::OutOfRange { min: 1, max: 5 }),
        ),
        (
            service(Some(6)),
            invalid("satisfaction", Invalid::OutOfRange { min: 1, max: 5 }),
        ),
        (
            ServiceInput {
                date: NaiveDate::from_ymd_opt(2101, 1, 1).unwrap(),
                ..service(None)
            },
            invalid("date", Invalid::DateOutOfRange),
        ),
        (
            ServiceInput {
                next_plan_at: Some(utc(1969, 1, 1, 0, 0)),
                ..service(None)
            },
            invalid("nextPlanAt", Invalid::TimeOutOfRange),
        ),
        (
            ServiceInput {
                problem: "长".repeat(2_001),
                ..service(None)
            },
            invalid("problem", Invalid::TooLong { max: 2_000 }),
        ),
    ];
    for (input, expected) in service_cases {
        assert_eq!(
            store.add_service(&c.id, input.clone(), t(3)).unwrap_err(),
            expected,
            "{input:?}"
        );
    }

    let opportunity_cases = vec![
        (
            OpportunityInput {
                expected_amount: Some(-1),
                ..opportunity()
            },
            invalid("expectedAmount", Invalid::Amount),
        ),
        (
            OpportunityInput {
                expected_close: NaiveDate::from_ymd_opt(1800, 1, 1),
                ..opportunity()
            },
            invalid("expectedClose", Invalid::DateOutOfRange),
        ),
        (
            OpportunityInput {
                source: "s".repeat(201),
                ..opportunity()
            },
            invalid("source", Invalid::TooLong { max: 200 }),
        ),
    ];
    for (input, expected) in opportunity_cases {
        assert_eq!(
            store
                .add_opportunity(&c.id, input.clone(), t(3))
                .unwrap_err(),
            expected,
            "{input:?}"
        );
    }

    // An unknown customer, a malformed id, a trashed customer.
    let unknown = ulid::Ulid::new().to_string();
    let not_found = CoreError::NotFound {
        entity: Entity::Customer,
        id: unknown.clone(),
    };
    assert_eq!(
        store
            .add_deal(&unknown, deal(day(11, 5), 100), t(3), &Utc)
            .unwrap_err(),
        not_found
    );
    assert_eq!(
        store
            .add_service(&unknown, service(None), t(3))
            .unwrap_err(),
        not_found
    );
    assert_eq!(
        store
            .add_opportunity(&unknown, opportunity(), t(3))
            .unwrap_err(),
        not_found
    );
    assert_eq!(
        store.add_service("nope", service(None), t(3)).unwrap_err(),
        invalid("customerId", Invalid::Id)
    );
    let trashed = store.create_customer(customer("已删", &[]), t(1)).unwrap();
    let kept = store
        .add_deal(&trashed.id, deal(day(11, 5), 100), t(2), &Utc)
        .unwrap()
        .deal;
    store.trash_customer(&trashed.id, t(3)).unwrap();
    let gone = CoreError::NotFound {
        entity: Entity::Customer,
        id: trashed.id.clone(),
    };
    assert_eq!(
        store
            .add_deal(&trashed.id, deal(day(11, 5), 100), t(4), &Utc)
            .unwrap_err(),
        gone
    );
    assert_eq!(
        store
            .update_deal(&kept.id, deal(day(11, 6), 200), t(4), &Utc)
            .unwrap_err(),
        gone
    );
    assert_eq!(
        store
            .add_service(&trashed.id, service(None), t(4))
            .unwrap_err(),
        gone
    );
    assert_eq!(
        store
            .add_opportunity(&trashed.id, opportunity(), t(4))
            .unwrap_err(),
        gone
    );

    // Nothing was written.
    assert!(store.deals_of(&c.id).unwrap().is_empty());
    assert!(store.services_of(&c.id).unwrap().is_empty());
    assert!(store.opportunities_of(&c.id).unwrap().is_empty());
    assert_eq!(store.get_deal(&kept.id).unwrap(), kept);

    // An edit refused leaves the record as it was.
    let d = store
        .add_deal(&c.id, deal(day(11, 5), 100), t(5), &Utc)
        .unwrap()
        .deal;
    let s = store.add_service(&c.id, service(Some(3)), t(5)).unwrap();
    assert_eq!(
        store
            .update_deal(&d.id, deal(day(11, 5), -5), t(6), &Utc)
            .unwrap_err(),
        invalid("amount", Invalid::Amount)
    );
    assert_eq!(
        store
            .update_service(&s.id, service(Some(6)), t(6))
            .unwrap_err(),
        invalid("satisfaction", Invalid::OutOfRange { min: 1, max: 5 })
    );
    assert_eq!(store.get_deal(&d.id).unwrap(), d);
    assert_eq!(store.get_service(&s.id).unwrap(), s);
    store.verify_indexes().unwrap();

    // On disk: the other customer's opportunity (2 entries), the trashed customer's deal and
    // the two records just added (3 entries per deal, 2 per service record).
    drop(store);
    assert_eq!(record_entries(dir.path()), 2 + 3 + 3 + 2);
}

#[test]
fn a_deal_dated_well_before_the_customer_is_saved_with_a_warning() {
    let (_d, store) = open_temp();
    // 2026-11-10 20:00 UTC is 2026-11-11 in Shanghai.
    let created = Utc.with_ymd_and_hms(2026, 11, 10, 20, 0, 0).unwrap();
    let c = store
        .create_customer(customer("华为", &[]), created)
        .unwrap();
    let eight_days = store
        .add_deal(&c.id, deal(day(11, 3), 100), created, &Shanghai)
        .unwrap();
    assert_eq!(
        eight_days.warnings,
        vec![RecordWarning::DatedBeforeCustomer { days: 8 }]
    );
    // Saved all the same.
    assert_eq!(
        store.get_deal(&eight_days.deal.id).unwrap(),
        eight_days.deal
    );
    // Seven days in UTC: within the margin.
    let same_in_utc = store
        .update_deal(&eight_days.deal.id, deal(day(11, 3), 100), created, &Utc)
        .unwrap();
    assert!(same_in_utc.warnings.is_empty());
    let three_days = store
        .add_deal(&c.id, deal(day(11, 8), 100), created, &Shanghai)
        .unwrap();
    assert!(three_days.warnings.is_empty());
    let after = store
        .add_deal(&c.id, deal(day(11, 30), 100), created, &Shanghai)
        .unwrap();
    assert!(after.warnings.is_empty());

    // A customer known since an earlier first contact existed then.
    let mut input = customer("老客户", &[]);
    input.fields.first_contact_date = Some(day(1, 15));
    let old = store.create_customer(input, created).unwrap();
    let saved = store
        .add_deal(&old.id, deal(day(3, 1), 100), created, &Shanghai)
        .unwrap();
    assert!(saved.warnings.is_empty());
    let before_first = store
        .add_deal(&old.id, deal(day(1, 1), 100), created, &Shanghai)
        .unwrap();
    assert_eq!(
        before_first.warnings,
        vec![RecordWarning::DatedBeforeCustomer { days: 14 }]
    );
    store.verify_indexes().unwrap();
}

#[test]
fn purging_a_customer_removes_its_records() {
    let (dir, store) = open_temp();
    let keep = store.create_customer(customer("保留", &[]), t(1)).unwrap();
    let mut purged = Vec::new();
    for name in ["甲", "乙"] {
        let c = store.create_customer(customer(name, &[]), t(1)).unwrap();
        let o = store.add_opportunity(&c.id, opportunity(), t(2)).unwrap();
        let mut input = deal(day(11, 5), 100);
        input.opportunity_id = Some(o.id.clone());
        let d = store.add_deal(&c.id, input, t(3), &Utc).unwrap().deal;
        store
            .add_deal(&c.id, deal(day(11, 6), 200), t(3), &Utc)
            .unwrap();
        let s = store.add_service(&c.id, service(Some(4)), t(4)).unwrap();
        store.trash_customer(&c.id, t(5)).unwrap();
        purged.push((c, o, d, s));
    }
    let kept_deal = store
        .add_deal(&keep.id, deal(day(11, 7), 300), t(3), &Utc)
        .unwrap()
        .deal;
    // While in the trash the records stay (the customer can be restored).
    assert_eq!(store.deals_of(&purged[0].0.id).unwrap().len(), 2);
    store.verify_indexes().unwrap();

    store.purge_customer(&purged[0].0.id).unwrap();
    assert_eq!(store.empty_trash().unwrap(), 1);
    for (c, o, d, s) in &purged {
        assert!(store.opportunities_of(&c.id).unwrap().is_empty());
        assert!(store.deals_of(&c.id).unwrap().is_empty());
        assert!(store.services_of(&c.id).unwrap().is_empty());
        assert!(store.get_opportunity(&o.id).is_err());
        assert!(store.get_deal(&d.id).is_err());
        assert!(store.get_service(&s.id).is_err());
    }
    assert_eq!(store.deals_of(&keep.id).unwrap(), vec![kept_deal]);
    store.verify_indexes().unwrap();
    drop(store);
    // Only the kept customer's deal is left: its record and two index entries.
    assert_eq!(record_entries(dir.path()), 3);
}

#[test]
fn records_survive_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let (c, o, d, s) = {
        let store = Store::open(dir.path()).unwrap();
        let c = store.create_customer(customer("华为", &[]), t(1)).unwrap();
        let o = store.add_opportunity(&c.id, opportunity(), t(2)).unwrap();
        let mut input = deal(day(11, 5), 100);
        input.opportunity_id = Some(o.id.clone());
        let d = store.add_deal(&c.id, input, t(3), &Utc).unwrap().deal;
        let s = store.add_service(&c.id, service(Some(4)), t(4)).unwrap();
        (c, o, d, s)
    };
    let store = reopen(dir.path());
    assert_eq!(store.opportunities_of(&c.id).unwrap(), vec![o]);
    assert_eq!(store.deals_of(&c.id).unwrap(), vec![d]);
    assert_eq!(store.services_of(&c.id).unwrap(), vec![s]);
    store.verify_indexes().unwrap();
}

#[test]
fn typed_amounts_are_read_as_cents() {
    use rapport_core::validate::parse_amount;
    for (typed, cents) in [
        ("12800", 1_280_000),
        ("12,800.50", 1_280_050),
        (" ¥ 99.9 ", 9_990),
        ("￥0.01", 1),
        ("1000000000000", 100_000_000_000_000),
    ] {
        assert_eq!(parse_amount("amount", typed), Ok(cents), "{typed}");
    }
    for typed in ["", "abc", "12.345", "1.2.3", "1e5", "--5", "12 元", "."] {
        assert_eq!(
            parse_amount("amount", typed),
            Err(invalid("amount", Invalid::Number)),
            "{typed}"
        );
    }
    for typed in [
        "0",
        "-5",
        "- 12.50",
        "0.00",
        "1000000000000.01",
        "99999999999999999999",
    ] {
        assert_eq!(
            parse_amount("amount", typed),
            Err(invalid("amount", Invalid::Amount)),
            "{typed}"
        );
    }
}

#[test]
fn record_errors_read_well_in_both_languages() {
    use rapport_core::i18n::message;
    let e = invalid("amount", Invalid::Amount);
    assert_eq!(
        message(&e, Language::En),
        "Amount must be an amount greater than 0 and at most 1,000,000,000,000"
    );
    assert_eq!(
        message(&e, Language::Zh),
        "金额：须为大于 0 且不超过 1 万亿的金额"
    );
    let e = invalid("satisfaction", Invalid::OutOfRange { min: 1, max: 5 });
    assert_eq!(message(&e, Language::Zh), "满意度：须在 1 至 5 之间");
    let e = invalid("opportunityId", Invalid::UnknownChoice);
    assert_eq!(
        message(&e, Language::En),
        "Opportunity is not one of the values offered"
    );
    let e = CoreError::NotFound {
        entity: Entity::Deal,
        id: "X".into(),
    };
    assert_eq!(message(&e, Language::Zh), "该成交记录已不存在（X）。");
}

#[test]
fn undoing_an_import_removes_the_records_added_to_its_customers() {
    use rapport_core::import::plan::DuplicatePolicy;
    use rapport_core::import::session::{ImportSession, ReadContext};
    use rapport_core::model::ImportOptions;
    let (_d, store) = open_temp();
    let csv = "客户名称,手机\n北京华信,13800000001\n".as_bytes().to_vec();
    let mut session = ImportSession::open(csv, "c.csv").unwrap();
    let read = ReadContext {
        tz: Shanghai,
        now: t(20),
        reminder_time: chrono::NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
        lang: Language::Zh,
    };
    let ctx = store.import_context().unwrap();
    let prepared = session
        .prepare(&ImportOptions::default(), &ctx, &read)
        .unwrap();
    let record = store
        .commit_import(
            &prepared.plan,
            DuplicatePolicy::Skip,
            "c.csv",
            t(20),
            &Shanghai,
        )
        .unwrap();
    let page = store.list_customers(&Default::default()).unwrap();
    let cid = page.rows[0].id.clone();
    store
        .add_deal(&cid, deal(day(11, 21), 500_000), t(21), &Shanghai)
        .unwrap();
    store.add_opportunity(&cid, opportunity(), t(21)).unwrap();

    store.undo_import(&record.id, t(22)).unwrap();
    assert!(store.is_empty().unwrap());
    store.verify_indexes().unwrap();
}

#[test]
fn records_appear_on_the_customer_timeline_in_date_order() {
    use rapport_core::model::TimelineEntry;
    let (_d, store) = open_temp();
    let c = store.create_customer(customer("张伟", &[]), t(1)).unwrap();
    store.add_opportunity(&c.id, opportunity(), t(2)).unwrap();
    store
        .add_deal(&c.id, deal(day(11, 10), 120_000), t(12), &Shanghai)
        .unwrap();
    let mut s = service(Some(5));
    s.date = day(11, 15);
    store.add_service(&c.id, s, t(16)).unwrap();
    let kinds: Vec<&str> = store
        .timeline(&c.id)
        .unwrap()
        .iter()
        .map(|e| match e {
            TimelineEntry::Service(_) => "service",
            TimelineEntry::Deal(_) => "deal",
            TimelineEntry::Opportunity(_) => "opportunity",
            TimelineEntry::FollowUp(_) => "followUp",
            TimelineEntry::Change(_) => "change",
        })
        .collect();
    assert_eq!(kinds, ["service", "deal", "opportunity"], "newest first");
}
