//! The list query over the view: candidates from the tag sets, filters, sort and paging.
use super::search::{LastSearch, Needle, SearchIndex};
use super::{digits, Entry, View};
use crate::model::{ContactFilter, CustomerRow, ListPage, ListQuery, SortField, Stage, TagMode};
use crate::pinyin_search::PinyinQuery;
use crate::stages::Pipeline;
use chrono::DateTime;
use std::cmp::Ordering;
use std::collections::HashSet;
use std::sync::PoisonError;
use ulid::Ulid;

/// What the list's last-contact filter and untouched mark compare with, as instants worked
/// out by the store from today in the user's zone (see `Store::list_customers_at`).
#[derive(Debug, Clone, Copy, Default)]
pub struct ContactCutoffs {
    /// `Within` / `NotWithin`: contacted at or after this (µs) is within.
    pub filter: Option<i64>,
    /// A live customer not lost whose last touch (last contact, else creation) is before
    /// this is untouched; `None` when the mark is off.
    pub untouched: Option<i64>,
}

/// What a search found: a flag per entry place (live or not), and the live ones' places.
struct Found {
    flags: Vec<bool>,
    hits: Vec<u32>,
}

impl Entry {
    fn untouched(&self, cutoffs: &ContactCutoffs) -> bool {
        let touch = self.last_contact.unwrap_or(self.rec.created_at);
        self.rec.stage != Stage::Lost && cutoffs.untouched.is_some_and(|c| touch < c)
    }

    fn contact_ok(&self, filter: ContactFilter, cutoffs: &ContactCutoffs) -> bool {
        let cut = cutoffs.filter.unwrap_or(i64::MAX);
        match (filter, self.last_contact) {
            (ContactFilter::Any, _) => true,
            (ContactFilter::Within(_), Some(t)) => t >= cut,
            (ContactFilter::Within(_), None) => false,
            (ContactFilter::NotWithin(_), Some(t)) => t < cut,
            (ContactFilter::NotWithin(_) | ContactFilter::Never, None) => true,
            (ContactFilter::Never, Some(_)) => false,
            (ContactFilter::Untouched, _) => self.untouched(cutoffs),
        }
    }

    /// The list row, with the last contact and the untouched mark (its days counted by the
    /// store: `Some(0)` here).
    fn list_row(&self, cutoffs: &ContactCutoffs) -> CustomerRow {
        let mut row = self.rec.row(self.id);
        row.last_contact = self.last_contact.and_then(DateTime::from_timestamp_micros);
        row.untouched_days = self.untouched(cutoffs).then_some(0);
        row
    }
}

impl View {
    /// Entries that can match: the customers of the rarest selected tag (all-of), the union
    /// of the selected tags' customers (any-of), or everyone.
    fn candidates(&self, tags: &[u128], mode: TagMode) -> Vec<usize> {
        if tags.is_empty() {
            return (0..self.entries.len()).collect();
        }
        let empty = HashSet::new();
        let sets: Vec<&HashSet<Ulid>> = tags
            .iter()
            .map(|t| self.by_tag.get(t).unwrap_or(&empty))
            .collect();
        let ids: Vec<Ulid> = match mode {
            TagMode::All => sets
                .iter()
                .min_by_key(|s| s.len())
                .map(|s| s.iter().copied().collect())
                .unwrap_or_default(),
            TagMode::Any => sets
                .iter()
                .flat_map(|s| s.iter().copied())
                .collect::<HashSet<_>>()
                .into_iter()
                .collect(),
        };
        ids.iter()
            .filter_map(|id| self.position.get(id).copied())
            .collect()
    }

    /// Builds now what the first search after a write would: the flat buffers, the pinyin
    /// lists and the name ranks (the warm-up calls it, so that search does not wait for them).
    pub fn prepare_search(&self) {
        let index = self
            .search
            .get_or_init(|| SearchIndex::build(&self.entries));
        index.prepare_lists(
            &mut self
                .pinyin_lists
                .lock()
                .unwrap_or_else(PoisonError::into_inner),
        );
        self.name_rank.get_or_init(|| self.name_ranks());
    }

