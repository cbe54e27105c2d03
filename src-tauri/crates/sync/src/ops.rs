//! What the desktop sends (`push`) and receives (`changes_since`).
use crate::error::{Result, SyncError};
use crate::server::Server;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use tokio_postgres::types::Json;
use ulid::Ulid;

/// The synced record types, one server table each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Table {
    People,
    Customers,
    Followups,
    Opportunities,
    Deals,
    Services,
    History,
    Tags,
    CustomerTags,
    TeamSettings,
    /// Stage tasks (sql/0013).
    Tasks,
    /// Not a table: a customer that left this person's view since the cursor (reassigned
    /// away, claimed from the pool by a colleague, purged). Only its id is sent; the book
    /// removes it with its records (`rapport.departures`, sql/0006).
    Departed,
}

impl Table {
    /// The first server schema with this table: a desktop holds back its ops while the team
    /// book is older (until an admin's Rapport upgrades it).
    pub fn since_schema(self) -> i32 {
        match self {
            Table::Tasks => 13,
            _ => 1,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Table::People => "people",
            Table::Customers => "customers",
            Table::Followups => "followups",
            Table::Opportunities => "opportunities",
            Table::Deals => "deals",
            Table::Services => "services",
            Table::History => "history",
            Table::Tags => "tags",
            Table::CustomerTags => "customer_tags",
            Table::TeamSettings => "team_settings",
            Table::Tasks => "tasks",
            Table::Departed => "departed",
        }
    }

    pub fn parse(name: &str) -> Option<Table> {
        serde_json::from_value(Value::String(name.to_owned())).ok()
    }
}

/// One change to one record. `op_id` is the client's (a ULID made when the edit was saved), so
/// the server recognises a retry.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Op {
    pub op_id: Ulid,
    pub table: Table,
    /// The record's id; for `CustomerTags`, `"<customer id>/<tag id>"`.
    pub id: String,
    #[serde(flatten)]
    pub kind: OpKind,
    /// A tag link's delete: the commit number the desktop had pulled up to when it removed
    /// the tag. `push` skips the delete when the link was re-added after that (add wins).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seen: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum OpKind {
    /// Creates the record or merges these fields into it (other fields are kept). A new
    /// customer is the pusher's own; records name their customer. `base`: the same fields as
    /// the edit found them, which `push` compares with the server's to see a concurrent edit
    /// (a customer's field: the later commit wins and the loser goes into its history; a deal:
    /// kept beside it as a conflict). Without `base` (a new record) the fields simply merge.
    Upsert {
        #[serde(skip_serializing_if = "Option::is_none")]
        customer_id: Option<String>,
        fields: Map<String, Value>,
        #[serde(skip_serializing_if = "Option::is_none")]
        base: Option<Map<String, Value>>,
    },
    /// Customers only: a new owner (a person's id), or `None` for the shared pool. A
    /// salesperson may only claim (owner = themself, from the pool).
    Assign { owner: Option<String> },
    /// Moves the record to the trash (soft delete).
    Delete,
    /// Brings it back from the trash.
    Restore,
    /// Removes it for good (admins only).
    Purge,
}

impl Op {
    pub fn upsert(table: Table, id: &str, customer_id: Option<&str>, fields: Value) -> Op {
        let fields = match fields {
            Value::Object(map) => map,
            _ => Map::new(),
        };
        Op {
            op_id: Ulid::new(),
            table,
            id: id.to_owned(),
            kind: OpKind::Upsert {
                customer_id: customer_id.map(str::to_owned),
                fields,
                base: None,
            },
            seen: None,
        }
    }

    /// This upsert as an edit that started from `base` (the fields' values it saw).
    pub fn based_on(mut self, base: Value) -> Op {
        if let (OpKind::Upsert { base: b, .. }, Value::Object(map)) = (&mut self.kind, base) {
            *b = Some(map);
        }
        self
    }

    pub fn new(table: Table, id: &str, kind: OpKind) -> Op {
        Op {
            op_id: Ulid::new(),
            table,
            id: id.to_owned(),
            kind,
            seen: None,
        }
    }
}

/// A row as the server holds it now.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub table: Table,
    pub id: String,
    pub customer_id: Option<String>,
    pub owner: Option<String>,
    pub data: Value,
    pub version: i64,
    pub commit: i64,
    pub deleted_at: Option<DateTime<Utc>>,
}

/// The answer of one pull: the rows changed after the cursor, and the cursor to keep.
#[derive(Debug, Clone, PartialEq)]
pub struct Changes {
    pub head: i64,
    pub rows: Vec<Change>,
}

impl Server {
    /// Applies `ops` in one transaction and returns its commit number (`None` for an empty
    /// batch). Sending the same ops again applies nothing and returns the same number.
    pub async fn push(&self, ops: &[Op]) -> Result<Option<i64>> {
        if ops.is_empty() {
            return Ok(None);
        }
        let body = serde_json::to_value(ops).map_err(|e| SyncError::InvalidOp {
            message: e.to_string(),
        })?;
        let row = self
            .client
            .query_one("select rapport.push($1)", &[&Json(body)])
            .await
            .map_err(SyncError::from_query)?;
        Ok(row.get(0))
    }

    /// The rows this person may see that changed after `cursor` (0 for everything), read in
    /// one snapshot with the newest commit number, which is the next cursor.
    pub async fn changes_since(&mut self, cursor: i64) -> Result<Changes> {
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
        let rows = tx
            .query("select * from rapport.changes_since($1)", &[&cursor])
            .await
            .map_err(SyncError::from_query)?;
        tx.commit().await.map_err(SyncError::from_query)?;
        let changes = rows
            .iter()
            .map(crate::pull::change_of)
            .collect::<Result<Vec<_>>>()?;
        Ok(Changes {
            head,
            rows: changes,
        })
    }
}
