#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;
use common::*;
use rapport_core::error::{CoreError, Entity, Invalid};
use rapport_core::model::{ListQuery, SortField, Stage, TagMode};

#[test]
fn create_then_get_returns_every_field_and_tags() {
    let (_d, store) = open_temp();
    let input = company_with_contacts("杭州云栖科技");
    let saved = store.create_customer(input.clone(), t(1)).unwrap();
    let loaded = store.get_customer(&saved.id).unwrap();
    assert_eq!(loaded.fields, input.fields);
    assert_eq!(loaded.tag_ids.len(), 3);
    let names: Vec<String> = store
        .list_tags()
        .unwrap()
        .into_iter()
        .map(|t| t.tag.name)
        .collect();
    assert_eq!(names, vec!["VIP", "华东", "展会2026"]);
    assert_eq!(loaded.created_at, t(1));
}

#[test]
fn tag_names_are_reused_case_insensitively() {
    let (_d, store) = open_temp();
    let a = store
        .create_customer(customer("A", &["vip"]), t(1))
        .unwrap();
    let b = store
        .create_customer(customer("B", &["VIP ", "Vip"]), t(1))
        .unwrap();
    assert_eq!(a.tag_ids, b.tag_ids);
    assert_eq!(store.list_tags().unwrap().len(), 1);
    assert_eq!(store.list_tags().unwrap()[0].customer_count, 2);
}

#[test]
fn ids_are_time_ordered_ulids() {
    let (_d, store) = open_temp();
    let a = store.create_customer(customer("A", &[]), t(1)).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(2));
    let b = store.create_customer(customer("B", &[]), t(1)).unwrap();
    assert_eq!(a.id.len(), 26);
    assert!(a.id < b.id);
}

#[test]
fn invalid_update_changes_nothing() {
    let (_d, store) = open_temp();
    let saved = store.create_customer(customer("A", &["x"]), t(1)).unwrap();
    let mut bad = customer("A2", &["y"]);
    bad.fields.stage = Stage::Lost;
    let err = store.update_customer(&saved.id, bad, t(2)).unwrap_err();
    assert_eq!(
        err,
        CoreError::invalid("lostReason", Invalid::LostReasonRequired)
    );
    assert_eq!(store.get_customer(&saved.id).unwrap(), saved);
    assert_eq!(
        store.list_tags().unwrap().len(),
        1,
        "tag y must not be created"
    );
    store.verify_indexes().unwrap();
}

#[test]
fn update_moves_tag_index_entries() {
    let (_d, store) = open_temp();
    let saved = store
        .create_customer(customer("A", &["x", "y"]), t(1))
        .unwrap();
    let updated = store
        .update_customer(&saved.id, customer("A", &["y", "z"]), t(2))
        .unwrap();
    assert_eq!(updated.updated_at, t(2));
    let counts: Vec<(String, u32)> = store
        .list_tags()
        .unwrap()
        .into_iter()
        .map(|t| (t.tag.name, t.customer_count))
        .collect();
    assert_eq!(
        counts,
        vec![("x".into(), 0), ("y".into(), 1), ("z".into(), 1)]
    );
    store.verify_indexes().unwrap();
}

#[test]
fn unknown_and_malformed_ids_are_clear_errors() {
    let (_d, store) = open_temp();
    assert_eq!(
        store.get_customer("nope").unwrap_err(),
        CoreError::invalid("id", Invalid::Id)
    );
    let id = ulid::Ulid::new().to_string();
    assert_eq!(
        store
            .update_customer(&id, customer("A", &[]), t(1))
            .unwrap_err(),
        CoreError::NotFound {
            entity: Entity::Customer,
            id: id.clone()
        }
    );
}

#[test]
fn trash_restore_and_purge() {
    let (_d, store) = open_temp();
    let a = store.create_customer(customer("A", &["x"]), t(1)).unwrap();
    let b = store.create_customer(customer("B", &["x"]), t(1)).unwrap();
    store.trash_customer(&a.id, t(2)).unwrap();
    let page = store.list_customers(&ListQuery::default()).unwrap();
    assert_eq!(page.total, 1);
    assert_eq!(store.list_trash().unwrap()[0].name, "A");
    assert_eq!(store.list_tags().unwrap()[0].customer_count, 1);
    assert!(
        store
            .update_customer(&a.id, customer("A", &[]), t(3))
            .is_err(),
        "trashed customers are not editable"
    );
    let restored = store.restore_customer(&a.id, t(3)).unwrap();
    assert_eq!(restored.tag_ids, a.tag_ids, "restore keeps the tags");
    assert_eq!(
        store.list_customers(&ListQuery::default()).unwrap().total,
        2
    );
    assert!(
        store.purge_customer(&b.id).is_err(),
        "only trashed customers are purged"
    );
    store.trash_customer(&b.id, t(4)).unwrap();
    assert_eq!(store.empty_trash().unwrap(), 1);
    assert!(store.get_customer(&b.id).is_err());
    store.verify_indexes().unwrap();
}

