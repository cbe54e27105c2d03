//! rapport-sync: Rapport's team mode. The team's shared book lives in PostgreSQL, in a schema
//! `rapport` that this crate installs and migrates (the SQL is in `sql/`); each person logs in
//! as their own role and row-level security decides what they see.
//!
//! This first slice is the server side and a typed client: [`Server::connect`],
//! [`Server::install`], [`Server::add_person`], [`Server::push`], [`Server::changes_since`] and
//! the NOTIFY wake-ups; the desktop's outbox (rapport-core's `OutboxOp`) becomes `push`'s
//! [`Op`] by `From`, and a pulled [`Change`] the book's `RemoteRow` (`Change::remote_row`).
//! [`SyncEngine`] is the sync loop over the sled book: push the outbox, pull since the
//! cursor, wake on NOTIFY or a local write, back off while the server is away, publish a
//! [`SyncStatus`].
//! No Tauri here.
mod audit;
mod config;
mod denied;
mod engine;
mod error;
pub mod first_sync;
mod install;
mod ops;
mod outbox;
mod people;
mod pool;
mod pull;
mod retention;
mod server;
mod status;

pub use audit::AUDIT_PAGE;
pub use config::{ServerConfig, Tls};
pub use engine::{EngineHandle, JoinPreview, Nudge, Pushed, RoundReport, SyncEngine, SyncOptions};
pub use error::{Result, SyncError};
pub use install::{SchemaInfo, APP_VERSION, SCHEMA_VERSION};
pub use ops::{Change, Changes, Op, OpKind, Table};
pub use people::{NewPerson, Role};
pub use pool::Person;
pub use pull::Pages;
pub use server::{Server, CHANNEL};
pub use status::SyncStatus;
