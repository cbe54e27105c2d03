#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The list's last contact (最近跟进): kept in step with follow-up writes and across a
//! restart, sorted both ways, filtered by calendar days in the user's zone, and the
//! "untouched for N days" mark with its setting.
mod common;
use chrono::{DateTime, Duration, Utc};
use chrono_tz::Asia::Shanghai;
use common::*;
use rapport_core::model::{ContactFilter, CustomerRow, ListQuery, Settings, SortField, Stage};
use rapport_core::{CoreError, Store};

/// Now: 2026-11-20 10:00 in Shanghai (02:00 UTC).
fn now() -> DateTime<Utc> {
    utc(2026, 11, 20, 2, 0)
}

fn log(store: &Store, id: &str, at: DateTime<Utc>) -> String {
    store
        .log_follow_up(id, follow_up(at, None), at, &Utc)
        .unwrap()
        .id
}

fn rows(store: &Store, q: ListQuery) -> Vec<CustomerRow> {
    store
        .list_customers_at(&ListQuery { limit: 1000, ..q }, now(), &Shanghai)
        .unwrap()
        .rows
}

fn names(store: &Store, q: ListQuery) -> Vec<String> {
    rows(store, q).into_iter().map(|r| r.name).collect()
}

fn last_of(store: &Store, name: &str) -> Option<DateTime<Utc>> {
    rows(store, ListQuery::default())
        .into_iter()
        .find(|r| r.name == name)
        .unwrap()
        .last_contact
}

#[test]
fn the_last_contact_follows_every_follow_up_write_and_a_restart() {
    let (dir, store) = open_temp();
    let c = store.create_customer(customer("张三", &[]), t(1)).unwrap();
    assert_eq!(last_of(&store, "张三"), None);
    let late = log(&store, &c.id, t(10));
    log(&store, &c.id, t(4));
    assert_eq!(
        last_of(&store, "张三"),
        Some(t(10)),
        "an older one logged later"
    );
    // Editing the latest moves it; deleting it falls back to the one before.
    store
        .update_follow_up(&late, follow_up(t(12), None), t(12), &Utc)
        .unwrap();
    assert_eq!(last_of(&store, "张三"), Some(t(12)));
    store.delete_follow_up(&late).unwrap();
    assert_eq!(last_of(&store, "张三"), Some(t(4)));
    // A customer edit keeps it.
    store
        .update_customer(&c.id, customer("张三丰", &["VIP"]), t(13))
        .unwrap();
    assert_eq!(last_of(&store, "张三丰"), Some(t(4)));
    assert_eq!(store.last_contact(&c.id).unwrap(), Some(t(4)));
    store.verify_indexes().unwrap();
    drop(store);
    let store = reopen(dir.path());
    assert_eq!(last_of(&store, "张三丰"), Some(t(4)));
    store.verify_indexes().unwrap();
    let only = store.follow_ups_of(&c.id).unwrap();
    store.delete_follow_up(&only[0].id).unwrap();
    assert_eq!(last_of(&store, "张三丰"), None);
    store.verify_indexes().unwrap();
}

/// 甲 contacted 2 days ago, 乙 12 days ago, 丙 40 days ago, 丁 never (created 3 days ago).
fn four_customers() -> (tempfile::TempDir, Store) {
    let (dir, store) = open_temp();
    for (name, contact_days_ago) in [("甲", Some(2)), ("乙", Some(12)), ("丙", Some(40))] {
        let c = store
            .create_customer(customer(name, &[]), now() - Duration::days(60))
            .unwrap();
        if let Some(d) = contact_days_ago {
            log(&store, &c.id, now() - Duration::days(d));
        }
    }
    store
        .create_customer(customer("丁", &[]), now() - Duration::days(3))
        .unwrap();
    (dir, store)
}

#[test]
fn the_list_sorts_by_last_contact_both_ways_with_the_never_contacted_last() {
    let (_dir, store) = four_customers();
    let sorted = |descending| {
        names(
            &store,
            ListQuery {
                sort: SortField::LastContact,
                descending,
                ..Default::default()
            },
        )
    };
    assert_eq!(sorted(false), ["丙", "乙", "甲", "丁"]);
    assert_eq!(sorted(true), ["甲", "乙", "丙", "丁"]);
}

#[test]
fn the_list_filters_by_last_contact_in_calendar_days() {
    let (_dir, store) = four_customers();
    let filtered = |contact| {
        let mut n = names(
            &store,
            ListQuery {
                contact,
                ..Default::default()
            },
        );
        n.sort();
        n
    };
    assert_eq!(filtered(ContactFilter::Within(7)), ["甲"]);
    assert_eq!(
        filtered(ContactFilter::Within(12)),
        ["甲"],
        "12 days ago is not within 12"
    );
    assert_eq!(filtered(ContactFilter::Within(13)), ["乙", "甲"]);
    assert_eq!(filtered(ContactFilter::NotWithin(30)), ["丁", "丙"]);
    assert_eq!(filtered(ContactFilter::NotWithin(12)), ["丁", "丙", "乙"]);
    assert_eq!(filtered(ContactFilter::Never), ["丁"]);
    assert_eq!(filtered(ContactFilter::Any).len(), 4);
}

