//! The follow-up cells of a row (跟进时间, 跟进方式, 跟进内容 … 下次跟进时间) as a
//! [`FollowUpInput`], local sheet times turned into instants in the user's time zone.
use super::PlanOptions;
use crate::import::values::DateValue;
use crate::model::{FollowUpInput, FollowUpMethod, Priority};
use crate::schedule::{start_of_day, ScheduleRules};
use chrono::{DateTime, NaiveTime, TimeZone, Utc};
use serde::Serialize;

/// The follow-up cells of one row, read but not yet combined.
#[derive(Debug, Clone, Default)]
pub(super) struct FollowUpCells {
    pub at: Option<DateValue>,
    pub method: Option<FollowUpMethod>,
    pub topic: String,
    pub content: String,
    pub feedback: String,
    pub result: String,
    pub next_action: String,
    pub next_at: Option<DateValue>,
    pub next_by: String,
    /// The time cell could not be read (and was left empty).
    pub at_unreadable: bool,
    /// The next time cell could not be read: a next step was meant, so the follow-up stays
    /// open (due after its priority's interval, as one logged open without a time).
    pub next_unreadable: bool,
    /// 跟进人: who made it.
    pub by: String,
}

impl FollowUpCells {
    /// Whether the row records a follow-up: some text or a next time (a date alone does not).
    fn present(&self) -> bool {
        let texts = [
            &self.topic,
            &self.content,
            &self.feedback,
            &self.result,
            &self.next_action,
        ];
        self.next_at.is_some() || self.next_unreadable || texts.iter().any(|t| !t.is_empty())
    }

    /// The follow-up, `None` when the row has none. Without a readable time (no time column,
    /// or its cell empty or unreadable) it is dated at the import, `options.now`.
    pub(super) fn build<Tz: TimeZone>(
        &self,
        priority: Option<Priority>,
        options: &PlanOptions<Tz>,
    ) -> Option<FollowUpInput> {
        if !self.present() {
            return None;
        }
        let at = match self.at {
            Some(value) => instant(value, NaiveTime::MIN, &options.tz),
            None => options.now,
        };
        let next_at = self
            .next_at
            .map(|v| instant(v, options.reminder_time, &options.tz));
        Some(FollowUpInput {
            at,
            method: choice_text(self.method.unwrap_or(FollowUpMethod::Other)),
            by: self.by.clone(),
            topic: self.topic.clone(),
            content: self.content.clone(),
            feedback: self.feedback.clone(),
            result: self.result.clone(),
            next_action: self.next_action.clone(),
            next_at,
            next_by: self.next_by.clone(),
            priority: priority.map(choice_text).unwrap_or_default(),
            done: next_at.is_none() && !self.next_unreadable,
            ..FollowUpInput::default()
        })
    }
}

/// A local date (at `default_time`) or date-time as an instant; a time in a daylight-saving
/// gap moves past the gap, an ambiguous one takes the first (the scheduler's rule).
pub(super) fn instant<Tz: TimeZone>(
    value: DateValue,
    default_time: NaiveTime,
    tz: &Tz,
) -> DateTime<Utc> {
    let time = value.time().unwrap_or(default_time);
    if time == NaiveTime::MIN {
        return start_of_day(value.date(), tz);
    }
    let rules = ScheduleRules {
        reminder_time: time,
        ..ScheduleRules::default()
    };
    rules.due_instant(value.date(), tz)
}

/// A choice as the text the follow-up input carries ("phone", "high").
fn choice_text<T: Serialize>(value: T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(String::from))
        .unwrap_or_default()
}
