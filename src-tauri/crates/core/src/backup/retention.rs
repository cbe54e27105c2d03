//! Which automatic backups to keep, kind by kind ([`BackupRetention`]): daily backups thinned
//! by date (days, weeks, months in the user's time zone, newest backup of each), the ones
//! made before an import, a restore or a migration by count per kind. Kinds never push each
//! other out: fourteen imports in a day leave the daily backups alone.
use crate::model::{BackupInfo, BackupReason, BackupRetention};
use chrono::{Datelike, TimeZone};
use std::collections::HashSet;
use std::hash::Hash;

const BEFORE_CHANGE: [BackupReason; 3] = [
    BackupReason::BeforeImport,
    BackupReason::BeforeRestore,
    BackupReason::BeforeMigration,
];

/// The backups of `automatic` (newest first, no manual ones) that `keep` lets go.
pub fn to_delete<'a, Tz: TimeZone>(
    automatic: &'a [BackupInfo],
    keep: &BackupRetention,
    tz: &Tz,
) -> Vec<&'a BackupInfo> {
    let mut kept = vec![false; automatic.len()];
    let daily: Vec<usize> = indexes(automatic, BackupReason::Daily);
    let local = |i: usize| automatic[i].created_at.with_timezone(tz).date_naive();
    newest_per(&daily, keep.daily, local, &mut kept);
    newest_per(
        &daily,
        keep.weekly,
        |i| {
            let w = local(i).iso_week();
            (w.year(), w.week())
        },
        &mut kept,
    );
    newest_per(
        &daily,
        keep.monthly,
        |i| (local(i).year(), local(i).month()),
        &mut kept,
    );
    for reason in BEFORE_CHANGE {
        let of_kind = indexes(automatic, reason);
        for &i in of_kind.iter().take(keep.before_change as usize) {
            kept[i] = true;
        }
    }
    automatic
        .iter()
        .zip(kept)
        .filter(|(b, kept)| {
            !kept && (b.reason == BackupReason::Daily || BEFORE_CHANGE.contains(&b.reason))
        })
        .map(|(b, _)| b)
        .collect()
}

fn indexes(all: &[BackupInfo], reason: BackupReason) -> Vec<usize> {
    (0..all.len())
        .filter(|&i| all[i].reason == reason)
        .collect()
}

/// Marks the first (newest) backup of each of the first `n` periods `period` tells apart.
fn newest_per<K: Eq + Hash>(
    newest_first: &[usize],
    n: u32,
    period: impl Fn(usize) -> K,
    kept: &mut [bool],
) {
    let mut seen = HashSet::new();
    for &i in newest_first {
        if seen.len() >= n as usize {
            break;
        }
        if seen.insert(period(i)) {
            kept[i] = true;
        }
    }
}
