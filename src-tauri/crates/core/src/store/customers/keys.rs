//! Keying the list view for search after a book opens (see `view/search_keys.rs`).
use crate::error::Result;
use crate::store::row::RowRecord;
use crate::store::view::{SearchKeys, Unkeyed};
use crate::store::Store;
use ulid::Ulid;

/// Entries keyed per write lock: short enough that a list or a search waits at most a few
/// milliseconds behind the warm-up.
const BATCH: usize = 2048;

/// Keys a batch split over the machine's cores (at most four): the warm-up's keying is what
/// a search typed right after start waits for.
fn key_on_all_cores(batch: Unkeyed) -> Vec<(usize, Ulid, SearchKeys)> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
    let key = |part: &[(usize, Ulid, RowRecord)]| -> Vec<(usize, Ulid, SearchKeys)> {
        part.iter()
            .map(|(place, id, row)| (*place, *id, SearchKeys::of(row)))
            .collect()
    };
    if cores == 1 || batch.len() < 2 * cores {
        return key(&batch);
    }
    let size = batch.len().div_ceil(cores);
    std::thread::scope(|s| {
        let parts: Vec<_> = batch
            .chunks(size)
            .map(|part| s.spawn(move || key(part)))
            .collect();
        // A part whose thread failed stays unkeyed: a search keys what it reads itself.
        parts
            .into_iter()
            .flat_map(|p| p.join().unwrap_or_default())
            .collect()
    })
}

impl Store {
    /// Works out the search keys the open left for later, a batch at a time, the keys made
    /// outside the view's lock on every core, then builds what the first search would build
    /// (`View::prepare_search`), so a search typed once the warm-up is done finds all ready.
    /// Called by the warm-up; a search never needs it (it keys what it reads itself).
    pub fn key_for_search(&self) -> Result<()> {
        let mut from = 0;
        loop {
            let batch = self.view()?.unkeyed_batch(from, BATCH);
            let Some(last) = batch.last().map(|(place, ..)| *place) else {
                break;
            };
            self.view_mut()?.set_search_keys(key_on_all_cores(batch));
            from = last + 1;
        }
        self.view()?.prepare_search();
        Ok(())
    }

    /// How many customers the view holds without search keys (for tests and benches).
    #[doc(hidden)]
    pub fn unkeyed_count(&self) -> Result<usize> {
        Ok(self.view()?.unkeyed_count())
    }

    /// Whether the list view's search buffers are built (for tests and benches).
    #[doc(hidden)]
    pub fn search_prepared(&self) -> Result<bool> {
        Ok(self.view()?.search_prepared())
    }
}
