//! The schema version lives in `meta/schema_version`; each step migrates one version up, in
//! one transaction, at open. Version 1 was the prototype layout: one `phone` and one `email`
//! per customer and tags kept as names inside the record, with no tag trees.
use super::codec::decode;
use super::keys::id_from_bytes;
use crate::error::{CoreError, Result};
use crate::model::{Customer, Tag};
use crate::store::customers::row::RowRecord;
use crate::store::tags::color_for;
use crate::store::Trees;
use crate::validate::tag_key;
use serde_json::Value;
use sled::transaction::ConflictableTransactionError as Abort;
use ulid::Ulid;

pub const SCHEMA_VERSION: u32 = 9;
const KEY: &[u8] = b"schema_version";

pub fn read_version(trees: &Trees) -> Result<Option<u32>> {
    match trees.meta.get(KEY)? {
        None => Ok(None),
        Some(v) => {
            let arr: [u8; 4] = v
                .as_ref()
                .try_into()
                .map_err(|_| CoreError::Corrupt("schema_version is not 4 bytes".into()))?;
            Ok(Some(u32::from_be_bytes(arr)))
        }
    }
}

fn version_of(trees: &Trees) -> Result<u32> {
    Ok(match read_version(trees)? {
        Some(v) => v,
        // A book with customers but no version predates versioning: the prototype layout.
        None if !trees.customer_by_id.is_empty() => 1,
        None => SCHEMA_VERSION,
    })
}

/// True when [`run`] will change the book (an older layout; a new book is not migrated).
pub fn needs_migration(trees: &Trees) -> Result<bool> {
    Ok(version_of(trees)? < SCHEMA_VERSION)
}

