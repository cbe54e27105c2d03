//! The settings a team shares (the pipeline's stages, the customer sources, the lost reasons,
//! the schedule rules, the product list), one `team_settings` row each on the team server, keyed by the
//! setting's name and holding `{"value": …}`. The others (language, backups, who uses this
//! computer …) stay on this computer.
use crate::error::CoreError;
use crate::model::Settings;
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

fn json(s: &Settings) -> ConflictableTransactionResult<Value, CoreError> {
    serde_json::to_value(s)
        .map_err(|e| Abort::Abort(CoreError::Storage(format!("encoding settings: {e}"))))
}

fn value(v: Option<&Value>) -> Map<String, Value> {
    Map::from_iter([("value".to_string(), v.cloned().unwrap_or(Value::Null))])
}

/// An upsert for each shared setting that `new` changes (all of them the first time).
pub(in crate::store) fn ops(
    outbox: &OutboxTx,
    old: Option<&Settings>,
    new: &Settings,
) -> ConflictableTransactionResult<(), CoreError> {
    let new = json(new)?;
    let old = old.map(json).transpose()?;
    for name in TEAM_SETTINGS {
        let was = old.as_ref().and_then(|o| o.get(name));
        let is = new.get(name);
        if old.is_some() && was == is {
            continue;
        }
        let kind = OpKind::Upsert {
            customer_id: None,
            fields: value(is),
            base: old.as_ref().map(|_| value(was)),
        };
        outbox.push(SyncTable::TeamSettings, name.to_string(), kind)?;
    }
    Ok(())
}
