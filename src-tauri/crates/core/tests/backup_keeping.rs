#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Backups you can count on: kinds kept apart when pruning (daily, weekly and monthly
//! thinning by date; the last few before imports, restores and migrations), every backup read
//! back after writing, a copy in a second folder, backups encrypted with a password, and a
//! backup before a schema migration.
mod common;
use chrono::{DateTime, Duration, TimeZone, Utc};
use common::{customer, reopen, t};
use rapport_core::backup;
use rapport_core::model::{BackupReason, BackupRetention, Language, Settings};
use rapport_core::store::{tree, SCHEMA_VERSION};
use rapport_core::{CoreError, Store};
use std::path::{Path, PathBuf};

fn code(e: &CoreError) -> &'static str {
    match e {
        CoreError::File { code, zh, en } => {
            assert!(!zh.is_empty() && !en.is_empty(), "{e:?}");
            code
        }
        other => panic!("expected a file error, got {other:?}"),
    }
}

fn names(dir: &Path) -> Vec<String> {
    let mut n: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    n.sort();
    n
}

fn small_book(dir: &Path) -> Store {
    let store = Store::open(&dir.join("book")).unwrap();
    for i in 0..12 {
        store
            .create_customer(customer(&format!("客户{i}"), &["VIP"]), t(1))
            .unwrap();
    }
    store
}

fn with_settings(store: &Store, f: impl FnOnce(&mut Settings)) {
    let mut s = store
        .settings()
        .unwrap()
        .unwrap_or_else(|| Settings::with_language(Language::Zh));
    f(&mut s);
    store.save_settings(s).unwrap();
}

fn by_reason(dir: &Path, reason: BackupReason) -> Vec<DateTime<Utc>> {
    backup::list(dir)
        .unwrap()
        .into_iter()
        .filter(|b| b.reason == reason)
        .map(|b| b.created_at)
        .collect()
}

// ---- kinds kept apart ----

#[test]
fn fourteen_imports_in_a_day_leave_the_daily_backups() {
    let dir = tempfile::tempdir().unwrap();
    let store = small_book(dir.path());
    let backups = dir.path().join("backups");
    let day = |d: u32| Utc.with_ymd_and_hms(2026, 11, d, 9, 0, 0).unwrap();
    for d in 1..=7 {
        store
            .take_backup(&backups, BackupReason::Daily, day(d), &Utc)
            .unwrap();
    }
    for i in 0..14 {
        let at = day(7) + Duration::minutes(10 + i);
        store
            .take_backup(&backups, BackupReason::BeforeImport, at, &Utc)
            .unwrap();
    }
    store
        .take_backup(
            &backups,
            BackupReason::BeforeRestore,
            day(7) + Duration::hours(5),
            &Utc,
        )
        .unwrap();
    store
        .take_backup(&backups, BackupReason::Manual, day(1), &Utc)
        .unwrap();
    assert_eq!(
        by_reason(&backups, BackupReason::Daily),
        (1..=7).rev().map(day).collect::<Vec<_>>(),
        "every daily backup is still there"
    );
    assert_eq!(
        by_reason(&backups, BackupReason::BeforeImport),
        (9..14)
            .rev()
            .map(|i| day(7) + Duration::minutes(10 + i))
            .collect::<Vec<_>>(),
        "the last five before-import backups"
    );
    assert_eq!(by_reason(&backups, BackupReason::BeforeRestore).len(), 1);
    assert_eq!(by_reason(&backups, BackupReason::Manual), vec![day(1)]);
}

#[test]
fn a_before_import_backup_does_not_stand_for_the_day() {
    let dir = tempfile::tempdir().unwrap();
    let store = small_book(dir.path());
    let backups = dir.path().join("backups");
    store
        .backup_to(&backups, BackupReason::BeforeImport, t(3))
        .unwrap();
    assert!(backup::needs_daily(&backups, t(3) + Duration::hours(1), &Utc).unwrap());
    store
        .backup_to(&backups, BackupReason::Daily, t(3))
        .unwrap();
    assert!(!backup::needs_daily(&backups, t(3) + Duration::hours(1), &Utc).unwrap());
}

