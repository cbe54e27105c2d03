#![allow(clippy::unwrap_used, clippy::expect_used)]
//! A full disk and a read-only folder. The book lives on a small tmpfs that fills up (a real
//! ENOSPC from the kernel, not a simulated one) or in a folder bind-mounted read-only. A failed
//! save says it may not have been saved (never "nothing was changed"), the book turns
//! read-only with that reason, and once there is room again it reopens whole with every
//! acknowledged write. Needs root (mounts); skipped otherwise.
mod common;
use common::{customer, spawn_child, t};
use rapport_core::i18n;
use rapport_core::model::Language;
use rapport_core::{CoreError, Store};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Unmounts on drop, also when the test fails.
struct Mounted(PathBuf);

impl Drop for Mounted {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

fn run(args: &[&str]) {
    let ok = Command::new(args[0]).args(&args[1..]).status().unwrap();
    assert!(ok.success(), "{args:?}");
}

/// Why mounts cannot be made here, or None.
fn cannot_mount() -> Option<&'static str> {
    let uid = Command::new("id").arg("-u").output().ok()?;
    (String::from_utf8_lossy(&uid.stdout).trim() != "0").then_some("not root")
}

fn tmpfs(dir: &Path, size: &str) -> Mounted {
    std::fs::create_dir_all(dir).unwrap();
    let options = format!("size={size}");
    run(&[
        "mount",
        "-t",
        "tmpfs",
        "-o",
        &options,
        "none",
        dir.to_str().unwrap(),
    ]);
    Mounted(dir.to_path_buf())
}

fn long_notes(i: usize) -> String {
    format!("第{i}次拜访：客户关注价格和交付周期。").repeat(900)
}

fn open_when_released(dir: &Path) -> Result<Store, CoreError> {
    for _ in 0..100 {
        match Store::open(dir) {
            Err(CoreError::Locked) => std::thread::sleep(std::time::Duration::from_millis(50)),
            other => return other,
        }
    }
    Store::open(dir)
}

const FULL_DISK_ENV: &str = "RAPPORT_FULL_DISK_BOOK";

/// The app's side of a full disk, run as a child process by the test below: saves customers
/// until the disk is full, checks what the failure and the book say, prints the id of every
/// acknowledged customer and ends the process without closing the book — as the app does
/// when it quits (it never closes its book; sled's closing flush can wait forever on a
/// full disk, which is why the book is not dropped here either, not even on a panic).
#[test]
fn full_disk_child() {
    let Some(book) = std::env::var_os(FULL_DISK_ENV) else {
        return;
    };
    let store = std::mem::ManuallyDrop::new(Store::open(Path::new(&book)).unwrap());
    let mut saved = Vec::new();
    let failure = loop {
        assert!(saved.len() < 10_000, "the 3 MB disk never filled up");
        let mut input = customer(&format!("客户{}", saved.len()), &["vip"]);
        input.fields.notes = long_notes(saved.len());
        match store.create_customer(input, t(1)) {
            Ok(c) => {
                println!("saved {}", c.id);
                saved.push(c.id);
            }
            Err(e) => break e,
        }
    };
    assert!(!saved.is_empty(), "some customers fitted");
    assert_eq!(failure.code(), "notSaved", "{failure:?}");
    let zh = i18n::message(&failure, Language::Zh);
    let en = i18n::message(&failure, Language::En);
    assert!(
        zh.contains("磁盘已满") && zh.contains("可能没有保存"),
        "{zh}"
    );
    assert!(
        en.contains("disk") && en.contains("may not have been saved"),
        "{en}"
    );
    assert!(!zh.contains("未做任何更改") && !en.contains("Nothing was changed"));

    // Read-only from now on, with the reason; reading still works.
    let refused = store
        .create_customer(customer("不该保存", &[]), t(2))
        .unwrap_err();
    assert_eq!(refused.code(), "readOnly", "{refused:?}");
    assert!(i18n::message(&refused, Language::En).contains("Read-only"));
    let tag = store.create_tag("new tag", None).unwrap_err();
    assert_eq!(tag.code(), "readOnly");
    assert!(store.read_only_reason().is_some());
    assert_eq!(store.get_customer(&saved[0]).unwrap().fields.name, "客户0");
    println!("checked");
    use std::io::Write;
    std::io::stdout().flush().unwrap();
    std::process::exit(0);
}

#[test]
fn a_full_disk_turns_the_book_read_only_and_loses_no_acknowledged_write() {
    if let Some(why) = cannot_mount() {
        println!("SKIPPED a_full_disk_…: {why}");
        return;
    }
    let root = tempfile::tempdir().unwrap();
    let disk = root.path().join("disk");
    let mount = tmpfs(&disk, "3m");
    let book = disk.join("book");
    let child = spawn_child("full_disk_child", FULL_DISK_ENV, &book);
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "the app's side failed: {stdout}");
    assert!(stdout.lines().any(|l| l == "checked"), "{stdout}");
    let saved: Vec<String> = stdout
        .lines()
        .filter_map(|l| l.strip_prefix("saved "))
        .map(str::to_owned)
        .collect();
    assert!(!saved.is_empty(), "{stdout}");

    // Space freed: the book reopens whole with every acknowledged write, and takes writes.
    run(&["mount", "-o", "remount,size=64m", disk.to_str().unwrap()]);
    let store = open_when_released(&book).expect("the book reopens after the disk filled");
    store.verify_indexes().expect("indexes agree");
    for id in &saved {
        store.get_customer(id).expect("acknowledged customer kept");
    }
    assert!(store.read_only_reason().is_none());
    store
        .create_customer(customer("空间释放后", &[]), t(3))
        .unwrap();
    drop(store);
    drop(mount);
}

/// Every file under `dir` with its bytes.
fn files(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(files(&path));
        } else {
            out.push((path.clone(), std::fs::read(&path).unwrap()));
        }
    }
    out.sort();
    out
}

#[test]
fn a_read_only_folder_is_refused_clearly_and_left_untouched() {
    if let Some(why) = cannot_mount() {
        println!("SKIPPED a_read_only_folder_…: {why}");
        return;
    }
    let root = tempfile::tempdir().unwrap();
    let folder = root.path().join("data");
    let book = folder.join("book");
    {
        let store = Store::open(&book).unwrap();
        store
            .create_customer(customer("只读客户", &["vip"]), t(1))
            .unwrap();
    }
    // Wait for sled to let go before the folder turns read-only.
    drop(open_when_released(&book).unwrap());
    let before = files(&book);
    let path = folder.to_str().unwrap();
    run(&["mount", "--bind", path, path]);
    let mount = Mounted(folder.clone());
    run(&["mount", "-o", "remount,bind,ro", path]);

    let err = open_when_released(&book)
        .err()
        .expect("a read-only folder cannot be opened");
    assert_eq!(err.code(), "cannotWrite", "{err:?}");
    let zh = i18n::message(&err, Language::Zh);
    let en = i18n::message(&err, Language::En);
    assert!(
        zh.contains("无法写入") && zh.contains("未做任何更改"),
        "{zh}"
    );
    assert!(
        en.contains("cannot be written") && en.contains("nothing was changed"),
        "{en}"
    );
    assert_eq!(files(&book), before, "the book's files are byte-identical");

    drop(mount);
    let store = open_when_released(&book).expect("writable again: the book opens");
    store.verify_indexes().unwrap();
    assert_eq!(store.customer_count().unwrap(), 1);
}