#[test]
fn list_filters_by_tags_all_and_any_sorts_and_pages() {
    let (_d, store) = open_temp();
    store
        .create_customer(customer("Carol", &["vip", "east"]), t(1))
        .unwrap();
    store
        .create_customer(customer("alice", &["vip"]), t(1))
        .unwrap();
    store
        .create_customer(customer("Bob", &["east"]), t(1))
        .unwrap();
    let tags = store.list_tags().unwrap();
    let id = |n: &str| {
        tags.iter()
            .find(|t| t.tag.name == n)
            .unwrap()
            .tag
            .id
            .clone()
    };
    let names = |q: &ListQuery| -> Vec<String> {
        store
            .list_customers(q)
            .unwrap()
            .rows
            .into_iter()
            .map(|r| r.name)
            .collect()
    };
    let mut q = ListQuery {
        tag_ids: vec![id("vip"), id("east")],
        ..Default::default()
    };
    assert_eq!(names(&q), vec!["Carol"]);
    q.tag_mode = TagMode::Any;
    assert_eq!(names(&q), vec!["alice", "Bob", "Carol"]);
    q.descending = true;
    assert_eq!(names(&q), vec!["Carol", "Bob", "alice"]);
    q.offset = 1;
    q.limit = 1;
    let page = store.list_customers(&q).unwrap();
    assert_eq!((page.total, page.rows[0].name.as_str()), (3, "Bob"));
}

#[test]
fn search_matches_name_company_phone_and_email() {
    let (_d, store) = open_temp();
    let mut c = customer("张伟", &[]);
    c.fields.company = "Acme Logistics".into();
    c.fields.phones = vec!["138-0013-8000".into()];
    c.fields.emails = vec!["zhang@acme.com".into()];
    store.create_customer(c, t(1)).unwrap();
    store.create_customer(customer("Other", &[]), t(1)).unwrap();
    for needle in ["张", "acme log", "13800138000", "0013-8000", "ZHANG@ACME"] {
        let q = ListQuery {
            search: needle.into(),
            ..Default::default()
        };
        let page = store.list_customers(&q).unwrap();
        assert_eq!(page.total, 1, "search {needle:?}");
        assert_eq!(page.rows[0].name, "张伟");
    }
}

#[test]
fn a_search_sees_every_write_before_it() {
    let (_d, store) = open_temp();
    let found = |needle: &str| {
        let q = ListQuery {
            search: needle.into(),
            ..Default::default()
        };
        let page = store.list_customers(&q).unwrap();
        page.rows.into_iter().map(|r| r.name).collect::<Vec<_>>()
    };
    let a = store.create_customer(customer("张伟", &[]), t(1)).unwrap();
    store.create_customer(customer("李娜", &[]), t(1)).unwrap();
    assert_eq!(found("zw"), ["张伟"]);
    // Renamed: the old name and its pinyin no longer find it, the new ones do.
    store
        .update_customer(&a.id, customer("王芳", &[]), t(2))
        .unwrap();
    assert!(found("zw").is_empty() && found("张伟").is_empty());
    assert_eq!(found("wangf"), ["王芳"]);
    assert_eq!(found("王"), ["王芳"]);
    store.create_customer(customer("张伟", &[]), t(3)).unwrap();
    assert_eq!(found("zhangwei"), ["张伟"]);
    store.trash_customer(&a.id, t(4)).unwrap();
    assert!(found("wf").is_empty(), "trashed");
    store.purge_customer(&a.id).unwrap();
    assert!(found("wf").is_empty());
    assert_eq!(found("ln"), ["李娜"]);
}

#[test]
fn typing_a_search_key_by_key_finds_what_the_whole_needle_finds() {
    let (_d, store) = open_temp();
    for (name, company, phone) in [
        ("张三", "上海华东贸易", "138 0013 8000"),
        ("张珊", "杭州长虹", "13900139000"),
        ("赵四", "中联实业", "1380-0138-111"),
        ("单雄", "Acme 13 号", "021-6666"),
        ("zhang san", "ZS Trading", ""),
        ("李四", "", "1 38 999"),
    ] {
        let mut c = customer(name, &[]);
        c.fields.company = company.into();
        c.fields.phones = (!phone.is_empty())
            .then(|| phone.to_string())
            .into_iter()
            .collect();
        store.create_customer(c, t(1)).unwrap();
    }
    let names = |search: &str| searched_names(&store, search);
    for needle in [
        "zhangs", "zs t", "13800", "138 0013", "1380-01", "shanx", "张三",
    ] {
        let typed: Vec<char> = needle.chars().collect();
        for n in 1..=typed.len() {
            let prefix: String = typed[..n].iter().collect();
            let narrowed = names(&prefix);
            // Cold: a search no needle extends comes first.
            names("\u{2}");
            assert_eq!(narrowed, names(&prefix), "typing {prefix:?}");
        }
    }
    // A phone number written apart is found once the needle reads as one, though the
    // shorter needle (no phone yet) did not find it.
    assert!(!names("13").contains(&"李四".to_string()));
    assert!(names("138").contains(&"李四".to_string()));
}

