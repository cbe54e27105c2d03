#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Who did the work: a follow-up records its 跟进人 (the settings' 我是 by default, editable)
//! and a deal its 销售员; the import reads 跟进人 / 跟进人员 / 业务员 as the follow-up's person
//! and 负责人 / 归属 / 客户经理 as the owner; the dashboard's per-person figures count who did
//! the work, so a handover rewrites no history.
mod common;
use chrono::{NaiveDate, Utc};
use chrono_tz::Asia::Shanghai;
use common::*;
use rapport_core::error::{CoreError, Invalid};
use rapport_core::import::headers::{map_columns, Target};
use rapport_core::import::plan::{plan, BookIndex, PlanOptions, Sheet};
use rapport_core::import::values::DateOrder;
use rapport_core::model::{AnalyticsQuery, DealInput, HandoverRequest, Settings};
use rapport_core::Store;

fn set_me(store: &Store, me: &str) {
    let mut s = store
        .settings()
        .unwrap()
        .unwrap_or_else(|| Settings::with_language(Default::default()));
    s.me = me.into();
    store.save_settings(s).unwrap();
}

fn owned_by(name: &str, owner: &str) -> rapport_core::model::CustomerInput {
    let mut c = customer(name, &[]);
    c.fields.owner = owner.into();
    c
}

fn deal(day: u32, amount: i64, salesperson: &str) -> DealInput {
    DealInput {
        date: NaiveDate::from_ymd_opt(2026, 11, day).unwrap(),
        amount,
        product_or_service: "软件".into(),
        salesperson: salesperson.into(),
        ..DealInput::default()
    }
}

#[test]
fn a_follow_up_is_made_by_me_unless_someone_is_named() {
    let (_d, store) = open_temp();
    let c = store.create_customer(owned_by("A", "张伟"), t(1)).unwrap();
    // No 我是 yet: the customer's owner did it.
    let f = store
        .log_follow_up(&c.id, follow_up(t(2), None), t(2), &Utc)
        .unwrap();
    assert_eq!(f.by, "张伟");
    set_me(&store, "李娜");
    let f = store
        .log_follow_up(&c.id, follow_up(t(3), None), t(3), &Utc)
        .unwrap();
    assert_eq!(f.by, "李娜");
    let mut named = follow_up(t(4), None);
    named.by = " 王芳 ".into();
    let named = store.log_follow_up(&c.id, named, t(4), &Utc).unwrap();
    assert_eq!(named.by, "王芳");
    // Edited without a name it keeps its own; edited with one it takes it.
    let kept = store
        .update_follow_up(&named.id, follow_up(t(4), None), t(5), &Utc)
        .unwrap();
    assert_eq!(kept.by, "王芳");
    assert_eq!(store.get_follow_up(&named.id).unwrap().by, "王芳");
    // A name too long is refused on its field, nothing written.
    let mut long = follow_up(t(5), None);
    long.by = "长".repeat(201);
    assert!(matches!(
        store.log_follow_up(&c.id, long, t(5), &Utc).unwrap_err(),
        CoreError::InvalidField { ref field, reason: Invalid::TooLong { .. } } if field == "by"
    ));
    assert_eq!(store.follow_ups_of(&c.id).unwrap().len(), 3);
    use rapport_core::i18n::message;
    use rapport_core::model::Language;
    let e = CoreError::invalid("by", Invalid::TooLong { max: 200 });
    assert!(
        message(&e, Language::Zh).starts_with("跟进人"),
        "{}",
        message(&e, Language::Zh)
    );
    assert!(message(&e, Language::En).starts_with("Followed up by"));
    let e = CoreError::invalid("salesperson", Invalid::TooLong { max: 200 });
    assert!(message(&e, Language::Zh).starts_with("销售员"));
}

#[test]
fn a_deal_records_its_salesperson() {
    let (_d, store) = open_temp();
    let c = store.create_customer(owned_by("A", "张伟"), t(1)).unwrap();
    let d = store
        .add_deal(&c.id, deal(2, 100, ""), t(2), &Utc)
        .unwrap()
        .deal;
    assert_eq!(d.salesperson, "张伟", "no 我是: the owner sold it");
    set_me(&store, "李娜");
    let d = store
        .add_deal(&c.id, deal(3, 100, ""), t(3), &Utc)
        .unwrap()
        .deal;
    assert_eq!(d.salesperson, "李娜");
    let named = store
        .add_deal(&c.id, deal(4, 100, "王芳"), t(4), &Utc)
        .unwrap()
        .deal;
    assert_eq!(named.salesperson, "王芳");
    let kept = store
        .update_deal(&named.id, deal(5, 200, ""), t(5), &Utc)
        .unwrap()
        .deal;
    assert_eq!(
        kept.salesperson, "王芳",
        "edited without a name it keeps its own"
    );
    store.verify_indexes().unwrap();
}

fn year() -> AnalyticsQuery {
    AnalyticsQuery {
        from: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
        to: NaiveDate::from_ymd_opt(2026, 12, 31).unwrap(),
        owner: None,
    }
}

