//! The one error type of the domain crate. Variants are structured so tests can `assert_eq!`
//! on them and the shell can send `{ code, message, field }` to the UI.
use crate::model::Stage;
use serde::{Deserialize, Serialize};
use thiserror::Error;
use ts_rs::TS;

pub type Result<T, E = CoreError> = std::result::Result<T, E>;

/// Why a field was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Invalid {
    Required,
    TooLong {
        max: usize,
    },
    TooMany {
        max: usize,
    },
    Email,
    Phone,
    Website,
    Color,
    /// A date outside 1900-01-01 ..= 2100-12-31.
    DateOutOfRange,
    /// Stage 流失 (lost) needs a reason.
    LostReasonRequired,
    /// The same name twice where names must be unique (custom fields, tags).
    Duplicate,
    /// Not a number that can be stored (NaN, infinite).
    Number,
    /// Not an id this book could have issued.
    Id,
    /// A time outside 1970-01-01 ..= 2100-12-31 (follow-ups).
    TimeOutOfRange,
    /// The next follow-up is set before the follow-up itself.
    BeforeFollowUp,
    /// Not one of the values offered (follow-up method, priority).
    UnknownChoice,
    /// Empty although the follow-up is marked done.
    RequiredWhenDone,
    /// Not one of this customer's key contacts.
    NotAContact,
    /// The follow-up named is not an open follow-up of this customer.
    NotOpen,
    /// A number outside the range allowed (settings).
    OutOfRange {
        min: u32,
        max: u32,
    },
    /// Not a time of day "HH:MM".
    Time,
    /// An amount that is zero, negative or too large (deals, opportunities).
    Amount,
    /// Not a salesperson of the owner list (handover, archiving).
    UnknownOwner,
    /// A salesperson who left (archived): never handed customers.
    ArchivedOwner,
    /// Handing over to the person who already owns the customers.
    SameOwner,
    /// A customer chosen for a handover that the person handing over does not own.
    NotTheirs,
    /// A stage the user's pipeline does not have (a custom stage removed in settings).
    UnknownStage,
    /// A built-in stage left out of the pipeline (settings): each stays, exactly once.
    StageMissing {
        stage: Stage,
    },
    /// The pipeline does not end with 成交 then 流失.
    ClosingStages,
    /// A stage name that is another stage's (its name or a built-in name, in any case).
    StageNameTaken,
    /// A stage removed from the pipeline while customers (live or in the trash) or
    /// opportunities are at it; `name` is the stage's name.
    StageInUse {
        name: String,
        customers: u32,
        opportunities: u32,
    },
}

/// Things the errors talk about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entity {
    Customer,
    Tag,
    FollowUp,
    Import,
    Opportunity,
    Deal,
    Service,
}

#[derive(Debug, Error, PartialEq)]
pub enum CoreError {
    #[error("invalid field `{field}`: {reason:?}")]
    InvalidField { field: String, reason: Invalid },
    #[error("{entity:?} {id} not found")]
    NotFound { entity: Entity, id: String },
    #[error("a tag named `{name}` already exists")]
    TagNameTaken { name: String },
    /// Only a complete import can be undone: this one is still running or already undone.
    #[error("import {id} cannot be undone: it is {state:?}")]
    ImportNotUndoable {
        id: String,
        state: crate::model::ImportState,
    },
    /// The user stopped a long write (an import); what it had written was taken back.
    #[error("cancelled")]
    Cancelled,
    #[error("the customer book is locked by another program")]
    Locked,
    #[error("the book was written by a newer Rapport (schema {found}; this build reads up to {supported})")]
    SchemaTooNew { found: u32, supported: u32 },
    #[error("storage error: {0}")]
    Storage(String),
    #[error("stored data is corrupt: {0}")]
    Corrupt(String),
    /// A file the user chose cannot be used (an import source, a backup): why, already worded
    /// in both languages by the module that read it. `code` is stable (`unreadableFile`,
    /// `backupTooNew` …).
    #[error("{code}: {en}")]
    File {
        code: &'static str,
        zh: String,
        en: String,
    },
}

impl CoreError {
    /// A [`CoreError::File`] from its two wordings.
    pub fn file(code: &'static str, zh: impl Into<String>, en: impl Into<String>) -> CoreError {
        CoreError::File {
            code,
            zh: zh.into(),
            en: en.into(),
        }
    }

    pub fn invalid(field: impl Into<String>, reason: Invalid) -> CoreError {
        CoreError::InvalidField {
            field: field.into(),
            reason,
        }
    }

    /// A stable machine-readable code for the UI and for logs.
    pub fn code(&self) -> &'static str {
        match self {
            CoreError::InvalidField { .. } => "invalidField",
            CoreError::NotFound { .. } => "notFound",
            CoreError::TagNameTaken { .. } => "tagNameTaken",
            CoreError::ImportNotUndoable { .. } => "importNotUndoable",
            CoreError::Cancelled => "cancelled",
            CoreError::Locked => "locked",
            CoreError::SchemaTooNew { .. } => "schemaTooNew",
            CoreError::Storage(_) => "storage",
            CoreError::Corrupt(_) => "corrupt",
            CoreError::File { code, .. } => code,
        }
    }

    /// The form field the error is about, as the UI names it (`emails[1]`, `contacts[0].email`).
    pub fn field(&self) -> Option<String> {
        match self {
            CoreError::InvalidField { field, .. } => Some(field.clone()),
            CoreError::TagNameTaken { .. } => Some("name".into()),
            _ => None,
        }
    }
}

impl From<sled::Error> for CoreError {
    fn from(e: sled::Error) -> Self {
        match &e {
            // sled takes an exclusive file lock on open; a second process gets WouldBlock.
            sled::Error::Io(io)
                if io.kind() == std::io::ErrorKind::WouldBlock
                    || io.to_string().contains("lock") =>
            {
                CoreError::Locked
            }
            sled::Error::Corruption { .. } => CoreError::Corrupt(e.to_string()),
            _ => CoreError::Storage(e.to_string()),
        }
    }
}

impl From<sled::transaction::TransactionError<CoreError>> for CoreError {
    fn from(e: sled::transaction::TransactionError<CoreError>) -> Self {
        match e {
            sled::transaction::TransactionError::Abort(inner) => inner,
            sled::transaction::TransactionError::Storage(s) => s.into(),
        }
    }
}

/// What the UI receives for any failed command.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ErrorPayload {
    pub code: String,
    /// Already in the user's language.
    pub message: String,
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}
