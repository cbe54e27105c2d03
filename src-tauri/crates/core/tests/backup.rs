#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Backups: writing, listing, pruning, staging a restore and swapping it in; every kind of
//! bad file is refused with a clear error and leaves nothing behind.
mod common;
use chrono::{DateTime, Duration, TimeZone, Utc};
use common::{customer, reopen, t};
use proptest::prelude::*;
use rapport_core::backup;
use rapport_core::model::{BackupReason, BackupRetention, Language, ListQuery, Settings};
use rapport_core::store::{tree, SCHEMA_VERSION};
use rapport_core::{CoreError, Store};
use std::io::Write;
use std::path::{Path, PathBuf};

fn all_rows() -> ListQuery {
    ListQuery {
        limit: 100_000,
        ..Default::default()
    }
}

/// Everything the book shows, through its public read API.
fn contents(store: &Store) -> String {
    let mut out = Vec::new();
    let page = store.list_customers(&all_rows()).unwrap();
    out.push(format!("{page:?}"));
    let mut ids: Vec<String> = page.rows.iter().map(|r| r.id.clone()).collect();
    ids.extend(store.list_trash().unwrap().into_iter().map(|r| r.id));
    for id in &ids {
        out.push(format!("{:?}", store.get_customer(id).unwrap()));
        out.push(format!("{:?}", store.follow_ups_of(id).unwrap()));
        out.push(format!("{:?}", store.timeline(id).unwrap()));
    }
    out.push(format!("{:?}", store.list_tags().unwrap()));
    out.push(format!("{:?}", store.list_trash().unwrap()));
    out.push(format!("{:?}", store.settings().unwrap()));
    out.push(format!("{:?}", store.imports().unwrap()));
    out.join("\n")
}

/// A demo book with a trashed customer and saved settings.
fn demo_book(dir: &Path) -> Store {
    let store = Store::open(dir).unwrap();
    store.load_demo(t(1), &chrono::Utc).unwrap();
    let gone = store
        .create_customer(customer("回收站客户", &["VIP"]), t(2))
        .unwrap();
    store.trash_customer(&gone.id, t(3)).unwrap();
    let mut s = Settings::with_language(Language::En);
    s.backup_keep.monthly = 30;
    store.save_settings(s).unwrap();
    store
}

fn file_error(e: CoreError) -> &'static str {
    match e {
        CoreError::File { code, zh, en } => {
            assert!(!zh.is_empty() && !en.is_empty());
            assert!(
                zh.contains("未改动") && en.contains("Nothing was changed"),
                "{zh} / {en}"
            );
            code
        }
        other => panic!("expected a file error, got {other:?}"),
    }
}

/// Stages `file` and expects a refusal with one of `codes`, leaving no staging folder.
fn refused(file: &Path, codes: &[&str]) {
    let staging = file.with_extension("staging");
    let err = backup::stage(file, &staging, None).expect_err("a bad backup must be refused");
    let code = file_error(err);
    assert!(
        codes.contains(&code),
        "got {code}, expected one of {codes:?}"
    );
    assert!(!staging.exists(), "nothing may be left staged");
}

#[test]
fn backup_then_stage_gives_the_same_book() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_book(&dir.path().join("book"));
    let backups = dir.path().join("backups");
    let info = store
        .backup_to(&backups, BackupReason::Manual, t(4))
        .unwrap();
    assert_eq!(info.reason, BackupReason::Manual);
    assert_eq!(info.created_at, t(4));
    assert_eq!(info.schema_version, SCHEMA_VERSION);
    assert_eq!(info.customers as usize, store.customer_count().unwrap());
    assert!(info.follow_ups > 0);
    assert_eq!(info.file_name, "rapport-20261104-090000-manual.rapportbak");
    assert_eq!(
        std::fs::metadata(&info.path).unwrap().len(),
        info.size_bytes
    );
    assert_eq!(backup::info(Path::new(&info.path)).unwrap(), info);

    let staging = dir.path().join("staging");
    let staged_info = backup::stage(Path::new(&info.path), &staging, None).unwrap();
    assert_eq!(staged_info, info);
    let staged = reopen(&staging);
    staged.verify_indexes().unwrap();
    assert_eq!(contents(&staged), contents(&store));
    assert_eq!(staged.settings().unwrap().unwrap().backup_keep.monthly, 30);
    // No temporary file is left next to the backup.
    let names: Vec<String> = std::fs::read_dir(&backups)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, vec![info.file_name.clone()]);
}

