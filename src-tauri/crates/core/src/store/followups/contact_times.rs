//! The times of each customer's follow-ups (`followup_time_by_customer`), so a follow-up
//! written, moved or deleted updates the customer's last contact (最近跟进) inside its own
//! transaction (no scan needed when the latest one goes: the next latest is in the list). The
//! last contact is copied into the customer's stored list row, which the open reads.
use super::tx::TxResult;
use crate::error::{CoreError, Result};
use crate::model::FollowUp;
use crate::store::customers::row::{with_last_contact, RowRecord};
use crate::store::infra::codec::decode;
use crate::store::infra::keys::{id_bytes, id_from_bytes};
use crate::store::infra::migrate::write_in_batches;
use crate::store::Trees;
use sled::transaction::{ConflictableTransactionError as Abort, TransactionalTree};
use std::collections::BTreeMap;
use ulid::Ulid;

/// Follow-up times (µs), ascending; the last is the last contact.
pub(in crate::store) type Times = Vec<i64>;

fn encode(times: &Times) -> Result<Vec<u8>> {
    postcard::to_allocvec(times).map_err(|e| CoreError::Storage(format!("encoding times: {e}")))
}

fn decode_times(customer: Ulid, bytes: &[u8]) -> Result<Times> {
    postcard::from_bytes(bytes)
        .map_err(|e| CoreError::Corrupt(format!("follow-up times of customer {customer}: {e}")))
}

/// Inside a transaction: takes `old` out of the customer's times and puts `new` in, and
/// copies the customer's last contact afterwards into its list row (in `rows`; a customer
/// not written yet gets it with its row, `last_in`); returns that last contact.
pub(in crate::store) fn replace(
    tree: &TransactionalTree,
    rows: &TransactionalTree,
    customer: Ulid,
    old: Option<i64>,
    new: Option<i64>,
) -> TxResult<Option<i64>> {
    let key = id_bytes(customer);
    let mut times = match tree.get(key)? {
        Some(v) => decode_times(customer, &v).map_err(Abort::Abort)?,
        None => Times::new(),
    };
    if let Some(t) = old {
        if let Ok(i) = times.binary_search(&t) {
            times.remove(i);
        }
    }
    if let Some(t) = new {
        let i = times.binary_search(&t).unwrap_or_else(|i| i);
        times.insert(i, t);
    }
    if times.is_empty() {
        tree.remove(&key)?;
    } else {
        tree.insert(&key, encode(&times).map_err(Abort::Abort)?)?;
    }
    let last = times.last().copied();
    if let Some(row) = rows.get(key)? {
        rows.insert(
            &key,
            with_last_contact(&key, &row, last).map_err(Abort::Abort)?,
        )?;
    }
    Ok(last)
}

/// Inside a transaction: the customer's last contact as its times say (a row being written).
pub(in crate::store) fn last_in(tree: &TransactionalTree, customer: Ulid) -> TxResult<Option<i64>> {
    match tree.get(id_bytes(customer))? {
        Some(v) => last_time(customer, &v).map_err(Abort::Abort),
        None => Ok(None),
    }
}

/// The value a new customer's follow-ups give the tree (imports write it in a batch).
pub(in crate::store) fn value_of(mut times: Times) -> Result<Vec<u8>> {
    times.sort_unstable();
    encode(&times)
}

/// v8 → v9: each list row gets its customer's last contact after it (rerunning is harmless:
/// the row is read without what follows it).
pub(in crate::store) fn copy_into_rows(trees: &Trees) -> Result<()> {
    let rows = trees.customer_row_by_id.iter().map(|item| {
        let (k, v) = item?;
        let (id, row) = RowRecord::decode_row_only(&k, &v)?;
        let last = match trees.followup_time_by_customer.get(&k)? {
            Some(times) => last_time(id, &times)?,
            None => None,
        };
        Ok((k, row.stored(last)?))
    });
    write_in_batches(&trees.customer_row_by_id, rows)
}

/// The last of the times in a stored value (the same bytes `decode_times` reads).
fn last_time(customer: Ulid, bytes: &[u8]) -> Result<Option<i64>> {
    let corrupt = |e: postcard::Error| {
        CoreError::Corrupt(format!("follow-up times of customer {customer}: {e}"))
    };
    let (count, mut rest) = postcard::take_from_bytes::<u64>(bytes).map_err(corrupt)?;
    let mut last = None;
    for _ in 0..count {
        let (t, after) = postcard::take_from_bytes::<i64>(rest).map_err(corrupt)?;
        (last, rest) = (Some(t), after);
    }
    Ok(last)
}

