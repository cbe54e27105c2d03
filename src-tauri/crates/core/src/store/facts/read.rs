//! Reads the analytics facts out of the trees: everything at once (grouped by customer, the
//! order the dashboard reads fastest) or the facts of a few customers after they changed.
//! Follow-ups and history events are decoded into slim structs that skip the text fields.
use crate::analytics::{CustomerFact, DealFact, FollowUpFact, ServiceFact, StageChange};
use crate::error::Result;
use crate::model::{
    Customer, FollowUpMethod, HistoryChange, HistoryEvent, Opportunity, ServiceRecord, Stage,
};
use crate::store::infra::codec::decode;
use crate::store::infra::keys::{id_bytes, id_from_bytes, ID_LEN};
use crate::store::Trees;
use chrono::{DateTime, NaiveDate, Utc};
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Deserialize;
use ulid::Ulid;

/// The facts of some customers, each kind grouped by customer.
#[derive(Default)]
pub(in crate::store) struct FactSet {
    pub customers: Vec<CustomerFact>,
    pub stage_changes: Vec<StageChange>,
    pub follow_ups: Vec<FollowUpFact>,
    pub deals: Vec<DealFact>,
    pub services: Vec<ServiceFact>,
}

/// The fields of a stored follow-up the dashboard needs.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct FollowUpSlim {
    customer_id: String,
    at: DateTime<Utc>,
    method: FollowUpMethod,
    next_at: Option<DateTime<Utc>>,
    #[serde(default)]
    next_by: String,
    #[serde(default)]
    by: String,
    done: bool,
}

impl FollowUpSlim {
    fn fact(self) -> FollowUpFact {
        FollowUpFact {
            due: if self.done { None } else { self.next_at },
            customer_id: self.customer_id,
            at: self.at,
            method: self.method,
            // Who made it, whoever owns the customer now (a handover rewrites no history).
            by: self.by,
            next_by: self.next_by,
            done: self.done,
        }
    }
}

fn customer_fact(c: Customer) -> CustomerFact {
    let f = c.fields;
    CustomerFact {
        id: c.id,
        name: f.name,
        owner: f.owner,
        source: f.source,
        category: f.category,
        industry: f.industry,
        stage: f.stage,
        lost_reason: f.lost_reason,
        first_contact: f.first_contact_date,
        created_at: c.created_at,
        expected_cents: 0,
    }
}

/// An opportunity still open counts towards its customer's expected amount.
fn open_expected(o: &Opportunity) -> i64 {
    match o.stage {
        Stage::Won | Stage::Lost => 0,
        _ => o.expected_amount.unwrap_or(0).max(0),
    }
}

fn stage_change(customer_id: &str, e: HistoryEvent) -> Option<StageChange> {
    match e.change {
        HistoryChange::Stage { from, to } => Some(StageChange {
            customer_id: customer_id.to_string(),
            at: e.at,
            from,
            to,
            by: e.by,
        }),
        _ => None,
    }
}

fn service_fact(s: ServiceRecord) -> ServiceFact {
    ServiceFact {
        customer_id: s.customer_id,
        date: s.date,
        satisfaction: s.satisfaction,
        next_plan_at: s.next_plan_at,
        plan_done: false,
        complaint: s.complaint,
    }
}

/// Marks the plans that are done (`plan_index::plan_done`). `services` is grouped by customer.
fn settle_plans(services: &mut [ServiceFact]) {
    let mut start = 0;
    while start < services.len() {
        let id = services[start].customer_id.clone();
        let end = services[start..]
            .iter()
            .position(|s| s.customer_id != id)
            .map_or(services.len(), |p| start + p);
        let group = &mut services[start..end];
        let dates: Vec<NaiveDate> = group.iter().map(|s| s.date).collect();
        for s in group.iter_mut() {
            if let Some(plan) = s.next_plan_at {
                s.plan_done = crate::store::records::plan_index::plan_done(s.date, plan, &dates);
            }
        }
        start = end;
    }
}

/// The fields of a stored deal the dashboard reads.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct DealSlim {
    customer_id: String,
    date: NaiveDate,
    amount: i64,
    #[serde(default)]
    salesperson: String,
    #[serde(default)]
    product_or_service: String,
}

impl DealSlim {
    fn fact(self) -> DealFact {
        DealFact {
            customer_id: self.customer_id,
            date: self.date,
            amount_cents: self.amount,
            by: self.salesperson,
            product: self.product_or_service,
        }
    }
}

