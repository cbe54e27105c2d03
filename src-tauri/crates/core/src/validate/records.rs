//! Validation of opportunities, deals and service records as the UI sent them. Whether a deal's
//! opportunity belongs to the same customer is checked by the store, inside the write.
use super::{date, follow_up_time, invalid, required, text, MAX_NAME, MAX_TEXT};
use crate::error::{Invalid, Result};
use crate::model::{
    Complaint, ComplaintInput, ComplaintStatus, Customer, DealInput, OpportunityInput,
    PaymentMethod, RecordWarning, ServiceInput,
};
use crate::schedule::local_date;
use chrono::{NaiveDate, TimeZone};

/// The largest amount kept, in cents (one trillion yuan): well inside what the UI's numbers
/// hold exactly.
pub const MAX_AMOUNT_CENTS: i64 = 100_000_000_000_000;

/// How many days a deal may be dated before its customer's first day without a warning.
pub const TYPO_MARGIN_DAYS: i64 = 7;

/// An amount in cents: more than 0 and at most [`MAX_AMOUNT_CENTS`].
pub fn amount(field: &str, cents: i64) -> Result<()> {
    if cents <= 0 || cents > MAX_AMOUNT_CENTS {
        return Err(invalid(field, Invalid::Amount));
    }
    Ok(())
}

/// An amount as typed, in yuan ("12800", "12,800.50", "¥ 99.9"), as cents. Text that is not a
/// number is `Invalid::Number`; zero, negative or too large amounts are `Invalid::Amount`.
pub fn parse_amount(field: &str, typed: &str) -> Result<i64> {
    let s = typed.trim();
    let s = s
        .strip_prefix('¥')
        .or_else(|| s.strip_prefix('￥'))
        .unwrap_or(s)
        .trim();
    let (negative, s) = match s.strip_prefix('-') {
        Some(rest) => (true, rest.trim_start()),
        None => (false, s),
    };
    let s: String = s.chars().filter(|c| *c != ',').collect();
    let (whole, frac) = s.split_once('.').unwrap_or((&s, ""));
    let digits = |p: &str| p.chars().all(|c| c.is_ascii_digit());
    if whole.is_empty() || !digits(whole) || !digits(frac) || frac.len() > 2 {
        return Err(invalid(field, Invalid::Number));
    }
    // More digits than any amount kept: refuse before the arithmetic can overflow.
    if whole.trim_start_matches('0').len() > 13 {
        return Err(invalid(field, Invalid::Amount));
    }
    let whole: i64 = whole.parse().map_err(|_| invalid(field, Invalid::Number))?;
    let frac: i64 = format!("{frac:0<2}")
        .parse()
        .map_err(|_| invalid(field, Invalid::Number))?;
    let cents = whole * 100 + frac;
    let cents = if negative { -cents } else { cents };
    amount(field, cents)?;
    Ok(cents)
}

/// A choice sent as text ("online") as its enum, or a field error naming it.
fn payment_method(field: &str, value: &str) -> Result<PaymentMethod> {
    serde_json::from_value(serde_json::Value::String(value.trim().to_string()))
        .map_err(|_| invalid(field, Invalid::UnknownChoice))
}

/// Checks and normalises an opportunity.
pub fn opportunity(mut input: OpportunityInput) -> Result<OpportunityInput> {
    text("source", &mut input.source, MAX_NAME)?;
    text("product", &mut input.product, MAX_NAME)?;
    for (field, value) in [
        ("need", &mut input.need),
        ("budgetNote", &mut input.budget_note),
        ("intent", &mut input.intent),
    ] {
        text(field, value, MAX_TEXT)?;
    }
    date("expectedClose", input.expected_close)?;
    if let Some(cents) = input.expected_amount {
        amount("expectedAmount", cents)?;
    }
    Ok(input)
}

/// A checked deal: the typed payment method and the normalised text. The opportunity id is
/// parsed by the store, which checks it against the customer.
#[derive(Debug, Clone)]
pub struct ValidDeal {
    pub input: DealInput,
    pub payment_method: PaymentMethod,
}

/// Checks and normalises a deal (all but its opportunity link).
pub fn deal(mut input: DealInput) -> Result<ValidDeal> {
    date("date", Some(input.date))?;
    amount("amount", input.amount)?;
    required("productOrService", &mut input.product_or_service, MAX_NAME)?;
    let payment_method = payment_method("paymentMethod", &input.payment_method)?;
    text("notes", &mut input.notes, MAX_TEXT)?;
    text("salesperson", &mut input.salesperson, MAX_NAME)?;
    if input
        .opportunity_id
        .as_ref()
        .is_some_and(|s| s.trim().is_empty())
    {
        input.opportunity_id = None;
    }
    input.payment_method = serde_json::to_value(payment_method)
        .ok()
        .and_then(|v| v.as_str().map(String::from))
        .unwrap_or_default();
    Ok(ValidDeal {
        input,
        payment_method,
    })
}

