use super::Store;
use crate::error::Result;
use chrono::{DateTime, Utc};

impl Store {
    /// Adds the bilingual demo book: about 200 customers with their follow-ups, opportunities,
    /// deals and after-sales records.
    pub fn load_demo(&self, now: DateTime<Utc>) -> Result<u32> {
        let saved = self.create_customers(crate::demo::demo_customers(now.date_naive()), now)?;
        // Every demo follow-up is done or has its next time, so no zone is needed for defaults.
        self.log_follow_ups(crate::demo::demo_follow_ups(&saved, now), now, &chrono::Utc)?;
        crate::demo::add_demo_records(self, &saved, now)?;
        Ok(saved.len() as u32)
    }
}
