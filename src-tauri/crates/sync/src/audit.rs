//! A customer's audit, read from the team server (`rapport.customer_audit`, sql/0009): the
//! server answers only for a customer the person may see, so a salesperson never reads another
//! person's rows. Values come back as display text; owners and tags by name.
use crate::error::{Result, SyncError};
use crate::server::Server;
use rapport_core::model::{AuditEntry, AuditPage};
use serde_json::Value;
use std::collections::HashMap;

/// Entries per page unless asked otherwise (the server caps a page at 1,000).
pub const AUDIT_PAGE: i32 = 200;

impl Server {
    /// The audit of `customer` and its records, newest first: at most `limit` entries older
    /// than `before` (an entry's id). Empty for a customer this person may not see.
    pub async fn customer_audit(
        &self,
        customer: &str,
        before: Option<i64>,
        limit: i32,
    ) -> Result<AuditPage> {
        let limit = limit.clamp(1, 999);
        let rows = self
            .client
            .query(
                "select audit_id, at, who_name, record_table, record_id, field, old_value, new_value
                   from rapport.customer_audit($1, $2, $3)",
                &[&customer, &before, &(limit + 1)],
            )
            .await
            .map_err(SyncError::from_query)?;
        let more = rows.len() > limit as usize;
        let names = self.names().await?;
        let entries = rows
            .iter()
            .take(limit as usize)
            .map(|r| {
                entry(
                    r.get(0),
                    r.get(1),
                    r.get(2),
                    r.get(3),
                    r.get(4),
                    r.get(5),
                    r.get(6),
                    r.get(7),
                    &names,
                )
            })
            .collect();
        Ok(AuditPage { entries, more })
    }

    /// People's and tags' ids → names (everyone reads both tables).
    async fn names(&self) -> Result<Names> {
        let people = self
            .client
            .query("select id, name from rapport.people", &[])
            .await
            .map_err(SyncError::from_query)?;
        let tags = self
            .client
            .query(
                "select id, coalesce(data->>'name', id) from rapport.tags",
                &[],
            )
            .await
            .map_err(SyncError::from_query)?;
        let map =
            |rows: Vec<tokio_postgres::Row>| rows.iter().map(|r| (r.get(0), r.get(1))).collect();
        Ok(Names {
            people: map(people),
            tags: map(tags),
        })
    }
}

struct Names {
    people: HashMap<String, String>,
    tags: HashMap<String, String>,
}

#[allow(clippy::too_many_arguments)]
fn entry(
    id: i64,
    at: chrono::DateTime<chrono::Utc>,
    who: String,
    table: String,
    record_id: String,
    field: Option<String>,
    old: Option<Value>,
    new: Option<Value>,
    names: &Names,
) -> AuditEntry {
    let (action, field, old, new) = match field {
        // A whole row inserted or purged: its fields (or, for a tag link, the tag's name).
        None => {
            let action = if new.is_some() { "created" } else { "removed" };
            let row = new.as_ref().or(old.as_ref());
            let text = if table == "customer_tags" {
                row.and_then(|r| r.get("tag_id"))
                    .and_then(Value::as_str)
                    .map(|t| names.tags.get(t).cloned().unwrap_or_else(|| t.to_owned()))
            } else {
                row.and_then(|r| r.get("data")).map(Value::to_string)
            };
            let field = (table == "customer_tags").then(|| "tag".to_owned());
            let (old, new) = if new.is_some() {
                (None, text)
            } else {
                (text, None)
            };
            (action, field, old, new)
        }
        Some(f) => {
            let name = match f.strip_prefix("data.") {
                Some(k) => k.to_owned(),
                None if f == "deleted_at" => "deletedAt".to_owned(),
                None => f,
            };
            let show = |v: Option<Value>| -> Option<String> {
                match v? {
                    Value::Null => None,
                    Value::String(s) if s.is_empty() => None,
                    Value::String(s) if name == "owner" => {
                        Some(names.people.get(&s).cloned().unwrap_or(s))
                    }
                    Value::String(s) => Some(s),
                    other => Some(other.to_string()),
                }
            };
            // A tag link deleted and restored is the tag removed or added again; its id is
            // "<customer id>/<tag id>".
            if table == "customer_tags" && name == "deletedAt" {
                let tag = record_id.rsplit('/').next().unwrap_or_default();
                let tag = Some(
                    names
                        .tags
                        .get(tag)
                        .cloned()
                        .unwrap_or_else(|| tag.to_owned()),
                );
                let removed = new.as_ref().is_some_and(|v| !v.is_null());
                let (old, new) = if removed { (tag, None) } else { (None, tag) };
                ("changed", Some("tag".to_owned()), old, new)
            } else {
                ("changed", Some(name.clone()), show(old), show(new))
            }
        }
    };
    AuditEntry {
        id,
        at,
        who,
        table,
        record_id,
        action: action.to_owned(),
        field,
        old,
        new,
    }
}