/// The customer's first day in the book: its first contact date, or the local day it was
/// created, whichever is earlier.
pub fn customer_since<Tz: TimeZone>(customer: &Customer, tz: &Tz) -> NaiveDate {
    let created = local_date(customer.created_at, tz);
    match customer.fields.first_contact_date {
        Some(first) if first < created => first,
        _ => created,
    }
}

/// What to point out about a deal dated `date` (it is saved all the same): a date more than
/// [`TYPO_MARGIN_DAYS`] before the customer's first day.
pub fn deal_warnings<Tz: TimeZone>(
    date: NaiveDate,
    customer: &Customer,
    tz: &Tz,
) -> Vec<RecordWarning> {
    let days = (customer_since(customer, tz) - date).num_days();
    if days > TYPO_MARGIN_DAYS {
        vec![RecordWarning::DatedBeforeCustomer {
            days: u32::try_from(days).unwrap_or(u32::MAX),
        }]
    } else {
        Vec::new()
    }
}

/// Checks and normalises a service record.
pub fn service(mut input: ServiceInput) -> Result<ServiceInput> {
    date("date", Some(input.date))?;
    for (field, value) in [
        ("request", &mut input.request),
        ("problem", &mut input.problem),
        ("solution", &mut input.solution),
        ("result", &mut input.result),
        ("nextPlan", &mut input.next_plan),
    ] {
        text(field, value, MAX_TEXT)?;
    }
    if let Some(s) = input.satisfaction {
        if !(1..=5).contains(&s) {
            return Err(invalid(
                "satisfaction",
                Invalid::OutOfRange { min: 1, max: 5 },
            ));
        }
    }
    if let Some(at) = input.next_plan_at {
        follow_up_time("nextPlanAt", at)?;
    }
    complaint(input.complaint.as_ref())?;
    Ok(input)
}

/// A service's complaint, checked: its choices read, its dates in range, a resolved date
/// exactly when resolved and not before the day it was received. `None` when the record is
/// no complaint.
pub fn complaint(input: Option<&ComplaintInput>) -> Result<Option<Complaint>> {
    let Some(c) = input else { return Ok(None) };
    date("complaint.receivedOn", Some(c.received_on))?;
    let category = choice("complaint.category", &c.category)?;
    let severity = choice("complaint.severity", &c.severity)?;
    let status: ComplaintStatus = choice("complaint.status", &c.status)?;
    date("complaint.resolvedOn", c.resolved_on)?;
    let mut resolution = c.resolution.clone();
    text("complaint.resolution", &mut resolution, MAX_TEXT)?;
    match (status, c.resolved_on) {
        (ComplaintStatus::Resolved, None) => {
            return Err(invalid(
                "complaint.resolvedOn",
                Invalid::RequiredWhenResolved,
            ))
        }
        (ComplaintStatus::Resolved, Some(done)) if done < c.received_on => {
            return Err(invalid("complaint.resolvedOn", Invalid::BeforeReceived))
        }
        (ComplaintStatus::Open | ComplaintStatus::InProgress, Some(_)) => {
            return Err(invalid("complaint.resolvedOn", Invalid::OnlyWhenResolved))
        }
        _ => {}
    }
    Ok(Some(Complaint {
        received_on: c.received_on,
        category,
        severity,
        status,
        resolved_on: c.resolved_on,
        resolution,
    }))
}

/// Whether a stored complaint (`old`, if the record was one) may become `new`: a status move
/// `complaints::transition_allowed` refuses is an error on `complaint.status`.
pub fn complaint_move(old: Option<&Complaint>, new: Option<&Complaint>) -> Result<()> {
    if let (Some(old), Some(new)) = (old, new) {
        if !crate::complaints::transition_allowed(old.status, new.status) {
            let reason = Invalid::StatusMove {
                from: old.status,
                to: new.status,
            };
            return Err(invalid("complaint.status", reason));
        }
    }
    Ok(())
}

/// A choice sent as text ("high") as its enum, or a field error naming it.
fn choice<T: serde::de::DeserializeOwned>(field: &str, value: &str) -> Result<T> {
    serde_json::from_value(serde_json::Value::String(value.trim().to_string()))
        .map_err(|_| invalid(field, Invalid::UnknownChoice))
}
