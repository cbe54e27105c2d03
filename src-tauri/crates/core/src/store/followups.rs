//! Follow-ups: log, edit, delete, complete, snooze; the customer's timeline. A follow-up, its
//! index entries, the answered follow-up and the customer's stage change land in one transaction.
use super::agenda_index::AgendaIndex;
use super::codec::{decode, encode, tx_get};
use super::due::{disk_key, due_key, key_from_disk, DueKey, DueRecord};
use super::history;
use super::keys::{id_bytes, pair, parse_id};
use super::view::View;
use super::{Store, Trees};
use crate::error::{CoreError, Entity, Invalid, Result};
use crate::model::{
    Customer, FollowUp, FollowUpInput, FollowUpSuggestion, Priority, Snooze, TimelineEntry,
};
use crate::schedule::{category_priority, FixedClock, ScheduleRules};
use crate::validate::{self, ValidFollowUp};
use chrono::{DateTime, TimeZone, Utc};
use sled::transaction::{
    ConflictableTransactionError as Abort, ConflictableTransactionResult, TransactionalTree,
};
use ulid::Ulid;

type TxResult<T> = ConflictableTransactionResult<T, CoreError>;

/// Builds the in-memory agenda index from the `followup_by_due` tree and the list view.
pub(super) fn build_due_index(trees: &Trees, view: &View) -> Result<AgendaIndex> {
    let mut index = AgendaIndex::default();
    for item in trees.followup_by_due.iter() {
        let (k, v) = item?;
        let rec = DueRecord::decode(&v)?;
        let facts = view.facts(&Ulid(rec.customer));
        index.put(key_from_disk(&k)?, rec, facts.as_ref());
    }
    for (id, facts) in view.all_facts() {
        index.refresh_customer(id, Some(&facts));
    }
    Ok(index)
}

fn not_found(id: Ulid) -> CoreError {
    CoreError::NotFound {
        entity: Entity::FollowUp,
        id: id.to_string(),
    }
}

fn customer_not_found(id: Ulid) -> CoreError {
    CoreError::NotFound {
        entity: Entity::Customer,
        id: id.to_string(),
    }
}

/// What a transaction changed in the due index, applied to memory after it commits.
#[derive(Default)]
pub(super) struct DueChanges {
    removed: Vec<DueKey>,
    added: Vec<(DueKey, DueRecord)>,
}

/// The follow-up trees inside one transaction.
pub(super) struct FollowUpTx<'a> {
    pub by_id: &'a TransactionalTree,
    pub by_customer: &'a TransactionalTree,
    pub by_due: &'a TransactionalTree,
}

impl FollowUpTx<'_> {
    pub fn get(&self, id: Ulid) -> TxResult<Option<FollowUp>> {
        tx_get(self.by_id, id)
    }

    /// Writes `new` and moves its due entry. A due entry whose time is unchanged keeps its
    /// fired state (editing a note does not remind again); a new due time is reminded anew.
    pub fn put(
        &self,
        id: Ulid,
        customer: Ulid,
        old: Option<&FollowUp>,
        new: &FollowUp,
        changes: &mut DueChanges,
    ) -> TxResult<()> {
        let old_key = old.and_then(|f| f.due()).map(|t| due_key(t, id));
        let new_key = new.due().map(|t| due_key(t, id));
        let mut fired = false;
        if let Some(k) = old_key {
            if let Some(v) = self.by_due.remove(&disk_key(k))? {
                fired = Some(k) == new_key && DueRecord::decode(&v).map_err(Abort::Abort)?.fired;
            }
            changes.removed.push(k);
        }
        if let Some(k) = new_key {
            let rec = DueRecord::of(new, customer, fired);
            self.by_due
                .insert(&disk_key(k), rec.encode().map_err(Abort::Abort)?)?;
            changes.added.push((k, rec));
        }
        if old.is_none() {
            self.by_customer.insert(&pair(customer, id), &[])?;
        }
        self.by_id
            .insert(&id_bytes(id), encode(new).map_err(Abort::Abort)?)?;
        Ok(())
    }

    pub fn remove(
        &self,
        id: Ulid,
        customer: Ulid,
        old: &FollowUp,
        changes: &mut DueChanges,
    ) -> TxResult<()> {
        if let Some(t) = old.due() {
            let k = due_key(t, id);
            self.by_due.remove(&disk_key(k))?;
            changes.removed.push(k);
        }
        self.by_customer.remove(&pair(customer, id))?;
        self.by_id.remove(&id_bytes(id))?;
        Ok(())
    }

    /// Marks the reminder of an open follow-up as shown, keeping everything else.
    pub fn mark_fired(&self, k: DueKey, changes: &mut DueChanges) -> TxResult<()> {
        if let Some(v) = self.by_due.get(disk_key(k))? {
            let mut rec = DueRecord::decode(&v).map_err(Abort::Abort)?;
            rec.fired = true;
            self.by_due
                .insert(&disk_key(k), rec.encode().map_err(Abort::Abort)?)?;
            changes.added.push((k, rec));
        }
        Ok(())
    }
}

