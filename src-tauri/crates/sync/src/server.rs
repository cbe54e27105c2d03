//! One connection to the team's PostgreSQL, logged in as one person.
use crate::config::{ServerConfig, Tls};
use crate::error::{from_connect, Result, SyncError};
use futures_util::future::poll_fn;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::mpsc;
use tokio_postgres::{AsyncMessage, Client, Connection, NoTls};

/// The NOTIFY channel the server wakes clients on; the payload is the new commit number.
pub const CHANNEL: &str = "rapport_changes";

pub struct Server {
    pub(crate) client: Client,
    pub(crate) user: String,
    wakes: mpsc::UnboundedReceiver<i64>,
}

impl Server {
    /// Connects and logs in. Errors say what went wrong in both languages: a wrong password,
    /// an unreachable host, a missing database, a failed TLS handshake.
    pub async fn connect(config: &ServerConfig) -> Result<Server> {
        let mut pg = tokio_postgres::Config::new();
        pg.host(&config.host)
            .port(config.port)
            .dbname(&config.database)
            .user(&config.user)
            .password(&config.password)
            .application_name("rapport")
            .connect_timeout(config.connect_timeout)
            // A cut network (Wi-Fi gone, a laptop suspended) sends no reset: without these a
            // statement or the idle LISTEN connection would wait on a dead socket for hours
            // (the kernel's defaults). Dead within about a minute, the sync engine goes offline
            // and retries.
            .keepalives_idle(Duration::from_secs(30))
            .keepalives_interval(Duration::from_secs(10))
            .keepalives_retries(3)
            .tcp_user_timeout(Duration::from_secs(60));
        let fail = |e| from_connect(e, &config.host, config.port, &config.user, &config.database);
        let (wake_tx, wakes) = mpsc::unbounded_channel();
        let client = match &config.tls {
            Tls::Disable => {
                pg.ssl_mode(tokio_postgres::config::SslMode::Disable);
                let (client, connection) = pg.connect(NoTls).await.map_err(fail)?;
                drive(connection, wake_tx);
                client
            }
            Tls::Require { ca_pem } => {
                pg.ssl_mode(tokio_postgres::config::SslMode::Require);
                let tls = tokio_postgres_rustls::MakeRustlsConnect::new(client_config(
                    ca_pem.as_deref(),
                )?);
                let (client, connection) = pg.connect(tls).await.map_err(fail)?;
                drive(connection, wake_tx);
                client
            }
        };
        Ok(Server {
            client,
            user: config.user.clone(),
            wakes,
        })
    }

    /// The underlying client, for statements of its own (tests probe the server with it).
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// The login this connection uses.
    pub fn user(&self) -> &str {
        &self.user
    }

    /// Starts listening for commit wake-ups (see [`Server::next_wake`]).
    pub async fn listen(&self) -> Result<()> {
        self.client
            .batch_execute(&format!("listen {CHANNEL}"))
            .await
            .map_err(SyncError::from_query)
    }

    /// The next commit number announced by the server, or `None` once the connection ended.
    /// A wake-up only: the commit's rows are read with `changes_since`.
    pub async fn next_wake(&mut self) -> Option<i64> {
        self.wakes.recv().await
    }
}

/// Runs the connection on the current runtime, handing NOTIFY payloads to the client.
fn drive<S, T>(mut connection: Connection<S, T>, wakes: mpsc::UnboundedSender<i64>)
where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send + 'static,
    T: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send + 'static,
{
    tokio::spawn(async move {
        while let Some(message) = poll_fn(|cx| connection.poll_message(cx)).await {
            match message {
                Ok(AsyncMessage::Notification(n)) if n.channel() == CHANNEL => {
                    if let Ok(commit) = n.payload().parse::<i64>() {
                        // Nobody listening any more is fine: the wake-up is only a hint.
                        let _ = wakes.send(commit);
                    }
                }
                Ok(_) => {}
                Err(_) => break,
            }
        }
    });
}

fn client_config(ca_pem: Option<&[u8]>) -> Result<rustls::ClientConfig> {
    let mut roots = rustls::RootCertStore::empty();
    match ca_pem {
        Some(pem) => {
            let mut reader = pem;
            for cert in rustls_pemfile::certs(&mut reader) {
                let cert = cert.map_err(|e| SyncError::Tls {
                    reason: format!("CA: {e}"),
                })?;
                roots.add(cert).map_err(|e| SyncError::Tls {
                    reason: format!("CA: {e}"),
                })?;
            }
            if roots.is_empty() {
                return Err(SyncError::Tls {
                    reason: "CA: no certificate in the PEM given".to_owned(),
                });
            }
        }
        None => roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned()),
    }
    // ring rather than aws-lc-rs: no C toolchain beyond cc, no cmake. rustls marks it
    // deprecated only for lacking post-quantum key exchange, which PostgreSQL servers (OpenSSL
    // 3.0 in Debian 12) do not offer yet either.
    #[allow(deprecated)]
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| SyncError::Tls {
            reason: e.to_string(),
        })?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(config)
}
