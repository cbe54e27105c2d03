#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Opening books written by earlier (and later) versions of the schema.
mod common;
use rapport_core::error::CoreError;
use rapport_core::model::ListQuery;
use rapport_core::store::{tree, SCHEMA_VERSION, VERSION_FILE};
use rapport_core::Store;
use serde_json::json;

/// Writes a book as schema version 1 did: single phone/email, tag names inside the record.
fn write_v1_book(dir: &std::path::Path) -> Vec<String> {
    let db = sled::open(dir).unwrap();
    let customers = db.open_tree(tree::CUSTOMER_BY_ID).unwrap();
    let mut ids = Vec::new();
    for (name, phone, tags) in [
        ("张伟", "138 0013 8000", json!(["VIP", "华东"])),
        ("Acme", "", json!(["vip"])),
    ] {
        let id = ulid::Ulid::new();
        let record = json!({
            "id": id.to_string(), "kind": "company", "name": name, "company": name,
            "phone": phone, "email": "a@example.com", "stage": "proposal", "priority": "high",
            "tags": tags, "createdAt": "2024-05-01T08:00:00Z", "updatedAt": "2024-05-01T08:00:00Z",
        });
        customers
            .insert(id.0.to_be_bytes(), serde_json::to_vec(&record).unwrap())
            .unwrap();
        ids.push(id.to_string());
    }
    mark_version(&db, 1);
    ids
}

#[test]
fn opens_a_version_1_book_and_migrates_it() {
    let dir = tempfile::tempdir().unwrap();
    let ids = write_v1_book(dir.path());
    let store = common::reopen(dir.path());
    let zhang = store.get_customer(&ids[0]).unwrap();
    assert_eq!(zhang.fields.phones, vec!["138 0013 8000"]);
    assert_eq!(zhang.fields.emails, vec!["a@example.com"]);
    let acme = store.get_customer(&ids[1]).unwrap();
    assert!(acme.fields.phones.is_empty());
    let tags = store.list_tags().unwrap();
    let names: Vec<(String, u32)> = tags
        .iter()
        .map(|t| (t.tag.name.to_lowercase(), t.customer_count))
        .collect();
    assert_eq!(
        names,
        vec![("vip".to_string(), 2), ("华东".to_string(), 1)],
        "vip and VIP are one tag"
    );
    assert_eq!(
        store.list_customers(&ListQuery::default()).unwrap().total,
        2
    );
    store.verify_indexes().unwrap();
    drop(store);
    // Migrated once: reopening leaves it as it is.
    let store = common::reopen(dir.path());
    assert_eq!(store.list_tags().unwrap().len(), 2);
}

#[test]
fn a_book_from_a_newer_version_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    {
        let db = sled::open(dir.path()).unwrap();
        mark_version(&db, 99);
    }
    // sled may hold the lock of the handle just dropped for a moment.
    let mut err = Store::open(dir.path()).err().unwrap();
    for _ in 0..100 {
        if err != CoreError::Locked {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
        err = Store::open(dir.path()).err().unwrap();
    }
    assert_eq!(
        err,
        CoreError::SchemaTooNew {
            found: 99,
            supported: SCHEMA_VERSION
        }
    );
    let db = common::open_when_released(dir.path());
    assert_eq!(version_of(&db), 99);
}

/// Every file under `dir` (recursively) with a hash of its bytes, sorted by path.
fn file_hashes(dir: &std::path::Path) -> Vec<(std::path::PathBuf, u64, usize)> {
    use std::hash::{Hash, Hasher};
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let bytes = std::fs::read(&path).unwrap();
                let mut h = std::collections::hash_map::DefaultHasher::new();
                bytes.hash(&mut h);
                let name = path.strip_prefix(dir).unwrap().to_path_buf();
                out.push((name, h.finish(), bytes.len()));
            }
        }
    }
    out.sort();
    out
}

