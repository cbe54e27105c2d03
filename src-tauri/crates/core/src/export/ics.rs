//! The open follow-ups as an iCalendar file (RFC 5545), to see the agenda in a calendar app.
//!
//! Decisions:
//! - Only open follow-ups ([`FollowUp::due`]: a next time and not done) of the exported
//!   customers, ordered by that time; a done one is history, not a date to keep.
//! - Each is a VEVENT of 30 minutes (DTSTART + DURATION:PT30M) rather than a VTODO: every
//!   calendar app shows events, while to-dos are hidden or dropped by many (Google Calendar,
//!   Outlook's calendar view).
//! - UID `<follow-up id>@rapport`, stable, so importing a later export updates the same events
//!   instead of duplicating them. DTSTAMP is the export time, DTSTART the due instant in UTC
//!   (`…Z`): no VTIMEZONE is needed and each app shows it in its own zone.
//! - SUMMARY is the customer's name and the next action (or "跟进 name" / "Follow up name" when
//!   none was written); DESCRIPTION the topic and the content; PRIORITY 1 / 5 / 9 for high /
//!   medium / low (RFC 5545 §3.8.1.9).
//! - Escaping, folding at 75 octets and CRLF as in the vCard export (`super::vcard`).
use super::vcard::{escape, utc_stamp, Lines};
use super::ExportError;
use crate::model::{Customer, FollowUp, Language, Priority};
use chrono::{DateTime, Utc};
use std::collections::HashMap;

/// The calendar of the open follow-ups among `follow_ups` whose customer is in `customers`,
/// texts in `lang`, stamped `now`. See the module notes.
pub fn to_ics(
    customers: &[Customer],
    follow_ups: &[FollowUp],
    lang: Language,
    now: DateTime<Utc>,
) -> Result<Vec<u8>, ExportError> {
    let owners: HashMap<&str, &Customer> = customers.iter().map(|c| (c.id.as_str(), c)).collect();
    let mut open: Vec<(DateTime<Utc>, &FollowUp, &Customer)> = follow_ups
        .iter()
        .filter_map(|f| Some((f.due()?, f, *owners.get(f.customer_id.as_str())?)))
        .collect();
    open.sort_by(|a, b| (a.0, &a.1.id).cmp(&(b.0, &b.1.id)));
    let mut lines = Lines::default();
    lines.push("BEGIN:VCALENDAR");
    lines.push("VERSION:2.0");
    lines.push("PRODID:-//Rapport//Rapport//EN");
    lines.push("CALSCALE:GREGORIAN");
    lines.push("METHOD:PUBLISH");
    lines.text(
        "X-WR-CALNAME",
        match lang {
            Language::Zh => "客脉跟进",
            Language::En => "Rapport follow-ups",
        },
    );
    let stamp = utc_stamp(now);
    for (due, f, owner) in open {
        lines.push("BEGIN:VEVENT");
        lines.push(&format!("UID:{}@rapport", escape(&f.id)));
        lines.push(&format!("DTSTAMP:{stamp}"));
        lines.push(&format!("DTSTART:{}", utc_stamp(due)));
        lines.push("DURATION:PT30M");
        lines.text("SUMMARY", &summary(f, owner, lang));
        let description: Vec<&str> = [f.topic.trim(), f.content.trim()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect();
        lines.text("DESCRIPTION", &description.join("\n"));
        lines.push(match f.priority {
            Priority::High => "PRIORITY:1",
            Priority::Medium => "PRIORITY:5",
            Priority::Low => "PRIORITY:9",
        });
        lines.push("END:VEVENT");
    }
    lines.push("END:VCALENDAR");
    Ok(lines.into_bytes())
}

/// `张伟：发送报价单` / `John Smith: send the quote`, or `跟进 张伟` / `Follow up John Smith`.
fn summary(f: &FollowUp, owner: &Customer, lang: Language) -> String {
    let name = owner.fields.name.trim();
    let action = f.next_action.trim();
    match (lang, action.is_empty()) {
        (Language::Zh, false) => format!("{name}：{action}"),
        (Language::En, false) => format!("{name}: {action}"),
        (Language::Zh, true) => format!("跟进 {name}"),
        (Language::En, true) => format!("Follow up {name}"),
    }
}
