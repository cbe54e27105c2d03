//! The import journal: the record of each import (`import_by_id`) and, under the import's id,
//! what it did item by item (`import_item`, key import id ++ seq u32 BE). Items are written in
//! the same transaction as the change they describe, so the journal always matches what
//! landed; undo replays them backwards, deleting each with the change it reverts, so an
//! interrupted undo resumes where it stopped.
use crate::error::{CoreError, Entity, Result};
use crate::model::{Customer, ImportRecord, ImportState};
use crate::store::infra::codec::{decode, encode};
use crate::store::infra::keys::{id_bytes, ID_LEN};
use crate::store::Trees;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sled::transaction::{ConflictableTransactionError as Abort, TransactionalTree};
use ulid::Ulid;

use crate::store::followups::tx::TxResult;

/// One thing an import did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub(in crate::store) enum ImportItem {
    /// A new customer; undo removes it with everything it has by then (follow-ups, history).
    AddedCustomer {
        id: String,
    },
    /// New customers written together (see `fresh`), each undone as `AddedCustomer`.
    /// Written before the customers themselves, so it lists whatever of them landed.
    AddedCustomers {
        ids: Vec<String>,
    },
    /// A follow-up added to a merged customer (those of new customers go with them).
    AddedFollowUp {
        id: String,
    },
    /// An opportunity, deal or after-sales record added to a merged customer (those of new
    /// customers go with them).
    AddedOpportunity {
        id: String,
    },
    AddedDeal {
        id: String,
    },
    AddedService {
        id: String,
    },
    /// A tag the import created; undo removes it if no customer carries it any more.
    AddedTag {
        id: String,
    },
    /// A customer the book had, as it was before the import merged into it, and the history
    /// events (stage, category) the merge recorded, at `at`.
    Merged {
        #[serde(rename = "customerId")]
        customer_id: String,
        before: Box<Customer>,
        at: DateTime<Utc>,
        events: Vec<String>,
    },
}

pub(in crate::store) fn item_key(import: Ulid, seq: u32) -> [u8; ID_LEN + 4] {
    let mut k = [0u8; ID_LEN + 4];
    k[..ID_LEN].copy_from_slice(&id_bytes(import));
    k[ID_LEN..].copy_from_slice(&seq.to_be_bytes());
    k
}

/// Appends an item at `*seq` inside a transaction and moves `seq` on.
pub(in crate::store) fn put_item(
    tree: &TransactionalTree,
    import: Ulid,
    seq: &mut u32,
    item: &ImportItem,
) -> TxResult<()> {
    tree.insert(&item_key(import, *seq), encode(item).map_err(Abort::Abort)?)?;
    *seq += 1;
    Ok(())
}

/// Appends an item at `*seq` outside a transaction (one key: atomic on its own) and moves
/// `seq` on.
pub(in crate::store) fn put_item_now(
    tree: &sled::Tree,
    import: Ulid,
    seq: &mut u32,
    item: &ImportItem,
) -> Result<()> {
    tree.insert(item_key(import, *seq), encode(item)?)?;
    *seq += 1;
    Ok(())
}

impl ImportItem {
    /// How many things undoing it takes back (customers for `AddedCustomers`).
    fn weight(&self) -> usize {
        match self {
            ImportItem::AddedCustomers { ids } => ids.len().max(1),
            _ => 1,
        }
    }
}

/// Items of `import` from the end of its journal, with their keys, until they weigh `n` (see
/// `weight`; at least one item); items `skip` refuses are passed over.
pub(in crate::store) fn last_items(
    trees: &Trees,
    import: Ulid,
    n: usize,
    skip: impl Fn(&ImportItem) -> bool,
) -> Result<Vec<(sled::IVec, ImportItem)>> {
    let mut out = Vec::new();
    let mut weight = 0;
    for kv in trees.import_item.scan_prefix(id_bytes(import)).rev() {
        let (k, v) = kv?;
        let item: ImportItem = decode(&v)?;
        if skip(&item) {
            continue;
        }
        weight += item.weight();
        out.push((k, item));
        if weight >= n {
            break;
        }
    }
    Ok(out)
}

pub(in crate::store) fn not_found(id: Ulid) -> CoreError {
    CoreError::NotFound {
        entity: Entity::Import,
        id: id.to_string(),
    }
}

pub(in crate::store) fn read_record(trees: &Trees, id: Ulid) -> Result<Option<ImportRecord>> {
    match trees.import_by_id.get(id_bytes(id))? {
        Some(v) => decode(&v).map(Some),
        None => Ok(None),
    }
}

/// Writes the record (not flushed: the caller flushes when the state matters).
pub(in crate::store) fn write_record(trees: &Trees, id: Ulid, rec: &ImportRecord) -> Result<()> {
    trees.import_by_id.insert(id_bytes(id), encode(rec)?)?;
    Ok(())
}

/// Every import record, newest first (ids are time-ordered).
pub(in crate::store) fn all_records(trees: &Trees) -> Result<Vec<ImportRecord>> {
    trees
        .import_by_id
        .iter()
        .values()
        .rev()
        .map(|v| decode(&v?))
        .collect()
}

/// Whether an import or an undo was cut off (the next ordinary open finishes it).
pub(in crate::store) fn unfinished(trees: &Trees) -> Result<bool> {
    Ok(all_records(trees)?
        .iter()
        .any(|r| matches!(r.state, ImportState::InProgress | ImportState::Undoing)))
}
