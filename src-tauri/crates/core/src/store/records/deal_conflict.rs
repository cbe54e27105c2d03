//! A deal edited on two machines of a team book: the team server keeps the version it had
//! first and stores the other beside it (`Deal::conflict`, applied by the pull). A person picks
//! one here; the pick is an ordinary edit of the deal (with `conflict` cleared), so it reaches
//! the server and every desktop like any other.
use crate::error::{Entity, Result};
use crate::model::{Customer, Deal, DealConflictItem};
use crate::store::followups::tx::check;
use crate::store::infra::codec::decode;
use crate::store::infra::keys::parse_id;
use crate::store::records::tx::not_found;
use crate::store::Store;
use chrono::{DateTime, Utc};
use sled::transaction::ConflictableTransactionError as Abort;
use ulid::Ulid;

/// How a stored deal with a conflict reads in its JSON (serde writes the field only when set;
/// a note holding these characters has its quotes escaped), so the scan decodes only those.
const CONFLICT_KEY: &[u8] = b"\"conflict\":";

impl Store {
    /// The deals of this book waiting for a person to pick one of their two versions, with
    /// their customer's name, newest conflict first. The book holds only what its person may
    /// see (the server's row-level security), so these are that person's to decide; deals of
    /// a customer in the trash are left out. A scan of the deals that decodes only the ones
    /// whose JSON carries a conflict.
    pub fn deal_conflicts(&self) -> Result<Vec<DealConflictItem>> {
        let mut out = Vec::new();
        for kv in self.trees.deal_by_id.iter() {
            let (_, v) = kv?;
            if !v.windows(CONFLICT_KEY.len()).any(|w| w == CONFLICT_KEY) {
                continue;
            }
            let deal: Deal = decode(&v)?;
            if deal.conflict.is_none() {
                continue;
            }
            let Ok(customer) = self.get_customer(&deal.customer_id) else {
                continue;
            };
            let customer: Customer = customer;
            if customer.deleted_at.is_some() {
                continue;
            }
            out.push(DealConflictItem {
                deal,
                customer_name: customer.fields.name,
            });
        }
        out.sort_by_key(|i| std::cmp::Reverse(i.deal.conflict.as_ref().map_or(0, |c| c.commit)));
        Ok(out)
    }

    /// Ends a deal's conflict: `take_other` lays the other version's fields over the deal,
    /// otherwise the deal keeps its own. A deal without a conflict is returned as it is.
    pub fn resolve_deal_conflict(
        &self,
        id: &str,
        take_other: bool,
        now: DateTime<Utc>,
    ) -> Result<Deal> {
        let did = parse_id("id", id)?;
        let _w = self.writer()?;
        let deal = self.trees.write(|tx| {
            let Some(old) = tx.records.deal(did)? else {
                return Err(Abort::Abort(not_found(Entity::Deal, did)));
            };
            let Some(conflict) = &old.conflict else {
                return Ok(old);
            };
            let cid = check(parse_id("customerId", &old.customer_id))?;
            let mut new = old.clone();
            new.conflict = None;
            if take_other {
                let f = &conflict.fields;
                new.date = f.date.unwrap_or(new.date);
                new.amount = f.amount.filter(|a| *a > 0).unwrap_or(new.amount);
                new.payment_method = f.payment_method.unwrap_or(new.payment_method);
                for (to, from) in [
                    (&mut new.product_or_service, &f.product_or_service),
                    (&mut new.salesperson, &f.salesperson),
                    (&mut new.notes, &f.notes),
                ] {
                    if let Some(v) = from {
                        v.clone_into(to);
                    }
                }
                // Only an opportunity of the same customer that this book holds.
                if let Some(oid) = f.opportunity_id.as_deref() {
                    let oid: Option<Ulid> = oid.parse().ok();
                    if let Some(o) = oid
                        .map(|o| tx.records.opportunity(o))
                        .transpose()?
                        .flatten()
                    {
                        if o.customer_id == old.customer_id {
                            new.opportunity_id = Some(o.id);
                        }
                    }
                }
            }
            new.updated_at = now.max(old.created_at);
            tx.records.put_deal(did, cid, Some(&old), &new)?;
            Ok(new)
        })?;
        self.flush()?;
        Ok(deal)
    }
}
