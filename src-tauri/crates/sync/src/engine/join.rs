//! Setting a desktop's book up for the team: sharing it (creating a team book from it, or
//! joining with a book whose customers the team lacks), previewing a join, leaving.
use super::{blocking, SyncEngine};
use crate::error::{Result, SyncError};
use rapport_core::import::plan::{match_keys, MatchKey};
use rapport_core::model::CustomerFields;
use std::collections::HashMap;
use tokio_postgres::types::Json;

/// What joining the team would do with this desktop's book, counted before anything changes.
/// Duplicates follow the import's rules (same phone, e-mail, or name + company, normalised).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct JoinPreview {
    /// This book's customers (not in the trash).
    pub local: usize,
    /// The team's customers this person may see (not in the trash).
    pub team: usize,
    /// Pairs (this book's customer id, the team's customer id) that are one customer.
    pub duplicates: Vec<(String, String)>,
    /// This book's customers the team does not have.
    pub new: usize,
}

impl SyncEngine {
    /// Counts what a join would merge (see [`JoinPreview`]); changes nothing.
    pub async fn join_preview(&mut self) -> Result<JoinPreview> {
        let rows = self
            .server()
            .await?
            .client()
            .query(
                "select id, data from rapport.customers where deleted_at is null order by id",
                &[],
            )
            .await
            .map_err(SyncError::from_query)?;
        let mut team: HashMap<MatchKey, String> = HashMap::new();
        for row in &rows {
            let id: String = row.get(0);
            let Json(data): Json<serde_json::Value> = row.get(1);
            // A row this version cannot read matches nothing (and is still pulled as is).
            let Ok(fields) = serde_json::from_value::<CustomerFields>(data) else {
                continue;
            };
            for key in match_keys(&fields) {
                team.entry(key).or_insert_with(|| id.clone());
            }
        }
        let store = self.store.clone();
        let local = blocking(move || store.live_customers()).await?;
        let mut preview = JoinPreview {
            local: local.len(),
            team: rows.len(),
            ..Default::default()
        };
        for c in local {
            match match_keys(&c.fields).iter().find_map(|k| team.get(k)) {
                Some(t) => preview.duplicates.push((c.id, t.clone())),
                None => preview.new += 1,
            }
        }
        Ok(preview)
    }

    /// Makes this desktop's book a team book and queues all of it for upload (creating a team
    /// book from this one); the next round pushes it. Returns the ops queued.
    pub async fn share_book(&self) -> Result<usize> {
        let store = self.store.clone();
        blocking(move || store.share_book()).await
    }

    /// Leaves the team: this book stays as a personal copy (see `Store::leave_team`); returns
    /// the unsent ops dropped. Stop the engine afterwards.
    pub async fn leave(&mut self) -> Result<usize> {
        self.server = None;
        let store = self.store.clone();
        blocking(move || store.leave_team()).await
    }
}
