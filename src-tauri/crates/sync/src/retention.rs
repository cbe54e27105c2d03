//! How long the team server keeps tombstones (sql/0007_retention.sql).
use crate::error::{Result, SyncError};
use crate::server::Server;

impl Server {
    /// Deletes for good the tombstones (records and customers in the trash, with their
    /// records; removed tags and tag links; departures) older than `keep_days` days, and
    /// returns how many rows went. An admin's login only. A desktop that has not pulled since
    /// before the newest of them resyncs fully at its next pull. Run it from an admin's
    /// desktop or nightly from cron (docs/team-server.md); 90 days is a sensible retention.
    pub async fn purge_tombstones(&self, keep_days: i32) -> Result<i64> {
        let row = self
            .client
            .query_one("select rapport.purge_tombstones($1)", &[&keep_days])
            .await
            .map_err(SyncError::from_query)?;
        Ok(row.get(0))
    }
}
