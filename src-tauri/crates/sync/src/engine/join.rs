//! Setting a desktop's book up for the team: sharing it (creating a team book from it, or
//! joining with a book whose customers the team lacks), previewing a join, leaving.
use super::{blocking, SyncEngine};
use crate::error::{Result, SyncError};
use crate::people::Role;
use rapport_core::import::plan::{match_keys, merge_into, MatchKey};
use rapport_core::model::CustomerFields;
use std::collections::{HashMap, HashSet};
use tokio_postgres::types::Json;

/// The team's customers' fields by id.
type TeamFields = HashMap<String, CustomerFields>;

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
    /// Duplicates whose team customer is in the shared pool (公海), which a salesperson's
    /// join claims as theirs: a salesperson may not write to a pool customer, and the
    /// customer was theirs in their own book.
    pub claimed: usize,
}

impl SyncEngine {
    /// Counts what a join would merge (see [`JoinPreview`]); changes nothing.
    pub async fn join_preview(&mut self) -> Result<JoinPreview> {
        Ok(self.plan_join().await?.0)
    }

    /// Whether this login's join claims pool duplicates (a salesperson's; managers and admins
    /// write to pool customers as they are).
    async fn claims_from_pool(&mut self) -> Result<bool> {
        let me = self.server().await?.whoami().await?;
        Ok(matches!(me, Some(p) if p.role == Role::Salesperson))
    }

    /// Joins the team with this desktop's own book: each customer the team already has (the
    /// preview's duplicates; a team customer matched by several of this book's, only the
    /// first) is taken over under the team's id — the team's fields kept, its empty ones
    /// filled from this book's (the import's merge rules), this book's follow-ups, records,
    /// history and tags moved to it; a tag named like one of the team's becomes the team's —
    /// then the book is shared (everything queued) and a round
    /// runs: this book's customers reach the team, the team's reach this book. Returns what
    /// was merged, as the preview counted it.
    pub async fn join(&mut self) -> Result<JoinPreview> {
        let preview = self.join_without_pull().await?;
        self.sync_once().await?;
        Ok(preview)
    }

    /// [`SyncEngine::join`] up to the team's customers reaching this book: merged, shared and
    /// pushed, not pulled. For a large team book, whose first sync the app writes in step
    /// processes (`first_sync`) before it opens the book again.
    pub async fn join_without_pull(&mut self) -> Result<JoinPreview> {
        if self.store.is_team_book() {
            return Err(SyncError::InvalidOp {
                message: "this book is a team book already".to_owned(),
            });
        }
        let (mut preview, team, pool) = self.plan_join().await?;
        // The team's tags first: a tag named like one of them becomes that one (its id).
        let tags = self
            .server()
            .await?
            .client()
            .query(
                "select id, data ->> 'name' from rapport.tags
                  where deleted_at is null and data ->> 'name' is not null order by id",
                &[],
            )
            .await
            .map_err(SyncError::from_query)?;
        let tags: Vec<(String, String)> = tags.iter().map(|r| (r.get(0), r.get(1))).collect();
        let store = self.store.clone();
        blocking(move || store.adopt_team_tags(&tags)).await?;
        let mut taken = std::collections::HashSet::new();
        preview.duplicates.retain(|(_, t)| taken.insert(t.clone()));
        preview.new = preview.local - preview.duplicates.len();
        preview.claimed = 0;
        for (_, team_id) in &preview.duplicates {
            if !pool.contains(team_id) {
                continue;
            }
            // Before the merged fields go up (the server would refuse them on a pool customer).
            match self.server().await?.claim(team_id).await {
                Ok(_) => preview.claimed += 1,
                // A colleague was quicker: merged all the same, the fields wait set aside.
                Err(SyncError::NotInPool) => {}
                Err(e) => return Err(e),
            }
        }
        for (local, team_id) in &preview.duplicates {
            let Some(fields) = team.get(team_id).cloned() else {
                continue;
            };
            let (store, local, team_id) = (self.store.clone(), local.clone(), team_id.clone());
            blocking(move || {
                let mine = store.get_customer(&local)?;
                let theirs = rapport_core::model::Customer {
                    id: team_id.clone(),
                    fields,
                    ..mine.clone()
                };
                let planned = rapport_core::model::CustomerInput {
                    fields: mine.fields,
                    tags: Vec::new(),
                };
                let merged = merge_into(&theirs, &[], &planned).fields;
                store.rekey_customer(&local, &team_id, merged)
            })
            .await?;
        }
        self.share_book().await?;
        self.push_outbox(&mut super::RoundReport::default()).await?;
        Ok(preview)
    }

    /// The preview, the team's customers' fields by id, and the pool customers this login's
    /// join would claim (none but a salesperson's).
    async fn plan_join(&mut self) -> Result<(JoinPreview, TeamFields, HashSet<String>)> {
        let claims = self.claims_from_pool().await?;
        let rows = self
            .server()
            .await?
            .client()
            .query(
                "select id, data, owner is null from rapport.customers
                  where deleted_at is null order by id",
                &[],
            )
            .await
            .map_err(SyncError::from_query)?;
        let mut keys: HashMap<MatchKey, String> = HashMap::new();
        let mut team = HashMap::new();
        let mut pool = HashSet::new();
        for row in &rows {
            let id: String = row.get(0);
            let Json(data): Json<serde_json::Value> = row.get(1);
            if claims && row.get::<_, bool>(2) {
                pool.insert(id.clone());
            }
            // A row this version cannot read matches nothing (and is still pulled as is).
            let Ok(fields) = serde_json::from_value::<CustomerFields>(data) else {
                continue;
            };
            for key in match_keys(&fields) {
                keys.entry(key).or_insert_with(|| id.clone());
            }
            team.insert(id, fields);
        }
        let store = self.store.clone();
        let local = blocking(move || store.live_customers()).await?;
        let mut preview = JoinPreview {
            local: local.len(),
            team: rows.len(),
            ..Default::default()
        };
        let mut claimed = HashSet::new();
        for c in local {
            match match_keys(&c.fields).iter().find_map(|k| keys.get(k)) {
                Some(t) => {
                    if pool.contains(t) {
                        claimed.insert(t.clone());
                    }
                    preview.duplicates.push((c.id, t.clone()));
                }
                None => preview.new += 1,
            }
        }
        preview.claimed = claimed.len();
        Ok((preview, team, pool))
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
