//! The pipeline board (customers by stage) and moving a customer to another stage.
use crate::analytics::CustomerFact;
use crate::error::{CoreError, Entity, Invalid, Result};
use crate::model::{Board, BoardCard, BoardColumn, BoardQuery, Customer, Stage};
use crate::stages::Pipeline;
use crate::store::followups::tx::check;
use crate::store::history;
use crate::store::infra::keys::parse_id;
use crate::store::Store;
use chrono::{DateTime, TimeZone, Utc};
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
        let mut columns = self.board_columns(q, &pipeline, now, |_| Some((0, per_column)))?;
        for col in columns.values_mut() {
            self.count_tasks(col)?;
        }
        Ok(Board {
            columns: pipeline
                .stages()
                .map(|s| columns.remove(&s).unwrap_or_else(|| empty(s)))
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
        let page = |s: Stage| (s == stage).then_some((offset, limit));
        let mut columns = self.board_columns(q, &pipeline, now, page)?;
        let mut col = columns.remove(&stage).unwrap_or_else(|| empty(stage));
        self.count_tasks(&mut col)?;
        Ok(col)
    }

    /// Each card's "2/5": its tasks of the column's stage.
    fn count_tasks(&self, col: &mut BoardColumn) -> Result<()> {
        for card in &mut col.cards {
            let id = parse_id("id", &card.id)?;
            (card.tasks_done, card.tasks_total) = self.stage_task_count(id, col.stage)?;
        }
        Ok(())
    }

    /// The columns `page` asks for (offset, limit): every matching customer counted and
    /// summed, cards soonest due first (so the most overdue lead), those without a date last,
    /// then by name. Only the cards of the page are built. A customer at a stage the pipeline
    /// no longer has (see `Pipeline::rung`) is shown in the first column.
    fn board_columns(
        &self,
        q: &BoardQuery,
        pipeline: &Pipeline,
        now: DateTime<Utc>,
        page: impl Fn(Stage) -> Option<(u32, u32)>,
    ) -> Result<FxHashMap<Stage, BoardColumn>> {
        let first = pipeline.stages().next().unwrap_or_default();
        let tags: Vec<u128> = q
            .tag_ids
            .iter()
            .filter_map(|t| Ulid::from_string(t).ok())
            .map(|u| u.0)
            .collect();
        let view = self.view()?;
        let due = self.due(&view)?;
        self.with_facts(|set| {
            let mut bought: FxHashMap<&str, i64> = FxHashMap::default();
            for d in &set.deals {
                *bought.entry(&*d.customer_id).or_default() += d.amount_cents;
            }
            let mut slots: FxHashMap<Stage, Vec<Slot>> = FxHashMap::default();
            let mut totals: FxHashMap<Stage, (u32, i64)> = FxHashMap::default();
            for c in &set.customers {
                let Ok(id) = Ulid::from_string(&c.id) else {
                    continue;
                };
                let Some((row, name_key)) = view.live_row_keyed(&id) else {
                    continue;
                };
                if !passes(q, c)
                    || !(tags.is_empty() || tags.iter().any(|t| row.tag_ids.contains(t)))
                {
                    continue;
                }
                let amount_cents = match c.stage {
                    Stage::Won => bought.get(&*c.id).copied().unwrap_or(0),
                    _ => c.expected_cents,
                };
                let stage = if pipeline.contains(c.stage) {
                    c.stage
                } else {
                    first
                };
                let total = totals.entry(stage).or_default();
                total.0 += 1;
                total.1 += amount_cents;
                if page(stage).is_some() {
                    slots.entry(stage).or_default().push(Slot {
                        next_due: due.next_for(id),
                        name_key,
                        fact: c,
                        company: &row.company,
                        amount_cents,
                    });
                }
            }
            let mut out = FxHashMap::default();
            for (stage, (count, amount_cents)) in totals {
                let Some((offset, limit)) = page(stage) else {
                    continue;
                };
                let slots = slots.remove(&stage).unwrap_or_default();
                let cards = page_of(slots, offset, limit.min(MAX_CARDS))
                    .into_iter()
                    .map(|s| s.card(now))
                    .collect::<Vec<_>>();
                out.insert(
                    stage,
                    BoardColumn {
                        stage,
                        count,
                        amount_cents,
                        offset: offset.min(count),
                        cards,
                    },
                );
            }
            out
        })
    }

    /// [`Store::move_stage_in`] with the playbook's due days counted in UTC (tests, benches).
    pub fn move_stage(
        &self,
        id: &str,
        stage: Stage,
        lost_reason: &str,
        now: DateTime<Utc>,
    ) -> Result<Customer> {
        self.move_stage_in(id, stage, lost_reason, now, &Utc)
    }

    /// Moves a customer to `stage` (one of the pipeline's), recorded in its history as made
    /// by the settings' `me`; 流失 needs a reason. Entering a stage makes its playbook's tasks
    /// (due days counted from `now`'s local day in `tz`), in the same transaction.
    pub fn move_stage_in<Tz: TimeZone>(
        &self,
        id: &str,
        stage: Stage,
        lost_reason: &str,
        now: DateTime<Utc>,
        tz: &Tz,
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
        let current = self.get_customer(&id.to_string())?;
        let tasks = self.tasks_on_entry(&author.pipeline, &current, stage, now, tz)?;
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
            if old.fields.stage != stage {
                tasks.put(&tx.tasks, id)?;
            }
            let changes = history::changes(&old.fields, &new.fields);
            history::record(&tx.history, id, now, changes, None, &author.by)?;
            Ok::<_, Abort<CoreError>>(new)
        })?;
        self.commit(std::slice::from_ref(&saved))?;
        Ok(saved)
    }
}