/// A real book (customers, follow-ups, tags) marked as written by a newer Rapport: opening it
/// is refused and leaves every one of its files byte-identical (no migration, no new tree,
/// no snapshot or log write, no durability marker).
#[test]
fn opening_a_newer_book_leaves_its_files_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    {
        let store = Store::open(dir.path()).unwrap();
        for i in 0..50 {
            let c = store
                .create_customer(
                    common::customer(&format!("客户{i}"), &["vip"]),
                    common::t(1),
                )
                .unwrap();
            store
                .log_follow_up(
                    &c.id,
                    common::follow_up(common::t(2), Some(common::t(20))),
                    common::t(2),
                    &chrono::Utc,
                )
                .unwrap();
        }
    }
    assert_eq!(
        std::fs::read_to_string(dir.path().join(VERSION_FILE)).unwrap(),
        format!("{SCHEMA_VERSION}\n"),
        "the book states its version outside sled too"
    );
    {
        // What a newer Rapport leaves: its version in the book and in the version file.
        let db = common::open_when_released(dir.path());
        mark_version(&db, SCHEMA_VERSION + 1);
        std::fs::write(
            dir.path().join(VERSION_FILE),
            format!("{}\n", SCHEMA_VERSION + 1),
        )
        .unwrap();
    }
    // sled may hold the lock of the handle just dropped for a moment.
    std::thread::sleep(std::time::Duration::from_millis(200));
    let before = file_hashes(dir.path());
    let mut err = Store::open(dir.path()).err().unwrap();
    for _ in 0..100 {
        if err != CoreError::Locked {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
        err = Store::open(dir.path()).err().unwrap();
    }
    assert_eq!(
        err,
        CoreError::SchemaTooNew {
            found: SCHEMA_VERSION + 1,
            supported: SCHEMA_VERSION
        }
    );
    // Whatever sled does when its handle goes has happened by now.
    std::thread::sleep(std::time::Duration::from_millis(200));
    assert_eq!(file_hashes(dir.path()), before);
}

/// The schema version the book in `db` says it is.
fn version_of(db: &sled::Db) -> u32 {
    let v = db
        .open_tree(tree::META)
        .unwrap()
        .get("schema_version")
        .unwrap()
        .unwrap();
    u32::from_be_bytes(v.as_ref().try_into().unwrap())
}

/// Says the book in `db` is schema `version` (and flushes).
fn mark_version(db: &sled::Db, version: u32) {
    db.open_tree(tree::META)
        .unwrap()
        .insert("schema_version", &version.to_be_bytes())
        .unwrap();
    db.flush().unwrap();
}

#[test]
fn a_version_2_book_gets_its_list_rows_rewritten_with_reminder_dates() {
    use chrono::NaiveDate;
    let dir = tempfile::tempdir().unwrap();
    let id = {
        let store = common::reopen(dir.path());
        let mut input = common::customer("生日客户", &["VIP"]);
        input.fields.birthday = NaiveDate::from_ymd_opt(1985, 11, 25);
        store.create_customer(input, common::t(1)).unwrap().id
    };
    {
        // Version 2 rows had no reminder dates: their bytes do not decode as version 3 rows.
        let db = common::open_when_released(dir.path());
        let rows = db.open_tree(tree::CUSTOMER_ROW_BY_ID).unwrap();
        let key = rows.iter().next().unwrap().unwrap().0;
        rows.insert(key, &b"v2 row"[..]).unwrap();
        mark_version(&db, 2);
    }
    let store = common::reopen(dir.path());
    let page = store.list_customers(&ListQuery::default()).unwrap();
    assert_eq!(page.rows[0].id, id);
    store.verify_indexes().unwrap();
    let tick = rapport_core::reminders::Engine::new()
        .tick(
            &store,
            common::utc(2026, 11, 25, 9, 0),
            &chrono::Utc,
            Default::default(),
        )
        .unwrap();
    assert_eq!(
        tick.notices.len(),
        1,
        "the birthday is known after the migration"
    );
}

#[test]
fn a_version_3_book_moves_to_version_4_with_empty_record_trees() {
    let dir = tempfile::tempdir().unwrap();
    let (id, follow_up) = {
        let store = common::reopen(dir.path());
        let c = store
            .create_customer(common::customer("华为", &["VIP"]), common::t(1))
            .unwrap();
        let f = store
            .log_follow_up(
                &c.id,
                common::follow_up(common::t(2), Some(common::t(5))),
                common::t(2),
                &chrono::Utc,
            )
            .unwrap();
        (c.id, f)
    };
    {
        // A version 3 book has no record trees and says it is version 3.
        let db = common::open_when_released(dir.path());
        for name in [
            tree::OPPORTUNITY_BY_ID,
            tree::OPPORTUNITY_BY_CUSTOMER,
            tree::DEAL_BY_ID,
            tree::DEAL_BY_CUSTOMER,
            tree::DEAL_BY_DATE,
            tree::SERVICE_BY_ID,
            tree::SERVICE_BY_CUSTOMER,
        ] {
            assert!(db.drop_tree(name).unwrap(), "{name} existed");
        }
        mark_version(&db, 3);
    }
    // Through 4 to the current version (5 adds the service plan index, tests/service_plans.rs;
    // 6 drops `customer_by_tag`, 7 records who made follow-ups and deals, 8 adds the
    // follow-up times: below; 9 copies the last contact into the list rows:
    // `contact_times.rs`).
    assert_eq!(SCHEMA_VERSION, 9);
    let store = common::reopen(dir.path());
    assert_eq!(store.get_customer(&id).unwrap().fields.name, "华为");
    assert_eq!(store.follow_ups_of(&id).unwrap(), vec![follow_up]);
    assert!(store.deals_of(&id).unwrap().is_empty());
    assert!(store.services_of(&id).unwrap().is_empty());
    assert!(store.opportunities_of(&id).unwrap().is_empty());
    store.verify_indexes().unwrap();
    // The new trees take records at once.
    let deal = rapport_core::model::DealInput {
        date: chrono::NaiveDate::from_ymd_opt(2026, 11, 3).unwrap(),
        amount: 100,
        product_or_service: "服务".into(),
        ..Default::default()
    };
    store
        .add_deal(&id, deal, common::t(3), &chrono::Utc)
        .unwrap();
    store.verify_indexes().unwrap();
    drop(store);
    let db = common::open_when_released(dir.path());
    assert_eq!(version_of(&db), SCHEMA_VERSION);
    assert_eq!(db.open_tree(tree::DEAL_BY_DATE).unwrap().len(), 1);
}

