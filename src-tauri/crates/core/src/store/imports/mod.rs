//! Committing an import plan. A large import cannot be one sled transaction (it would sit in
//! memory whole), so it lands in chunks: the record is written `InProgress` and flushed, then
//! chunk by chunk — merges into existing customers in one transaction with their journal
//! items (see `chunk`), new customers as one batch per tree after their journal item
//! (see `fresh`) — memory follows each chunk as after any write, and the record turns
//! `Complete` at the end. Anything that stops it half-way — an error, a cancel, a kill — is
//! rolled back with the undo code (at once, or when the book next opens).
//!
//! The chunks stream through two threads: while chunk n is written, chunk n+1 is checked (its
//! inputs validated and normalised, its stages and follow-ups checked) and its new customers'
//! records prepared (ids, JSON, list rows, sort keys) on a second thread, one chunk ahead, so
//! checking and encoding overlap sled's work. A bad item in a later chunk stops the import
//! there and what landed is rolled back, as for a cancel: it lands whole or not at all.
pub(in crate::store) mod chunk;
pub(in crate::store) mod context;
pub(in crate::store) mod fresh;
pub(in crate::store) mod job;
pub(in crate::store) mod journal;
pub(in crate::store) mod records;
pub(in crate::store) mod undo;

use crate::error::{CoreError, Result};
use crate::import::plan::{DuplicatePolicy, Plan, PlannedCustomer};
use crate::model::{FollowUpInput, ImportRecord, ImportState};
use crate::store::customers::fresh_tag_ids;
use crate::store::tags::resolve_tag_names;
use crate::store::Store;
use crate::validate::tag_key;
use chrono::{DateTime, TimeZone, Utc};
use chunk::{action, Action, Done, Ids};
use fresh::prepare;
use job::{Ahead, Job};
use journal::{all_records, write_record};
use records::RecordIds;
use std::collections::HashMap;
use ulid::Ulid;

/// Planned customers per chunk: large enough to be fast, small enough for memory.
const CHUNK: usize = 500;

/// A fresh id after every import's, so the history's order is the order of the imports even
/// within one millisecond (a plain ULID's random part is not ordered).
pub(in crate::store) fn next_import_id(trees: &crate::store::Trees) -> Result<Ulid> {
    let fresh = Ulid::new();
    let Some((last, _)) = trees.import_by_id.last()? else {
        return Ok(fresh);
    };
    let last = crate::store::infra::keys::id_from_bytes(&last)?;
    Ok(if fresh > last {
        fresh
    } else {
        last.increment().unwrap_or(fresh)
    })
}

impl Store {
    /// Imports `plan`: new customers with their follow-ups, duplicates skipped, merged or
    /// created anyway as `policy` says; recorded (see `imports`) so it can be undone.
    pub fn commit_import<Tz: TimeZone + Sync>(
        &self,
        plan: &Plan,
        policy: DuplicatePolicy,
        file_name: &str,
        now: DateTime<Utc>,
        tz: &Tz,
    ) -> Result<ImportRecord> {
        self.commit_import_with(plan, policy, file_name, now, tz, &mut |_| true)
    }

