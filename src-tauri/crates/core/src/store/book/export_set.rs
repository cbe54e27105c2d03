//! What an export writes: the customers of the current list (or the whole book), the tags
//! and their follow-ups, read in one go; for the full-fidelity export also the customers'
//! opportunities, deals, after-sales records and history.
use crate::error::Result;
use crate::model::{
    Customer, Deal, FollowUp, HistoryEvent, ListQuery, Opportunity, ServiceRecord, Tag,
};
use crate::stages::Pipeline;
use crate::store::infra::codec::decode;
use crate::store::infra::keys::parse_id;
use crate::store::{history, Store};

/// Records for the export functions in `crate::export`.
#[derive(Debug, Clone, Default)]
pub struct ExportSet {
    pub customers: Vec<Customer>,
    pub tags: Vec<Tag>,
    pub follow_ups: Vec<FollowUp>,
    /// The user's stages, for their names (`export::Labels::new`).
    pub pipeline: Pipeline,
    /// Empty unless asked for (`export_set_with_records`): only the JSON export writes them.
    pub records: CustomerRecords,
}

/// What the exported customers have besides follow-ups, customer by customer in export order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CustomerRecords {
    pub opportunities: Vec<Opportunity>,
    pub deals: Vec<Deal>,
    pub services: Vec<ServiceRecord>,
    /// Recorded changes (stage, category, owner), each with its customer's id, oldest first.
    pub history: Vec<(String, HistoryEvent)>,
}

/// The list is read in pages of this many (the query's own cap).
const PAGE: u32 = 1_000;

impl Store {
    /// The live customers matching `query` in its order, or every live customer (book order)
    /// when `None`; all tags; the follow-ups of those customers.
    pub fn export_set(&self, query: Option<&ListQuery>) -> Result<ExportSet> {
        let customers = match query {
            Some(q) => self.matching_customers(q)?,
            None => {
                let mut all = Vec::new();
                for item in self.trees.customer_by_id.iter() {
                    let (_, v) = item?;
                    let c: Customer = decode(&v)?;
                    if c.deleted_at.is_none() {
                        all.push(c);
                    }
                }
                all
            }
        };
        let tags = self.list_tags()?.into_iter().map(|t| t.tag).collect();
        let mut follow_ups = Vec::new();
        for c in &customers {
            follow_ups.extend(self.follow_ups_of(&c.id)?);
        }
        Ok(ExportSet {
            customers,
            tags,
            follow_ups,
            pipeline: self.pipeline()?,
            records: CustomerRecords::default(),
        })
    }

    /// `export_set` with every exported customer's opportunities, deals, after-sales records
    /// and history (for the full-fidelity export).
    pub fn export_set_with_records(&self, query: Option<&ListQuery>) -> Result<ExportSet> {
        let mut set = self.export_set(query)?;
        let r = &mut set.records;
        for c in &set.customers {
            r.opportunities.extend(self.opportunities_of(&c.id)?);
            r.deals.extend(self.deals_of(&c.id)?);
            r.services.extend(self.services_of(&c.id)?);
            let events = history::list(&self.trees, parse_id("customerId", &c.id)?)?;
            r.history
                .extend(events.into_iter().map(|e| (c.id.clone(), e)));
        }
        Ok(set)
    }

    fn matching_customers(&self, query: &ListQuery) -> Result<Vec<Customer>> {
        let mut q = query.clone();
        q.limit = PAGE;
        q.offset = 0;
        let mut out = Vec::new();
        loop {
            let page = self.list_customers(&q)?;
            for row in &page.rows {
                out.push(self.get_customer(&row.id)?);
            }
            if page.rows.is_empty() || out.len() >= page.total as usize {
                return Ok(out);
            }
            q.offset += PAGE;
        }
    }
}
