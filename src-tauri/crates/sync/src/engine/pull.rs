//! The engine's pull: pages read from one snapshot (`crate::pull`), each applied with where it
//! stopped, the last with the new cursor. Customers that left this person's view come as
//! `Departed` rows and are removed with their records. A cursor older than the tombstones
//! the server keeps makes it a full resync: everything pulled again from cursor 0, then what
//! did not come is swept from the book (ops still in the outbox are kept, and go up).
use super::{blocking, SyncEngine};
use crate::error::{Result, SyncError};
use crate::ops::Table;
use crate::status::SyncStatus;
use chrono::Utc;
use rapport_core::model::TeamPerson;
use rapport_core::store::{RemoteRow, SeenRows};

impl SyncEngine {
    /// Pulls what changed since the book's cursor, in pages (see `pull.rs`): each page is
    /// applied with where it stopped, the last with the new cursor, so a pull cut off resumes
    /// after its last applied page. Returns the rows read and the book's cursor.
    pub async fn pull(&mut self) -> Result<(usize, i64)> {
        self.pull_at_most(usize::MAX).await
    }

    /// [`SyncEngine::pull`] that stops after `pages` pages, leaving the rest to the next pull
    /// as a cut-off pull would (tests; a shell showing progress between pages).
    pub async fn pull_at_most(&mut self, pages: usize) -> Result<(usize, i64)> {
        let book = self.store.clone();
        let store = book.clone();
        let (mut cursor, mut resume) =
            blocking(move || Ok((store.sync_cursor()?, store.sync_page()?))).await?;
        let size = self.options.page;
        self.server().await?;
        let status = &self.status;
        let server = self.server.as_mut().ok_or(SyncError::ConnectionLost)?;
        let mut reader = server.pages(cursor, resume.as_ref(), size).await?;
        // A resync ignores any cut-off pull's position: it starts over, and a resync cut off
        // starts over again (the cursor moves only at its end).
        let mut seen: Option<SeenRows> = None;
        if reader.resync {
            reader.finish().await?;
            (cursor, resume) = (0, None);
            seen = Some(SeenRows::new());
            reader = server.pages(0, None, size).await?;
        }
        let head = reader.head;
        // A first sync (or a resync) says how far it is: rows pulled of the total.
        let (done, total) = if cursor == 0 {
            reader.progress().await?
        } else {
            (0, 0)
        };
        let mut pulled = 0;
        // The next page is read from the server while this one is written into the book: a
        // first sync takes about the longer of the two, not their sum.
        let mut next = if pages > 0 {
            Some(reader.next().await?)
        } else {
            None
        };
        for n in 0..pages {
            let Some(page) = next.take() else { break };
            pulled += page.len();
            let last = reader.is_last(&page);
            if last && page.is_empty() && head <= cursor && resume.is_none() {
                // Idle: nothing to write.
                break;
            }
            let end = page.last().map(|c| c.page_end(head));
            let departed: Vec<String> = page
                .iter()
                .filter(|c| c.table == Table::Departed)
                .map(|c| c.id.clone())
                .collect();
            let people: Vec<TeamPerson> = page.iter().filter_map(|c| c.person()).collect();
            if !people.is_empty() {
                // Before the page's customers: their owners' names come from this list.
                let store = book.clone();
                blocking(move || store.update_team_people(&people, None).map(|_| ())).await?;
            }
            let rows: Vec<RemoteRow> = page.iter().filter_map(|c| c.remote_row()).collect();
            drop(page);
            if let Some(seen) = seen.as_mut() {
                seen.extend(rows.iter().map(|r| (r.table, r.id.clone())));
            }
            if !departed.is_empty() {
                // Before the page's position is saved: a crash in between pulls them again,
                // and removing what is gone already does nothing.
                let store = book.clone();
                blocking(move || store.remove_departed(&departed)).await?;
            }
            let store = book.clone();
            match end {
                Some(end) if !last => {
                    let apply = blocking(move || store.apply_remote_page(&rows, &end, Utc::now()));
                    let read = async {
                        if n + 1 < pages {
                            reader.next().await.map(Some)
                        } else {
                            Ok(None)
                        }
                    };
                    // Both finish before either's error counts: the page is in the book (or
                    // not) as a whole when this returns.
                    let (applied, read) = tokio::join!(apply, read);
                    applied?;
                    next = read?;
                }
                _ => {
                    if let Some(seen) = seen.take() {
                        // Swept before the cursor moves: a crash in between resyncs again.
                        let store = book.clone();
                        blocking(move || store.sweep_replica(&seen)).await?;
                    }
                    blocking(move || store.apply_remote_at(&rows, head, Utc::now())).await?;
                    if total > 0 {
                        status.send_replace(SyncStatus::FirstSync {
                            pulled: done + pulled,
                            total,
                        });
                    }
                    break;
                }
            }
            if total > 0 {
                status.send_replace(SyncStatus::FirstSync {
                    pulled: done + pulled,
                    total,
                });
            }
        }
        reader.finish().await?;
        let cursor = blocking(move || book.sync_cursor()).await?;
        Ok((pulled, cursor))
    }
}
