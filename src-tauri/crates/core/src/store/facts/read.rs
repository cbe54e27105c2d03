//! Reads the analytics facts out of the trees: everything at once (grouped by customer, the
//! order the dashboard reads fastest) or the facts of a few customers after they changed.
//! Follow-ups and deals are decoded into slim structs that skip the fields no figure needs;
//! ids and repeated texts are shared (`Shared`).
use crate::analytics::{CustomerFact, DealFact, FollowUpFact, ServiceFact, StageChange, Text};
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
use std::borrow::Cow;
use ulid::{Ulid, ULID_LEN as ULID_TEXT_LEN};

/// The facts of some customers, each kind grouped by customer.
#[derive(Default)]
pub(in crate::store) struct FactSet {
    pub customers: Vec<CustomerFact>,
    pub stage_changes: Vec<StageChange>,
    pub follow_ups: Vec<FollowUpFact>,
    pub deals: Vec<DealFact>,
    pub services: Vec<ServiceFact>,
}

/// One shared copy of each text. The facts repeat the same few names, sources, industries,
/// reasons and products up to a million times, and every fact of a customer names it by the
/// same id: sharing them keeps the facts of a big book to a fraction of one copy per fact.
#[derive(Default)]
struct Shared(FxHashSet<Text>);

impl Shared {
    /// The shared copy of `text`, if there is one.
    fn find(&self, text: &str) -> Option<Text> {
        self.0.get(text).cloned()
    }

    /// The shared copy of `text`, made the first time it is seen.
    fn intern(&mut self, text: &str) -> Text {
        if let Some(shared) = self.0.get(text) {
            return shared.clone();
        }
        let shared: Text = text.into();
        self.0.insert(shared.clone());
        shared
    }
}

/// The fields of a stored follow-up the dashboard needs, borrowed from the stored bytes.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct FollowUpSlim<'a> {
    #[serde(borrow)]
    customer_id: Cow<'a, str>,
    at: DateTime<Utc>,
    method: FollowUpMethod,
    next_at: Option<DateTime<Utc>>,
    #[serde(default, borrow)]
    next_by: Cow<'a, str>,
    #[serde(default, borrow)]
    by: Cow<'a, str>,
    done: bool,
}

impl FollowUpSlim<'_> {
    fn fact(self, customer_id: Text, texts: &mut Shared) -> FollowUpFact {
        FollowUpFact {
            customer_id,
            at: self.at,
            method: self.method,
            // Who made it, whoever owns the customer now (a handover rewrites no history).
            by: texts.intern(&self.by),
            next_by: texts.intern(&self.next_by),
            due: if self.done { None } else { self.next_at },
            done: self.done,
        }
    }
}

