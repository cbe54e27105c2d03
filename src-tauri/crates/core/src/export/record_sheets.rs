//! The workbook's sales-record sheets: 商机 / 成交 / 售后 (Opportunities / Deals / After-sales),
//! one row per record, each starting with the columns that name its customer (客脉编号, 客户名称,
//! 公司名称, as the follow-up sheet does) so an import finds the customer by name + company.
//!
//! Headers are ones the importer maps to the record's cells (预计成交金额, 成交金额, 成交日期,
//! 产品, 付款方式, 服务日期, 服务内容, 满意度, 下次服务, and a complaint's 投诉日期, 投诉类别,
//! 严重程度, 处理状态, 解决日期, 处理结果, empty for a record that is no complaint), so a sheet imported with duplicates
//! merged puts the records back on their customers. What the importer has no column for stays
//! in the JSON export: an opportunity's stage, need, intent and expected close, a deal's notes
//! and opportunity, a service's request, problem and result. An opportunity without an amount
//! shows its budget note in the amount column (the importer reads such text back as the note);
//! a service's 下次服务 is its next day when it has one, else the plan's text.
use super::columns::Value;
use super::rows::local;
use crate::i18n::complaint_status_label;
use crate::model::{
    Complaint, ComplaintCategory, ComplaintSeverity, Customer, Deal, Language, Opportunity,
    PaymentMethod, ServiceRecord,
};
use chrono::TimeZone;
use std::borrow::Cow;
use std::collections::HashMap;

/// The sheet names: 商机, 成交 and 售后, or Opportunities, Deals and After-sales.
pub fn record_sheet_names(lang: Language) -> [&'static str; 3] {
    match lang {
        Language::Zh => ["商机", "成交", "售后"],
        Language::En => ["Opportunities", "Deals", "After-sales"],
    }
}

fn pick(lang: Language, zh: &'static str, en: &'static str) -> &'static str {
    match lang {
        Language::Zh => zh,
        Language::En => en,
    }
}

fn headers(lang: Language, rest: &[(&'static str, &'static str)]) -> Vec<String> {
    let key = [
        ("客脉编号", "Rapport ID"),
        ("客户名称", "Name"),
        ("公司名称", "Company"),
    ];
    key.iter()
        .chain(rest)
        .map(|(zh, en)| pick(lang, zh, en).to_owned())
        .collect()
}

pub(super) fn opportunity_header(lang: Language) -> Vec<String> {
    headers(lang, &[("预计成交金额", "Expected amount")])
}

pub(super) fn deal_header(lang: Language) -> Vec<String> {
    headers(
        lang,
        &[
            ("成交日期", "Deal date"),
            ("成交金额", "Deal amount"),
            ("产品", "Product"),
            ("付款方式", "Payment method"),
        ],
    )
}

pub(super) fn service_header(lang: Language) -> Vec<String> {
    headers(
        lang,
        &[
            ("服务日期", "Service date"),
            ("服务内容", "Service content"),
            ("满意度", "Satisfaction"),
            ("下次服务", "Next service"),
            ("投诉日期", "Complaint received"),
            ("投诉类别", "Complaint category"),
            ("严重程度", "Severity"),
            ("处理状态", "Complaint status"),
            ("解决日期", "Resolved on"),
            ("处理结果", "Resolution"),
        ],
    )
}

/// The exported customers by id, to name each record's customer; records of customers not
/// exported are left out (their rows could not name a customer).
pub(super) struct Owners<'a>(HashMap<&'a str, &'a Customer>);

impl<'a> Owners<'a> {
    pub fn new(customers: &'a [Customer]) -> Self {
        Owners(customers.iter().map(|c| (c.id.as_str(), c)).collect())
    }

    fn key(&self, customer_id: &str) -> Option<[Value<'a>; 3]> {
        let c = self.0.get(customer_id)?;
        Some([text(&c.id), text(&c.fields.name), text(&c.fields.company)])
    }

