use super::backup::BackupRetention;
use super::enums::{Language, Priority, Stage};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The seed tables' customer sources; the user can edit the list in settings.
pub const DEFAULT_SOURCES: [&str; 5] = ["线上推广", "客户转介绍", "行业展会", "电话陌拜", "其他"];

/// Reasons offered when a customer moves to 流失; the user can edit the list in settings and
/// may always type another one.
pub const DEFAULT_LOST_REASONS: [&str; 6] = [
    "价格太高",
    "选择了竞争对手",
    "暂无需求",
    "预算不足",
    "联系不上",
    "其他",
];

/// User preferences stored in the book itself. Fields added later default when an older book
/// is read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Settings {
    pub language: Language,
    /// Choices offered for a customer's source (客户来源).
    pub sources: Vec<String>,
    #[serde(default)]
    pub schedule: ScheduleSettings,
    #[serde(default)]
    pub reminders: ReminderSettings,
    /// Automatic backups kept of each kind (older ones are deleted).
    #[serde(default)]
    pub backup_keep: BackupRetention,
    /// A second folder (a USB stick, a synced cloud folder) that receives a copy of every
    /// backup; empty for none. It is not created: a missing one is reported.
    #[serde(default)]
    pub backup_mirror: String,
    /// Choices offered for a lost reason (流失原因).
    #[serde(default = "default_lost_reasons")]
    pub lost_reasons: Vec<String>,
    /// A customer with no follow-up for this many days is marked untouched in the list
    /// (客户进度管理: regular updates); 0 turns the mark off.
    #[serde(default = "default_untouched_days")]
    pub untouched_days: u32,
    /// Salespeople the owner list offers besides those already owning customers (a new hire).
    #[serde(default)]
    pub owners: Vec<String>,
    /// Salespeople who left: kept on their history, no longer offered and never handed to.
    #[serde(default)]
    pub archived_owners: Vec<String>,
    /// The pipeline as the user arranged it: open stages in order, then 成交 and 流失 (always
    /// present, always last). Built-in stages can be renamed and reordered, custom ones added
    /// (and removed while no customer, trashed customer or opportunity is at them). The board,
    /// the list's stage sort, the dashboard's funnel and exports follow it (`stages::Pipeline`).
    #[serde(default = "default_stages")]
    pub stages: Vec<StageSetting>,
    /// Who uses this computer (a salesperson's name, or empty; never an archived one): recorded
    /// as who made each stage, category and owner change (`HistoryEvent::by`).
    #[serde(default)]
    pub me: String,
    /// The product list (产品): what deals and opportunities name. A deal keeps the name it
    /// was recorded with, so removing a product from the list changes no deal.
    #[serde(default)]
    pub products: Vec<Product>,
    /// Sales targets (销售目标) per person or for the whole business, per month or quarter.
    #[serde(default)]
    pub targets: Vec<super::targets::SalesTarget>,
}

/// One product of the list in settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Product {
    /// Unique in the list (ignoring case), at most 60 characters.
    pub name: String,
    /// 产品类别, free text (empty: none); the dashboard sums deals per category.
    #[serde(default)]
    pub category: String,
    /// 标价 in cents, more than 0 when set.
    #[serde(default)]
    #[ts(type = "number | null")]
    pub list_price: Option<i64>,
}

/// One stage in the user's pipeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct StageSetting {
    pub stage: Stage,
    /// The user's name for it (at most 20 characters, unlike any other stage's name or
    /// built-in name); empty for a built-in stage keeps the built-in name in the UI's
    /// language. A custom stage always has one.
    #[serde(default)]
    pub name: String,
    /// The stage's playbook: key tasks made for a customer when it enters the stage. Optional
    /// in TypeScript: a stage list written before playbooks (or by hand) may leave it out.
    #[serde(default)]
    #[ts(as = "Option<Vec<super::TaskTemplate>>", optional)]
    pub tasks: Vec<super::TaskTemplate>,
}

/// The built-in pipeline: 初步接触 → 需求明确 → 方案沟通 → 谈判中 → 成交 / 流失.
pub fn default_stages() -> Vec<StageSetting> {
    crate::stages::BUILT_IN_STAGES
        .into_iter()
        .map(|stage| StageSetting {
            stage,
            name: String::new(),
            tasks: Vec::new(),
        })
        .collect()
}

fn default_lost_reasons() -> Vec<String> {
    DEFAULT_LOST_REASONS.iter().map(|s| s.to_string()).collect()
}

pub fn default_untouched_days() -> u32 {
    30
}

impl Settings {
    pub fn with_language(language: Language) -> Settings {
        Settings {
            language,
            sources: DEFAULT_SOURCES.iter().map(|s| s.to_string()).collect(),
            schedule: ScheduleSettings::default(),
            reminders: ReminderSettings::default(),
            backup_keep: BackupRetention::default(),
            backup_mirror: String::new(),
            lost_reasons: default_lost_reasons(),
            untouched_days: default_untouched_days(),
            owners: Vec::new(),
            archived_owners: Vec::new(),
            stages: default_stages(),
            me: String::new(),
            products: Vec::new(),
            targets: Vec::new(),
        }
    }
}

/// The priority each customer category proposes for the customer when it is created or
/// re-categorised (shown in the form, editable); scheduling then uses the customer's own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export)]
pub struct CategoryPriorities {
    pub ready_to_buy: Priority,
    pub interested: Priority,
    pub good_prospect: Priority,
    pub ordinary_prospect: Priority,
    /// For a customer with no category.
    pub uncategorised: Priority,
}

impl Default for CategoryPriorities {
    fn default() -> Self {
        CategoryPriorities {
            ready_to_buy: Priority::High,
            interested: Priority::Medium,
            good_prospect: Priority::Low,
            ordinary_prospect: Priority::Low,
            uncategorised: Priority::Low,
        }
    }
}

/// When follow-ups fall due (see `schedule`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export)]
pub struct ScheduleSettings {
    /// Days until a 高 high-priority follow-up is due.
    pub high_days: u32,
    pub medium_days: u32,
    pub low_days: u32,
    /// Count working days only (Mon–Fri).
    pub skip_weekends: bool,
    /// Local time of day, "HH:MM", at which date-only due dates and birthdays are reminded.
    pub reminder_time: String,
    pub category_priority: CategoryPriorities,
}

impl Default for ScheduleSettings {
    fn default() -> Self {
        ScheduleSettings {
            high_days: 3,
            medium_days: 7,
            low_days: 14,
            skip_weekends: false,
            reminder_time: "09:00".into(),
            category_priority: CategoryPriorities::default(),
        }
    }
}

/// Desktop reminders and how the app keeps running for them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export)]
pub struct ReminderSettings {
    /// Remind of a contract's expiry this many days before it.
    pub contract_notice_days: u32,
    /// Closing the window keeps Rapport running in the tray, so reminders keep coming.
    pub keep_in_tray: bool,
    /// Start Rapport (in the tray) when the user logs in.
    pub start_at_login: bool,
    /// Keep customer names (and what a reminder is about) out of notifications, which may
    /// show on a lock screen: they say only what kind of reminder is due; a click still opens
    /// the customer.
    pub private_notifications: bool,
}

impl Default for ReminderSettings {
    fn default() -> Self {
        ReminderSettings {
            contract_notice_days: 30,
            keep_in_tray: true,
            start_at_login: false,
            private_notifications: false,
        }
    }
}
