//! Opportunities, deals and after-sales service records of a customer: add, edit, delete,
//! read. Each write is checked before anything is written and lands with its index entries in
//! one transaction; the customer must be in the book and not in the trash.
pub(in crate::store) mod complaint_index;
pub(in crate::store) mod complaint_reads;
mod deal_conflict;
pub(in crate::store) mod plan_index;
pub(in crate::store) mod plan_reads;
pub(in crate::store) mod service_plans;
pub(in crate::store) mod tx;
pub(in crate::store) mod verify;

use crate::error::{CoreError, Entity, Invalid, Result};
use crate::model::{
    Deal, DealInput, DealSaved, Opportunity, OpportunityInput, ServiceInput, ServiceRecord,
};
use crate::store::followups::tx::{check, live_customer};
use crate::store::infra::codec::decode;
use crate::store::infra::keys::{id_bytes, id_from_bytes, parse_id, ID_LEN};
use crate::store::outbox::Gone;
use crate::store::{Store, Trees};
use crate::validate;
use chrono::{DateTime, TimeZone, Utc};
use serde::de::DeserializeOwned;
use sled::transaction::ConflictableTransactionError as Abort;
use tx::{deal_record, not_found, opportunity_record, service_record, OwnedRecords};
use ulid::Ulid;

/// Ids under `customer` in a `… by_customer` index, oldest first.
pub(in crate::store) fn ids_of(tree: &sled::Tree, customer: Ulid) -> Result<Vec<Ulid>> {
    tree.scan_prefix(id_bytes(customer))
        .keys()
        .map(|k| id_from_bytes(&k?[ID_LEN..]))
        .collect()
}

/// Everything `customer` owns in the record trees, for a purge in the same transaction as the
/// customer (read under the writer lock, which keeps the lists current until the commit).
pub(in crate::store) fn owned_records(trees: &Trees, customer: Ulid) -> Result<OwnedRecords> {
    Ok(OwnedRecords {
        opportunities: ids_of(&trees.opportunity_by_customer, customer)?,
        deals: ids_of(&trees.deal_by_customer, customer)?,
        services: ids_of(&trees.service_by_customer, customer)?,
    })
}

fn get_record<T: DeserializeOwned>(tree: &sled::Tree, entity: Entity, id: Ulid) -> Result<T> {
    match tree.get(id_bytes(id))? {
        Some(v) => decode(&v),
        None => Err(not_found(entity, id)),
    }
}

/// The records of a customer listed in `index`, read from `by_id`.
fn records_of<T: DeserializeOwned>(
    index: &sled::Tree,
    by_id: &sled::Tree,
    what: &str,
    customer_id: &str,
) -> Result<Vec<T>> {
    let cid = parse_id("customerId", customer_id)?;
    ids_of(index, cid)?
        .into_iter()
        .map(|id| match by_id.get(id_bytes(id))? {
            Some(v) => decode(&v),
            None => Err(CoreError::Corrupt(format!(
                "{what} {id} indexed but missing"
            ))),
        })
        .collect()
}

/// A deal's opportunity id as sent: absent, or an opportunity id (checked in the write).
fn opportunity_link(input: &DealInput) -> Result<Option<Ulid>> {
    match &input.opportunity_id {
        Some(s) if !s.trim().is_empty() => Ok(Some(parse_id("opportunityId", s)?)),
        _ => Ok(None),
    }
}

impl Store {
    /// Adds an opportunity (销售机会) to a customer.
    pub fn add_opportunity(
        &self,
        customer_id: &str,
        input: OpportunityInput,
        now: DateTime<Utc>,
    ) -> Result<Opportunity> {
        let cid = parse_id("customerId", customer_id)?;
        let input = validate::opportunity(input)?;
        let id = Ulid::new();
        let _w = self.writer()?;
        // Under the writer lock, so a stage removed from the settings meanwhile is refused.
        self.pipeline()?.check("stage", input.stage)?;
        let saved = self.trees.write(|tx| {
            live_customer(tx, cid)?;
            let o = opportunity_record(id, cid, &input, now, now);
            tx.records.put_opportunity(id, cid, &o)?;
            Ok(o)
        })?;
        self.flush()?;
        Ok(saved)
    }

    pub fn update_opportunity(
        &self,
        id: &str,
        input: OpportunityInput,
        now: DateTime<Utc>,
    ) -> Result<Opportunity> {
        let oid = parse_id("id", id)?;
        let input = validate::opportunity(input)?;
        let _w = self.writer()?;
        self.pipeline()?.check("stage", input.stage)?;
        let saved = self.trees.write(|tx| {
            let Some(old) = tx.records.opportunity(oid)? else {
                return Err(Abort::Abort(not_found(Entity::Opportunity, oid)));
            };
            let cid = check(parse_id("customerId", &old.customer_id))?;
            live_customer(tx, cid)?;
            let o = opportunity_record(oid, cid, &input, old.created_at, now);
            tx.records.put_opportunity(oid, cid, &o)?;
            Ok(o)
        })?;
        self.flush()?;
        Ok(saved)
    }

