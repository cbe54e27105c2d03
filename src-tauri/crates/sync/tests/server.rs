#![allow(clippy::unwrap_used, clippy::expect_used)]
//! rapport-sync against a real, throwaway PostgreSQL cluster (tests/support): the schema, the
//! roles and row-level security probed from outside the app, push, changes_since, the audit
//! trail, NOTIFY and the connection errors.
mod support;

use rapport_sync::{NewPerson, Op, OpKind, Role, Server, SyncError, Table, SCHEMA_VERSION};
use serde_json::json;
use std::collections::BTreeSet;
use std::time::Duration;
use support::TestCluster;

struct Team {
    cluster: TestCluster,
    boss: Server,
    ann: NewPerson,
    bob: NewPerson,
    max: NewPerson,
}

impl Team {
    async fn login(&self, p: &NewPerson) -> Server {
        Server::connect(&self.cluster.config(&p.login, &p.password))
            .await
            .unwrap()
    }
}

/// A team book with two salespeople (Ann, Bob) and a manager (Max); Ann's customer "ca" with a
/// follow-up, Bob's "cb" with one, and "cp" in the shared pool.
async fn team() -> Option<Team> {
    let cluster = TestCluster::start()?;
    let mut boss = cluster.empty_team_db().await;
    boss.install("老板 Boss").await.unwrap();
    let ann = boss.add_person("安 Ann", Role::Salesperson).await.unwrap();
    let bob = boss.add_person("Bob", Role::Salesperson).await.unwrap();
    let max = boss.add_person("Max", Role::Manager).await.unwrap();
    let team = Team {
        cluster,
        boss,
        ann,
        bob,
        max,
    };
    let a = team.login(&team.ann).await;
    a.push(&[
        Op::upsert(
            Table::Customers,
            "ca",
            None,
            json!({"name": "华东贸易", "phone": "021-1"}),
        ),
        Op::upsert(Table::Followups, "fa", Some("ca"), json!({"topic": "报价"})),
    ])
    .await
    .unwrap();
    let b = team.login(&team.bob).await;
    b.push(&[
        Op::upsert(
            Table::Customers,
            "cb",
            None,
            json!({"name": "Bob's client"}),
        ),
        Op::upsert(Table::Followups, "fb", Some("cb"), json!({"topic": "call"})),
    ])
    .await
    .unwrap();
    team.boss
        .push(&[
            Op::upsert(Table::Customers, "cp", None, json!({"name": "公海客户"})),
            Op::new(Table::Customers, "cp", OpKind::Assign { owner: None }),
        ])
        .await
        .unwrap();
    Some(team)
}

fn ids(changes: &rapport_sync::Changes, table: Table) -> BTreeSet<String> {
    changes
        .rows
        .iter()
        .filter(|c| c.table == table)
        .map(|c| c.id.clone())
        .collect()
}

