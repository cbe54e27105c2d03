//! The product's fixed vocabularies. Chinese and English labels live in the UI; the backend only
//! needs them for error messages (see `i18n`).
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A customer is a company (with key contacts) or a private person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS, Default)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum CustomerKind {
    #[default]
    Company,
    Person,
}

/// 客户类别: how close the customer is to buying.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum Category {
    /// 准客户: needs stated, buys within a month.
    ReadyToBuy,
    /// 意向客户: interested, no urgency.
    Interested,
    /// 优质潜在客户: talks well, no need yet.
    GoodProspect,
    /// 一般潜在客户: hard to reach or no authority.
    OrdinaryProspect,
}

/// 阶段: where the customer stands in the sale. `Lost` needs a reason. The order, the names and
/// which custom stages exist come from the settings (`Settings::stages`); `Custom1`…`Custom6`
/// are slots for the stages a user adds (named there), so a stage stays a small copyable value.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS, Default,
)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum Stage {
    #[default]
    InitialContact,
    NeedsConfirmed,
    Proposal,
    Negotiation,
    Won,
    Lost,
    Custom1,
    Custom2,
    Custom3,
    Custom4,
    Custom5,
    Custom6,
}

/// 优先级: high = follow up within 3 days, medium = 1 week, low = 2 weeks.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS, Default,
)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum Priority {
    High,
    #[default]
    Medium,
    Low,
}

/// A key contact's part in the buying decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum DecisionRole {
    DecisionMaker,
    Influencer,
    User,
}

/// The two languages of the UI and of error messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS, Default)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum Language {
    #[default]
    Zh,
    En,
}

impl Language {
    /// Picks the UI language from a system locale such as `zh_CN.UTF-8`, `zh-Hans` or `en-US`.
    pub fn from_locale(locale: &str) -> Language {
        if locale.to_ascii_lowercase().starts_with("zh") {
            Language::Zh
        } else {
            Language::En
        }
    }
}
