//! Deals dated in the period: total, top customers, split by category and industry, and per
//! month.
use super::facts::Facts;
use super::index::{Index, Period};
use crate::model::{Category, CategoryAmount, DealStats, IndustryAmount, MonthTotal, TopCustomer};
use chrono::{Datelike, NaiveDate};
use rustc_hash::FxHashMap;

/// How many customers the high-value list shows.
pub const TOP_CUSTOMERS: usize = 20;

#[derive(Default, Clone, Copy)]
struct Sum {
    amount: i64,
    deals: u32,
}

impl Sum {
    fn add(&mut self, cents: i64) {
        self.amount = self.amount.saturating_add(cents);
        self.deals += 1;
    }
}

fn category_slot(c: Option<Category>) -> usize {
    match c {
        Some(Category::ReadyToBuy) => 0,
        Some(Category::Interested) => 1,
        Some(Category::GoodProspect) => 2,
        Some(Category::OrdinaryProspect) => 3,
        None => 4,
    }
}

const CATEGORIES: [Option<Category>; 5] = [
    Some(Category::ReadyToBuy),
    Some(Category::Interested),
    Some(Category::GoodProspect),
    Some(Category::OrdinaryProspect),
    None,
];

/// Months since year 0, so a month's slot is a subtraction.
fn month_number(d: NaiveDate) -> i64 {
    i64::from(d.year()) * 12 + i64::from(d.month0())
}

pub(crate) fn deals(facts: &Facts<'_>, ix: &Index<'_>, period: &Period<'_>) -> DealStats {
    let first_month = month_number(period.from);
    let months = if period.empty {
        0
    } else {
        month_number(period.to) - first_month + 1
    };
    let mut monthly = vec![Sum::default(); usize::try_from(months).unwrap_or(0)];
    let mut total = Sum::default();
    let mut per_customer: FxHashMap<usize, Sum> = FxHashMap::default();
    let mut categories = [Sum::default(); 5];
    let mut industries: FxHashMap<&str, Sum> = FxHashMap::default();
    let mut find = ix.finder();
    for d in facts.deals {
        if !period.has_date(d.date) {
            continue;
        }
        // Per person, a deal counts for who sold it, whoever owns the customer now.
        if !period.owner_ok(&d.by) {
            continue;
        }
        let Some(i) = find.find(&d.customer_id) else {
            continue;
        };
        let Some(c) = facts.customers.get(i) else {
            continue;
        };
        total.add(d.amount_cents);
        per_customer.entry(i).or_default().add(d.amount_cents);
        if let Some(s) = categories.get_mut(category_slot(c.category)) {
            s.add(d.amount_cents);
        }
        industries
            .entry(c.industry.trim())
            .or_default()
            .add(d.amount_cents);
        let slot = usize::try_from(month_number(d.date) - first_month).ok();
        if let Some(s) = slot.and_then(|m| monthly.get_mut(m)) {
            s.add(d.amount_cents);
        }
    }

    let mut top: Vec<(usize, Sum)> = per_customer.into_iter().collect();
    // Largest first; ties by customer id so the list is stable.
    let id = |i: usize| facts.customers.get(i).map_or("", |c| &*c.id);
    top.sort_by(|(a, sa), (b, sb)| sb.amount.cmp(&sa.amount).then_with(|| id(*a).cmp(id(*b))));
    top.truncate(TOP_CUSTOMERS);
    let top_customers = top
        .into_iter()
        .filter_map(|(i, s)| {
            let c = facts.customers.get(i)?;
            Some(TopCustomer {
                customer_id: c.id.to_string(),
                name: c.name.to_string(),
                amount_cents: s.amount,
                deals: s.deals,
            })
        })
        .collect();

    let by_category = CATEGORIES
        .iter()
        .zip(categories)
        .filter(|(_, s)| s.deals > 0)
        .map(|(&category, s)| CategoryAmount {
            category,
            amount_cents: s.amount,
            deals: s.deals,
        })
        .collect();

    let mut by_industry: Vec<IndustryAmount> = industries
        .into_iter()
        .map(|(industry, s)| IndustryAmount {
            industry: industry.to_string(),
            amount_cents: s.amount,
            deals: s.deals,
        })
        .collect();
    by_industry.sort_by(|a, b| {
        b.amount_cents
            .cmp(&a.amount_cents)
            .then_with(|| a.industry.cmp(&b.industry))
    });

    let monthly = monthly
        .into_iter()
        .zip(first_month..)
        .map(|(s, m)| MonthTotal {
            month: format!("{:04}-{:02}", m.div_euclid(12), m.rem_euclid(12) + 1),
            amount_cents: s.amount,
            deals: s.deals,
        })
        .collect();

    DealStats {
        count: total.deals,
        total_cents: total.amount,
        top_customers,
        by_category,
        by_industry,
        monthly,
    }
}