fn for_owner(owner: &str) -> AnalyticsQuery {
    AnalyticsQuery {
        owner: Some(owner.into()),
        ..year()
    }
}

#[test]
fn per_person_figures_count_who_did_the_work_and_survive_a_handover() {
    let dir = tempfile::tempdir().unwrap();
    let store = reopen(dir.path());
    let c = store.create_customer(owned_by("A", "张伟"), t(1)).unwrap();
    store.create_customer(owned_by("B", "李娜"), t(1)).unwrap();
    // 张伟 works his customer: two follow-ups and a deal; then 李娜 takes it over.
    for day in [2, 3] {
        store
            .log_follow_up(&c.id, follow_up(t(day), None), t(day), &Shanghai)
            .unwrap();
    }
    store
        .add_deal(&c.id, deal(4, 500_000, ""), t(4), &Shanghai)
        .unwrap();
    let before = store.dashboard(&year(), t(9), &Shanghai).unwrap();
    let zhang = store
        .dashboard(&for_owner("张伟"), t(9), &Shanghai)
        .unwrap();
    assert_eq!(zhang.activity.total, 2);
    assert_eq!(zhang.deals.total_cents, 500_000);
    let req = HandoverRequest {
        from: "张伟".into(),
        to: "李娜".into(),
        customer_ids: None,
    };
    store.hand_over(&req, t(5)).unwrap();
    // History is not rewritten: the figures are 张伟's still, the kept facts and a fresh read.
    let after = store.dashboard(&year(), t(9), &Shanghai).unwrap();
    assert_eq!(after.activity.by_owner, before.activity.by_owner);
    let zhang_after = store
        .dashboard(&for_owner("张伟"), t(9), &Shanghai)
        .unwrap();
    assert_eq!(zhang_after.activity.total, 2);
    assert_eq!(zhang_after.deals.total_cents, 500_000);
    let li = store
        .dashboard(&for_owner("李娜"), t(9), &Shanghai)
        .unwrap();
    assert_eq!((li.activity.total, li.deals.total_cents), (0, 0));
    // 李娜's own work on the customer counts for her.
    set_me(&store, "李娜");
    store
        .log_follow_up(&c.id, follow_up(t(6), None), t(6), &Shanghai)
        .unwrap();
    store
        .add_deal(&c.id, deal(7, 80_000, ""), t(7), &Shanghai)
        .unwrap();
    let li = store
        .dashboard(&for_owner("李娜"), t(9), &Shanghai)
        .unwrap();
    assert_eq!((li.activity.total, li.deals.total_cents), (1, 80_000));
    let kept = store.dashboard(&year(), t(9), &Shanghai).unwrap();
    drop(store);
    let store = reopen(dir.path());
    assert_eq!(store.dashboard(&year(), t(9), &Shanghai).unwrap(), kept);
    let owners: Vec<(String, u32)> = kept
        .activity
        .by_owner
        .iter()
        .map(|o| (o.owner.clone(), o.count))
        .collect();
    assert_eq!(owners, [("张伟".to_string(), 2), ("李娜".to_string(), 1)]);
}

#[test]
fn the_import_reads_who_followed_up_apart_from_the_owner() {
    use Target::*;
    let cells = |r: &[&str]| r.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    for name in ["跟进人", "跟进人员", "业务员"] {
        assert_eq!(map_columns(&cells(&[name])), [FollowUpBy], "{name}");
    }
    for name in ["负责人", "归属", "客户经理"] {
        assert_eq!(map_columns(&cells(&[name])), [Owner], "{name}");
    }
    let header = cells(&["客户名称", "负责人", "跟进内容", "跟进人"]);
    let rows = vec![
        cells(&["甲公司", "张伟", "聊了需求", "李娜"]),
        cells(&["乙公司", "张伟", "聊了方案", ""]),
    ];
    let columns = map_columns(&header);
    let sheet = Sheet {
        header: &header,
        columns: &columns,
        rows: &rows,
        first_row: 2,
    };
    let options = PlanOptions::new(DateOrder::DayFirst, Shanghai, t(10));
    let p = plan(&sheet, &options, &BookIndex::default());
    let got: Vec<(&str, &str)> = p
        .customers
        .iter()
        .map(|c| (c.input.fields.owner.as_str(), c.follow_ups[0].by.as_str()))
        .collect();
    assert_eq!(got, [("张伟", "李娜"), ("张伟", "张伟")]);
    // A sheet with 跟进人 only: that person follows the customer, so owns it too.
    let header = cells(&["客户名称", "跟进内容", "跟进人"]);
    let rows = vec![cells(&["丙公司", "打了电话", "王芳"])];
    let columns = map_columns(&header);
    let sheet = Sheet {
        header: &header,
        columns: &columns,
        rows: &rows,
        first_row: 2,
    };
    let p = plan(&sheet, &options, &BookIndex::default());
    let c = &p.customers[0];
    assert_eq!(
        (c.input.fields.owner.as_str(), c.follow_ups[0].by.as_str()),
        ("王芳", "王芳")
    );
}
