//! One transaction over every tree a write may touch, so a record and all its index entries
//! change together or not at all.
use super::touched::Touched;
use crate::error::{CoreError, Result};
use crate::store::customers::CustomerTx;
use crate::store::followups::tx::FollowUpTx;
use crate::store::history::HistoryTx;
use crate::store::outbox::OutboxTx;
use crate::store::records::tx::RecordTx;
use crate::store::tags::TagTx;
use crate::store::tasks::TaskTx;
use crate::store::Trees;
use sled::transaction::{
    ConflictableTransactionError as Abort, ConflictableTransactionResult, Transactional,
    TransactionalTree,
};

/// The trees of one write transaction.
pub(in crate::store) struct Tx<'a> {
    pub customers: CustomerTx<'a>,
    pub tags: TagTx<'a>,
    pub meta: &'a TransactionalTree,
    pub follow_ups: FollowUpTx<'a>,
    pub history: HistoryTx<'a>,
    pub import_item: &'a TransactionalTree,
    pub records: RecordTx<'a>,
    /// Reminders shown (birthdays, contracts, service plans): each fires once.
    pub reminder_fired: &'a TransactionalTree,
    /// A team book's outbox (off in a personal book): the record types' writes append to it.
    pub outbox: OutboxTx<'a>,
    /// Stage tasks.
    pub tasks: TaskTx<'a>,
}

impl Trees {
    /// Runs `f` in one multi-Tree transaction. `f` may run more than once (sled retries on
    /// conflict), so it must not have side effects outside the transaction.
    pub(in crate::store) fn write<T>(
        &self,
        f: impl Fn(&Tx) -> ConflictableTransactionResult<T, CoreError>,
    ) -> Result<T> {
        self.write_with(self.team_book(), f)
    }

    /// [`Trees::write`], with the outbox joining only when `outbox` says so: off for rows
    /// pulled from the team server, which are no local edits to push back.
    pub(in crate::store) fn write_with<T>(
        &self,
        outbox: bool,
        f: impl Fn(&Tx) -> ConflictableTransactionResult<T, CoreError>,
    ) -> Result<T> {
        // More trees than sled's tuples take (14): a slice, read by position below. The
        // outbox, last, joins only in a team book.
        let trees: [&sled::Tree; 26] = [
            &self.customer_by_id,
            &self.customer_row_by_id,
            &self.customer_by_deleted_at,
            &self.tag_by_id,
            &self.tag_id_by_name,
            &self.meta,
            &self.followup_by_id,
            &self.followup_by_customer,
            &self.followup_by_due,
            &self.history_by_customer,
            &self.import_item,
            &self.opportunity_by_id,
            &self.opportunity_by_customer,
            &self.deal_by_id,
            &self.deal_by_customer,
            &self.deal_by_date,
            &self.service_by_id,
            &self.service_by_customer,
            &self.service_plan_by_due,
            &self.followup_time_by_customer,
            &self.reminder_fired,
            &self.open_complaint_by_id,
            &self.task_by_id,
            &self.task_by_customer,
            &self.task_by_due,
            &self.outbox,
        ];
        let joined = if outbox { 26 } else { 25 };
        let touched = Touched::default();
        let result = trees[..joined].transaction(|view: &Vec<TransactionalTree>| {
            touched.clear();
            let (all, outbox): (&[TransactionalTree; 25], _) = match view.split_at_checked(25) {
                Some((all, rest)) => (all.try_into().map_err(|_| wrong())?, rest.first()),
                None => return Err(wrong()),
            };
            let outbox = OutboxTx {
                tree: outbox,
                meta: &all[5],
            };
            // Indexes into the array above (checked at compile time: it has 25 entries).
            f(&Tx {
                customers: CustomerTx {
                    by_id: &all[0],
                    row_by_id: &all[1],
                    by_deleted_at: &all[2],
                    times: &all[19],
                    touched: &touched,
                    outbox,
                },
                tags: TagTx {
                    by_id: &all[3],
                    by_name: &all[4],
                    outbox,
                },
                meta: &all[5],
                follow_ups: FollowUpTx {
                    by_id: &all[6],
                    by_customer: &all[7],
                    by_due: &all[8],
                    times: &all[19],
                    rows: &all[1],
                    touched: &touched,
                    outbox,
                },
                history: HistoryTx {
                    tree: &all[9],
                    outbox,
                },
                import_item: &all[10],
                records: RecordTx {
                    opportunity_by_id: &all[11],
                    opportunity_by_customer: &all[12],
                    deal_by_id: &all[13],
                    deal_by_customer: &all[14],
                    deal_by_date: &all[15],
                    service_by_id: &all[16],
                    service_by_customer: &all[17],
                    service_plan_by_due: &all[18],
                    open_complaint_by_id: &all[21],
                    touched: &touched,
                    outbox,
                },
                reminder_fired: &all[20],
                outbox,
                tasks: TaskTx {
                    by_id: &all[22],
                    by_customer: &all[23],
                    by_due: &all[24],
                    outbox,
                },
            })
        });
        let result = result.map_err(|e| self.note_failed_save(e.into()))?;
        self.changes.note(touched.take());
        Ok(result)
    }
}

fn wrong() -> Abort<CoreError> {
    Abort::Abort(CoreError::Storage(
        "transaction over the wrong trees".into(),
    ))
}
