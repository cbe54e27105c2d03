//! Combining two versions of one customer without losing anything: fields still empty are
//! filled, lists are united. Used for rows of the same customer within a sheet and, at commit,
//! for a planned customer merged into the one the book has.
//!
//! Stage, priority and kind always have a value; their defaults (初步接触, 中, company) count
//! as empty, so a later row saying 谈判中 or 高 is kept. Lists stop at the limits validation
//! sets, so a merge of valid customers stays valid.
use super::keys::phone_digits;
use crate::model::{Customer, CustomerFields, CustomerInput, Stage};
use crate::validate::{tag_key, MAX_CUSTOM_FIELDS, MAX_LIST};

/// What the commit step does with a planned customer that matches one in the book.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize, ts_rs::TS,
)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum DuplicatePolicy {
    /// Leave the existing customer as it is and import nothing of this one (the safe default).
    #[default]
    Skip,
    /// Fill the existing customer's empty fields, add tags, phones, e-mails and follow-ups.
    Merge,
    /// Create a second customer.
    CreateAnyway,
}

/// The existing customer with the planned one's data added: empty fields filled, tags,
/// phones, e-mails, WeChat IDs, contacts and custom fields added. `existing_tags` are the
/// names of the existing customer's tags (a stored customer holds tag ids).
pub fn merge_into(
    existing: &Customer,
    existing_tags: &[String],
    planned: &CustomerInput,
) -> CustomerInput {
    let mut merged = CustomerInput {
        fields: existing.fields.clone(),
        tags: existing_tags.to_vec(),
    };
    fill(&mut merged, planned);
    merged
}

/// Adds `extra` to `base` (see the module docs).
pub(super) fn fill(base: &mut CustomerInput, extra: &CustomerInput) {
    fill_fields(&mut base.fields, &extra.fields);
    add_unique(&mut base.tags, &extra.tags, tag_key, MAX_LIST);
}

fn fill_fields(b: &mut CustomerFields, e: &CustomerFields) {
    fill_text(b, e);
    fill_choices(b, e);
    add_unique(&mut b.phones, &e.phones, phone_digits, MAX_LIST);
    add_unique(
        &mut b.emails,
        &e.emails,
        |s| s.trim().to_lowercase(),
        MAX_LIST,
    );
    add_unique(
        &mut b.wechat_ids,
        &e.wechat_ids,
        |s| s.trim().to_lowercase(),
        MAX_LIST,
    );
    for c in &e.contacts {
        let known = b.contacts.iter().any(|k| same(&k.name, &c.name));
        if !known && b.contacts.len() < MAX_LIST {
            b.contacts.push(c.clone());
        }
    }
    for f in &e.custom_fields {
        let known = b.custom_fields.iter().any(|k| same(&k.name, &f.name));
        if !known && b.custom_fields.len() < MAX_CUSTOM_FIELDS {
            b.custom_fields.push(f.clone());
        }
    }
}

fn fill_text(b: &mut CustomerFields, e: &CustomerFields) {
    let pairs = [
        (&mut b.name, &e.name),
        (&mut b.company, &e.company),
        (&mut b.position, &e.position),
        (&mut b.department, &e.department),
        (&mut b.address, &e.address),
        (&mut b.industry, &e.industry),
        (&mut b.company_size, &e.company_size),
        (&mut b.website, &e.website),
        (&mut b.main_business, &e.main_business),
        (&mut b.source, &e.source),
        (&mut b.first_contact_by, &e.first_contact_by),
        (&mut b.owner, &e.owner),
        (&mut b.notes, &e.notes),
        (&mut b.needs.core_need, &e.needs.core_need),
        (&mut b.needs.budget, &e.needs.budget),
        (&mut b.needs.decision_chain, &e.needs.decision_chain),
    ];
    for (target, value) in pairs {
        if target.trim().is_empty() {
            target.clone_from(value);
        }
    }
}

fn fill_choices(b: &mut CustomerFields, e: &CustomerFields) {
    b.first_contact_date = b.first_contact_date.or(e.first_contact_date);
    b.birthday = b.birthday.or(e.birthday);
    b.contract_expiry = b.contract_expiry.or(e.contract_expiry);
    b.needs.deadline = b.needs.deadline.or(e.needs.deadline);
    b.category = b.category.or(e.category);
    if b.kind == Default::default() {
        b.kind = e.kind;
    }
    if b.priority == Default::default() {
        b.priority = e.priority;
    }
    if b.stage == Stage::default() {
        b.stage = e.stage;
    }
    if b.stage == Stage::Lost && b.lost_reason.trim().is_empty() {
        b.lost_reason.clone_from(&e.lost_reason);
    }
}

/// Appends the entries of `extra` whose key `base` does not hold yet, up to `max` entries.
fn add_unique(base: &mut Vec<String>, extra: &[String], key: fn(&str) -> String, max: usize) {
    for value in extra {
        let k = key(value);
        if base.len() < max && !base.iter().any(|b| key(b) == k) {
            base.push(value.clone());
        }
    }
}

fn same(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}