#[test]
fn daily_backups_thin_out_by_day_week_and_month_in_the_local_zone() {
    let shanghai = chrono_tz::Asia::Shanghai;
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("book")).unwrap();
    let backups = dir.path().join("backups");
    // One daily backup at 08:30 Shanghai time (00:30 UTC) every day from 1 January to
    // 30 April 2026, two on 30 April, and one at 23:30 UTC on 5 April = 07:30 on the 6th in
    // Shanghai (so its local date, not its UTC date, decides).
    let local = |m: u32, d: u32, h: u32| {
        shanghai
            .with_ymd_and_hms(2026, m, d, h, 30, 0)
            .unwrap()
            .with_timezone(&Utc)
    };
    let mut made = Vec::new();
    let mut d = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    while d <= chrono::NaiveDate::from_ymd_opt(2026, 4, 30).unwrap() {
        use chrono::Datelike;
        made.push(local(d.month(), d.day(), 8));
        d = d.succ_opt().unwrap();
    }
    made.push(local(4, 30, 18));
    for at in &made {
        store.backup_to(&backups, BackupReason::Daily, *at).unwrap();
    }
    let keep = BackupRetention {
        daily: 7,
        weekly: 4,
        monthly: 12,
        before_change: 5,
    };
    backup::prune(&backups, &keep, &shanghai).unwrap();
    let left: Vec<String> = by_reason(&backups, BackupReason::Daily)
        .into_iter()
        .map(|at| {
            at.with_timezone(&shanghai)
                .format("%m-%d %H:%M")
                .to_string()
        })
        .collect();
    assert_eq!(
        left,
        vec![
            // Days: the newest of each of the last seven days (18:30 wins on the 30th).
            "04-30 18:30",
            "04-29 08:30",
            "04-28 08:30",
            "04-27 08:30",
            "04-26 08:30", // also the newest of the week of 20–26 April (weeks run Mon–Sun)
            "04-25 08:30",
            "04-24 08:30",
            // Weeks: the newest of 13–19 April and 6–12 April.
            "04-19 08:30",
            "04-12 08:30",
            // Months: the newest of March, February and January.
            "03-31 08:30",
            "02-28 08:30",
            "01-31 08:30",
        ]
    );
    // Pruning again removes nothing; a manual backup is never pruned.
    store
        .backup_to(&backups, BackupReason::Manual, local(1, 1, 7))
        .unwrap();
    assert_eq!(backup::prune(&backups, &keep, &shanghai).unwrap(), 0);
    assert_eq!(by_reason(&backups, BackupReason::Manual).len(), 1);
}

#[test]
fn the_time_zone_decides_which_day_a_backup_belongs_to() {
    let shanghai = chrono_tz::Asia::Shanghai;
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("book")).unwrap();
    let backups = dir.path().join("backups");
    // 5 April 23:30 UTC is 6 April 07:30 in Shanghai; 6 April 12:00 UTC is the 6th in both.
    let late = Utc.with_ymd_and_hms(2026, 4, 5, 23, 30, 0).unwrap();
    let noon = Utc.with_ymd_and_hms(2026, 4, 6, 12, 0, 0).unwrap();
    store
        .backup_to(&backups, BackupReason::Daily, late)
        .unwrap();
    store
        .backup_to(&backups, BackupReason::Daily, noon)
        .unwrap();
    let keep = BackupRetention {
        daily: 2,
        weekly: 0,
        monthly: 0,
        before_change: 1,
    };
    let copy = dir.path().join("copy");
    std::fs::create_dir(&copy).unwrap();
    for f in names(&backups) {
        std::fs::copy(backups.join(&f), copy.join(&f)).unwrap();
    }
    // In UTC they are two days: both kept. In Shanghai one day: only the newer one.
    assert_eq!(backup::prune(&backups, &keep, &Utc).unwrap(), 0);
    assert_eq!(backup::prune(&copy, &keep, &shanghai).unwrap(), 1);
    assert_eq!(by_reason(&copy, BackupReason::Daily), vec![noon]);
}

// ---- read back after writing ----