#[test]
fn a_version_5_book_loses_its_tag_index_and_tags_still_find_their_customers() {
    let dir = tempfile::tempdir().unwrap();
    let (vip, trashed, plain) = {
        let store = common::reopen(dir.path());
        let a = store
            .create_customer(common::customer("华为", &["VIP", "华东"]), common::t(1))
            .unwrap();
        let b = store
            .create_customer(common::customer("中兴", &["VIP"]), common::t(1))
            .unwrap();
        let c = store
            .create_customer(common::customer("小米", &["华东"]), common::t(1))
            .unwrap();
        store.trash_customer(&b.id, common::t(2)).unwrap();
        (a.id, b.id, c.id)
    };
    {
        // A version 5 book also kept tag id ++ customer id → () for every tag a customer carries.
        let db = common::open_when_released(dir.path());
        let index = db.open_tree(tree::CUSTOMER_BY_TAG).unwrap();
        for item in db.open_tree(tree::CUSTOMER_BY_ID).unwrap().iter() {
            let (k, v) = item.unwrap();
            let c: rapport_core::model::Customer = serde_json::from_slice(&v).unwrap();
            for t in &c.tag_ids {
                let mut key = ulid::Ulid::from_string(t).unwrap().to_bytes().to_vec();
                key.extend_from_slice(&k);
                index.insert(key, &[]).unwrap();
            }
        }
        assert_eq!(index.len(), 4);
        mark_version(&db, 5);
    }
    let store = common::reopen(dir.path());
    store.verify_indexes().unwrap();
    let tags = store.list_tags().unwrap();
    let id_of = |name: &str| {
        tags.iter()
            .find(|t| t.tag.name == name)
            .unwrap()
            .tag
            .id
            .clone()
    };
    let live_vip = tags.iter().find(|t| t.tag.name == "VIP").unwrap();
    assert_eq!(
        live_vip.customer_count, 1,
        "the trashed customer is not counted"
    );
    // Deleting a tag takes it off every customer carrying it, the trashed one included.
    store.delete_tag(&id_of("VIP"), common::t(3)).unwrap();
    assert_eq!(
        store.get_customer(&vip).unwrap().tag_ids,
        vec![id_of("华东")]
    );
    assert!(store.get_customer(&trashed).unwrap().tag_ids.is_empty());
    assert_eq!(
        store.get_customer(&plain).unwrap().tag_ids,
        vec![id_of("华东")]
    );
    let filtered = store
        .list_customers(&ListQuery {
            tag_ids: vec![id_of("华东")],
            ..Default::default()
        })
        .unwrap();
    assert_eq!(filtered.total, 2);
    store.verify_indexes().unwrap();
    drop(store);
    let db = common::open_when_released(dir.path());
    assert!(!db
        .tree_names()
        .iter()
        .any(|n| n.as_ref() == tree::CUSTOMER_BY_TAG.as_bytes()));
    assert_eq!(version_of(&db), SCHEMA_VERSION);
}

