#![allow(clippy::unwrap_used, clippy::expect_used)]
//! An acknowledged write survives a power cut.
//!
//! Method: the book lives on `forgetful-fs`, an in-memory FUSE filesystem that keeps a
//! second, durable copy of its state updated only by `fsync` — a file's bytes by its own
//! fsync, a folder's names (new files, renames, unlinks) by the folder's fsync, as POSIX
//! promises. A child process writes customers (some with long notes, which sled stores as
//! blob files), follow-ups and tags, and prints each write once it has returned. The parent
//! kills it mid-sequence (SIGKILL: the process dies with the power), cuts the power (only the
//! durable copy is kept, written to a real folder) and opens that book: it must open, pass
//! `verify_indexes`, and hold every write acknowledged before the cut.
//!
//! It would catch: sled's flush alone (`sync_file_range` on Linux: no metadata, no disk
//! cache flush), blobs never synced, and the book's folders never synced (a new book, a new
//! blob file, a snapshot renamed into place). Needs root and /dev/fuse; skipped otherwise.
mod common;
use common::*;
use forgetful_fs::ForgetfulMount;
use rapport_core::Store;
use std::collections::BTreeSet;
use std::io::{BufRead, BufReader};

const CHILD_ENV: &str = "RAPPORT_POWER_CUT_BOOK";
/// Writes acknowledged before the cut (the child goes on writing until killed).
const CUT_AFTER: usize = 90;

#[test]
fn acknowledged_writes_survive_a_power_cut() {
    if let Some(why) = forgetful_fs::unavailable() {
        println!("SKIPPED acknowledged_writes_survive_a_power_cut: {why}");
        return;
    }
    let root = tempfile::tempdir().unwrap();
    let disk = root.path().join("disk");
    let after = root.path().join("after-the-cut");
    std::fs::create_dir(&disk).unwrap();
    std::fs::create_dir(&after).unwrap();
    let mount = ForgetfulMount::mount(&disk).unwrap();
    let book = mount.path().join("book");

    let mut child = spawn_child("power_cut_writer_child", CHILD_ENV, &book);
    let mut acked = Vec::new();
    let mut saw_blobs = false;
    for line in BufReader::new(child.stdout.take().unwrap()).lines() {
        let line = line.unwrap();
        let Some(ack) = line.strip_prefix("ACK ") else {
            continue;
        };
        acked.push(ack.to_string());
        saw_blobs = saw_blobs || has_files(&book.join("blobs"));
        if acked.len() >= CUT_AFTER && saw_blobs {
            break;
        }
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(
        saw_blobs,
        "long notes were written as sled blobs before the cut"
    );
    mount.cut_power(&after).unwrap();

    let store = Store::open(&after.join("book")).expect("the book opens after the cut");
    store.verify_indexes().expect("indexes agree after the cut");
    check_acknowledged(&store, &acked);
}

fn has_files(dir: &std::path::Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|mut d| d.next().is_some())
}

fn check_acknowledged(store: &Store, acked: &[String]) {
    let tags: std::collections::BTreeMap<String, String> = store
        .list_tags()
        .unwrap()
        .into_iter()
        .map(|t| (t.tag.id, t.tag.name))
        .collect();
    for ack in acked {
        let parts: Vec<&str> = ack.split(' ').collect();
        match parts.as_slice() {
            ["customer", id, notes_len] => {
                let c = store
                    .get_customer(id)
                    .unwrap_or_else(|e| panic!("acknowledged customer {id} lost: {e}"));
                assert_eq!(c.fields.notes.chars().count().to_string(), *notes_len);
            }
            ["followup", id, customer] => {
                let f = store
                    .get_follow_up(id)
                    .unwrap_or_else(|e| panic!("acknowledged follow-up {id} lost: {e}"));
                assert_eq!(f.customer_id, *customer);
            }
            ["tag", customer, name] => {
                let c = store.get_customer(customer).unwrap();
                let names: BTreeSet<&str> = c.tag_ids.iter().map(|t| tags[t].as_str()).collect();
                assert!(names.contains(name), "tag {name} of {customer} lost");
            }
            other => panic!("unexpected acknowledgement {other:?}"),
        }
    }
}

/// Notes of about 20,000 characters (the most a customer takes): a few neighbours in one
/// sled node make a page over sled's blob threshold (128 KiB).
fn long_notes(i: usize) -> String {
    let line = format!("第{i}次拜访：客户关注价格、交付周期和售后服务，需要再次确认报价。");
    line.repeat(19_000 / line.chars().count())
}

/// Runs only as the child of `acknowledged_writes_survive_a_power_cut`: writes until killed,
/// printing each write after it returned.
#[test]
fn power_cut_writer_child() {
    let Some(dir) = std::env::var_os(CHILD_ENV) else {
        return;
    };
    let store = Store::open(std::path::Path::new(&dir)).unwrap();
    let mut last = String::new();
    for i in 0..100_000 {
        match i % 4 {
            0 | 1 => {
                let mut input = customer(&format!("客户{i}"), &["vip"]);
                if i % 4 == 0 {
                    input.fields.notes = long_notes(i);
                }
                let c = store.create_customer(input, t(1)).unwrap();
                println!("ACK customer {} {}", c.id, c.fields.notes.chars().count());
                last = c.id;
            }
            2 => {
                let next = Some(t(3) + chrono::Duration::minutes(i as i64));
                let f = store
                    .log_follow_up(&last, follow_up(t(2), next), t(2), &chrono::Utc)
                    .unwrap();
                println!("ACK followup {} {last}", f.id);
            }
            _ => {
                let tag = format!("t{i}");
                let name = store.get_customer(&last).unwrap().fields.name;
                store
                    .update_customer(&last, customer(&name, &["vip", &tag]), t(2))
                    .unwrap();
                println!("ACK tag {last} {tag}");
            }
        }
    }
}