#[test]
fn a_backup_damaged_while_written_is_caught_and_not_kept() {
    let dir = tempfile::tempdir().unwrap();
    let store = small_book(dir.path());
    let backups = dir.path().join("backups");
    let flip_last_byte = |p: &Path| {
        let mut bytes = std::fs::read(p).unwrap();
        let at = bytes.len() - 10;
        bytes[at] ^= 0x20;
        std::fs::write(p, bytes).unwrap();
    };
    let err = store
        .backup_to_with(&backups, BackupReason::Daily, t(2), &flip_last_byte)
        .unwrap_err();
    assert_eq!(code(&err), "backupVerifyFailed");
    assert!(
        names(&backups).is_empty(),
        "no damaged file left: {:?}",
        names(&backups)
    );
    // A file cut short on the way is caught too.
    let cut = |p: &Path| {
        let bytes = std::fs::read(p).unwrap();
        std::fs::write(p, &bytes[..bytes.len() / 2]).unwrap();
    };
    let err = store
        .backup_to_with(&backups, BackupReason::Daily, t(2), &cut)
        .unwrap_err();
    assert_eq!(code(&err), "backupVerifyFailed");
    assert!(names(&backups).is_empty());
    // Left alone, the same backup is written and kept.
    store
        .backup_to(&backups, BackupReason::Daily, t(2))
        .unwrap();
    assert_eq!(names(&backups).len(), 1);
}

// ---- the second folder ----

#[test]
fn the_second_folder_gets_a_byte_identical_copy() {
    let dir = tempfile::tempdir().unwrap();
    let store = small_book(dir.path());
    let backups = dir.path().join("backups");
    let usb = dir.path().join("usb");
    std::fs::create_dir(&usb).unwrap();
    with_settings(&store, |s| {
        s.backup_mirror = usb.to_string_lossy().into_owned()
    });
    let report = store
        .take_backup(&backups, BackupReason::Daily, t(2), &Utc)
        .unwrap();
    let copy = report.mirror.unwrap().unwrap();
    assert_eq!(copy, usb.join(&report.info.file_name));
    assert_eq!(
        std::fs::read(&copy).unwrap(),
        std::fs::read(&report.info.path).unwrap()
    );
    assert_eq!(
        names(&usb),
        vec![report.info.file_name.clone()],
        "no temporary file left"
    );
    // The copy restores on its own.
    let staging = dir.path().join("staging");
    backup::stage(&copy, &staging, None).unwrap();
    assert_eq!(reopen(&staging).customer_count().unwrap(), 12);
}

#[test]
fn a_missing_second_folder_is_reported_and_the_backup_still_made() {
    let dir = tempfile::tempdir().unwrap();
    let store = small_book(dir.path());
    let backups = dir.path().join("backups");
    let unplugged = dir.path().join("media").join("usb");
    with_settings(&store, |s| {
        s.backup_mirror = unplugged.to_string_lossy().into_owned()
    });
    let report = store
        .take_backup(&backups, BackupReason::Daily, t(2), &Utc)
        .unwrap();
    assert!(Path::new(&report.info.path).exists());
    let err = report
        .mirror_error()
        .expect("the missing folder is reported");
    assert_eq!(code(err), "backupMirrorMissing");
    match err {
        CoreError::File { zh, en, .. } => {
            assert!(
                zh.contains("U 盘") && en.contains("USB stick"),
                "{zh} / {en}"
            );
        }
        _ => unreachable!(),
    }
    assert!(!unplugged.exists(), "the second folder is never created");
    // Without a second folder the report says nothing about one.
    with_settings(&store, |s| s.backup_mirror.clear());
    let report = store
        .take_backup(&backups, BackupReason::Manual, t(3), &Utc)
        .unwrap();
    assert!(report.mirror.is_none());
}

#[test]
fn the_second_folder_is_pruned_like_the_first() {
    let dir = tempfile::tempdir().unwrap();
    let store = small_book(dir.path());
    let backups = dir.path().join("backups");
    let cloud = dir.path().join("cloud");
    std::fs::create_dir(&cloud).unwrap();
    std::fs::write(cloud.join("holiday.jpg"), b"not ours").unwrap();
    with_settings(&store, |s| {
        s.backup_mirror = cloud.to_string_lossy().into_owned();
        s.backup_keep.before_change = 2;
    });
    for i in 0..4 {
        store
            .take_backup(&backups, BackupReason::BeforeImport, t(2 + i), &Utc)
            .unwrap();
    }
    assert_eq!(
        by_reason(&cloud, BackupReason::BeforeImport),
        vec![t(5), t(4)]
    );
    assert_eq!(
        by_reason(&backups, BackupReason::BeforeImport),
        vec![t(5), t(4)]
    );
    assert!(cloud.join("holiday.jpg").exists());
}

