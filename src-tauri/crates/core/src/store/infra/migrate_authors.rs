//! v6 → v7: follow-ups record who made them (跟进人, `by`) and deals who sold them (销售员,
//! `salesperson`). Older records take the customer's owner at that time: the history knows
//! every handover (owner changes with their time), so the owner at an instant is the `from` of
//! the first owner change after it, or the current owner when none followed. Deals' dashboard
//! entries (`deal_by_date`) gain the salesperson. Only records without the field are written,
//! in plain batches, so rerunning after a crash is harmless; the version moves at the end.
use super::codec::{decode, encode};
use super::keys::{id_bytes, id_from_bytes, ID_LEN};
use crate::error::Result;
use crate::model::{Customer, Deal, HistoryChange, HistoryEvent};
use crate::store::records::tx::{date_id, deal_date_value};
use crate::store::Trees;
use chrono::{DateTime, Utc};
use serde_json::Value;
use ulid::Ulid;

/// A customer's owners over time: handovers in time order, and the owner now.
struct Owners {
    handovers: Vec<(DateTime<Utc>, String)>,
    now: String,
}

impl Owners {
    fn read(trees: &Trees, customer: Ulid, now: String) -> Result<Owners> {
        let mut handovers = Vec::new();
        for v in trees
            .history_by_customer
            .scan_prefix(id_bytes(customer))
            .values()
        {
            let e: HistoryEvent = decode(&v?)?;
            if let HistoryChange::Owner { from, .. } = e.change {
                handovers.push((e.at, from));
            }
        }
        handovers.sort_by_key(|(at, _)| *at);
        Ok(Owners { handovers, now })
    }

    /// Who owned the customer at `t`.
    fn at(&self, t: DateTime<Utc>) -> &str {
        self.handovers
            .iter()
            .find(|(at, _)| *at > t)
            .map_or(self.now.as_str(), |(_, from)| from.as_str())
    }
}

/// Sets `field` to `who` in a stored record that lacks it; the new bytes, or `None` when the
/// record has the field already.
fn with_field(bytes: &[u8], field: &str, who: &str) -> Result<Option<Vec<u8>>> {
    let mut v: Value = decode(bytes)?;
    let Some(map) = v.as_object_mut() else {
        return Ok(None);
    };
    if map.contains_key(field) {
        return Ok(None);
    }
    map.insert(field.into(), Value::String(who.into()));
    Ok(Some(encode(&v)?))
}

/// The record ids a `<record>_by_customer` index lists under `customer`.
fn linked(index: &sled::Tree, customer: Ulid) -> Result<Vec<Ulid>> {
    let mut out = Vec::new();
    for k in index.scan_prefix(id_bytes(customer)).keys() {
        out.push(id_from_bytes(k?.get(ID_LEN..).unwrap_or_default())?);
    }
    Ok(out)
}

pub(in crate::store) fn v6_to_v7(trees: &Trees) -> Result<()> {
    for kv in trees.customer_by_id.iter() {
        let (k, v) = kv?;
        let cid = id_from_bytes(&k)?;
        let customer: Customer = decode(&v)?;
        let owners = Owners::read(trees, cid, customer.fields.owner)?;
        let mut follow_ups = sled::Batch::default();
        for fid in linked(&trees.followup_by_customer, cid)? {
            let Some(bytes) = trees.followup_by_id.get(id_bytes(fid))? else {
                continue;
            };
            let at: AtOnly = decode(&bytes)?;
            if let Some(new) = with_field(&bytes, "by", owners.at(at.at))? {
                follow_ups.insert(&id_bytes(fid), new);
            }
        }
        trees.followup_by_id.apply_batch(follow_ups)?;
        let (mut deals, mut by_date) = (sled::Batch::default(), sled::Batch::default());
        for did in linked(&trees.deal_by_customer, cid)? {
            let Some(bytes) = trees.deal_by_id.get(id_bytes(did))? else {
                continue;
            };
            let d: Deal = decode(&bytes)?;
            // Dated without a time: the owner at noon UTC of its day (the timeline's rule).
            let who = owners.at(d.date.and_hms_opt(12, 0, 0).unwrap_or_default().and_utc());
            if let Some(new) = with_field(&bytes, "salesperson", who)? {
                deals.insert(&id_bytes(did), new);
                let key = date_id(d.date, did);
                by_date.insert(&key, deal_date_value(d.amount, cid, who));
            }
        }
        // The index first: a rerun after a crash in between finds the deal unmigrated again.
        trees.deal_by_date.apply_batch(by_date)?;
        trees.deal_by_id.apply_batch(deals)?;
    }
    Ok(())
}

/// The one field of a stored follow-up the migration reads.
#[derive(serde::Deserialize)]
struct AtOnly {
    at: DateTime<Utc>,
}
