//! The backup password, kept in the book's `meta` tree (never in `Settings`, which the UI
//! reads and exports carry). It protects backups where they travel (a USB stick, a cloud
//! folder); the book on this computer is not encrypted.
use crate::error::{CoreError, Invalid, Result};
use crate::store::Store;

const KEY: &[u8] = b"backup_password";
pub const MIN_PASSWORD: usize = 8;
pub const MAX_PASSWORD: usize = 200;

pub(crate) fn password_in(meta: &sled::Tree) -> Result<Option<String>> {
    meta.get(KEY)?
        .map(|v| {
            String::from_utf8(v.to_vec())
                .map_err(|_| CoreError::Corrupt("backup password is not UTF-8".into()))
        })
        .transpose()
}

impl Store {
    /// True when new backups are encrypted.
    pub fn has_backup_password(&self) -> Result<bool> {
        Ok(self.trees.meta.contains_key(KEY)?)
    }

    pub(crate) fn backup_password(&self) -> Result<Option<String>> {
        password_in(&self.trees.meta)
    }

    /// Sets (or with `None` clears) the password that encrypts new backups. Backups already
    /// made keep the password they were made with.
    pub fn set_backup_password(&self, password: Option<&str>) -> Result<()> {
        if let Some(p) = password {
            let n = p.chars().count();
            if n < MIN_PASSWORD {
                return Err(CoreError::invalid(
                    "backupPassword",
                    Invalid::TooShort { min: MIN_PASSWORD },
                ));
            }
            if n > MAX_PASSWORD {
                return Err(CoreError::invalid(
                    "backupPassword",
                    Invalid::TooLong { max: MAX_PASSWORD },
                ));
            }
        }
        let _w = self.writer()?;
        match password {
            Some(p) => self.trees.meta.insert(KEY, p.as_bytes())?,
            None => self.trees.meta.remove(KEY)?,
        };
        self.flush()
    }
}
