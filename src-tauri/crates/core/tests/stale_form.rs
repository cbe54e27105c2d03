#![allow(clippy::unwrap_used, clippy::expect_used)]
//! A customer's form saved after the book changed under it (in a team book: a colleague's edit
//! pulled while the page was open) writes only what the form changed.
mod common;
use chrono::Utc;
use common::*;

#[test]
fn a_form_opened_before_a_colleagues_edit_keeps_that_edit() {
    let (_d, store) = open_temp();
    let saved = store
        .create_customer(customer("华东贸易", &["vip"]), t(1))
        .unwrap();
    // The form as it was opened.
    let base = customer("华东贸易", &["vip"]);
    // Meanwhile a colleague's edit lands: another company, budget and tag.
    let mut theirs = base.clone();
    theirs.fields.company = "华东贸易集团".into();
    theirs.fields.needs.budget = "20万".into();
    theirs.tags = vec!["vip".into(), "重点".into()];
    store.update_customer(&saved.id, theirs, t(2)).unwrap();
    // The form changes only the phone.
    let mut mine = base.clone();
    mine.fields.phones = vec!["021 6234 5678".into()];
    let after = store
        .edit_customer_in(&saved.id, mine, &base, t(3), &Utc)
        .unwrap();
    assert_eq!(after.fields.company, "华东贸易集团");
    assert_eq!(after.fields.needs.budget, "20万");
    assert_eq!(after.fields.phones, vec!["021 6234 5678".to_string()]);
    assert_eq!(after.tag_ids.len(), 2, "the colleague's tag stays");
    assert_eq!(store.get_customer(&saved.id).unwrap(), after);
    store.verify_indexes().unwrap();
}

#[test]
fn a_form_that_changed_the_tags_writes_its_tags() {
    let (_d, store) = open_temp();
    let saved = store.create_customer(customer("A", &["x"]), t(1)).unwrap();
    let base = customer("A", &["x"]);
    let mut mine = base.clone();
    mine.tags = vec!["y".into()];
    let after = store
        .edit_customer_in(&saved.id, mine, &base, t(2), &Utc)
        .unwrap();
    let names: Vec<(String, u32)> = store
        .list_tags()
        .unwrap()
        .into_iter()
        .map(|t| (t.tag.name, t.customer_count))
        .collect();
    assert_eq!(names, vec![("x".into(), 0), ("y".into(), 1)]);
    assert_eq!(after.tag_ids.len(), 1);
    store.verify_indexes().unwrap();
}

#[test]
fn a_merged_edit_that_is_invalid_changes_nothing() {
    let (_d, store) = open_temp();
    let saved = store.create_customer(customer("A", &[]), t(1)).unwrap();
    let base = customer("A", &[]);
    let mut mine = base.clone();
    mine.fields.name = "  ".into();
    assert!(store
        .edit_customer_in(&saved.id, mine, &base, t(2), &Utc)
        .is_err());
    assert_eq!(store.get_customer(&saved.id).unwrap(), saved);
}
