//! The full-fidelity export: every field of every customer, the tags, the follow-ups, the
//! pipeline's stages with the user's names, and the customers' opportunities, deals,
//! after-sales records and history, as the model serialises them (the same camelCase names
//! the UI sees), in one pretty-printed UTF-8 JSON object:
//!
//! `{ "format": "rapport-export", "version": 1, "exportedAt": …, "stages": [...],
//! "customers": [...], "tags": [...], "followUps": [...], "opportunities": [...],
//! "deals": [...], "services": [...], "history": [...] }`
//!
//! Decisions:
//! - Each customer also carries `tagNames` (its tag ids resolved, in its tag order) so the
//!   file reads without cross-referencing; the ids stay the reference. A reader that only
//!   knows [`Customer`] ignores the extra key.
//! - Follow-ups are those of the exported customers (as in the workbook), in the given order;
//!   all tags are written, used or not.
//! - `stages` is the user's pipeline in its order: a custom stage (`custom1`…) is named only
//!   there; an empty name is the built-in stage's name.
//! - `history` entries are the stored events with their customer's `customerId`.
//! - `format` and `version` let a later importer recognise the file and refuse a newer one.
//!   Keys added since version 1 (stages, the records, history) read as empty when absent.
use super::ExportError;
use crate::model::{
    Customer, Deal, FollowUp, HistoryEvent, Opportunity, ServiceRecord, StageSetting, Tag,
};
use crate::store::ExportSet;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// The value of `format`.
pub const JSON_FORMAT: &str = "rapport-export";
/// The value of `version`; raised when the layout changes incompatibly.
pub const JSON_VERSION: u32 = 1;

/// A JSON export read back (the JSON import, `import::json_book`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct JsonExport {
    pub format: String,
    pub version: u32,
    pub exported_at: DateTime<Utc>,
    #[serde(default)]
    pub stages: Vec<StageSetting>,
    pub customers: Vec<JsonCustomer>,
    pub tags: Vec<Tag>,
    pub follow_ups: Vec<FollowUp>,
    #[serde(default)]
    pub opportunities: Vec<Opportunity>,
    #[serde(default)]
    pub deals: Vec<Deal>,
    #[serde(default)]
    pub services: Vec<ServiceRecord>,
    #[serde(default)]
    pub history: Vec<JsonHistoryEvent>,
}

/// A history event of a JSON export: the stored event and whose it is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct JsonHistoryEvent {
    pub customer_id: String,
    #[serde(flatten)]
    pub event: HistoryEvent,
}

/// A customer of a JSON export: the stored record and its tag names.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct JsonCustomer {
    #[serde(flatten)]
    pub customer: Customer,
    #[serde(default)]
    pub tag_names: Vec<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Out<'a> {
    format: &'static str,
    version: u32,
    exported_at: DateTime<Utc>,
    stages: &'a [StageSetting],
    customers: Vec<CustomerOut<'a>>,
    tags: &'a [Tag],
    follow_ups: Vec<&'a FollowUp>,
    opportunities: &'a [Opportunity],
    deals: &'a [Deal],
    services: &'a [ServiceRecord],
    history: Vec<HistoryOut<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct HistoryOut<'a> {
    customer_id: &'a str,
    #[serde(flatten)]
    event: &'a HistoryEvent,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct CustomerOut<'a> {
    #[serde(flatten)]
    customer: &'a Customer,
    tag_names: Vec<&'a str>,
}

/// The JSON export of `set` (its customers, all tags, the follow-ups of those customers, the
/// stages and `set.records`), stamped `exported_at`. See the module notes.
pub fn to_json(set: &ExportSet, exported_at: DateTime<Utc>) -> Result<Vec<u8>, ExportError> {
    let (customers, tags, follow_ups) = (&set.customers, &set.tags, &set.follow_ups);
    let records = &set.records;
    let names: HashMap<&str, &str> = tags
        .iter()
        .map(|t| (t.id.as_str(), t.name.as_str()))
        .collect();
    let ids: HashSet<&str> = customers.iter().map(|c| c.id.as_str()).collect();
    let out = Out {
        format: JSON_FORMAT,
        version: JSON_VERSION,
        exported_at,
        stages: set.pipeline.settings(),
        customers: customers
            .iter()
            .map(|c| CustomerOut {
                customer: c,
                tag_names: c
                    .tag_ids
                    .iter()
                    .filter_map(|id| names.get(id.as_str()).copied())
                    .collect(),
            })
            .collect(),
        tags,
        follow_ups: follow_ups
            .iter()
            .filter(|f| ids.contains(f.customer_id.as_str()))
            .collect(),
        opportunities: &records.opportunities,
        deals: &records.deals,
        services: &records.services,
        history: records
            .history
            .iter()
            .map(|(customer_id, event)| HistoryOut { customer_id, event })
            .collect(),
    };
    let mut bytes =
        serde_json::to_vec_pretty(&out).map_err(|e| ExportError::Json(e.to_string()))?;
    bytes.extend_from_slice(b"\n");
    Ok(bytes)
}