    pub fn opportunity_rows<'r>(
        &'r self,
        all: &'r [Opportunity],
    ) -> impl Iterator<Item = Vec<Value<'r>>> + 'r {
        all.iter().filter_map(move |o| {
            let amount = match o.expected_amount {
                Some(c) => yuan(c),
                None => text(&o.budget_note),
            };
            Some(row(self.key(&o.customer_id)?, [amount]))
        })
    }

    pub fn deal_rows<'r>(
        &'r self,
        all: &'r [Deal],
        lang: Language,
    ) -> impl Iterator<Item = Vec<Value<'r>>> + 'r {
        all.iter().filter_map(move |d| {
            let paid = match d.payment_method {
                PaymentMethod::Online => pick(lang, "线上支付", "Online"),
                PaymentMethod::Offline => pick(lang, "线下支付", "Offline"),
                PaymentMethod::Instalments => pick(lang, "分期付款", "Instalments"),
            };
            let cells = [
                Value::Date(d.date),
                yuan(d.amount),
                text(&d.product_or_service),
                Value::Text(Cow::Borrowed(paid)),
            ];
            Some(row(self.key(&d.customer_id)?, cells))
        })
    }

    pub fn service_rows<'r, Tz: TimeZone>(
        &'r self,
        all: &'r [ServiceRecord],
        lang: Language,
        tz: &'r Tz,
    ) -> impl Iterator<Item = Vec<Value<'r>>> + 'r {
        all.iter().filter_map(move |s| {
            let next = match s.next_plan_at {
                Some(at) => Value::DateTime(local(at, tz)),
                None => text(&s.next_plan),
            };
            let cells = [
                Value::Date(s.date),
                text(&s.solution),
                s.satisfaction
                    .map_or(Value::Empty, |n| Value::Number(f64::from(n))),
                next,
            ];
            let complaint = complaint_cells(s.complaint.as_ref(), lang);
            let key = self.key(&s.customer_id)?;
            Some(key.into_iter().chain(cells).chain(complaint).collect())
        })
    }
}

/// The six complaint cells of a service; empty for a record that is no complaint.
fn complaint_cells(c: Option<&Complaint>, lang: Language) -> [Value<'_>; 6] {
    let Some(c) = c else {
        return std::array::from_fn(|_| Value::Empty);
    };
    let label = |s: &'static str| Value::Text(Cow::Borrowed(s));
    let category = match c.category {
        ComplaintCategory::Quality => pick(lang, "产品质量", "Quality"),
        ComplaintCategory::Delivery => pick(lang, "交付物流", "Delivery"),
        ComplaintCategory::Service => pick(lang, "服务态度", "Service"),
        ComplaintCategory::Billing => pick(lang, "价格费用", "Billing"),
        ComplaintCategory::Other => pick(lang, "其他", "Other"),
    };
    let severity = match c.severity {
        ComplaintSeverity::Low => pick(lang, "轻微", "Low"),
        ComplaintSeverity::Medium => pick(lang, "一般", "Medium"),
        ComplaintSeverity::High => pick(lang, "严重", "High"),
    };
    [
        Value::Date(c.received_on),
        label(category),
        label(severity),
        label(complaint_status_label(c.status, lang)),
        c.resolved_on.map_or(Value::Empty, Value::Date),
        text(&c.resolution),
    ]
}

fn row<'a, const N: usize>(key: [Value<'a>; 3], cells: [Value<'a>; N]) -> Vec<Value<'a>> {
    key.into_iter().chain(cells).collect()
}

fn text(s: &str) -> Value<'_> {
    if s.is_empty() {
        Value::Empty
    } else {
        Value::Text(Cow::Borrowed(s))
    }
}

/// Cents as yuan, a number cell.
fn yuan(cents: i64) -> Value<'static> {
    Value::Number(cents as f64 / 100.0)
}
