//! Joining a team with a book of one's own: a customer the team already has (found with the
//! import's duplicate rules) is taken over under the team's id before the book is shared, so
//! the team's customer gains this book's follow-ups, records, stage tasks and history, and its empty fields
//! are filled, instead of arriving twice.
use crate::error::{CoreError, Result};
use crate::model::{CustomerFields, Deal, FollowUp, Opportunity, ServiceRecord, Task};
use crate::store::followups::reads::follow_up_ids;
use crate::store::followups::tx::DueChanges;
use crate::store::history;
use crate::store::infra::codec::decode;
use crate::store::infra::keys::{id_bytes, parse_id, ID_LEN};
use crate::store::outbox::Gone;
use crate::store::records::owned_records;
use crate::store::Store;
use sled::transaction::ConflictableTransactionError as Abort;

impl Store {
    /// Moves the customer `from` of this personal book to the id `to` (a team customer's),
    /// with `fields` (the team's fields merged with this book's), taking along its
    /// follow-ups, opportunities, deals, services, stage tasks, history and tags. Nothing is recorded for a
    /// server: call it before [`Store::share_book`], which then queues the customer and its
    /// records under the team's id. Refused in a team book, or when `to` is in the book.
    pub fn rekey_customer(&self, from: &str, to: &str, fields: CustomerFields) -> Result<()> {
        let from = parse_id("id", from)?;
        let to = parse_id("id", to)?;
        let _w = self.writer()?;
        if self.trees.team_book() {
            return Err(CoreError::Storage(
                "a team book's customers are not re-keyed".into(),
            ));
        }
        let t = &self.trees;
        if t.customer_by_id.contains_key(id_bytes(to))? {
            return Err(CoreError::Storage(format!(
                "customer {to} is in the book already"
            )));
        }
        let follow_ups = follow_up_ids(t, from)?;
        let events = history::keys(t, from)?;
        let records = owned_records(t, from)?;
        let tasks = self.customer_tasks_of(from)?;
        let (saved, changes, open) = t.write_with(false, |tx| {
            let ctx = &tx.customers;
            let Some(old) = ctx.get(from)? else {
                return Err(Abort::Abort(CoreError::Storage(format!(
                    "customer {from} not found"
                ))));
            };
            let new = crate::model::Customer {
                id: to.to_string(),
                fields: fields.clone(),
                ..old.clone()
            };
            ctx.put(to, None, &new)?;
            let mut changes = DueChanges::default();
            let cid = to.to_string();
            for id in &follow_ups {
                if let Some(f) = tx.follow_ups.get(*id)? {
                    tx.follow_ups
                        .remove(*id, from, &f, &mut changes, Gone::Deleted)?;
                    let moved = FollowUp {
                        customer_id: cid.clone(),
                        ..f
                    };
                    tx.follow_ups.put(*id, to, None, &moved, &mut changes)?;
                }
            }
            for k in &events {
                if let Some(v) = tx.history.tree.get(k)? {
                    let value: serde_json::Value = decode(&v).map_err(Abort::Abort)?;
                    let mut key = id_bytes(to).to_vec();
                    key.extend_from_slice(k.get(ID_LEN..).unwrap_or_default());
                    tx.history.remove(k, Gone::Deleted)?;
                    tx.history.put_as_sent(&key, &value)?;
                }
            }
            for id in &records.opportunities {
                if let Some(o) = tx.records.opportunity(*id)? {
                    tx.records.remove_opportunity(*id, from, Gone::Deleted)?;
                    let moved = Opportunity {
                        customer_id: cid.clone(),
                        ..o
                    };
                    tx.records.put_opportunity(*id, to, &moved)?;
                }
            }
            for id in &records.deals {
                if let Some(d) = tx.records.deal(*id)? {
                    tx.records.remove_deal(*id, from, &d, Gone::Deleted)?;
                    let moved = Deal {
                        customer_id: cid.clone(),
                        ..d
                    };
                    tx.records.put_deal(*id, to, None, &moved)?;
                }
            }
            let mut moved_services = Vec::new();
            let mut open = Vec::new();
            for id in &records.services {
                if let Some(s) = tx.records.service(*id)? {
                    tx.records.remove_plan(*id, &s)?;
                    tx.records.remove_service(*id, from, Gone::Deleted)?;
                    let moved = ServiceRecord {
                        customer_id: cid.clone(),
                        ..s
                    };
                    open = tx
                        .records
                        .write_service(to, &moved_services, *id, Some(&moved))?;
                    moved_services.push(*id);
                }
            }
            for task in &tasks {
                let tid = parse_id("id", &task.id).map_err(Abort::Abort)?;
                tx.tasks.remove(task, tid, from)?;
                let moved = Task {
                    customer_id: cid.clone(),
                    ..task.clone()
                };
                tx.tasks.put(tid, to, None, &moved)?;
            }
            ctx.purge(from, &old, Gone::Purged)?;
            Ok((new, changes, open))
        })?;
        self.refresh_view(std::slice::from_ref(&saved))?;
        self.forget(&[from])?;
        self.apply_due(changes)?;
        self.apply_plans(to, open)?;
        self.flush()
    }
}
