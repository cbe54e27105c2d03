//! Customers changing hands, done online (the server's word decides who holds a customer, so
//! two people cannot both claim one offline): a manager's reassignment, a claim from the
//! shared pool (公海). The round run afterwards brings the result into this book — a customer
//! given away leaves it, a claimed one stays (others' books drop it at their next pull).
use super::{RoundReport, SyncEngine};
use crate::error::Result;
use crate::ops::{Op, OpKind, Table};

impl SyncEngine {
    /// Gives `customer` to the person `owner` (an id from `rapport.people`), or to the pool
    /// with `None`; managers and admins only (the server refuses a salesperson's). Then runs
    /// a round.
    pub async fn assign(&mut self, customer: &str, owner: Option<&str>) -> Result<RoundReport> {
        let op = Op::new(
            Table::Customers,
            customer,
            OpKind::Assign {
                owner: owner.map(str::to_owned),
            },
        );
        if self.store.outbox_len() > 0 {
            // A customer just created here (the new-customer form assigns it at once) must
            // reach the server before its assignment.
            self.sync_once().await?;
        }
        self.server().await?.push(&[op]).await?;
        self.sync_once().await
    }

    /// Takes `customer` from the shared pool (公海) as this person's own, then runs a round.
    /// The server decides (`Server::claim`, sql/0010_pool.sql): a customer no longer in the
    /// pool (a colleague was quicker) is `NotInPool`, and nothing changes.
    pub async fn claim(&mut self, customer: &str) -> Result<RoundReport> {
        self.server().await?.claim(customer).await?;
        self.sync_once().await
    }
}
