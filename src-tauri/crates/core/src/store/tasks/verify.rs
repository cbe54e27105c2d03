//! `verify_indexes` for stage tasks: `task_by_customer` and `task_by_due` recomputed from the
//! records (the fired flag aside, which only the reminders set).
use super::tx::{customer_entry, parse_due_entry};
use crate::error::{CoreError, Result};
use crate::model::Task;
use crate::store::infra::codec::decode;
use crate::store::infra::keys::{id_from_bytes, pair, time_id};
use crate::store::Trees;
use std::collections::BTreeMap;
use ulid::Ulid;

fn mismatch(what: &str) -> CoreError {
    CoreError::Corrupt(format!("index {what} differs from the records"))
}

fn entries(tree: &sled::Tree) -> Result<BTreeMap<Vec<u8>, Vec<u8>>> {
    tree.iter()
        .map(|r| {
            r.map(|(k, v)| (k.to_vec(), v.to_vec()))
                .map_err(CoreError::from)
        })
        .collect()
}

pub(in crate::store) fn verify(t: &Trees) -> Result<()> {
    let mut by_customer = BTreeMap::new();
    let mut by_due: BTreeMap<Vec<u8>, (Ulid, String)> = BTreeMap::new();
    for kv in t.task_by_id.iter() {
        let (k, v) = kv?;
        let id = id_from_bytes(&k)?;
        let task: Task = decode(&v)?;
        let cid =
            Ulid::from_string(&task.customer_id).map_err(|e| CoreError::Corrupt(e.to_string()))?;
        by_customer.insert(pair(cid, id).to_vec(), customer_entry(&task).to_vec());
        if task.done_at.is_none() {
            by_due.insert(time_id(task.due, id).to_vec(), (cid, task.assignee));
        }
    }
    if entries(&t.task_by_customer)? != by_customer {
        return Err(mismatch("task_by_customer"));
    }
    let stored = entries(&t.task_by_due)?;
    let same = stored.len() == by_due.len()
        && stored.iter().all(|(k, v)| {
            let want = by_due.get(k);
            let got = parse_due_entry(v);
            matches!((want, got), (Some((c, a)), Some((gc, _, ga))) if *c == gc && a == ga)
        });
    if !same {
        return Err(mismatch("task_by_due"));
    }
    Ok(())
}
