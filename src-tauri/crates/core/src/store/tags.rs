//! Tags: created on the fly from a customer's tag names, renamed, recoloured, merged, deleted.
use super::infra::codec::{decode, encode};
use super::infra::keys::{id_bytes, id_from_bytes, parse_id};
use super::outbox::op::SyncTable;
use super::outbox::{Gone, OutboxTx};
use super::Store;
use crate::error::{CoreError, Entity, Invalid, Result};
use crate::model::{Customer, Tag, TagInfo};
use crate::validate::{self, tag_key};
use chrono::{DateTime, Utc};
use sled::transaction::{
    ConflictableTransactionError as Abort, ConflictableTransactionResult, TransactionalTree,
};
use std::collections::HashMap;
use ulid::Ulid;

/// Colours given to new tags, picked by the name so the same name gets the same colour.
const PALETTE: [&str; 10] = [
    "#2563eb", "#16a34a", "#dc2626", "#9333ea", "#ea580c", "#0891b2", "#ca8a04", "#db2777",
    "#4f46e5", "#65a30d",
];

pub fn color_for(name: &str) -> String {
    let h = tag_key(name)
        .bytes()
        .fold(0u32, |h, b| h.wrapping_mul(31).wrapping_add(b as u32));
    PALETTE[(h as usize) % PALETTE.len()].to_string()
}

fn not_found(id: Ulid) -> CoreError {
    CoreError::NotFound {
        entity: Entity::Tag,
        id: id.to_string(),
    }
}

/// The tag trees inside one transaction; every tag written or removed here is also an op in
/// a team book's outbox.
pub(super) struct TagTx<'a> {
    pub by_id: &'a TransactionalTree,
    pub by_name: &'a TransactionalTree,
    pub outbox: OutboxTx<'a>,
}

impl TagTx<'_> {
    pub fn put(&self, id: Ulid, tag: &Tag) -> ConflictableTransactionResult<(), CoreError> {
        let old = self
            .by_id
            .insert(&id_bytes(id), encode(tag).map_err(Abort::Abort)?)?;
        self.by_name
            .insert(tag_key(&tag.name).as_bytes(), &id_bytes(id))?;
        if self.outbox.on() {
            let old: Option<Tag> = old.map(|v| decode(&v)).transpose().map_err(Abort::Abort)?;
            let table = SyncTable::Tags;
            self.outbox
                .upsert(table, id.to_string(), None, old.as_ref(), tag, &["id"])?;
        }
        Ok(())
    }

    /// Deletes a tag (its name entry only while it still names this tag).
    pub fn remove(&self, id: Ulid, tag: &Tag) -> ConflictableTransactionResult<(), CoreError> {
        self.by_id.remove(&id_bytes(id))?;
        let name = tag_key(&tag.name);
        let named = self.by_name.get(name.as_bytes())?;
        if named.is_some_and(|v| v.as_ref() == id_bytes(id)) {
            self.by_name.remove(name.as_bytes())?;
        }
        self.outbox
            .gone(SyncTable::Tags, id.to_string(), Gone::Deleted)
    }

    pub fn get(&self, id: Ulid) -> ConflictableTransactionResult<Tag, CoreError> {
        match self.by_id.get(id_bytes(id))? {
            Some(v) => decode(&v).map_err(Abort::Abort),
            None => Err(Abort::Abort(not_found(id))),
        }
    }
}

