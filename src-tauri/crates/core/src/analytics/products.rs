//! Deals of the period by product and by product category (the seeds' 购买偏好). A deal's
//! product is matched to the settings' list ignoring case and surrounding spaces; one not in
//! the list keeps its recorded name and has no category. Deals without a product count under
//! the empty name, so the figures always add up to the period's deal total.
use super::facts::Facts;
use super::index::{Index, Period};
use crate::model::{Product, ProductAmount, ProductCategoryAmount, ProductStats};
use rustc_hash::FxHashMap;

pub(crate) fn products(
    facts: &Facts<'_>,
    ix: &Index<'_>,
    period: &Period<'_>,
    list: &[Product],
) -> ProductStats {
    let listed: FxHashMap<String, &Product> = list
        .iter()
        .map(|p| (p.name.trim().to_lowercase(), p))
        .collect();
    // Keyed by the lower-cased name, so 'X200' and 'x200 ' are one product.
    let mut per_product: FxHashMap<String, ProductAmount> = FxHashMap::default();
    let mut find = ix.finder();
    for d in facts.deals {
        // The same deals as the deal total: in the period, sold by the filtered person, of a
        // customer in the book.
        if !period.has_date(d.date) || !period.owner_ok(&d.by) {
            continue;
        }
        if find.find(&d.customer_id).is_none() {
            continue;
        }
        let name = d.product.trim();
        let key = name.to_lowercase();
        let entry = per_product.entry(key).or_insert_with_key(|key| {
            let known = listed.get(key);
            ProductAmount {
                product: known.map_or(name, |p| p.name.as_str()).to_string(),
                category: known.map(|p| p.category.clone()).unwrap_or_default(),
                listed: known.is_some(),
                amount_cents: 0,
                deals: 0,
            }
        });
        entry.amount_cents = entry.amount_cents.saturating_add(d.amount_cents);
        entry.deals += 1;
    }
    let mut by_product: Vec<ProductAmount> = per_product.into_values().collect();
    by_product.sort_by(|a, b| {
        b.amount_cents
            .cmp(&a.amount_cents)
            .then_with(|| a.product.cmp(&b.product))
    });
    let mut per_category: FxHashMap<&str, ProductCategoryAmount> = FxHashMap::default();
    for p in &by_product {
        let c = per_category
            .entry(p.category.as_str())
            .or_insert_with(|| ProductCategoryAmount {
                category: p.category.clone(),
                amount_cents: 0,
                deals: 0,
            });
        c.amount_cents = c.amount_cents.saturating_add(p.amount_cents);
        c.deals += p.deals;
    }
    let mut by_category: Vec<ProductCategoryAmount> = per_category.into_values().collect();
    by_category.sort_by(|a, b| {
        b.amount_cents
            .cmp(&a.amount_cents)
            .then_with(|| a.category.cmp(&b.category))
    });
    ProductStats {
        by_product,
        by_category,
    }
}