    /// Whether the search's buffers are built (for tests).
    pub fn search_prepared(&self) -> bool {
        self.search.get().is_some()
    }

    /// What the search text finds, `None` for no search text.
    fn search(&self, needle: &str) -> Option<Found> {
        if needle.is_empty() {
            return None;
        }
        let digits = digits(needle);
        let phone = digits.len() >= 3
            && needle
                .chars()
                .all(|c| c.is_ascii_digit() || " -+()".contains(c));
        let pinyin = PinyinQuery::parse(needle);
        let index = self
            .search
            .get_or_init(|| SearchIndex::build(&self.entries));
        let mut flags = vec![false; self.entries.len()];
        let query = Needle {
            text: needle,
            digits: phone.then_some(digits.as_str()),
            pinyin: pinyin.as_ref(),
        };
        let mut last = self
            .last_search
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let within = last.as_ref().and_then(|l| l.narrows(needle, phone));
        let mut lists = self
            .pinyin_lists
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let holds = |i: usize, text: &str| self.entries[i].search_keys().haystack.contains(text);
        index.find(&query, within, holds, &mut lists, &mut flags);
        let hits = index.live_hits(&flags);
        *last = Some(LastSearch {
            needle: needle.to_owned(),
            phone,
            hits: hits.clone(),
        });
        Some(Found { flags, hits })
    }

    /// A page of the list; stages sort in the order of the user's `pipeline`.
    pub fn query(&self, q: &ListQuery, pipeline: &Pipeline, cutoffs: &ContactCutoffs) -> ListPage {
        let needle = q.search.trim().to_lowercase();
        let found = self.search(&needle);
        let tags: Vec<u128> = q
            .tag_ids
            .iter()
            .filter_map(|t| Ulid::from_string(t).ok())
            .map(|u| u.0)
            .collect();
        let matches = |i: usize| {
            let e = &self.entries[i];
            let r = &e.rec;
            found.as_ref().is_none_or(|f| f.flags[i])
                && e.live()
                && (q.stages.is_empty() || q.stages.contains(&r.stage))
                && (q.priorities.is_empty() || q.priorities.contains(&r.priority))
                && (q.categories.is_empty()
                    || r.category.is_some_and(|c| q.categories.contains(&c)))
                && (q.owners.is_empty() || q.owners.contains(&r.owner))
                && e.contact_ok(q.contact, cutoffs)
                && match q.tag_mode {
                    TagMode::All => tags.iter().all(|t| r.tag_ids.contains(t)),
                    TagMode::Any => tags.is_empty() || tags.iter().any(|t| r.tag_ids.contains(t)),
                }
        };
        let rows =
            |page: &mut dyn Iterator<Item = &Entry>| page.map(|e| e.list_row(cutoffs)).collect();
        let page_of = |total: usize| {
            let offset = (q.offset as usize).min(total);
            let end = offset
                .saturating_add(q.limit.min(1_000) as usize)
                .min(total);
            (offset, end)
        };
        // Many hits sorted by name: walking the name index to the page is cheaper than sorting.
        let walk = |total: usize| {
            let (offset, end) = page_of(total);
            let walk: Box<dyn Iterator<Item = &(String, Ulid)>> = if q.descending {
                Box::new(self.by_name.iter().rev())
            } else {
                Box::new(self.by_name.iter())
            };
            let mut page = walk
                .filter_map(|(_, id)| self.position.get(id).copied())
                .filter(|i| matches(*i))
                .map(|i| &self.entries[i])
                .skip(offset)
                .take(end - offset);
            ListPage {
                total: total as u32,
                rows: rows(&mut page),
            }
        };
        let by_name_walk =
            |total: usize| q.sort == SortField::Name && total * 16 > self.entries.len();
        // A search alone: what it found (live customers only) is the answer, counted without
        // reading a row — a one-letter search finds half the book.
        let only_search = tags.is_empty()
            && q.stages.is_empty()
            && q.priorities.is_empty()
            && q.categories.is_empty()
            && q.owners.is_empty()
            && q.contact == ContactFilter::Any;
        if let Some(f) = found.as_ref().filter(|_| only_search) {
            let total = f.hits.len();
            if by_name_walk(total) {
                return walk(total);
            }
        }
        // A search starts from what it found, usually few; otherwise from the tags' customers.
        let pool: Vec<usize> = match &found {
            Some(f) => f.hits.iter().map(|i| *i as usize).collect(),
            None => self.candidates(&tags, q.tag_mode),
        };
        let mut hits: Vec<usize> = pool.into_iter().filter(|i| matches(*i)).collect();
        let total = hits.len();
        if by_name_walk(total) {
            return walk(total);
        }
        let (offset, end) = page_of(total);
        // Only the rows up to the requested page need a full sort.
        if q.sort == SortField::Name {
            // By rank in the name index, which orders as the comparison below does (name
            // key, then id): an integer each instead of comparing names.
            let rank = self.name_rank.get_or_init(|| self.name_ranks());
            let flip = if q.descending { u32::MAX } else { 0 };
            let mut keyed: Vec<u64> = hits
                .iter()
                .map(|i| u64::from(rank[*i] ^ flip) << 32 | *i as u64)
                .collect();
            if end < total && end > 0 {
                keyed.select_nth_unstable(end - 1);
                keyed.truncate(end);
            }
            keyed.sort_unstable();
            hits = keyed.iter().map(|k| (k & 0xFFFF_FFFF) as usize).collect();
        } else {
            let cmp = |a: &usize, b: &usize| {
                let (a, b) = (&self.entries[*a], &self.entries[*b]);
                // Customers never contacted go last whichever way the others are sorted.
                if q.sort == SortField::LastContact
                    && a.last_contact.is_none() != b.last_contact.is_none()
                {
                    return a.last_contact.is_none().cmp(&b.last_contact.is_none());
                }
                let ord = compare(q.sort, a, b, pipeline).then_with(|| a.id.cmp(&b.id));
                if q.descending {
                    ord.reverse()
                } else {
                    ord
                }
            };
            if end < total && end > 0 {
                hits.select_nth_unstable_by(end - 1, cmp);
                hits.truncate(end);
            }
            hits.sort_unstable_by(cmp);
        }
        ListPage {
            total: total as u32,
            rows: rows(&mut hits[offset..end].iter().map(|i| &self.entries[*i])),
        }
    }