#[test]
fn an_empty_book_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("book")).unwrap();
    let info = store
        .backup_to(dir.path(), BackupReason::Daily, t(1))
        .unwrap();
    assert_eq!((info.customers, info.follow_ups), (0, 0));
    let staging = dir.path().join("staging");
    backup::stage(Path::new(&info.path), &staging, None).unwrap();
    let staged = reopen(&staging);
    assert!(staged.is_empty().unwrap());
}

#[test]
fn a_backup_taken_while_writing_is_consistent() {
    let dir = tempfile::tempdir().unwrap();
    let store = std::sync::Arc::new(Store::open(&dir.path().join("book")).unwrap());
    let writer = {
        let store = store.clone();
        std::thread::spawn(move || {
            for i in 0..150 {
                let c = store
                    .create_customer(customer(&format!("客户{i}"), &["VIP", "华东"]), t(1))
                    .unwrap();
                store
                    .log_follow_up(&c.id, common::follow_up(t(1), Some(t(5))), t(1), &Utc)
                    .unwrap();
            }
        })
    };
    let mut infos = Vec::new();
    for i in 0..4 {
        let now = t(2) + Duration::seconds(i);
        infos.push(
            store
                .backup_to(dir.path(), BackupReason::Daily, now)
                .unwrap(),
        );
    }
    writer.join().unwrap();
    for (i, info) in infos.iter().enumerate() {
        // Staging verifies every index against the records: a torn snapshot would fail.
        let staging = dir.path().join(format!("staging{i}"));
        backup::stage(Path::new(&info.path), &staging, None).unwrap();
        let staged = reopen(&staging);
        assert_eq!(staged.customer_count().unwrap(), info.customers as usize);
    }
}

#[test]
fn two_backups_in_one_second_get_two_names() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("book")).unwrap();
    let backups = dir.path().join("backups");
    let a = store
        .backup_to(&backups, BackupReason::BeforeImport, t(1))
        .unwrap();
    let b = store
        .backup_to(&backups, BackupReason::BeforeImport, t(1))
        .unwrap();
    assert_ne!(a.file_name, b.file_name);
    assert_eq!(
        b.file_name,
        "rapport-20261101-090000-before-import-2.rapportbak"
    );
    assert_eq!(backup::list(&backups).unwrap().len(), 2);
}

#[test]
fn list_is_newest_first_and_skips_other_files() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("book")).unwrap();
    let backups = dir.path().join("backups");
    assert!(backup::list(&backups).unwrap().is_empty(), "no folder yet");
    for day in [3, 1, 2] {
        store
            .backup_to(&backups, BackupReason::Daily, t(day))
            .unwrap();
    }
    std::fs::write(backups.join("notes.txt"), "hello").unwrap();
    std::fs::write(backups.join("junk.rapportbak"), "not a backup").unwrap();
    std::fs::create_dir(backups.join("folder.rapportbak")).unwrap();
    let days: Vec<DateTime<Utc>> = backup::list(&backups)
        .unwrap()
        .into_iter()
        .map(|b| b.created_at)
        .collect();
    assert_eq!(days, vec![t(3), t(2), t(1)]);
}

