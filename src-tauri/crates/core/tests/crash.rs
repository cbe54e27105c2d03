#![allow(clippy::unwrap_used, clippy::expect_used)]
//! A writer killed with SIGKILL mid-way loses no acknowledged write and leaves consistent indexes.
mod common;
use common::*;
use std::io::{BufRead, BufReader};

const CHILD_ENV: &str = "RAPPORT_CRASH_CHILD_DIR";

#[test]
fn acknowledged_writes_survive_sigkill() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = spawn_child("crash_writer_child", CHILD_ENV, dir.path());
    let mut acked = Vec::new();
    let lines = BufReader::new(child.stdout.take().unwrap()).lines();
    for line in lines {
        let line = line.unwrap();
        if let Some(id) = line.strip_prefix("ACK ") {
            acked.push(id.to_string());
            if acked.len() == 150 {
                child.kill().unwrap(); // SIGKILL on Unix
                break;
            }
        }
    }
    child.wait().unwrap();
    assert_eq!(acked.len(), 150, "the child wrote before it was killed");
    let store = rapport_core::Store::open(dir.path()).unwrap();
    for id in &acked {
        let c = store.get_customer(id).unwrap();
        assert_eq!(c.tag_ids.len(), 2, "customer {id} kept its tags");
    }
    store.verify_indexes().unwrap();
}

/// Runs only as the child of `acknowledged_writes_survive_sigkill`: writes until killed.
#[test]
fn crash_writer_child() {
    let Some(dir) = std::env::var_os(CHILD_ENV) else {
        return;
    };
    let store = rapport_core::Store::open(std::path::Path::new(&dir)).unwrap();
    for i in 0..100_000 {
        let c = store
            .create_customer(
                customer(&format!("客户{i}"), &["vip", &format!("t{}", i % 7)]),
                t(1),
            )
            .unwrap();
        println!("ACK {}", c.id);
    }
}
