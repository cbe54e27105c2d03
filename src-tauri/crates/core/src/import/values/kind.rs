//! 客户性质 / 客户类型 cells: the customer's kind (企业 / 个人), and the values legacy sheets
//! put in the same column — a category (意向客户, 潜在客户) or a stage (成交客户, 流失客户).
//!
//! Decisions (the mapping table):
//! - 企业客户 / 企业 / 公司 / 公司客户 / 单位 / 机构 / company / business → a company;
//!   个人客户 / 个人 / 自然人 / person / individual → a person;
//! - a category as [`parse_category`] reads it (准客户, 意向客户, 优质潜在客户, 一般潜在客户,
//!   A–D, and a bare 潜在客户 as 一般潜在客户);
//! - a stage as [`parse_stage_named`] reads it (成交客户 / 签约客户 / 合作客户 → 成交,
//!   流失客户 → 流失, and the stage names themselves).
//!
//! Kinds, categories and stages have no value in common, so the order does not matter.
use super::choice::{parse_category, parse_stage_named, StageNames};
use super::{is_blank, normalize, ValueError};
use crate::model::{Category, CustomerKind, Stage};

/// What a customer-type cell says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CustomerType {
    Kind(CustomerKind),
    Category(Category),
    Stage(Stage),
}

/// 企业 / 公司 / company → a company; 个人 / person / individual → a person.
pub fn parse_kind(text: &str) -> Option<CustomerKind> {
    const COMPANY: &[&str] = &[
        "企业",
        "公司",
        "单位",
        "机构",
        "企业客户",
        "公司客户",
        "单位客户",
        "机构客户",
        "company",
        "business",
        "organization",
        "organisation",
        "b2b",
    ];
    const PERSON: &[&str] = &[
        "个人",
        "自然人",
        "个人客户",
        "person",
        "individual",
        "private",
        "b2c",
    ];
    let key: String = normalize(text).to_lowercase().split_whitespace().collect();
    if COMPANY.contains(&key.as_str()) {
        Some(CustomerKind::Company)
    } else if PERSON.contains(&key.as_str()) {
        Some(CustomerKind::Person)
    } else {
        None
    }
}

/// A kind, category or stage (see the module docs); `Ok(None)` for a blank cell, `unknown`
/// when the cell is none of them.
pub fn parse_customer_type(
    text: &str,
    stages: &StageNames,
    unknown: ValueError,
) -> Result<Option<CustomerType>, ValueError> {
    if is_blank(&normalize(text)) {
        return Ok(None);
    }
    if let Some(kind) = parse_kind(text) {
        return Ok(Some(CustomerType::Kind(kind)));
    }
    if let Ok(Some(category)) = parse_category(text) {
        return Ok(Some(CustomerType::Category(category)));
    }
    match parse_stage_named(text, stages) {
        Ok(Some(stage)) => Ok(Some(CustomerType::Stage(stage))),
        _ => Err(unknown),
    }
}
