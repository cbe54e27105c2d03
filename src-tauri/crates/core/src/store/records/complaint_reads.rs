//! The agenda's complaints section: the `open_complaint_by_id` index joined with the list view
//! (live customers only, with their name and owner, so a handover moves them and the trash
//! hides them).
use super::complaint_index::OpenComplaint;
use crate::complaints::days_between;
use crate::error::Result;
use crate::model::{AgendaQuery, ComplaintItem, ComplaintSection};
use crate::store::infra::codec::decode;
use crate::store::infra::keys::id_from_bytes;
use crate::store::view::View;
use crate::store::Store;
use chrono::NaiveDate;
use std::cmp::Reverse;

impl Store {
    /// Unresolved complaints of live customers matching the filters: the most severe first,
    /// then the oldest, at most `limit` items (`total` counts them all).
    pub(in crate::store) fn complaint_section(
        &self,
        q: &AgendaQuery,
        today: NaiveDate,
        view: &View,
        limit: usize,
    ) -> Result<ComplaintSection> {
        let mut items = Vec::new();
        for kv in self.trees.open_complaint_by_id.iter() {
            let (k, v) = kv?;
            let e: OpenComplaint = decode(&v)?;
            let Ok(cid) = e.customer_id.parse() else {
                continue;
            };
            let Some(row) = view.live_row(&cid) else {
                continue;
            };
            if !q.owners.is_empty() && !q.owners.contains(&row.owner) {
                continue;
            }
            if !q.priorities.is_empty() && !q.priorities.contains(&row.priority) {
                continue;
            }
            items.push(ComplaintItem {
                service_id: id_from_bytes(&k)?.to_string(),
                customer_id: e.customer_id,
                customer_name: row.name.clone(),
                company: row.company.clone(),
                owner: row.owner.clone(),
                received_on: e.received_on,
                days_open: days_between(e.received_on, today),
                category: e.category,
                severity: e.severity,
                status: e.status,
                summary: e.summary,
            });
        }
        items.sort_by_key(|i| (Reverse(i.severity), i.received_on, i.service_id.clone()));
        let high = items
            .iter()
            .filter(|i| i.severity == crate::model::ComplaintSeverity::High)
            .count();
        let total = items.len();
        items.truncate(limit);
        Ok(ComplaintSection {
            total: total as u32,
            high: high as u32,
            items,
        })
    }
}
