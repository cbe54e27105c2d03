//! The facts kept in memory share their texts: each customer's id is one allocation that all
//! its facts point to, and each distinct name or product is one allocation, read whole or
//! refreshed after a write.
#![allow(clippy::unwrap_used)]
use crate::analytics::Text;
use crate::model::{CustomerInput, DealInput, FollowUpInput};
use crate::store::Store;
use chrono::{NaiveDate, TimeZone, Utc};
use chrono_tz::Asia::Shanghai;

fn customer(store: &Store, name: &str) -> String {
    let mut input = CustomerInput::default();
    input.fields.name = name.into();
    input.fields.owner = "王伟".into();
    let now = Utc.with_ymd_and_hms(2026, 11, 1, 9, 0, 0).unwrap();
    store.create_customer(input, now).unwrap().id
}

fn log(store: &Store, customer_id: &str, day: u32) {
    let at = Utc.with_ymd_and_hms(2026, 11, day, 2, 0, 0).unwrap();
    let input = FollowUpInput {
        at,
        method: "phone".into(),
        by: "王伟".into(),
        ..FollowUpInput::default()
    };
    store
        .log_follow_up(customer_id, input, at, &Shanghai)
        .unwrap();
}

fn sell(store: &Store, customer_id: &str) {
    let input = DealInput {
        date: NaiveDate::from_ymd_opt(2026, 11, 10).unwrap(),
        amount: 10_000,
        product_or_service: "服务器 X200".into(),
        payment_method: "online".into(),
        salesperson: "王伟".into(),
        ..DealInput::default()
    };
    let now = Utc.with_ymd_and_hms(2026, 11, 10, 2, 0, 0).unwrap();
    store.add_deal(customer_id, input, now, &Shanghai).unwrap();
}

/// Asserts that every fact of customer `id` points to that customer's own id, and that the
/// facts' `by`, `product` and the customers' `owner` (all "王伟" / one product) are one copy.
fn assert_shared(store: &Store, id: &str) {
    store
        .with_facts(|set| {
            let c = set.customers.iter().find(|c| &*c.id == id).unwrap();
            let follow_ups: Vec<_> = set
                .follow_ups
                .iter()
                .filter(|f| &*f.customer_id == id)
                .collect();
            assert_eq!(follow_ups.len(), 2);
            for f in &follow_ups {
                assert!(Text::ptr_eq(&f.customer_id, &c.id));
                assert!(Text::ptr_eq(&f.by, &c.owner));
            }
            let deal = set.deals.iter().find(|d| &*d.customer_id == id).unwrap();
            assert!(Text::ptr_eq(&deal.customer_id, &c.id));
            assert!(Text::ptr_eq(&deal.by, &c.owner));
        })
        .unwrap();
}

#[test]
fn facts_share_their_customer_id_and_repeated_texts() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let a = customer(&store, "甲");
    let b = customer(&store, "乙");
    for id in [&a, &b] {
        log(&store, id, 3);
        log(&store, id, 4);
        sell(&store, id);
    }
    // Read whole.
    store.warm_analytics().unwrap();
    assert_shared(&store, &a);
    assert_shared(&store, &b);
    store
        .with_facts(|set| {
            let (x, y) = (&set.deals[0], &set.deals[1]);
            assert!(!Text::ptr_eq(&x.customer_id, &y.customer_id));
            assert!(Text::ptr_eq(&x.product, &y.product));
            assert!(Text::ptr_eq(
                &set.customers[0].owner,
                &set.customers[1].owner
            ));
        })
        .unwrap();
    // Refreshed after a write to `a`: its new facts share as well.
    sell(&store, &a);
    store
        .with_facts(|set| {
            let mine: Vec<_> = set.deals.iter().filter(|d| *d.customer_id == *a).collect();
            assert_eq!(mine.len(), 2);
            assert!(Text::ptr_eq(&mine[0].customer_id, &mine[1].customer_id));
            assert!(Text::ptr_eq(&mine[0].product, &mine[1].product));
        })
        .unwrap();
    assert_shared(&store, &a);
}
