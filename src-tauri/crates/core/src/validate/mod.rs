//! Validation and normalisation of everything the UI can send. A request that fails here
//! changes nothing; the error names the field (`emails[1]`) and why.
use crate::error::{CoreError, Invalid, Result};
use crate::model::{CustomValue, CustomerFields, CustomerInput, Settings, Stage};
use chrono::NaiveDate;

mod followup;
pub use followup::{
    follow_up, follow_up_time, who_did_it, with_customer_priority, with_default_due, ValidFollowUp,
};
mod products;
mod records;
mod stages;
mod targets;
mod tasks;
pub use products::{MAX_PRODUCTS, MAX_PRODUCT_NAME};
pub use records::{
    amount, complaint, complaint_move, customer_since, deal, deal_warnings, opportunity,
    parse_amount, service, ValidDeal, MAX_AMOUNT_CENTS, TYPO_MARGIN_DAYS,
};
pub use stages::{MAX_ME, MAX_STAGE_NAME};
pub use targets::{MAX_TARGETS, MAX_TARGET_COUNT};
pub use tasks::{
    task_assignee, task_due, task_input, task_title, MAX_PLAYBOOK, MAX_TASK_DAYS, MAX_TASK_TITLE,
};

pub const MAX_NAME: usize = 200;
pub const MAX_TEXT: usize = 2_000;
pub const MAX_NOTES: usize = 20_000;
pub const MAX_TAG_NAME: usize = 50;
pub const MAX_LIST: usize = 50;
pub const MAX_CUSTOM_FIELDS: usize = 100;

pub(crate) fn invalid(field: impl Into<String>, reason: Invalid) -> CoreError {
    CoreError::invalid(field, reason)
}

/// Trims `value` in place and checks its length in characters.
pub(crate) fn text(field: &str, value: &mut String, max: usize) -> Result<()> {
    let trimmed = value.trim();
    if trimmed.len() != value.len() {
        *value = trimmed.to_string();
    }
    if value.chars().count() > max {
        return Err(invalid(field, Invalid::TooLong { max }));
    }
    Ok(())
}

fn required(field: &str, value: &mut String, max: usize) -> Result<()> {
    text(field, value, max)?;
    if value.is_empty() {
        return Err(invalid(field, Invalid::Required));
    }
    Ok(())
}

pub fn date(field: &str, value: Option<NaiveDate>) -> Result<()> {
    let Some(d) = value else { return Ok(()) };
    let lo = NaiveDate::from_ymd_opt(1900, 1, 1);
    let hi = NaiveDate::from_ymd_opt(2100, 12, 31);
    if Some(d) < lo || Some(d) > hi {
        return Err(invalid(field, Invalid::DateOutOfRange));
    }
    Ok(())
}

/// `name@example.com`: one `@`, something before it, a dotted domain after it, no spaces.
pub fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && !s.chars().any(|c| c.is_whitespace() || c.is_control())
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
        && s.len() <= 254
}

/// Digits with an optional leading `+`, spaces, dashes, dots and brackets, 3 to 20 digits,
/// and an optional extension (`ext. 12`, `x12`, `#12`, `转12`).
pub fn is_phone(s: &str) -> bool {
    let lower = s.to_lowercase();
    let (main, ext) = ["ext.", "ext", "x", "#", "转"]
        .iter()
        .find_map(|m| {
            lower
                .split_once(m)
                .map(|(a, b)| (a.to_string(), Some(b.to_string())))
        })
        .unwrap_or((lower.clone(), None));
    if let Some(ext) = ext {
        let ext = ext.trim();
        if ext.is_empty() || ext.len() > 8 || !ext.chars().all(|c| c.is_ascii_digit()) {
            return false;
        }
    }
    let main = main.trim();
    let mut digits = 0;
    for (i, c) in main.chars().enumerate() {
        match c {
            '0'..='9' => digits += 1,
            '+' if i == 0 => {}
            ' ' | '-' | '.' | '(' | ')' => {}
            _ => return false,
        }
    }
    (3..=20).contains(&digits)
}

fn is_website(s: &str) -> bool {
    let rest = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"))
        .unwrap_or(s);
    let host = rest.split('/').next().unwrap_or("");
    !host.is_empty()
        && host.contains('.')
        && !s.chars().any(|c| c.is_whitespace() || c.is_control())
        && s.len() <= MAX_NAME
}

