//! Customers: create, update, read, list, trash, restore, purge.
mod edit_merge;
pub(in crate::store) mod handover;
pub(in crate::store) mod keys;
pub(in crate::store) mod list;
pub(in crate::store) mod pipeline;
pub(in crate::store) mod row;
pub(in crate::store) mod tx;

use crate::error::{CoreError, Entity, Result};
use crate::model::{Customer, CustomerInput, CustomerRow};
use crate::store::followups::reads::follow_up_ids;
use crate::store::followups::tx::DueChanges;
use crate::store::history;
use crate::store::infra::codec::decode;
use crate::store::infra::keys::{id_bytes, parse_id};
use crate::store::outbox::Gone;
use crate::store::records::owned_records;
use crate::store::tags::resolve_tag_names;
use crate::store::view::{Entry, View};
use crate::store::{Store, Trees};
use crate::validate;
use chrono::{DateTime, Utc};
use row::RowRecord;
use sled::transaction::{ConflictableTransactionError as Abort, ConflictableTransactionResult};
use std::collections::HashMap;
pub(in crate::store) use tx::CustomerTx;
use ulid::Ulid;

/// Builds the list view from the compact rows (each with its customer's last contact): one
/// thread reads sled while this one decodes and indexes, so opening costs about the longer of
/// the two rather than their sum. No more threads: at start WebKit needs the other core.
pub(in crate::store) fn build_view(trees: &Trees) -> Result<View> {
    type Chunk = Vec<(sled::IVec, sled::IVec)>;
    const CHUNK: usize = 4096;
    let (send, receive) = std::sync::mpsc::sync_channel::<sled::Result<Chunk>>(8);
    std::thread::scope(|s| {
        s.spawn(move || {
            let mut chunk = Vec::with_capacity(CHUNK);
            for item in trees.customer_row_by_id.iter() {
                match item {
                    Ok(kv) => chunk.push(kv),
                    Err(e) => {
                        let _ = send.send(Err(e));
                        return;
                    }
                }
                if chunk.len() == CHUNK && send.send(Ok(std::mem::take(&mut chunk))).is_err() {
                    return; // the decoder stopped on an error
                }
            }
            let _ = send.send(Ok(chunk));
        });
        let mut entries = Vec::new();
        for chunk in receive {
            for (k, v) in chunk? {
                let (id, rec, last_contact) = RowRecord::decode(&k, &v)?;
                // Keyed for search by the warm-up after the first page (`Store::key_for_search`).
                let mut entry = Entry::unkeyed(id, rec);
                entry.set_last_contact(last_contact);
                entries.push(entry);
            }
        }
        Ok(View::from_entries(entries))
    })
}

fn entry_of(c: &Customer) -> Result<Entry> {
    Ok(Entry::new(parse_id("id", &c.id)?, RowRecord::of(c)))
}

fn not_found(id: Ulid) -> CoreError {
    CoreError::NotFound {
        entity: Entity::Customer,
        id: id.to_string(),
    }
}

fn abort<T>(e: CoreError) -> ConflictableTransactionResult<T, CoreError> {
    Err(Abort::Abort(e))
}

/// New tag names need ids chosen before the transaction (its closure may run more than once).
pub(in crate::store) fn fresh_tag_ids<'a>(
    names: impl Iterator<Item = &'a String>,
) -> HashMap<String, Ulid> {
    names.map(|n| (validate::tag_key(n), Ulid::new())).collect()
}

impl Store {
    pub fn create_customer(&self, input: CustomerInput, now: DateTime<Utc>) -> Result<Customer> {
        let mut saved = self.create_customers(vec![input], now)?;
        saved
            .pop()
            .ok_or_else(|| CoreError::Storage("nothing saved".into()))
    }

    /// Creates many customers in one transaction (demo data, benchmarks, later imports).
    /// Errors name the row: `customers[12].emails[0]`.
    pub fn create_customers(
        &self,
        inputs: Vec<CustomerInput>,
        now: DateTime<Utc>,
    ) -> Result<Vec<Customer>> {
        let single = inputs.len() == 1;
        let mut clean = Vec::with_capacity(inputs.len());
        for (i, input) in inputs.into_iter().enumerate() {
            clean.push(validate::customer(input).map_err(|e| match e {
                CoreError::InvalidField { field, reason } if !single => CoreError::InvalidField {
                    field: format!("customers[{i}].{field}"),
                    reason,
                },
                e => e,
            })?);
        }
        // A generator keeps ids of one batch strictly increasing within the same millisecond.
        let mut ulids = ulid::Generator::new();
        let ids: Vec<Ulid> = clean
            .iter()
            .map(|_| ulids.generate())
            .collect::<Result<_, _>>()
            .map_err(|e| CoreError::Storage(format!("no id left this millisecond: {e}")))?;
        let fresh = fresh_tag_ids(clean.iter().flat_map(|c| c.tags.iter()));
        let _w = self.writer()?;
        let pipeline = self.pipeline()?;
        for (i, c) in clean.iter().enumerate() {
            let field = if single {
                "stage".to_string()
            } else {
                format!("customers[{i}].stage")
            };
            pipeline.check(&field, c.fields.stage)?;
        }
        let t = &self.trees;
        let saved = t.write(|tx| {
            let ctx = &tx.customers;
            let ttx = &tx.tags;
            let mut out = Vec::with_capacity(clean.len());
            for (input, id) in clean.iter().zip(&ids) {
                let tag_ids = resolve_tag_names(ttx, &input.tags, &fresh)?;
                let c = Customer {
                    id: id.to_string(),
                    fields: input.fields.clone(),
                    tag_ids: tag_ids.iter().map(Ulid::to_string).collect(),
                    created_at: now,
                    updated_at: now,
                    deleted_at: None,
                };
                ctx.put(*id, None, &c)?;
                out.push(c);
            }
            Ok(out)
        })?;
        self.commit(&saved)?;
        Ok(saved)
    }