fn passes(q: &BoardQuery, c: &CustomerFact) -> bool {
    let listed = |list: &[String], value: &str| list.is_empty() || list.iter().any(|v| v == value);
    listed(&q.owners, &c.owner)
        && (q.categories.is_empty() || c.category.is_some_and(|k| q.categories.contains(&k)))
        && listed(&q.sources, &c.source)
}

/// A matching customer before its card is built: what the board sorts by and shows.
struct Slot<'a> {
    next_due: Option<DateTime<Utc>>,
    name_key: &'a str,
    fact: &'a CustomerFact,
    company: &'a str,
    amount_cents: i64,
}

impl Slot<'_> {
    /// Soonest due first, those without a date last, then by name (then id, for a stable
    /// order between namesakes).
    fn order(&self) -> (bool, Option<DateTime<Utc>>, &str, &str) {
        (
            self.next_due.is_none(),
            self.next_due,
            self.name_key,
            &self.fact.id,
        )
    }

    fn card(&self, now: DateTime<Utc>) -> BoardCard {
        let c = self.fact;
        BoardCard {
            id: c.id.to_string(),
            name: c.name.to_string(),
            company: self.company.to_string(),
            owner: c.owner.to_string(),
            amount_cents: self.amount_cents,
            next_due: self.next_due,
            overdue: self.next_due.is_some_and(|d| d < now),
            lost_reason: c.lost_reason.to_string(),
            tasks_total: 0,
            tasks_done: 0,
        }
    }
}

/// `limit` slots from `offset` on, in board order, without sorting the rest.
fn page_of(mut slots: Vec<Slot>, offset: u32, limit: u32) -> Vec<Slot> {
    let (offset, end) = (
        offset as usize,
        (offset as usize).saturating_add(limit as usize),
    );
    if end < slots.len() {
        slots.select_nth_unstable_by(end, |a, b| a.order().cmp(&b.order()));
        slots.truncate(end);
    }
    slots.sort_unstable_by(|a, b| a.order().cmp(&b.order()));
    slots.into_iter().skip(offset).collect()
}

fn empty(stage: Stage) -> BoardColumn {
    BoardColumn {
        stage,
        count: 0,
        amount_cents: 0,
        offset: 0,
        cards: Vec::new(),
    }
}