    /// Deletes an opportunity; the deals that closed it stay, no longer linked to it.
    pub fn delete_opportunity(&self, id: &str, now: DateTime<Utc>) -> Result<()> {
        let oid = parse_id("id", id)?;
        let _w = self.writer()?;
        let t = &self.trees;
        // Transactions cannot scan: the customer's deals are read here, under the writer lock.
        let Some(old) = t.opportunity_by_id.get(id_bytes(oid))? else {
            return Err(not_found(Entity::Opportunity, oid));
        };
        let old: Opportunity = decode(&old)?;
        let cid = parse_id("customerId", &old.customer_id)?;
        let deals = ids_of(&t.deal_by_customer, cid)?;
        let oid_text = oid.to_string();
        t.write(|tx| {
            if tx.records.opportunity(oid)?.is_none() {
                return Err(Abort::Abort(not_found(Entity::Opportunity, oid)));
            }
            for did in &deals {
                let Some(d) = tx.records.deal(*did)? else {
                    continue;
                };
                if d.opportunity_id.as_deref() == Some(oid_text.as_str()) {
                    let unlinked = Deal {
                        opportunity_id: None,
                        updated_at: now.max(d.created_at),
                        ..d.clone()
                    };
                    tx.records.put_deal(*did, cid, Some(&d), &unlinked)?;
                }
            }
            tx.records.remove_opportunity(oid, cid, Gone::Deleted)
        })?;
        self.flush()
    }

    pub fn get_opportunity(&self, id: &str) -> Result<Opportunity> {
        let oid = parse_id("id", id)?;
        get_record(&self.trees.opportunity_by_id, Entity::Opportunity, oid)
    }

    /// A customer's opportunities, in the order they were added.
    pub fn opportunities_of(&self, customer_id: &str) -> Result<Vec<Opportunity>> {
        let t = &self.trees;
        let mut all: Vec<Opportunity> = records_of(
            &t.opportunity_by_customer,
            &t.opportunity_by_id,
            "opportunity",
            customer_id,
        )?;
        all.sort_by_key(|o| o.created_at);
        Ok(all)
    }

    /// Records a deal (成交记录). A deal dated well before the customer's first day in the book
    /// is saved with a warning to show (see `validate::deal_warnings`).
    pub fn add_deal<Tz: TimeZone>(
        &self,
        customer_id: &str,
        input: DealInput,
        now: DateTime<Utc>,
        tz: &Tz,
    ) -> Result<DealSaved> {
        let cid = parse_id("customerId", customer_id)?;
        let v = validate::deal(input)?;
        let link = opportunity_link(&v.input)?;
        let id = Ulid::new();
        self.save_deal(cid, id, None, &v, link, now, tz)
    }

    /// Edits a deal; its customer stays the same.
    pub fn update_deal<Tz: TimeZone>(
        &self,
        id: &str,
        input: DealInput,
        now: DateTime<Utc>,
        tz: &Tz,
    ) -> Result<DealSaved> {
        let did = parse_id("id", id)?;
        let v = validate::deal(input)?;
        let link = opportunity_link(&v.input)?;
        let cid = match self.trees.deal_by_id.get(id_bytes(did))? {
            Some(d) => parse_id("customerId", &decode::<Deal>(&d)?.customer_id)?,
            None => return Err(not_found(Entity::Deal, did)),
        };
        self.save_deal(cid, did, Some(did), &v, link, now, tz)
    }

    /// Writes a new deal (`old` None) or the deal `old` of customer `cid`.
    #[allow(clippy::too_many_arguments)]
    fn save_deal<Tz: TimeZone>(
        &self,
        cid: Ulid,
        id: Ulid,
        old: Option<Ulid>,
        v: &validate::ValidDeal,
        link: Option<Ulid>,
        now: DateTime<Utc>,
        tz: &Tz,
    ) -> Result<DealSaved> {
        let me = self.author()?.by;
        let _w = self.writer()?;
        let saved = self.trees.write(|tx| {
            let previous = match old {
                None => None,
                Some(did) => match tx.records.deal(did)? {
                    // The deal must still be the one read before the lock (same customer).
                    Some(d) if d.customer_id == cid.to_string() => Some(d),
                    _ => return Err(Abort::Abort(not_found(Entity::Deal, did))),
                },
            };
            let customer = live_customer(tx, cid)?;
            if let Some(oid) = link {
                match tx.records.opportunity(oid)? {
                    Some(o) if o.customer_id == customer.id => {}
                    _ => {
                        return Err(Abort::Abort(CoreError::invalid(
                            "opportunityId",
                            Invalid::UnknownChoice,
                        )))
                    }
                }
            }
            let created_at = previous.as_ref().map_or(now, |d| d.created_at);
            // 销售员 left blank: the one it had when edited, else 我是 (or the owner).
            let mut v = v.clone();
            if v.input.salesperson.is_empty() {
                v.input.salesperson = match &previous {
                    Some(d) => d.salesperson.clone(),
                    None => validate::who_did_it(&me, &customer),
                };
            }
            let d = deal_record(id, cid, &v, link, created_at, now);
            tx.records.put_deal(id, cid, previous.as_ref(), &d)?;
            let warnings = validate::deal_warnings(d.date, &customer, tz);
            Ok(DealSaved { deal: d, warnings })
        })?;
        self.flush()?;
        Ok(saved)
    }

