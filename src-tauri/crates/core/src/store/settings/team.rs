//! The settings a team shares (the pipeline's stages, the customer sources, the lost reasons,
//! the schedule rules, the product list), one `team_settings` row each on the team server, keyed by the
//! setting's name and holding `{"value": …}`. The others (language, backups, who uses this
//! computer, the reminder time kept inside `schedule` …) stay on this computer: saving them
//! sends nothing, and a pull leaves them as they are. Only the team's admin changes a shared one.
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

/// Parts of a shared setting that stay on this computer: the time of day reminders come is each
/// person's own, though it is kept with the team's schedule rules.
const PERSONAL_PARTS: [(&str, &str); 1] = [("schedule", "reminderTime")];

/// A shared setting's value as the team sees it (without its personal parts).
fn shared(name: &str, settings: &Value) -> Option<Value> {
    let mut v = settings.get(name).cloned()?;
    if let Value::Object(m) = &mut v {
        for (_, part) in PERSONAL_PARTS.iter().filter(|(n, _)| *n == name) {
            m.remove(*part);
        }
    }
    Some(v)
}

/// A pulled shared setting with this computer's personal parts kept (`local`: the settings here,
/// as JSON).
pub(in crate::store) fn pulled(name: &str, mut value: Value, local: &Map<String, Value>) -> Value {
    if let Value::Object(m) = &mut value {
        for (_, part) in PERSONAL_PARTS.iter().filter(|(n, _)| *n == name) {
            match local.get(name).and_then(|l| l.get(*part)) {
                Some(mine) => m.insert(part.to_string(), mine.clone()),
                None => m.remove(*part),
            };
        }
    }
    value
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
        .map(|name| ChangedSetting {
            name,
            was: shared(name, &was),
            is: shared(name, &is),
        })
        .filter(|c| c.was != c.is)
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
    if me.is_none_or(|m| m.role == "admin") {
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
            fields: value(shared(name, &new).as_ref()),
            base: None,
        };
        outbox.push(SyncTable::TeamSettings, name.to_string(), kind)?;
    }
    Ok(())
}
