//! The analytics dashboard over the book's facts (see `facts_cache`).
use super::Store;
use crate::analytics;
use crate::error::Result;
use crate::model::{AnalyticsQuery, Dashboard};
use chrono::{DateTime, TimeZone, Utc};

impl Store {
    /// Every figure of the dashboard for one period and owner, in the user's time zone.
    pub fn dashboard<Tz: TimeZone>(
        &self,
        query: &AnalyticsQuery,
        now: DateTime<Utc>,
        tz: &Tz,
    ) -> Result<Dashboard> {
        self.with_facts(|set| analytics::dashboard(&set.facts(), query, now, tz))
    }
}
