//! One chunk of an import in one transaction: new customers with their follow-ups, merges
//! into the customers the book has, and the journal items that let undo take it all back.
use super::journal::{put_item, ImportItem};
use super::records::{RecordIds, RecordsDone};
use crate::error::Result;
use crate::import::plan::{merge_into, DuplicatePolicy, PlannedCustomer};
use crate::model::{Customer, FollowUpInput, Tag};
use crate::store::followups::tx::{check, record, DueChanges, TxResult};
use crate::store::history;
use crate::store::infra::keys::{id_bytes, parse_id};
use crate::store::infra::tx::Tx;
use crate::store::tags::resolve_tag_names;
use crate::validate;
use chrono::{DateTime, Utc};
use std::collections::HashMap;
use ulid::Ulid;

/// What the import does with one planned customer.
pub(in crate::store) enum Action {
    New,
    Merge(Ulid),
    Skip,
}

pub(in crate::store) fn action(p: &PlannedCustomer, policy: DuplicatePolicy) -> Result<Action> {
    Ok(match (&p.duplicate_of, policy) {
        (Some(_), DuplicatePolicy::Skip) => Action::Skip,
        (Some(id), DuplicatePolicy::Merge) => Action::Merge(parse_id("duplicateOf", id)?),
        _ => Action::New,
    })
}

/// Ids of one planned customer, chosen before the transaction (its closure may run again).
pub(in crate::store) struct Ids {
    pub customer: Ulid,
    pub follow_ups: Vec<Ulid>,
    pub events: [Ulid; history::MAX_CHANGES],
    pub records: RecordIds,
}

/// What one chunk did.
#[derive(Default)]
pub(in crate::store) struct Done {
    pub saved: Vec<Customer>,
    pub changes: DueChanges,
    pub added: u32,
    pub merged: u32,
    pub skipped: u32,
    pub follow_ups: u32,
    pub seq: u32,
    pub records: RecordsDone,
}

/// A chunk's transaction: what it wrote so far goes into `done`.
pub(in crate::store) struct ChunkTx<'t, 'a> {
    pub tx: &'t Tx<'a>,
    pub import: Ulid,
    pub now: DateTime<Utc>,
    /// Who imports (the settings' `me`), recorded on the history of merged customers.
    pub by: &'t str,
    pub fresh: &'t HashMap<String, Ulid>,
    pub done: Done,
}

impl ChunkTx<'_, '_> {
    fn journal(&mut self, item: ImportItem) -> TxResult<()> {
        put_item(self.tx.import_item, self.import, &mut self.done.seq, &item)
    }

    pub fn add(&mut self, p: &PlannedCustomer, fus: &[FollowUpInput], ids: &Ids) -> TxResult<()> {
        let input = check(validate::customer(p.input.clone()))?;
        let tag_ids = resolve_tag_names(&self.tx.tags, &input.tags, self.fresh)?;
        let c = Customer {
            id: ids.customer.to_string(),
            fields: input.fields,
            tag_ids: tag_ids.iter().map(Ulid::to_string).collect(),
            created_at: self.now,
            updated_at: self.now,
            deleted_at: None,
        };
        self.tx.customers.put(ids.customer, None, &c)?;
        self.journal(ImportItem::AddedCustomer { id: c.id.clone() })?;
        self.add_follow_ups(ids.customer, &c, fus, &ids.follow_ups, false)?;
        self.add_records(ids.customer, &p.records, &ids.records, false)?;
        self.done.added += 1;
        self.done.saved.push(c);
        Ok(())
    }

    /// Fills the existing customer's empty fields and adds tags (see `merge_into`), records a
    /// stage or category change in its history, and adds the follow-ups.
    pub fn merge(
        &mut self,
        old: Customer,
        p: &PlannedCustomer,
        fus: &[FollowUpInput],
        ids: &Ids,
    ) -> TxResult<()> {
        let cid = check(parse_id("duplicateOf", &old.id))?;
        let mut names = Vec::with_capacity(old.tag_ids.len());
        for tid in old.tag_ids.iter().filter_map(|t| Ulid::from_string(t).ok()) {
            if let Some(v) = self.tx.tags.by_id.get(id_bytes(tid))? {
                names.push(check(crate::store::infra::codec::decode::<Tag>(&v))?.name);
            }
        }
        let input = check(validate::customer(merge_into(&old, &names, &p.input)))?;
        let tag_ids = resolve_tag_names(&self.tx.tags, &input.tags, self.fresh)?;
        let new = Customer {
            fields: input.fields,
            tag_ids: tag_ids.iter().map(Ulid::to_string).collect(),
            updated_at: self.now.max(old.created_at),
            ..old.clone()
        };
        self.tx.customers.put(cid, Some(&old), &new)?;
        let changes = history::changes(&old.fields, &new.fields);
        let events: Vec<String> = ids.events[..changes.len()]
            .iter()
            .map(Ulid::to_string)
            .collect();
        history::record_as(
            &self.tx.history,
            cid,
            self.now,
            changes,
            None,
            &ids.events,
            self.by,
        )?;
        self.journal(ImportItem::Merged {
            customer_id: old.id.clone(),
            before: Box::new(old),
            at: self.now,
            events,
        })?;
        self.add_follow_ups(cid, &new, fus, &ids.follow_ups, true)?;
        self.add_records(cid, &p.records, &ids.records, true)?;
        self.done.merged += 1;
        self.done.saved.push(new);
        Ok(())
    }

    fn add_follow_ups(
        &mut self,
        cid: Ulid,
        customer: &Customer,
        fus: &[FollowUpInput],
        fids: &[Ulid],
        journal: bool,
    ) -> TxResult<()> {
        for (f, fid) in fus.iter().zip(fids) {
            let v = check(validate::follow_up(f.clone(), customer))?;
            let rec = record(*fid, cid, &v, self.now, self.now);
            self.tx
                .follow_ups
                .put(*fid, cid, None, &rec, &mut self.done.changes)?;
            if journal {
                self.journal(ImportItem::AddedFollowUp {
                    id: fid.to_string(),
                })?;
            }
            self.done.follow_ups += 1;
        }
        Ok(())
    }

    /// Journals the tags this chunk created (their fresh id is now the name's id).
    pub fn journal_new_tags(&mut self) -> TxResult<()> {
        for (key, id) in self.fresh {
            let created = self.tx.tags.by_name.get(key.as_bytes())?;
            if created.is_some_and(|v| v.as_ref() == id_bytes(*id)) {
                self.journal(ImportItem::AddedTag { id: id.to_string() })?;
            }
        }
        Ok(())
    }
}
