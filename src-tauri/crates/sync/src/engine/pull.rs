//! The engine's pull: pages read from one snapshot (`crate::pull`), each applied with where it
//! stopped, the last with the new cursor.
use super::{blocking, SyncEngine};
use crate::error::Result;
use chrono::Utc;
use rapport_core::store::RemoteRow;

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
        let (cursor, resume) =
            blocking(move || Ok((store.sync_cursor()?, store.sync_page()?))).await?;
        let size = self.options.page;
        let mut reader = self
            .server()
            .await?
            .pages(cursor, resume.as_ref(), size)
            .await?;
        let head = reader.head;
        let mut pulled = 0;
        for _ in 0..pages {
            let page = reader.next().await?;
            pulled += page.len();
            let last = reader.is_last(&page);
            if last && page.is_empty() && head <= cursor && resume.is_none() {
                // Idle: nothing to write.
                break;
            }
            let end = page.last().map(|c| c.page_end(head));
            let rows: Vec<RemoteRow> = page.iter().filter_map(|c| c.remote_row()).collect();
            let store = book.clone();
            match end {
                Some(end) if !last => {
                    blocking(move || store.apply_remote_page(&rows, &end, Utc::now())).await?;
                }
                _ => {
                    blocking(move || store.apply_remote_at(&rows, head, Utc::now())).await?;
                    break;
                }
            }
        }
        reader.finish().await?;
        let cursor = blocking(move || book.sync_cursor()).await?;
        Ok((pulled, cursor))
    }
}