    pub fn delete_deal(&self, id: &str) -> Result<()> {
        let did = parse_id("id", id)?;
        let _w = self.writer()?;
        self.trees.write(|tx| {
            let Some(old) = tx.records.deal(did)? else {
                return Err(Abort::Abort(not_found(Entity::Deal, did)));
            };
            let cid = check(parse_id("customerId", &old.customer_id))?;
            tx.records.remove_deal(did, cid, &old, Gone::Deleted)
        })?;
        self.flush()
    }

    pub fn get_deal(&self, id: &str) -> Result<Deal> {
        let did = parse_id("id", id)?;
        get_record(&self.trees.deal_by_id, Entity::Deal, did)
    }

    /// A customer's deals by date (then in the order they were recorded).
    pub fn deals_of(&self, customer_id: &str) -> Result<Vec<Deal>> {
        let t = &self.trees;
        let mut deals: Vec<Deal> =
            records_of(&t.deal_by_customer, &t.deal_by_id, "deal", customer_id)?;
        deals.sort_by_key(|d| (d.date, d.created_at));
        Ok(deals)
    }

    /// Adds an after-sales service record (售后服务) to a customer.
    pub fn add_service(
        &self,
        customer_id: &str,
        input: ServiceInput,
        now: DateTime<Utc>,
    ) -> Result<ServiceRecord> {
        let cid = parse_id("customerId", customer_id)?;
        let input = validate::service(input)?;
        let id = Ulid::new();
        let _w = self.writer()?;
        let ids = ids_of(&self.trees.service_by_customer, cid)?;
        let (saved, plans) = self.trees.write(|tx| {
            live_customer(tx, cid)?;
            let s = service_record(id, cid, &input, now, now).map_err(Abort::Abort)?;
            let plans = tx.records.write_service(cid, &ids, id, Some(&s))?;
            Ok((s, plans))
        })?;
        self.apply_plans(cid, plans)?;
        self.flush()?;
        Ok(saved)
    }

    /// The customer of service `id` and the ids of all its services (read under the writer
    /// lock, before a transaction that cannot scan).
    fn service_siblings(&self, sid: Ulid) -> Result<(Ulid, Vec<Ulid>)> {
        let Some(old) = self.trees.service_by_id.get(id_bytes(sid))? else {
            return Err(not_found(Entity::Service, sid));
        };
        let cid = parse_id("customerId", &decode::<ServiceRecord>(&old)?.customer_id)?;
        Ok((cid, ids_of(&self.trees.service_by_customer, cid)?))
    }

    pub fn update_service(
        &self,
        id: &str,
        input: ServiceInput,
        now: DateTime<Utc>,
    ) -> Result<ServiceRecord> {
        let sid = parse_id("id", id)?;
        let input = validate::service(input)?;
        let _w = self.writer()?;
        let (cid, ids) = self.service_siblings(sid)?;
        let (saved, plans) = self.trees.write(|tx| {
            let Some(old) = tx.records.service(sid)? else {
                return Err(Abort::Abort(not_found(Entity::Service, sid)));
            };
            live_customer(tx, cid)?;
            let s = service_record(sid, cid, &input, old.created_at, now).map_err(Abort::Abort)?;
            validate::complaint_move(old.complaint.as_ref(), s.complaint.as_ref())
                .map_err(Abort::Abort)?;
            let plans = tx.records.write_service(cid, &ids, sid, Some(&s))?;
            Ok((s, plans))
        })?;
        self.apply_plans(cid, plans)?;
        self.flush()?;
        Ok(saved)
    }

    pub fn delete_service(&self, id: &str) -> Result<()> {
        let sid = parse_id("id", id)?;
        let _w = self.writer()?;
        let (cid, ids) = self.service_siblings(sid)?;
        let plans = self.trees.write(|tx| {
            if tx.records.service(sid)?.is_none() {
                return Err(Abort::Abort(not_found(Entity::Service, sid)));
            }
            tx.records.write_service(cid, &ids, sid, None)
        })?;
        self.apply_plans(cid, plans)?;
        self.flush()
    }

    pub fn get_service(&self, id: &str) -> Result<ServiceRecord> {
        let sid = parse_id("id", id)?;
        get_record(&self.trees.service_by_id, Entity::Service, sid)
    }

    /// A customer's service records by date (then in the order they were added).
    pub fn services_of(&self, customer_id: &str) -> Result<Vec<ServiceRecord>> {
        let t = &self.trees;
        let mut services: Vec<ServiceRecord> = records_of(
            &t.service_by_customer,
            &t.service_by_id,
            "service record",
            customer_id,
        )?;
        services.sort_by_key(|s| (s.date, s.created_at));
        Ok(services)
    }
}
