//! The one error type of rapport-sync. Every message is in Chinese and English (the shell shows
//! it as is); variants are structured so tests and the shell can match on them.
use thiserror::Error;

pub type Result<T, E = SyncError> = std::result::Result<T, E>;

// Serde: a first sync's step process reports its error to the app (`first_sync`).
#[derive(Debug, Clone, PartialEq, Eq, Error, serde::Serialize, serde::Deserialize)]
pub enum SyncError {
    #[error("无法连接到服务器 {host}:{port}（{reason}）。请检查地址、端口和网络。 / Cannot reach the server {host}:{port} ({reason}). Check the address, the port and the network.")]
    Unreachable {
        host: String,
        port: u16,
        reason: String,
    },
    #[error(
        "用户 {user} 的密码不对（或没有这个用户）。 / Wrong password for {user} (or no such user)."
    )]
    WrongPassword { user: String },
    #[error(
        "服务器不允许 {user} 登录：{reason} / The server does not let {user} log in: {reason}"
    )]
    LoginRefused { user: String, reason: String },
    #[error("服务器上没有数据库 {database}。 / The server has no database {database}.")]
    NoDatabase { database: String },
    #[error("加密连接 (TLS) 失败：{reason} / The encrypted connection (TLS) failed: {reason}")]
    Tls { reason: String },
    #[error("这个数据库已经装有团队客户簿。 / This database already holds a team book.")]
    AlreadyInstalled,
    #[error("这个数据库里还没有团队客户簿。 / This database holds no team book yet.")]
    NotInstalled,
    #[error("服务器上的团队客户簿（版本 {server}）比本程序（支持到 {supported}）新：请更新 Rapport，在此之前只能查看。 / The team book on the server (version {server}) is newer than this app supports ({supported}): update Rapport; until then it is read-only.")]
    SchemaTooNew { server: i32, supported: i32 },
    #[error("团队客户簿需要 Rapport {required} 或更新版本（当前 {current}）。 / The team book needs Rapport {required} or newer (this is {current}).")]
    AppTooOld { required: String, current: String },
    /// The server's row-level security or grants refused it; why, in both languages (see
    /// `denied.rs`: PostgreSQL's own words name the table in English only).
    #[error("没有权限：{zh} / Not allowed: {en}")]
    NotAllowed { zh: String, en: String },
    #[error("这位客户已不在公海：同事刚刚领取了。 / This customer is no longer in the pool: a colleague claimed it first.")]
    NotInPool,
    #[error("操作无效：{message} / Invalid operation: {message}")]
    InvalidOp { message: String },
    #[error("与服务器的连接断开了。 / The connection to the server was lost.")]
    ConnectionLost,
    #[error("服务器报错 {code}：{message} / Server error {code}: {message}")]
    Database { code: String, message: String },
    #[error("本机客户簿出错：{message} / The book on this computer failed: {message}")]
    Book { message: String },
}

impl SyncError {
    /// A stable code for the UI (`{ code, message }`).
    pub fn code(&self) -> &'static str {
        match self {
            Self::Unreachable { .. } => "unreachable",
            Self::WrongPassword { .. } => "wrong_password",
            Self::LoginRefused { .. } => "login_refused",
            Self::NoDatabase { .. } => "no_database",
            Self::Tls { .. } => "tls",
            Self::AlreadyInstalled => "already_installed",
            Self::NotInstalled => "not_installed",
            Self::SchemaTooNew { .. } => "schema_too_new",
            Self::AppTooOld { .. } => "app_too_old",
            Self::NotAllowed { .. } => "not_allowed",
            Self::NotInPool => "not_in_pool",
            Self::InvalidOp { .. } => "invalid_op",
            Self::ConnectionLost => "connection_lost",
            Self::Database { .. } => "database",
            Self::Book { .. } => "book",
        }
    }

    /// The server is away (unreachable, the connection dropped, the server shutting down or
    /// starting up): the sync engine keeps the book working offline and tries again later.
    /// Anything else (a wrong password, a refused op, a newer schema) needs a person.
    pub fn is_offline(&self) -> bool {
        match self {
            Self::Unreachable { .. } | Self::ConnectionLost => true,
            // 08: connection exceptions; 57P0x: admin/crash shutdown, cannot connect now;
            // no code: an I/O error on the socket.
            Self::Database { code, .. } => {
                code.is_empty() || code.starts_with("08") || code.starts_with("57P")
            }
            _ => false,
        }
    }

    /// The server refused an op for good (not allowed for this person, a value or reference it
    /// rejects: SQLSTATE classes 22 and 23): sending it again would fail again.
    pub fn is_refusal(&self) -> bool {
        match self {
            Self::NotAllowed { .. } | Self::InvalidOp { .. } | Self::NotInPool => true,
            Self::Database { code, .. } => code.starts_with("22") || code.starts_with("23"),
            _ => false,
        }
    }

    /// The server's team book is newer than this app: update Rapport; until then the engine
    /// exchanges nothing (the book stays usable, its edits queued).
    pub fn is_too_new(&self) -> bool {
        matches!(self, Self::SchemaTooNew { .. } | Self::AppTooOld { .. })
    }

    /// An error from a statement on an open connection.
    pub(crate) fn from_query(e: tokio_postgres::Error) -> Self {
        if let Some(db) = e.as_db_error() {
            let message = db.message().to_owned();
            return match db.code().code() {
                "42501" => crate::denied::not_allowed(&message),
                // sql/0010_pool.sql: a claim of a customer someone else holds.
                "RP001" => Self::NotInPool,
                "22023" | "22P02" | "23503" | "23505" => Self::InvalidOp { message },
                code => Self::Database {
                    code: code.to_owned(),
                    message,
                },
            };
        }
        if e.is_closed() {
            return Self::ConnectionLost;
        }
        Self::Database {
            code: String::new(),
            message: e.to_string(),
        }
    }
}

/// The reason of a failed connection, in words a person can act on.
pub(crate) fn from_connect(
    e: tokio_postgres::Error,
    host: &str,
    port: u16,
    user: &str,
    database: &str,
) -> SyncError {
    if let Some(db) = e.as_db_error() {
        return match db.code().code() {
            // PostgreSQL answers 28P01 for a wrong password and for an unknown user alike.
            "28P01" => SyncError::WrongPassword {
                user: user.to_owned(),
            },
            // Shutting down, starting up, in recovery: away for now, not refused.
            "57P01" | "57P02" | "57P03" => SyncError::Unreachable {
                host: host.to_owned(),
                port,
                reason: db.message().to_owned(),
            },
            "3D000" => SyncError::NoDatabase {
                database: database.to_owned(),
            },
            _ => SyncError::LoginRefused {
                user: user.to_owned(),
                reason: db.message().to_owned(),
            },
        };
    }
    let text = e.to_string();
    if text.contains("TLS") || text.contains("tls") {
        let reason = std::error::Error::source(&e)
            .map(|s| s.to_string())
            .unwrap_or(text);
        return SyncError::Tls { reason };
    }
    let reason = std::error::Error::source(&e)
        .map(|s| s.to_string())
        .unwrap_or(text);
    SyncError::Unreachable {
        host: host.to_owned(),
        port,
        reason,
    }
}