// ---- a backup password ----

fn encrypted_backup(dir: &Path) -> (Store, PathBuf) {
    let store = small_book(dir);
    store.set_backup_password(Some("correct horse 马")).unwrap();
    assert!(store.has_backup_password().unwrap());
    let info = store
        .backup_to(&dir.join("backups"), BackupReason::Manual, t(2))
        .unwrap();
    assert!(info.encrypted);
    (store, PathBuf::from(info.path))
}

#[test]
fn an_encrypted_backup_restores_only_with_its_password() {
    let dir = tempfile::tempdir().unwrap();
    let (store, file) = encrypted_backup(dir.path());
    let bytes = std::fs::read(&file).unwrap();
    assert!(
        !bytes
            .windows("客户1".len())
            .any(|w| w == "客户1".as_bytes()),
        "no name in the clear"
    );
    // Listing needs no password.
    let listed = backup::info(&file).unwrap();
    assert!(listed.encrypted);
    assert_eq!(listed.customers, 12);

    let staging = dir.path().join("staging");
    let err = backup::stage(&file, &staging, None).unwrap_err();
    assert_eq!(code(&err), "backupPasswordNeeded");
    let err = backup::stage(&file, &staging, Some("Correct horse 马")).unwrap_err();
    assert_eq!(code(&err), "backupWrongPassword");
    match &err {
        CoreError::File { zh, en, .. } => {
            assert!(zh.contains("密码不正确") && en.contains("password is wrong"));
        }
        _ => unreachable!(),
    }
    assert!(!staging.exists(), "nothing staged");
    let info = backup::stage(&file, &staging, Some("correct horse 马")).unwrap();
    assert!(info.encrypted);
    let restored = reopen(&staging);
    assert_eq!(restored.customer_count().unwrap(), 12);
    restored.verify_indexes().unwrap();
    // The restored book keeps the password, so its next backups are encrypted too.
    assert!(restored.has_backup_password().unwrap());
    drop(restored);

    // Cleared: new backups are plain again and restore without one.
    store.set_backup_password(None).unwrap();
    let plain = store
        .backup_to(&dir.path().join("backups"), BackupReason::Manual, t(3))
        .unwrap();
    assert!(!plain.encrypted);
    backup::stage(Path::new(&plain.path), &dir.path().join("plain"), None).unwrap();
}

#[test]
fn a_flipped_byte_in_an_encrypted_backup_is_caught() {
    let dir = tempfile::tempdir().unwrap();
    let (_store, file) = encrypted_backup(dir.path());
    let good = std::fs::read(&file).unwrap();
    let len = good.len();
    // In the encrypted chunks (the age header ends well before byte 300), and the last byte.
    for at in [300, len / 2, len - 1] {
        let mut bad = good.clone();
        bad[at] ^= 0x01;
        let f = dir.path().join(format!("bad-{at}.rapportbak"));
        std::fs::write(&f, &bad).unwrap();
        let staging = dir.path().join(format!("s-{at}"));
        let err = backup::stage(&f, &staging, Some("correct horse 马")).unwrap_err();
        assert_eq!(code(&err), "backupDamaged", "byte {at}");
        assert!(!staging.exists());
    }
    // The readable header says 12 customers; changed to 99 (with its CRC made right again),
    // it no longer matches the encrypted copy.
    let mut bad = good.clone();
    bad[28..32].copy_from_slice(&99u32.to_le_bytes());
    let crc = crc32fast::hash(&bad[..36]);
    bad[36..40].copy_from_slice(&crc.to_le_bytes());
    let f = dir.path().join("header.rapportbak");
    std::fs::write(&f, &bad).unwrap();
    let err = backup::stage(&f, &dir.path().join("h"), Some("correct horse 马")).unwrap_err();
    assert_eq!(code(&err), "backupDamaged");
    // Cut short.
    let f = dir.path().join("cut.rapportbak");
    std::fs::write(&f, &good[..len - 100]).unwrap();
    let err = backup::stage(&f, &dir.path().join("c"), Some("correct horse 马")).unwrap_err();
    assert_eq!(code(&err), "backupDamaged");
}

