//! The owner list (salespeople, with their customer counts; those who left are archived but
//! kept) and handing customers over from one salesperson to another: the customers, their
//! open follow-ups and stage tasks and a history entry each land in one transaction, or
//! nothing does.
use crate::collate::sort_key;
use crate::error::{CoreError, Entity, Invalid, Result};
use crate::model::{
    Customer, FollowUp, HandoverRequest, HandoverResult, HistoryChange, Language, OwnerInfo,
    ServiceRecord, Settings, Stage, Task,
};
use crate::store::followups::reads::follow_up_ids;
use crate::store::followups::tx::{DueChanges, TxResult};
use crate::store::history;
use crate::store::infra::codec::encode;
use crate::store::infra::keys::parse_id;
use crate::store::records::owned_records;
use crate::store::records::tx::OwnedRecords;
use crate::store::Store;
use crate::validate;
use chrono::{DateTime, NaiveDate, Utc};
use sled::transaction::ConflictableTransactionError as Abort;
use std::collections::{BTreeMap, HashSet};
use ulid::Ulid;

/// The settings' key in the `meta` tree (as `store/settings/mod.rs` writes it).
const SETTINGS_KEY: &[u8] = b"settings";

/// What one customer brings to a handover, read under the writer lock before the transaction
/// (transactions cannot scan; the lock keeps these lists current until the commit).
struct Moving {
    id: Ulid,
    /// Where the error points when this customer cannot be moved (`customerIds[2]`).
    field: String,
    follow_ups: Vec<Ulid>,
    records: OwnedRecords,
    tasks: Vec<Task>,
}

fn abort<T>(e: CoreError) -> TxResult<T> {
    Err(Abort::Abort(e))
}

fn customer_not_found(id: Ulid) -> CoreError {
    CoreError::NotFound {
        entity: Entity::Customer,
        id: id.to_string(),
    }
}

/// The saved settings' owner lists: (offered, archived).
fn owner_lists(settings: Option<Settings>) -> (Vec<String>, Vec<String>) {
    settings
        .map(|s| (s.owners, s.archived_owners))
        .unwrap_or_default()
}

/// How many of one customer's service plans are open (`plan_index::plan_done`).
fn open_plans(services: &[ServiceRecord]) -> u32 {
    let dates: Vec<NaiveDate> = services.iter().map(|s| s.date).collect();
    services
        .iter()
        .filter(|s| {
            s.next_plan_at
                .is_some_and(|at| !crate::store::records::plan_index::plan_done(s.date, at, &dates))
        })
        .count() as u32
}

impl Store {
    /// Everyone who owns a live customer, is offered in settings, or left (archived), with
    /// their live customers; active people first, then by name (pinyin order).
    pub fn owner_list(&self) -> Result<Vec<OwnerInfo>> {
        let (offered, archived) = owner_lists(self.settings()?);
        let mut counts: BTreeMap<String, u32> = BTreeMap::new();
        for (_, row) in self.view()?.records() {
            if row.deleted_at.is_none() && !row.owner.is_empty() {
                *counts.entry(row.owner.clone()).or_default() += 1;
            }
        }
        for name in offered.iter().chain(&archived) {
            let name = name.trim();
            if !name.is_empty() {
                counts.entry(name.to_string()).or_default();
            }
        }
        let mut list: Vec<OwnerInfo> = counts
            .into_iter()
            .map(|(name, customers)| OwnerInfo {
                archived: archived.iter().any(|a| a.trim() == name),
                name,
                customers,
            })
            .collect();
        list.sort_by_cached_key(|o| (o.archived, sort_key(&o.name), o.name.clone()));
        Ok(list)
    }