fn customer_fact(id: Text, c: Customer, texts: &mut Shared) -> CustomerFact {
    let f = c.fields;
    CustomerFact {
        id,
        name: f.name.into(),
        owner: texts.intern(&f.owner),
        source: texts.intern(&f.source),
        category: f.category,
        industry: texts.intern(&f.industry),
        stage: f.stage,
        lost_reason: texts.intern(&f.lost_reason),
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

fn stage_change(customer_id: &Text, e: HistoryEvent, texts: &mut Shared) -> Option<StageChange> {
    match e.change {
        HistoryChange::Stage { from, to } => Some(StageChange {
            customer_id: customer_id.clone(),
            at: e.at,
            from,
            to,
            by: texts.intern(&e.by),
        }),
        _ => None,
    }
}

fn service_fact(customer_id: Text, s: ServiceRecord) -> ServiceFact {
    ServiceFact {
        customer_id,
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

/// The fields of a stored deal the dashboard reads, borrowed from the stored bytes.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct DealSlim<'a> {
    #[serde(borrow)]
    customer_id: Cow<'a, str>,
    date: NaiveDate,
    amount: i64,
    #[serde(default, borrow)]
    salesperson: Cow<'a, str>,
    #[serde(default, borrow)]
    product_or_service: Cow<'a, str>,
}

impl DealSlim<'_> {
    fn fact(self, customer_id: Text, texts: &mut Shared) -> DealFact {
        DealFact {
            customer_id,
            date: self.date,
            amount_cents: self.amount,
            by: texts.intern(&self.salesperson),
            product: texts.intern(&self.product_or_service),
        }
    }
}

/// Every live customer's facts. Those of other customers (in the trash, or records left
/// naming a customer gone) are not kept: no figure counts them.
pub(in crate::store) fn read_all(trees: &Trees) -> Result<FactSet> {
    let mut set = FactSet::default();
    let mut texts = Shared::default();
    // The live customers' ids: each is allocated once and shared by all its facts.
    let mut live = Shared::default();
    for kv in trees.customer_by_id.iter() {
        let (_, v) = kv?;
        let c: Customer = decode(&v)?;
        if c.deleted_at.is_none() {
            let id = live.intern(&c.id);
            set.customers.push(customer_fact(id, c, &mut texts));
        }
    }
    let mut expected: FxHashMap<String, i64> = FxHashMap::default();
    for kv in trees.opportunity_by_id.iter() {
        let (_, v) = kv?;
        let o: Opportunity = decode(&v)?;
        *expected.entry(o.customer_id.clone()).or_default() += open_expected(&o);
    }
    for c in &mut set.customers {
        c.expected_cents = expected.get(&*c.id).copied().unwrap_or(0);
    }
    let mut text = [0; ULID_TEXT_LEN];
    for kv in trees.history_by_customer.iter() {
        let (k, v) = kv?;
        let customer = id_from_bytes(k.get(..ID_LEN).unwrap_or_default())?;
        let Some(id) = live.find(customer.array_to_str(&mut text)) else {
            continue;
        };
        if let Some(ch) = stage_change(&id, decode(&v)?, &mut texts) {
            set.stage_changes.push(ch);
        }
    }
    for kv in trees.followup_by_id.iter() {
        let (_, v) = kv?;
        let f: FollowUpSlim = decode(&v)?;
        if let Some(id) = live.find(&f.customer_id) {
            set.follow_ups.push(f.fact(id, &mut texts));
        }
    }
    // No figure depends on the order of a customer's follow-ups, and an unstable sort needs
    // no scratch copy (40 MB for a million follow-ups). Deals keep their order: a product
    // spelt two ways is shown as its first deal spells it.
    set.follow_ups
        .sort_unstable_by(|a, b| a.customer_id.cmp(&b.customer_id));
    // The stored deals, not `deal_by_date`: the dashboard's per-product figures need the
    // product, which that index does not hold.
    for kv in trees.deal_by_id.iter() {
        let (_, v) = kv?;
        let d: DealSlim = decode(&v)?;
        if let Some(id) = live.find(&d.customer_id) {
            set.deals.push(d.fact(id, &mut texts));
        }
    }
    set.deals.sort_by(|a, b| a.customer_id.cmp(&b.customer_id));
    for kv in trees.service_by_id.iter() {
        let (_, v) = kv?;
        let s: ServiceRecord = decode(&v)?;
        if let Some(id) = live.find(&s.customer_id) {
            set.services.push(service_fact(id, s));
        }
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
    let mut texts = Shared::default();
    for id in ids {
        let Some(v) = trees.customer_by_id.get(id_bytes(id))? else {
            continue;
        };
        let c: Customer = decode(&v)?;
        if c.deleted_at.is_some() {
            continue;
        }
        let cid: Text = c.id.as_str().into();
        let mut fact = customer_fact(cid.clone(), c, &mut texts);
        for rid in linked(&trees.opportunity_by_customer, id)? {
            if let Some(v) = trees.opportunity_by_id.get(id_bytes(rid))? {
                fact.expected_cents += open_expected(&decode(&v)?);
            }
        }
        set.customers.push(fact);
        for kv in trees.history_by_customer.scan_prefix(id_bytes(id)) {
            let (_, v) = kv?;
            set.stage_changes
                .extend(stage_change(&cid, decode(&v)?, &mut texts));
        }
        for rid in linked(&trees.followup_by_customer, id)? {
            if let Some(v) = trees.followup_by_id.get(id_bytes(rid))? {
                let f: FollowUpSlim = decode(&v)?;
                set.follow_ups.push(f.fact(cid.clone(), &mut texts));
            }
        }
        for rid in linked(&trees.deal_by_customer, id)? {
            if let Some(v) = trees.deal_by_id.get(id_bytes(rid))? {
                let d: DealSlim = decode(&v)?;
                set.deals.push(d.fact(cid.clone(), &mut texts));
            }
        }
        let first = set.services.len();
        for rid in linked(&trees.service_by_customer, id)? {
            if let Some(v) = trees.service_by_id.get(id_bytes(rid))? {
                set.services.push(service_fact(cid.clone(), decode(&v)?));
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