/// Builds the stored follow-up from a checked input.
fn record(
    id: Ulid,
    customer: Ulid,
    v: &ValidFollowUp,
    created_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> FollowUp {
    let i = &v.input;
    FollowUp {
        id: id.to_string(),
        customer_id: customer.to_string(),
        at: i.at,
        method: v.method,
        topic: i.topic.clone(),
        content: i.content.clone(),
        feedback: i.feedback.clone(),
        result: i.result.clone(),
        next_action: i.next_action.clone(),
        next_at: i.next_at,
        next_by: i.next_by.clone(),
        priority: v.priority,
        contact: i.contact.clone(),
        done: i.done,
        created_at,
        updated_at: now,
    }
}

/// Applies the stage / category change a follow-up carries to its customer, recording it.
fn move_customer(
    tx: &super::tx::Tx,
    cid: Ulid,
    customer: &Customer,
    v: &ValidFollowUp,
    fid: Ulid,
    now: DateTime<Utc>,
) -> TxResult<Option<Customer>> {
    let mut fields = customer.fields.clone();
    if let Some(stage) = v.input.stage {
        fields.stage = stage;
        fields.lost_reason = v.input.lost_reason.clone();
    }
    if let Some(category) = v.input.category {
        fields.category = Some(category);
    }
    let changes = history::changes(&customer.fields, &fields);
    if changes.is_empty() {
        return Ok(None);
    }
    let new = Customer {
        fields,
        updated_at: now.max(customer.created_at),
        ..customer.clone()
    };
    tx.customers.put(cid, Some(customer), &new)?;
    history::record(tx.history, cid, now, changes, Some(fid))?;
    Ok(Some(new))
}

/// A live customer inside a transaction, or "not found".
fn live_customer(tx: &super::tx::Tx, cid: Ulid) -> TxResult<Customer> {
    match tx.customers.get(cid)? {
        Some(c) if c.deleted_at.is_none() => Ok(c),
        _ => Err(Abort::Abort(customer_not_found(cid))),
    }
}

fn check<T>(r: Result<T>) -> TxResult<T> {
    r.map_err(Abort::Abort)
}

impl Store {
    /// Applies a committed transaction's due changes and customer change, then flushes.
    fn commit_follow_up(&self, changes: DueChanges, customer: Option<Customer>) -> Result<()> {
        if let Some(c) = customer {
            // The customer first: due entries copy its state from the view.
            self.commit(std::slice::from_ref(&c))?;
            return self.apply_due(changes);
        }
        self.apply_due(changes)?;
        self.flush()
    }

    pub(super) fn apply_due(&self, changes: DueChanges) -> Result<()> {
        let view = self.view()?;
        let mut due = self.due_mut()?;
        for k in changes.removed {
            // The customer's id is in the record, which `remove` reads.
            let customer = due.record(&k).map(|r| Ulid(r.customer));
            let facts = customer.and_then(|c| view.facts(&c));
            due.remove(k, facts.as_ref());
        }
        for (k, rec) in changes.added {
            let facts = view.facts(&Ulid(rec.customer));
            due.put(k, rec, facts.as_ref());
        }
        Ok(())
    }

    /// The user's scheduling rules.
    pub(super) fn rules(&self) -> Result<ScheduleRules> {
        Ok(self
            .settings()?
            .map(|s| ScheduleRules::from(&s.schedule))
            .unwrap_or_default())
    }

    /// Logs a follow-up of a customer. With `closes`, the open follow-up it answers is marked
    /// done; with `stage` / `category`, the customer moves and the change is recorded — all in
    /// one transaction.
    pub fn log_follow_up(
        &self,
        customer_id: &str,
        input: FollowUpInput,
        now: DateTime<Utc>,
    ) -> Result<FollowUp> {
        let cid = parse_id("customerId", customer_id)?;
        let closes = match &input.closes {
            Some(s) if !s.trim().is_empty() => Some(parse_id("closes", s)?),
            _ => None,
        };
        let fid = Ulid::new();
        let _w = self.writer()?;
        let (saved, changes, moved) = self.trees.write(|tx| {
            let customer = live_customer(tx, cid)?;
            let v = check(validate::follow_up(input.clone(), &customer))?;
            let mut changes = DueChanges::default();
            if let Some(old_id) = closes {
                let old = match tx.follow_ups.get(old_id)? {
                    Some(f) if f.customer_id == customer.id && !f.done => f,
                    _ => return Err(Abort::Abort(CoreError::invalid("closes", Invalid::NotOpen))),
                };
                let done = FollowUp {
                    done: true,
                    updated_at: now,
                    ..old.clone()
                };
                tx.follow_ups
                    .put(old_id, cid, Some(&old), &done, &mut changes)?;
            }
            let f = record(fid, cid, &v, now, now);
            tx.follow_ups.put(fid, cid, None, &f, &mut changes)?;
            let moved = move_customer(tx, cid, &customer, &v, fid, now)?;
            Ok((f, changes, moved))
        })?;
        self.commit_follow_up(changes, moved)?;
        Ok(saved)
    }

    /// Logs many follow-ups (of existing customers) in one transaction: benchmarks and, later,
    /// imports. No stage changes or closing here; errors name the item: `followUps[3].nextAt`.
    pub fn log_follow_ups(
        &self,
        items: Vec<(String, FollowUpInput)>,
        now: DateTime<Utc>,
    ) -> Result<Vec<FollowUp>> {
        let mut parsed = Vec::with_capacity(items.len());
        for (i, (cid, input)) in items.into_iter().enumerate() {
            let cid = parse_id(&format!("followUps[{i}].customerId"), &cid)?;
            parsed.push((cid, input));
        }
        let mut ulids = ulid::Generator::new();
        let ids: Vec<Ulid> = parsed
            .iter()
            .map(|_| ulids.generate())
            .collect::<Result<_, _>>()
            .map_err(|e| CoreError::Storage(format!("no id left this millisecond: {e}")))?;
        let _w = self.writer()?;
        let (saved, changes) = self.trees.write(|tx| {
            let mut changes = DueChanges::default();
            let mut out = Vec::with_capacity(parsed.len());
            for (i, ((cid, input), fid)) in parsed.iter().zip(&ids).enumerate() {
                let customer = live_customer(tx, *cid)?;
                let v = check(validate::follow_up(input.clone(), &customer).map_err(
                    |e| match e {
                        CoreError::InvalidField { field, reason } => {
                            CoreError::invalid(format!("followUps[{i}].{field}"), reason)
                        }
                        e => e,
                    },
                ))?;
                let f = record(*fid, *cid, &v, now, now);
                tx.follow_ups.put(*fid, *cid, None, &f, &mut changes)?;
                out.push(f);
            }
            Ok((out, changes))
        })?;
        self.commit_follow_up(changes, None)?;
        Ok(saved)
    }

    /// Edits a follow-up (and may move its customer like `log_follow_up`).
    pub fn update_follow_up(
        &self,
        id: &str,
        input: FollowUpInput,
        now: DateTime<Utc>,
    ) -> Result<FollowUp> {
        let fid = parse_id("id", id)?;
        let _w = self.writer()?;
        let (saved, changes, moved) = self.trees.write(|tx| {
            let Some(old) = tx.follow_ups.get(fid)? else {
                return Err(Abort::Abort(not_found(fid)));
            };
            let cid = check(parse_id("customerId", &old.customer_id))?;
            let customer = live_customer(tx, cid)?;
            let v = check(validate::follow_up(input.clone(), &customer))?;
            let mut changes = DueChanges::default();
            let new = record(fid, cid, &v, old.created_at, now);
            tx.follow_ups
                .put(fid, cid, Some(&old), &new, &mut changes)?;
            let moved = move_customer(tx, cid, &customer, &v, fid, now)?;
            Ok((new, changes, moved))
        })?;
        self.commit_follow_up(changes, moved)?;
        Ok(saved)
    }

    pub fn delete_follow_up(&self, id: &str) -> Result<()> {
        let fid = parse_id("id", id)?;
        let _w = self.writer()?;
        let changes = self.trees.write(|tx| {
            let Some(old) = tx.follow_ups.get(fid)? else {
                return Err(Abort::Abort(not_found(fid)));
            };
            let cid = check(parse_id("customerId", &old.customer_id))?;
            let mut changes = DueChanges::default();
            tx.follow_ups.remove(fid, cid, &old, &mut changes)?;
            Ok(changes)
        })?;
        self.commit_follow_up(changes, None)
    }

    /// Changes one open follow-up with `f`, which may refuse it.
    fn change_open(
        &self,
        id: &str,
        now: DateTime<Utc>,
        f: impl Fn(&FollowUp) -> Result<FollowUp>,
    ) -> Result<FollowUp> {
        let fid = parse_id("id", id)?;
        let _w = self.writer()?;
        let (saved, changes) = self.trees.write(|tx| {
            let Some(old) = tx.follow_ups.get(fid)? else {
                return Err(Abort::Abort(not_found(fid)));
            };
            let cid = check(parse_id("customerId", &old.customer_id))?;
            live_customer(tx, cid)?;
            let mut new = check(f(&old))?;
            new.updated_at = now;
            let mut changes = DueChanges::default();
            tx.follow_ups
                .put(fid, cid, Some(&old), &new, &mut changes)?;
            Ok((new, changes))
        })?;
        self.commit_follow_up(changes, None)?;
        Ok(saved)
    }

    /// Marks a follow-up done: it leaves the agenda. A follow-up without content cannot be
    /// done (the user logs what happened first).
    pub fn complete_follow_up(&self, id: &str, now: DateTime<Utc>) -> Result<FollowUp> {
        self.change_open(id, now, |old| {
            if old.content.trim().is_empty() {
                return Err(CoreError::invalid("content", Invalid::RequiredWhenDone));
            }
            Ok(FollowUp {
                done: true,
                ..old.clone()
            })
        })
    }

    /// Moves an open follow-up's due time (snooze, reschedule); it is reminded again then.
    pub fn snooze_follow_up<Tz: TimeZone>(
        &self,
        id: &str,
        snooze: Snooze,
        now: DateTime<Utc>,
        tz: &Tz,
    ) -> Result<FollowUp> {
        let until = self.rules()?.snooze_until(snooze, now, tz);
        self.change_open(id, now, |old| {
            if old.done {
                return Err(CoreError::invalid("id", Invalid::NotOpen));
            }
            validate::follow_up_time("until", until)?;
            if until < old.at {
                return Err(CoreError::invalid("until", Invalid::BeforeFollowUp));
            }
            Ok(FollowUp {
                next_at: Some(until),
                ..old.clone()
            })
        })
    }

    pub fn get_follow_up(&self, id: &str) -> Result<FollowUp> {
        let fid = parse_id("id", id)?;
        match self.trees.followup_by_id.get(id_bytes(fid))? {
            Some(v) => decode(&v),
            None => Err(not_found(fid)),
        }
    }

    /// A customer's follow-ups, in the order they were logged.
    pub fn follow_ups_of(&self, customer_id: &str) -> Result<Vec<FollowUp>> {
        let cid = parse_id("customerId", customer_id)?;
        follow_up_ids(&self.trees, cid)?
            .into_iter()
            .map(|fid| match self.trees.followup_by_id.get(id_bytes(fid))? {
                Some(v) => decode(&v),
                None => Err(CoreError::Corrupt(format!(
                    "follow-up {fid} indexed but missing"
                ))),
            })
            .collect()
    }

    /// Follow-ups and recorded changes of a customer, newest first.
    pub fn timeline(&self, customer_id: &str) -> Result<Vec<TimelineEntry>> {
        let cid = parse_id("customerId", customer_id)?;
        let mut entries: Vec<TimelineEntry> = self
            .follow_ups_of(customer_id)?
            .into_iter()
            .map(|f| TimelineEntry::FollowUp(Box::new(f)))
            .chain(
                history::list(&self.trees, cid)?
                    .into_iter()
                    .map(TimelineEntry::Change),
            )
            .collect();
        let at = |e: &TimelineEntry| match e {
            TimelineEntry::FollowUp(f) => (f.at, f.created_at),
            TimelineEntry::Change(h) => (h.at, h.at),
        };
        entries.sort_by_key(|e| std::cmp::Reverse(at(e)));
        Ok(entries)
    }

    /// The next follow-up the rules suggest for a customer logged now: the priority its
    /// category maps to (unless one is given), due after that priority's interval.
    pub fn suggest_follow_up<Tz: TimeZone>(
        &self,
        customer_id: &str,
        priority: Option<Priority>,
        now: DateTime<Utc>,
        tz: &Tz,
    ) -> Result<FollowUpSuggestion> {
        let customer = self.get_customer(customer_id)?;
        let settings = self.settings()?.unwrap_or_else(|| {
            crate::model::Settings::with_language(crate::model::Language::default())
        });
        let rules = ScheduleRules::from(&settings.schedule);
        let priority = priority.unwrap_or_else(|| {
            category_priority(
                &settings.schedule.category_priority,
                customer.fields.category,
            )
        });
        Ok(FollowUpSuggestion {
            priority,
            next_at: rules.suggest_next(&FixedClock(now), tz, priority),
            next_by: customer.fields.owner,
        })
    }

    /// Marks open follow-ups' reminders as shown.
    pub(super) fn mark_due_fired(&self, keys: &[DueKey]) -> Result<()> {
        if keys.is_empty() {
            return Ok(());
        }
        let _w = self.writer()?;
        let changes = self.trees.write(|tx| {
            let mut changes = DueChanges::default();
            for k in keys {
                tx.follow_ups.mark_fired(*k, &mut changes)?;
            }
            Ok(changes)
        })?;
        self.apply_due(changes)?;
        self.flush()
    }
}

/// Ids of a customer's follow-ups, oldest first.
pub(super) fn follow_up_ids(trees: &Trees, cid: Ulid) -> Result<Vec<Ulid>> {
    trees
        .followup_by_customer
        .scan_prefix(id_bytes(cid))
        .keys()
        .map(|k| super::keys::id_from_bytes(&k?[super::keys::ID_LEN..]))
        .collect()
}
