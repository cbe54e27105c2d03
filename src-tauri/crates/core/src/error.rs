//! The one error type of the domain crate. Variants are structured so tests can `assert_eq!`
//! on them and the shell can send `{ code, message, field }` to the UI.
use crate::model::{ComplaintStatus, Stage};
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
    /// Fewer characters than needed (the backup password).
    TooShort {
        min: usize,
    },
    /// Not a full (absolute) folder path (the second backup folder).
    FolderPath,
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
    /// A complaint's resolved date before the day it was received.
    BeforeReceived,
    /// Empty although the complaint is marked resolved (its resolved date).
    RequiredWhenResolved,
    /// A resolved date on a complaint that is not resolved.
    OnlyWhenResolved,
    /// A complaint status move that is not allowed (see `complaints::transition_allowed`).
    StatusMove {
        from: ComplaintStatus,
        to: ComplaintStatus,
    },
    /// A target's period that is not "YYYY-MM" or "YYYY-Qn".
    TargetPeriod,
    /// A target that sets none of its figures.
    NoTargetFigure,
}

/// Why the disk refused a write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiskProblem {
    /// No space left (ENOSPC, or a quota).
    Full,
    /// The folder or its volume is read-only, or the user may not write there.
    ReadOnly,
    /// Any other input/output error.
    Io,
}

/// A failed write to disk: its kind and the system's words.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{detail}")]
pub struct DiskTrouble {
    pub problem: DiskProblem,
    pub detail: String,
}

impl DiskTrouble {
    pub fn of_io(e: &std::io::Error) -> DiskTrouble {
        let problem = match e.raw_os_error() {
            #[cfg(unix)]
            Some(libc_codes::ENOSPC | libc_codes::EDQUOT) => DiskProblem::Full,
            #[cfg(unix)]
            Some(libc_codes::EROFS | libc_codes::EACCES | libc_codes::EPERM) => {
                DiskProblem::ReadOnly
            }
            _ => match e.kind() {
                std::io::ErrorKind::StorageFull => DiskProblem::Full,
                std::io::ErrorKind::ReadOnlyFilesystem | std::io::ErrorKind::PermissionDenied => {
                    DiskProblem::ReadOnly
                }
                _ => DiskProblem::Io,
            },
        };
        DiskTrouble {
            problem,
            detail: e.to_string(),
        }
    }

    /// From a failed sled call: its I/O error when it has one.
    pub fn of_sled(e: &sled::Error) -> DiskTrouble {
        match e {
            sled::Error::Io(io) => DiskTrouble::of_io(io),
            other => DiskTrouble {
                problem: DiskProblem::Io,
                detail: other.to_string(),
            },
        }
    }
}

/// The errno values told apart above (Linux and macOS share them but EDQUOT).
#[cfg(unix)]
mod libc_codes {
    pub const EPERM: i32 = 1;
    pub const EACCES: i32 = 13;
    pub const ENOSPC: i32 = 28;
    pub const EROFS: i32 = 30;
    #[cfg(target_os = "linux")]
    pub const EDQUOT: i32 = 122;
    #[cfg(not(target_os = "linux"))]
    pub const EDQUOT: i32 = 69;
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
    /// A stage task (阶段任务).
    Task,
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
    /// Writing to disk failed after the change was (perhaps partly) written: it may not have
    /// been saved. The book turns read-only until the app starts again.
    #[error("the change may not have been saved: {0}")]
    NotSaved(DiskTrouble),
    /// The book cannot be opened because its folder cannot be written (read-only, full);
    /// nothing was changed.
    #[error("the book's folder cannot be written: {0}")]
    CannotWrite(DiskTrouble),
    /// A write refused because an earlier one could not be saved (see `NotSaved`).
    #[error("the book is read-only since a save failed: {0}")]
    ReadOnly(DiskTrouble),
    /// The book folder holds no book while a restore's folders lie next to it: nothing is
    /// created; the start-up screen offers to finish or roll back.
    #[error("a restore did not finish: {}", .0.detail)]
    RestoreUnfinished(Box<crate::model::RestoreProblem>),
    #[error("stored data is corrupt: {0}")]
    Corrupt(String),
    /// A team book's shared setting (`stages`, `sources` …, named as in `Settings`' JSON)
    /// changed by a member who is not the team's admin: nothing is written.
    #[error("the team setting `{setting}` is set by the team's admin")]
    AdminOnly { setting: String },
    /// The sample customers asked for in a team book, which would share them with the whole
    /// team: nothing is written.
    #[error("sample data cannot be loaded into a team book")]
    DemoInTeamBook,
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
            CoreError::NotSaved(_) => "notSaved",
            CoreError::ReadOnly(_) => "readOnly",
            CoreError::CannotWrite(_) => "cannotWrite",
            CoreError::RestoreUnfinished(_) => "restoreUnfinished",
            CoreError::Corrupt(_) => "corrupt",
            CoreError::AdminOnly { .. } => "adminOnly",
            CoreError::DemoInTeamBook => "demoInTeamBook",
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
            // Writing failed (disk full, I/O error): what sled had begun may be on disk.
            sled::Error::Io(io) => CoreError::NotSaved(DiskTrouble::of_io(io)),
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
