//! Between the desktop's book and the server's rows: the outbox (rapport-core's `OutboxOp`,
//! written in the same transaction as each local edit) as `push` takes it, and a pulled
//! `Change` as the core's `apply_remote` takes it. An upsert carries `base` (the fields' values
//! before the edit), from which `push` tells a concurrent edit (sql/0005_conflicts.sql); a tag
//! link's delete carries `seen`, the pull cursor it was made at.
use crate::ops::{Change, Op, OpKind, Table};
use rapport_core::model::TeamPerson;
use rapport_core::store::{OpKind as LocalKind, OutboxOp, RemoteRow, SyncTable};

pub(crate) fn table(t: SyncTable) -> Table {
    match t {
        SyncTable::Customers => Table::Customers,
        SyncTable::Followups => Table::Followups,
        SyncTable::Opportunities => Table::Opportunities,
        SyncTable::Deals => Table::Deals,
        SyncTable::Services => Table::Services,
        SyncTable::History => Table::History,
        SyncTable::Tags => Table::Tags,
        SyncTable::CustomerTags => Table::CustomerTags,
        SyncTable::TeamSettings => Table::TeamSettings,
        SyncTable::Tasks => Table::Tasks,
    }
}

fn sync_table(t: Table) -> Option<SyncTable> {
    Some(match t {
        Table::People | Table::Departed => return None,
        Table::Customers => SyncTable::Customers,
        Table::Followups => SyncTable::Followups,
        Table::Opportunities => SyncTable::Opportunities,
        Table::Deals => SyncTable::Deals,
        Table::Services => SyncTable::Services,
        Table::History => SyncTable::History,
        Table::Tags => SyncTable::Tags,
        Table::CustomerTags => SyncTable::CustomerTags,
        Table::TeamSettings => SyncTable::TeamSettings,
        Table::Tasks => SyncTable::Tasks,
    })
}

impl Change {
    /// The row as the book's `apply_remote` takes it; `None` for a person (the team's people
    /// are not records of the book) and a departure (`Store::remove_departed` takes those).
    pub fn remote_row(&self) -> Option<RemoteRow> {
        Some(RemoteRow {
            table: sync_table(self.table)?,
            id: self.id.clone(),
            customer_id: self.customer_id.clone(),
            data: self.data.clone(),
            deleted_at: self.deleted_at,
            owner: self.owner.clone(),
        })
    }
}

impl Change {
    /// A `people` row as the book keeps the team's people (`None` for any other row).
    pub fn person(&self) -> Option<TeamPerson> {
        if self.table != Table::People {
            return None;
        }
        let text = |k: &str| {
            self.data
                .get(k)
                .and_then(serde_json::Value::as_str)
                .unwrap_or("")
                .to_owned()
        };
        Some(TeamPerson {
            id: self.id.clone(),
            name: text("name"),
            role: text("role"),
            left: self.deleted_at.is_some(),
        })
    }
}

impl From<&OutboxOp> for Op {
    fn from(op: &OutboxOp) -> Op {
        let kind = match &op.kind {
            LocalKind::Upsert {
                customer_id,
                fields,
                base,
            } => OpKind::Upsert {
                customer_id: customer_id.clone(),
                fields: fields.clone(),
                base: base.clone(),
            },
            LocalKind::Delete => OpKind::Delete,
            LocalKind::Restore => OpKind::Restore,
            LocalKind::Purge => OpKind::Purge,
        };
        Op {
            op_id: op.op_id,
            table: table(op.table),
            id: op.id.clone(),
            kind,
            seen: op.seen,
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use serde_json::{json, Map, Value};
    use ulid::Ulid;

    /// An outbox op sent as it is stored and converted to `Op` read the same (`base` and
    /// `seen` included: the server decides conflicts with them).
    #[test]
    fn an_outbox_op_is_pushed_as_the_server_reads_it() {
        let mut fields = Map::new();
        fields.insert("name".into(), json!("王伟"));
        let ops = [
            OutboxOp {
                seq: 1,
                op_id: Ulid::new(),
                table: SyncTable::Customers,
                id: Ulid::new().to_string(),
                kind: LocalKind::Upsert {
                    customer_id: None,
                    fields,
                    base: Some(Map::from_iter([("name".into(), json!("王"))])),
                },
                seen: None,
            },
            OutboxOp {
                seq: 2,
                op_id: Ulid::new(),
                table: SyncTable::CustomerTags,
                id: "a/b".into(),
                kind: LocalKind::Delete,
                seen: Some(41),
            },
        ];
        for local in &ops {
            let stored = serde_json::to_value(local).unwrap();
            assert_eq!(serde_json::to_value(Op::from(local)).unwrap(), stored);
        }
        let sent = serde_json::to_value(Op::from(&ops[0])).unwrap();
        assert_eq!(sent["base"], json!({"name": "王"}));
        let sent = serde_json::to_value(Op::from(&ops[1])).unwrap();
        assert_eq!(sent["seen"], Value::from(41));
    }
}