/// The backup taken before migrating (the book is not open yet: no one else writes). Its
/// header counts every customer record, trashed ones too (the list view is not built yet).
pub fn back_up(
    db: &sled::Db,
    trees: &Trees,
    backup_dir: &std::path::Path,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<()> {
    let password = crate::store::settings::backup_password::password_in(&trees.meta)?;
    let counts = crate::store::BookCounts {
        customers: u32::try_from(trees.customer_by_id.len()).unwrap_or(u32::MAX),
        follow_ups: u32::try_from(trees.followup_by_id.len()).unwrap_or(u32::MAX),
    };
    let target = crate::backup::Target {
        dir: backup_dir,
        reason: crate::model::BackupReason::BeforeMigration,
        now,
        password: password.as_deref(),
        schema_version: version_of(trees)?,
    };
    let info = crate::backup::write_backup(db, counts, &target, &|_| {})?;
    // The second folder too, when the settings name one and it is there (best effort: the
    // backup on this computer is what the migration waits for).
    let mirror = trees
        .meta
        .get(b"settings")?
        .and_then(|v| super::codec::decode::<crate::model::Settings>(&v).ok())
        .map(|s| s.backup_mirror)
        .filter(|m| !m.trim().is_empty());
    if let Some(m) = mirror {
        let _ = crate::backup::copy_to_mirror(std::path::Path::new(&info.path), m.as_ref());
    }
    Ok(())
}

pub fn run(db: &sled::Db, trees: &Trees) -> Result<()> {
    let version = version_of(trees)?;
    if version > SCHEMA_VERSION {
        return Err(CoreError::SchemaTooNew {
            found: version,
            supported: SCHEMA_VERSION,
        });
    }
    if version < 2 {
        v1_to_v2(trees)?;
    }
    if version < 3 {
        v2_to_v3(trees)?;
    }
    // v3 → v4: the record trees (opportunities, deals, service records) start empty.
    if version < 5 {
        // v4 → v5: the open service plans get their index (`service_plan_by_due`).
        crate::store::records::service_plans::build_plan_tree(trees)?;
    }
    if version < 6 {
        // v5 → v6: `customer_by_tag` goes; the list view's tag sets, built from the rows at
        // every open, answer the same question without a key per customer and tag.
        db.drop_tree(crate::store::tree::CUSTOMER_BY_TAG)?;
    }
    if version < 7 {
        // v6 → v7: follow-ups and deals record who made them.
        super::migrate_authors::v6_to_v7(trees)?;
    }
    if version < 8 {
        // v7 → v8: each customer's follow-up times, for its last contact (最近跟进).
        crate::store::followups::contact_times::build_tree(trees)?;
    }
    if version < 9 {
        // v8 → v9: each list row carries its customer's last contact, so the open reads one
        // tree instead of two.
        crate::store::followups::contact_times::copy_into_rows(trees)?;
    }
    trees.meta.insert(KEY, &SCHEMA_VERSION.to_be_bytes())?;
    db.flush()?;
    Ok(())
}

/// v2 → v3: list rows gain the dates reminders need (birthdays, contract expiry); the
/// follow-up trees start empty. Rows are rewritten from the full records in plain batches —
/// rerunning after a crash is harmless, and the version moves only at the end.
fn v2_to_v3(trees: &Trees) -> Result<()> {
    let rows = trees.customer_by_id.iter().map(|item| {
        let (k, v) = item?;
        let c: Customer = decode(&v)?;
        Ok((k, RowRecord::of(&c).stored(None)?))
    });
    write_in_batches(&trees.customer_row_by_id, rows)?;
    trees.meta.insert(KEY, &3u32.to_be_bytes())?;
    Ok(())
}

/// Writes `items` into `tree` a thousand at a time (a migration's rewrite of a whole tree:
/// no one batch the size of the book).
pub(in crate::store) fn write_in_batches(
    tree: &sled::Tree,
    items: impl Iterator<Item = Result<(sled::IVec, Vec<u8>)>>,
) -> Result<()> {
    let mut batch = sled::Batch::default();
    for (n, item) in items.enumerate() {
        let (k, v) = item?;
        batch.insert(k, v);
        if n % 1000 == 999 {
            tree.apply_batch(std::mem::take(&mut batch))?;
        }
    }
    tree.apply_batch(batch)?;
    Ok(())
}

/// v1 → v2: `phone`/`email` become lists; tag names become Tag records; every index and
/// list row is written from the converted record.
fn v1_to_v2(trees: &Trees) -> Result<()> {
    let mut tags: Vec<Tag> = Vec::new();
    let mut converted: Vec<(Ulid, Customer)> = Vec::new();
    for item in trees.customer_by_id.iter() {
        let (k, v) = item?;
        let id = id_from_bytes(&k)?;
        let mut rec: Value = decode(&v)?;
        let obj = rec
            .as_object_mut()
            .ok_or_else(|| CoreError::Corrupt(format!("customer {id} is not an object")))?;
        for (old, new) in [("phone", "phones"), ("email", "emails")] {
            let single = obj.remove(old).and_then(|v| v.as_str().map(str::to_string));
            let list: Vec<String> = single
                .into_iter()
                .filter(|s| !s.trim().is_empty())
                .collect();
            obj.insert(new.into(), Value::from(list));
        }
        let names: Vec<String> = match obj.remove("tags") {
            Some(Value::Array(a)) => a
                .into_iter()
                .filter_map(|v| v.as_str().map(String::from))
                .collect(),
            _ => Vec::new(),
        };
        let mut tag_ids = Vec::new();
        for name in names.iter().map(|n| n.trim()).filter(|n| !n.is_empty()) {
            let tag = match tags.iter().find(|t| tag_key(&t.name) == tag_key(name)) {
                Some(t) => t.clone(),
                None => {
                    let t = Tag {
                        id: Ulid::new().to_string(),
                        name: name.to_string(),
                        color: color_for(name),
                    };
                    tags.push(t.clone());
                    t
                }
            };
            if !tag_ids.contains(&tag.id) {
                tag_ids.push(tag.id);
            }
        }
        obj.insert("tagIds".into(), Value::from(tag_ids));
        let customer: Customer = serde_json::from_value(rec)
            .map_err(|e| CoreError::Corrupt(format!("customer {id} (schema 1): {e}")))?;
        converted.push((id, customer));
    }
    trees.write(|tx| {
        for tag in &tags {
            let tid = Ulid::from_string(&tag.id)
                .map_err(|e| Abort::Abort(CoreError::Corrupt(e.to_string())))?;
            tx.tags.put(tid, tag)?;
        }
        for (id, c) in &converted {
            tx.customers.put(*id, None, c)?;
        }
        // In the same transaction: a crash cannot leave converted records marked as version 1.
        tx.meta.insert(KEY, &2u32.to_be_bytes())?;
        Ok(())
    })
}
