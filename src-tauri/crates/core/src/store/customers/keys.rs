//! Keying the list view for pinyin search after a book opens (see `view/pinyin_keys.rs`).
use crate::error::Result;
use crate::store::view::PinyinKeys;
use crate::store::Store;

/// Entries keyed per write lock: short enough that a list or a search waits at most a few
/// milliseconds behind the warm-up.
const BATCH: usize = 2048;

impl Store {
    /// Works out the pinyin keys the open left for later, a batch at a time, the keys made
    /// outside the view's lock. Called by the warm-up; a search never needs it (it keys what
    /// it reads itself).
    pub fn key_pinyin(&self) -> Result<()> {
        let mut from = 0;
        loop {
            let batch = self.view()?.unkeyed_batch(from, BATCH);
            let Some(last) = batch.last().map(|(place, ..)| *place) else {
                return Ok(());
            };
            let keys = batch
                .into_iter()
                .map(|(place, id, name, company)| (place, id, PinyinKeys::of(&name, &company)))
                .collect();
            self.view_mut()?.set_pinyin_keys(keys);
            from = last + 1;
        }
    }

    /// How many customers the view holds without pinyin keys (for tests and benches).
    #[doc(hidden)]
    pub fn unkeyed_count(&self) -> Result<usize> {
        Ok(self.view()?.unkeyed_count())
    }
}
