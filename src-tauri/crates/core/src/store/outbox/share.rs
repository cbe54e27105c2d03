//! A personal book becoming a team book, and back. Sharing queues everything the book holds as
//! new records for the team server (the book's first push uploads it); leaving keeps every
//! record as a personal copy and forgets the team (the flag, the outbox, the pull cursor).
use super::op::{OpKind, SyncTable};
use super::read::TEAM_BOOK;
use super::OutboxTx;
use crate::error::{CoreError, Result};
use crate::store::infra::codec::decode;
use crate::store::infra::keys::{id_from_bytes, ID_LEN};
use crate::store::settings::team;
use crate::store::{remote, Store};
use serde_json::Value;
use sled::transaction::{ConflictableTransactionError as Abort, TransactionError, Transactional};
use std::sync::atomic::Ordering;

/// Records per transaction while queueing a book: bounded memory for any book size.
const CHUNK: usize = 1000;

/// One record to queue: its table, id, customer, JSON and the fields its op leaves out.
struct Item {
    table: SyncTable,
    id: String,
    customer: Option<String>,
    value: Value,
    skip: &'static [&'static str],
}

fn storage(e: TransactionError<CoreError>) -> CoreError {
    match e {
        TransactionError::Abort(e) => e,
        TransactionError::Storage(e) => CoreError::Storage(e.to_string()),
    }
}

impl Store {
    /// Makes this book a team book and queues every record it holds — the shared settings,
    /// tags, customers (with their tag links and trash state), history, follow-ups,
    /// opportunities, deals, services, stage tasks, in that order, so the server never gets a record before
    /// its customer — as new records in the outbox; the sync engine's next push uploads the
    /// book. Used when creating a team book from this one, and when joining a team with the
    /// customers the team does not have yet. Returns how many ops were queued; a book that is a
    /// team book already queues nothing. A crash half-way leaves a personal book (the flag is
    /// set last) whose next share queues it all again: the server merges a record sent twice.
    pub fn share_book(&self) -> Result<usize> {
        let _i = self.importing()?;
        let _w = self.writer()?;
        if self.trees.team_book() {
            return Ok(0);
        }
        let t = &self.trees;
        let mut queued = 0;
        if let Some(settings) = self.settings()? {
            queued +=
                self.queue(|o| team::share_ops(o, &settings).map(|_| team::TEAM_SETTINGS.len()))?;
        }
        let mut items = Vec::with_capacity(CHUNK);
        for kv in t.tag_by_id.iter() {
            let (k, v) = kv?;
            items.push(Item {
                table: SyncTable::Tags,
                id: id_from_bytes(&k)?.to_string(),
                customer: None,
                value: decode(&v)?,
                skip: &["id"],
            });
            queued += self.flush_items(&mut items, false)?;
        }
        queued += self.flush_items(&mut items, true)?;
        for kv in t.customer_by_id.iter() {
            let (k, v) = kv?;
            items.push(Item {
                table: SyncTable::Customers,
                id: id_from_bytes(&k)?.to_string(),
                customer: None,
                value: decode(&v)?,
                skip: &["id", "tagIds", "deletedAt"],
            });
            queued += self.flush_items(&mut items, false)?;
        }
        queued += self.flush_items(&mut items, true)?;
        for kv in t.history_by_customer.iter() {
            let (k, v) = kv?;
            let customer = id_from_bytes(k.get(..ID_LEN).unwrap_or_default())?;
            let id = id_from_bytes(k.get(ID_LEN + 8..).unwrap_or_default())?;
            items.push(Item {
                table: SyncTable::History,
                id: id.to_string(),
                customer: Some(customer.to_string()),
                value: decode(&v)?,
                skip: &[],
            });
            queued += self.flush_items(&mut items, false)?;
        }
        queued += self.flush_items(&mut items, true)?;
        for (table, tree) in [
            (SyncTable::Followups, &t.followup_by_id),
            (SyncTable::Opportunities, &t.opportunity_by_id),
            (SyncTable::Deals, &t.deal_by_id),
            (SyncTable::Services, &t.service_by_id),
            (SyncTable::Tasks, &t.task_by_id),
        ] {
            for kv in tree.iter() {
                let (k, v) = kv?;
                let value: Value = decode(&v)?;
                let customer = value
                    .get("customerId")
                    .and_then(Value::as_str)
                    .map(str::to_owned);
                items.push(Item {
                    table,
                    id: id_from_bytes(&k)?.to_string(),
                    customer,
                    value,
                    skip: &["id", "customerId"],
                });
                queued += self.flush_items(&mut items, false)?;
            }
            queued += self.flush_items(&mut items, true)?;
        }
        t.meta.insert(TEAM_BOOK, &[1u8])?;
        self.flush()?;
        t.team.store(true, Ordering::Release);
        Ok(queued)
    }