/// Ids for tag names, creating tags the book does not have yet (ids from `fresh`).
pub(super) fn resolve_tag_names(
    tx: &TagTx,
    names: &[String],
    fresh: &HashMap<String, Ulid>,
) -> ConflictableTransactionResult<Vec<Ulid>, CoreError> {
    let mut ids = Vec::with_capacity(names.len());
    for name in names {
        let key = tag_key(name);
        let id = match tx.by_name.get(key.as_bytes())? {
            Some(v) => id_from_bytes(&v).map_err(Abort::Abort)?,
            None => {
                let id = *fresh.get(&key).ok_or_else(|| {
                    Abort::Abort(CoreError::Storage(format!("no id prepared for tag {name}")))
                })?;
                tx.put(
                    id,
                    &Tag {
                        id: id.to_string(),
                        name: name.clone(),
                        color: color_for(name),
                    },
                )?;
                id
            }
        };
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    Ok(ids)
}

fn color(field: &str, c: &str) -> Result<String> {
    let c = c.trim().to_lowercase();
    if !validate::is_color(&c) {
        return Err(CoreError::invalid(field, Invalid::Color));
    }
    Ok(c)
}

impl Store {
    /// Every tag, by name, with the number of live customers carrying it.
    pub fn list_tags(&self) -> Result<Vec<TagInfo>> {
        let counts = self.view()?.tag_counts();
        let mut out = Vec::new();
        for item in self.trees.tag_by_id.iter() {
            let (k, v) = item?;
            let id = id_from_bytes(&k)?;
            out.push(TagInfo {
                tag: decode(&v)?,
                customer_count: counts.get(&id).copied().unwrap_or(0),
            });
        }
        out.sort_by_key(|t| tag_key(&t.tag.name));
        Ok(out)
    }

    pub fn create_tag(&self, name: &str, color_hex: Option<&str>) -> Result<Tag> {
        let name = validate::tag_name("name", name)?;
        let color = match color_hex {
            Some(c) => color("color", c)?,
            None => color_for(&name),
        };
        let id = Ulid::new();
        let tag = Tag {
            id: id.to_string(),
            name,
            color,
        };
        let _w = self.writer()?;
        let t = &self.trees;
        t.write(|tx| {
            let tx = &tx.tags;
            if tx.by_name.get(tag_key(&tag.name).as_bytes())?.is_some() {
                return Err(Abort::Abort(CoreError::TagNameTaken {
                    name: tag.name.clone(),
                }));
            }
            tx.put(id, &tag)
        })?;
        self.flush()?;
        Ok(tag)
    }

    pub fn rename_tag(&self, id: &str, name: &str) -> Result<Tag> {
        let id = parse_id("id", id)?;
        let name = validate::tag_name("name", name)?;
        self.edit_tag(id, |tag| {
            tag.name = name.clone();
        })
    }

    pub fn recolor_tag(&self, id: &str, color_hex: &str) -> Result<Tag> {
        let id = parse_id("id", id)?;
        let c = color("color", color_hex)?;
        self.edit_tag(id, |tag| tag.color = c.clone())
    }

    fn edit_tag(&self, id: Ulid, edit: impl Fn(&mut Tag)) -> Result<Tag> {
        let _w = self.writer()?;
        let t = &self.trees;
        let tag = t.write(|tx| {
            let tx = &tx.tags;
            let old = tx.get(id)?;
            let mut new = old.clone();
            edit(&mut new);
            if tag_key(&new.name) != tag_key(&old.name) {
                if tx.by_name.get(tag_key(&new.name).as_bytes())?.is_some() {
                    return Err(Abort::Abort(CoreError::TagNameTaken {
                        name: new.name.clone(),
                    }));
                }
                tx.by_name.remove(tag_key(&old.name).as_bytes())?;
            }
            tx.put(id, &new)?;
            Ok(new)
        })?;
        self.flush()?;
        Ok(tag)
    }

    /// Moves every customer from tag `from` to tag `into` and deletes `from`.
    pub fn merge_tags(&self, from: &str, into: &str, now: DateTime<Utc>) -> Result<Tag> {
        let from = parse_id("from", from)?;
        let into = parse_id("into", into)?;
        if from == into {
            return Err(CoreError::invalid("into", Invalid::Duplicate));
        }
        let into_s = into.to_string();
        self.retag(from, Some(into), now, |tags| {
            if !tags.contains(&into_s) {
                tags.push(into_s.clone());
            }
        })?
        .ok_or_else(|| not_found(into))
    }

    /// Deletes a tag and takes it off every customer.
    pub fn delete_tag(&self, id: &str, now: DateTime<Utc>) -> Result<()> {
        let id = parse_id("id", id)?;
        self.retag(id, None, now, |_| {}).map(|_| ())
    }

    /// Removes tag `gone` from its customers (applying `add` to their tag lists) and deletes it.
    fn retag(
        &self,
        gone: Ulid,
        keep: Option<Ulid>,
        now: DateTime<Utc>,
        add: impl Fn(&mut Vec<String>),
    ) -> Result<Option<Tag>> {
        let _w = self.writer()?;
        // The customers carrying it come from the list view, which the writer lock keeps
        // in step with the book until the transaction commits.
        let customers = self.view()?.carrying(gone);
        let gone_s = gone.to_string();
        let t = &self.trees;
        let (changed, kept) = t.write(|tx| {
            let ctx = &tx.customers;
            let ttx = &tx.tags;
            let old_tag = ttx.get(gone)?;
            let kept = keep.map(|k| ttx.get(k)).transpose()?;
            let mut changed: Vec<Customer> = Vec::with_capacity(customers.len());
            for cid in &customers {
                let Some(old) = ctx.get(*cid)? else { continue };
                let mut tag_ids: Vec<String> = old
                    .tag_ids
                    .iter()
                    .filter(|t| **t != gone_s)
                    .cloned()
                    .collect();
                add(&mut tag_ids);
                let new = Customer {
                    tag_ids,
                    updated_at: now.max(old.created_at),
                    ..old.clone()
                };
                ctx.put(*cid, Some(&old), &new)?;
                changed.push(new);
            }
            ttx.remove(gone, &old_tag)?;
            Ok((changed, kept))
        })?;
        self.commit(&changed)?;
        Ok(kept)
    }
}
