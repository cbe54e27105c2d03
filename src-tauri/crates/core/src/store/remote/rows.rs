//! Each pulled row written inside the apply's transaction, by its record type's own write
//! helpers (so every index moves with it), the outbox left out.
use super::merge::{merged, Pending};
use super::{RemoteApplied, RemoteRow};
use crate::error::CoreError;
use crate::model::{
    Customer, Deal, FollowUp, HistoryEvent, Language, Opportunity, ServiceRecord, Settings, Tag,
    Task, TeamNotice, TeamNoticeKind, TeamPeople,
};
use crate::store::followups::tx::{DueChanges, TxResult};
use crate::store::history;
use crate::store::infra::codec::{decode, encode};
use crate::store::infra::keys::id_bytes;
use crate::store::infra::tx::Tx;
use crate::store::outbox::op::SyncTable;
use crate::store::outbox::Gone;
use crate::store::records::plan_index::{PlanEntry, PlanKey};
use crate::validate::tag_key;
use chrono::{DateTime, Utc};
use serde::{de::DeserializeOwned, Serialize};
use serde_json::{Map, Value};
use sled::transaction::ConflictableTransactionError as Abort;
use std::collections::HashMap;
use ulid::Ulid;

/// What memory must follow once the apply commits.
#[derive(Default)]
pub(super) struct Done {
    pub customers: HashMap<Ulid, Customer>,
    pub changes: DueChanges,
    pub plans: HashMap<Ulid, Vec<(PlanKey, PlanEntry)>>,
    pub applied: RemoteApplied,
}

pub(super) struct Applying<'a, 't> {
    tx: &'a Tx<'t>,
    pending: &'a HashMap<(SyncTable, String), Pending>,
    services: HashMap<Ulid, Vec<Ulid>>,
    settings: Option<Settings>,
    now: DateTime<Utc>,
    done: Done,
    /// The team's people as last pulled (empty: owner names are left as the row has them).
    people: Option<&'a TeamPeople>,
    /// Whether changes made by others raise notices (not in a first sync or a join).
    notify: bool,
}

fn bad(row: &RemoteRow, why: impl std::fmt::Display) -> Abort<CoreError> {
    Abort::Abort(CoreError::Corrupt(format!(
        "pulled {:?} {}: {why}",
        row.table, row.id
    )))
}

/// A customer as a notice names it: the name, else the company.
fn display_name(c: &Customer) -> String {
    if c.fields.name.trim().is_empty() {
        c.fields.company.clone()
    } else {
        c.fields.name.clone()
    }
}

fn json<T: Serialize>(v: &T) -> Option<Value> {
    serde_json::to_value(v).ok()
}

impl<'a, 't> Applying<'a, 't> {
    pub fn new(
        tx: &'a Tx<'t>,
        pending: &'a HashMap<(SyncTable, String), Pending>,
        services: HashMap<Ulid, Vec<Ulid>>,
        settings: Option<Settings>,
        now: DateTime<Utc>,
    ) -> Self {
        Applying {
            tx,
            pending,
            services,
            settings,
            now,
            done: Done::default(),
            people: None,
            notify: false,
        }
    }

    pub fn with_team(mut self, people: &'a TeamPeople, notify: bool) -> Self {
        if !people.people.is_empty() {
            self.people = Some(people);
        }
        self.notify = notify;
        self
    }

    fn notice(&self, notice: TeamNotice) -> TxResult<()> {
        super::team::queue(self.tx.meta, &notice)
    }

    pub fn done(self) -> Done {
        self.done
    }

