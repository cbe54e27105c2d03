//! The book's settings in `meta`: the user's settings and flags, the stage list writes are
//! checked against (`stages`) and the backup password (`backup_password`).
pub(in crate::store) mod backup_password;
mod edit_merge;
mod products;
pub(in crate::store) mod stages;
mod targets;
pub(in crate::store) mod team;

use crate::error::Result;
use crate::model::{Settings, TeamMe};
use crate::stages::Pipeline;
use crate::store::infra::codec::{decode, encode};
use crate::store::Store;
use crate::validate;

pub(in crate::store) const KEY: &[u8] = b"settings";

impl Store {
    /// The saved settings, or `None` on first start (the shell then follows the system locale).
    pub fn settings(&self) -> Result<Option<Settings>> {
        self.trees.meta.get(KEY)?.map(|v| decode(&v)).transpose()
    }

    /// Saves checked settings; a stage removed from the pipeline must be unused (customers,
    /// the trash, opportunities). Refused, nothing is written.
    pub fn save_settings(&self, settings: Settings) -> Result<Settings> {
        self.save_settings_as(settings, None)
    }

    /// Saves settings for `me`, this login in the team: in a team book only the team's admin
    /// changes a shared setting (`AdminOnly`, naming it, for anyone else; nothing written).
    /// `None` (a personal book, or the role not known yet): no check here, the server's
    /// row-level security still decides.
    pub fn save_settings_as(&self, settings: Settings, me: Option<&TeamMe>) -> Result<Settings> {
        let settings = validate::settings(settings)?;
        let _w = self.writer()?;
        if self.trees.team_book() {
            team::check_role(me, self.settings()?.as_ref(), &settings)?;
        }
        self.write_settings(settings)
    }

    /// Saves a settings form: `edited` as a change from `opened` (the settings the form was
    /// opened with), so a setting that changed meanwhile (a pull, another window) and that the
    /// form left alone keeps its new value instead of the form's stale copy. Checked and
    /// refused as [`Store::save_settings_as`].
    pub fn save_settings_edit(
        &self,
        opened: &Settings,
        edited: Settings,
        me: Option<&TeamMe>,
    ) -> Result<Settings> {
        let _w = self.writer()?;
        let stored = self.settings()?;
        let settings = match &stored {
            Some(stored) => edit_merge::merge(stored, opened, edited)?,
            None => edited,
        };
        let settings = validate::settings(settings)?;
        if self.trees.team_book() {
            team::check_role(me, stored.as_ref(), &settings)?;
        }
        self.write_settings(settings)
    }

    /// Writes checked settings (under the writer lock), with the team's ops in a team book.
    pub(in crate::store) fn write_settings(&self, settings: Settings) -> Result<Settings> {
        self.check_removed_stages(&Pipeline::of(Some(&settings)))?;
        let value = encode(&settings)?;
        if self.trees.team_book() {
            // The team-shared settings change with their ops, in one transaction.
            let old = self.settings()?;
            self.trees.write(|tx| {
                tx.meta.insert(KEY, value.as_slice())?;
                team::ops(&tx.outbox, old.as_ref(), &settings)
            })?;
        } else {
            self.trees.meta.insert(KEY, value)?;
        }
        self.flush()?;
        Ok(settings)
    }
}

impl Store {
    /// A small persisted yes/no kept in the book (e.g. "the notification hint was read").
    pub fn flag(&self, name: &str) -> Result<bool> {
        Ok(self
            .trees
            .meta
            .contains_key(format!("flag/{name}").as_bytes())?)
    }

    pub fn set_flag(&self, name: &str) -> Result<()> {
        let _w = self.writer()?;
        self.trees
            .meta
            .insert(format!("flag/{name}").as_bytes(), &[1u8])?;
        self.flush()
    }
}