#[test]
fn a_version_6_book_learns_who_made_its_follow_ups_and_deals_from_the_handovers() {
    use rapport_core::model::{DealInput, HandoverRequest};
    let dir = tempfile::tempdir().unwrap();
    let deal = |day: u32| DealInput {
        date: chrono::NaiveDate::from_ymd_opt(2026, 11, day).unwrap(),
        amount: 1_000,
        product_or_service: "软件".into(),
        ..DealInput::default()
    };
    let (early, late, early_deal, late_deal) = {
        let store = common::reopen(dir.path());
        let mut a = common::customer("甲", &[]);
        a.fields.owner = "张伟".into();
        let a = store.create_customer(a, common::t(1)).unwrap();
        let mut b = common::customer("乙", &[]);
        b.fields.owner = "李娜".into();
        store.create_customer(b, common::t(1)).unwrap();
        let early = store
            .log_follow_up(
                &a.id,
                common::follow_up(common::t(2), None),
                common::t(2),
                &chrono::Utc,
            )
            .unwrap();
        let early_deal = store
            .add_deal(&a.id, deal(3), common::t(3), &chrono::Utc)
            .unwrap();
        let req = HandoverRequest {
            from: "张伟".into(),
            to: "李娜".into(),
            customer_ids: None,
        };
        store.hand_over(&req, common::t(5)).unwrap();
        let late = store
            .log_follow_up(
                &a.id,
                common::follow_up(common::t(6), None),
                common::t(6),
                &chrono::Utc,
            )
            .unwrap();
        let late_deal = store
            .add_deal(&a.id, deal(7), common::t(7), &chrono::Utc)
            .unwrap();
        (early.id, late.id, early_deal.deal.id, late_deal.deal.id)
    };
    {
        // A version 6 book: no `by` on follow-ups, no `salesperson` on deals, and deal_by_date
        // values of amount ++ customer id only.
        let db = common::open_when_released(dir.path());
        for (tree, field) in [
            (tree::FOLLOWUP_BY_ID, "by"),
            (tree::DEAL_BY_ID, "salesperson"),
        ] {
            let t = db.open_tree(tree).unwrap();
            for item in t.iter() {
                let (k, v) = item.unwrap();
                let mut json: serde_json::Value = serde_json::from_slice(&v).unwrap();
                json.as_object_mut().unwrap().remove(field);
                t.insert(k, serde_json::to_vec(&json).unwrap()).unwrap();
            }
        }
        let by_date = db.open_tree(tree::DEAL_BY_DATE).unwrap();
        for item in by_date.iter() {
            let (k, v) = item.unwrap();
            by_date.insert(k, &v[..8 + 16]).unwrap();
        }
        mark_version(&db, 6);
    }
    let store = common::reopen(dir.path());
    store.verify_indexes().unwrap();
    assert_eq!(
        store.get_follow_up(&early).unwrap().by,
        "张伟",
        "before the handover"
    );
    assert_eq!(store.get_follow_up(&late).unwrap().by, "李娜", "after it");
    let deals = store
        .deals_of(&store.get_follow_up(&early).unwrap().customer_id)
        .unwrap();
    let seller = |id: &str| {
        deals
            .iter()
            .find(|d| d.id == id)
            .unwrap()
            .salesperson
            .clone()
    };
    assert_eq!(
        (seller(&early_deal), seller(&late_deal)),
        ("张伟".into(), "李娜".into())
    );
    let q = rapport_core::model::AnalyticsQuery {
        from: chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
        to: chrono::NaiveDate::from_ymd_opt(2026, 12, 31).unwrap(),
        owner: Some("张伟".into()),
    };
    let zhang = store.dashboard(&q, common::t(9), &chrono::Utc).unwrap();
    assert_eq!((zhang.activity.total, zhang.deals.total_cents), (1, 1_000));
    drop(store);
    let db = common::open_when_released(dir.path());
    assert_eq!(version_of(&db), SCHEMA_VERSION);
}

#[test]
fn a_version_7_book_gets_its_follow_up_times_and_the_list_its_last_contacts() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = {
        let store = common::reopen(dir.path());
        let a = store
            .create_customer(common::customer("华为", &[]), common::t(1))
            .unwrap();
        let b = store
            .create_customer(common::customer("中兴", &[]), common::t(1))
            .unwrap();
        for day in [3, 9, 5] {
            let f = common::follow_up(common::t(day), None);
            store
                .log_follow_up(&a.id, f, common::t(day), &chrono::Utc)
                .unwrap();
        }
        (a.id, b.id)
    };
    {
        // A version 7 book has no follow-up times.
        let db = common::open_when_released(dir.path());
        assert!(db.drop_tree(tree::FOLLOWUP_TIME_BY_CUSTOMER).unwrap());
        mark_version(&db, 7);
    }
    let store = common::reopen(dir.path());
    store.verify_indexes().unwrap();
    assert_eq!(store.last_contact(&a).unwrap(), Some(common::t(9)));
    assert_eq!(store.last_contact(&b).unwrap(), None);
    let rows = store.list_customers(&ListQuery::default()).unwrap().rows;
    let row = rows.iter().find(|r| r.id == a).unwrap();
    assert_eq!(row.last_contact, Some(common::t(9)));
    drop(store);
    let db = common::open_when_released(dir.path());
    assert_eq!(version_of(&db), SCHEMA_VERSION);
}
