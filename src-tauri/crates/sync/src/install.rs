//! The SQL Rapport installs on the team's server and its versioned migrations.
//!
//! `rapport.meta` holds one row: the schema version and the oldest app version allowed to
//! write. Migrations run in one transaction under an advisory lock, so two desktops upgrading
//! at once apply each step once, and a failed step leaves the server as it was.
use crate::error::{Result, SyncError};
use crate::server::Server;
use ulid::Ulid;

/// One step of the server schema.
struct Migration {
    version: i32,
    /// The oldest Rapport that may write to a book at this version.
    min_app_version: &'static str,
    sql: &'static str,
}

const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        min_app_version: "0.1.0",
        sql: include_str!("../sql/0001_tables.sql"),
    },
    Migration {
        version: 2,
        min_app_version: "0.1.0",
        sql: include_str!("../sql/0002_security.sql"),
    },
    Migration {
        version: 3,
        min_app_version: "0.1.0",
        sql: include_str!("../sql/0003_sync.sql"),
    },
    Migration {
        version: 4,
        min_app_version: "0.1.0",
        sql: include_str!("../sql/0004_functions.sql"),
    },
    Migration {
        version: 5,
        // An app built for schema 4 stops at SchemaTooNew before it pushes (its ops carry no
        // base, which push would merge the old way), so no newer minimum is needed.
        min_app_version: "0.1.0",
        sql: include_str!("../sql/0005_conflicts.sql"),
    },
    Migration {
        version: 6,
        // An older app reads no 'departed' rows (it stops at SchemaTooNew first).
        min_app_version: "0.1.0",
        sql: include_str!("../sql/0006_departures.sql"),
    },
    Migration {
        version: 7,
        min_app_version: "0.1.0",
        sql: include_str!("../sql/0007_retention.sql"),
    },
    Migration {
        version: 8,
        min_app_version: "0.1.0",
        sql: include_str!("../sql/0008_push_speed.sql"),
    },
    Migration {
        version: 9,
        // Adds a read-only function; an older app never calls it.
        min_app_version: "0.1.0",
        sql: include_str!("../sql/0009_customer_audit.sql"),
    },
    Migration {
        version: 10,
        // An older app stops at SchemaTooNew before it pushes or pulls.
        min_app_version: "0.1.0",
        sql: include_str!("../sql/0010_pool.sql"),
    },
    Migration {
        version: 11,
        // The purge's push and the ranked pull; an older app stops at SchemaTooNew first.
        min_app_version: "0.1.0",
        sql: include_str!("../sql/0011_purge_with_records.sql"),
    },
    Migration {
        version: 12,
        // A trigger stamping who changed a customer's hands; older apps ignore the fields.
        min_app_version: "0.1.0",
        sql: include_str!("../sql/0012_assigned_by.sql"),
    },
    Migration {
        version: 13,
        // Stage tasks on the server; an older app stops at SchemaTooNew before it pulls them.
        min_app_version: "0.1.0",
        sql: include_str!("../sql/0013_tasks.sql"),
    },
    Migration {
        version: 14,
        // A change of hands on the server passes the open tasks along; nothing new to read.
        min_app_version: "0.1.0",
        sql: include_str!("../sql/0014_task_assignee.sql"),
    },
];

/// The schema version this build installs and understands.
pub const SCHEMA_VERSION: i32 = 14;

/// This app's version, compared with the server's `min_app_version`.
pub const APP_VERSION: &str = env!("CARGO_PKG_VERSION");

/// Serialises installers and migrations across desktops.
const MIGRATION_LOCK: i64 = 7_203_113;

/// The server's schema as read from `rapport.meta`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaInfo {
    pub version: i32,
    pub min_app_version: String,
}

impl Server {
    /// Creates the team book on a database that holds none, logged in as the person who will
    /// be its first admin (`admin_name` is their display name). That login needs CREATEROLE
    /// (to create the group roles and, later, each person's login) and the right to create a
    /// schema in the database; see docs/team-server.md.
    pub async fn install(&mut self, admin_name: &str) -> Result<SchemaInfo> {
        self.install_at(admin_name, SCHEMA_VERSION).await
    }