    /// `commit_import` reporting progress: after each chunk, `progress(planned customers
    /// done)`; when it answers `false` the import stops, what landed is taken back and the
    /// result is `CoreError::Cancelled`.
    pub fn commit_import_with<Tz: TimeZone + Sync>(
        &self,
        plan: &Plan,
        policy: DuplicatePolicy,
        file_name: &str,
        now: DateTime<Utc>,
        tz: &Tz,
        progress: &mut dyn FnMut(usize) -> bool,
    ) -> Result<ImportRecord> {
        let started = std::time::Instant::now();
        let _i = self.importing()?;
        let import = next_import_id(&self.trees)?;
        let rules = self.rules()?;
        // Read once for the whole import; each chunk checks its stages again under the
        // writer lock, in case settings removed one meanwhile (then the import rolls back).
        let job = Job {
            import,
            plan,
            policy,
            rules,
            tz,
            now,
            author: self.author()?,
        };
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
        // Durable before any chunk: a kill after this point finds the import at open.
        write_record(&self.trees, import, &rec)?;
        self.flush()?;
        if let Err(e) = self.write_chunks(&job, &mut rec, progress) {
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

    /// Every chunk of the plan: checked and prepared on a second thread one chunk ahead (a
    /// bounded channel), written on this one in plan order, `progress` told after each.
    fn write_chunks<Tz: TimeZone + Sync>(
        &self,
        job: &Job<Tz>,
        rec: &mut ImportRecord,
        progress: &mut dyn FnMut(usize) -> bool,
    ) -> Result<()> {
        let customers = &job.plan.customers;
        let mut seq = 0;
        // The flag changes only between imports (`set_team_book` takes the import lock).
        if self.trees.team_book() {
            // A team book checks the whole plan before anything is written: its chunks' ops
            // may reach the team while the import runs, so a refused plan must land nothing.
            let checked = customers
                .chunks(CHUNK)
                .enumerate()
                .map(|(n, chunk)| job.ahead(n * CHUNK, chunk, &HashMap::new(), true))
                .collect::<Result<Vec<_>>>()?;
            let mut tags = self.import_tags(job, job.new_tag_names(), &mut seq)?;
            for (n, ahead) in checked.into_iter().enumerate() {
                self.land_chunk(job, n, ahead, &mut seq, &mut tags, rec, progress)?;
            }
            return Ok(());
        }
        // The tags of every new customer, made now (journaled) so that chunks can be
        // prepared ahead of their writes.
        let mut tags = self.import_tags(job, job.new_tag_names(), &mut seq)?;
        let ahead = tags.clone();
        std::thread::scope(|s| {
            let (send, receive) = std::sync::mpsc::sync_channel::<Result<Ahead>>(1);
            s.spawn(move || {
                for (n, chunk) in customers.chunks(CHUNK).enumerate() {
                    let checked = job.ahead(n * CHUNK, chunk, &ahead, false);
                    let failed = checked.is_err();
                    // Stops when the writer does (the receiver is gone), or at a bad item.
                    if send.send(checked).is_err() || failed {
                        return;
                    }
                }
            });
            for n in 0..customers.len().div_ceil(CHUNK) {
                let ahead = receive
                    .recv()
                    .map_err(|_| CoreError::Storage("import stopped preparing".into()))??;
                self.land_chunk(job, n, ahead, &mut seq, &mut tags, rec, progress)?;
            }
            Ok(())
        })
    }

    /// Writes chunk `n` (checked and prepared: `ahead`), counts it into `rec` and tells
    /// `progress`; `CoreError::Cancelled` when that answers `false`.
    #[allow(clippy::too_many_arguments)]
    fn land_chunk<Tz: TimeZone>(
        &self,
        job: &Job<Tz>,
        n: usize,
        ahead: Ahead,
        seq: &mut u32,
        tags: &mut HashMap<String, Ulid>,
        rec: &mut ImportRecord,
        progress: &mut dyn FnMut(usize) -> bool,
    ) -> Result<()> {
        let start = n * CHUNK;
        let chunk = &job.plan.customers[start..job.plan.customers.len().min(start + CHUNK)];
        let done = self.write_chunk(job, start, chunk, ahead, *seq, tags)?;
        if !progress(start + chunk.len()) {
            return Err(CoreError::Cancelled);
        }
        *seq = done.seq;
        rec.customers_added += done.added;
        rec.customers_merged += done.merged;
        rec.customers_skipped += done.skipped;
        rec.follow_ups_added += done.follow_ups;
        rec.opportunities_added += done.records.opportunities;
        rec.deals_added += done.records.deals;
        rec.services_added += done.records.services;
        Ok(())
    }

    /// Ids of the tags `names` (by `tag_key`), making those the book lacks in one
    /// transaction with their journal items.
    fn import_tags<Tz: TimeZone>(
        &self,
        job: &Job<Tz>,
        names: impl Iterator<Item = String>,
        seq: &mut u32,
    ) -> Result<HashMap<String, Ulid>> {
        let mut distinct: HashMap<String, String> = HashMap::new();
        for name in names {
            distinct.entry(tag_key(&name)).or_insert(name);
        }
        if distinct.is_empty() {
            return Ok(HashMap::new());
        }
        let names: Vec<String> = distinct.into_values().collect();
        let fresh = fresh_tag_ids(names.iter());
        let _w = self.writer()?;
        let (ids, next) = self.trees.write(|tx| {
            let mut w = job.chunk(tx, &fresh, *seq);
            let ids = resolve_tag_names(&tx.tags, &names, &fresh)?;
            w.journal_new_tags()?;
            Ok((ids, w.done.seq))
        })?;
        *seq = next;
        Ok(names.iter().map(|n| tag_key(n)).zip(ids).collect())
    }

    /// Whether every tag a prepared chunk refers to is still the book's tag of that name
    /// (it may have been deleted or renamed since).
    fn tags_hold(&self, tags: &[(String, Ulid)]) -> Result<bool> {
        for (key, id) in tags {
            let named = self.trees.tag_id_by_name.get(key.as_bytes())?;
            if named.is_none_or(|v| v.as_ref() != crate::store::infra::keys::id_bytes(*id)) {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// One chunk: its merges in one transaction, its new customers as prepared; then memory
    /// follows, as after any write.
    fn write_chunk<Tz: TimeZone>(
        &self,
        job: &Job<Tz>,
        start: usize,
        chunk: &[PlannedCustomer],
        ahead: Ahead,
        seq: u32,
        tags: &mut HashMap<String, Ulid>,
    ) -> Result<Done> {
        let Ahead {
            normalised,
            mut prepared,
        } = ahead;
        let actions: Vec<Action> = chunk
            .iter()
            .map(|p| action(p, job.policy))
            .collect::<Result<_>>()?;
        // A team book writes its new customers in the chunk's transaction too, so that their
        // ops land with them (the outbox); a personal book writes them as prepared batches.
        let team = self.trees.team_book();
        let merging: Vec<(&PlannedCustomer, Option<Ulid>)> = chunk
            .iter()
            .zip(&actions)
            .filter_map(|(p, a)| match a {
                Action::Merge(cid) => Some((p, Some(*cid))),
                Action::New if team => Some((p, None)),
                _ => None,
            })
            .collect();
        let follow_ups: Vec<Vec<FollowUpInput>> =
            merging.iter().map(|(p, _)| job.follow_ups(p)).collect();
        let mut gen = ulid::Generator::new();
        let mut ids = Vec::with_capacity(merging.len());
        for ((p, _), fus) in merging.iter().zip(&follow_ups) {
            let mut next = || {
                gen.generate()
                    .map_err(|e| CoreError::Storage(format!("no id left this millisecond: {e}")))
            };
            let customer = next()?;
            let follow_ups = fus.iter().map(|_| next()).collect::<Result<_>>()?;
            let mut events = [Ulid::nil(); crate::store::history::MAX_CHANGES];
            for e in &mut events {
                *e = next()?;
            }
            ids.push(Ids {
                customer,
                follow_ups,
                events,
                records: RecordIds::new(&p.records, Vec::new(), &mut gen)?,
            });
        }
        let fresh = fresh_tag_ids(merging.iter().flat_map(|(p, _)| p.input.tags.iter()));
        let mut seq = seq;
        let _w = loop {
            let w = self.writer()?;
            if self.tags_hold(&prepared.tags)? {
                break w;
            }
            // A tag was deleted or renamed since: made again, and the chunk prepared anew.
            drop(w);
            let new = job.fresh(start, chunk, &normalised)?;
            tags.extend(self.import_tags(
                job,
                new.iter().flat_map(|f| f.input.tags.iter().cloned()),
                &mut seq,
            )?);
            prepared = prepare(&new, tags, job.now)?;
        };
        // Under the writer lock: the services merged customers have now, for their plans.
        for ((p, cid), ids) in merging.iter().zip(&mut ids) {
            if let Some(cid) = cid.filter(|_| !p.records.services.is_empty()) {
                ids.records.services_before = self.service_ids(cid)?;
            }
        }
        let pipeline = self.pipeline()?;
        for (i, a) in actions.iter().enumerate() {
            if !matches!(a, Action::Skip) {
                pipeline.check("stage", job.input(start + i, &normalised).fields.stage)?;
            }
        }
        let skipped = actions.iter().filter(|a| matches!(a, Action::Skip)).count() as u32;
        let mut done = if merging.is_empty() {
            Done {
                seq,
                ..Done::default()
            }
        } else {
            self.trees.write(|tx| {
                let mut w = job.chunk(tx, &fresh, seq);
                for (((p, cid), fus), ids) in merging.iter().zip(&follow_ups).zip(&ids) {
                    let Some(cid) = cid else {
                        w.add(p, fus, ids)?;
                        continue;
                    };
                    match tx.customers.get(*cid)? {
                        Some(old) if old.deleted_at.is_none() => w.merge(old, p, fus, ids)?,
                        // Gone or trashed since the preview: imported as a new customer.
                        _ => w.add(p, fus, ids)?,
                    }
                }
                w.journal_new_tags()?;
                Ok(w.done)
            })?
        };
        done.skipped = skipped;
        done.added += prepared.ids.len() as u32;
        done.follow_ups += prepared.follow_ups;
        // The new customers' records, by the ids their customers were prepared with.
        let new_ones = chunk
            .iter()
            .zip(&actions)
            .filter(|(_, a)| matches!(a, Action::New))
            .map(|(p, _)| &p.records);
        let mut records = Vec::new();
        for (cid, r) in prepared.ids.iter().zip(new_ones) {
            if !r.is_empty() {
                records.push((*cid, r, RecordIds::new(r, Vec::new(), &mut gen)?));
            }
        }
        self.write_fresh(job.import, &mut done.seq, prepared)?;
        self.apply_record_plans(&done.records)?;
        let written = self.write_new_records(&records, job.now)?;
        done.records.add(written);
        self.list_products(&std::mem::take(&mut done.records.products))?;
        // The customers first: due entries copy their state from the view.
        self.refresh_view(&done.saved)?;
        self.apply_due(std::mem::take(&mut done.changes))?;
        Ok(done)
    }

    /// Every import, newest first.
    pub fn imports(&self) -> Result<Vec<ImportRecord>> {
        all_records(&self.trees)
    }
}
