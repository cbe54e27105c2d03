//! Imported deals link to the product list: a product they name that the list lacks (ignoring
//! case and surrounding spaces) is added to it, with no category or price yet, so the
//! dashboard's per-product figures and the deal form's picker know it. The import's own
//! placeholder for a deal without a product is not a product.
use crate::error::Result;
use crate::model::{Language, Product, Settings};
use crate::store::Store;
use crate::validate::{MAX_PRODUCTS, MAX_PRODUCT_NAME};

/// What the import writes when a deal row names no product (see `import::plan::records`).
const NO_PRODUCT: [&str; 2] = ["未注明", "Not specified"];

impl Store {
    /// Adds the `names` the list lacks, in first-seen order; a name too long for the list, or
    /// past its size limit, stays on its deals only. Call under the writer lock.
    pub(in crate::store) fn list_products(&self, names: &[String]) -> Result<()> {
        let mut settings = match self.settings()? {
            Some(s) => s,
            None if names.is_empty() => return Ok(()),
            None => Settings::with_language(Language::default()),
        };
        let before = settings.products.len();
        for name in names {
            let name = name.trim();
            let known = |p: &Product| p.name.to_lowercase() == name.to_lowercase();
            if name.is_empty()
                || NO_PRODUCT.contains(&name)
                || name.chars().count() > MAX_PRODUCT_NAME
                || settings.products.len() >= MAX_PRODUCTS
                || settings.products.iter().any(known)
            {
                continue;
            }
            settings.products.push(Product {
                name: name.to_string(),
                category: String::new(),
                list_price: None,
            });
        }
        if settings.products.len() > before {
            self.write_settings(crate::validate::settings(settings)?)?;
        }
        Ok(())
    }
}
