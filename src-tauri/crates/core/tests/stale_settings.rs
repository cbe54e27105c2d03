#![allow(clippy::unwrap_used, clippy::expect_used)]
//! A settings page opened before the team's admin changed a shared setting (pulled while the
//! page was open) writes only what the page changed: the admin's change stays, on this
//! computer and on the server (no op sends the old value back).
mod common;

use common::*;
use rapport_core::model::{Language, Settings, TeamMe};
use rapport_core::store::{OpKind, RemoteRow, SyncTable};
use rapport_core::Store;

fn admin() -> TeamMe {
    TeamMe {
        id: "p0".into(),
        name: "王总".into(),
        role: "admin".into(),
        pool_return_days: None,
    }
}

fn pulled_setting(name: &str, value: serde_json::Value) -> RemoteRow {
    RemoteRow {
        table: SyncTable::TeamSettings,
        id: name.into(),
        customer_id: None,
        owner: None,
        data: serde_json::json!({ "value": value }),
        deleted_at: None,
    }
}

/// The server took everything queued so far.
fn acknowledge_all(store: &Store) {
    let ids: Vec<_> = store
        .outbox_pending(usize::MAX)
        .unwrap()
        .iter()
        .map(|op| op.op_id)
        .collect();
    store.outbox_ack(&ids).unwrap();
}

#[test]
fn a_page_opened_before_a_pull_keeps_the_pulled_shared_settings() {
    let (_dir, store) = open_temp();
    store.set_team_book(true).unwrap();
    let me = admin();
    let mut first = Settings::with_language(Language::Zh);
    first.sources = vec!["展会".into()];
    let opened = store.save_settings_as(first, Some(&me)).unwrap();
    acknowledge_all(&store);

    // Another admin desktop changed the sources and the high-priority days; pulled here.
    let mut schedule = serde_json::to_value(&opened.schedule).unwrap();
    schedule["highDays"] = 2.into();
    let rows = [
        pulled_setting("sources", serde_json::json!(["展会", "转介绍"])),
        pulled_setting("schedule", schedule),
    ];
    store.apply_remote_at(&rows, 1, t(2)).unwrap();

    // The page, opened before the pull, changes the language and this computer's reminder time.
    let mut edited = opened.clone();
    edited.language = Language::En;
    edited.schedule.reminder_time = "08:30".into();
    let saved = store
        .save_settings_edit(&opened, edited, Some(&me))
        .unwrap();

    assert_eq!(
        saved.sources,
        vec!["展会".to_string(), "转介绍".to_string()]
    );
    assert_eq!(saved.schedule.high_days, 2);
    assert_eq!(saved.schedule.reminder_time, "08:30");
    assert_eq!(saved.language, Language::En);
    assert_eq!(store.settings().unwrap().unwrap(), saved);
    // Nothing the team shares changed here: nothing to send.
    let ops: Vec<_> = store
        .outbox_pending(usize::MAX)
        .unwrap()
        .into_iter()
        .filter(|op| matches!(op.kind, OpKind::Upsert { .. }))
        .collect();
    assert!(ops.is_empty(), "{ops:?}");
}

#[test]
fn a_shared_setting_the_page_changed_is_written_and_sent() {
    let (_dir, store) = open_temp();
    store.set_team_book(true).unwrap();
    let me = admin();
    let opened = store
        .save_settings_as(Settings::with_language(Language::Zh), Some(&me))
        .unwrap();
    acknowledge_all(&store);
    let mut edited = opened.clone();
    edited.lost_reasons = vec!["价格太高".into()];
    let saved = store
        .save_settings_edit(&opened, edited, Some(&me))
        .unwrap();
    assert_eq!(saved.lost_reasons, vec!["价格太高".to_string()]);
    let ops = store.outbox_pending(usize::MAX).unwrap();
    assert_eq!(ops.len(), 1, "{ops:?}");
    assert_eq!(ops[0].table, SyncTable::TeamSettings);
}
