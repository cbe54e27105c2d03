use super::Store;
use crate::error::Result;
use chrono::{DateTime, Utc};

impl Store {
    /// Adds the bilingual demo book (about 200 customers with their follow-ups).
    pub fn load_demo(&self, now: DateTime<Utc>) -> Result<u32> {
        let saved = self.create_customers(crate::demo::demo_customers(now.date_naive()), now)?;
        self.log_follow_ups(crate::demo::demo_follow_ups(&saved, now), now)?;
        Ok(saved.len() as u32)
    }
}
