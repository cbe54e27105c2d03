//! Validation of a follow-up as the UI sent it, against the customer it belongs to.
use super::{invalid, text, MAX_NAME, MAX_TEXT};
use crate::error::{Invalid, Result};
use crate::model::{Customer, FollowUpInput, FollowUpMethod, Priority, Stage};
use crate::schedule::{follow_up_priority, ScheduleRules};
use chrono::{DateTime, TimeZone, Utc};
use serde::de::DeserializeOwned;

/// A checked follow-up: the typed choices and the normalised text.
#[derive(Debug, Clone)]
pub struct ValidFollowUp {
    pub input: FollowUpInput,
    pub method: FollowUpMethod,
    pub priority: Priority,
}

/// A choice sent as text ("phone", "high") as its enum, or a field error naming it.
fn choice<T: DeserializeOwned>(field: &str, value: &str) -> Result<T> {
    serde_json::from_value(serde_json::Value::String(value.trim().to_string()))
        .map_err(|_| invalid(field, Invalid::UnknownChoice))
}

/// Follow-up times are kept between 1970 and the end of 2100.
pub fn follow_up_time(field: &str, t: DateTime<Utc>) -> Result<()> {
    let lo = Utc.with_ymd_and_hms(1970, 1, 1, 0, 0, 0).single();
    let hi = Utc.with_ymd_and_hms(2101, 1, 1, 0, 0, 0).single();
    if Some(t) < lo || Some(t) >= hi {
        return Err(invalid(field, Invalid::TimeOutOfRange));
    }
    Ok(())
}

/// What a follow-up left blank takes from its customer and the rules: a blank 跟进人 is `me`
/// (the settings' 我是; when that is not set, the customer's owner); a blank priority is the
/// customer's own ([`follow_up_priority`]); and an open follow-up without a next time is due
/// after its priority's interval, counted from the follow-up's local day
/// ([`ScheduleRules::next_due`]).
pub fn with_default_due<Tz: TimeZone>(
    mut input: FollowUpInput,
    customer: &Customer,
    me: &str,
    rules: &ScheduleRules,
    tz: &Tz,
) -> FollowUpInput {
    input = with_customer_priority(input, customer);
    if input.by.trim().is_empty() {
        input.by = who_did_it(me, customer);
    }
    if input.done || input.next_at.is_some() {
        return input;
    }
    if let Ok(priority) = choice::<Priority>("priority", &input.priority) {
        input.next_at = Some(rules.next_due(input.at, priority, tz));
    }
    input
}

/// A follow-up's blank priority is its customer's own ([`follow_up_priority`]).
pub fn with_customer_priority(mut input: FollowUpInput, customer: &Customer) -> FollowUpInput {
    if input.priority.trim().is_empty() {
        input.priority = choice_text(follow_up_priority(None, customer.fields.priority));
    }
    input
}

/// Who made a record nobody was named for: `me`, else the customer's owner.
pub fn who_did_it(me: &str, customer: &Customer) -> String {
    let me = me.trim();
    if me.is_empty() {
        customer.fields.owner.clone()
    } else {
        me.to_string()
    }
}

/// A choice as the text an input carries ("high").
fn choice_text<T: serde::Serialize>(value: T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(String::from))
        .unwrap_or_default()
}

pub fn follow_up(mut input: FollowUpInput, customer: &Customer) -> Result<ValidFollowUp> {
    follow_up_time("at", input.at)?;
    let method = choice("method", &input.method)?;
    let priority = choice("priority", &input.priority)?;
    text("topic", &mut input.topic, MAX_NAME)?;
    text("nextBy", &mut input.next_by, MAX_NAME)?;
    text("by", &mut input.by, MAX_NAME)?;
    text("contact", &mut input.contact, MAX_NAME)?;
    for (field, value) in [
        ("content", &mut input.content),
        ("feedback", &mut input.feedback),
        ("result", &mut input.result),
        ("nextAction", &mut input.next_action),
        ("lostReason", &mut input.lost_reason),
    ] {
        text(field, value, MAX_TEXT)?;
    }
    if input.done && input.content.is_empty() {
        return Err(invalid("content", Invalid::RequiredWhenDone));
    }
    if let Some(next) = input.next_at {
        follow_up_time("nextAt", next)?;
        if next < input.at {
            return Err(invalid("nextAt", Invalid::BeforeFollowUp));
        }
    }
    if !input.contact.is_empty()
        && !customer
            .fields
            .contacts
            .iter()
            .any(|c| c.name == input.contact)
    {
        return Err(invalid("contact", Invalid::NotAContact));
    }
    if input.stage == Some(Stage::Lost) && input.lost_reason.is_empty() {
        let kept = &customer.fields.lost_reason;
        if customer.fields.stage == Stage::Lost && !kept.is_empty() {
            input.lost_reason = kept.clone();
        } else {
            return Err(invalid("lostReason", Invalid::LostReasonRequired));
        }
    }
    if input.stage.is_some_and(|s| s != Stage::Lost) {
        input.lost_reason.clear();
    }
    input.method = serde_json::to_value(method)
        .ok()
        .and_then(|v| v.as_str().map(String::from))
        .unwrap_or_default();
    Ok(ValidFollowUp {
        input,
        method,
        priority,
    })
}