#[test]
fn prune_keeps_the_newest_of_each_kind_only() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("book")).unwrap();
    let backups = dir.path().join("backups");
    let reasons = [
        BackupReason::Daily,
        BackupReason::BeforeImport,
        BackupReason::Daily,
        BackupReason::BeforeRestore,
        BackupReason::Daily,
    ];
    for (i, r) in reasons.iter().enumerate() {
        store.backup_to(&backups, *r, t(1 + i as u32)).unwrap();
    }
    let manual = store
        .backup_to(&backups, BackupReason::Manual, t(1))
        .unwrap();
    // A backup the user copied in under a name of their own is not Rapport's to delete.
    let oldest = backup::list(&backups).unwrap().pop().unwrap();
    std::fs::copy(&oldest.path, backups.join("my copy.rapportbak")).unwrap();

    let keep = BackupRetention {
        daily: 2,
        weekly: 0,
        monthly: 0,
        before_change: 1,
    };
    assert_eq!(backup::prune(&backups, &keep, &Utc).unwrap(), 1);
    let left: Vec<String> = backup::list(&backups)
        .unwrap()
        .into_iter()
        .map(|b| b.file_name)
        .collect();
    assert_eq!(
        left,
        vec![
            "rapport-20261105-090000-daily.rapportbak",
            "rapport-20261104-090000-before-restore.rapportbak",
            "rapport-20261103-090000-daily.rapportbak",
            "rapport-20261102-090000-before-import.rapportbak",
            // Same time as the oldest daily: the name breaks the tie.
            "rapport-20261101-090000-manual.rapportbak",
            "my copy.rapportbak",
        ]
    );
    assert!(Path::new(&manual.path).exists());
    assert_eq!(
        backup::prune(&backups, &keep, &Utc).unwrap(),
        0,
        "nothing more to prune"
    );
}

#[test]
fn needs_daily_follows_the_local_date() {
    let shanghai = chrono_tz::Asia::Shanghai;
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("book")).unwrap();
    let backups = dir.path().join("backups");
    let evening = Utc.with_ymd_and_hms(2026, 11, 1, 15, 30, 0).unwrap(); // 23:30 in Shanghai
    assert!(backup::needs_daily(&backups, evening, &shanghai).unwrap());
    store
        .backup_to(&backups, BackupReason::Daily, evening)
        .unwrap();
    let before_midnight = evening + Duration::minutes(29);
    let after_midnight = evening + Duration::minutes(31);
    assert!(!backup::needs_daily(&backups, before_midnight, &shanghai).unwrap());
    assert!(backup::needs_daily(&backups, after_midnight, &shanghai).unwrap());
    // In UTC it is still the afternoon of the same day.
    assert!(!backup::needs_daily(&backups, after_midnight, &Utc).unwrap());
}

#[test]
fn settings_keep_backup_counts_by_kind() {
    let (_dir, store) = common::open_temp();
    let mut s = Settings::with_language(Language::Zh);
    assert_eq!(s.backup_keep, BackupRetention::default());
    assert_eq!(
        (
            s.backup_keep.daily,
            s.backup_keep.weekly,
            s.backup_keep.monthly
        ),
        (7, 4, 12)
    );
    assert_eq!(s.backup_keep.before_change, 5);
    for (field, bad) in [
        (
            "backupKeep.daily",
            BackupRetention {
                daily: 0,
                ..Default::default()
            },
        ),
        (
            "backupKeep.daily",
            BackupRetention {
                daily: 366,
                ..Default::default()
            },
        ),
        (
            "backupKeep.weekly",
            BackupRetention {
                weekly: 521,
                ..Default::default()
            },
        ),
        (
            "backupKeep.monthly",
            BackupRetention {
                monthly: 241,
                ..Default::default()
            },
        ),
        (
            "backupKeep.beforeChange",
            BackupRetention {
                before_change: 0,
                ..Default::default()
            },
        ),
    ] {
        s.backup_keep = bad;
        let err = store.save_settings(s.clone()).unwrap_err();
        assert_eq!(err.field().as_deref(), Some(field));
    }
    s.backup_keep = BackupRetention {
        daily: 365,
        weekly: 0,
        monthly: 0,
        before_change: 100,
    };
    assert_eq!(
        store.save_settings(s.clone()).unwrap().backup_keep.daily,
        365
    );
    s.backup_mirror = "relative/folder".into();
    let err = store.save_settings(s.clone()).unwrap_err();
    assert_eq!(err.field().as_deref(), Some("backupMirror"));
    s.backup_mirror = "  ".into();
    assert_eq!(store.save_settings(s).unwrap().backup_mirror, "");
    // Settings saved before the fields existed (with the old single count) read the defaults.
    let mut old = serde_json::to_value(Settings::with_language(Language::En)).unwrap();
    let o = old.as_object_mut().unwrap();
    o.remove("backupKeep");
    o.remove("backupMirror");
    o.insert("backupsToKeep".into(), 14.into());
    let read: Settings = serde_json::from_value(old).unwrap();
    assert_eq!(read.backup_keep, BackupRetention::default());
    assert_eq!(read.backup_mirror, "");
}

