//! The pull side's local apply: rows the team server sent (`changes_since`) written into this
//! book in one transaction with every index, then the list view, the agenda's due index and the
//! service plans follow, as after a local write. Each row is merged per field with the edits
//! still waiting in the outbox (`merge`); an apply appends no op. No network here: rapport-sync
//! fetches the rows and turns its `Change` into [`RemoteRow`].
mod departed;
mod merge;
mod rows;
mod team;

pub use departed::SeenRows;

use crate::error::Result;
use crate::model::Customer;
use crate::store::outbox::op::SyncTable;
use crate::store::Store;
use chrono::{DateTime, Utc};
use rows::Applying;
use std::collections::HashMap;
use ulid::Ulid;

/// One row of the team server as a pull gives it.
#[derive(Debug, Clone, PartialEq)]
pub struct RemoteRow {
    pub table: SyncTable,
    /// The record's id; for `CustomerTags`, `"<customer id>/<tag id>"`.
    pub id: String,
    /// The customer a record belongs to.
    pub customer_id: Option<String>,
    /// The record's fields (an object), as the server merged them.
    pub data: serde_json::Value,
    /// Set while the record is in the trash (deleted).
    pub deleted_at: Option<DateTime<Utc>>,
    /// A customer's owner on the server (a person's id; `None`: the shared pool). The book
    /// keeps the person's name in `owner` (see `Store::team_people`).
    pub owner: Option<String>,
}

/// What an apply did with the rows it was given.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct RemoteApplied {
    /// Rows written (or removed) here.
    pub written: usize,
    /// Rows this book had already, or could not place (a record of a customer it does not
    /// hold, a tag whose name another tag has here, a deleted tag).
    pub skipped: usize,
}

/// Where a paged pull stopped: every server row whose commit is `≤ head` and whose key
/// (`rank`, `id`) is `≤` this one is in the book as the server holds it now (a row changed since
/// has a commit above `head`). A pull cut off resumes after it; the cursor moves only when a
/// pull's last page is applied ([`Store::apply_remote_at`]), which also clears this.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PullPage {
    /// The server's head (commit number) of the pull this page was read in.
    pub head: i64,
    /// The row's table in the order pages are read (rapport-sync's `Table::rank`).
    pub rank: i32,
    /// The last row's id.
    pub id: String,
}

/// Tables in the order their rows are applied: what others point at first.
fn order(t: SyncTable) -> u8 {
    match t {
        SyncTable::TeamSettings => 0,
        SyncTable::Tags => 1,
        SyncTable::Customers => 2,
        SyncTable::CustomerTags => 3,
        SyncTable::History => 4,
        SyncTable::Followups => 5,
        SyncTable::Opportunities => 6,
        SyncTable::Deals => 7,
        SyncTable::Services => 8,
        SyncTable::Tasks => 9,
    }
}

/// The pull cursor's key in `meta`: the server's commit number this book has applied up to
/// (big-endian i64; absent = 0, nothing pulled yet).
pub(in crate::store) const SYNC_CURSOR: &[u8] = b"sync_cursor";
/// Where a paged pull stopped ([`PullPage`], JSON); absent between pulls.
pub(in crate::store) const SYNC_PAGE: &[u8] = b"sync_page";

fn cursor_of(v: Option<sled::IVec>) -> i64 {
    v.and_then(|v| <[u8; 8]>::try_from(v.as_ref()).ok())
        .map(i64::from_be_bytes)
        .unwrap_or(0)
}

/// The pull cursor inside a write transaction.
pub(in crate::store) fn cursor_in(
    meta: &sled::transaction::TransactionalTree,
) -> sled::transaction::ConflictableTransactionResult<i64, crate::error::CoreError> {
    Ok(cursor_of(meta.get(SYNC_CURSOR)?))
}

/// What an apply saves besides the rows.
#[derive(Clone, Copy)]
enum Saved<'a> {
    Nothing,
    Cursor(i64),
    Page(&'a PullPage),
}

