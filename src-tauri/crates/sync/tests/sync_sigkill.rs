#![allow(clippy::unwrap_used, clippy::expect_used)]
//! A desktop SIGKILLed after the server committed its push but before it heard back (here:
//! before it acked, the answer in hand): a real child process running a real sync engine,
//! killed by the test. On restart its outbox still holds the ops; pushing them again adds
//! nothing twice (the server remembers op ids) and loses nothing.
mod support;

use rapport_core::Store;
use rapport_sync::{Server, ServerConfig, SyncEngine, Tls};
use std::io::{BufRead, BufReader};
use std::sync::Arc;
use std::time::Duration;
use support::desk::*;

const CHILD: &str = "RAPPORT_SIGKILL_CHILD";

fn child_config() -> Option<(std::path::PathBuf, ServerConfig)> {
    let spec = std::env::var(CHILD).ok()?;
    let parts: Vec<&str> = spec.split('|').collect();
    let config = ServerConfig {
        host: "127.0.0.1".into(),
        port: parts[1].parse().unwrap(),
        database: "team".into(),
        user: parts[2].into(),
        password: parts[3].into(),
        tls: Tls::Disable,
        connect_timeout: Duration::from_secs(5),
    };
    Some((parts[0].into(), config))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_desktop_killed_between_the_servers_commit_and_its_ack_loses_and_duplicates_nothing() {
    let Some((cluster, pa, _)) = team().await else {
        return;
    };
    let a = Desk::new();
    let ids: Vec<String> = (0..5).map(|i| a.add(&format!("被杀之前 {i}"))).collect();
    a.edit(&ids[0], |f| f.company = "改过".into());
    let Desk { dir, store } = a;
    drop(store); // the child opens the book
    let spec = format!(
        "{}|{}|{}|{}",
        dir.path().display(),
        cluster.port,
        pa.login,
        pa.password
    );
    let mut child = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "sigkill_child",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD, spec)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut commit = None;
    for line in BufReader::new(child.stdout.take().unwrap()).lines() {
        // libtest writes "test sigkill_child ... " before the child's own output.
        if let Some((_, c)) = line.unwrap().split_once("PUSHED ") {
            commit = Some(c.trim().parse::<i64>().unwrap());
            child.kill().unwrap(); // SIGKILL
            break;
        }
    }
    child.wait().unwrap();
    let commit = commit.expect("the child pushed before it was killed");

    let store = Arc::new(Store::open(dir.path()).unwrap());
    assert_eq!(store.outbox_len(), 6, "never acked: the ops wait");
    let a = Desk { dir, store };
    let mut ea = a.engine(&cluster, &pa);
    let again = ea.push_batch().await.unwrap().unwrap();
    assert_eq!(
        again.commit,
        Some(commit),
        "the server recognised the retry"
    );
    ea.ack(again).await.unwrap();
    ea.sync_once().await.unwrap();
    assert_eq!(a.store.outbox_len(), 0);
    let boss = Server::connect(&cluster.config("boss", "boss-pw"))
        .await
        .unwrap();
    let count = |sql: &'static str| {
        let boss = &boss;
        async move {
            boss.client()
                .query_one(sql, &[])
                .await
                .unwrap()
                .get::<_, i64>(0)
        }
    };
    assert_eq!(count("select count(*) from rapport.customers").await, 5);
    assert_eq!(
        count(
            "select count(*) from rapport.audit where record_table = 'customers' and field is null"
        )
        .await,
        5,
        "each customer inserted once"
    );
    assert_eq!(
        count("select count(*) from rapport.audit where field = 'data.company'").await,
        1,
        "the edit applied once"
    );
    assert_eq!(a.get(&ids[0]).fields.company, "改过");
    a.store.verify_indexes().unwrap();
}

/// Runs only as the child of the test above: pushes, says so, and waits to be killed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigkill_child() {
    let Some((dir, config)) = child_config() else {
        return;
    };
    let store = Arc::new(Store::open(&dir).unwrap());
    let mut engine = SyncEngine::new(store, config);
    let pushed = engine.push_batch().await.unwrap().unwrap();
    println!("PUSHED {}", pushed.commit.unwrap());
    tokio::time::sleep(Duration::from_secs(600)).await;
}
