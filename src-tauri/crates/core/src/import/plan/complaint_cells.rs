//! The complaint cells of a row (投诉日期 / 投诉类别 / 严重程度 / 处理状态 / 解决日期 / 处理结果)
//! and the complaint they make on the row's after-sales record.
use crate::model::{ComplaintCategory, ComplaintInput, ComplaintSeverity, ComplaintStatus};
use chrono::NaiveDate;

/// 投诉日期 / 投诉类别 / 严重程度 / 处理状态 / 解决日期 / 处理结果 of a row.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct ComplaintCells {
    pub received: Option<NaiveDate>,
    pub category: Option<ComplaintCategory>,
    pub severity: Option<ComplaintSeverity>,
    pub status: Option<ComplaintStatus>,
    pub resolved: Option<NaiveDate>,
    pub resolution: String,
}

impl ComplaintCells {
    pub fn is_empty(&self) -> bool {
        *self == ComplaintCells::default()
    }

    /// The complaint these cells make: received on the service's day unless given, resolved
    /// when a resolved date is given and no status says otherwise, else open; category other
    /// and severity medium, the form's defaults.
    pub fn input(&self, service_day: NaiveDate) -> Option<ComplaintInput> {
        if self.is_empty() {
            return None;
        }
        let status = self.status.unwrap_or(if self.resolved.is_some() {
            ComplaintStatus::Resolved
        } else {
            ComplaintStatus::Open
        });
        Some(ComplaintInput {
            received_on: self.received.unwrap_or(service_day),
            category: code(self.category.unwrap_or_default()),
            severity: code(self.severity.unwrap_or_default()),
            status: code(status),
            resolved_on: self.resolved,
            resolution: self.resolution.clone(),
        })
    }
}

/// A choice as the code the input carries ("inProgress").
fn code<T: serde::Serialize>(value: T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}