    fn pending(&self, row: &RemoteRow) -> Option<&'a Pending> {
        self.pending.get(&(row.table, row.id.clone()))
    }

    fn id(&self, row: &RemoteRow, s: &str) -> TxResult<Ulid> {
        s.parse().map_err(|e| bad(row, e))
    }

    fn customer(&self, row: &RemoteRow) -> TxResult<Option<(Ulid, Customer)>> {
        let Some(cid) = row.customer_id.as_deref() else {
            return Ok(None);
        };
        let cid = self.id(row, cid)?;
        Ok(self.tx.customers.get(cid)?.map(|c| (cid, c)))
    }

    /// The record `old` with the row's fields merged in (its ids and trash time set).
    fn record<T: Serialize + DeserializeOwned>(
        &self,
        row: &RemoteRow,
        old: Option<&T>,
        extra: &[(&str, Value)],
    ) -> TxResult<T> {
        let skip = ["id", "customerId", "tagIds", "deletedAt"];
        let mut m = merged(old.and_then(json), &row.data, self.pending(row), &skip);
        m.insert("id".into(), Value::String(row.id.clone()));
        for key in ["createdAt", "updatedAt"] {
            if !m.contains_key(key) {
                m.insert(key.into(), json(&self.now).unwrap_or(Value::Null));
            }
        }
        for (k, v) in extra {
            m.insert(k.to_string(), v.clone());
        }
        serde_json::from_value(Value::Object(m)).map_err(|e| bad(row, e))
    }

    fn wrote(&mut self) -> TxResult<()> {
        self.done.applied.written += 1;
        Ok(())
    }

    fn skip(&mut self) -> TxResult<()> {
        self.done.applied.skipped += 1;
        Ok(())
    }

    pub fn row(&mut self, row: &RemoteRow) -> TxResult<()> {
        match row.table {
            SyncTable::TeamSettings => self.setting(row),
            SyncTable::Tags => self.tag(row),
            SyncTable::Customers => self.customer_row(row),
            SyncTable::CustomerTags => self.tag_link(row),
            SyncTable::History => self.history(row),
            SyncTable::Followups => self.follow_up(row),
            SyncTable::Opportunities => self.opportunity(row),
            SyncTable::Deals => self.deal(row),
            SyncTable::Services => self.service(row),
            SyncTable::Tasks => self.task(row),
        }
    }

    fn put_customer(&mut self, id: Ulid, old: &Customer, new: Customer) -> TxResult<()> {
        if *old != new {
            self.tx.customers.put(id, Some(old), &new)?;
            self.done.customers.insert(id, new);
        }
        Ok(())
    }

    fn customer_row(&mut self, row: &RemoteRow) -> TxResult<()> {
        let id = self.id(row, &row.id)?;
        let old = self.tx.customers.get(id)?;
        let local_presence = self.pending(row).is_some_and(|p| p.presence);
        let deleted = match (&old, local_presence) {
            (Some(o), true) => o.deleted_at,
            _ => row.deleted_at,
        };
        let tags = old.as_ref().map(|c| c.tag_ids.clone()).unwrap_or_default();
        let mut extra = vec![
            ("tagIds", json(&tags).unwrap_or_default()),
            ("deletedAt", json(&deleted).unwrap_or_default()),
        ];
        // The server's `owner` column (a person id, or the pool) decides whose it is; the book
        // shows that person's name. An owner edit still in the outbox keeps the local one.
        let owner_edited = self
            .pending(row)
            .is_some_and(|p| p.fields.contains("owner"));
        if let (Some(people), false) = (self.people, owner_edited) {
            let name = match row.owner.as_deref() {
                Some(id) => people.name_of(id),
                None => Some(""),
            };
            if let Some(name) = name {
                extra.push(("owner", Value::String(name.to_owned())));
            }
        }
        let new: Customer = self.record(row, old.as_ref(), &extra)?;
        if !owner_edited {
            self.hands_changed(row, old.as_ref(), &new)?;
        }
        match old {
            Some(old) => self.put_customer(id, &old, new)?,
            None => {
                self.tx.customers.put(id, None, &new)?;
                self.done.customers.insert(id, new);
            }
        }
        self.wrote()
    }

    /// A notice when this row moved a customer to me or away from me, by someone else's hand
    /// (the server stamps who in `assignedById` / `assignedBy`, sql/0012).
    fn hands_changed(
        &self,
        row: &RemoteRow,
        old: Option<&Customer>,
        new: &Customer,
    ) -> TxResult<()> {
        let (Some(people), true) = (self.people, self.notify) else {
            return Ok(());
        };
        let (Some(me), Some(my_name)) = (people.me.as_deref(), people.my_name()) else {
            return Ok(());
        };
        let text = |k: &str| {
            row.data
                .get(k)
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_owned()
        };
        let by_id = text("assignedById");
        if by_id.is_empty() || by_id == me || new.deleted_at.is_some() {
            return Ok(());
        }
        let was_mine = old.is_some_and(|o| o.fields.owner == my_name);
        let is_mine = row.owner.as_deref() == Some(me);
        let kind = match (was_mine, is_mine) {
            (false, true) => TeamNoticeKind::Assigned,
            (true, false) => TeamNoticeKind::ReassignedAway,
            _ => return Ok(()),
        };
        self.notice(TeamNotice {
            kind,
            customer_id: row.id.clone(),
            customer: display_name(new),
            by: text("assignedBy"),
            to: new.fields.owner.clone(),
        })
    }

    fn tag_link(&mut self, row: &RemoteRow) -> TxResult<()> {
        let (cid, tid) = row.id.split_once('/').unwrap_or_default();
        let (Ok(cid), Ok(tid)) = (cid.parse::<Ulid>(), tid.parse::<Ulid>()) else {
            return Err(bad(row, "not <customer id>/<tag id>"));
        };
        let Some(old) = self.tx.customers.get(cid)? else {
            return self.skip();
        };
        let known = self.tx.tags.by_id.get(id_bytes(tid))?.is_some();
        if self.pending(row).is_some() || !known {
            return self.skip();
        }
        let tid = tid.to_string();
        let mut new = old.clone();
        new.tag_ids.retain(|t| *t != tid);
        if row.deleted_at.is_none() {
            new.tag_ids.push(tid);
        }
        self.put_customer(cid, &old, new)?;
        self.wrote()
    }

    fn tag(&mut self, row: &RemoteRow) -> TxResult<()> {
        let id = self.id(row, &row.id)?;
        let old: Option<Tag> = match self.tx.tags.by_id.get(id_bytes(id))? {
            Some(v) => Some(decode(&v).map_err(Abort::Abort)?),
            None => None,
        };
        // A deleted tag stays until its links are gone (they come as rows of their own).
        if row.deleted_at.is_some() {
            return self.skip();
        }
        let new: Tag = self.record(row, old.as_ref(), &[])?;
        let named = self.tx.tags.by_name.get(tag_key(&new.name).as_bytes())?;
        if named.is_some_and(|v| v.as_ref() != id_bytes(id)) {
            return self.skip();
        }
        if let Some(old) = old
            .as_ref()
            .filter(|o| tag_key(&o.name) != tag_key(&new.name))
        {
            self.tx.tags.by_name.remove(tag_key(&old.name).as_bytes())?;
        }
        if old.as_ref() != Some(&new) {
            self.tx.tags.put(id, &new)?;
        }
        self.wrote()
    }

    fn history(&mut self, row: &RemoteRow) -> TxResult<()> {
        let Some((cid, _)) = self.customer(row)? else {
            return self.skip();
        };
        let id = self.id(row, &row.id)?;
        let event: HistoryEvent =
            serde_json::from_value(row.data.clone()).map_err(|e| bad(row, e))?;
        let key = history::key(cid, event.at, id);
        match row.deleted_at {
            Some(_) => self.tx.history.remove(&key, Gone::Deleted)?,
            None => self.tx.history.put_as_sent(&key, &row.data)?,
        }
        self.wrote()
    }

    fn follow_up(&mut self, row: &RemoteRow) -> TxResult<()> {
        let Some((cid, _)) = self.customer(row)? else {
            return self.skip();
        };
        let id = self.id(row, &row.id)?;
        let old = self.tx.follow_ups.get(id)?;
        let changes = &mut self.done.changes;
        if row.deleted_at.is_some() {
            if let Some(old) = &old {
                self.tx
                    .follow_ups
                    .remove(id, cid, old, changes, Gone::Deleted)?;
            }
            return self.wrote();
        }
        let extra = [("customerId", Value::String(cid.to_string()))];
        let new: FollowUp = self.record(row, old.as_ref(), &extra)?;
        if old.is_none() {
            self.scheduled_for_me(row, &new)?;
        }
        if old.as_ref() != Some(&new) {
            let changes = &mut self.done.changes;
            self.tx
                .follow_ups
                .put(id, cid, old.as_ref(), &new, changes)?;
        }
        self.wrote()
    }

    /// A notice when a colleague's new follow-up leaves its next step to me.
    fn scheduled_for_me(&self, row: &RemoteRow, f: &FollowUp) -> TxResult<()> {
        let (Some(people), true) = (self.people, self.notify) else {
            return Ok(());
        };
        let Some(my_name) = people.my_name() else {
            return Ok(());
        };
        let open = !f.done && f.next_at.is_some();
        if !open || f.next_by != my_name || f.by == my_name || f.by.trim().is_empty() {
            return Ok(());
        }
        let Some((_, customer)) = self.customer(row)? else {
            return Ok(());
        };
        self.notice(TeamNotice {
            kind: TeamNoticeKind::Scheduled,
            customer_id: customer.id.clone(),
            customer: display_name(&customer),
            by: f.by.clone(),
            to: String::new(),
        })
    }

    fn opportunity(&mut self, row: &RemoteRow) -> TxResult<()> {
        let Some((cid, _)) = self.customer(row)? else {
            return self.skip();
        };
        let id = self.id(row, &row.id)?;
        let old = self.tx.records.opportunity(id)?;
        if row.deleted_at.is_some() {
            self.tx.records.remove_opportunity(id, cid, Gone::Deleted)?;
            return self.wrote();
        }
        let extra = [("customerId", Value::String(cid.to_string()))];
        let new: Opportunity = self.record(row, old.as_ref(), &extra)?;
        if old.as_ref() != Some(&new) {
            self.tx.records.put_opportunity(id, cid, &new)?;
        }
        self.wrote()
    }

    fn deal(&mut self, row: &RemoteRow) -> TxResult<()> {
        let Some((cid, _)) = self.customer(row)? else {
            return self.skip();
        };
        let id = self.id(row, &row.id)?;
        let old = self.tx.records.deal(id)?;
        if row.deleted_at.is_some() {
            if let Some(old) = &old {
                self.tx.records.remove_deal(id, cid, old, Gone::Deleted)?;
            }
            return self.wrote();
        }
        let extra = [("customerId", Value::String(cid.to_string()))];
        let new: Deal = self.record(row, old.as_ref(), &extra)?;
        if old.as_ref() != Some(&new) {
            self.tx.records.put_deal(id, cid, old.as_ref(), &new)?;
        }
        self.wrote()
    }

    fn service(&mut self, row: &RemoteRow) -> TxResult<()> {
        let Some((cid, _)) = self.customer(row)? else {
            return self.skip();
        };
        let id = self.id(row, &row.id)?;
        let old = self.tx.records.service(id)?;
        let new: Option<ServiceRecord> = match row.deleted_at {
            Some(_) => None,
            None => {
                let extra = [("customerId", Value::String(cid.to_string()))];
                Some(self.record(row, old.as_ref(), &extra)?)
            }
        };
        let ids = self.services.entry(cid).or_default();
        let open = self.tx.records.write_service(cid, ids, id, new.as_ref())?;
        if new.is_some() && !ids.contains(&id) {
            ids.push(id);
        }
        self.done.plans.insert(cid, open);
        self.wrote()
    }

    /// A stage task: written with its index entries (an open one is on the agenda and
    /// reminds; a tick pulled takes it off). A task is only ever removed with its customer.
    fn task(&mut self, row: &RemoteRow) -> TxResult<()> {
        let Some((cid, _)) = self.customer(row)? else {
            return self.skip();
        };
        let id = self.id(row, &row.id)?;
        let old = self.tx.tasks.get(id)?;
        if row.deleted_at.is_some() {
            if let Some(old) = &old {
                self.tx.tasks.remove(old, id, cid)?;
            }
            return self.wrote();
        }
        let extra = [("customerId", Value::String(cid.to_string()))];
        let new: Task = self.record(row, old.as_ref(), &extra)?;
        if old.as_ref() != Some(&new) {
            self.tx.tasks.put(id, cid, old.as_ref(), &new)?;
        }
        self.wrote()
    }

    fn setting(&mut self, row: &RemoteRow) -> TxResult<()> {
        if self.pending(row).is_some() || row.deleted_at.is_some() {
            return self.skip();
        }
        let settings = self
            .settings
            .clone()
            .unwrap_or_else(|| Settings::with_language(Language::default()));
        let mut m: Map<String, Value> = match json(&settings) {
            Some(Value::Object(m)) => m,
            _ => return Err(bad(row, "settings do not encode")),
        };
        let value = row.data.get("value").cloned().unwrap_or(Value::Null);
        let value = crate::store::settings::team::pulled(&row.id, value, &m);
        m.insert(row.id.clone(), value);
        let new: Settings = serde_json::from_value(Value::Object(m)).map_err(|e| bad(row, e))?;
        self.tx.meta.insert(
            crate::store::settings::KEY,
            encode(&new).map_err(Abort::Abort)?,
        )?;
        self.settings = Some(new);
        self.wrote()
    }
}
