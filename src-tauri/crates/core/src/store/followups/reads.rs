//! Reading follow-ups: one, a customer's, the timeline with history, the suggested next one.
use super::tx::not_found;
use crate::error::{CoreError, Result};
use crate::model::{FollowUp, FollowUpSuggestion, Language, Priority, Settings, TimelineEntry};
use crate::schedule::{follow_up_priority, FixedClock, ScheduleRules};
use crate::store::history;
use crate::store::infra::codec::decode;
use crate::store::infra::keys::{id_bytes, id_from_bytes, parse_id, ID_LEN};
use crate::store::{Store, Trees};
use chrono::{DateTime, TimeZone, Utc};
use ulid::Ulid;

impl Store {
    pub fn get_follow_up(&self, id: &str) -> Result<FollowUp> {
        let fid = parse_id("id", id)?;
        match self.trees.followup_by_id.get(id_bytes(fid))? {
            Some(v) => decode(&v),
            None => Err(not_found(fid)),
        }
    }

    /// A customer's follow-ups, in the order they were logged.
    pub fn follow_ups_of(&self, customer_id: &str) -> Result<Vec<FollowUp>> {
        let cid = parse_id("customerId", customer_id)?;
        follow_up_ids(&self.trees, cid)?
            .into_iter()
            .map(|fid| match self.trees.followup_by_id.get(id_bytes(fid))? {
                Some(v) => decode(&v),
                None => Err(CoreError::Corrupt(format!(
                    "follow-up {fid} indexed but missing"
                ))),
            })
            .collect()
    }

    /// Follow-ups and recorded changes of a customer, newest first.
    pub fn timeline(&self, customer_id: &str) -> Result<Vec<TimelineEntry>> {
        let cid = parse_id("customerId", customer_id)?;
        let mut entries: Vec<TimelineEntry> = self
            .follow_ups_of(customer_id)?
            .into_iter()
            .map(|f| TimelineEntry::FollowUp(Box::new(f)))
            .chain(
                history::list(&self.trees, cid)?
                    .into_iter()
                    .map(TimelineEntry::Change),
            )
            .collect();
        for o in self.opportunities_of(customer_id)? {
            entries.push(TimelineEntry::Opportunity(Box::new(o)));
        }
        for d in self.deals_of(customer_id)? {
            entries.push(TimelineEntry::Deal(Box::new(d)));
        }
        for s in self.services_of(customer_id)? {
            entries.push(TimelineEntry::Service(Box::new(s)));
        }
        // Deals and services carry a date only: noon UTC places them on their day in every
        // zone from UTC−11 to UTC+11, before the day's evening entries and after its morning.
        let day = |d: chrono::NaiveDate| d.and_hms_opt(12, 0, 0).unwrap_or_default().and_utc();
        let at = |e: &TimelineEntry| match e {
            TimelineEntry::FollowUp(f) => (f.at, f.created_at),
            TimelineEntry::Change(h) => (h.at, h.at),
            TimelineEntry::Opportunity(o) => (o.created_at, o.created_at),
            TimelineEntry::Deal(d) => (day(d.date), d.created_at),
            TimelineEntry::Service(s) => (day(s.date), s.created_at),
        };
        entries.sort_by_key(|e| std::cmp::Reverse(at(e)));
        Ok(entries)
    }

    /// The next follow-up the rules suggest for a customer logged now: the priority given (set
    /// on the follow-up) or else the customer's own, due after that priority's interval.
    pub fn suggest_follow_up<Tz: TimeZone>(
        &self,
        customer_id: &str,
        priority: Option<Priority>,
        now: DateTime<Utc>,
        tz: &Tz,
    ) -> Result<FollowUpSuggestion> {
        let customer = self.get_customer(customer_id)?;
        let settings = self
            .settings()?
            .unwrap_or_else(|| Settings::with_language(Language::default()));
        let rules = ScheduleRules::from(&settings.schedule);
        let priority = follow_up_priority(priority, customer.fields.priority);
        Ok(FollowUpSuggestion {
            priority,
            next_at: rules.suggest_next(&FixedClock(now), tz, priority),
            next_by: customer.fields.owner,
        })
    }
}

/// Ids of a customer's follow-ups, oldest first.
pub(in crate::store) fn follow_up_ids(trees: &Trees, cid: Ulid) -> Result<Vec<Ulid>> {
    trees
        .followup_by_customer
        .scan_prefix(id_bytes(cid))
        .keys()
        .map(|k| id_from_bytes(&k?[ID_LEN..]))
        .collect()
}
