//! Rapport's domain: the customer model, validation, the sled store and every product rule.
//! Nothing here knows about windows, dialogs or notifications; the Tauri shell is a thin layer.
pub mod analytics;
pub mod backup;
pub mod collate;
pub mod complaints;
pub mod demo;
pub mod error;
pub mod export;
pub mod i18n;
pub mod import;
pub mod model;
pub mod pinyin_search;
pub mod reminders;
pub mod schedule;
pub mod stages;
pub mod store;
pub mod targets;
pub mod validate;

pub use error::{CoreError, Result};
pub use store::{OpenPhases, Store};
