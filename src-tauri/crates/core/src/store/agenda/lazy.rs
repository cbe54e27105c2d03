//! The agenda index is built after the book opens, not during it: the first page of the list
//! does not need it (its "next follow-up" column reads the page's few customers from disk
//! until the index is there), and at 1,000,000 follow-ups building it took most of the open.
//! It is built once, by whoever needs it first — the app's background warm-up after the first
//! page, the reminder task, a write — under a view lock, so no write can slip between what the
//! build read and the index being installed: a write waits for the view lock and applies its
//! (idempotent) change to the installed index afterwards.
use crate::error::{CoreError, Result};
use crate::model::FollowUp;
use crate::store::agenda::index::AgendaIndex;
use crate::store::followups::reads::follow_up_ids;
use crate::store::infra::codec::decode;
use crate::store::infra::keys::id_bytes;
use crate::store::view::View;
use crate::store::Store;
use chrono::{DateTime, Utc};
use std::sync::{RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::time::{Duration, Instant};
use ulid::Ulid;

/// Called by a deferred build after it read the disk and before it installs the index.
pub type BuildPause = Box<dyn Fn() + Send + Sync>;

impl Store {
    /// The agenda index, built now if nobody has yet. Call holding a view lock (`view` is
    /// what it guards): lock order view → build gate.
    fn due_index(&self, view: &View) -> Result<&RwLock<AgendaIndex>> {
        if let Some(index) = self.due.get() {
            return Ok(index);
        }
        let _gate = self
            .due_gate
            .lock()
            .map_err(|_| CoreError::Storage("due index build poisoned".into()))?;
        if self.due.get().is_none() {
            let t = Instant::now();
            let index = AgendaIndex::build(&self.trees, view)?;
            if let Ok(pause) = self.due_pause.lock() {
                if let Some(pause) = pause.as_ref() {
                    pause();
                }
            }
            let _ = self.due.set(RwLock::new(index));
            if let Ok(mut took) = self.due_build_time.lock() {
                *took = Some(t.elapsed());
            }
        }
        self.due
            .get()
            .ok_or_else(|| CoreError::Storage("due index not built".into()))
    }

    pub(in crate::store) fn due(&self, view: &View) -> Result<RwLockReadGuard<'_, AgendaIndex>> {
        self.due_index(view)?
            .read()
            .map_err(|_| CoreError::Storage("due index poisoned".into()))
    }

    pub(in crate::store) fn due_mut(
        &self,
        view: &View,
    ) -> Result<RwLockWriteGuard<'_, AgendaIndex>> {
        self.due_index(view)?
            .write()
            .map_err(|_| CoreError::Storage("due index poisoned".into()))
    }

    /// Builds what the first page did not need (the view's search keys and buffers, the
    /// agenda index), if nobody has yet. The app calls it on a background thread once the window shows its first
    /// rows; every reader that needs either builds it too, so calling this is never required
    /// for correctness.
    pub fn warm_up(&self) -> Result<()> {
        // The search first: a user types into it right after start; the reminders (which
        // build the agenda index too when they look) can wait a moment.
        self.key_for_search()?;
        let view = self.view()?;
        self.due_index(&view)?;
        Ok(())
    }

    /// How long building the agenda index took, once it was built (for the benches).
    #[doc(hidden)]
    pub fn due_build_time(&self) -> Option<Duration> {
        self.due_build_time.lock().ok().and_then(|t| *t)
    }

    /// Whether the agenda index has been built (for tests and benches).
    #[doc(hidden)]
    pub fn due_index_built(&self) -> bool {
        self.due.get().is_some()
    }

    /// A hook the build calls between reading the disk and installing the index, so a test
    /// can make a write land in that gap.
    #[doc(hidden)]
    pub fn pause_due_build(&self, pause: Option<BuildPause>) {
        if let Ok(mut p) = self.due_pause.lock() {
            *p = pause;
        }
    }

    /// When the customer's earliest open follow-up is due: from the index once it is built,
    /// else from the customer's follow-ups on disk (a page's rows, before the index is there).
    pub(in crate::store) fn next_due_of(&self, customer: Ulid) -> Result<Option<DateTime<Utc>>> {
        if let Some(index) = self.due.get() {
            let index = index
                .read()
                .map_err(|_| CoreError::Storage("due index poisoned".into()))?;
            return Ok(index.next_for(customer));
        }
        let mut first: Option<i64> = None;
        for fid in follow_up_ids(&self.trees, customer)? {
            let Some(v) = self.trees.followup_by_id.get(id_bytes(fid))? else {
                continue;
            };
            let f: FollowUp = decode(&v)?;
            if let Some(t) = f.due().map(|t| t.timestamp_micros()) {
                first = Some(first.map_or(t, |m| m.min(t)));
            }
        }
        Ok(first.and_then(DateTime::from_timestamp_micros))
    }
}
