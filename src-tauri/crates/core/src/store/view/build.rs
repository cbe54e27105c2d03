//! The view of a book just opened, built from all its rows at once: the sets are sorted once
//! and built in bulk instead of taking 100,000 inserts one by one (`View::put`).
use super::{Entry, View};
use std::collections::HashMap;

impl View {
    /// The view of `entries`, each customer once (a tree's rows, in any order).
    pub fn from_entries(entries: Vec<Entry>) -> View {
        let mut position = HashMap::with_capacity(entries.len());
        let (mut by_name, mut birthdays, mut expiries) =
            (Vec::with_capacity(entries.len()), Vec::new(), Vec::new());
        let mut view = View::default();
        for (i, e) in entries.iter().enumerate() {
            position.insert(e.id, i);
            by_name.push((e.name_key.clone(), e.id));
            for t in &e.rec.tag_ids {
                view.by_tag.entry(*t).or_default().insert(e.id);
            }
            let (b, x) = e.date_keys();
            birthdays.extend(b);
            expiries.extend(x);
        }
        // Collecting into a set sorts first, then builds the tree in one pass.
        view.by_name = by_name.into_iter().collect();
        view.by_birthday = birthdays.into_iter().collect();
        view.by_expiry = expiries.into_iter().collect();
        view.position = position;
        view.entries = entries;
        view
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::store::row::RowRecord;
    use ulid::Ulid;

    fn row(name: &str, tags: &[u128], birthday: Option<i32>, expiry: Option<i32>) -> RowRecord {
        RowRecord {
            kind: Default::default(),
            name: name.into(),
            company: String::new(),
            phones: vec![],
            emails: vec![],
            stage: Default::default(),
            category: None,
            priority: Default::default(),
            owner: String::new(),
            tag_ids: tags.to_vec(),
            created_at: 0,
            updated_at: 0,
            deleted_at: None,
            birthday,
            contact_birthdays: birthday.map(|d| vec![d + 40]).unwrap_or_default(),
            contract_expiry: expiry,
        }
    }

    #[test]
    fn a_view_built_at_once_equals_one_built_row_by_row() {
        let rows: Vec<(Ulid, RowRecord)> = (0..300u128)
            .map(|i| {
                let name = ["张伟", "Anna", "李娜", "zhang", ""][(i % 5) as usize];
                let tags: Vec<u128> = (0..(i % 3)).map(|t| t + 1).collect();
                let birthday = (i % 4 == 0).then_some(18_000 + i as i32);
                let expiry = (i % 7 == 0).then_some(20_000 - i as i32);
                (Ulid(1000 - i), row(name, &tags, birthday, expiry))
            })
            .collect();
        let mut one_by_one = View::default();
        for (id, rec) in &rows {
            one_by_one.put(Entry::unkeyed(*id, rec.clone()));
        }
        let at_once = View::from_entries(
            rows.into_iter()
                .map(|(id, rec)| Entry::unkeyed(id, rec))
                .collect(),
        );
        assert_eq!(at_once.by_name, one_by_one.by_name);
        assert_eq!(at_once.by_tag, one_by_one.by_tag);
        assert_eq!(at_once.by_birthday, one_by_one.by_birthday);
        assert_eq!(at_once.by_expiry, one_by_one.by_expiry);
        assert_eq!(at_once.position, one_by_one.position);
        assert_eq!(at_once.by_birthday.len(), 75 * 2);
        assert_eq!(at_once.by_tag.len(), 2);
    }
}