    /// Every customer not in the trash, in id order (a join's preview matches them against
    /// the team's; a whole-book read, not for the UI's lists).
    pub fn live_customers(&self) -> Result<Vec<crate::model::Customer>> {
        let mut out = Vec::new();
        for v in self.trees.customer_by_id.iter().values() {
            let c: crate::model::Customer = decode(&v?)?;
            if c.deleted_at.is_none() {
                out.push(c);
            }
        }
        Ok(out)
    }

    /// Leaves the team: the book stays, every record in it, as a personal copy; nothing is
    /// recorded for a server any more, and the ops still waiting, those set aside, the pull
    /// cursor and an unfinished pull's position are forgotten. Returns how many waiting ops
    /// were dropped (edits kept in this book, never sent to the team).
    pub fn leave_team(&self) -> Result<usize> {
        let _i = self.importing()?;
        let _w = self.writer()?;
        let dropped = self.trees.outbox.len();
        self.trees.meta.remove(TEAM_BOOK)?;
        self.trees.team.store(false, Ordering::Release);
        self.trees.outbox.clear()?;
        for key in [remote::SYNC_CURSOR, remote::SYNC_PAGE] {
            self.trees.meta.remove(key)?;
        }
        let refused: Vec<sled::IVec> = self
            .trees
            .meta
            .scan_prefix(super::refused::PREFIX)
            .keys()
            .collect::<std::result::Result<_, _>>()?;
        for k in refused {
            self.trees.meta.remove(k)?;
        }
        self.flush()?;
        Ok(dropped)
    }

    /// Queues `items` when a chunk is full (or `all`), one transaction.
    fn flush_items(&self, items: &mut Vec<Item>, all: bool) -> Result<usize> {
        if items.is_empty() || (!all && items.len() < CHUNK) {
            return Ok(0);
        }
        let chunk = std::mem::take(items);
        self.queue(|o| {
            let mut n = 0;
            for it in &chunk {
                n += queue_item(o, it)?;
            }
            Ok(n)
        })
    }

    /// Runs `f` with an outbox that records (the book's flag is not set yet).
    fn queue(
        &self,
        f: impl Fn(&OutboxTx) -> sled::transaction::ConflictableTransactionResult<usize, CoreError>,
    ) -> Result<usize> {
        (&self.trees.outbox, &self.trees.meta)
            .transaction(|(outbox, meta)| {
                f(&OutboxTx {
                    tree: Some(outbox),
                    meta,
                })
            })
            .map_err(storage)
    }
}

/// One record's ops: its upsert as a new record; a customer's trash state and tag links too.
fn queue_item(
    o: &OutboxTx,
    it: &Item,
) -> sled::transaction::ConflictableTransactionResult<usize, CoreError> {
    let customer = it.customer.as_deref().map(str::parse).transpose();
    let customer = customer.map_err(|e| Abort::Abort(CoreError::Corrupt(format!("{e}"))))?;
    o.upsert(
        it.table,
        it.id.clone(),
        customer,
        None::<&Value>,
        &it.value,
        it.skip,
    )?;
    let mut n = 1;
    if it.table == SyncTable::Customers {
        if it.value.get("deletedAt").is_some_and(|d| !d.is_null()) {
            o.push(SyncTable::Customers, it.id.clone(), OpKind::Delete)?;
            n += 1;
        }
        for tag in it
            .value
            .get("tagIds")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
        {
            let link = OpKind::Upsert {
                customer_id: Some(it.id.clone()),
                fields: serde_json::Map::new(),
                base: None,
            };
            o.push(SyncTable::CustomerTags, format!("{}/{tag}", it.id), link)?;
            n += 1;
        }
    }
    Ok(n)
}
