use super::enums::Language;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The seed tables' customer sources; the user can edit the list in settings.
pub const DEFAULT_SOURCES: [&str; 5] = ["线上推广", "客户转介绍", "行业展会", "电话陌拜", "其他"];

/// User preferences stored in the book itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Settings {
    pub language: Language,
    /// Choices offered for a customer's source (客户来源).
    pub sources: Vec<String>,
}

impl Settings {
    pub fn with_language(language: Language) -> Settings {
        Settings {
            language,
            sources: DEFAULT_SOURCES.iter().map(|s| s.to_string()).collect(),
        }
    }
}
