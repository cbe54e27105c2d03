//! Index consistency of the record trees (called from `verify_indexes`): every index entry is
//! recomputed from the records and compared, and every record belongs to a stored customer.
use super::complaint_index::open_entry;
use super::tx::{date_id, deal_date_value};
use crate::error::{CoreError, Result};
use crate::model::{Deal, Opportunity, ServiceRecord};
use crate::store::infra::codec::{decode, encode};
use crate::store::infra::keys::{id_bytes, id_from_bytes, pair};
use crate::store::Store;
use serde::de::DeserializeOwned;
use std::collections::{BTreeMap, BTreeSet};
use ulid::Ulid;

fn mismatch(what: &str) -> CoreError {
    CoreError::Corrupt(format!("index {what} differs from the records"))
}

fn entries(tree: &sled::Tree) -> Result<BTreeMap<Vec<u8>, Vec<u8>>> {
    tree.iter()
        .map(|r| {
            r.map(|(k, v)| (k.to_vec(), v.to_vec()))
                .map_err(CoreError::from)
        })
        .collect()
}

fn keys(tree: &sled::Tree) -> Result<BTreeSet<Vec<u8>>> {
    tree.iter().keys().map(|k| Ok(k?.to_vec())).collect()
}

fn id_of(s: &str) -> Result<Ulid> {
    Ulid::from_string(s).map_err(|e| CoreError::Corrupt(e.to_string()))
}

/// Every record of `by_id` with its id, checking that the stored id matches the key.
fn records<T: DeserializeOwned>(
    by_id: &sled::Tree,
    what: &str,
    id_in: impl Fn(&T) -> &str,
) -> Result<Vec<(Ulid, T)>> {
    let mut out = Vec::new();
    for item in by_id.iter() {
        let (k, v) = item?;
        let id = id_from_bytes(&k)?;
        let r: T = decode(&v)?;
        if id_of(id_in(&r))? != id {
            return Err(CoreError::Corrupt(format!(
                "{what} {id} stored under another id"
            )));
        }
        out.push((id, r));
    }
    Ok(out)
}

impl Store {
    pub(in crate::store) fn verify_records(&self) -> Result<()> {
        let t = &self.trees;
        let customer = |cid: Ulid, what: &str, id: Ulid| -> Result<()> {
            if t.customer_by_id.contains_key(id_bytes(cid))? {
                Ok(())
            } else {
                Err(CoreError::Corrupt(format!("{what} {id} of no customer")))
            }
        };

        let mut by_customer = BTreeSet::new();
        let mut opportunity_owner = BTreeMap::new();
        for (id, o) in records::<Opportunity>(&t.opportunity_by_id, "opportunity", |o| &o.id)? {
            let cid = id_of(&o.customer_id)?;
            customer(cid, "opportunity", id)?;
            by_customer.insert(pair(cid, id).to_vec());
            opportunity_owner.insert(id, cid);
        }
        if keys(&t.opportunity_by_customer)? != by_customer {
            return Err(mismatch("opportunity_by_customer"));
        }

        let mut by_customer = BTreeSet::new();
        let mut by_date = BTreeMap::new();
        for (id, d) in records::<Deal>(&t.deal_by_id, "deal", |d| &d.id)? {
            let cid = id_of(&d.customer_id)?;
            customer(cid, "deal", id)?;
            if let Some(o) = &d.opportunity_id {
                if opportunity_owner.get(&id_of(o)?) != Some(&cid) {
                    return Err(CoreError::Corrupt(format!(
                        "deal {id} closes an opportunity {o} its customer does not have"
                    )));
                }
            }
            by_customer.insert(pair(cid, id).to_vec());
            by_date.insert(
                date_id(d.date, id).to_vec(),
                deal_date_value(d.amount, cid, &d.salesperson),
            );
        }
        if keys(&t.deal_by_customer)? != by_customer {
            return Err(mismatch("deal_by_customer"));
        }
        if entries(&t.deal_by_date)? != by_date {
            return Err(mismatch("deal_by_date"));
        }

        let mut by_customer = BTreeSet::new();
        let mut open_complaints = BTreeMap::new();
        for (id, s) in records::<ServiceRecord>(&t.service_by_id, "service record", |s| &s.id)? {
            let cid = id_of(&s.customer_id)?;
            customer(cid, "service record", id)?;
            by_customer.insert(pair(cid, id).to_vec());
            if let Some(e) = open_entry(&s) {
                open_complaints.insert(id_bytes(id).to_vec(), encode(&e)?);
            }
        }
        if keys(&t.service_by_customer)? != by_customer {
            return Err(mismatch("service_by_customer"));
        }
        if entries(&t.open_complaint_by_id)? != open_complaints {
            return Err(mismatch("open_complaint_by_id"));
        }
        self.verify_plans()
    }
}
