//! Saving the sales targets alone (the 业绩 view's editor), so it never writes back a stale
//! copy of the other settings. In a team book the list travels as the `targets` team setting.
use crate::error::Result;
use crate::model::{Language, SalesTarget, Settings, TeamMe};
use crate::store::Store;
use crate::validate;

impl Store {
    /// Replaces the targets with `targets` (checked; blank rows dropped) and returns them as
    /// saved. Refused, nothing is written.
    pub fn save_targets(&self, targets: Vec<SalesTarget>) -> Result<Vec<SalesTarget>> {
        self.save_targets_as(targets, None)
    }

    /// The same for `me`: in a team book only the team's admin changes the targets (see
    /// `save_settings_as`).
    pub fn save_targets_as(
        &self,
        targets: Vec<SalesTarget>,
        me: Option<&TeamMe>,
    ) -> Result<Vec<SalesTarget>> {
        let _w = self.writer()?;
        let old = self.settings()?;
        let mut settings = old
            .clone()
            .unwrap_or_else(|| Settings::with_language(Language::default()));
        settings.targets = targets;
        let settings = validate::settings(settings)?;
        if self.trees.team_book() {
            super::team::check_role(me, old.as_ref(), &settings)?;
        }
        let saved = self.write_settings(settings)?;
        Ok(saved.targets)
    }
}