// ---- bad files ----

/// A real backup of a small book, for the corruption tests.
fn small_backup(dir: &Path) -> PathBuf {
    let store = Store::open(&dir.join("book")).unwrap();
    for i in 0..30 {
        let c = store
            .create_customer(customer(&format!("客户{i}"), &["VIP"]), t(1))
            .unwrap();
        store
            .log_follow_up(&c.id, common::follow_up(t(1), Some(t(9))), t(1), &Utc)
            .unwrap();
    }
    let info = store.backup_to(dir, BackupReason::Manual, t(2)).unwrap();
    PathBuf::from(info.path)
}

fn write(path: &Path, bytes: &[u8]) {
    std::fs::write(path, bytes).unwrap();
}

#[test]
fn empty_random_and_wrong_files_are_not_backups() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("x.rapportbak");
    write(&f, b"");
    refused(&f, &["notABackup"]);
    write(&f, b"PK\x03\x04 this is a zip, say an xlsx");
    refused(&f, &["notABackup"]);
    write(&f, "姓名,电话\n张伟,138\n".as_bytes());
    refused(&f, &["notABackup"]);
    let noise: Vec<u8> = (0..10_000u32)
        .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
        .collect();
    write(&f, &noise);
    refused(&f, &["notABackup"]);
    let missing = dir.path().join("missing.rapportbak");
    assert_eq!(
        file_error(backup::stage(&missing, &dir.path().join("s"), None).unwrap_err()),
        "backupUnreadable"
    );
}

#[test]
fn a_truncated_backup_is_damaged() {
    let dir = tempfile::tempdir().unwrap();
    let good = std::fs::read(small_backup(dir.path())).unwrap();
    let f = dir.path().join("cut.rapportbak");
    let n = good.len();
    for cut in [
        1,
        5,
        11,
        14,
        15,
        20,
        39,
        40,
        41,
        42,
        60,
        n / 3,
        n / 2,
        n - 9,
        n - 5,
        n - 4,
        n - 1,
    ] {
        write(&f, &good[..cut]);
        refused(&f, &["backupDamaged"]);
    }
}

#[test]
fn a_flipped_byte_anywhere_is_caught() {
    let dir = tempfile::tempdir().unwrap();
    let good = std::fs::read(small_backup(dir.path())).unwrap();
    let f = dir.path().join("flip.rapportbak");
    let n = good.len();
    for at in [
        0,
        10,
        11,
        16,
        20,
        27,
        30,
        37,
        40,
        41,
        45,
        100,
        n / 2,
        n - 8,
        n - 5,
        n - 1,
    ] {
        let mut bad = good.clone();
        bad[at] ^= 0xFF;
        write(&f, &bad);
        // A flipped format version reads as "newer"; everything else as damage.
        refused(&f, &["backupDamaged", "notABackup", "backupTooNew"]);
    }
    let mut longer = good.clone();
    longer.extend_from_slice(b"trailing");
    write(&f, &longer);
    refused(&f, &["backupDamaged"]);
}

fn set_u32(bytes: &mut [u8], at: usize, v: u32) {
    bytes[at..at + 4].copy_from_slice(&v.to_le_bytes());
    let crc = crc32fast::hash(&bytes[..36]);
    bytes[36..40].copy_from_slice(&crc.to_le_bytes());
}

