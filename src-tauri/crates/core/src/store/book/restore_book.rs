//! A JSON export restored into an empty book, as it was: the same ids and times, the trash,
//! follow-ups with their 跟进人, opportunities, deals, after-sales records, history, tags and
//! the pipeline's stages (see `import::json_book` for when a file is restored or merged).
//!
//! It runs as an import: an `InProgress` record, then the tags (each an `AddedTag` journal
//! item) in one transaction, then chunks of customers — each chunk one multi-tree transaction
//! with its `AddedCustomers` item and everything those customers own — so a failure, a cancel
//! or a kill rolls back with the undo code, and the user can undo the restore like any import.
//! The stages are saved first (settings; an undo leaves them). Reminder states are not in the
//! file: the open follow-ups and service plans restored remind again when due.
use crate::error::{CoreError, Result};
use crate::export::JsonExport;
use crate::import::json_book;
use crate::model::{
    Customer, CustomerInput, ImportRecord, ImportState, Language, ServiceRecord, Settings,
};
use crate::store::followups::tx::DueChanges;
use crate::store::history;
use crate::store::imports::journal::{put_item, write_record, ImportItem};
use crate::store::infra::keys::parse_id;
use crate::store::records::plan_index::PlanIndex;
use crate::store::Store;
use crate::validate::{self, tag_key};
use chrono::{DateTime, Utc};
use std::collections::HashMap;
use ulid::Ulid;

/// Customers per transaction.
const CHUNK: usize = 500;

/// The book has customers: a restore would mix two books.
pub fn book_not_empty() -> CoreError {
    CoreError::file(
        "bookNotEmpty",
        "客户资料库已不是空的，不能按原样恢复。请重新打开文件，按合并方式导入。客户数据未改动。",
        "The book is no longer empty, so the file cannot be restored as it was. Open the file again to merge it. Nothing was changed.",
    )
}

