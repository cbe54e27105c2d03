//! Undoing an import, and rolling back one that did not finish (an error, a cancel, or a kill:
//! then at the next open). The journal is replayed from its end in chunks, each chunk one
//! transaction that also deletes the items it reverted, so a replay cut short resumes where it
//! stopped. Added customers go with everything they have by then (follow-ups logged later,
//! history); merged customers return to their copy from before the import (keeping whether
//! they are in the trash now); tags the import created go last, if no customer carries them.
use super::journal::{all_records, last_items, not_found, read_record, write_record, ImportItem};
use super::records::undo_record;
use crate::error::{CoreError, Result};
use crate::model::{Customer, ImportRecord, ImportState, Tag};
use crate::store::followups::reads::follow_up_ids;
use crate::store::followups::tx::{check, DueChanges, TxResult};
use crate::store::history;
use crate::store::infra::codec::decode;
use crate::store::infra::keys::{id_bytes, parse_id};
use crate::store::infra::tx::Tx;
use crate::store::outbox::Gone;
use crate::store::records::owned_records;
use crate::store::records::tx::OwnedRecords;
use crate::store::Store;
use chrono::{DateTime, Utc};
use ulid::Ulid;

/// Journal items per transaction (an `AddedCustomers` item counts its customers).
const CHUNK: usize = 500;

fn id_of(s: &str) -> Result<Ulid> {
    Ulid::from_string(s).map_err(|e| CoreError::Corrupt(format!("import journal id {s}: {e}")))
}

fn is_tag(item: &ImportItem) -> bool {
    matches!(item, ImportItem::AddedTag { .. })
}

/// What a customer the import added owns by the time it is undone.
struct Owned {
    customer: Ulid,
    follow_ups: Vec<Ulid>,
    events: Vec<sled::IVec>,
    records: OwnedRecords,
}

/// Removes an added customer with everything it has; false when it is gone already (purged
/// by the user since, or never landed before a kill).
fn remove_added(tx: &Tx, o: &Owned, changes: &mut DueChanges) -> TxResult<bool> {
    let cid = o.customer;
    let Some(old) = tx.customers.get(cid)? else {
        // Its list row cannot outlive the record (written after it), but costs nothing to
        // make sure of.
        tx.customers.row_by_id.remove(&id_bytes(cid))?;
        return Ok(false);
    };
    // Undone in a team book is a tombstone: the team may have seen it, and purging is not
    // everyone's right there.
    for fid in &o.follow_ups {
        if let Some(f) = tx.follow_ups.get(*fid)? {
            tx.follow_ups
                .remove(*fid, cid, &f, changes, Gone::Deleted)?;
        }
    }
    for k in &o.events {
        tx.history.remove(k, Gone::Deleted)?;
    }
    // Deals, opportunities and services added since go with the customer.
    tx.records.purge_customer(cid, &o.records, Gone::Deleted)?;
    tx.customers.purge(cid, &old, Gone::Deleted)?;
    Ok(true)
}

impl Store {
    /// Undoes a complete import: removes exactly what it added and puts back what it merged.
    pub fn undo_import(&self, id: &str, now: DateTime<Utc>) -> Result<ImportRecord> {
        let import = parse_id("id", id)?;
        let _i = self.importing()?;
        let mut rec = read_record(&self.trees, import)?.ok_or_else(|| not_found(import))?;
        if rec.state != ImportState::Complete {
            return Err(CoreError::ImportNotUndoable {
                id: rec.id,
                state: rec.state,
            });
        }
        // Durable first: a kill during the undo finishes it at the next open.
        rec.state = ImportState::Undoing;
        rec.undone_at = Some(now);
        write_record(&self.trees, import, &rec)?;
        self.flush()?;
        self.replay_undo(import)?;
        rec.state = ImportState::Undone;
        write_record(&self.trees, import, &rec)?;
        self.flush()?;
        Ok(rec)
    }

    /// Takes back an import that did not finish and forgets it: it never happened.
    pub(in crate::store) fn roll_back(&self, import: Ulid) -> Result<()> {
        self.replay_undo(import)?;
        self.trees.import_by_id.remove(id_bytes(import))?;
        self.flush()
    }

    /// At open: rolls back imports the app was killed in and finishes interrupted undos.
    pub(in crate::store) fn recover_imports(&self) -> Result<()> {
        let _i = self.importing()?;
        for mut rec in all_records(&self.trees)? {
            let import = id_of(&rec.id)?;
            match rec.state {
                ImportState::InProgress => self.roll_back(import)?,
                ImportState::Undoing => {
                    self.replay_undo(import)?;
                    rec.state = ImportState::Undone;
                    write_record(&self.trees, import, &rec)?;
                    self.flush()?;
                }
                ImportState::Complete | ImportState::Undone => {}
            }
        }
        Ok(())
    }

    fn replay_undo(&self, import: Ulid) -> Result<()> {
        while self.undo_chunk(import)? {}
        self.undo_tags(import)
    }