/// Every live customer's facts.
pub(in crate::store) fn read_all(trees: &Trees) -> Result<FactSet> {
    let mut set = FactSet::default();
    let mut live: FxHashSet<String> = FxHashSet::default();
    for kv in trees.customer_by_id.iter() {
        let (_, v) = kv?;
        let c: Customer = decode(&v)?;
        if c.deleted_at.is_none() {
            live.insert(c.id.clone());
            set.customers.push(customer_fact(c));
        }
    }
    let mut expected: FxHashMap<String, i64> = FxHashMap::default();
    for kv in trees.opportunity_by_id.iter() {
        let (_, v) = kv?;
        let o: Opportunity = decode(&v)?;
        *expected.entry(o.customer_id.clone()).or_default() += open_expected(&o);
    }
    for c in &mut set.customers {
        c.expected_cents = expected.get(&c.id).copied().unwrap_or(0);
    }
    for kv in trees.history_by_customer.iter() {
        let (k, v) = kv?;
        let customer = id_from_bytes(k.get(..ID_LEN).unwrap_or_default())?.to_string();
        if let Some(ch) = stage_change(&customer, decode(&v)?) {
            set.stage_changes.push(ch);
        }
    }
    for kv in trees.followup_by_id.iter() {
        let (_, v) = kv?;
        let f: FollowUpSlim = decode(&v)?;
        if live.contains(&f.customer_id) {
            set.follow_ups.push(f.fact());
        }
    }
    set.follow_ups
        .sort_by(|a, b| a.customer_id.cmp(&b.customer_id));
    // The stored deals, not `deal_by_date`: the dashboard's per-product figures need the
    // product, which that index does not hold.
    for kv in trees.deal_by_id.iter() {
        let (_, v) = kv?;
        let d: DealSlim = decode(&v)?;
        set.deals.push(d.fact());
    }
    set.deals.sort_by(|a, b| a.customer_id.cmp(&b.customer_id));
    for kv in trees.service_by_id.iter() {
        let (_, v) = kv?;
        set.services.push(service_fact(decode(&v)?));
    }
    set.services
        .sort_by(|a, b| a.customer_id.cmp(&b.customer_id));
    settle_plans(&mut set.services);
    Ok(set)
}

/// The facts of these customers as they are now (nothing for one deleted or trashed).
pub(in crate::store) fn read_some(
    trees: &Trees,
    ids: impl Iterator<Item = Ulid>,
) -> Result<FactSet> {
    let mut set = FactSet::default();
    for id in ids {
        let Some(v) = trees.customer_by_id.get(id_bytes(id))? else {
            continue;
        };
        let c: Customer = decode(&v)?;
        if c.deleted_at.is_some() {
            continue;
        }
        let mut fact = customer_fact(c);
        let cid = fact.id.clone();
        for rid in linked(&trees.opportunity_by_customer, id)? {
            if let Some(v) = trees.opportunity_by_id.get(id_bytes(rid))? {
                fact.expected_cents += open_expected(&decode(&v)?);
            }
        }
        set.customers.push(fact);
        for kv in trees.history_by_customer.scan_prefix(id_bytes(id)) {
            let (_, v) = kv?;
            set.stage_changes.extend(stage_change(&cid, decode(&v)?));
        }
        for rid in linked(&trees.followup_by_customer, id)? {
            if let Some(v) = trees.followup_by_id.get(id_bytes(rid))? {
                set.follow_ups.push(decode::<FollowUpSlim>(&v)?.fact());
            }
        }
        for rid in linked(&trees.deal_by_customer, id)? {
            if let Some(v) = trees.deal_by_id.get(id_bytes(rid))? {
                let d: crate::model::Deal = decode(&v)?;
                set.deals.push(DealFact {
                    customer_id: cid.clone(),
                    date: d.date,
                    amount_cents: d.amount,
                    by: d.salesperson,
                    product: d.product_or_service,
                });
            }
        }
        let first = set.services.len();
        for rid in linked(&trees.service_by_customer, id)? {
            if let Some(v) = trees.service_by_id.get(id_bytes(rid))? {
                set.services.push(service_fact(decode(&v)?));
            }
        }
        settle_plans(&mut set.services[first..]);
    }
    Ok(set)
}

/// The record ids a `<record>_by_customer` index lists under `customer`.
fn linked(index: &sled::Tree, customer: Ulid) -> Result<Vec<Ulid>> {
    let mut out = Vec::new();
    for kv in index.scan_prefix(id_bytes(customer)) {
        let (k, _) = kv?;
        out.push(id_from_bytes(k.get(ID_LEN..).unwrap_or_default())?);
    }
    Ok(out)
}
