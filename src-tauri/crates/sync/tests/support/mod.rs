//! A throwaway PostgreSQL cluster for the tests: `initdb` + `pg_ctl` in a temporary folder, on a
//! free loopback port, stopped and removed on drop. As root (CI), the server runs as the
//! `postgres` user through `runuser`, since initdb refuses root.
#![allow(dead_code)]

pub mod desk;
pub mod steps;
pub mod team;

use rapport_sync::{Server, ServerConfig, Tls};
use std::net::TcpListener;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

pub const ADMIN: &str = "admin";
pub const ADMIN_PASSWORD: &str = "admin-pw-for-tests";
pub const DATABASE: &str = "team";

pub struct TestCluster {
    dir: tempfile::TempDir,
    bin: PathBuf,
    as_postgres: bool,
    pub port: u16,
    /// The `-o` options it was started with, to start it again on the same port.
    opts: String,
}

/// The folder holding initdb, pg_ctl and postgres: $RAPPORT_PG_BIN, Debian's newest
/// /usr/lib/postgresql/N/bin, or the PATH.
fn find_bin() -> Option<PathBuf> {
    if let Ok(dir) = std::env::var("RAPPORT_PG_BIN") {
        return Some(PathBuf::from(dir));
    }
    let mut debian: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let v = e.file_name().to_str()?.parse::<u32>().ok()?;
            let bin = e.path().join("bin");
            bin.join("pg_ctl").exists().then_some((v, bin))
        })
        .collect();
    debian.sort();
    if let Some((_, bin)) = debian.pop() {
        return Some(bin);
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).find(|d| d.join("initdb").exists() && d.join("pg_ctl").exists())
}

impl TestCluster {
    /// Starts a cluster, or returns `None` (after saying so loudly) when PostgreSQL is not
    /// installed. In CI a missing PostgreSQL is a failure: setup.sh installs it.
    pub fn start() -> Option<TestCluster> {
        Self::start_with(false)
    }

    /// A cluster that also takes TLS, with a certificate for 127.0.0.1 signed by a CA the
    /// test makes (openssl); the CA is at `ca.crt` in [`TestCluster::path`].
    pub fn start_tls() -> Option<TestCluster> {
        Self::start_with(true)
    }

    fn start_with(tls: bool) -> Option<TestCluster> {
        let Some(bin) = find_bin() else {
            let msg =
                "PostgreSQL binaries (initdb, pg_ctl) not found: install Debian's `postgresql` \
                       package (src-tauri/scripts/setup.sh --test does) or set RAPPORT_PG_BIN";
            if std::env::var_os("CI").is_some() {
                panic!("{msg}");
            }
            eprintln!("\n!!!!!!!!!! SKIPPED: {msg} !!!!!!!!!!\n");
            return None;
        };
        let as_postgres = std::fs::metadata("/proc/self")
            .map(|m| m.uid() == 0)
            .unwrap_or(false);
        let dir = tempfile::Builder::new()
            .prefix("rapport-pg-")
            .tempdir()
            .unwrap();
        std::fs::write(dir.path().join("pw"), ADMIN_PASSWORD).unwrap();
        if tls {
            make_certificates(dir.path());
        }
        if as_postgres {
            run(Command::new("chown")
                .arg("-R")
                .arg("postgres")
                .arg(dir.path()));
        }
        let mut cluster = TestCluster {
            dir,
            bin,
            as_postgres,
            port: 0,
            opts: String::new(),
        };
        let data = cluster.data();
        cluster.pg("initdb", |c| {
            c.arg("-D")
                .arg(&data)
                .args([
                    "-A",
                    "scram-sha-256",
                    "-U",
                    ADMIN,
                    "-E",
                    "UTF8",
                    "--no-sync",
                ])
                .arg(format!(
                    "--pwfile={}",
                    cluster.dir.path().join("pw").display()
                ))
        });
        // A free port can be taken between asking and starting: try a few.
        for attempt in 0..5 {
            let port = free_port();
            let opts = format!(
                "-p {port} -k {} -c listen_addresses=127.0.0.1 -c fsync=off",
                cluster.dir.path().display()
            );
            let opts = if tls {
                let d = cluster.dir.path().display();
                format!("{opts} -c ssl=on -c ssl_cert_file={d}/server.crt -c ssl_key_file={d}/server.key")
            } else {
                opts
            };
            let log = cluster.dir.path().join("log");
            let ok = cluster.pg_status("pg_ctl", |c| {
                c.arg("-D")
                    .arg(&data)
                    .arg("-o")
                    .arg(&opts)
                    .arg("-l")
                    .arg(&log)
                    .args(["-w", "start"])
            });
            if ok {
                cluster.port = port;
                cluster.opts = opts;
                break;
            }
            assert!(
                attempt < 4,
                "postgres did not start: {}",
                std::fs::read_to_string(&log).unwrap_or_default()
            );
        }
        Some(cluster)
    }

    fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    fn command(&self, tool: &str) -> Command {
        let exe = self.bin.join(tool);
        if self.as_postgres {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(exe);
            c
        } else {
            Command::new(exe)
        }
    }

    fn pg(&self, tool: &str, args: impl FnOnce(&mut Command) -> &mut Command) {
        let mut c = self.command(tool);
        run(args(&mut c));
    }

    fn pg_status(&self, tool: &str, args: impl FnOnce(&mut Command) -> &mut Command) -> bool {
        let mut c = self.command(tool);
        args(&mut c)
            .output()
            .map(|o| o.status.success())
            .unwrap_or(false)
    }

    pub fn config(&self, user: &str, password: &str) -> ServerConfig {
        ServerConfig {
            host: "127.0.0.1".into(),
            port: self.port,
            database: DATABASE.into(),
            user: user.into(),
            password: password.into(),
            tls: Tls::Disable,
            connect_timeout: Duration::from_secs(5),
        }
    }

    /// The cluster's superuser on the maintenance database.
    pub fn superuser(&self) -> ServerConfig {
        ServerConfig {
            database: "postgres".into(),
            ..self.config(ADMIN, ADMIN_PASSWORD)
        }
    }

    /// A fresh empty database `team` and a team-book admin (CREATEROLE, owner of the database,
    /// not a superuser, as on a managed service) connected to it.
    pub async fn empty_team_db(&self) -> Server {
        let root = Server::connect(&self.superuser()).await.unwrap();
        for sql in [
            "create role boss login createrole password 'boss-pw'",
            "create database team owner boss",
        ] {
            root.client().batch_execute(sql).await.unwrap();
        }
        Server::connect(&self.config("boss", "boss-pw"))
            .await
            .unwrap()
    }

    /// Stops the server (`pg_ctl stop -m fast`: open connections are cut, as when the
    /// office server goes down).
    pub fn stop(&self) {
        let data = self.data();
        self.pg("pg_ctl", |c| {
            c.arg("-D").arg(&data).args(["-m", "fast", "-w", "stop"])
        });
    }

    /// Starts the stopped server again, on the same port with the same options.
    pub fn restart(&self) {
        let data = self.data();
        let log = self.dir.path().join("log");
        self.pg("pg_ctl", |c| {
            c.arg("-D")
                .arg(&data)
                .arg("-o")
                .arg(&self.opts)
                .arg("-l")
                .arg(&log)
                .args(["-w", "start"])
        });
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }
}

impl Drop for TestCluster {
    fn drop(&mut self) {
        if self.port != 0 {
            let data = self.data();
            let _ = self.pg_status("pg_ctl", |c| {
                c.arg("-D")
                    .arg(&data)
                    .args(["-m", "immediate", "-w", "stop"])
            });
        }
    }
}

/// A CA and a server certificate for 127.0.0.1 (the key readable by its owner only, as
/// PostgreSQL demands; chown'd with the folder afterwards).
fn make_certificates(dir: &Path) {
    let openssl = |args: &[&str]| run(Command::new("openssl").current_dir(dir).args(args));
    openssl(&[
        "req",
        "-new",
        "-x509",
        "-days",
        "2",
        "-nodes",
        "-subj",
        "/CN=Rapport test CA",
        "-keyout",
        "ca.key",
        "-out",
        "ca.crt",
    ]);
    openssl(&[
        "req",
        "-new",
        "-nodes",
        "-subj",
        "/CN=127.0.0.1",
        "-keyout",
        "server.key",
        "-out",
        "server.csr",
    ]);
    std::fs::write(dir.join("san.ext"), "subjectAltName=IP:127.0.0.1\n").unwrap();
    openssl(&[
        "x509",
        "-req",
        "-in",
        "server.csr",
        "-days",
        "2",
        "-CA",
        "ca.crt",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-extfile",
        "san.ext",
        "-out",
        "server.crt",
    ]);
    run(Command::new("chmod").arg("600").arg(dir.join("server.key")));
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn run(c: &mut Command) {
    let out = c.output().unwrap_or_else(|e| panic!("{c:?}: {e}"));
    assert!(
        out.status.success(),
        "{c:?} failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}