/// The tree as the follow-up records imply it (the migration writes it, checks compare it).
pub(in crate::store) fn from_follow_ups(trees: &Trees) -> Result<BTreeMap<Ulid, Times>> {
    let mut by_customer: BTreeMap<Ulid, Times> = BTreeMap::new();
    for item in trees.followup_by_id.iter() {
        let (_, v) = item?;
        let f: FollowUp = decode(&v)?;
        let cid =
            Ulid::from_string(&f.customer_id).map_err(|e| CoreError::Corrupt(e.to_string()))?;
        by_customer
            .entry(cid)
            .or_default()
            .push(f.at.timestamp_micros());
    }
    for times in by_customer.values_mut() {
        times.sort_unstable();
    }
    Ok(by_customer)
}

/// The tree as stored.
pub(in crate::store) fn stored(trees: &Trees) -> Result<BTreeMap<Ulid, Times>> {
    let mut out = BTreeMap::new();
    for item in trees.followup_time_by_customer.iter() {
        let (k, v) = item?;
        let id = id_from_bytes(&k)?;
        out.insert(id, decode_times(id, &v)?);
    }
    Ok(out)
}

/// v6 → v7: the tree is written from the follow-up records (rerunning is harmless).
pub(in crate::store) fn build_tree(trees: &Trees) -> Result<()> {
    let mut batch = sled::Batch::default();
    for (id, times) in from_follow_ups(trees)? {
        batch.insert(&id_bytes(id), encode(&times)?);
    }
    trees.followup_time_by_customer.apply_batch(batch)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::expect_used, clippy::unwrap_used)]
    use super::*;

    #[test]
    fn the_last_time_read_in_place_is_the_last_of_the_decoded_times() {
        let id = Ulid::nil();
        for times in [
            vec![],
            vec![0],
            vec![-5, 3],
            vec![1, 300, 70_000, i64::MAX],
            vec![i64::MIN, -1],
        ] {
            let bytes = encode(&times).expect("encodes");
            let read = last_time(id, &bytes).expect("reads");
            assert_eq!(
                read,
                decode_times(id, &bytes).expect("decodes").last().copied()
            );
        }
    }

    #[test]
    fn a_cut_value_is_refused_by_name() {
        let bytes = encode(&vec![1, 300, 70_000]).expect("encodes");
        let err = last_time(Ulid::nil(), &bytes[..bytes.len() - 1]).expect_err("cut short");
        assert!(
            matches!(err, CoreError::Corrupt(ref m) if m.contains("follow-up times")),
            "{err:?}"
        );
    }

    /// A schema 8 book: its rows end where the row ends, with no last contact after them.
    #[test]
    fn a_version_8_book_gets_each_customers_last_contact_into_its_row() {
        use crate::model::{CustomerInput, FollowUpInput, ListQuery};
        use crate::store::Store;
        use chrono::{TimeZone, Utc};
        let dir = tempfile::tempdir().expect("dir");
        let day = |d| Utc.with_ymd_and_hms(2026, 11, d, 9, 0, 0).unwrap();
        let (a, b) = {
            let store = Store::open(dir.path()).expect("opens");
            let customer = |name: &str| {
                let mut input = CustomerInput::default();
                input.fields.name = name.into();
                store.create_customer(input, day(1)).expect("created").id
            };
            let (a, b) = (customer("华为"), customer("中兴"));
            for d in [3, 9, 5] {
                let f = FollowUpInput {
                    at: day(d),
                    method: "phone".into(),
                    content: "聊了价格".into(),
                    done: true,
                    ..Default::default()
                };
                store.log_follow_up(&a, f, day(d), &Utc).expect("logged");
            }
            let rows = &store.trees.customer_row_by_id;
            for item in rows.iter() {
                let (k, v) = item.expect("row");
                let (_, row) = RowRecord::decode_row_only(&k, &v).expect("decodes");
                rows.insert(k, postcard::to_allocvec(&row).expect("encodes"))
                    .expect("written");
            }
            store
                .trees
                .meta
                .insert("schema_version", &8u32.to_be_bytes())
                .expect("marked");
            store.db.flush().expect("flushed");
            (a, b)
        };
        // sled lets go of the book's lock a moment after the store is dropped.
        let mut opened = Store::open(dir.path());
        for _ in 0..100 {
            if !matches!(opened, Err(CoreError::Locked)) {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
            opened = Store::open(dir.path());
        }
        let store = opened.expect("migrates");
        store.verify_indexes().expect("every index right");
        assert_eq!(store.last_contact(&a).expect("read"), Some(day(9)));
        assert_eq!(store.last_contact(&b).expect("read"), None);
        let rows = store
            .list_customers(&ListQuery::default())
            .expect("listed")
            .rows;
        let row = rows.iter().find(|r| r.id == a).expect("listed");
        assert_eq!(row.last_contact, Some(day(9)));
        let key = id_bytes(Ulid::from_string(&a).expect("id"));
        let stored = store
            .trees
            .customer_row_by_id
            .get(key)
            .expect("read")
            .expect("row");
        let (_, _, last) = RowRecord::decode(&key, &stored).expect("decodes");
        assert_eq!(last, Some(day(9).timestamp_micros()));
    }
}
