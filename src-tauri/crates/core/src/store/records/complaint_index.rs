//! `open_complaint_by_id`: service record id → what the agenda shows of an unresolved
//! complaint (JSON). Written with the record in the same transaction (`RecordTx::put_service`,
//! `remove_service`), so the agenda lists open complaints by reading this small tree instead
//! of decoding every after-sales record. Books from before complaints hold no complaint, so
//! the tree starts empty there and needs no migration.
use crate::complaints::is_open;
use crate::model::{ComplaintCategory, ComplaintSeverity, ComplaintStatus, ServiceRecord};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// One open complaint as the index keeps it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(in crate::store) struct OpenComplaint {
    pub customer_id: String,
    pub received_on: NaiveDate,
    pub category: ComplaintCategory,
    pub severity: ComplaintSeverity,
    pub status: ComplaintStatus,
    /// What the customer complained of: the record's problem, else its request.
    pub summary: String,
}

/// The index entry of `s`: `Some` while it is an unresolved complaint.
pub(in crate::store) fn open_entry(s: &ServiceRecord) -> Option<OpenComplaint> {
    let c = s.complaint.as_ref().filter(|c| is_open(c))?;
    let summary = if s.problem.is_empty() {
        &s.request
    } else {
        &s.problem
    };
    Some(OpenComplaint {
        customer_id: s.customer_id.clone(),
        received_on: c.received_on,
        category: c.category,
        severity: c.severity,
        status: c.status,
        summary: summary.clone(),
    })
}
