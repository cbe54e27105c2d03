//! The operations a team book sends to the team server, in the shape rapport-sync's `push`
//! takes (`sql/0004_functions.sql`): `{op_id, table, id, kind, customer_id?, fields}`. An
//! upsert carries only the fields the edit changed, and `base`, the values those fields had in
//! the version the edit started from, so the other side can merge per field (the server does
//! not read it; the local apply of a pull does).
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use ulid::Ulid;

/// The replicated record types, named as the team server's tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SyncTable {
    Customers,
    Followups,
    Opportunities,
    Deals,
    Services,
    History,
    Tags,
    /// A customer carrying a tag; its id is `"<customer id>/<tag id>"`.
    CustomerTags,
    /// One row per team-shared setting (`stages`, `sources`, `lostReasons`, `schedule`, `products`).
    TeamSettings,
    /// Stage tasks (阶段任务); `TaskTx` is the one place that queues their ops.
    Tasks,
}

/// What an operation does to its record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum OpKind {
    /// Creates the record or merges `fields` into it (the others are kept).
    Upsert {
        /// The customer a record belongs to (follow-ups, records, history, tag links).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        customer_id: Option<String>,
        /// The changed fields with their new values (`null`: the field was cleared).
        fields: Map<String, Value>,
        /// The same fields as they were before the edit; `None` for a new record.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        base: Option<Map<String, Value>>,
    },
    /// To the trash (a soft delete on the server: the tombstone of a deleted record).
    Delete,
    /// Back from the trash.
    Restore,
    /// Gone for good.
    Purge,
}

/// One operation waiting in the outbox, oldest first by `seq`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutboxOp {
    /// Its place in the outbox (the order it was written in); not sent.
    #[serde(skip)]
    pub seq: u64,
    /// Made when the edit was saved, so the server recognises a retried push.
    pub op_id: Ulid,
    pub table: SyncTable,
    pub id: String,
    #[serde(flatten)]
    pub kind: OpKind,
    /// A tag link's delete: the pull cursor (the server's commit number) this book had reached
    /// when the tag was removed, so the server can tell a re-add it had not seen (which wins:
    /// a tag added on one machine and removed on another stays added) from one it had.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seen: Option<i64>,
}

/// The top-level fields of `new` that differ from `old` (all of them when `old` is `None`),
/// leaving out `skip` (ids and the trash time, which travel as the op's id and kind). Returns
/// the new values and, for an edit, the old ones (`null` where a field was absent).
pub(in crate::store) fn diff(
    old: Option<&Value>,
    new: &Value,
    skip: &[&str],
) -> (Map<String, Value>, Option<Map<String, Value>>) {
    let empty = Map::new();
    let new = new.as_object().unwrap_or(&empty);
    let Some(old) = old else {
        let fields = new
            .iter()
            .filter(|(k, v)| !skip.contains(&k.as_str()) && !v.is_null())
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        return (fields, None);
    };
    let old = old.as_object().unwrap_or(&empty);
    let mut fields = Map::new();
    let mut base = Map::new();
    let keys = new
        .keys()
        .chain(old.keys().filter(|k| !new.contains_key(*k)));
    for k in keys {
        if skip.contains(&k.as_str()) {
            continue;
        }
        let (was, is) = (old.get(k), new.get(k));
        if was.unwrap_or(&Value::Null) != is.unwrap_or(&Value::Null) {
            fields.insert(k.clone(), is.cloned().unwrap_or(Value::Null));
            base.insert(k.clone(), was.cloned().unwrap_or(Value::Null));
        }
    }
    (fields, Some(base))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use serde_json::json;

    #[test]
    fn an_edit_carries_only_the_changed_fields_and_their_base() {
        let old = json!({"id": "1", "name": "a", "phone": "1", "gone": 3});
        let new = json!({"id": "1", "name": "b", "phone": "1", "note": "n"});
        let (fields, base) = diff(Some(&old), &new, &["id"]);
        assert_eq!(
            Value::Object(fields),
            json!({"name": "b", "note": "n", "gone": null})
        );
        assert_eq!(
            base.map(Value::Object),
            Some(json!({"name": "a", "note": null, "gone": 3}))
        );
    }

    #[test]
    fn an_op_serialises_as_push_reads_it() {
        let op = OutboxOp {
            seq: 7,
            op_id: Ulid::nil(),
            table: SyncTable::CustomerTags,
            id: "c/t".into(),
            kind: OpKind::Upsert {
                customer_id: Some("c".into()),
                fields: Map::new(),
                base: None,
            },
            seen: None,
        };
        let v = serde_json::to_value(&op).unwrap();
        assert_eq!(
            v,
            json!({"op_id": Ulid::nil().to_string(), "table": "customer_tags", "id": "c/t",
                   "kind": "upsert", "customer_id": "c", "fields": {}})
        );
        let back: OutboxOp = serde_json::from_value(v).unwrap();
        assert_eq!(back, OutboxOp { seq: 0, ..op });
    }
}