#[test]
fn days_are_counted_in_the_users_zone() {
    let (_dir, store) = open_temp();
    let c = store
        .create_customer(customer("晚上联系", &[]), now() - Duration::days(60))
        .unwrap();
    // 23:30 in Shanghai the evening before: yesterday there, though the same UTC day as now.
    log(&store, &c.id, utc(2026, 11, 19, 15, 30));
    let within = |n| {
        names(
            &store,
            ListQuery {
                contact: ContactFilter::Within(n),
                ..Default::default()
            },
        )
        .len()
    };
    assert_eq!(within(1), 0, "not today in Shanghai");
    assert_eq!(within(2), 1);
}

#[test]
fn a_customer_untouched_for_the_settings_days_is_marked_and_can_be_filtered() {
    let (_dir, store) = four_customers();
    let lost = store
        .create_customer(
            {
                let mut c = customer("戊", &[]);
                c.fields.stage = Stage::Lost;
                c.fields.lost_reason = "预算不足".into();
                c
            },
            now() - Duration::days(90),
        )
        .unwrap();
    assert_eq!(store.last_contact(&lost.id).unwrap(), None);
    let marks = |store: &Store| {
        let mut m: Vec<(String, Option<u32>)> = rows(store, ListQuery::default())
            .into_iter()
            .map(|r| (r.name, r.untouched_days))
            .collect();
        m.sort();
        m
    };
    // Default 30 days: 丙 (40 days), not 丁 (never contacted, but added 3 days ago), not the
    // lost 戊.
    assert_eq!(
        marks(&store),
        [
            ("丁".to_string(), None),
            ("丙".to_string(), Some(40)),
            ("乙".to_string(), None),
            ("戊".to_string(), None),
            ("甲".to_string(), None),
        ]
    );
    let untouched = |store: &Store| {
        names(
            store,
            ListQuery {
                contact: ContactFilter::Untouched,
                ..Default::default()
            },
        )
    };
    assert_eq!(untouched(&store), ["丙"]);
    let mut s = Settings::with_language(rapport_core::model::Language::Zh);
    s.untouched_days = 3;
    store.save_settings(s.clone()).unwrap();
    let mut u = untouched(&store);
    u.sort();
    assert_eq!(u, ["丁", "丙", "乙"], "3 days: 丁 was added 3 days ago");
    s.untouched_days = 0;
    store.save_settings(s.clone()).unwrap();
    assert!(untouched(&store).is_empty(), "0 turns the mark off");
    assert!(marks(&store).iter().all(|(_, m)| m.is_none()));
}

#[test]
fn an_untouched_days_setting_out_of_range_is_refused_and_nothing_saved() {
    let (_dir, store) = open_temp();
    let mut s = Settings::with_language(rapport_core::model::Language::En);
    assert_eq!(s.untouched_days, 30, "the default");
    s.untouched_days = 5000;
    match store.save_settings(s) {
        Err(CoreError::InvalidField { field, .. }) => assert_eq!(field, "untouchedDays"),
        other => panic!("{other:?}"),
    }
    assert_eq!(store.settings().unwrap(), None);
    // An older book's settings read with the default.
    let old = serde_json::json!({ "language": "zh", "sources": [] });
    let read: Settings = serde_json::from_value(old).unwrap();
    assert_eq!(read.untouched_days, 30);
}

#[test]
fn pinyin_finds_chinese_names_and_companies_in_the_list() {
    let (_dir, store) = open_temp();
    for (name, company) in [
        ("张三", "上海华东贸易有限公司"),
        ("单雄信", ""),
        ("曾国藩", "湘军"),
        ("李四", "北京恒通科技"),
        ("Zhang Shan", "Acme"),
    ] {
        let mut c = customer(name, &[]);
        c.fields.company = company.into();
        store.create_customer(c, t(1)).unwrap();
    }
    let found = |q: &str| {
        names(
            &store,
            ListQuery {
                search: q.into(),
                ..Default::default()
            },
        )
    };
    assert_eq!(found("zs"), ["张三"]);
    assert_eq!(found("zhangs"), ["张三"]);
    assert_eq!(
        found("zhang s"),
        ["Zhang Shan", "张三"],
        "spaces: plain text and pinyin"
    );
    assert_eq!(found("zhangsan"), ["张三"]);
    assert_eq!(found("hd"), ["张三"], "华东 inside the company");
    assert_eq!(found("huadong"), ["张三"]);
    assert_eq!(found("shanxx"), ["单雄信"], "单 read shan");
    assert_eq!(found("dxx"), ["单雄信"], "单 read dan");
    assert_eq!(found("cengguofan"), ["曾国藩"]);
    assert_eq!(found("zgf"), ["曾国藩"]);
    assert_eq!(found("htkj"), ["李四"]);
    assert!(found("zsx").is_empty());
}
