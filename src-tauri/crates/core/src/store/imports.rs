//! Committing an import plan. A large import cannot be one sled transaction (it would sit in
//! memory whole), so it lands in chunks: the record is written `InProgress` and flushed, each
//! chunk of planned customers is one transaction together with its journal items (see
//! `import_journal`), memory follows each chunk as after any write, and the record turns
//! `Complete` at the end. Anything that stops it half-way — an error, a cancel, a kill — is
//! rolled back with the undo code (at once, or when the book next opens).
use super::customers::fresh_tag_ids;
use super::import_chunk::{action, Action, ChunkTx, Done, Ids};
use super::import_journal::{all_records, write_record};
use super::stages::Author;
use super::Store;
use crate::error::{CoreError, Result};
use crate::import::plan::{as_customer, DuplicatePolicy, Plan, PlannedCustomer};
use crate::model::{FollowUpInput, ImportRecord, ImportState};
use crate::schedule::ScheduleRules;
use crate::validate;
use chrono::{DateTime, TimeZone, Utc};
use ulid::Ulid;

/// Planned customers per transaction: large enough to be fast, small enough for memory.
const CHUNK: usize = 500;

/// One import: the plan and how to write it.
struct Job<'p, Tz: TimeZone> {
    import: Ulid,
    plan: &'p Plan,
    policy: DuplicatePolicy,
    rules: ScheduleRules,
    tz: &'p Tz,
    now: DateTime<Utc>,
    /// The stages a customer may be at, and who imports.
    author: Author,
}

impl<Tz: TimeZone> Job<'_, Tz> {
    fn follow_ups(&self, p: &PlannedCustomer) -> Vec<FollowUpInput> {
        let due = |f: &FollowUpInput| validate::with_default_due(f.clone(), &self.rules, self.tz);
        p.follow_ups.iter().map(due).collect()
    }

    /// Checks the whole plan before anything is written, so a bad item cannot stop the import
    /// half-way. Errors name the item: `customers[3].followUps[1].nextAt`.
    fn check(&self) -> Result<()> {
        let named = |prefix: String| {
            move |e: CoreError| match e {
                CoreError::InvalidField { field, reason } => {
                    CoreError::invalid(format!("{prefix}.{field}"), reason)
                }
                e => e,
            }
        };
        for (i, p) in self.plan.customers.iter().enumerate() {
            if let Action::Skip =
                action(p, self.policy).map_err(named(format!("customers[{i}]")))?
            {
                continue;
            }
            let input =
                validate::customer(p.input.clone()).map_err(named(format!("customers[{i}]")))?;
            self.author
                .pipeline
                .check("stage", input.fields.stage)
                .map_err(named(format!("customers[{i}]")))?;
            let owner = as_customer(&input, self.now);
            for (j, f) in self.follow_ups(p).into_iter().enumerate() {
                validate::follow_up(f, &owner)
                    .map_err(named(format!("customers[{i}].followUps[{j}]")))?;
            }
        }
        Ok(())
    }
}

/// A fresh id after every import's, so the history's order is the order of the imports even
/// within one millisecond (a plain ULID's random part is not ordered).
fn next_import_id(trees: &super::Trees) -> Result<Ulid> {
    let fresh = Ulid::new();
    let Some((last, _)) = trees.import_by_id.last()? else {
        return Ok(fresh);
    };
    let last = super::keys::id_from_bytes(&last)?;
    Ok(if fresh > last {
        fresh
    } else {
        last.increment().unwrap_or(fresh)
    })
}

impl Store {
    /// Imports `plan`: new customers with their follow-ups, duplicates skipped, merged or
    /// created anyway as `policy` says; recorded (see `imports`) so it can be undone.
    pub fn commit_import<Tz: TimeZone>(
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
    pub fn commit_import_with<Tz: TimeZone>(
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
        job.check()?;
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
            undone_at: None,
        };
        // Durable before any chunk: a kill after this point finds the import at open.
        write_record(&self.trees, import, &rec)?;
        self.flush()?;
        let mut seq = 0;
        for (n, chunk) in plan.customers.chunks(CHUNK).enumerate() {
            let done = match self.write_chunk(&job, chunk, seq) {
                Ok(done) if progress(n * CHUNK + chunk.len()) => done,
                stopped => {
                    // If this fails too, the next open rolls back.
                    let _ = self.roll_back(import);
                    return Err(stopped.err().unwrap_or(CoreError::Cancelled));
                }
            };
            seq = done.seq;
            rec.customers_added += done.added;
            rec.customers_merged += done.merged;
            rec.customers_skipped += done.skipped;
            rec.follow_ups_added += done.follow_ups;
        }
        rec.state = ImportState::Complete;
        let elapsed = chrono::Duration::from_std(started.elapsed()).unwrap_or_default();
        rec.finished_at = Some(now + elapsed);
        write_record(&self.trees, import, &rec)?;
        self.flush()?;
        Ok(rec)
    }

    /// One chunk in one transaction; then memory follows, as after any write.
    fn write_chunk<Tz: TimeZone>(
        &self,
        job: &Job<Tz>,
        chunk: &[PlannedCustomer],
        seq: u32,
    ) -> Result<Done> {
        let follow_ups: Vec<Vec<FollowUpInput>> = chunk.iter().map(|p| job.follow_ups(p)).collect();
        let mut gen = ulid::Generator::new();
        let mut ids = Vec::with_capacity(chunk.len());
        for fus in &follow_ups {
            let mut next = || {
                gen.generate()
                    .map_err(|e| CoreError::Storage(format!("no id left this millisecond: {e}")))
            };
            ids.push(Ids {
                customer: next()?,
                follow_ups: fus.iter().map(|_| next()).collect::<Result<_>>()?,
                events: [next()?, next()?],
            });
        }
        let actions: Vec<Action> = chunk
            .iter()
            .map(|p| action(p, job.policy))
            .collect::<Result<_>>()?;
        let fresh = fresh_tag_ids(chunk.iter().flat_map(|p| p.input.tags.iter()));
        let _w = self.writer()?;
        let pipeline = self.pipeline()?;
        for (p, a) in chunk.iter().zip(&actions) {
            if !matches!(a, Action::Skip) {
                pipeline.check("stage", p.input.fields.stage)?;
            }
        }
        let mut done = self.trees.write(|tx| {
            let mut w = ChunkTx {
                tx,
                import: job.import,
                now: job.now,
                by: &job.author.by,
                fresh: &fresh,
                done: Done {
                    seq,
                    ..Done::default()
                },
            };
            for (((p, fus), ids), action) in chunk.iter().zip(&follow_ups).zip(&ids).zip(&actions) {
                match action {
                    Action::Skip => w.done.skipped += 1,
                    Action::Merge(cid) => match tx.customers.get(*cid)? {
                        Some(old) if old.deleted_at.is_none() => w.merge(old, p, fus, ids)?,
                        // Gone or trashed since the preview: imported as a new customer.
                        _ => w.add(p, fus, ids)?,
                    },
                    Action::New => w.add(p, fus, ids)?,
                }
            }
            w.journal_new_tags()?;
            Ok(w.done)
        })?;
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
