//! The settings a team shares (the pipeline's stages, the customer sources, the lost reasons,
//! the schedule rules, the product list), one `team_settings` row each on the team server, keyed by the
//! setting's name and holding `{"value": …}`. The others (language, backups, who uses this
//! computer …) stay on this computer.
use crate::error::CoreError;
use crate::model::{Settings, TeamMe};
use crate::store::outbox::op::{OpKind, SyncTable};
use crate::store::outbox::OutboxTx;
use serde_json::{Map, Value};
use sled::transaction::{ConflictableTransactionError as Abort, ConflictableTransactionResult};

/// The shared settings, by their names in `Settings`' JSON.
pub(in crate::store) const TEAM_SETTINGS: [&str; 6] = [
    "stages",
    "sources",
    "lostReasons",
    "schedule",
    "products",
    "targets",
];

fn encode(s: &Settings) -> Result<Value, CoreError> {
    serde_json::to_value(s).map_err(|e| CoreError::Storage(format!("encoding settings: {e}")))
}

fn value(v: Option<&Value>) -> Map<String, Value> {
    Map::from_iter([("value".to_string(), v.cloned().unwrap_or(Value::Null))])
}

/// The shared settings `new` changes from `old`. A book that has saved no settings yet holds
/// the defaults (what the settings screen started from), so its first save sends only what
/// differs from them: a member saving just the language sends nothing.
fn changed(old: Option<&Settings>, new: &Settings) -> Result<Vec<ChangedSetting>, CoreError> {
    let default;
    let old = match old {
        Some(o) => o,
        None => {
            default = Settings::with_language(new.language);
            &default
        }
    };
    let (was, is) = (encode(old)?, encode(new)?);
    Ok(TEAM_SETTINGS
        .into_iter()
        .filter(|name| was.get(*name) != is.get(*name))
        .map(|name| ChangedSetting {
            name,
            was: was.get(name).cloned(),
            is: is.get(name).cloned(),
        })
        .collect())
}

pub(in crate::store) struct ChangedSetting {
    name: &'static str,
    was: Option<Value>,
    is: Option<Value>,
}

/// Refuses a change to a shared setting by a member who is not the team's admin (only an admin
/// may write `team_settings` on the server); `None`: the role is not known yet, the server
/// decides. Personal settings are anyone's.
pub(in crate::store) fn check_role(
    me: Option<&TeamMe>,
    old: Option<&Settings>,
    new: &Settings,
) -> Result<(), CoreError> {
    if !me.is_some_and(|m| m.role != "admin") {
        return Ok(());
    }
    match changed(old, new)?.first() {
        Some(c) => Err(CoreError::AdminOnly {
            setting: c.name.to_string(),
        }),
        None => Ok(()),
    }
}

/// An upsert for each shared setting that `new` changes from `old`, with its base value.
pub(in crate::store) fn ops(
    outbox: &OutboxTx,
    old: Option<&Settings>,
    new: &Settings,
) -> ConflictableTransactionResult<(), CoreError> {
    for c in changed(old, new).map_err(Abort::Abort)? {
        let kind = OpKind::Upsert {
            customer_id: None,
            fields: value(c.is.as_ref()),
            base: Some(value(c.was.as_ref())),
        };
        outbox.push(SyncTable::TeamSettings, c.name.to_string(), kind)?;
    }
    Ok(())
}

/// An upsert for every shared setting, as new records: the first upload of a book that becomes
/// a team book.
pub(in crate::store) fn share_ops(
    outbox: &OutboxTx,
    settings: &Settings,
) -> ConflictableTransactionResult<(), CoreError> {
    let new = encode(settings).map_err(Abort::Abort)?;
    for name in TEAM_SETTINGS {
        let kind = OpKind::Upsert {
            customer_id: None,
            fields: value(new.get(name)),
            base: None,
        };
        outbox.push(SyncTable::TeamSettings, name.to_string(), kind)?;
    }
    Ok(())
}