impl Store {
    /// The server commit number this book has pulled up to (0 before the first pull).
    pub fn sync_cursor(&self) -> Result<i64> {
        Ok(cursor_of(self.trees.meta.get(SYNC_CURSOR)?))
    }

    /// Where an unfinished paged pull stopped, if one did.
    pub fn sync_page(&self) -> Result<Option<PullPage>> {
        Ok(self
            .trees
            .meta
            .get(SYNC_PAGE)?
            .and_then(|v| serde_json::from_slice(&v).ok()))
    }

    /// One page of a pull that goes on: its rows, and where it stopped, in one transaction
    /// (the cursor stays until the last page).
    pub fn apply_remote_page(
        &self,
        rows: &[RemoteRow],
        page: &PullPage,
        now: DateTime<Utc>,
    ) -> Result<RemoteApplied> {
        self.apply_pull(rows, Saved::Page(page), now)
    }

    /// Writes pulled rows into the book (see the module notes). `now` stands in for a
    /// creation time a row lacks.
    pub fn apply_remote(&self, rows: &[RemoteRow], now: DateTime<Utc>) -> Result<RemoteApplied> {
        self.apply_pull(rows, Saved::Nothing, now)
    }

    /// [`Store::apply_remote`] of one pull, with the pull's cursor saved in the same
    /// transaction: a crash leaves both the rows and the cursor as they were, or both written,
    /// so no pull is skipped or applied twice. A cursor never moves back. The last page of a
    /// paged pull: its position ([`Store::sync_page`]) is cleared.
    pub fn apply_remote_at(
        &self,
        rows: &[RemoteRow],
        cursor: i64,
        now: DateTime<Utc>,
    ) -> Result<RemoteApplied> {
        self.apply_pull(rows, Saved::Cursor(cursor), now)
    }

    fn apply_pull(
        &self,
        rows: &[RemoteRow],
        saved: Saved<'_>,
        now: DateTime<Utc>,
    ) -> Result<RemoteApplied> {
        let page = match saved {
            Saved::Page(p) => Some(
                serde_json::to_vec(p)
                    .map_err(|e| crate::error::CoreError::Storage(e.to_string()))?,
            ),
            _ => None,
        };
        let mut rows: Vec<&RemoteRow> = rows.iter().collect();
        rows.sort_by_key(|r| order(r.table));
        let _w = self.writer()?;
        let pending = merge::pending(&self.outbox_pending(usize::MAX)?);
        // Transactions cannot scan: each customer's services, read under the writer lock.
        let mut services: HashMap<Ulid, Vec<Ulid>> = HashMap::new();
        for r in rows.iter().filter(|r| r.table == SyncTable::Services) {
            if let Some(cid) = r.customer_id.as_deref().and_then(|c| c.parse().ok()) {
                if let std::collections::hash_map::Entry::Vacant(e) = services.entry(cid) {
                    e.insert(self.service_ids(cid)?);
                }
            }
        }
        let settings = self.settings()?;
        let people = self.team_people()?;
        let done = self.trees.write_with(false, |tx| {
            // A first sync (or a join) brings everything: nothing in it is news to notify.
            let notify = cursor_in(tx.meta)? > 0;
            let mut a = Applying::new(tx, &pending, services.clone(), settings.clone(), now)
                .with_team(&people, notify);
            for r in &rows {
                a.row(r)?;
            }
            if let Saved::Cursor(cursor) = saved {
                if cursor > cursor_in(tx.meta)? {
                    tx.meta.insert(SYNC_CURSOR, &cursor.to_be_bytes())?;
                }
                tx.meta.remove(SYNC_PAGE)?;
            }
            if let Some(page) = &page {
                tx.meta.insert(SYNC_PAGE, page.as_slice())?;
            }
            Ok(a.done())
        })?;
        let saved: Vec<Customer> = done.customers.into_values().collect();
        // The customers first: due entries copy their state from the view.
        self.refresh_view(&saved)?;
        self.apply_due(done.changes)?;
        for (cid, open) in done.plans {
            self.apply_plans(cid, open)?;
        }
        self.flush()?;
        Ok(done.applied)
    }
}
