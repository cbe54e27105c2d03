use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A label customers share (many per customer).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Tag {
    pub id: String,
    pub name: String,
    /// CSS hex colour, `#rrggbb`.
    pub color: String,
}

/// A tag with the number of live (not trashed) customers carrying it, for the tag manager.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TagInfo {
    #[serde(flatten)]
    pub tag: Tag,
    pub customer_count: u32,
}