    /// [`Server::install`] stopped at schema `version`: a team book an older Rapport made
    /// (tests of the upgrade).
    #[doc(hidden)]
    pub async fn install_at(&mut self, admin_name: &str, version: i32) -> Result<SchemaInfo> {
        let tx = self
            .client
            .transaction()
            .await
            .map_err(SyncError::from_query)?;
        tx.execute("select pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])
            .await
            .map_err(SyncError::from_query)?;
        let exists: bool = tx
            .query_one(
                "select exists (select from pg_namespace where nspname = 'rapport')",
                &[],
            )
            .await
            .map_err(SyncError::from_query)?
            .get(0);
        if exists {
            return Err(SyncError::AlreadyInstalled);
        }
        tx.batch_execute(
            "create schema rapport;
             create table rapport.meta (
               singleton boolean primary key default true check (singleton),
               schema_version integer not null,
               min_app_version text not null,
               installed_at timestamptz not null default now(),
               migrated_at timestamptz not null default now());
             insert into rapport.meta (schema_version, min_app_version) values (0, '0.0.0');",
        )
        .await
        .map_err(SyncError::from_query)?;
        let info = migrate_in(&tx, 0, version).await?;
        // Readable by the team (the app checks the version before writing), written by migrations.
        tx.batch_execute(
            "alter table rapport.meta enable row level security;
             alter table rapport.meta force row level security;
             create policy see on rapport.meta for select using (true);
             create policy migrate on rapport.meta for update using (rapport.is_admin());
             grant select on rapport.meta to rapport_salesperson, rapport_manager, rapport_admin;",
        )
        .await
        .map_err(SyncError::from_query)?;
        let me = Ulid::new().to_string();
        tx.execute(
            "insert into rapport.people (id, login, name, role) values ($1, current_user, $2, 'admin')",
            &[&me, &admin_name],
        )
        .await
        .map_err(SyncError::from_query)?;
        tx.commit().await.map_err(SyncError::from_query)?;
        Ok(info)
    }

    /// Brings an installed team book up to this build's schema (an admin's login).
    pub async fn migrate(&mut self) -> Result<SchemaInfo> {
        let tx = self
            .client
            .transaction()
            .await
            .map_err(SyncError::from_query)?;
        tx.execute("select pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])
            .await
            .map_err(SyncError::from_query)?;
        let current = read_info(&tx).await?;
        if current.version > SCHEMA_VERSION {
            return Err(SyncError::SchemaTooNew {
                server: current.version,
                supported: SCHEMA_VERSION,
            });
        }
        let info = migrate_in(&tx, current.version, SCHEMA_VERSION).await?;
        tx.commit().await.map_err(SyncError::from_query)?;
        Ok(info)
    }

    /// The server's schema, checked against this build: `SchemaTooNew` means this app may only
    /// read, `AppTooOld` that the team decided this version may no longer write.
    pub async fn check_schema(&self) -> Result<SchemaInfo> {
        let info = read_info(&self.client).await?;
        if info.version > SCHEMA_VERSION {
            return Err(SyncError::SchemaTooNew {
                server: info.version,
                supported: SCHEMA_VERSION,
            });
        }
        if version_tuple(&info.min_app_version) > version_tuple(APP_VERSION) {
            return Err(SyncError::AppTooOld {
                required: info.min_app_version,
                current: APP_VERSION.to_owned(),
            });
        }
        Ok(info)
    }
}

async fn read_info(client: &impl tokio_postgres::GenericClient) -> Result<SchemaInfo> {
    let exists: bool = client
        .query_one("select to_regclass('rapport.meta') is not null", &[])
        .await
        .map_err(SyncError::from_query)?
        .get(0);
    if !exists {
        return Err(SyncError::NotInstalled);
    }
    let row = client
        .query_one(
            "select schema_version, min_app_version from rapport.meta",
            &[],
        )
        .await
        .map_err(SyncError::from_query)?;
    Ok(SchemaInfo {
        version: row.get(0),
        min_app_version: row.get(1),
    })
}

async fn migrate_in(
    tx: &tokio_postgres::Transaction<'_>,
    from: i32,
    to: i32,
) -> Result<SchemaInfo> {
    let mut info = SchemaInfo {
        version: from,
        min_app_version: String::new(),
    };
    for m in MIGRATIONS
        .iter()
        .filter(|m| m.version > from && m.version <= to)
    {
        tx.batch_execute(m.sql)
            .await
            .map_err(SyncError::from_query)?;
        tx.execute(
            "update rapport.meta set schema_version = $1, min_app_version = $2, migrated_at = now()",
            &[&m.version, &m.min_app_version],
        )
        .await
        .map_err(SyncError::from_query)?;
        info.version = m.version;
    }
    read_info(tx).await
}

/// "1.2.3" → (1, 2, 3); missing or odd parts count as 0.
fn version_tuple(v: &str) -> (u32, u32, u32) {
    let mut parts = v
        .split(['.', '-', '+'])
        .map(|p| p.parse::<u32>().unwrap_or(0));
    (
        parts.next().unwrap_or(0),
        parts.next().unwrap_or(0),
        parts.next().unwrap_or(0),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_numbered_in_order() {
        for (i, m) in MIGRATIONS.iter().enumerate() {
            assert_eq!(m.version, i as i32 + 1);
        }
        assert_eq!(MIGRATIONS.len() as i32, SCHEMA_VERSION);
    }

    #[test]
    fn versions_compare_numerically() {
        assert!(version_tuple("0.10.0") > version_tuple("0.9.3"));
        assert_eq!(version_tuple("1.2.3-beta"), (1, 2, 3));
    }
}