    /// Reverts up to `CHUNK` items from the end of the journal, tags aside; false when none
    /// was left.
    fn undo_chunk(&self, import: Ulid) -> Result<bool> {
        let _w = self.writer()?;
        let t = &self.trees;
        let items = last_items(t, import, CHUNK, is_tag)?;
        if items.is_empty() {
            return Ok(false);
        }
        // Transactions cannot scan; the writer lock keeps these lists current until commit.
        // Per item, what each customer it added owns by now.
        let mut owned = Vec::with_capacity(items.len());
        for (_, item) in &items {
            let added: &[String] = match item {
                ImportItem::AddedCustomer { id } => std::slice::from_ref(id),
                ImportItem::AddedCustomers { ids } => ids,
                _ => &[],
            };
            let mut of_item = Vec::with_capacity(added.len());
            for id in added {
                let cid = id_of(id)?;
                of_item.push(Owned {
                    customer: cid,
                    follow_ups: follow_up_ids(t, cid)?,
                    events: history::keys(t, cid)?,
                    records: owned_records(t, cid)?,
                });
            }
            owned.push(of_item);
        }
        let siblings = items
            .iter()
            .map(|(_, item)| self.record_undo_context(item))
            .collect::<Result<Vec<_>>>()?;
        let now = chrono::Utc::now();
        let (changes, removed, restored, plans) = t.write(|tx| {
            let mut changes = DueChanges::default();
            let (mut removed, mut restored, mut plans) = (Vec::new(), Vec::new(), Vec::new());
            for (((key, item), added), siblings) in items.iter().zip(&owned).zip(&siblings) {
                tx.import_item.remove(key)?;
                plans.extend(undo_record(tx, item, siblings, now)?);
                for o in added {
                    if remove_added(tx, o, &mut changes)? {
                        removed.push(o.customer);
                    }
                }
                match item {
                    ImportItem::AddedCustomer { .. } | ImportItem::AddedCustomers { .. } => {}
                    ImportItem::AddedFollowUp { id } => {
                        let fid = check(id_of(id))?;
                        if let Some(f) = tx.follow_ups.get(fid)? {
                            let cid = check(id_of(&f.customer_id))?;
                            tx.follow_ups
                                .remove(fid, cid, &f, &mut changes, Gone::Deleted)?;
                        }
                    }
                    ImportItem::Merged {
                        customer_id,
                        before,
                        at,
                        events,
                    } => {
                        let cid = check(id_of(customer_id))?;
                        for e in events {
                            let k = history::key(cid, *at, check(id_of(e))?);
                            tx.history.remove(&k, Gone::Deleted)?;
                        }
                        let Some(now) = tx.customers.get(cid)? else {
                            continue;
                        };
                        // Tags deleted since stay deleted.
                        let mut tag_ids = Vec::with_capacity(before.tag_ids.len());
                        for tag in &before.tag_ids {
                            let tid = check(id_of(tag))?;
                            if tx.tags.by_id.get(id_bytes(tid))?.is_some() {
                                tag_ids.push(tag.clone());
                            }
                        }
                        let back = Customer {
                            tag_ids,
                            deleted_at: now.deleted_at,
                            ..(**before).clone()
                        };
                        tx.customers.put(cid, Some(&now), &back)?;
                        restored.push(back);
                    }
                    ImportItem::AddedTag { .. }
                    | ImportItem::AddedOpportunity { .. }
                    | ImportItem::AddedDeal { .. }
                    | ImportItem::AddedService { .. } => {}
                }
            }
            Ok((changes, removed, restored, plans))
        })?;
        for (cid, open) in plans {
            self.apply_plans(cid, open)?;
        }
        // Due entries first (their customers are still in the view), then the customers.
        self.apply_due(changes)?;
        self.forget(&removed)?;
        self.refresh_view(&restored)?;
        Ok(true)
    }

    /// Removes the tags the import created that no customer carries any more.
    fn undo_tags(&self, import: Ulid) -> Result<()> {
        let _w = self.writer()?;
        let t = &self.trees;
        let items = last_items(t, import, usize::MAX, |i| !is_tag(i))?;
        let mut unused = Vec::with_capacity(items.len());
        for (_, item) in &items {
            let ImportItem::AddedTag { id } = item else {
                continue;
            };
            let tid = id_of(id)?;
            let carried = !self.view()?.carrying(tid).is_empty();
            unused.push((!carried).then_some(tid));
        }
        if items.is_empty() {
            return Ok(());
        }
        t.write(|tx| {
            for ((key, _), tid) in items.iter().zip(&unused) {
                tx.import_item.remove(key)?;
                let Some(tid) = tid else { continue };
                let Some(v) = tx.tags.by_id.get(id_bytes(*tid))? else {
                    continue;
                };
                let tag: Tag = check(decode(&v))?;
                tx.tags.remove(*tid, &tag)?;
            }
            Ok(())
        })
    }
}
