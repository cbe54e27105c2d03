//! What the Team screen and the sidebar's sync status exchange with the shell. The shell
//! (with rapport-sync) does the work; these are the shapes only. A password travels from the
//! form to the OS keychain and back to the server, never into the book.
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Where the team's PostgreSQL is and how to log in (the form of Settings → Team).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TeamLogin {
    pub host: String,
    pub port: u16,
    pub database: String,
    pub user: String,
    /// Only on the way in: kept in the OS keychain, never stored in the book or sent back.
    #[serde(default)]
    pub password: String,
    /// Encrypted connection; on by default except for a server on this computer.
    pub tls: bool,
}

/// The sync engine's state as the sidebar shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SyncState {
    /// `personal` (no team), `starting`, `synced`, `syncing`, `first_sync`, `offline`, `refused`,
    /// `read_only`, `error`, or `no_password` (the keychain has no password for the login).
    pub code: String,
    /// Local changes waiting to be sent.
    pub pending: u32,
    /// Offline since (RFC 3339), or when last synced.
    pub since: Option<String>,
    /// Why (offline, refused, read-only, error), in the user's language.
    pub reason: Option<String>,
    /// A first sync (or a full resync): rows pulled so far and the total, page by page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub progress: Option<SyncProgress>,
    /// `refused`: how many local changes the server refused for good (set aside so the rest
    /// went on); `pending` stays what still waits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub refused: Option<u32>,
}

/// How far a first sync has come: `pulled` rows of `total`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SyncProgress {
    pub pulled: u32,
    pub total: u32,
}

/// What joining a team would do with this desktop's book, counted before anything changes
/// (the import's duplicate rules decide which customers are one).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct JoinCounts {
    /// This book's customers (not in the trash).
    pub local: u32,
    /// Of those, the ones the team has already: merged into the team's.
    pub merged: u32,
    /// Of the merged, those in the team's shared pool (公海): a salesperson's join claims them.
    pub claimed: u32,
    /// Of those, the ones the team lacks: uploaded.
    pub uploaded: u32,
    /// The team's customers this person may see: they come to this desktop.
    pub team: u32,
}

/// A change the team server refused for good, set aside so the others went on (Settings ›
/// Team lists them: send again, or keep it on this computer only).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RefusedChange {
    pub op_id: String,
    /// The record's kind: `customers`, `followups`, `deals`, … (the server's table).
    pub table: String,
    /// The customer it concerns, by name ('' when the book no longer holds it).
    pub customer: String,
    /// The server's reason, as the sync engine worded it.
    pub reason: String,
    pub at: DateTime<Utc>,
}

/// The Team screen: the login this book uses (no password) and its state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TeamInfo {
    pub login: Option<TeamLogin>,
    pub state: SyncState,
    /// Who this login is in the team, as the server last said (`None` before the engine
    /// first connected, and in a personal book).
    #[serde(default)]
    pub me: Option<TeamMe>,
}

/// This login in the team, learnt from the server when the engine connects (`rapport.people`,
/// `rapport.me()`). The UI hides what the role may not do (a salesperson: no purge, no people,
/// no targets; a manager: no people); the server's row-level security is what protects the
/// data, whatever the UI shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TeamMe {
    /// The person's id in `rapport.people`.
    pub id: String,
    pub name: String,
    /// `salesperson`, `manager` or `admin`.
    pub role: String,
    /// The pool rule: a customer returns to the pool after this many days without a
    /// follow-up (`None`: off, the default).
    pub pool_return_days: Option<i32>,
}

/// A person just added: their login and generated password, shown once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AddedPerson {
    pub name: String,
    pub role: String,
    pub login: String,
    pub password: String,
}

/// One of the team's people as the owner picker shows them (`rapport.people`, read through
/// the server by each pull and kept in the book, so names show offline too).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TeamPerson {
    /// The person's id on the server (what a customer's `owner` column holds).
    pub id: String,
    pub name: String,
    /// `salesperson`, `manager` or `admin`.
    pub role: String,
    /// Removed from the team (kept so old customers still show a name).
    #[serde(default)]
    pub left: bool,
}

/// The team's people as last pulled, and which of them this login is.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TeamPeople {
    /// This login's person id, once the engine has asked the server.
    pub me: Option<String>,
    pub people: Vec<TeamPerson>,
}

impl TeamPeople {
    pub fn name_of(&self, id: &str) -> Option<&str> {
        self.people
            .iter()
            .find(|p| p.id == id)
            .map(|p| p.name.as_str())
    }

    /// My name on the team (the name a customer's local `owner` holds when it is mine).
    pub fn my_name(&self) -> Option<&str> {
        self.me.as_deref().and_then(|id| self.name_of(id))
    }

    /// Whether managers' powers are mine (reassigning customers).
    pub fn i_manage(&self) -> bool {
        let me = self.me.as_deref();
        self.people
            .iter()
            .any(|p| Some(p.id.as_str()) == me && matches!(p.role.as_str(), "manager" | "admin"))
    }
}

/// What a pull brought that concerns me, made by someone else (see `Store::take_team_notices`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum TeamNoticeKind {
    /// A customer is newly mine: someone assigned it to me.
    Assigned,
    /// One of mine was given to someone else (`to`; empty when this book cannot tell whom).
    ReassignedAway,
    /// Someone else logged a follow-up whose next step is mine.
    Scheduled,
}

/// One such change, kept in the book until the shell shows it as a desktop notification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TeamNotice {
    pub kind: TeamNoticeKind,
    pub customer_id: String,
    /// The customer's name (or company) as the book shows it.
    pub customer: String,
    /// Who made the change.
    pub by: String,
    /// The new owner of a reassigned customer.
    #[serde(default)]
    pub to: String,
}
