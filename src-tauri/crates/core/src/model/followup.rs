//! Follow-up records (跟进记录) as the seed tables keep them, and what the UI sends to log one.
use super::enums::{Category, Priority, Stage};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// 跟进方式: how the customer was reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS, Default)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum FollowUpMethod {
    /// 上门拜访
    Visit,
    /// 邀约来访
    InvitedVisit,
    /// 电话
    #[default]
    Phone,
    /// 微信/网络
    WeChat,
    /// 短信
    Sms,
    /// 邮件
    Email,
    /// 会议
    Meeting,
    /// 其他
    Other,
}

/// A stored follow-up. It is *open* while its next step (`next_at`) is still to be done: open
/// follow-ups are what the agenda and the reminders are made of.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct FollowUp {
    /// ULID.
    pub id: String,
    pub customer_id: String,
    /// When the follow-up took place (UTC).
    pub at: DateTime<Utc>,
    pub method: FollowUpMethod,
    /// 跟进人: who made it (the settings' 我是 by default; in books before schema 7, the
    /// customer's owner at that time, from the history of handovers).
    #[serde(default)]
    pub by: String,
    pub topic: String,
    /// What was discussed. Required once the follow-up is done.
    pub content: String,
    pub feedback: String,
    pub result: String,
    pub next_action: String,
    /// When the next follow-up is due (UTC); `None` when there is no next step.
    pub next_at: Option<DateTime<Utc>>,
    /// Who does the next follow-up.
    pub next_by: String,
    pub priority: Priority,
    /// The key contact spoken to (a name from the customer's contacts), empty for none.
    pub contact: String,
    /// The next step has been taken (or there is none).
    pub done: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl FollowUp {
    /// The instant this follow-up is due in the agenda, if it is open.
    pub fn due(&self) -> Option<DateTime<Utc>> {
        if self.done {
            None
        } else {
            self.next_at
        }
    }
}

/// What the UI sends to log or edit a follow-up. `method` and `priority` arrive as text and are
/// checked by validation, so an unknown value is a field error rather than a decoding failure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export)]
pub struct FollowUpInput {
    pub at: DateTime<Utc>,
    #[ts(as = "FollowUpMethod")]
    pub method: String,
    /// 跟进人; blank or left out is the settings' 我是 (or, when that is not set, the
    /// customer's owner).
    #[ts(as = "Option<String>", optional)]
    pub by: String,
    pub topic: String,
    pub content: String,
    pub feedback: String,
    pub result: String,
    pub next_action: String,
    pub next_at: Option<DateTime<Utc>>,
    pub next_by: String,
    #[ts(as = "Priority")]
    pub priority: String,
    pub contact: String,
    pub done: bool,
    /// Moves the customer to this stage in the same save (recorded in its history).
    #[ts(optional)]
    pub stage: Option<Stage>,
    /// Required when `stage` is 流失 lost.
    pub lost_reason: String,
    /// Changes the customer's category in the same save.
    #[ts(optional)]
    pub category: Option<Category>,
    /// An open follow-up of the same customer that this one answers: it is marked done in the
    /// same save (logging from an agenda item).
    #[ts(optional)]
    pub closes: Option<String>,
}

impl Default for FollowUpInput {
    fn default() -> Self {
        FollowUpInput {
            // A time left out is refused by validation (outside 1970–2100), not taken as 1970.
            at: DateTime::<Utc>::MIN_UTC,
            method: "phone".into(),
            by: String::new(),
            topic: String::new(),
            content: String::new(),
            feedback: String::new(),
            result: String::new(),
            next_action: String::new(),
            next_at: None,
            next_by: String::new(),
            priority: "medium".into(),
            contact: String::new(),
            done: false,
            stage: None,
            lost_reason: String::new(),
            category: None,
            closes: None,
        }
    }
}

/// A change recorded in a customer's history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "type", rename_all = "camelCase")]
#[ts(export)]
pub enum HistoryChange {
    #[serde(rename_all = "camelCase")]
    Stage { from: Stage, to: Stage },
    #[serde(rename_all = "camelCase")]
    Category {
        from: Option<Category>,
        to: Option<Category>,
    },
    /// A handover to another salesperson.
    #[serde(rename_all = "camelCase")]
    Owner { from: String, to: String },
    /// One of the customer's needs edited: the text before and after, trimmed (a deadline as
    /// YYYY-MM-DD; empty when unset), so "budget 10万 → 20万" stays on the timeline.
    #[serde(rename_all = "camelCase")]
    Need {
        field: NeedField,
        from: String,
        to: String,
    },
    /// Team books: one field of the customer was edited on two machines; the team server kept
    /// the later commit (`keptBy`'s) and this records the value it overwrote (`lostBy`'s), so
    /// nothing is silently lost. `field` is the record's field name (`company`, `phone`,
    /// `needs` …); `lost` its text (a list or a group of fields as JSON; empty when unset).
    #[serde(rename_all = "camelCase")]
    Overwritten {
        field: String,
        lost: String,
        lost_by: String,
        kept_by: String,
    },
    /// A change a newer Rapport recorded that this version does not know. Kept so a pull of
    /// the team's history never fails on it; the book stores the event as the server sent it,
    /// so a newer version reading the same book shows it in full.
    #[serde(other)]
    Unknown,
}

/// Which of a customer's needs a [`HistoryChange::Need`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum NeedField {
    CoreNeed,
    Budget,
    DecisionChain,
    Deadline,
}

/// One entry of a customer's history: what changed, when, and from where.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct HistoryEvent {
    pub at: DateTime<Utc>,
    pub change: HistoryChange,
    /// The follow-up whose save made the change, if any (otherwise the customer form).
    pub follow_up_id: Option<String>,
    /// Who made it: the settings' `me` at the time (empty when not set or in older books). An
    /// import's changes are by whoever imported.
    #[serde(default)]
    pub by: String,
}

/// The customer page's timeline: follow-ups, recorded changes, opportunities, deals and
/// after-sales records, newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", content = "entry", rename_all = "camelCase")]
#[ts(export)]
pub enum TimelineEntry {
    FollowUp(Box<FollowUp>),
    Change(HistoryEvent),
    Opportunity(Box<super::Opportunity>),
    Deal(Box<super::Deal>),
    Service(Box<super::ServiceRecord>),
}

/// How far to push an open follow-up (agenda actions).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "type", content = "until", rename_all = "camelCase")]
#[ts(export)]
pub enum Snooze {
    OneHour,
    /// Tomorrow at the reminder time.
    TomorrowMorning,
    /// Seven days later, at the reminder time.
    NextWeek,
    /// A chosen instant (pick a date / reschedule).
    Until(DateTime<Utc>),
}

/// The next follow-up the rules suggest for a customer when one is logged now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct FollowUpSuggestion {
    pub priority: Priority,
    pub next_at: DateTime<Utc>,
    /// Who is suggested to do it: the customer's owner.
    pub next_by: String,
}