/// One customer of the file with what it owns, and the ids chosen for its history events.
struct Owned<'a> {
    id: Ulid,
    customer: Customer,
    follow_ups: Vec<(Ulid, &'a crate::model::FollowUp)>,
    opportunities: Vec<(Ulid, &'a crate::model::Opportunity)>,
    deals: Vec<(Ulid, &'a crate::model::Deal)>,
    services: Vec<(Ulid, &'a ServiceRecord)>,
    history: Vec<(Vec<u8>, &'a crate::model::HistoryEvent)>,
}

impl Store {
    /// Restores `book` into this empty book (see the module notes). `lang` is the language of
    /// the settings saved with the file's stages when the book has none yet. After each chunk,
    /// `progress(customers done)`; `false` stops it, rolled back, as `CoreError::Cancelled`.
    pub fn restore_book(
        &self,
        book: &JsonExport,
        file_name: &str,
        now: DateTime<Utc>,
        lang: Language,
        progress: &mut dyn FnMut(usize) -> bool,
    ) -> Result<ImportRecord> {
        let started = std::time::Instant::now();
        json_book::check(book)?;
        for (i, c) in book.customers.iter().enumerate() {
            let input = CustomerInput {
                fields: c.customer.fields.clone(),
                tags: Vec::new(),
            };
            validate::customer(input).map_err(|e| match e {
                CoreError::InvalidField { field, reason } => {
                    CoreError::invalid(format!("customers[{i}].{field}"), reason)
                }
                e => e,
            })?;
        }
        let _i = self.importing()?;
        if !self.trees.customer_by_id.is_empty() {
            return Err(book_not_empty());
        }
        if !book.stages.is_empty() && self.pipeline()?.settings() != &book.stages[..] {
            let mut settings = self
                .settings()?
                .unwrap_or_else(|| Settings::with_language(lang));
            settings.stages = book.stages.clone();
            self.save_settings(settings)?;
        }
        let import = crate::store::imports::next_import_id(&self.trees)?;
        let mut rec = ImportRecord {
            id: import.to_string(),
            file_name: file_name.to_string(),
            started_at: now,
            finished_at: None,
            state: ImportState::InProgress,
            customers_added: 0,
            customers_merged: 0,
            customers_skipped: 0,
            follow_ups_added: 0,
            opportunities_added: 0,
            deals_added: 0,
            services_added: 0,
            undone_at: None,
        };
        write_record(&self.trees, import, &rec)?;
        self.flush()?;
        if let Err(e) = self.restore_records(import, book, &mut rec, progress) {
            // If this fails too, the next open rolls back.
            let _ = self.roll_back(import);
            return Err(e);
        }
        rec.state = ImportState::Complete;
        let elapsed = chrono::Duration::from_std(started.elapsed()).unwrap_or_default();
        rec.finished_at = Some(now + elapsed);
        write_record(&self.trees, import, &rec)?;
        self.flush()?;
        Ok(rec)
    }

    fn restore_records(
        &self,
        import: Ulid,
        book: &JsonExport,
        rec: &mut ImportRecord,
        progress: &mut dyn FnMut(usize) -> bool,
    ) -> Result<()> {
        let mut seq = 0u32;
        // Tags: a name the book has already (an empty book may keep tags) keeps the book's.
        let mut tag_ids: HashMap<&str, String> = HashMap::new();
        {
            let _w = self.writer()?;
            let mut fresh = Vec::new();
            for t in &book.tags {
                match self.trees.tag_id_by_name.get(tag_key(&t.name).as_bytes())? {
                    Some(v) => {
                        let id = crate::store::infra::keys::id_from_bytes(&v)?;
                        tag_ids.insert(&t.id, id.to_string());
                    }
                    None => fresh.push((parse_id("id", &t.id)?, t)),
                }
            }
            if !fresh.is_empty() {
                seq = self.trees.write(|tx| {
                    let mut s = seq;
                    for (id, t) in &fresh {
                        tx.tags.put(*id, t)?;
                        let item = ImportItem::AddedTag { id: t.id.clone() };
                        put_item(tx.import_item, import, &mut s, &item)?;
                    }
                    Ok(s)
                })?;
                self.flush()?;
            }
        }
        let mut follow_ups: HashMap<&str, Vec<_>> = HashMap::new();
        for f in &book.follow_ups {
            follow_ups
                .entry(f.customer_id.as_str())
                .or_default()
                .push(f);
        }
        let mut opportunities: HashMap<&str, Vec<_>> = HashMap::new();
        for o in &book.opportunities {
            opportunities
                .entry(o.customer_id.as_str())
                .or_default()
                .push(o);
        }
        let mut deals: HashMap<&str, Vec<_>> = HashMap::new();
        for d in &book.deals {
            deals.entry(d.customer_id.as_str()).or_default().push(d);
        }
        let mut services: HashMap<&str, Vec<_>> = HashMap::new();
        for s in &book.services {
            services.entry(s.customer_id.as_str()).or_default().push(s);
        }
        let mut events: HashMap<&str, Vec<_>> = HashMap::new();
        for h in &book.history {
            events
                .entry(h.customer_id.as_str())
                .or_default()
                .push(&h.event);
        }
        let mut gen = ulid::Generator::new();
        let mut done = 0usize;
        for chunk in book.customers.chunks(CHUNK) {
            let mut owned = Vec::with_capacity(chunk.len());
            for c in chunk {
                let c = &c.customer;
                let id = parse_id("id", &c.id)?;
                let key = c.id.as_str();
                let mut customer = c.clone();
                customer.tag_ids = c
                    .tag_ids
                    .iter()
                    .map(|t| {
                        tag_ids
                            .get(t.as_str())
                            .cloned()
                            .unwrap_or_else(|| t.clone())
                    })
                    .collect();
                let mut o = Owned {
                    id,
                    customer,
                    follow_ups: Vec::new(),
                    opportunities: Vec::new(),
                    deals: Vec::new(),
                    services: Vec::new(),
                    history: Vec::new(),
                };
                for f in follow_ups.get(key).into_iter().flatten() {
                    o.follow_ups.push((parse_id("id", &f.id)?, f));
                }
                for r in opportunities.get(key).into_iter().flatten() {
                    o.opportunities.push((parse_id("id", &r.id)?, r));
                }
                for r in deals.get(key).into_iter().flatten() {
                    o.deals.push((parse_id("id", &r.id)?, r));
                }
                for r in services.get(key).into_iter().flatten() {
                    o.services.push((parse_id("id", &r.id)?, r));
                }
                for e in events.get(key).into_iter().flatten() {
                    let eid = gen
                        .generate()
                        .map_err(|e| CoreError::Storage(format!("no id left: {e}")))?;
                    o.history.push((history::key(id, e.at, eid), e));
                }
                owned.push(o);
            }
            let _w = self.writer()?;
            let (next, changes) = self.trees.write(|tx| {
                let mut s = seq;
                let mut changes = DueChanges::default();
                let item = ImportItem::AddedCustomers {
                    ids: owned.iter().map(|o| o.customer.id.clone()).collect(),
                };
                put_item(tx.import_item, import, &mut s, &item)?;
                for o in &owned {
                    tx.customers.put(o.id, None, &o.customer)?;
                    for (fid, f) in &o.follow_ups {
                        tx.follow_ups.put(*fid, o.id, None, f, &mut changes)?;
                    }
                    for (rid, r) in &o.opportunities {
                        tx.records.put_opportunity(*rid, o.id, r)?;
                    }
                    for (rid, r) in &o.deals {
                        tx.records.put_deal(*rid, o.id, None, r)?;
                    }
                    let mut written = Vec::with_capacity(o.services.len());
                    for (rid, r) in &o.services {
                        tx.records.write_service(o.id, &written, *rid, Some(r))?;
                        written.push(*rid);
                    }
                    for (k, e) in &o.history {
                        tx.history.put(k, e)?;
                    }
                }
                Ok((s, changes))
            })?;
            seq = next;
            let saved: Vec<Customer> = owned.iter().map(|o| o.customer.clone()).collect();
            self.refresh_view(&saved)?;
            self.apply_due(changes)?;
            self.flush()?;
            drop(_w);
            for o in &owned {
                rec.customers_added += 1;
                rec.follow_ups_added += o.follow_ups.len() as u32;
                rec.opportunities_added += o.opportunities.len() as u32;
                rec.deals_added += o.deals.len() as u32;
                rec.services_added += o.services.len() as u32;
            }
            done += chunk.len();
            if !progress(done) {
                return Err(CoreError::Cancelled);
            }
        }
        let _w = self.writer()?;
        *self.plans_mut()? = PlanIndex::build(&self.trees)?;
        Ok(())
    }
}
