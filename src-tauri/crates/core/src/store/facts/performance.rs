//! The 业绩 / Performance view over the dashboard's facts (see `analytics::performance`).
use crate::analytics;
use crate::error::Result;
use crate::model::{Performance, PerformanceQuery};
use crate::store::Store;
use chrono::{DateTime, TimeZone, Utc};

impl Store {
    /// Each person's figures of a month or quarter against their targets, in the user's zone.
    pub fn performance<Tz: TimeZone>(
        &self,
        query: &PerformanceQuery,
        now: DateTime<Utc>,
        tz: &Tz,
    ) -> Result<Performance> {
        // Read on every call, like the dashboard: a target just saved shows at once.
        let settings = self.settings()?;
        let pipeline = crate::stages::Pipeline::of(settings.as_ref());
        let targets = settings.map(|s| s.targets).unwrap_or_default();
        self.with_facts(|set| {
            analytics::performance(&pipeline, &targets, &set.facts(), query, now, tz)
        })?
    }
}