pub fn is_color(s: &str) -> bool {
    s.len() == 7 && s.starts_with('#') && s[1..].chars().all(|c| c.is_ascii_hexdigit())
}

/// A format test and the reason given when it fails.
type FormatCheck = (fn(&str) -> bool, Invalid);

/// Trims each entry, checks it, and drops empty ones. Errors use the index the UI showed.
fn list(
    field: &str,
    values: &mut Vec<String>,
    max_len: usize,
    check: Option<FormatCheck>,
) -> Result<()> {
    let mut kept = Vec::with_capacity(values.len());
    for (i, v) in values.iter().enumerate() {
        let v = v.trim();
        if v.is_empty() {
            continue;
        }
        // Named only when refused: every phone and e-mail of an import passes here.
        let path = || format!("{field}[{i}]");
        if v.chars().count() > max_len {
            return Err(invalid(path(), Invalid::TooLong { max: max_len }));
        }
        if let Some((ok, reason)) = &check {
            if !ok(v) {
                return Err(invalid(path(), reason.clone()));
            }
        }
        kept.push(v.to_string());
    }
    if kept.len() > MAX_LIST {
        return Err(invalid(field, Invalid::TooMany { max: MAX_LIST }));
    }
    *values = kept;
    Ok(())
}

fn fields(f: &mut CustomerFields) -> Result<()> {
    required("name", &mut f.name, MAX_NAME)?;
    for (field, value) in [
        ("company", &mut f.company),
        ("position", &mut f.position),
        ("department", &mut f.department),
        ("industry", &mut f.industry),
        ("companySize", &mut f.company_size),
        ("source", &mut f.source),
        ("firstContactBy", &mut f.first_contact_by),
        ("owner", &mut f.owner),
    ] {
        text(field, value, MAX_NAME)?;
    }
    for (field, value) in [
        ("address", &mut f.address),
        ("mainBusiness", &mut f.main_business),
        ("lostReason", &mut f.lost_reason),
        ("needs.coreNeed", &mut f.needs.core_need),
        ("needs.budget", &mut f.needs.budget),
        ("needs.decisionChain", &mut f.needs.decision_chain),
    ] {
        text(field, value, MAX_TEXT)?;
    }
    text("notes", &mut f.notes, MAX_NOTES)?;
    text("website", &mut f.website, MAX_NAME)?;
    if !f.website.is_empty() && !is_website(&f.website) {
        return Err(invalid("website", Invalid::Website));
    }
    list(
        "phones",
        &mut f.phones,
        40,
        Some((is_phone, Invalid::Phone)),
    )?;
    list(
        "emails",
        &mut f.emails,
        254,
        Some((is_email, Invalid::Email)),
    )?;
    list("wechatIds", &mut f.wechat_ids, 100, None)?;
    for (field, value) in [
        ("firstContactDate", f.first_contact_date),
        ("birthday", f.birthday),
        ("contractExpiry", f.contract_expiry),
        ("needs.deadline", f.needs.deadline),
    ] {
        date(field, value)?;
    }
    if f.stage == Stage::Lost && f.lost_reason.is_empty() {
        return Err(invalid("lostReason", Invalid::LostReasonRequired));
    }
    if f.stage != Stage::Lost {
        f.lost_reason.clear();
    }
    if f.contacts.len() > MAX_LIST {
        return Err(invalid("contacts", Invalid::TooMany { max: MAX_LIST }));
    }
    for (i, c) in f.contacts.iter_mut().enumerate() {
        let p = |name: &str| format!("contacts[{i}].{name}");
        required(&p("name"), &mut c.name, MAX_NAME)?;
        text(&p("title"), &mut c.title, MAX_NAME)?;
        text(&p("phone"), &mut c.phone, 40)?;
        text(&p("email"), &mut c.email, 254)?;
        if !c.phone.is_empty() && !is_phone(&c.phone) {
            return Err(invalid(p("phone"), Invalid::Phone));
        }
        if !c.email.is_empty() && !is_email(&c.email) {
            return Err(invalid(p("email"), Invalid::Email));
        }
        date(&p("birthday"), c.birthday)?;
    }
    if f.custom_fields.len() > MAX_CUSTOM_FIELDS {
        return Err(invalid(
            "customFields",
            Invalid::TooMany {
                max: MAX_CUSTOM_FIELDS,
            },
        ));
    }
    let mut seen = std::collections::HashSet::new();
    for (i, cf) in f.custom_fields.iter_mut().enumerate() {
        let p = |name: &str| format!("customFields[{i}].{name}");
        required(&p("name"), &mut cf.name, 100)?;
        if !seen.insert(cf.name.to_lowercase()) {
            return Err(invalid(p("name"), Invalid::Duplicate));
        }
        match &mut cf.value {
            CustomValue::Text(t) => text(&p("value"), t, MAX_TEXT)?,
            CustomValue::Number(n) if !n.is_finite() => {
                return Err(invalid(p("value"), Invalid::Number))
            }
            CustomValue::Number(_) => {}
            CustomValue::Date(d) => date(&p("value"), Some(*d))?,
        }
    }
    Ok(())
}

