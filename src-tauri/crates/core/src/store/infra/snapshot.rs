//! Gives the backup writer ([`crate::backup`]) the raw trees while no write can happen, so a
//! backup is one consistent state of the whole book.
use crate::error::Result;
use crate::store::Store;

/// What a backup's header says about the book.
#[derive(Debug, Clone, Copy)]
pub(crate) struct BookCounts {
    /// Customers not in the trash.
    pub customers: u32,
    /// Follow-up records, of every customer.
    pub follow_ups: u32,
}

impl Store {
    /// Runs `f` over the database with every writer held off.
    ///
    /// Why locks and not `sled::Db::export`: export is a lazy iterator per tree with no
    /// snapshot across trees, so a write landing mid-export would leave a record without its
    /// index entries. Every write of a record and its indexes takes `writer` (imports and
    /// undos also `importing`, between their chunks), so holding both — in their documented
    /// order — means the trees cannot change while `f` reads them. The only write outside
    /// `writer` is the atomic batch of reminder markers, independent of any other tree.
    pub(crate) fn with_quiet_db<T>(
        &self,
        f: impl FnOnce(&sled::Db, BookCounts) -> Result<T>,
    ) -> Result<T> {
        let _i = self.importing()?;
        let _w = self.exclusive()?;
        let counts = BookCounts {
            customers: u32::try_from(self.view()?.live_count()).unwrap_or(u32::MAX),
            follow_ups: u32::try_from(self.trees.followup_by_id.len()).unwrap_or(u32::MAX),
        };
        f(&self.db, counts)
    }
}