#[test]
fn a_backup_password_is_checked() {
    let (_dir, store) = common::open_temp();
    let err = store.set_backup_password(Some("short")).unwrap_err();
    assert_eq!(err.field().as_deref(), Some("backupPassword"));
    let err = store
        .set_backup_password(Some(&"长".repeat(201)))
        .unwrap_err();
    assert_eq!(err.field().as_deref(), Some("backupPassword"));
    assert!(!store.has_backup_password().unwrap());
    // Not in the settings the UI reads (and exports carry).
    store.set_backup_password(Some("a long secret")).unwrap();
    let s = serde_json::to_string(&store.settings().unwrap()).unwrap();
    assert!(!s.contains("a long secret"));
}

// ---- a migration takes a backup first ----

fn set_version(book: &Path, version: u32) {
    let db = common::open_when_released(book);
    db.open_tree(tree::META)
        .unwrap()
        .insert("schema_version", &version.to_be_bytes())
        .unwrap();
    db.flush().unwrap();
}

fn version(book: &Path) -> u32 {
    let db = common::open_when_released(book);
    let v = db
        .open_tree(tree::META)
        .unwrap()
        .get("schema_version")
        .unwrap()
        .unwrap();
    u32::from_be_bytes(v.as_ref().try_into().unwrap())
}

#[test]
fn opening_an_older_book_takes_a_backup_before_migrating() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("book");
    drop(small_book(dir.path()));
    let old = SCHEMA_VERSION - 1;
    set_version(&book, old);
    let backups = dir.path().join("backups");
    let store = loop {
        match Store::open_with_backups(&book, &backups, t(5)) {
            Err(CoreError::Locked) => std::thread::sleep(std::time::Duration::from_millis(50)),
            other => break other.unwrap(),
        }
    };
    assert_eq!(store.customer_count().unwrap(), 12);
    let list = backup::list(&backups).unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].reason, BackupReason::BeforeMigration);
    assert_eq!(list[0].schema_version, old, "the book as it was before");
    assert!(list[0].file_name.contains("before-upgrade"));
    // The backup restores (and is migrated on the way).
    let staging = dir.path().join("staging");
    backup::stage(Path::new(&list[0].path), &staging, None).unwrap();
    assert_eq!(reopen(&staging).customer_count().unwrap(), 12);
    drop(store);
    // Opening a current book takes none.
    let store = reopen_with_backups(&book, &backups);
    drop(store);
    assert_eq!(backup::list(&backups).unwrap().len(), 1);
}

fn reopen_with_backups(book: &Path, backups: &Path) -> Store {
    loop {
        match Store::open_with_backups(book, backups, t(6)) {
            Err(CoreError::Locked) => std::thread::sleep(std::time::Duration::from_millis(50)),
            other => return other.unwrap(),
        }
    }
}

#[test]
fn no_migration_without_its_backup() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("book");
    drop(small_book(dir.path()));
    let old = SCHEMA_VERSION - 1;
    set_version(&book, old);
    // The backup folder cannot be made: a file stands where it would go.
    let backups = dir.path().join("backups");
    std::fs::write(&backups, b"a file").unwrap();
    let err = loop {
        match Store::open_with_backups(&book, &backups, t(5)) {
            Err(CoreError::Locked) => std::thread::sleep(std::time::Duration::from_millis(50)),
            Err(e) => break e,
            Ok(_) => panic!("the book must not open without its backup"),
        }
    };
    assert_eq!(code(&err), "backupBeforeMigrationFailed");
    assert_eq!(version(&book), old, "not migrated");
}

#[test]
fn the_backup_before_a_migration_is_encrypted_with_the_books_password() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("book");
    let store = small_book(dir.path());
    store.set_backup_password(Some("correct horse 马")).unwrap();
    drop(store);
    set_version(&book, SCHEMA_VERSION - 1);
    let backups = dir.path().join("backups");
    drop(reopen_with_backups(&book, &backups));
    let list = backup::list(&backups).unwrap();
    assert!(list[0].encrypted);
    let err = backup::stage(Path::new(&list[0].path), &dir.path().join("s"), None).unwrap_err();
    assert_eq!(code(&err), "backupPasswordNeeded");
}