    /// Updates the view with what was just committed, then makes it durable.
    pub(in crate::store) fn commit(&self, saved: &[Customer]) -> Result<()> {
        self.refresh_view(saved)?;
        self.flush()
    }

    /// Puts committed customers into the view and their state into the due index.
    pub(in crate::store) fn refresh_view(&self, saved: &[Customer]) -> Result<()> {
        if !self.in_memory {
            return Ok(());
        }
        let mut view = self.view_mut()?;
        let mut due = self.due_mut(&view)?;
        for c in saved {
            let entry = entry_of(c)?;
            due.refresh_customer(entry.id(), Some(&entry.facts()));
            view.put(entry);
        }
        Ok(())
    }

    /// Takes purged customers out of the view and the due index.
    pub(in crate::store) fn forget(&self, ids: &[Ulid]) -> Result<()> {
        if !self.in_memory {
            return Ok(());
        }
        let mut view = self.view_mut()?;
        let mut due = self.due_mut(&view)?;
        let mut plans = self.plans_mut()?;
        for id in ids {
            view.remove(*id);
            due.refresh_customer(*id, None);
            plans.forget(*id);
        }
        Ok(())
    }

    /// [`Store::update_customer_in`] with the playbook's due days counted in UTC.
    pub fn update_customer(
        &self,
        id: &str,
        input: CustomerInput,
        now: DateTime<Utc>,
    ) -> Result<Customer> {
        self.update_customer_in(id, input, now, &Utc)
    }

    /// Saves a customer's edit; a new stage makes its playbook's tasks (due days counted from
    /// `now`'s local day in `tz`) in the same transaction.
    pub fn update_customer_in<Tz: chrono::TimeZone>(
        &self,
        id: &str,
        input: CustomerInput,
        now: DateTime<Utc>,
        tz: &Tz,
    ) -> Result<Customer> {
        self.save_customer_form(id, input, None, now, tz)
    }

    /// Saves a customer's form that was opened on `base`: only the fields the form changed are
    /// written, the others keep the book's current values (a colleague's edit pulled meanwhile
    /// stays; `edit_merge.rs`). The tags too: unchanged in the form, the stored ones stay.
    pub fn edit_customer_in<Tz: chrono::TimeZone>(
        &self,
        id: &str,
        input: CustomerInput,
        base: &CustomerInput,
        now: DateTime<Utc>,
        tz: &Tz,
    ) -> Result<Customer> {
        self.save_customer_form(id, input, Some(base), now, tz)
    }

    fn save_customer_form<Tz: chrono::TimeZone>(
        &self,
        id: &str,
        input: CustomerInput,
        base: Option<&CustomerInput>,
        now: DateTime<Utc>,
        tz: &Tz,
    ) -> Result<Customer> {
        let id = parse_id("id", id)?;
        let _w = self.writer()?;
        let current = self.get_customer(&id.to_string())?;
        let (input, keep_tags) = match base {
            Some(base) => {
                let merged = edit_merge::merge_edit(base, input, &current.fields)?;
                (merged.input, !merged.tags_changed)
            }
            None => (input, false),
        };
        let input = validate::customer(input)?;
        let fresh = fresh_tag_ids(input.tags.iter());
        let author = self.author()?;
        author.pipeline.check("stage", input.fields.stage)?;
        let tasks = self.tasks_on_entry(&author.pipeline, &current, input.fields.stage, now, tz)?;
        let t = &self.trees;
        let saved = t.write(|tx| {
            let ctx = &tx.customers;
            let ttx = &tx.tags;
            let Some(old) = ctx.get(id)? else {
                return abort(not_found(id));
            };
            if old.deleted_at.is_some() {
                return abort(not_found(id));
            }
            let tag_ids = if keep_tags {
                old.tag_ids.clone()
            } else {
                let ids = resolve_tag_names(ttx, &input.tags, &fresh)?;
                ids.iter().map(Ulid::to_string).collect()
            };
            let new = Customer {
                fields: input.fields.clone(),
                tag_ids,
                updated_at: now.max(old.created_at),
                ..old.clone()
            };
            ctx.put(id, Some(&old), &new)?;
            if old.fields.stage != new.fields.stage {
                tasks.put(&tx.tasks, id)?;
            }
            let changes = history::changes(&old.fields, &new.fields);
            history::record(&tx.history, id, now, changes, None, &author.by)?;
            Ok(new)
        })?;
        self.commit(std::slice::from_ref(&saved))?;
        Ok(saved)
    }

