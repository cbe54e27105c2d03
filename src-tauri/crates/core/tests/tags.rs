#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;
use common::*;
use rapport_core::error::{CoreError, Invalid};
use rapport_core::model::{ListQuery, TagInfo};

fn tag<'a>(tags: &'a [TagInfo], name: &str) -> &'a TagInfo {
    tags.iter().find(|t| t.tag.name == name).unwrap()
}

#[test]
fn rename_recolor_and_name_clash() {
    let (_d, store) = open_temp();
    store
        .create_customer(customer("A", &["vip", "east"]), t(1))
        .unwrap();
    let tags = store.list_tags().unwrap();
    let vip = tag(&tags, "vip").tag.id.clone();
    assert_eq!(
        store.rename_tag(&vip, "VIP").unwrap().name,
        "VIP",
        "case-only rename is allowed"
    );
    assert_eq!(
        store.rename_tag(&vip, " East ").unwrap_err(),
        CoreError::TagNameTaken {
            name: "East".into()
        }
    );
    assert_eq!(
        store.rename_tag(&vip, "").unwrap_err(),
        CoreError::invalid("name", Invalid::Required)
    );
    assert_eq!(
        store.recolor_tag(&vip, "red").unwrap_err(),
        CoreError::invalid("color", Invalid::Color)
    );
    assert_eq!(store.recolor_tag(&vip, "#ABCDEF").unwrap().color, "#abcdef");
    store.rename_tag(&vip, "重点").unwrap();
    // The old name is free again and resolves to a new tag.
    store
        .create_customer(customer("B", &["vip"]), t(1))
        .unwrap();
    assert_eq!(store.list_tags().unwrap().len(), 3);
    store.verify_indexes().unwrap();
}

#[test]
fn merge_moves_customers_and_deletes_the_source() {
    let (_d, store) = open_temp();
    let a = store
        .create_customer(customer("A", &["vip", "key"]), t(1))
        .unwrap();
    store
        .create_customer(customer("B", &["vip"]), t(1))
        .unwrap();
    store
        .create_customer(customer("C", &["key"]), t(1))
        .unwrap();
    let tags = store.list_tags().unwrap();
    let (vip, key) = (
        tag(&tags, "vip").tag.id.clone(),
        tag(&tags, "key").tag.id.clone(),
    );
    let kept = store.merge_tags(&vip, &key, t(2)).unwrap();
    assert_eq!(kept.name, "key");
    let tags = store.list_tags().unwrap();
    assert_eq!(tags.len(), 1);
    assert_eq!(tags[0].customer_count, 3);
    assert_eq!(
        store.get_customer(&a.id).unwrap().tag_ids,
        vec![key.clone()],
        "no duplicate tag"
    );
    assert_eq!(
        store.merge_tags(&key, &key, t(2)).unwrap_err(),
        CoreError::invalid("into", Invalid::Duplicate)
    );
    store.verify_indexes().unwrap();
}

#[test]
fn delete_takes_the_tag_off_every_customer_including_trashed() {
    let (_d, store) = open_temp();
    let a = store
        .create_customer(customer("A", &["vip"]), t(1))
        .unwrap();
    store
        .create_customer(customer("B", &["vip", "x"]), t(1))
        .unwrap();
    store.trash_customer(&a.id, t(2)).unwrap();
    let vip = tag(&store.list_tags().unwrap(), "vip").tag.id.clone();
    store.delete_tag(&vip, t(3)).unwrap();
    assert!(store.get_customer(&a.id).unwrap().tag_ids.is_empty());
    let q = ListQuery {
        tag_ids: vec![vip],
        ..Default::default()
    };
    assert_eq!(store.list_customers(&q).unwrap().total, 0);
    store.verify_indexes().unwrap();
}

#[test]
fn create_tag_refuses_a_taken_name() {
    let (_d, store) = open_temp();
    store.create_tag("新客户", None).unwrap();
    assert_eq!(
        store.create_tag("新客户", Some("#123456")).unwrap_err(),
        CoreError::TagNameTaken {
            name: "新客户".into()
        }
    );
}
