//! The user's pipeline (`Settings::stages`): which stages exist, their order and their names.
//! Everything that orders or names stages asks a [`Pipeline`] — the dashboard's ladder, the
//! board's columns, the list's sort, export labels, the import's stage names, the stage
//! checks of every write — so a renamed, reordered or added stage is the same everywhere.
//! The list itself is checked when settings are saved (`validate::settings`).
use crate::error::{CoreError, Invalid, Result};
use crate::model::{default_stages, Language, Settings, Stage, StageSetting};

/// The slots of the stages a user adds, in slot order.
pub const CUSTOM_STAGES: [Stage; 6] = [
    Stage::Custom1,
    Stage::Custom2,
    Stage::Custom3,
    Stage::Custom4,
    Stage::Custom5,
    Stage::Custom6,
];

/// The built-in stages, in their default order.
pub const BUILT_IN_STAGES: [Stage; 6] = [
    Stage::InitialContact,
    Stage::NeedsConfirmed,
    Stage::Proposal,
    Stage::Negotiation,
    Stage::Won,
    Stage::Lost,
];

/// How many `Stage` values there are (tables below are indexed by `stage as usize`).
const STAGE_COUNT: usize = BUILT_IN_STAGES.len() + CUSTOM_STAGES.len();

pub fn is_custom(stage: Stage) -> bool {
    CUSTOM_STAGES.contains(&stage)
}

/// A built-in stage's names (Chinese, English); `None` for a custom slot.
pub fn builtin_names(stage: Stage) -> Option<(&'static str, &'static str)> {
    Some(match stage {
        Stage::InitialContact => ("初步接触", "Initial contact"),
        Stage::NeedsConfirmed => ("需求明确", "Needs confirmed"),
        Stage::Proposal => ("方案沟通", "Proposal"),
        Stage::Negotiation => ("谈判中", "Negotiation"),
        Stage::Won => ("成交", "Won"),
        Stage::Lost => ("流失", "Lost"),
        _ => return None,
    })
}

/// A stage's built-in label in `lang`; a custom slot (which the settings always name) falls
/// back to "自定义阶段 N" / "Custom stage N".
pub fn builtin_label(stage: Stage, lang: Language) -> &'static str {
    let (zh, en) = builtin_names(stage).unwrap_or(match stage {
        Stage::Custom1 => ("自定义阶段 1", "Custom stage 1"),
        Stage::Custom2 => ("自定义阶段 2", "Custom stage 2"),
        Stage::Custom3 => ("自定义阶段 3", "Custom stage 3"),
        Stage::Custom4 => ("自定义阶段 4", "Custom stage 4"),
        Stage::Custom5 => ("自定义阶段 5", "Custom stage 5"),
        _ => ("自定义阶段 6", "Custom stage 6"),
    });
    match lang {
        Language::Zh => zh,
        Language::En => en,
    }
}

/// The stages in the user's order with their names. Always well formed, whatever it was made
/// from: every built-in stage once, each stage at most once, 成交 then 流失 last.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pipeline {
    stages: Vec<StageSetting>,
    /// Position in `stages`, by `stage as usize` (the dashboard asks per fact).
    pos: [Option<u8>; STAGE_COUNT],
}

impl Default for Pipeline {
    fn default() -> Self {
        Pipeline::new(&default_stages())
    }
}

impl Pipeline {
    /// The pipeline of a (validated) stage list. A list that is not well formed is mended
    /// rather than refused — a built-in missing is put before 成交, repeats are dropped — so
    /// readers never have to cope with a broken order.
    pub fn new(list: &[StageSetting]) -> Pipeline {
        let mut stages: Vec<StageSetting> = Vec::with_capacity(STAGE_COUNT);
        let closing = [Stage::Won, Stage::Lost];
        for s in list {
            if !closing.contains(&s.stage) && !stages.iter().any(|t| t.stage == s.stage) {
                stages.push(StageSetting {
                    stage: s.stage,
                    name: s.name.trim().to_string(),
                    tasks: s.tasks.clone(),
                });
            }
        }
        for stage in BUILT_IN_STAGES {
            if closing.contains(&stage) || !stages.iter().any(|t| t.stage == stage) {
                let given = list.iter().find(|s| s.stage == stage);
                stages.push(StageSetting {
                    stage,
                    name: given.map(|s| s.name.trim()).unwrap_or_default().to_string(),
                    tasks: given.map(|s| s.tasks.clone()).unwrap_or_default(),
                });
            }
        }
        let mut pos = [None; STAGE_COUNT];
        for (i, s) in stages.iter().enumerate() {
            if let Some(p) = pos.get_mut(s.stage as usize) {
                *p = u8::try_from(i).ok();
            }
        }
        Pipeline { stages, pos }
    }

