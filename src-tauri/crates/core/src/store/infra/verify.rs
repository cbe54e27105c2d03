//! Recomputes every index from the records and compares: used by the property and crash
//! tests, and available to a future "check the book" command.
use super::codec::decode;
use super::keys::{id_bytes, id_from_bytes, pair, time_id};
use crate::error::{CoreError, Result};
use crate::model::{Customer, FollowUp, Tag};
use crate::store::customers::row::RowRecord;
use crate::store::followups::due::{disk_key, due_key};
use crate::store::Store;
use crate::validate::tag_key;
use std::collections::{BTreeMap, BTreeSet};
use ulid::Ulid;

fn mismatch(what: &str) -> CoreError {
    CoreError::Corrupt(format!("index {what} differs from the records"))
}

fn keys(tree: &sled::Tree) -> Result<BTreeSet<Vec<u8>>> {
    tree.iter().keys().map(|k| Ok(k?.to_vec())).collect()
}

impl Store {
    pub fn verify_indexes(&self) -> Result<()> {
        let _w = self.exclusive()?;
        let t = &self.trees;
        crate::store::tasks::verify::verify(t)?;
        let mut by_deleted = BTreeSet::new();
        let mut rows: BTreeMap<Ulid, RowRecord> = BTreeMap::new();
        let tag_ids: BTreeSet<Vec<u8>> = keys(&t.tag_by_id)?;
        for item in t.customer_by_id.iter() {
            let (k, v) = item?;
            let id = id_from_bytes(&k)?;
            let c: Customer = decode(&v)?;
            for tag in &c.tag_ids {
                let tid = Ulid::from_string(tag).map_err(|e| CoreError::Corrupt(e.to_string()))?;
                if !tag_ids.contains(id_bytes(tid).as_slice()) {
                    return Err(CoreError::Corrupt(format!(
                        "customer {id} carries unknown tag {tid}"
                    )));
                }
            }
            if let Some(d) = c.deleted_at {
                by_deleted.insert(time_id(d, id).to_vec());
            }
            rows.insert(id, RowRecord::of(&c));
        }
        if keys(&t.customer_by_deleted_at)? != by_deleted {
            return Err(mismatch("customer_by_deleted_at"));
        }
        let mut by_name = BTreeMap::new();
        for item in t.tag_by_id.iter() {
            let (k, v) = item?;
            let tag: Tag = decode(&v)?;
            by_name.insert(tag_key(&tag.name).into_bytes(), k.to_vec());
        }
        let stored_names: BTreeMap<Vec<u8>, Vec<u8>> = t
            .tag_id_by_name
            .iter()
            .map(|r| {
                r.map(|(k, v)| (k.to_vec(), v.to_vec()))
                    .map_err(CoreError::from)
            })
            .collect::<Result<_>>()?;
        if stored_names != by_name {
            return Err(mismatch("tag_id_by_name"));
        }
        let stored_rows: BTreeMap<Ulid, RowRecord> = t
            .customer_row_by_id
            .iter()
            .map(|r| {
                r.map_err(CoreError::from)
                    .and_then(|(k, v)| RowRecord::decode(&k, &v))
                    .map(|(id, row, _)| (id, row))
            })
            .collect::<Result<_>>()?;
        if stored_rows != rows {
            return Err(mismatch("customer_row_by_id"));
        }
        let view = self.view()?;
        let in_view: BTreeMap<Ulid, RowRecord> =
            view.records().map(|(id, r)| (*id, r.clone())).collect();
        if in_view != rows {
            return Err(mismatch("list view"));
        }
        if !view.tag_sets_match() {
            return Err(mismatch("list view tag sets"));
        }
        drop(view);
        self.verify_follow_ups()?;
        self.verify_records()
    }

    /// Follow-up indexes against the follow-up records, and the in-memory due index against
    /// the `followup_by_due` tree.
    fn verify_follow_ups(&self) -> Result<()> {
        let t = &self.trees;
        let mut by_customer = BTreeSet::new();
        let mut by_due = BTreeSet::new();
        for item in t.followup_by_id.iter() {
            let (k, v) = item?;
            let id = id_from_bytes(&k)?;
            let f: FollowUp = decode(&v)?;
            let cid =
                Ulid::from_string(&f.customer_id).map_err(|e| CoreError::Corrupt(e.to_string()))?;
            if !t.customer_by_id.contains_key(id_bytes(cid))? {
                return Err(CoreError::Corrupt(format!("follow-up {id} of no customer")));
            }
            by_customer.insert(pair(cid, id).to_vec());
            if let Some(due) = f.due() {
                by_due.insert(disk_key(due_key(due, id)).to_vec());
            }
        }
        if keys(&t.followup_by_customer)? != by_customer {
            return Err(mismatch("followup_by_customer"));
        }
        if keys(&t.followup_by_due)? != by_due {
            return Err(mismatch("followup_by_due"));
        }
        let times = crate::store::followups::contact_times::from_follow_ups(t)?;
        if crate::store::followups::contact_times::stored(t)? != times {
            return Err(mismatch("followup_time_by_customer"));
        }
        let last: BTreeMap<Ulid, i64> = times
            .iter()
            .filter_map(|(id, ts)| ts.last().map(|t| (*id, *t)))
            .collect();
        if self.view()?.last_contacts() != last {
            return Err(mismatch("last contacts in the list view"));
        }
        let mut in_rows = BTreeMap::new();
        for item in t.customer_row_by_id.iter() {
            let (k, v) = item?;
            if let (id, _, Some(at)) = RowRecord::decode(&k, &v)? {
                in_rows.insert(id, at);
            }
        }
        if in_rows != last {
            return Err(mismatch("last contacts in customer_row_by_id"));
        }
        let view = self.view()?;
        let on_disk = crate::store::agenda::index::AgendaIndex::build(t, &view)?;
        let memory = self.due(&view)?;
        if on_disk.snapshot() != memory.snapshot() {
            return Err(mismatch("due index in memory"));
        }
        if on_disk.no_next_snapshot() != memory.no_next_snapshot() {
            return Err(mismatch("no-next-step set"));
        }
        self.verify_outbox()
    }
}
