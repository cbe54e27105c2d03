//! What the import preview needs from the book: the live customers' match keys and names, and
//! the column mappings remembered per header signature (in `meta` under `mapping/<sig>`, as
//! JSON so a mapping saved by an older version still reads after `Target` grows).
use crate::error::{CoreError, Result};
use crate::import::plan::{BookIndex, ExistingBook};
use crate::import::session::{BookContext, SavedMapping};
use crate::model::{CategoryPriorities, Customer};
use crate::stages::Pipeline;
use crate::store::infra::codec::decode;
use crate::store::Store;
use std::collections::HashMap;

/// A snapshot of the book for previews: built once when a file is opened for import.
pub struct ImportContext {
    index: BookIndex,
    names: HashMap<String, String>,
    mappings: HashMap<String, SavedMapping>,
    pipeline: Pipeline,
    category_priorities: CategoryPriorities,
    /// No customer at all, trashed or not (a JSON export is then restored whole).
    empty: bool,
}

fn mapping_key(signature: &str) -> Vec<u8> {
    format!("mapping/{signature}").into_bytes()
}

impl Store {
    /// The book as the import preview sees it (see [`ImportContext`]).
    pub fn import_context(&self) -> Result<ImportContext> {
        let mut customers = Vec::new();
        for item in self.trees.customer_by_id.iter() {
            let (_, v) = item?;
            let c: Customer = decode(&v)?;
            if c.deleted_at.is_none() {
                customers.push(c);
            }
        }
        let empty = self.trees.customer_by_id.is_empty();
        let index = BookIndex::new(&customers);
        let names = customers
            .into_iter()
            .map(|c| (c.id, c.fields.name))
            .collect();
        let mut mappings = HashMap::new();
        for item in self.trees.meta.scan_prefix(b"mapping/") {
            let (k, v) = item?;
            let signature = String::from_utf8_lossy(&k["mapping/".len()..]).into_owned();
            // A mapping that no longer reads is forgotten rather than blocking imports.
            if let Ok(m) = serde_json::from_slice::<SavedMapping>(&v) {
                mappings.insert(signature, m);
            }
        }
        Ok(ImportContext {
            index,
            names,
            mappings,
            pipeline: self.pipeline()?,
            category_priorities: self
                .settings()?
                .map(|s| s.schedule.category_priority)
                .unwrap_or_default(),
            empty,
        })
    }

    /// Remembers the mapping used for files whose header has `signature`.
    pub fn remember_mapping(&self, signature: &str, mapping: &SavedMapping) -> Result<()> {
        let json = serde_json::to_vec(mapping).map_err(|e| CoreError::Storage(e.to_string()))?;
        let _w = self.writer()?;
        self.trees.meta.insert(mapping_key(signature), json)?;
        self.flush()
    }
}

impl BookContext for ImportContext {
    fn existing(&self) -> &dyn ExistingBook {
        &self.index
    }

    fn customer_name(&self, id: &str) -> Option<String> {
        self.names.get(id).cloned()
    }

    fn saved_mapping(&self, signature: &str) -> Option<SavedMapping> {
        self.mappings.get(signature).cloned()
    }

    fn pipeline(&self) -> Pipeline {
        self.pipeline.clone()
    }

    fn category_priorities(&self) -> CategoryPriorities {
        self.category_priorities.clone()
    }

    fn is_empty(&self) -> bool {
        self.empty
    }
}
