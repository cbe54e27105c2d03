//! New customers of an import, written without a transaction: for them nothing is read, so
//! each chunk is prepared away from the store (ids, records, encoded values, list rows — on a
//! second thread, see `imports`) and then lands as one sled batch per tree.
//!
//! Atomicity comes from the journal instead of a multi-tree transaction: the chunk's
//! `AddedCustomers` item is written first, then the customers' trees in a fixed order
//! (`customer_by_id` before anything that indexes it). sled recovers a prefix of its log (the
//! log iterator stops at the first torn message or batch), so after a kill whatever of the
//! chunk survived is listed in a journal item that survived too, and the rollback at the next
//! open takes it back like any other item of an unfinished import.
use super::journal::{put_item_now, ImportItem};
use crate::error::{CoreError, Result};
use crate::model::{Customer, CustomerInput, FollowUpInput};
use crate::store::customers::row::RowRecord;
use crate::store::followups::due::{disk_key, due_key};
use crate::store::followups::tx::{record, DueChanges};
use crate::store::infra::codec::{encode, encode_customer};
use crate::store::infra::keys::{id_bytes, pair};
use crate::store::view::Entry;
use crate::store::Store;
use crate::validate;
use chrono::{DateTime, Utc};
use std::collections::{HashMap, HashSet};
use ulid::Ulid;

/// One chunk's new customers, ready to write: every key and value, and the list rows.
#[derive(Default)]
pub(in crate::store) struct Prepared {
    pub ids: Vec<Ulid>,
    /// (tag key, the id the values below were made with), each tag once.
    pub tags: Vec<(String, Ulid)>,
    customer_by_id: sled::Batch,
    customer_row_by_id: sled::Batch,
    followup_by_id: sled::Batch,
    followup_by_customer: sled::Batch,
    followup_by_due: sled::Batch,
    followup_time_by_customer: sled::Batch,
    entries: Vec<Entry>,
    changes: DueChanges,
    pub follow_ups: u32,
}

/// One new customer as the plan has it: its (checked) input and its follow-ups with their
/// default due times.
pub(in crate::store) struct Fresh<'p> {
    pub input: &'p CustomerInput,
    pub follow_ups: Vec<FollowUpInput>,
}

fn storage(e: impl std::fmt::Display) -> CoreError {
    CoreError::Storage(format!("no id left this millisecond: {e}"))
}

/// Builds the records of `fresh` with tag ids from `tags` (keyed by `validate::tag_key`).
pub(in crate::store) fn prepare(
    fresh: &[Fresh],
    tags: &HashMap<String, Ulid>,
    now: DateTime<Utc>,
) -> Result<Prepared> {
    let mut p = Prepared {
        ids: Vec::with_capacity(fresh.len()),
        entries: Vec::with_capacity(fresh.len()),
        ..Prepared::default()
    };
    let mut gen = ulid::Generator::new();
    let mut used: HashSet<String> = HashSet::new();
    for f in fresh {
        let id = gen.generate().map_err(storage)?;
        let mut tag_ids = Vec::with_capacity(f.input.tags.len());
        for name in &f.input.tags {
            let key = validate::tag_key(name);
            let tid = *tags
                .get(&key)
                .ok_or_else(|| CoreError::Storage(format!("no id prepared for tag {name}")))?;
            if used.insert(key.clone()) {
                p.tags.push((key, tid));
            }
            if !tag_ids.contains(&tid) {
                tag_ids.push(tid);
            }
        }
        let c = Customer {
            id: id.to_string(),
            fields: f.input.fields.clone(),
            tag_ids: tag_ids.iter().map(Ulid::to_string).collect(),
            created_at: now,
            updated_at: now,
            deleted_at: None,
        };
        let key = id_bytes(id);
        p.customer_by_id.insert(&key, encode_customer(&c)?);
        let row = RowRecord::of(&c);
        let mut times = Vec::with_capacity(f.follow_ups.len());
        for input in &f.follow_ups {
            let fid = gen.generate().map_err(storage)?;
            let v = validate::follow_up(input.clone(), &c)?;
            let rec = record(fid, id, &v, now, now);
            if let Some(t) = rec.due() {
                let k = due_key(t, fid);
                let due = crate::store::followups::due::DueRecord::of(&rec, id, false);
                p.followup_by_due.insert(&disk_key(k), due.encode()?);
                p.changes.added.push((k, due));
            }
            p.followup_by_customer.insert(&pair(id, fid), &[]);
            p.followup_by_id.insert(&id_bytes(fid), encode(&rec)?);
            times.push(rec.at.timestamp_micros());
            p.follow_ups += 1;
        }
        let last = times.iter().max().copied();
        p.customer_row_by_id.insert(&key, row.stored(last)?);
        let mut entry = Entry::new(id, row);
        entry.set_last_contact(last);
        if last.is_some() {
            p.followup_time_by_customer.insert(
                &key,
                crate::store::followups::contact_times::value_of(times)?,
            );
        }
        p.entries.push(entry);
        p.ids.push(id);
    }
    Ok(p)
}

impl Store {
    /// Writes a prepared chunk: its journal item, then each tree's batch (the record tree
    /// first), then the list view and the due index follow. Call under the writer lock.
    pub(in crate::store) fn write_fresh(
        &self,
        import: Ulid,
        seq: &mut u32,
        p: Prepared,
    ) -> Result<()> {
        if p.ids.is_empty() {
            return Ok(());
        }
        let t = &self.trees;
        let item = ImportItem::AddedCustomers {
            ids: p.ids.iter().map(Ulid::to_string).collect(),
        };
        put_item_now(&t.import_item, import, seq, &item)?;
        t.customer_by_id.apply_batch(p.customer_by_id)?;
        t.customer_row_by_id.apply_batch(p.customer_row_by_id)?;
        t.followup_by_id.apply_batch(p.followup_by_id)?;
        t.followup_by_customer.apply_batch(p.followup_by_customer)?;
        t.followup_by_due.apply_batch(p.followup_by_due)?;
        t.followup_time_by_customer
            .apply_batch(p.followup_time_by_customer)?;
        t.changes.note(p.ids);
        {
            let mut view = self.view_mut()?;
            let mut due = self.due_mut(&view)?;
            for entry in p.entries {
                due.refresh_customer(entry.id(), Some(&entry.facts()));
                view.put(entry);
            }
        }
        // The customers first: due entries copy their state from the view.
        self.apply_due(p.changes)
    }
}
