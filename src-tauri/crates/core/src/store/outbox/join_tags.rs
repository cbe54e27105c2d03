//! Joining a team with a book of one's own: a tag of this book named like one of the team's
//! (the tag rules' name key: trimmed, case folded) is taken over under the team's id before
//! the book is shared, so the team keeps one tag of that name and this book's customers carry
//! it, instead of the team's tag being skipped here and this book's uploaded beside it.
use crate::error::{CoreError, Result};
use crate::model::{Customer, Tag};
use crate::store::infra::keys::{id_bytes, id_from_bytes, parse_id};
use crate::store::Store;
use crate::validate::tag_key;

impl Store {
    /// For each team tag `(id, name)`: a tag of this personal book with the same name key and
    /// another id moves to the team's id (the team's name; this book's colour until the pull
    /// brings the team's), and every customer carrying it carries the team's id instead.
    /// Nothing is recorded for a server: call it before [`Store::share_book`], which queues the
    /// tag and its links under the team's id. Returns the tags moved. Refused in a team book.
    pub fn adopt_team_tags(&self, team: &[(String, String)]) -> Result<usize> {
        let _w = self.writer()?;
        if self.trees.team_book() {
            return Err(CoreError::Storage(
                "a team book's tags are not re-keyed".into(),
            ));
        }
        let t = &self.trees;
        let mut moved = 0;
        for (to, name) in team {
            let to = parse_id("id", to)?;
            let Some(v) = t.tag_id_by_name.get(tag_key(name).as_bytes())? else {
                continue;
            };
            let from = id_from_bytes(&v)?;
            if from == to || t.tag_by_id.contains_key(id_bytes(to))? {
                continue;
            }
            let customers = self.view()?.carrying(from);
            let (from_s, to_s) = (from.to_string(), to.to_string());
            let changed = t.write_with(false, |tx| {
                let old_tag = tx.tags.get(from)?;
                // The old name entry goes with the old tag, then names the team's id.
                tx.tags.remove(from, &old_tag)?;
                let tag = Tag {
                    id: to_s.clone(),
                    name: name.clone(),
                    ..old_tag
                };
                tx.tags.put(to, &tag)?;
                let mut changed: Vec<Customer> = Vec::with_capacity(customers.len());
                for cid in &customers {
                    let Some(old) = tx.customers.get(*cid)? else {
                        continue;
                    };
                    let mut new = old.clone();
                    for id in new.tag_ids.iter_mut().filter(|id| **id == from_s) {
                        id.clone_from(&to_s);
                    }
                    tx.customers.put(*cid, Some(&old), &new)?;
                    changed.push(new);
                }
                Ok(changed)
            })?;
            self.commit(&changed)?;
            moved += 1;
        }
        Ok(moved)
    }
}
