use super::Store;
use crate::error::Result;
use chrono::{DateTime, Utc};

impl Store {
    /// Adds the bilingual demo book (about 200 customers) in one transaction.
    pub fn load_demo(&self, now: DateTime<Utc>) -> Result<u32> {
        let saved = self.create_customers(crate::demo::demo_customers(now.date_naive()), now)?;
        Ok(saved.len() as u32)
    }
}
