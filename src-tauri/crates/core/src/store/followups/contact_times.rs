//! The times of each customer's follow-ups (`followup_time_by_customer`), so the list knows
//! every customer's last contact (最近跟进) from one small read at open, and a follow-up
//! written, moved or deleted updates it inside its own transaction (no scan needed when the
//! latest one goes: the next latest is in the list).
use super::tx::TxResult;
use crate::error::{CoreError, Result};
use crate::model::FollowUp;
use crate::store::infra::codec::decode;
use crate::store::infra::keys::{id_bytes, id_from_bytes};
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

/// Inside a transaction: takes `old` out of the customer's times and puts `new` in; returns
/// the customer's last contact afterwards.
pub(in crate::store) fn replace(
    tree: &TransactionalTree,
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
    Ok(times.last().copied())
}

/// The value a new customer's follow-ups give the tree (imports write it in a batch).
pub(in crate::store) fn value_of(mut times: Times) -> Result<Vec<u8>> {
    times.sort_unstable();
    encode(&times)
}

/// Every customer's last contact, from the tree (at open): each value's times read one by
/// one, none collected, and no counting scan first.
pub(in crate::store) fn last_contacts(trees: &Trees) -> Result<Vec<(Ulid, i64)>> {
    let mut out = Vec::new();
    for item in trees.followup_time_by_customer.iter() {
        let (k, v) = item?;
        let id = id_from_bytes(&k)?;
        if let Some(t) = last_time(id, &v)? {
            out.push((id, t));
        }
    }
    Ok(out)
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
    #![allow(clippy::expect_used)]
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
}
