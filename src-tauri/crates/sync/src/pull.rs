//! A pull read in pages: one read-only snapshot (REPEATABLE READ) with its head, the rows
//! streamed through a portal so only a page is in memory at a time. Rows come in the order the
//! book applies them (what others point at first: tags before customers before their records,
//! then by id), so a page never holds a record whose customer is still to come. A pull cut off
//! resumes after the last page the book applied ([`PullPage`]): rows at or before that key
//! with a commit at or before that pull's head are in the book already, and anything changed
//! since has a newer commit, so it comes again.
use crate::error::{Result, SyncError};
use crate::ops::{Change, Table};
use crate::server::Server;
use rapport_core::store::PullPage;
use serde_json::Value;
use tokio_postgres::types::Json;
use tokio_postgres::{Portal, Row, Transaction};

/// `changes_since`'s rows with each row's rank in page order ([`Table::rank`]), unsorted
/// (`rapport.changes_ranked`, sql/0011): the paged query sorts them once, the progress count
/// not at all.
const RANKED: &str = "select c.* from rapport.changes_ranked($1) c";

/// Whether a ranked row was applied by the cut-off pull ($2 its head, $3/$4 its last key).
const COVERED: &str =
    r#"x.commit_no <= $2 and (x.rank, x.id collate "C") <= ($3::int, $4::text collate "C")"#;

/// `changes_since` in page order, without what an earlier, cut-off pull applied already.
fn paged() -> String {
    format!(
        "select record_table, id, customer_id, owner, data, version, commit_no, deleted_at \
           from ({RANKED}) x where not ({COVERED}) order by x.rank, x.id collate \"C\""
    )
}

impl Table {
    /// The order a paged pull reads tables in (the book's apply order; people first, which the
    /// book skips).
    pub fn rank(self) -> i32 {
        match self {
            Table::People => 0,
            Table::TeamSettings => 1,
            Table::Tags => 2,
            Table::Customers => 3,
            Table::CustomerTags => 4,
            Table::History => 5,
            Table::Followups => 6,
            Table::Opportunities => 7,
            Table::Deals => 8,
            Table::Services => 9,
            Table::Tasks => 10,
            Table::Departed => 11,
        }
    }
}

impl Change {
    /// Where a page ending with this row stopped, in a pull whose head is `head`.
    pub fn page_end(&self, head: i64) -> PullPage {
        PullPage {
            head,
            rank: self.table.rank(),
            id: self.id.clone(),
        }
    }
}

/// An open paged pull (see the module notes); dropped, it rolls back its read-only snapshot.
pub struct Pages<'a> {
    tx: Transaction<'a>,
    portal: Portal,
    size: i32,
    /// The newest commit number in this snapshot: the cursor once every page is applied.
    pub head: i64,
    /// The cursor asked for is older than tombstones the server has purged since
    /// (`rapport.resync_needed`, sql/0007): this pull may miss deletions, so the caller pulls
    /// everything again instead (from cursor 0) and sweeps what did not come.
    pub resync: bool,
    /// The query's parameters (cursor, resumed head, rank, id), for [`Pages::remaining`].
    params: (i64, i64, i32, String),
}

impl Server {
    /// Starts a paged pull of what changed after `cursor`, after `resume` when an earlier pull
    /// was cut off, `size` rows a page.
    pub async fn pages(
        &mut self,
        cursor: i64,
        resume: Option<&PullPage>,
        size: usize,
    ) -> Result<Pages<'_>> {
        let tx = self
            .client
            .build_transaction()
            .isolation_level(tokio_postgres::IsolationLevel::RepeatableRead)
            .read_only(true)
            .start()
            .await
            .map_err(SyncError::from_query)?;
        let head: i64 = tx
            .query_one("select rapport.head()", &[])
            .await
            .map_err(SyncError::from_query)?
            .get(0);
        // In the same snapshot as the rows: a purge committed after it cannot slip between.
        let resync: bool = tx
            .query_one("select rapport.resync_needed($1)", &[&cursor])
            .await
            .map_err(SyncError::from_query)?
            .get(0);
        // No earlier pull to skip: a key nothing is at or before.
        let (done_head, rank, id) = match resume {
            Some(p) => (p.head, p.rank, p.id.clone()),
            None => (-1_i64, -1_i32, String::new()),
        };
        let portal = tx
            .bind(
                paged().as_str(),
                &[&cursor, &done_head, &rank, &id.as_str()],
            )
            .await
            .map_err(SyncError::from_query)?;
        Ok(Pages {
            tx,
            portal,
            size: i32::try_from(size.max(1)).unwrap_or(i32::MAX),
            head,
            resync,
            params: (cursor, done_head, rank, id),
        })
    }
}

impl Pages<'_> {
    /// The next page; fewer than the page size (or none) when it is the last.
    pub async fn next(&mut self) -> Result<Vec<Change>> {
        let rows = self
            .tx
            .query_portal(&self.portal, self.size)
            .await
            .map_err(SyncError::from_query)?;
        rows.iter().map(change_of).collect()
    }

    /// Where this pull stands, counted in its snapshot: the rows an earlier, cut-off pull of
    /// the same cursor applied already, and all the rows (a first sync's "pulled / total").
    pub async fn progress(&self) -> Result<(usize, usize)> {
        let (cursor, head, rank, id) = &self.params;
        let sql = format!("select count(*) filter (where {COVERED}), count(*) from ({RANKED}) x");
        let row = self
            .tx
            .query_one(&sql, &[cursor, head, rank, &id.as_str()])
            .await
            .map_err(SyncError::from_query)?;
        let count = |i| usize::try_from(row.get::<_, i64>(i)).unwrap_or(0);
        Ok((count(0), count(1)))
    }

    /// Whether `page` (as `next` returned it) is the last one.
    pub fn is_last(&self, page: &[Change]) -> bool {
        page.len() < self.size as usize
    }

    /// Ends the snapshot.
    pub async fn finish(self) -> Result<()> {
        self.tx.commit().await.map_err(SyncError::from_query)
    }
}

/// A row of `changes_since` (its column order).
pub(crate) fn change_of(row: &Row) -> Result<Change> {
    let name: String = row.get(0);
    let table = Table::parse(&name).ok_or_else(|| SyncError::Database {
        code: "rapport".to_owned(),
        message: format!("unknown table {name} in changes_since"),
    })?;
    let Json(data): Json<Value> = row.get(4);
    Ok(Change {
        table,
        id: row.get(1),
        customer_id: row.get(2),
        owner: row.get(3),
        data,
        version: row.get(5),
        commit: row.get(6),
        deleted_at: row.get(7),
    })
}
