//! What writes take from the settings — the pipeline their stages must be in and who makes
//! them — and the check that a stage removed from the pipeline is no longer in use.
use crate::error::{CoreError, Invalid, Result};
use crate::model::{Language, Stage};
use crate::stages::Pipeline;
use crate::store::infra::codec::decode;
use crate::store::Store;
use serde::Deserialize;

/// Read from the settings once per write, under the writer lock: a settings save (which
/// takes it too) cannot remove a stage between the check and the write.
pub(in crate::store) struct Author {
    pub pipeline: Pipeline,
    /// The settings' `me`, recorded on history events (empty when not set).
    pub by: String,
}

/// The field of a stored opportunity this check needs.
#[derive(Deserialize)]
struct OpportunityStage {
    stage: Stage,
}

impl Store {
    /// The user's pipeline (the built-in one until settings are saved).
    pub fn pipeline(&self) -> Result<Pipeline> {
        Ok(Pipeline::of(self.settings()?.as_ref()))
    }

    pub(in crate::store) fn author(&self) -> Result<Author> {
        let settings = self.settings()?;
        let mut by = settings.as_ref().map(|s| s.me.clone()).unwrap_or_default();
        if by.trim().is_empty() && self.is_team_book() {
            // In a team book the team knows who I am (`Store::team_people`).
            by = self.team_people()?.my_name().unwrap_or_default().to_owned();
        }
        Ok(Author {
            pipeline: Pipeline::of(settings.as_ref()),
            by,
        })
    }

    /// Refuses `new` when it leaves out a stage of the saved pipeline that customers (live or
    /// in the trash) or opportunities are still at, naming the first such stage and how many
    /// use it. Call under the writer lock.
    pub(in crate::store) fn check_removed_stages(&self, new: &Pipeline) -> Result<()> {
        let old = self.pipeline()?;
        let removed: Vec<Stage> = old.stages().filter(|s| !new.contains(*s)).collect();
        if removed.is_empty() {
            return Ok(());
        }
        let mut customers = vec![0u32; removed.len()];
        let mut opportunities = vec![0u32; removed.len()];
        for (_, row) in self.view()?.records() {
            if let Some(i) = removed.iter().position(|s| *s == row.stage) {
                customers[i] += 1;
            }
        }
        for item in self.trees.opportunity_by_id.iter() {
            let (_, v) = item?;
            let o: OpportunityStage = decode(&v)?;
            if let Some(i) = removed.iter().position(|s| *s == o.stage) {
                opportunities[i] += 1;
            }
        }
        for (i, stage) in removed.iter().enumerate() {
            if customers[i] + opportunities[i] > 0 {
                return Err(CoreError::invalid(
                    "stages",
                    Invalid::StageInUse {
                        // Only custom stages can be removed, and they always have a name.
                        name: old.label(*stage, Language::Zh).to_string(),
                        customers: customers[i],
                        opportunities: opportunities[i],
                    },
                ));
            }
        }
        Ok(())
    }
}