    /// Archives a salesperson who left (kept on their customers' history, no longer handed
    /// customers) or brings them back; returns the new owner list. Read, changed and saved
    /// under the writer lock, so a handover's change to the settings is never lost.
    pub fn set_owner_archived(&self, name: &str, archived: bool) -> Result<Vec<OwnerInfo>> {
        let name = name.trim();
        if name.is_empty() {
            return Err(CoreError::invalid("name", Invalid::Required));
        }
        let _w = self.writer()?;
        if !self.owner_list()?.iter().any(|o| o.name == name) {
            return Err(CoreError::invalid("name", Invalid::UnknownOwner));
        }
        // A book whose settings were never saved starts from the defaults (the shell saves
        // the settings it shows first, so the language is kept).
        let mut settings = self
            .settings()?
            .unwrap_or_else(|| Settings::with_language(Language::default()));
        let lower = name.to_lowercase();
        // Listed among the people offered, so someone archived with no customer stays listed.
        if !settings
            .owners
            .iter()
            .any(|o| o.trim().to_lowercase() == lower)
        {
            settings.owners.push(name.to_string());
        }
        settings.archived_owners.retain(|o| o.trim() != name);
        if archived {
            settings.archived_owners.push(name.to_string());
            // Whoever left no longer uses this computer; keeping them as `me` would make every
            // later settings save fail validation.
            if settings.me.trim() == name {
                settings.me.clear();
            }
        }
        let bytes = encode(&validate::settings(settings)?)?;
        self.trees.write(|tx| {
            tx.meta.insert(SETTINGS_KEY, bytes.as_slice())?;
            Ok(())
        })?;
        self.flush()?;
        drop(_w);
        self.owner_list()
    }