fn set(v: &[&str]) -> BTreeSet<String> {
    v.iter().map(|s| s.to_string()).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn install_creates_the_schema_once_with_forced_rls_everywhere() {
    let Some(cluster) = TestCluster::start() else {
        return;
    };
    let mut boss = cluster.empty_team_db().await;
    assert_eq!(boss.check_schema().await, Err(SyncError::NotInstalled));
    let info = boss.install("Boss").await.unwrap();
    assert_eq!(info.version, SCHEMA_VERSION);
    assert_eq!(info.min_app_version, "0.1.0");
    assert_eq!(boss.check_schema().await.unwrap(), info);
    assert_eq!(boss.install("Boss").await, Err(SyncError::AlreadyInstalled));
    assert_eq!(
        boss.migrate().await.unwrap(),
        info,
        "nothing left to migrate"
    );
    let unprotected: Vec<String> = boss
        .client()
        .query(
            "select c.relname::text from pg_class c join pg_namespace n on n.oid = c.relnamespace
             where n.nspname = 'rapport' and c.relkind = 'r'
               and not (c.relrowsecurity and c.relforcerowsecurity)",
            &[],
        )
        .await
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert!(
        unprotected.is_empty(),
        "tables without FORCE ROW LEVEL SECURITY: {unprotected:?}"
    );
    let tables: i64 = boss
        .client()
        .query_one(
            "select count(*) from pg_tables where schemaname = 'rapport'",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(
        tables, 18,
        "meta, commits, applied_ops, audit, departures, retention, pool_rule and eleven record tables"
    );
    assert!(
        boss.me().await.unwrap().is_some(),
        "the installer is the first admin"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_salesperson_sees_own_and_pool_customers_only_and_a_manager_sees_all() {
    let Some(team) = team().await else { return };
    let ann = team.login(&team.ann).await;
    // Probed from outside the app, with plain SQL as Ann.
    let seen = ann
        .client()
        .query("select id from rapport.customers where id = 'cb'", &[])
        .await
        .unwrap();
    assert!(seen.is_empty(), "Ann must not see Bob's customer");
    let records = ann
        .client()
        .query(
            "select id from rapport.followups where customer_id = 'cb'",
            &[],
        )
        .await
        .unwrap();
    assert!(records.is_empty(), "nor its follow-ups");
    let changed = ann
        .client()
        .execute(
            "update rapport.customers set data = '{\"name\":\"stolen\"}' where id = 'cb'",
            &[],
        )
        .await
        .unwrap();
    assert_eq!(changed, 0, "an UPDATE of Bob's customer changes nothing");
    let deleted = ann
        .client()
        .execute("delete from rapport.customers where id = 'ca'", &[])
        .await;
    assert!(deleted.is_err(), "only admins purge");
    let mut visible: Vec<String> = ann
        .client()
        .query("select id from rapport.customers order by id", &[])
        .await
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    visible.sort();
    assert_eq!(visible, ["ca", "cp"]);
    // Through push too: Bob's customer is "not found" for Ann.
    let err = ann
        .push(&[Op::upsert(
            Table::Followups,
            "fx",
            Some("cb"),
            json!({"topic": "sneak"}),
        )])
        .await
        .unwrap_err();
    assert_eq!(err.code(), "not_allowed", "{err}");
    let err = ann
        .push(&[Op::new(Table::Customers, "cb", OpKind::Delete)])
        .await
        .unwrap_err();
    assert_eq!(err.code(), "not_allowed", "{err}");
    // Ann claims the pool customer; then Bob can no longer see or claim it.
    let ann_id = ann.me().await.unwrap();
    ann.push(&[Op::new(
        Table::Customers,
        "cp",
        OpKind::Assign {
            owner: ann_id.clone(),
        },
    )])
    .await
    .unwrap();
    let bob = team.login(&team.bob).await;
    let err = bob
        .push(&[Op::new(
            Table::Customers,
            "cp",
            OpKind::Assign {
                owner: bob.me().await.unwrap(),
            },
        )])
        .await
        .unwrap_err();
    assert_eq!(err.code(), "not_allowed", "{err}");
    // A salesperson cannot hand a customer to someone else.
    let bob_id = bob.me().await.unwrap();
    let err = ann
        .push(&[Op::new(
            Table::Customers,
            "ca",
            OpKind::Assign {
                owner: bob_id.clone(),
            },
        )])
        .await;
    assert!(err.is_err(), "a salesperson does not reassign");
    // The manager sees everyone's customers and reassigns: Bob's customer moves to Ann with its
    // follow-up, and leaves Bob's view.
    let mut max = team.login(&team.max).await;
    let all = max.changes_since(0).await.unwrap();
    assert_eq!(ids(&all, Table::Customers), set(&["ca", "cb", "cp"]));
    assert_eq!(ids(&all, Table::Followups), set(&["fa", "fb"]));
    let cursor = all.head;
    let mut ann = ann;
    let ann_cursor = ann.changes_since(0).await.unwrap().head;
    max.push(&[Op::new(
        Table::Customers,
        "cb",
        OpKind::Assign {
            owner: ann_id.clone(),
        },
    )])
    .await
    .unwrap();
    let moved = ann.changes_since(ann_cursor).await.unwrap();
    assert_eq!(ids(&moved, Table::Customers), set(&["cb"]));
    assert_eq!(
        ids(&moved, Table::Followups),
        set(&["fb"]),
        "the records follow their customer"
    );
    assert!(moved.rows.iter().all(|c| c.owner == ann_id));
    let mut bob = bob;
    assert!(ids(&bob.changes_since(0).await.unwrap(), Table::Customers).is_empty());
    assert_eq!(max.changes_since(cursor).await.unwrap().rows.len(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn push_is_idempotent_and_changes_since_shows_only_what_is_visible() {
    let Some(team) = team().await else { return };
    let mut ann = team.login(&team.ann).await;
    let before = ann.changes_since(0).await.unwrap();
    assert_eq!(ids(&before, Table::Customers), set(&["ca", "cp"]));
    assert_eq!(ids(&before, Table::Followups), set(&["fa"]));
    assert_eq!(
        ids(&before, Table::People).len(),
        4,
        "everyone's name, for the owner picker"
    );
    // Nothing new: nothing returned, same cursor.
    let idle = ann.changes_since(before.head).await.unwrap();
    assert!(idle.rows.is_empty());
    assert_eq!(idle.head, before.head);

    let ops = vec![
        Op::upsert(Table::Customers, "ca", None, json!({"phone": "021-2"})),
        Op::upsert(Table::Tags, "t1", None, json!({"name": "VIP"})),
        Op::upsert(Table::CustomerTags, "ca/t1", None, json!({})),
    ];
    let first = ann.push(&ops).await.unwrap().unwrap();
    let again = ann.push(&ops).await.unwrap().unwrap();
    assert_eq!(first, again, "a retry answers the same commit");
    let after = ann.changes_since(before.head).await.unwrap();
    assert_eq!(after.head, first, "and makes no new one");
    let ca = after.rows.iter().find(|c| c.id == "ca").unwrap();
    assert_eq!(ca.version, 2, "applied once");
    assert_eq!(ca.commit, first);
    assert_eq!(
        ca.data,
        json!({"name": "华东贸易", "owner": "安 Ann", "phone": "021-2"}),
        "fields merged; the owner shown by name (sql/0010_pool.sql)"
    );
    assert_eq!(ids(&after, Table::CustomerTags), set(&["ca/t1"]));
    let applied: i64 = team
        .boss
        .client()
        .query_one(
            "select count(*) from rapport.applied_ops where commit_no = $1",
            &[&first],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(applied, 3);
    // Bob's pull shows the shared tag but nothing of Ann's customer.
    let mut bob = team.login(&team.bob).await;
    let bobs = bob.changes_since(before.head).await.unwrap();
    assert_eq!(ids(&bobs, Table::Tags), set(&["t1"]));
    assert!(ids(&bobs, Table::Customers).is_empty() && ids(&bobs, Table::CustomerTags).is_empty());
    // Trash and restore are changes like the others.
    let del = ann
        .push(&[Op::new(Table::Customers, "ca", OpKind::Delete)])
        .await
        .unwrap()
        .unwrap();
    let trashed = ann.changes_since(first).await.unwrap();
    assert_eq!(trashed.rows.len(), 1);
    assert!(trashed.rows[0].deleted_at.is_some());
    assert_eq!(trashed.rows[0].commit, del);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn commits_are_totally_ordered_across_concurrent_pushers_and_no_reader_misses_one() {
    let Some(team) = team().await else { return };
    let mut max = team.login(&team.max).await;
    let start = max.changes_since(0).await.unwrap().head;
    const N: usize = 25;
    let mut pushers = Vec::new();
    for (who, person) in [("a", &team.ann), ("b", &team.bob)] {
        let server = team.login(person).await;
        pushers.push(tokio::spawn(async move {
            let mut commits = Vec::new();
            for i in 0..N {
                let id = format!("{who}{i}");
                let c = server
                    .push(&[Op::upsert(Table::Customers, &id, None, json!({"n": i}))])
                    .await
                    .unwrap()
                    .unwrap();
                commits.push(c);
            }
            commits
        }));
    }
    // A reader pulling all along must see every row exactly when its commit passes its cursor.
    let mut seen = BTreeSet::new();
    let mut cursor = start;
    loop {
        let done = pushers.iter().all(|p| p.is_finished());
        let changes = max.changes_since(cursor).await.unwrap();
        for c in &changes.rows {
            assert!(c.commit > cursor && c.commit <= changes.head);
            seen.insert(c.id.clone());
        }
        cursor = changes.head;
        if done {
            break;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let mut all = Vec::new();
    for p in pushers {
        let commits = p.await.unwrap();
        assert!(
            commits.windows(2).all(|w| w[0] < w[1]),
            "one pusher's commits in order"
        );
        all.extend(commits);
    }
    let distinct: BTreeSet<i64> = all.iter().copied().collect();
    assert_eq!(distinct.len(), 2 * N, "every push its own commit number");
    assert_eq!(seen.len(), 2 * N, "the reader missed no commit");
    // The numbers follow commit order: commit timestamps never go backwards along them.
    let rows = max
        .client()
        .query("select commit_no, committed_at from rapport.commits where commit_no > $1 order by commit_no", &[&start])
        .await
        .unwrap();
    let times: Vec<chrono::DateTime<chrono::Utc>> = rows.iter().map(|r| r.get(1)).collect();
    assert!(times.windows(2).all(|w| w[0] <= w[1]));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_audit_trail_is_written_by_trigger_and_append_only_and_commits_notify() {
    let Some(team) = team().await else { return };
    let mut max = team.login(&team.max).await;
    max.listen().await.unwrap();
    let ann = team.login(&team.ann).await;
    let commit = ann
        .push(&[Op::upsert(
            Table::Customers,
            "ca",
            None,
            json!({"phone": "021-9"}),
        )])
        .await
        .unwrap()
        .unwrap();
    let woke = tokio::time::timeout(Duration::from_secs(5), max.next_wake())
        .await
        .unwrap();
    assert_eq!(woke, Some(commit), "NOTIFY carries the commit number");

    let rows = max
        .client()
        .query(
            "select who, field, old_value, new_value, commit_no from rapport.audit
             where record_table = 'customers' and record_id = 'ca' and field is not null order by audit_id",
            &[],
        )
        .await
        .unwrap();
    let fields: Vec<(String, String, serde_json::Value, serde_json::Value, i64)> = rows
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3), r.get(4)))
        .collect();
    assert_eq!(
        fields,
        vec![(
            team.ann.login.clone(),
            "data.phone".to_owned(),
            json!("021-1"),
            json!("021-9"),
            commit
        )]
    );
    // Salespeople don't read the trail; nobody edits or removes it, not even its owner.
    assert!(ann
        .client()
        .query("select * from rapport.audit", &[])
        .await
        .is_err());
    assert!(ann
        .client()
        .execute("insert into rapport.audit (who, record_table, record_id) values ('x', 'customers', 'ca')", &[])
        .await
        .is_err());
    // Its owner: no UPDATE/DELETE policy, so RLS leaves no row to change…
    let total = "select count(*), count(*) filter (where who = 'nobody') from rapport.audit";
    let before: (i64, i64) = max
        .client()
        .query_one(total, &[])
        .await
        .map(|r| (r.get(0), r.get(1)))
        .unwrap();
    for sql in [
        "update rapport.audit set who = 'nobody'",
        "delete from rapport.audit",
    ] {
        let result = team.boss.client().execute(sql, &[]).await;
        assert!(matches!(result, Ok(0) | Err(_)), "{sql}: {result:?}");
    }
    let after: (i64, i64) = max
        .client()
        .query_one(total, &[])
        .await
        .map(|r| (r.get(0), r.get(1)))
        .unwrap();
    assert_eq!(before, after);
    // …and a superuser, who bypasses RLS, meets the append-only trigger.
    let mut on_team = team.cluster.superuser();
    on_team.database = support::DATABASE.into();
    let root = Server::connect(&on_team).await.unwrap();
    for sql in [
        "update rapport.audit set who = 'nobody'",
        "delete from rapport.audit",
        "truncate rapport.audit",
    ] {
        let err = root.client().execute(sql, &[]).await.unwrap_err();
        assert!(
            err.to_string().contains("append-only") || format!("{err:?}").contains("append-only"),
            "{sql}: {err:?}"
        );
    }
    let creations: i64 = max
        .client()
        .query_one(
            "select count(*) from rapport.audit where field is null and old_value is null",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert!(
        creations >= 7,
        "every created row is in the trail ({creations})"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_password_or_an_unreachable_server_is_said_clearly() {
    let Some(cluster) = TestCluster::start() else {
        return;
    };
    let _boss = cluster.empty_team_db().await;
    let err = Server::connect(&cluster.config("boss", "not-the-password"))
        .await
        .err()
        .unwrap();
    assert_eq!(
        err,
        SyncError::WrongPassword {
            user: "boss".into()
        }
    );
    assert!(err.to_string().contains("密码") && err.to_string().contains("Wrong password"));
    let err = Server::connect(&cluster.config("nobody", "x"))
        .await
        .err()
        .unwrap();
    assert_eq!(err.code(), "wrong_password", "unknown users look the same");
    let mut wrong_db = cluster.config("boss", "boss-pw");
    wrong_db.database = "nope".into();
    assert_eq!(
        Server::connect(&wrong_db).await.err(),
        Some(SyncError::NoDatabase {
            database: "nope".into()
        })
    );
    let mut closed = cluster.config("boss", "boss-pw");
    closed.port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let err = Server::connect(&closed).await.err().unwrap();
    assert!(
        matches!(err, SyncError::Unreachable { port, .. } if port == closed.port),
        "{err:?}"
    );
    assert!(err.to_string().contains("无法连接") && err.to_string().contains("Cannot reach"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tls_checks_the_servers_certificate() {
    let Some(cluster) = TestCluster::start_tls() else {
        return;
    };
    let _boss = cluster.empty_team_db().await;
    let ca = std::fs::read(cluster.path().join("ca.crt")).unwrap();
    let mut config = cluster.config("boss", "boss-pw");
    config.tls = rapport_sync::Tls::Require { ca_pem: Some(ca) };
    let server = Server::connect(&config).await.unwrap();
    let ssl: bool = server
        .client()
        .query_one(
            "select ssl from pg_stat_ssl where pid = pg_backend_pid()",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert!(ssl, "the session is encrypted");
    // The public roots don't know the test's CA: refused, and said so.
    config.tls = rapport_sync::Tls::Require { ca_pem: None };
    let err = Server::connect(&config).await.err().unwrap();
    assert_eq!(err.code(), "tls", "{err:?}");
    assert!(err.to_string().contains("TLS"));
}
