//! A book opens without the list's search keys — pinyin, lowercased text, phone digits (the
//! warm-up works them out after the first page): searches find by each before, during and
//! after that, and a customer written in between keeps the keys of what it now says.
#![allow(clippy::unwrap_used)]
mod common;

use common::{customer, open_temp, reopen, searched_names, t};

#[test]
fn search_keys_wait_for_the_warm_up_and_searches_need_not() {
    let (dir, store) = open_temp();
    let mut ids = Vec::new();
    for name in ["张三", "李四", "王五", "赵六"] {
        ids.push(store.create_customer(customer(name, &[]), t(1)).unwrap().id);
    }
    let mut acme = customer("Ann Lee", &[]);
    acme.fields.company = "ACME Trading".into();
    acme.fields.phones = vec!["+86 138-0013-8000".into()];
    acme.fields.emails = vec!["Sales@Acme.example".into()];
    store.create_customer(acme, t(1)).unwrap();
    // Found by its text (any case), its email and its phone typed without the dashes.
    let by_text = |store: &rapport_core::Store| {
        ["acme trad", "sales@acme", "13800138000", "0013-8000"].map(|q| searched_names(store, q))
    };
    let ann = vec!["Ann Lee".to_string()];
    assert_eq!(
        by_text(&store),
        [ann.clone(), ann.clone(), ann.clone(), ann.clone()]
    );
    assert_eq!(
        store.unkeyed_count().unwrap(),
        0,
        "a write keys what it writes"
    );
    drop(store);

    let store = reopen(dir.path());
    assert_eq!(
        store.unkeyed_count().unwrap(),
        5,
        "the open leaves the keys for later"
    );
    // Searched before the warm-up: the search keys what it reads.
    assert_eq!(searched_names(&store, "zs"), ["张三"]);
    assert_eq!(
        by_text(&store),
        [ann.clone(), ann.clone(), ann.clone(), ann.clone()]
    );
    // Renamed before the warm-up: its new keys, which the warm-up leaves be.
    let mut c = customer("钱七", &[]);
    c.fields.company = "华东".into();
    store.update_customer(&ids[0], c, t(2)).unwrap();
    assert_eq!(store.unkeyed_count().unwrap(), 4);
    store.warm_up().unwrap();
    assert_eq!(store.unkeyed_count().unwrap(), 0);
    assert_eq!(
        by_text(&store),
        [ann.clone(), ann.clone(), ann.clone(), ann]
    );
    assert!(searched_names(&store, "zs").is_empty());
    assert_eq!(searched_names(&store, "qq"), ["钱七"]);
    assert_eq!(searched_names(&store, "hd"), ["钱七"]);
    assert_eq!(searched_names(&store, "lisi"), ["李四"]);
    assert_eq!(searched_names(&store, "zl"), ["赵六"]);
}

#[test]
fn the_warm_up_keys_a_big_book_on_every_core_and_readies_the_search() {
    // More customers than one batch of the warm-up (2,048), names mixing surnames and readings.
    let surnames = ["张", "李", "王", "单", "长", "乐"];
    let inputs = (0..5000)
        .map(|i| customer(&format!("{}{}号", surnames[i % surnames.len()], i), &[]))
        .collect();
    let (dir, store) = open_temp();
    store.create_customers(inputs, t(1)).unwrap();
    drop(store);

    // What searches find with every key worked out by the search itself…
    let queries = ["zhang", "shan", "chang", "yue", "le", "wang"];
    let store = reopen(dir.path());
    let before: Vec<Vec<String>> = queries.iter().map(|q| searched_names(&store, q)).collect();
    assert!(before.iter().all(|found| !found.is_empty()));
    drop(store);

    // …is what they find after the warm-up keyed the book in parallel batches.
    let store = reopen(dir.path());
    assert!(
        !store.search_prepared().unwrap(),
        "the open builds no search buffers"
    );
    store.warm_up().unwrap();
    assert_eq!(store.unkeyed_count().unwrap(), 0);
    assert!(store.search_prepared().unwrap(), "the warm-up builds them");
    let after: Vec<Vec<String>> = queries.iter().map(|q| searched_names(&store, q)).collect();
    assert_eq!(before, after);
}