    /// The settings with `from` among the people offered, encoded, when it is not there yet:
    /// someone handing over their last customers stays on the owner list (to be archived if
    /// they left). `None` when already listed, or when the list is full (then they drop off
    /// the list like anyone without customers).
    fn listed_settings(&self, from: &str) -> Result<Option<Vec<u8>>> {
        let mut settings = self
            .settings()?
            .unwrap_or_else(|| Settings::with_language(Language::default()));
        let lower = from.to_lowercase();
        if settings
            .owners
            .iter()
            .any(|o| o.trim().to_lowercase() == lower)
        {
            return Ok(None);
        }
        settings.owners.push(from.to_string());
        match validate::settings(settings) {
            Ok(s) => Ok(Some(encode(&s)?)),
            Err(CoreError::InvalidField { .. }) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Hands customers over: all live customers of `from`, or the chosen ones (which must be
    /// live customers of `from`), pass to `to` with their open follow-ups whose next step
    /// `from` was to take and their open stage tasks assigned to `from`; each customer's history records the change. Opportunities and
    /// service plans belong to the customer and follow it (counted in the result). `to` must
    /// be an active salesperson of the owner list. `from` left without customers stays on
    /// the list (added to the people offered). One transaction: on error nothing changes.
    pub fn hand_over(&self, req: &HandoverRequest, now: DateTime<Utc>) -> Result<HandoverResult> {
        let from = req.from.trim();
        let to = req.to.trim();
        if from.is_empty() {
            return Err(CoreError::invalid("from", Invalid::Required));
        }
        if to.is_empty() {
            return Err(CoreError::invalid("to", Invalid::Required));
        }
        if to == from {
            return Err(CoreError::invalid("to", Invalid::SameOwner));
        }
        let chosen: Option<Vec<(String, Ulid)>> = match &req.customer_ids {
            None => None,
            Some(ids) if ids.is_empty() => {
                return Err(CoreError::invalid("customerIds", Invalid::Required))
            }
            Some(ids) => {
                let mut seen = HashSet::new();
                let mut out = Vec::with_capacity(ids.len());
                for (i, id) in ids.iter().enumerate() {
                    let field = format!("customerIds[{i}]");
                    let id = parse_id(&field, id)?;
                    if seen.insert(id) {
                        out.push((field, id));
                    }
                }
                Some(out)
            }
        };
        let _w = self.writer()?;
        // Checked under the writer lock, so nobody archives `to` between check and write
        // (archiving saves settings, which takes the same lock).
        let owners = self.owner_list()?;
        let by = self.author()?.by;
        if !owners.iter().any(|o| o.name == from) {
            return Err(CoreError::invalid("from", Invalid::UnknownOwner));
        }
        match owners.iter().find(|o| o.name == to) {
            None => return Err(CoreError::invalid("to", Invalid::UnknownOwner)),
            Some(o) if o.archived => return Err(CoreError::invalid("to", Invalid::ArchivedOwner)),
            Some(_) => {}
        }
        let targets: Vec<(String, Ulid)> = match chosen {
            Some(list) => list,
            None => self
                .view()?
                .records()
                .filter(|(_, row)| row.deleted_at.is_none() && row.owner == from)
                .map(|(id, _)| ("from".to_string(), *id))
                .collect(),
        };
        let left = owners
            .iter()
            .find(|o| o.name == from)
            .map_or(0, |o| o.customers);
        let keep_listed = if left as usize <= targets.len() {
            self.listed_settings(from)?
        } else {
            None
        };
        let mut moving = Vec::with_capacity(targets.len());
        for (field, id) in targets {
            moving.push(Moving {
                id,
                field,
                follow_ups: follow_up_ids(&self.trees, id)?,
                records: owned_records(&self.trees, id)?,
                tasks: self.customer_tasks_of(id)?,
            });
        }
        let (saved, changes, result) = self.trees.write(|tx| {
            let mut saved: Vec<Customer> = Vec::with_capacity(moving.len());
            let mut changes = DueChanges::default();
            let mut result = HandoverResult {
                customers: 0,
                follow_ups: 0,
                opportunities: 0,
                service_plans: 0,
            };
            for m in &moving {
                let old = match tx.customers.get(m.id)? {
                    Some(c) if c.deleted_at.is_none() => c,
                    _ => return abort(customer_not_found(m.id)),
                };
                if old.fields.owner != from {
                    return abort(CoreError::invalid(m.field.clone(), Invalid::NotTheirs));
                }
                let mut new = Customer {
                    updated_at: now.max(old.created_at),
                    ..old.clone()
                };
                new.fields.owner = to.to_string();
                tx.customers.put(m.id, Some(&old), &new)?;
                let change = HistoryChange::Owner {
                    from: from.to_string(),
                    to: to.to_string(),
                };
                history::record(&tx.history, m.id, now, vec![change], None, &by)?;
                saved.push(new);
                result.customers += 1;
                for fid in &m.follow_ups {
                    let Some(f) = tx.follow_ups.get(*fid)? else {
                        continue;
                    };
                    if f.due().is_none() {
                        continue;
                    }
                    if f.next_by == from {
                        let moved = FollowUp {
                            next_by: to.to_string(),
                            updated_at: now,
                            ..f.clone()
                        };
                        tx.follow_ups
                            .put(*fid, m.id, Some(&f), &moved, &mut changes)?;
                        result.follow_ups += 1;
                    } else if f.next_by.is_empty() {
                        // Done by the customer's owner: passes with the customer.
                        result.follow_ups += 1;
                    }
                }
                // Open stage tasks that were `from`'s to do pass like their follow-ups; a task
                // named for someone else, or done, keeps its person.
                for task in m
                    .tasks
                    .iter()
                    .filter(|x| x.done_at.is_none() && x.assignee == from)
                {
                    let tid = parse_id("id", &task.id).map_err(Abort::Abort)?;
                    let moved = Task {
                        assignee: to.to_string(),
                        updated_at: now,
                        ..task.clone()
                    };
                    tx.tasks.put(tid, m.id, Some(task), &moved)?;
                }
                for oid in &m.records.opportunities {
                    if let Some(o) = tx.records.opportunity(*oid)? {
                        if !matches!(o.stage, Stage::Won | Stage::Lost) {
                            result.opportunities += 1;
                        }
                    }
                }
                let mut services = Vec::with_capacity(m.records.services.len());
                for sid in &m.records.services {
                    if let Some(s) = tx.records.service(*sid)? {
                        services.push(s);
                    }
                }
                result.service_plans += open_plans(&services);
            }
            if let Some(settings) = &keep_listed {
                tx.meta.insert(SETTINGS_KEY, settings.as_slice())?;
            }
            Ok((saved, changes, result))
        })?;
        // The customers first: due entries copy their owner from the view.
        self.refresh_view(&saved)?;
        self.apply_due(changes)?;
        self.flush()?;
        Ok(result)
    }
}