#[test]
fn a_backup_from_a_newer_rapport_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let good = std::fs::read(small_backup(dir.path())).unwrap();
    let f = dir.path().join("new.rapportbak");
    let mut newer_format = good.clone();
    set_u32(&mut newer_format, 11, backup::FORMAT_VERSION + 1);
    write(&f, &newer_format);
    refused(&f, &["backupTooNew"]);
    assert_eq!(file_error(backup::info(&f).unwrap_err()), "backupTooNew");
    let mut newer_schema = good.clone();
    set_u32(&mut newer_schema, 15, SCHEMA_VERSION + 1);
    write(&f, &newer_schema);
    refused(&f, &["backupTooNew"]);
    // A header that says "current" over a body whose book says "newer".
    write(
        &f,
        &craft(
            SCHEMA_VERSION,
            &[(
                tree::META,
                vec![(
                    b"schema_version".to_vec(),
                    (SCHEMA_VERSION + 1).to_be_bytes().to_vec(),
                )],
            )],
        ),
    );
    refused(&f, &["backupTooNew"]);
}

/// A tree's name and its key/value pairs.
type RawTree<'a> = (&'a str, Vec<(Vec<u8>, Vec<u8>)>);

/// A backup file built by hand after the documented format.
fn craft(schema: u32, trees: &[RawTree]) -> Vec<u8> {
    let mut body = Vec::new();
    let mut entries = 0u64;
    for (name, items) in trees {
        body.push(1);
        body.extend((name.len() as u32).to_le_bytes());
        body.extend(name.as_bytes());
        for (k, v) in items {
            body.push(2);
            body.extend((k.len() as u32).to_le_bytes());
            body.extend(k);
            body.extend((v.len() as u32).to_le_bytes());
            body.extend(v);
            entries += 1;
        }
    }
    body.push(0xFF);
    body.extend(entries.to_le_bytes());
    let crc = crc32fast::hash(&body);
    body.extend(crc.to_le_bytes());
    with_body(schema, &body)
}

fn with_body(schema: u32, body: &[u8]) -> Vec<u8> {
    let mut file = b"RAPPORTBAK\n".to_vec();
    file.extend(1u32.to_le_bytes());
    file.extend(schema.to_le_bytes());
    file.extend(t(1).timestamp_millis().to_le_bytes());
    file.push(1);
    file.extend([0u8; 8]);
    let crc = crc32fast::hash(&file);
    file.extend(crc.to_le_bytes());
    let mut z = flate2::write::ZlibEncoder::new(file, flate2::Compression::default());
    z.write_all(body).unwrap();
    z.finish().unwrap()
}

#[test]
fn a_crafted_backup_of_an_older_schema_is_migrated() {
    // Schema 1: one phone per customer and tag names inside the record, no tag trees.
    let id = ulid::Ulid::new();
    let record = serde_json::json!({
        "id": id.to_string(), "kind": "company", "name": "张伟", "company": "张伟",
        "phone": "138 0013 8000", "email": "a@example.com", "stage": "proposal",
        "priority": "high", "tags": ["VIP"], "createdAt": "2024-05-01T08:00:00Z",
        "updatedAt": "2024-05-01T08:00:00Z",
    });
    let bytes = craft(
        1,
        &[
            (
                tree::CUSTOMER_BY_ID,
                vec![(
                    id.0.to_be_bytes().to_vec(),
                    serde_json::to_vec(&record).unwrap(),
                )],
            ),
            (
                tree::META,
                vec![(b"schema_version".to_vec(), 1u32.to_be_bytes().to_vec())],
            ),
        ],
    );
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("old.rapportbak");
    write(&f, &bytes);
    let staging = dir.path().join("staging");
    let info = backup::stage(&f, &staging, None).unwrap();
    assert_eq!(info.schema_version, 1);
    let staged = reopen(&staging);
    let c = staged.get_customer(&id.to_string()).unwrap();
    assert_eq!(c.fields.phones, vec!["138 0013 8000"]);
    assert_eq!(staged.list_tags().unwrap()[0].tag.name, "VIP");
}