/// A tag name as typed: trimmed, 1–50 characters.
pub fn tag_name(field: &str, name: &str) -> Result<String> {
    let mut n = name.trim().to_string();
    required(field, &mut n, MAX_TAG_NAME)?;
    Ok(n)
}

/// Tag names compare case-insensitively and ignoring surrounding space.
pub fn tag_key(name: &str) -> String {
    name.trim().to_lowercase()
}

/// Checks and normalises a customer as the UI sent it.
pub fn customer(mut input: CustomerInput) -> Result<CustomerInput> {
    fields(&mut input.fields)?;
    let mut names: Vec<String> = Vec::new();
    for (i, t) in input.tags.iter().enumerate() {
        if t.trim().is_empty() {
            continue;
        }
        let name = tag_name(&format!("tags[{i}]"), t)?;
        if !names.iter().any(|n| tag_key(n) == tag_key(&name)) {
            names.push(name);
        }
    }
    if names.len() > MAX_LIST {
        return Err(invalid("tags", Invalid::TooMany { max: MAX_LIST }));
    }
    input.tags = names;
    Ok(input)
}

fn within(field: &str, value: u32, min: u32, max: u32) -> Result<()> {
    if value < min || value > max {
        return Err(invalid(field, Invalid::OutOfRange { min, max }));
    }
    Ok(())
}

/// Checks and normalises settings.
pub fn settings(mut s: Settings) -> Result<Settings> {
    list("sources", &mut s.sources, MAX_TAG_NAME, None)?;
    list("lostReasons", &mut s.lost_reasons, MAX_TAG_NAME, None)?;
    list("owners", &mut s.owners, MAX_TAG_NAME, None)?;
    list("archivedOwners", &mut s.archived_owners, MAX_TAG_NAME, None)?;
    let sch = &mut s.schedule;
    within("schedule.highDays", sch.high_days, 0, 365)?;
    within("schedule.mediumDays", sch.medium_days, 0, 365)?;
    within("schedule.lowDays", sch.low_days, 0, 365)?;
    match crate::schedule::parse_time_of_day(&sch.reminder_time) {
        Some(t) => sch.reminder_time = t.format("%H:%M").to_string(),
        None => return Err(invalid("schedule.reminderTime", Invalid::Time)),
    }
    within(
        "reminders.contractNoticeDays",
        s.reminders.contract_notice_days,
        0,
        365,
    )?;
    let keep = &s.backup_keep;
    within("backupKeep.daily", keep.daily, 1, 365)?;
    within("backupKeep.weekly", keep.weekly, 0, 520)?;
    within("backupKeep.monthly", keep.monthly, 0, 240)?;
    within("backupKeep.beforeChange", keep.before_change, 1, 100)?;
    s.backup_mirror = s.backup_mirror.trim().to_string();
    if !s.backup_mirror.is_empty() && !std::path::Path::new(&s.backup_mirror).is_absolute() {
        return Err(invalid("backupMirror", Invalid::FolderPath));
    }
    within("untouchedDays", s.untouched_days, 0, 3650)?;
    no_duplicates("sources", &s.sources)?;
    no_duplicates("lostReasons", &s.lost_reasons)?;
    no_duplicates("owners", &s.owners)?;
    no_duplicates("archivedOwners", &s.archived_owners)?;
    stages::stages(&mut s.stages)?;
    stages::me(&mut s.me, &s.archived_owners)?;
    products::products(&mut s.products)?;
    targets::targets(&mut s.targets)?;
    Ok(s)
}

fn no_duplicates(field: &str, items: &[String]) -> Result<()> {
    let mut seen = std::collections::HashSet::new();
    for (i, item) in items.iter().enumerate() {
        if !seen.insert(item.to_lowercase()) {
            return Err(invalid(format!("{field}[{i}]"), Invalid::Duplicate));
        }
    }
    Ok(())
}
