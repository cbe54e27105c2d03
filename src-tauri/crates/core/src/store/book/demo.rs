use crate::demo::DemoChange;
use crate::error::{CoreError, Result};
use crate::store::infra::keys::parse_id;
use crate::store::{history, Store};
use chrono::{DateTime, TimeZone, Utc};

impl Store {
    /// Adds the bilingual demo book: about 200 customers with their follow-ups, the stage
    /// changes that brought them where they are, opportunities, deals and after-sales records.
    /// Open follow-ups are due by the rules (the customer's priority) in the user's zone `tz`.
    pub fn load_demo<Tz: TimeZone>(&self, now: DateTime<Utc>, tz: &Tz) -> Result<u32> {
        // Everything a team book holds goes to the team's server.
        if self.is_team_book() {
            return Err(CoreError::DemoInTeamBook);
        }
        let saved = self.create_customers(crate::demo::demo_customers(now.date_naive()), now)?;
        let talks = self.log_follow_ups(crate::demo::demo_follow_ups(&saved, now), now, tz)?;
        let climb = crate::demo::demo_stage_history(&saved, &talks, &self.pipeline()?);
        self.add_demo_history(&climb)?;
        crate::demo::add_demo_records(self, &saved, now)?;
        self.add_demo_products()?;
        Ok(saved.len() as u32)
    }

    /// The demo's product list, added to the user's (the products it already has kept as
    /// they are), so the dashboard's product categories mean something.
    fn add_demo_products(&self) -> Result<()> {
        // Settings never saved have no language yet to save them in: the shell saves them
        // first (in the UI's language); without them the demo brings no list.
        let Some(mut settings) = self.settings()? else {
            return Ok(());
        };
        for p in crate::demo::demo_products() {
            let name = p.name.to_lowercase();
            if !settings
                .products
                .iter()
                .any(|q| q.name.to_lowercase() == name)
            {
                settings.products.push(p);
            }
        }
        self.save_settings(settings).map(|_| ())
    }

    /// Records the demo's stage changes (the customers are already at their stage).
    fn add_demo_history(&self, changes: &[DemoChange]) -> Result<()> {
        let ids = changes
            .iter()
            .map(|c| {
                Ok((
                    parse_id("customerId", &c.customer_id)?,
                    parse_id("followUpId", &c.follow_up_id)?,
                ))
            })
            .collect::<Result<Vec<_>>>()?;
        let _w = self.writer()?;
        self.trees.write(|tx| {
            for (c, (cid, fid)) in changes.iter().zip(&ids) {
                let change = vec![c.change.clone()];
                history::record(&tx.history, *cid, c.at, change, Some(*fid), &c.by)?;
                // The dashboard's facts follow the customers touched.
                tx.customers.touched.add(*cid);
            }
            Ok(())
        })
    }
}
