//! Per-field merge of a pulled row with this book's record: the server's fields win, except
//! those a local edit still waiting in the outbox changed (they reach the server with the next
//! push, and the server keeps them), so neither side's edit of another field is lost.
use crate::store::outbox::op::{OpKind, OutboxOp, SyncTable};
use serde_json::{Map, Value};
use std::collections::{HashMap, HashSet};

/// What the outbox still holds for one record.
#[derive(Default, Debug)]
pub(in crate::store) struct Pending {
    /// Fields of upserts not yet pushed.
    pub fields: HashSet<String>,
    /// A trash, restore or delete not yet pushed: the record's presence is local too.
    pub presence: bool,
}

/// The pending edits of every record the outbox names.
pub(in crate::store) fn pending(ops: &[OutboxOp]) -> HashMap<(SyncTable, String), Pending> {
    let mut out: HashMap<(SyncTable, String), Pending> = HashMap::new();
    for op in ops {
        let p = out.entry((op.table, op.id.clone())).or_default();
        match &op.kind {
            OpKind::Upsert { fields, .. } => p.fields.extend(fields.keys().cloned()),
            _ => p.presence = true,
        }
    }
    out
}

/// `local` (a record as JSON, or nothing) with the server's `remote` fields laid over it,
/// leaving out `skip` and the fields `pending` keeps.
pub(in crate::store) fn merged(
    local: Option<Value>,
    remote: &Value,
    pending: Option<&Pending>,
    skip: &[&str],
) -> Map<String, Value> {
    let mut out = match local {
        Some(Value::Object(map)) => map,
        _ => Map::new(),
    };
    for (k, v) in remote.as_object().into_iter().flatten() {
        let kept = pending.is_some_and(|p| p.fields.contains(k));
        if !kept && !skip.contains(&k.as_str()) {
            out.insert(k.clone(), v.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_field_edited_here_and_not_pushed_yet_is_kept() {
        let local = json!({"name": "王伟", "company": "本地", "phone": "1"});
        let remote = json!({"name": "王伟伟", "company": "远端", "id": "x"});
        let mut p = Pending::default();
        p.fields.insert("company".into());
        let m = merged(Some(local), &remote, Some(&p), &["id"]);
        assert_eq!(
            Value::Object(m),
            json!({"name": "王伟伟", "company": "本地", "phone": "1"})
        );
    }
}
