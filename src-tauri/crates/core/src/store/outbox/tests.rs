//! A write that fails after its ops were appended leaves neither the record nor an op: the
//! failure is injected inside the transaction, after the customer and its ops were written.
#![allow(clippy::unwrap_used)]
use crate::error::CoreError;
use crate::model::{Customer, CustomerInput};
use crate::store::Store;
use chrono::{TimeZone, Utc};
use sled::transaction::ConflictableTransactionError as Abort;
use ulid::Ulid;

#[test]
fn a_failed_write_leaves_neither_record_nor_op() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    store.set_team_book(true).unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 1, 9, 0, 0).unwrap();
    let mut input = CustomerInput::default();
    input.fields.name = "王伟".into();
    input.tags = vec!["VIP".into()];
    let c = store.create_customer(input, now).unwrap();
    let ops = store.outbox_pending(usize::MAX).unwrap();
    let id = Ulid::from_string(&c.id).unwrap();

    let failed = store.trees.write(|tx| {
        let old = tx.customers.get(id)?.unwrap();
        let mut new = Customer {
            tag_ids: Vec::new(),
            ..old.clone()
        };
        new.fields.name = "李娜".into();
        tx.customers.put(id, Some(&old), &new)?;
        assert!(tx.outbox.on());
        Err::<(), _>(Abort::Abort(CoreError::Storage("injected".into())))
    });
    assert_eq!(failed, Err(CoreError::Storage("injected".into())));
    assert_eq!(store.outbox_pending(usize::MAX).unwrap(), ops);
    assert_eq!(store.get_customer(&c.id).unwrap(), c);
    store.verify_indexes().unwrap();

    // The same write, not failing: the record and its ops land together.
    store
        .trees
        .write(|tx| {
            let old = tx.customers.get(id)?.unwrap();
            let mut new = old.clone();
            new.fields.name = "李娜".into();
            tx.customers.put(id, Some(&old), &new)
        })
        .unwrap();
    assert_eq!(store.outbox_len(), ops.len() + 1);
}
