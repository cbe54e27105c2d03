//! The shell's error enum and what a failed command sends to the UI: `{ code, message,
//! field? }`, the message already in the user's language.
use rapport_core::error::ErrorPayload;
use rapport_core::i18n;
use rapport_core::model::Language;
use rapport_core::CoreError;
use serde::Serialize;

#[derive(Debug, thiserror::Error)]
pub enum ShellError {
    #[error(transparent)]
    Core(#[from] CoreError),
    /// The OS gave no app-data folder and RAPPORT_DATA_DIR is not set.
    #[error("no folder for the customer book: {0}")]
    NoDataDir(String),
}

impl ShellError {
    pub fn payload(&self, lang: Language) -> ErrorPayload {
        match self {
            ShellError::Core(e) => i18n::payload(e, lang),
            ShellError::NoDataDir(detail) => ErrorPayload {
                code: "noDataDir".into(),
                message: match lang {
                    Language::En => format!("Rapport found no folder to keep the customer book in ({detail}). Set RAPPORT_DATA_DIR to a writable folder."),
                    Language::Zh => format!("找不到保存客户数据的文件夹（{detail}）。请将 RAPPORT_DATA_DIR 设为可写的文件夹。"),
                },
                field: None,
            },
        }
    }
}

/// The serialised form of any command failure.
#[derive(Debug, Serialize)]
#[serde(transparent)]
pub struct ApiError(pub ErrorPayload);

impl ApiError {
    pub fn from_core(e: &CoreError, lang: Language) -> ApiError {
        ApiError(i18n::payload(e, lang))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shell_errors_have_their_own_code_and_both_languages() {
        let e = ShellError::NoDataDir("no home".into());
        assert_eq!(e.payload(Language::En).code, "noDataDir");
        assert!(e.payload(Language::En).message.contains("RAPPORT_DATA_DIR"));
        assert!(e
            .payload(Language::Zh)
            .message
            .contains("找不到保存客户数据的文件夹"));
        assert_eq!(e.payload(Language::Zh).field, None);
    }
}
