#![allow(clippy::unwrap_used, clippy::expect_used)]
//! In a team book, a personal setting (language, reminder time, who I am) never sends the team
//! anything; a shared one sends one op when it changed; and a member who is not the team's
//! admin cannot change a shared one (the server's row-level security would refuse it anyway).
mod common;

use common::*;
use rapport_core::error::CoreError;
use rapport_core::i18n::message;
use rapport_core::model::{Language, Settings, TeamMe};
use rapport_core::store::{OpKind, OutboxOp, RemoteRow, SyncTable};
use rapport_core::Store;

fn team() -> (tempfile::TempDir, Store) {
    let (dir, store) = open_temp();
    store.set_team_book(true).unwrap();
    (dir, store)
}

fn pending(store: &Store) -> Vec<OutboxOp> {
    store.outbox_pending(usize::MAX).unwrap()
}

fn member(role: &str) -> TeamMe {
    TeamMe {
        id: "p1".into(),
        name: "李娜".into(),
        role: role.into(),
        pool_return_days: None,
    }
}

#[test]
fn saving_only_the_language_queues_no_team_setting() {
    let (_dir, store) = team();
    // The first save of a new team book: the settings screen started from the defaults.
    let mut s = Settings::with_language(Language::Zh);
    s.language = Language::En;
    s.me = "李娜".into();
    s.reminders.contract_notice_days = 14;
    s.untouched_days = 45;
    store.save_settings(s.clone()).unwrap();
    assert_eq!(pending(&store), Vec::new(), "personal settings stay here");

    s.language = Language::Zh;
    s.schedule.reminder_time = "08:30".into();
    store.save_settings(s.clone()).unwrap();
    assert_eq!(pending(&store), Vec::new(), "the reminder time is mine too");

    // The team's schedule rules pulled: the reminder time here stays.
    let mut theirs = serde_json::to_value(&s.schedule).unwrap();
    theirs["highDays"] = 2.into();
    theirs["reminderTime"] = "10:00".into();
    let row = RemoteRow {
        table: SyncTable::TeamSettings,
        id: "schedule".into(),
        customer_id: None,
        owner: None,
        data: serde_json::json!({ "value": theirs }),
        deleted_at: None,
    };
    store.apply_remote_at(&[row], 1, t(2)).unwrap();
    let now = store.settings().unwrap().unwrap();
    assert_eq!(now.schedule.high_days, 2);
    assert_eq!(now.schedule.reminder_time, "08:30");
}

#[test]
fn a_schedule_op_leaves_out_the_reminder_time() {
    let (_dir, store) = team();
    let mut s = Settings::with_language(Language::Zh);
    s.schedule.high_days = 2;
    s.schedule.reminder_time = "08:30".into();
    store.save_settings(s).unwrap();
    let ops = pending(&store);
    assert_eq!(ops.len(), 1);
    let OpKind::Upsert { fields, .. } = &ops[0].kind else {
        panic!("not an upsert")
    };
    assert_eq!(fields["value"]["highDays"], 2);
    assert!(fields["value"].get("reminderTime").is_none(), "{fields:?}");
}

#[test]
fn changing_a_stage_queues_exactly_one_op() {
    let (_dir, store) = team();
    let mut s = Settings::with_language(Language::Zh);
    s.stages[1].name = "初次拜访".into();
    store.save_settings(s).unwrap();
    let ops = pending(&store);
    assert_eq!(ops.len(), 1, "{ops:?}");
    assert_eq!(
        (ops[0].table, ops[0].id.as_str()),
        (SyncTable::TeamSettings, "stages")
    );
}

#[test]
fn a_salesperson_may_save_personal_settings_but_not_shared_ones() {
    let (_dir, store) = team();
    let me = member("salesperson");
    let mut s = Settings::with_language(Language::Zh);
    s.language = Language::En;
    store.save_settings_as(s.clone(), Some(&me)).unwrap();
    assert_eq!(store.settings().unwrap().unwrap().language, Language::En);

    let before = store.settings().unwrap();
    let mut sources = s.clone();
    sources.sources.push("抖音".into());
    let err = store.save_settings_as(sources, Some(&me)).unwrap_err();
    assert_eq!(err.code(), "adminOnly");
    assert_eq!(
        message(&err, Language::Zh),
        "“客户来源”由团队管理员设置，你的修改未保存。"
    );
    assert_eq!(
        message(&err, Language::En),
        "“Customer sources” is set by the team's admin; your change was not saved."
    );
    assert!(matches!(err, CoreError::AdminOnly { ref setting } if setting == "sources"));
    assert_eq!(store.settings().unwrap(), before, "nothing written");
    assert_eq!(pending(&store), Vec::new());

    // A manager neither; the admin may, and that one change is queued.
    let mut stages = s.clone();
    stages.stages[0].name = "线索".into();
    let err = store
        .save_settings_as(stages.clone(), Some(&member("manager")))
        .unwrap_err();
    assert!(matches!(err, CoreError::AdminOnly { ref setting } if setting == "stages"));
    store
        .save_settings_as(stages, Some(&member("admin")))
        .unwrap();
    let ops = pending(&store);
    assert_eq!(ops.len(), 1);
    assert_eq!(ops[0].id, "stages");
}

#[test]
fn a_personal_book_ignores_the_role() {
    let (_dir, store) = open_temp();
    let mut s = Settings::with_language(Language::Zh);
    s.sources.push("抖音".into());
    store
        .save_settings_as(s, Some(&member("salesperson")))
        .unwrap();
}

#[test]
fn only_the_admin_sets_the_targets_of_a_team_book() {
    let (_dir, store) = team();
    let target = rapport_core::model::SalesTarget {
        person: String::new(),
        period: "2026-12".into(),
        amount: Some(1_000_000),
        deals: None,
        new_customers: None,
        follow_ups: None,
    };
    let err = store
        .save_targets_as(vec![target.clone()], Some(&member("manager")))
        .unwrap_err();
    assert!(matches!(err, CoreError::AdminOnly { ref setting } if setting == "targets"));
    assert_eq!(
        message(&err, Language::En),
        "“Targets” is set by the team's admin; your change was not saved."
    );
    assert_eq!(store.settings().unwrap(), None, "nothing written");
    assert_eq!(pending(&store), Vec::new());

    let saved = store
        .save_targets_as(vec![target], Some(&member("admin")))
        .unwrap();
    assert_eq!(saved.len(), 1);
    let ops = pending(&store);
    assert_eq!((ops.len(), ops[0].id.as_str()), (1, "targets"));
}