#[test]
fn filters_by_stage_category_priority_owner_and_sorts_by_stage() {
    use rapport_core::model::{Category, Priority};
    let (_d, store) = open_temp();
    for (name, stage, owner) in [
        ("a", Stage::Won, "李娜"),
        ("b", Stage::InitialContact, "陈强"),
        ("c", Stage::Negotiation, "李娜"),
    ] {
        let mut c = customer(name, &[]);
        c.fields.stage = stage;
        c.fields.owner = owner.into();
        c.fields.category = Some(Category::Interested);
        c.fields.priority = Priority::High;
        store.create_customer(c, t(1)).unwrap();
    }
    let q = ListQuery {
        owners: vec!["李娜".into()],
        sort: SortField::Stage,
        ..Default::default()
    };
    let rows = store.list_customers(&q).unwrap().rows;
    assert_eq!(
        rows.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(),
        vec!["c", "a"]
    );
    let q = ListQuery {
        stages: vec![Stage::InitialContact],
        categories: vec![Category::Interested],
        priorities: vec![Priority::High],
        ..Default::default()
    };
    assert_eq!(store.list_customers(&q).unwrap().total, 1);
    let q = ListQuery {
        categories: vec![Category::ReadyToBuy],
        ..Default::default()
    };
    assert_eq!(store.list_customers(&q).unwrap().total, 0);
    assert_eq!(store.owners().unwrap(), vec!["李娜", "陈强"]);
}

/// The shared pool (公海) of a team book is the owner filter's '' (no owner), on its own or
/// with people; the owner list for the filter leaves '' out (the UI names it 公海).
#[test]
fn the_owner_filter_finds_the_pool_as_no_owner() {
    let (_d, store) = open_temp();
    for (name, owner) in [("mine", "李娜"), ("pooled", ""), ("theirs", "陈强")] {
        let mut c = customer(name, &[]);
        c.fields.owner = owner.into();
        store.create_customer(c, t(1)).unwrap();
    }
    let names = |owners: &[&str]| {
        let q = ListQuery {
            owners: owners.iter().map(|o| o.to_string()).collect(),
            ..Default::default()
        };
        let rows = store.list_customers(&q).unwrap().rows;
        rows.into_iter().map(|r| r.name).collect::<Vec<_>>()
    };
    assert_eq!(names(&[""]), vec!["pooled"]);
    assert_eq!(names(&["", "李娜"]), vec!["mine", "pooled"]);
    assert_eq!(store.owners().unwrap(), vec!["李娜", "陈强"]);
}

#[test]
fn data_survives_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let id = {
        let store = rapport_core::Store::open(dir.path()).unwrap();
        store
            .create_customer(company_with_contacts("Acme"), t(1))
            .unwrap()
            .id
    };
    let store = reopen(dir.path());
    assert_eq!(store.get_customer(&id).unwrap().fields.contacts.len(), 2);
    assert_eq!(
        store.list_customers(&ListQuery::default()).unwrap().total,
        1
    );
    store.verify_indexes().unwrap();
}

#[test]
fn a_second_open_of_the_same_book_is_locked() {
    let dir = tempfile::tempdir().unwrap();
    let _first = rapport_core::Store::open(dir.path()).unwrap();
    // sled's lock is per process: a second process sees it, so check from a child.
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "lock_probe_child", "--nocapture"])
        .env("RAPPORT_LOCK_PROBE_DIR", dir.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("probe: Err(Locked)"),
        "child said: {stdout}"
    );
}

/// Runs only as the child of `a_second_open_of_the_same_book_is_locked`.
#[test]
fn lock_probe_child() {
    if let Some(dir) = std::env::var_os("RAPPORT_LOCK_PROBE_DIR") {
        let r = rapport_core::Store::open(std::path::Path::new(&dir)).map(|_| ());
        println!("probe: {r:?}");
    }
}

#[test]
fn the_list_sorts_chinese_names_by_pinyin() {
    let (_d, store) = open_temp();
    for name in ["张伟", "Acme", "刘洋", "陈强"] {
        store.create_customer(customer(name, &[]), t(1)).unwrap();
    }
    let rows = store.list_customers(&ListQuery::default()).unwrap().rows;
    let names: Vec<&str> = rows.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, vec!["Acme", "陈强", "刘洋", "张伟"]);
}

#[test]
fn ids_of_one_batch_keep_their_order() {
    let (_d, store) = open_temp();
    let saved = store
        .create_customers(
            (0..50).map(|i| customer(&format!("c{i}"), &[])).collect(),
            t(1),
        )
        .unwrap();
    assert!(saved.windows(2).all(|w| w[0].id < w[1].id));
}