    /// Each entry's place in the name index (by entry place).
    fn name_ranks(&self) -> Vec<u32> {
        let mut rank = vec![0u32; self.entries.len()];
        for (k, (_, id)) in self.by_name.iter().enumerate() {
            if let Some(r) = self.position.get(id).and_then(|i| rank.get_mut(*i)) {
                *r = k as u32;
            }
        }
        rank
    }
}

fn compare(sort: SortField, a: &Entry, b: &Entry, pipeline: &Pipeline) -> Ordering {
    // Empty values go last whatever the direction of the other values.
    let text = |x: &str, y: &str| match (x.is_empty(), y.is_empty()) {
        (true, false) => Ordering::Greater,
        (false, true) => Ordering::Less,
        _ => x.cmp(y),
    };
    let (a, b, ra, rb) = (a, b, &a.rec, &b.rec);
    match sort {
        SortField::Name => a.name_key.cmp(&b.name_key),
        SortField::Company => text(&a.company_key, &b.company_key),
        SortField::Stage => pipeline
            .sort_rank(ra.stage)
            .cmp(&pipeline.sort_rank(rb.stage)),
        SortField::Category => match (ra.category, rb.category) {
            (Some(x), Some(y)) => x.cmp(&y),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        },
        SortField::Priority => ra.priority.cmp(&rb.priority),
        SortField::Owner => text(&ra.owner, &rb.owner),
        SortField::CreatedAt => ra.created_at.cmp(&rb.created_at),
        SortField::UpdatedAt => ra.updated_at.cmp(&rb.updated_at),
        SortField::LastContact => a.last_contact.cmp(&b.last_contact),
    }
}