#[test]
fn crafted_bodies_that_lie_are_damaged() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("lie.rapportbak");
    let cases: Vec<Vec<u8>> = vec![
        // An entry before any tree.
        vec![2, 1, 0, 0, 0, b'k', 1, 0, 0, 0, b'v'],
        // A value claiming 60 MiB that is not there (must not be allocated up front).
        [
            vec![1, 4, 0, 0, 0],
            b"meta".to_vec(),
            vec![2, 1, 0, 0, 0, b'k'],
            (60u32 << 20).to_le_bytes().to_vec(),
        ]
        .concat(),
        // A key longer than any book has.
        [
            vec![1, 4, 0, 0, 0],
            b"meta".to_vec(),
            vec![2],
            u32::MAX.to_le_bytes().to_vec(),
        ]
        .concat(),
        // An unknown record.
        vec![7],
        // Nothing at all.
        vec![],
    ];
    for body in cases {
        write(&f, &with_body(SCHEMA_VERSION, &body));
        refused(&f, &["backupDamaged"]);
    }
    // Keys out of order, a wrong entry count, a wrong checksum.
    let unordered = craft(
        SCHEMA_VERSION,
        &[("t", vec![(b"b".to_vec(), vec![]), (b"a".to_vec(), vec![])])],
    );
    write(&f, &unordered);
    refused(&f, &["backupDamaged"]);
    let one_entry = [vec![
        1, 1, 0, 0, 0, b't', 2, 1, 0, 0, 0, b'k', 0, 0, 0, 0, 0xFF,
    ]]
    .concat();
    for (count, fix_crc) in [(2u64, true), (1, false)] {
        let mut body = [one_entry.clone(), count.to_le_bytes().to_vec()].concat();
        let crc = crc32fast::hash(&body) ^ u32::from(!fix_crc);
        body.extend(crc.to_le_bytes());
        write(&f, &with_body(SCHEMA_VERSION, &body));
        refused(&f, &["backupDamaged"]);
    }
    // The same body with the right count and checksum is accepted.
    let mut body = [one_entry, 1u64.to_le_bytes().to_vec()].concat();
    body.extend(crc32fast::hash(&body).to_le_bytes());
    write(&f, &with_body(SCHEMA_VERSION, &body));
    backup::stage(&f, &dir.path().join("fine"), None).unwrap();
    // Records that do not decode fail the staged book's checks.
    write(
        &f,
        &craft(
            SCHEMA_VERSION,
            &[(
                tree::CUSTOMER_BY_ID,
                vec![(vec![0; 16], b"{not json".to_vec())],
            )],
        ),
    );
    refused(&f, &["backupDamaged"]);
    // A customer whose index entries are missing fails verification.
    let dir2 = tempfile::tempdir().unwrap();
    let store = Store::open(dir2.path()).unwrap();
    let c = store.create_customer(customer("张伟", &[]), t(1)).unwrap();
    drop(store);
    let db = {
        let mut tries = 0;
        loop {
            match sled::open(dir2.path()) {
                Ok(db) => break db,
                Err(_) if tries < 100 => {
                    tries += 1;
                    std::thread::sleep(std::time::Duration::from_millis(50));
                }
                Err(e) => panic!("{e}"),
            }
        }
    };
    let record = db
        .open_tree(tree::CUSTOMER_BY_ID)
        .unwrap()
        .get(ulid::Ulid::from_string(&c.id).unwrap().0.to_be_bytes())
        .unwrap()
        .unwrap();
    write(
        &f,
        &craft(
            SCHEMA_VERSION,
            &[
                (
                    tree::CUSTOMER_BY_ID,
                    vec![(
                        ulid::Ulid::from_string(&c.id)
                            .unwrap()
                            .0
                            .to_be_bytes()
                            .to_vec(),
                        record.to_vec(),
                    )],
                ),
                (
                    tree::META,
                    vec![(
                        b"schema_version".to_vec(),
                        SCHEMA_VERSION.to_be_bytes().to_vec(),
                    )],
                ),
            ],
        ),
    );
    refused(&f, &["backupDamaged"]);
}

