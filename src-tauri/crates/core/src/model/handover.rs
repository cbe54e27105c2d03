//! Handing customers over from one salesperson to another, and the owner list.
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Hand over all customers of `from` (when `customer_ids` is `None`) or the chosen ones.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct HandoverRequest {
    pub from: String,
    pub to: String,
    #[ts(optional)]
    pub customer_ids: Option<Vec<String>>,
}

/// What a handover moved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct HandoverResult {
    pub customers: u32,
    /// Open follow-ups whose next step passed to the new owner.
    pub follow_ups: u32,
    /// Opportunities not yet won or lost of the moved customers.
    pub opportunities: u32,
    /// Service plans still to do of the moved customers.
    pub service_plans: u32,
}

/// A salesperson as the owner list shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct OwnerInfo {
    pub name: String,
    /// Live customers they own.
    pub customers: u32,
    pub archived: bool,
}