    pub fn get_customer(&self, id: &str) -> Result<Customer> {
        let id = parse_id("id", id)?;
        match self.trees.customer_by_id.get(id_bytes(id))? {
            Some(v) => decode(&v),
            None => Err(not_found(id)),
        }
    }

    /// Salespeople named as owners, for the owner filter.
    pub fn owners(&self) -> Result<Vec<String>> {
        Ok(self.view()?.owners())
    }

    pub fn list_trash(&self) -> Result<Vec<CustomerRow>> {
        Ok(self.view()?.trash())
    }

    /// Moves a customer to the trash; it keeps its tags and can be restored.
    pub fn trash_customer(&self, id: &str, now: DateTime<Utc>) -> Result<()> {
        self.set_deleted(id, Some(now), now).map(|_| ())
    }

    pub fn restore_customer(&self, id: &str, now: DateTime<Utc>) -> Result<Customer> {
        self.set_deleted(id, None, now)
    }

    fn set_deleted(
        &self,
        id: &str,
        deleted_at: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> Result<Customer> {
        let id = parse_id("id", id)?;
        let _w = self.writer()?;
        let t = &self.trees;
        let saved = t.write(|tx| {
            let ctx = &tx.customers;
            let Some(old) = ctx.get(id)? else {
                return abort(not_found(id));
            };
            // Trashing a trashed customer or restoring a live one is "not found" there.
            if old.deleted_at.is_some() == deleted_at.is_some() {
                return abort(not_found(id));
            }
            let new = Customer {
                deleted_at,
                updated_at: now.max(old.created_at),
                ..old.clone()
            };
            ctx.put(id, Some(&old), &new)?;
            Ok(new)
        })?;
        self.commit(std::slice::from_ref(&saved))?;
        Ok(saved)
    }

    /// Deletes a trashed customer for good.
    pub fn purge_customer(&self, id: &str) -> Result<()> {
        let id = parse_id("id", id)?;
        self.purge(&[id])
    }

    /// Deletes every trashed customer for good; returns how many.
    pub fn empty_trash(&self) -> Result<u32> {
        let ids: Vec<Ulid> = self
            .list_trash()?
            .iter()
            .map(|r| parse_id("id", &r.id))
            .collect::<Result<_>>()?;
        self.purge(&ids)?;
        Ok(ids.len() as u32)
    }

    /// Deletes customers for good with their follow-ups, history, records and stage tasks.
    fn purge(&self, ids: &[Ulid]) -> Result<()> {
        let _w = self.writer()?;
        self.remove_customers(ids, false)?;
        Ok(())
    }

    /// Removes customers with everything they own, the writer lock held. `pulled`: the team
    /// server says they left this book (reassigned away, purged there): no op is written, a
    /// customer the book lacks is skipped and one not in the trash goes too. Otherwise a purge
    /// of trashed customers. Returns the ids removed.
    pub(in crate::store) fn remove_customers(
        &self,
        ids: &[Ulid],
        pulled: bool,
    ) -> Result<Vec<Ulid>> {
        let t = &self.trees;
        // Transactions cannot scan; the writer lock keeps these lists current until commit.
        let mut owned = Vec::with_capacity(ids.len());
        for id in ids {
            owned.push((
                follow_up_ids(t, *id)?,
                history::keys(t, *id)?,
                owned_records(t, *id)?,
                self.customer_tasks_of(*id)?,
            ));
        }
        let outbox = t.team_book() && !pulled;
        let (changes, removed) = t.write_with(outbox, |tx| {
            let ctx = &tx.customers;
            let mut changes = DueChanges::default();
            let mut removed = Vec::new();
            for (id, (follow_ups, events, records, tasks)) in ids.iter().zip(&owned) {
                let old = match ctx.get(*id)? {
                    Some(old) if pulled || old.deleted_at.is_some() => old,
                    None if pulled => continue,
                    _ => return abort(not_found(*id)),
                };
                removed.push(*id);
                for fid in follow_ups {
                    if let Some(f) = tx.follow_ups.get(*fid)? {
                        tx.follow_ups
                            .remove(*fid, *id, &f, &mut changes, Gone::Purged)?;
                    }
                }
                for k in events {
                    tx.history.remove(k, Gone::Purged)?;
                }
                tx.records.purge_customer(*id, records, Gone::Purged)?;
                for task in tasks {
                    let tid = Ulid::from_string(&task.id)
                        .map_err(|e| Abort::Abort(CoreError::Corrupt(e.to_string())))?;
                    tx.tasks.remove(task, tid, *id)?;
                }
                ctx.purge(*id, &old, Gone::Purged)?;
            }
            Ok((changes, removed))
        })?;
        self.apply_due(changes)?;
        self.forget(&removed)?;
        self.flush()?;
        Ok(removed)
    }
}
