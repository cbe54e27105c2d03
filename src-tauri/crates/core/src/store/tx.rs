//! One transaction over every tree a write may touch, so a record and all its index entries
//! change together or not at all.
use super::customers::CustomerTx;
use super::followup_tx::FollowUpTx;
use super::tags::TagTx;
use super::Trees;
use crate::error::{CoreError, Result};
use sled::transaction::{ConflictableTransactionResult, Transactional, TransactionalTree};

/// The trees of one write transaction.
pub(super) struct Tx<'a> {
    pub customers: CustomerTx<'a>,
    pub tags: TagTx<'a>,
    pub meta: &'a TransactionalTree,
    pub follow_ups: FollowUpTx<'a>,
    pub history: &'a TransactionalTree,
    pub import_item: &'a TransactionalTree,
}

impl Trees {
    /// Runs `f` in one multi-Tree transaction. `f` may run more than once (sled retries on
    /// conflict), so it must not have side effects outside the transaction.
    pub(super) fn write<T>(
        &self,
        f: impl Fn(&Tx) -> ConflictableTransactionResult<T, CoreError>,
    ) -> Result<T> {
        let trees = (
            &self.customer_by_id,
            &self.customer_row_by_id,
            &self.customer_by_tag,
            &self.customer_by_deleted_at,
            &self.tag_by_id,
            &self.tag_id_by_name,
            &self.meta,
            &self.followup_by_id,
            &self.followup_by_customer,
            &self.followup_by_due,
            &self.history_by_customer,
            &self.import_item,
        );
        let result = trees.transaction(
            |(
                by_id,
                row_by_id,
                by_tag,
                by_deleted_at,
                tag_by_id,
                tag_by_name,
                meta,
                fu_by_id,
                fu_by_customer,
                fu_by_due,
                history,
                import_item,
            )| {
                f(&Tx {
                    customers: CustomerTx {
                        by_id,
                        row_by_id,
                        by_tag,
                        by_deleted_at,
                    },
                    tags: TagTx {
                        by_id: tag_by_id,
                        by_name: tag_by_name,
                    },
                    meta,
                    follow_ups: FollowUpTx {
                        by_id: fu_by_id,
                        by_customer: fu_by_customer,
                        by_due: fu_by_due,
                    },
                    history,
                    import_item,
                })
            },
        )?;
        Ok(result)
    }
}
