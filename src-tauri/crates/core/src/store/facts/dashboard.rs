//! The analytics dashboard over the book's facts (see `facts`).
use crate::analytics;
use crate::error::Result;
use crate::model::{AnalyticsQuery, Dashboard};
use crate::store::Store;
use chrono::{DateTime, TimeZone, Utc};

impl Store {
    /// Every figure of the dashboard for one period and owner, in the user's time zone.
    pub fn dashboard<Tz: TimeZone>(
        &self,
        query: &AnalyticsQuery,
        now: DateTime<Utc>,
        tz: &Tz,
    ) -> Result<Dashboard> {
        // The pipeline and product list are read on every call: a settings change applies at once.
        let settings = self.settings()?;
        let pipeline = crate::stages::Pipeline::of(settings.as_ref());
        let products = settings.map(|s| s.products).unwrap_or_default();
        self.with_facts(|set| {
            analytics::dashboard_with(&pipeline, &products, &set.facts(), query, now, tz)
        })
    }
}
