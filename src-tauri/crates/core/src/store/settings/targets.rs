//! Saving the sales targets alone (the 业绩 view's editor), so it never writes back a stale
//! copy of the other settings. In a team book the list travels as the `targets` team setting.
use crate::error::Result;
use crate::model::{Language, SalesTarget, Settings};
use crate::store::Store;
use crate::validate;

impl Store {
    /// Replaces the targets with `targets` (checked; blank rows dropped) and returns them as
    /// saved. Refused, nothing is written.
    pub fn save_targets(&self, targets: Vec<SalesTarget>) -> Result<Vec<SalesTarget>> {
        let _w = self.writer()?;
        let mut settings = self
            .settings()?
            .unwrap_or_else(|| Settings::with_language(Language::default()));
        settings.targets = targets;
        let saved = self.write_settings(validate::settings(settings)?)?;
        Ok(saved.targets)
    }
}
