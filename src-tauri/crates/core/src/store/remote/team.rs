//! What a team book keeps about the team besides records: its people as last pulled (the owner
//! picker's names, offline too; the map from a customer's `owner` column, a person id, to the
//! name the book shows), and the notices a pull raised for me until the shell shows them.
use crate::error::{CoreError, Result};
use crate::model::{TeamNotice, TeamPeople, TeamPerson};
use crate::store::Store;
use sled::transaction::{ConflictableTransactionError as Abort, TransactionalTree};
use ulid::Ulid;

/// `meta` key of the team's people ([`TeamPeople`], JSON).
const PEOPLE: &[u8] = b"team_people";
/// `meta` key prefix of the notices waiting to be shown (then a ULID, so they come in order).
const NOTICE: &[u8] = b"team_notice/";

fn storage(e: impl std::fmt::Display) -> CoreError {
    CoreError::Storage(e.to_string())
}

/// Queues a notice inside a pull's transaction.
pub(super) fn queue(
    meta: &TransactionalTree,
    notice: &TeamNotice,
) -> sled::transaction::ConflictableTransactionResult<(), CoreError> {
    let mut key = NOTICE.to_vec();
    key.extend_from_slice(&Ulid::new().to_bytes());
    let value = serde_json::to_vec(notice).map_err(|e| Abort::Abort(storage(e)))?;
    meta.insert(key, value)?;
    Ok(())
}

/// Queues a notice outside a transaction.
pub(super) fn push(meta: &sled::Tree, notice: &TeamNotice) -> Result<()> {
    let mut key = NOTICE.to_vec();
    key.extend_from_slice(&Ulid::new().to_bytes());
    meta.insert(key, serde_json::to_vec(notice).map_err(storage)?)?;
    Ok(())
}

impl Store {
    /// The team's people as the last pull brought them (empty before the first, and in a
    /// personal book).
    pub fn team_people(&self) -> Result<TeamPeople> {
        Ok(self
            .trees
            .meta
            .get(PEOPLE)?
            .and_then(|v| serde_json::from_slice(&v).ok())
            .unwrap_or_default())
    }

    /// Merges pulled people (by id; a removed one is kept, marked `left`) and, when known,
    /// which one this login is. Returns the list as kept.
    pub fn update_team_people(
        &self,
        pulled: &[TeamPerson],
        me: Option<&str>,
    ) -> Result<TeamPeople> {
        let mut people = self.team_people()?;
        for p in pulled {
            match people.people.iter_mut().find(|k| k.id == p.id) {
                Some(k) => *k = p.clone(),
                None => people.people.push(p.clone()),
            }
        }
        people
            .people
            .sort_by_cached_key(|p| (crate::collate::sort_key(&p.name), p.id.clone()));
        if let Some(me) = me {
            people.me = Some(me.to_owned());
        }
        let value = serde_json::to_vec(&people).map_err(storage)?;
        self.trees.meta.insert(PEOPLE, value)?;
        // 我是 (who uses this computer, a local setting) left blank: in a team book it is my
        // name on the team, so what I log and move is credited to me, not to the customer's
        // owner. A book without settings yet keeps none (the first save would upload them all).
        if let (Some(name), Some(mut settings)) = (people.my_name(), self.settings()?) {
            if settings.me.trim().is_empty() {
                settings.me = name.to_owned();
                let value = crate::store::infra::codec::encode(&settings)?;
                self.trees.meta.insert(crate::store::settings::KEY, value)?;
            }
        }
        Ok(people)
    }

    /// The notices pulls raised since the last call, oldest first; they leave the book.
    pub fn take_team_notices(&self) -> Result<Vec<TeamNotice>> {
        let mut out = Vec::new();
        for kv in self.trees.meta.scan_prefix(NOTICE) {
            let (k, v) = kv?;
            self.trees.meta.remove(&k)?;
            // A notice this version cannot read is dropped: it is a hint, not a record.
            if let Ok(n) = serde_json::from_slice(&v) {
                out.push(n);
            }
        }
        Ok(out)
    }
}
