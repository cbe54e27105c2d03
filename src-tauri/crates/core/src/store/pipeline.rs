//! The pipeline board (customers by stage) and moving a customer to another stage.
use super::followup_tx::check;
use super::history;
use super::keys::parse_id;
use super::Store;
use crate::analytics::CustomerFact;
use crate::error::{CoreError, Entity, Invalid, Result};
use crate::model::{Board, BoardCard, BoardColumn, BoardQuery, Customer, Stage};
use crate::stages::Pipeline;
use chrono::{DateTime, Utc};
use rustc_hash::FxHashMap;
use sled::transaction::ConflictableTransactionError as Abort;
use ulid::Ulid;

/// The board's columns with the default settings; the board shows the user's pipeline
/// (`Settings::stages`: renamed, reordered, custom stages added).
pub const BOARD_STAGES: [Stage; 6] = crate::stages::BUILT_IN_STAGES;

/// Most cards one request may ask for per column.
const MAX_CARDS: u32 = 1_000;
/// Longest lost reason kept.
const MAX_REASON: usize = 200;

impl Store {
    /// The board with the first `per_column` cards of every column: one per stage of the
    /// user's pipeline, in its order.
    pub fn board(&self, q: &BoardQuery, per_column: u32, now: DateTime<Utc>) -> Result<Board> {
        let pipeline = self.pipeline()?;
        let mut columns = self.board_cards(q, &pipeline, now)?;
        Ok(Board {
            columns: pipeline
                .stages()
                .map(|s| column(s, columns.remove(&s).unwrap_or_default(), 0, per_column))
                .collect(),
        })
    }

    /// `limit` cards of one column from `offset` on.
    pub fn board_column(
        &self,
        q: &BoardQuery,
        stage: Stage,
        offset: u32,
        limit: u32,
        now: DateTime<Utc>,
    ) -> Result<BoardColumn> {
        let pipeline = self.pipeline()?;
        pipeline.check("stage", stage)?;
        let cards = self
            .board_cards(q, &pipeline, now)?
            .remove(&stage)
            .unwrap_or_default();
        Ok(column(stage, cards, offset, limit))
    }

    /// Every matching customer's card, per stage, sorted. A customer at a stage the pipeline
    /// no longer has (see `Pipeline::rung`) is shown in the first column.
    fn board_cards(
        &self,
        q: &BoardQuery,
        pipeline: &Pipeline,
        now: DateTime<Utc>,
    ) -> Result<FxHashMap<Stage, Vec<(String, BoardCard)>>> {
        let first = pipeline.stages().next().unwrap_or_default();
        let tags: Vec<u128> = q
            .tag_ids
            .iter()
            .filter_map(|t| Ulid::from_string(t).ok())
            .map(|u| u.0)
            .collect();
        let view = self.view()?;
        let due = self.due()?;
        self.with_facts(|set| {
            let mut bought: FxHashMap<&str, i64> = FxHashMap::default();
            for d in &set.deals {
                *bought.entry(d.customer_id.as_str()).or_default() += d.amount_cents;
            }
            let mut out: FxHashMap<Stage, Vec<(String, BoardCard)>> = FxHashMap::default();
            for c in &set.customers {
                let Ok(id) = Ulid::from_string(&c.id) else {
                    continue;
                };
                let Some(row) = view.live_row(&id) else {
                    continue;
                };
                if !passes(q, c)
                    || !(tags.is_empty() || tags.iter().any(|t| row.tag_ids.contains(t)))
                {
                    continue;
                }
                let next_due = due.next_for(id);
                let amount_cents = match c.stage {
                    Stage::Won => bought.get(c.id.as_str()).copied().unwrap_or(0),
                    _ => c.expected_cents,
                };
                let card = BoardCard {
                    id: c.id.clone(),
                    name: c.name.clone(),
                    company: row.company.clone(),
                    owner: c.owner.clone(),
                    amount_cents,
                    next_due,
                    overdue: next_due.is_some_and(|d| d < now),
                    lost_reason: c.lost_reason.clone(),
                };
                let stage = if pipeline.contains(c.stage) {
                    c.stage
                } else {
                    first
                };
                out.entry(stage)
                    .or_default()
                    .push((crate::collate::sort_key(&c.name), card));
            }
            for cards in out.values_mut() {
                // Soonest due first (so the most overdue lead), those without a date last.
                cards.sort_by(|(ka, a), (kb, b)| {
                    (a.next_due.is_none(), a.next_due, ka).cmp(&(
                        b.next_due.is_none(),
                        b.next_due,
                        kb,
                    ))
                });
            }
            out
        })
    }

    /// Moves a customer to `stage` (one of the pipeline's), recorded in its history as made
    /// by the settings' `me`; 流失 needs a reason.
    pub fn move_stage(
        &self,
        id: &str,
        stage: Stage,
        lost_reason: &str,
        now: DateTime<Utc>,
    ) -> Result<Customer> {
        let id = parse_id("id", id)?;
        let reason = lost_reason.trim();
        if stage == Stage::Lost && reason.is_empty() {
            return Err(CoreError::invalid(
                "lostReason",
                Invalid::LostReasonRequired,
            ));
        }
        if reason.chars().count() > MAX_REASON {
            return Err(CoreError::invalid(
                "lostReason",
                Invalid::TooLong { max: MAX_REASON },
            ));
        }
        let _w = self.writer()?;
        let author = self.author()?;
        author.pipeline.check("stage", stage)?;
        let saved = self.trees.write(|tx| {
            let old = match tx.customers.get(id)? {
                Some(c) if c.deleted_at.is_none() => c,
                _ => {
                    return check(Err(CoreError::NotFound {
                        entity: Entity::Customer,
                        id: id.to_string(),
                    }))
                }
            };
            let mut new = old.clone();
            new.fields.stage = stage;
            new.fields.lost_reason = if stage == Stage::Lost {
                reason.to_string()
            } else {
                String::new()
            };
            new.updated_at = now.max(old.created_at);
            tx.customers.put(id, Some(&old), &new)?;
            let changes = history::changes(&old.fields, &new.fields);
            history::record(tx.history, id, now, changes, None, &author.by)?;
            Ok::<_, Abort<CoreError>>(new)
        })?;
        self.commit(std::slice::from_ref(&saved))?;
        Ok(saved)
    }
}

fn passes(q: &BoardQuery, c: &CustomerFact) -> bool {
    (q.owners.is_empty() || q.owners.contains(&c.owner))
        && (q.categories.is_empty() || c.category.is_some_and(|k| q.categories.contains(&k)))
        && (q.sources.is_empty() || q.sources.contains(&c.source))
}

fn column(stage: Stage, cards: Vec<(String, BoardCard)>, offset: u32, limit: u32) -> BoardColumn {
    let count = cards.len() as u32;
    let amount_cents = cards.iter().map(|(_, c)| c.amount_cents).sum();
    let limit = limit.min(MAX_CARDS) as usize;
    BoardColumn {
        stage,
        count,
        amount_cents,
        offset: offset.min(count),
        cards: cards
            .into_iter()
            .skip(offset as usize)
            .take(limit)
            .map(|(_, c)| c)
            .collect(),
    }
}
