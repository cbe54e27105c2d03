//! The customer record as the seed tables keep it (客户成交管理表 / 客户跟进记录表).
use super::enums::{Category, CustomerKind, DecisionRole, Priority, Stage};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A key contact at a company customer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, Default)]
#[serde(rename_all = "camelCase", default)]
#[ts(export)]
pub struct Contact {
    pub name: String,
    pub title: String,
    pub phone: String,
    pub email: String,
    pub birthday: Option<NaiveDate>,
    pub role: Option<DecisionRole>,
}

/// What the customer needs and how they decide.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, Default)]
#[serde(rename_all = "camelCase", default)]
#[ts(export)]
pub struct Needs {
    pub core_need: String,
    /// Free text such as "15-20万".
    pub budget: String,
    pub decision_chain: String,
    pub deadline: Option<NaiveDate>,
}

/// The value of a user-defined field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "type", content = "value", rename_all = "camelCase")]
#[ts(export)]
pub enum CustomValue {
    Text(String),
    Number(f64),
    Date(NaiveDate),
}

/// A user-defined field: name → value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CustomField {
    pub name: String,
    pub value: CustomValue,
}

/// Every field of a customer the user edits (tags aside, which are referenced by id).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, Default)]
#[serde(rename_all = "camelCase", default)]
#[ts(export)]
pub struct CustomerFields {
    pub kind: CustomerKind,
    pub name: String,
    pub company: String,
    pub position: String,
    pub department: String,
    pub phones: Vec<String>,
    pub emails: Vec<String>,
    pub address: String,
    pub wechat_ids: Vec<String>,
    pub industry: String,
    pub company_size: String,
    pub website: String,
    pub main_business: String,
    pub source: String,
    pub first_contact_date: Option<NaiveDate>,
    pub first_contact_by: String,
    /// The salesperson in charge.
    pub owner: String,
    pub birthday: Option<NaiveDate>,
    pub contract_expiry: Option<NaiveDate>,
    pub notes: String,
    pub contacts: Vec<Contact>,
    pub needs: Needs,
    pub category: Option<Category>,
    pub stage: Stage,
    /// Required when `stage` is `Lost`.
    pub lost_reason: String,
    pub priority: Priority,
    pub custom_fields: Vec<CustomField>,
}

/// What the UI sends to create or update a customer. Tags are given by name; a name the book
/// does not know yet creates that tag in the same transaction.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, Default)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CustomerInput {
    #[serde(flatten)]
    pub fields: CustomerFields,
    #[serde(default)]
    pub tags: Vec<String>,
}

/// A stored customer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Customer {
    /// ULID: unique across machines, ordered by creation time.
    pub id: String,
    #[serde(flatten)]
    pub fields: CustomerFields,
    // Defaulted: the store leaves an empty list out (`codec::encode_customer`).
    #[serde(default)]
    pub tag_ids: Vec<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Set while the customer is in the trash.
    pub deleted_at: Option<DateTime<Utc>>,
}