    /// The pipeline of saved settings, or the default one when there are none yet.
    pub fn of(settings: Option<&Settings>) -> Pipeline {
        settings.map_or_else(Pipeline::default, |s| Pipeline::new(&s.stages))
    }

    /// The stages in order, 成交 and 流失 last.
    pub fn stages(&self) -> impl Iterator<Item = Stage> + '_ {
        self.stages.iter().map(|s| s.stage)
    }

    /// The stages with the user's names (empty: the built-in name).
    pub fn settings(&self) -> &[StageSetting] {
        &self.stages
    }

    pub fn len(&self) -> usize {
        self.stages.len()
    }

    pub fn is_empty(&self) -> bool {
        self.stages.is_empty()
    }

    pub fn contains(&self, stage: Stage) -> bool {
        self.position(stage).is_some()
    }

    pub fn position(&self, stage: Stage) -> Option<usize> {
        self.pos
            .get(stage as usize)
            .copied()
            .flatten()
            .map(usize::from)
    }

    /// The ladder the dashboard climbs: every stage but 流失, in order (成交 on top).
    pub fn ladder(&self) -> Vec<Stage> {
        self.stages().filter(|s| *s != Stage::Lost).collect()
    }

    /// A stage's rung on the ladder: its position; `None` for 流失. A stage not in the
    /// pipeline (only in data older than the list, e.g. an undone import bringing a removed
    /// stage back) stands on the first rung, as the board shows it in the first column.
    pub fn rung(&self, stage: Stage) -> Option<u8> {
        if stage == Stage::Lost {
            return None;
        }
        Some(self.pos.get(stage as usize).copied().flatten().unwrap_or(0))
    }

    /// A change that moves a customer forward: up the ladder, or out of 流失 (a revival);
    /// never into 流失.
    pub fn is_advance(&self, from: Stage, to: Stage) -> bool {
        match (self.rung(from), self.rung(to)) {
            (_, None) => false,
            (None, Some(_)) => true,
            (Some(a), Some(b)) => b > a,
        }
    }

    /// The key the list sorts stages by: the position, stages not in the pipeline last.
    pub fn sort_rank(&self, stage: Stage) -> usize {
        self.position(stage).unwrap_or(STAGE_COUNT)
    }

    /// The stage's playbook: the key tasks a customer entering it gets (none for a stage not
    /// in the pipeline).
    pub fn playbook(&self, stage: Stage) -> &[crate::model::TaskTemplate] {
        self.stages
            .iter()
            .find(|s| s.stage == stage)
            .map_or(&[], |s| s.tasks.as_slice())
    }

    /// The user's name of a stage, if they gave one.
    pub fn custom_name(&self, stage: Stage) -> Option<&str> {
        self.stages
            .iter()
            .find(|s| s.stage == stage && !s.name.is_empty())
            .map(|s| s.name.as_str())
    }

    /// A stage as the user reads it: their name, else the built-in label in `lang`.
    pub fn label(&self, stage: Stage, lang: Language) -> &str {
        self.custom_name(stage)
            .unwrap_or_else(|| builtin_label(stage, lang))
    }

    /// Refuses a stage the pipeline does not have (a custom stage removed in settings, or a
    /// slot never added) under `field`.
    pub fn check(&self, field: &str, stage: Stage) -> Result<()> {
        if self.contains(stage) {
            Ok(())
        } else {
            Err(CoreError::invalid(field, Invalid::UnknownStage))
        }
    }
}
