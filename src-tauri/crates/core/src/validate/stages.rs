//! The settings' pipeline (`stages`) and who uses this computer (`me`). Whether a removed
//! custom stage is still in use needs the book: the store checks that when saving.
use super::{invalid, text};
use crate::error::{Invalid, Result};
use crate::import::values::choice_key;
use crate::model::{Stage, StageSetting};
use crate::stages::{builtin_names, is_custom, BUILT_IN_STAGES};
use std::collections::HashSet;

/// Longest stage name, in characters (a board column's title).
pub const MAX_STAGE_NAME: usize = 20;
/// Longest `me`, as an owner's name may be.
pub const MAX_ME: usize = 50;

/// Names trimmed; every built-in stage exactly once; custom slots at most once and named;
/// 成交 then 流失 last; every name distinct from the others' names and built-in names (in the
/// importer's comparable form, so a sheet's 阶段 cell can never mean two stages).
pub(super) fn stages(list: &mut [StageSetting]) -> Result<()> {
    for (i, s) in list.iter_mut().enumerate() {
        let field = format!("stages[{i}].name");
        text(&field, &mut s.name, MAX_STAGE_NAME)?;
        if is_custom(s.stage) && s.name.is_empty() {
            return Err(invalid(field, Invalid::Required));
        }
        super::tasks::playbook(&format!("stages[{i}].tasks"), &mut s.tasks)?;
    }
    let mut seen = HashSet::new();
    for (i, s) in list.iter().enumerate() {
        if !seen.insert(s.stage) {
            return Err(invalid(format!("stages[{i}]"), Invalid::Duplicate));
        }
    }
    if let Some(stage) = BUILT_IN_STAGES.into_iter().find(|s| !seen.contains(s)) {
        return Err(invalid("stages", Invalid::StageMissing { stage }));
    }
    let closing: Vec<Stage> = list.iter().rev().take(2).map(|s| s.stage).collect();
    if closing != [Stage::Lost, Stage::Won] {
        return Err(invalid("stages", Invalid::ClosingStages));
    }
    // Every name a stage goes by, with the stage's position: the user's and the built-in ones.
    let mut taken: Vec<(String, usize)> = Vec::new();
    for (i, s) in list.iter().enumerate() {
        if let Some((zh, en)) = builtin_names(s.stage) {
            taken.push((name_key(zh), i));
            taken.push((name_key(en), i));
        }
    }
    for (i, s) in list.iter().enumerate() {
        if s.name.is_empty() {
            continue;
        }
        let k = name_key(&s.name);
        // Another stage's built-in name, or a name an earlier stage was given.
        if taken.iter().any(|(t, j)| *t == k && *j != i) {
            return Err(invalid(
                format!("stages[{i}].name"),
                Invalid::StageNameTaken,
            ));
        }
        taken.push((k, i));
    }
    Ok(())
}

/// A name as the importer compares it, or lower-cased when nothing of it is left that way.
fn name_key(name: &str) -> String {
    let k = choice_key(name);
    if k.is_empty() {
        name.trim().to_lowercase()
    } else {
        k
    }
}

/// `me` trimmed and at most [`MAX_ME`] characters; someone who left cannot be this
/// computer's user.
pub(super) fn me(me: &mut String, archived: &[String]) -> Result<()> {
    text("me", me, MAX_ME)?;
    let lower = me.to_lowercase();
    if !me.is_empty() && archived.iter().any(|a| a.trim().to_lowercase() == lower) {
        return Err(invalid("me", Invalid::ArchivedOwner));
    }
    Ok(())
}