#[test]
fn a_staging_folder_in_use_is_not_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let f = small_backup(dir.path());
    let staging = dir.path().join("staging");
    std::fs::create_dir(&staging).unwrap();
    std::fs::write(staging.join("keep.txt"), "mine").unwrap();
    assert!(matches!(
        backup::stage(&f, &staging, None),
        Err(CoreError::Storage(_))
    ));
    assert_eq!(
        std::fs::read_to_string(staging.join("keep.txt")).unwrap(),
        "mine"
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_stage(bytes in proptest::collection::vec(any::<u8>(), 0..2048), magic in any::<bool>()) {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("r.rapportbak");
        let bytes = if magic { [b"RAPPORTBAK\n".as_slice(), &bytes].concat() } else { bytes };
        write(&f, &bytes);
        refused(&f, &["notABackup", "backupDamaged", "backupTooNew"]);
    }

    #[test]
    fn random_bodies_never_stage(body in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("r.rapportbak");
        write(&f, &with_body(SCHEMA_VERSION, &body));
        refused(&f, &["backupDamaged"]);
    }
}

// ---- swapping a restore in ----

/// `book` holds "旧" customers, `staging` a staged book of "新" ones.
fn old_and_new(dir: &Path) -> (PathBuf, PathBuf, PathBuf) {
    let book = dir.join("book");
    let other = dir.join("other");
    {
        let old = Store::open(&book).unwrap();
        old.create_customer(customer("旧客户", &[]), t(1)).unwrap();
        let new = Store::open(&other).unwrap();
        new.create_customer(customer("新客户甲", &[]), t(1))
            .unwrap();
        new.create_customer(customer("新客户乙", &[]), t(1))
            .unwrap();
        let info = new.backup_to(dir, BackupReason::Manual, t(2)).unwrap();
        backup::stage(Path::new(&info.path), &dir.join("staging"), None).unwrap();
    }
    (book, dir.join("staging"), dir.join("replaced"))
}

fn names_in(dir: &Path) -> Vec<String> {
    let store = reopen(dir);
    store
        .list_customers(&all_rows())
        .unwrap()
        .rows
        .into_iter()
        .map(|r| r.name)
        .collect()
}

fn marker(book: &Path) -> PathBuf {
    book.with_file_name("book.restoring")
}

#[test]
fn swap_in_replaces_the_book_and_keeps_the_old_one() {
    let dir = tempfile::tempdir().unwrap();
    let (book, staging, replaced) = old_and_new(dir.path());
    assert!(
        !backup::finish_pending_restore(&book).unwrap(),
        "nothing pending"
    );
    backup::swap_in(&book, &staging, &replaced).unwrap();
    assert_eq!(names_in(&book), vec!["新客户甲", "新客户乙"]);
    assert_eq!(names_in(&replaced), vec!["旧客户"]);
    assert!(!staging.exists() && !marker(&book).exists());
    assert!(!backup::finish_pending_restore(&book).unwrap());
}

#[test]
fn swap_in_refuses_to_overwrite_a_replaced_folder() {
    let dir = tempfile::tempdir().unwrap();
    let (book, staging, replaced) = old_and_new(dir.path());
    std::fs::create_dir(&replaced).unwrap();
    assert!(backup::swap_in(&book, &staging, &replaced).is_err());
    assert!(!marker(&book).exists());
    assert_eq!(names_in(&book), vec!["旧客户"]);
}

/// Writes the marker as `swap_in` does, then stops ("the app was killed").
fn marker_only(book: &Path, staging: &Path, replaced: &Path) {
    let json = serde_json::json!({ "staging": staging, "replaced": replaced });
    std::fs::write(marker(book), serde_json::to_vec(&json).unwrap()).unwrap();
}

