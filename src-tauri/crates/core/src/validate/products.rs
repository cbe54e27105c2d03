//! The product list in settings: names required and unique (ignoring case), category and
//! list price optional. Rows left wholly empty (a blank row the editor added) are dropped.
use super::records::amount;
use super::{invalid, MAX_TAG_NAME};
use crate::error::{Invalid, Result};
use crate::model::Product;

/// Longest product name.
pub const MAX_PRODUCT_NAME: usize = 60;
/// Most products in the list.
pub const MAX_PRODUCTS: usize = 500;

pub(super) fn products(list: &mut Vec<Product>) -> Result<()> {
    let mut kept: Vec<Product> = Vec::with_capacity(list.len());
    let mut seen = std::collections::HashSet::new();
    for (i, p) in list.iter().enumerate() {
        let name = p.name.trim().to_string();
        let category = p.category.trim().to_string();
        if name.is_empty() && category.is_empty() && p.list_price.is_none() {
            continue;
        }
        let at = |field: &str| format!("products[{i}].{field}");
        if name.is_empty() {
            return Err(invalid(at("name"), Invalid::Required));
        }
        if name.chars().count() > MAX_PRODUCT_NAME {
            let max = MAX_PRODUCT_NAME;
            return Err(invalid(at("name"), Invalid::TooLong { max }));
        }
        if category.chars().count() > MAX_TAG_NAME {
            let max = MAX_TAG_NAME;
            return Err(invalid(at("category"), Invalid::TooLong { max }));
        }
        if let Some(cents) = p.list_price {
            amount(&at("listPrice"), cents)?;
        }
        if !seen.insert(name.to_lowercase()) {
            return Err(invalid(at("name"), Invalid::Duplicate));
        }
        kept.push(Product {
            name,
            category,
            list_price: p.list_price,
        });
    }
    if kept.len() > MAX_PRODUCTS {
        return Err(invalid("products", Invalid::TooMany { max: MAX_PRODUCTS }));
    }
    *list = kept;
    Ok(())
}
