//! Where the team's server is and how to log in.
use std::time::Duration;

/// How the connection is encrypted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tls {
    /// Plain TCP: only for a server on the same machine or a trusted test network.
    Disable,
    /// TLS required, the server's certificate checked against `ca_pem` (PEM certificates, e.g.
    /// the office server's own CA) or, when `None`, against the public web roots (managed
    /// PostgreSQL services).
    Require { ca_pem: Option<Vec<u8>> },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerConfig {
    pub host: String,
    pub port: u16,
    pub database: String,
    pub user: String,
    pub password: String,
    pub tls: Tls,
    pub connect_timeout: Duration,
}

impl ServerConfig {
    /// A configuration with PostgreSQL's port, TLS required and a 10 s connect timeout.
    pub fn new(host: &str, database: &str, user: &str, password: &str) -> Self {
        Self {
            host: host.to_owned(),
            port: 5432,
            database: database.to_owned(),
            user: user.to_owned(),
            password: password.to_owned(),
            tls: Tls::Require { ca_pem: None },
            connect_timeout: Duration::from_secs(10),
        }
    }
}
