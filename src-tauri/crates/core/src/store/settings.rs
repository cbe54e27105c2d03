use super::codec::{decode, encode};
use super::Store;
use crate::error::Result;
use crate::model::Settings;
use crate::validate;

const KEY: &[u8] = b"settings";

impl Store {
    /// The saved settings, or `None` on first start (the shell then follows the system locale).
    pub fn settings(&self) -> Result<Option<Settings>> {
        self.trees.meta.get(KEY)?.map(|v| decode(&v)).transpose()
    }

    pub fn save_settings(&self, settings: Settings) -> Result<Settings> {
        let settings = validate::settings(settings)?;
        let _w = self.writer()?;
        self.trees.meta.insert(KEY, encode(&settings)?)?;
        self.flush()?;
        Ok(settings)
    }
}