#[test]
fn an_interrupted_swap_finishes_at_every_step() {
    // Killed after writing the marker, after step 2, after step 3.
    for step in 1..=3 {
        let dir = tempfile::tempdir().unwrap();
        let (book, staging, replaced) = old_and_new(dir.path());
        marker_only(&book, &staging, &replaced);
        if step >= 2 {
            std::fs::rename(&book, &replaced).unwrap();
        }
        if step >= 3 {
            std::fs::rename(&staging, &book).unwrap();
        }
        assert!(
            backup::finish_pending_restore(&book).unwrap(),
            "step {step}"
        );
        assert_eq!(names_in(&book), vec!["新客户甲", "新客户乙"], "step {step}");
        assert_eq!(names_in(&replaced), vec!["旧客户"], "step {step}");
        assert!(!marker(&book).exists());
    }
}

#[test]
fn an_interrupted_swap_never_leaves_no_book() {
    // Killed while the marker was being written: nothing moved, the old book stays.
    let dir = tempfile::tempdir().unwrap();
    let (book, staging, replaced) = old_and_new(dir.path());
    std::fs::write(book.with_file_name("book.restoring.tmp"), b"{\"stag").unwrap();
    assert!(!backup::finish_pending_restore(&book).unwrap());
    assert_eq!(names_in(&book), vec!["旧客户"]);
    // A swap started later still works.
    backup::swap_in(&book, &staging, &replaced).unwrap();
    assert_eq!(names_in(&book), vec!["新客户甲", "新客户乙"]);

    // The staged book vanished after step 2: the old book is put back.
    let dir = tempfile::tempdir().unwrap();
    let (book, staging, replaced) = old_and_new(dir.path());
    marker_only(&book, &staging, &replaced);
    std::fs::rename(&book, &replaced).unwrap();
    std::fs::remove_dir_all(&staging).unwrap();
    assert!(backup::finish_pending_restore(&book).unwrap());
    assert_eq!(names_in(&book), vec!["旧客户"]);

    // A damaged marker with the book in place: nothing had moved.
    let dir = tempfile::tempdir().unwrap();
    let (book, _staging, _replaced) = old_and_new(dir.path());
    std::fs::write(marker(&book), b"garbage").unwrap();
    assert!(backup::finish_pending_restore(&book).unwrap());
    assert_eq!(names_in(&book), vec!["旧客户"]);
    assert!(!marker(&book).exists());
}

#[test]
fn restore_flow_backs_up_the_replaced_book_first() {
    let dir = tempfile::tempdir().unwrap();
    let (book, staging, replaced) = old_and_new(dir.path());
    let backups = dir.path().join("backups");
    {
        let current = reopen(&book);
        current
            .backup_to(&backups, BackupReason::BeforeRestore, t(3))
            .unwrap();
    }
    backup::swap_in(&book, &staging, &replaced).unwrap();
    let list = backup::list(&backups).unwrap();
    assert_eq!(list[0].reason, BackupReason::BeforeRestore);
    assert_eq!(list[0].customers, 1);
}

/// A "backup" that is no regular file (a FIFO with no writer, /dev/zero) is refused at once,
/// not waited on or read for ever.
#[cfg(unix)]
#[test]
fn a_backup_that_is_no_regular_file_is_refused_without_hanging() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("客户.rapportbak");
    let c = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).unwrap();
    // SAFETY: mkfifo reads the NUL-terminated path it is given.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    let staging = dir.path().join("staged");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let code = |r: Result<_, CoreError>| match r {
            Err(CoreError::File { code, .. }) => Some(code),
            _ => None,
        };
        let _ = tx.send((
            code(backup::stage(&fifo, &staging, None).map(|_| ())),
            code(backup::info(&fifo).map(|_| ())),
            code(backup::stage(Path::new("/dev/zero"), &staging, None).map(|_| ())),
        ));
    });
    let got = rx
        .recv_timeout(std::time::Duration::from_secs(10))
        .expect("reading a FIFO as a backup hung");
    let unreadable = Some("backupUnreadable");
    assert_eq!(got, (unreadable, unreadable, unreadable));
}
