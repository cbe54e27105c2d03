//! The bounded in-memory view behind the customer list: one small row per customer, kept in
//! step with the store after every committed write. Filtering and sorting 100,000 rows here
//! takes milliseconds and never decodes a full record.
use crate::model::{Customer, CustomerRow, ListPage, ListQuery, SortField, TagMode};
use std::cmp::Ordering;
use std::collections::{BTreeSet, HashMap};
use ulid::Ulid;

struct Entry {
    row: CustomerRow,
    tags: Vec<Ulid>,
    /// Lowercased name, company, phones, emails, separated by '\u{1}'.
    haystack: String,
    /// Digits of all phones, for searches typed without spaces or dashes.
    phone_digits: String,
    name_key: String,
    company_key: String,
}

#[derive(Default)]
pub struct View {
    entries: HashMap<Ulid, Entry>,
}

pub fn row_of(c: &Customer) -> CustomerRow {
    CustomerRow {
        id: c.id.clone(),
        kind: c.fields.kind,
        name: c.fields.name.clone(),
        company: c.fields.company.clone(),
        phone: c.fields.phones.first().cloned().unwrap_or_default(),
        email: c.fields.emails.first().cloned().unwrap_or_default(),
        stage: c.fields.stage,
        category: c.fields.category,
        priority: c.fields.priority,
        owner: c.fields.owner.clone(),
        tag_ids: c.tag_ids.clone(),
        created_at: c.created_at,
        updated_at: c.updated_at,
        deleted_at: c.deleted_at,
    }
}

fn digits(s: &str) -> String {
    s.chars().filter(|c| c.is_ascii_digit()).collect()
}

impl View {
    pub fn upsert(&mut self, id: Ulid, c: &Customer) {
        let f = &c.fields;
        let mut haystack = format!("{}\u{1}{}", f.name, f.company);
        for s in f.phones.iter().chain(&f.emails) {
            haystack.push('\u{1}');
            haystack.push_str(s);
        }
        let entry = Entry {
            row: row_of(c),
            tags: c
                .tag_ids
                .iter()
                .filter_map(|t| Ulid::from_string(t).ok())
                .collect(),
            haystack: haystack.to_lowercase(),
            phone_digits: f
                .phones
                .iter()
                .map(|p| digits(p))
                .collect::<Vec<_>>()
                .join("\u{1}"),
            name_key: f.name.to_lowercase(),
            company_key: f.company.to_lowercase(),
        };
        self.entries.insert(id, entry);
    }

    pub fn remove(&mut self, id: Ulid) {
        self.entries.remove(&id);
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn live_count(&self) -> usize {
        self.entries
            .values()
            .filter(|e| e.row.deleted_at.is_none())
            .count()
    }

    /// Live customers carrying each tag.
    pub fn tag_counts(&self) -> HashMap<Ulid, u32> {
        let mut counts = HashMap::new();
        for e in self.entries.values().filter(|e| e.row.deleted_at.is_none()) {
            for t in &e.tags {
                *counts.entry(*t).or_insert(0) += 1;
            }
        }
        counts
    }

    /// Distinct owners of live customers, sorted, for the owner filter.
    pub fn owners(&self) -> Vec<String> {
        let set: BTreeSet<&str> = self
            .entries
            .values()
            .filter(|e| e.row.deleted_at.is_none() && !e.row.owner.is_empty())
            .map(|e| e.row.owner.as_str())
            .collect();
        set.into_iter().map(String::from).collect()
    }

    /// Trashed customers, most recently deleted first.
    pub fn trash(&self) -> Vec<CustomerRow> {
        let mut rows: Vec<CustomerRow> = self
            .entries
            .values()
            .filter(|e| e.row.deleted_at.is_some())
            .map(|e| e.row.clone())
            .collect();
        rows.sort_by(|a, b| {
            b.deleted_at
                .cmp(&a.deleted_at)
                .then_with(|| a.id.cmp(&b.id))
        });
        rows
    }

    pub fn rows(&self) -> impl Iterator<Item = (&Ulid, &CustomerRow)> {
        self.entries.iter().map(|(id, e)| (id, &e.row))
    }

    pub fn query(&self, q: &ListQuery) -> ListPage {
        let needle = q.search.trim().to_lowercase();
        let needle_digits = digits(&needle);
        let digits_only = needle_digits.len() >= 3
            && needle
                .chars()
                .all(|c| c.is_ascii_digit() || " -+()".contains(c));
        let tags: Vec<Ulid> = q
            .tag_ids
            .iter()
            .filter_map(|t| Ulid::from_string(t).ok())
            .collect();
        let mut hits: Vec<&Entry> = self
            .entries
            .values()
            .filter(|e| {
                let r = &e.row;
                r.deleted_at.is_none()
                    && (q.stages.is_empty() || q.stages.contains(&r.stage))
                    && (q.priorities.is_empty() || q.priorities.contains(&r.priority))
                    && (q.categories.is_empty()
                        || r.category.is_some_and(|c| q.categories.contains(&c)))
                    && (q.owners.is_empty() || q.owners.contains(&r.owner))
                    && (tags.is_empty()
                        || match q.tag_mode {
                            TagMode::All => tags.iter().all(|t| e.tags.contains(t)),
                            TagMode::Any => tags.iter().any(|t| e.tags.contains(t)),
                        })
                    && (needle.is_empty()
                        || e.haystack.contains(&needle)
                        || (digits_only && e.phone_digits.contains(&needle_digits)))
            })
            .collect();
        let total = hits.len();
        let cmp = |a: &&Entry, b: &&Entry| {
            let ord = compare(q.sort, a, b);
            let ord = if q.descending { ord.reverse() } else { ord };
            ord.then_with(|| a.row.id.cmp(&b.row.id))
        };
        let offset = (q.offset as usize).min(total);
        let end = offset
            .saturating_add(q.limit.min(1_000) as usize)
            .min(total);
        // Only the rows up to the requested page need a full sort.
        if end < total && end > 0 {
            hits.select_nth_unstable_by(end - 1, cmp);
            hits.truncate(end);
        }
        hits.sort_unstable_by(cmp);
        ListPage {
            total: total as u32,
            rows: hits[offset..end].iter().map(|e| e.row.clone()).collect(),
        }
    }
}

fn compare(sort: SortField, a: &Entry, b: &Entry) -> Ordering {
    // Empty values go last whatever the direction of the other values.
    let text = |x: &str, y: &str| match (x.is_empty(), y.is_empty()) {
        (true, false) => Ordering::Greater,
        (false, true) => Ordering::Less,
        _ => x.cmp(y),
    };
    match sort {
        SortField::Name => a.name_key.cmp(&b.name_key),
        SortField::Company => text(&a.company_key, &b.company_key),
        SortField::Stage => a.row.stage.cmp(&b.row.stage),
        SortField::Category => match (a.row.category, b.row.category) {
            (Some(x), Some(y)) => x.cmp(&y),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        },
        SortField::Priority => a.row.priority.cmp(&b.row.priority),
        SortField::Owner => text(&a.row.owner, &b.row.owner),
        SortField::CreatedAt => a.row.created_at.cmp(&b.row.created_at),
        SortField::UpdatedAt => a.row.updated_at.cmp(&b.row.updated_at),
    }
}
