#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Sales targets (销售目标): month and quarter periods and their edges, validation naming the
//! row and field in both languages with nothing written, saving alone, and the team op.
mod common;
use chrono::NaiveDate;
use common::*;
use rapport_core::error::{CoreError, Invalid};
use rapport_core::i18n::message;
use rapport_core::model::*;
use rapport_core::store::{OpKind, SyncTable};
use rapport_core::targets::TargetPeriod;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn target(person: &str, period: &str, amount: Option<i64>, deals: Option<u32>) -> SalesTarget {
    SalesTarget {
        person: person.into(),
        period: period.into(),
        amount,
        deals,
        new_customers: None,
        follow_ups: None,
    }
}

fn field_error(field: &str, reason: Invalid) -> CoreError {
    CoreError::InvalidField {
        field: field.into(),
        reason,
    }
}

#[test]
fn months_and_quarters_have_their_calendar_edges() {
    let feb = TargetPeriod::parse("2028-02").unwrap();
    assert_eq!(
        (feb.first_day(), feb.last_day()),
        (day(2028, 2, 1), day(2028, 2, 29))
    );
    let feb = TargetPeriod::parse("2026-02").unwrap();
    assert_eq!(feb.last_day(), day(2026, 2, 28));
    let q4 = TargetPeriod::parse("2026-q4").unwrap();
    assert_eq!(q4.to_string(), "2026-Q4");
    assert_eq!(
        (q4.first_day(), q4.last_day()),
        (day(2026, 10, 1), day(2026, 12, 31))
    );
    // Across the year both ways.
    assert_eq!(q4.next().to_string(), "2027-Q1");
    assert_eq!(
        TargetPeriod::parse("2027-01")
            .unwrap()
            .previous()
            .to_string(),
        "2026-12"
    );
    assert_eq!(
        TargetPeriod::parse("2026-Q1")
            .unwrap()
            .previous()
            .to_string(),
        "2025-Q4"
    );
    // The period holding a day: its last day and the first of the next differ.
    let k = TargetPeriodKind::Quarter;
    assert_eq!(
        TargetPeriod::containing(k, day(2026, 3, 31)).to_string(),
        "2026-Q1"
    );
    assert_eq!(
        TargetPeriod::containing(k, day(2026, 4, 1)).to_string(),
        "2026-Q2"
    );
    let m = TargetPeriodKind::Month;
    assert_eq!(
        TargetPeriod::containing(m, day(2026, 12, 31)).to_string(),
        "2026-12"
    );
    for bad in [
        "2026-13", "2026-00", "2026-Q5", "2026-Q0", "26-03", "2026/03", "2026-3", "",
    ] {
        assert_eq!(TargetPeriod::parse(bad), None, "{bad}");
    }
}

#[test]
fn bad_targets_are_refused_naming_the_row_and_field_and_nothing_is_written() {
    let (_dir, store) = open_temp();
    let good = vec![target("王芳", "2026-11", Some(1_000_000), Some(5))];
    store.save_targets(good.clone()).unwrap();

    let e = store
        .save_targets(vec![
            good[0].clone(),
            target("李雷", "2026-13", Some(100), None),
        ])
        .unwrap_err();
    assert_eq!(e, field_error("targets[1].period", Invalid::TargetPeriod));
    assert_eq!(
        message(&e, Language::Zh),
        "目标 2 – 期间：须为月份（如 2026-03）或季度（如 2026-Q1）"
    );
    assert_eq!(
        message(&e, Language::En),
        "Target 2 – Period must be a month like 2026-03 or a quarter like 2026-Q1"
    );

    let e = store
        .save_targets(vec![target("李雷", "2026-11", None, None)])
        .unwrap_err();
    assert_eq!(e, field_error("targets[0].amount", Invalid::NoTargetFigure));
    assert!(message(&e, Language::Zh).starts_with("目标 1 – 成交金额：请至少填写一项"));
    assert!(message(&e, Language::En).starts_with("Target 1 – Deal amount needs a figure"));

    let e = store
        .save_targets(vec![target("李雷", "2026-11", Some(-1), None)])
        .unwrap_err();
    assert_eq!(e, field_error("targets[0].amount", Invalid::Amount));

    let mut zero = target("李雷", "2026-11", None, None);
    zero.follow_ups = Some(0);
    let e = store.save_targets(vec![zero]).unwrap_err();
    let range = Invalid::OutOfRange {
        min: 1,
        max: 1_000_000,
    };
    assert_eq!(e, field_error("targets[0].followUps", range));
    assert!(message(&e, Language::Zh).starts_with("目标 1 – 跟进次数："));
    assert!(message(&e, Language::En).starts_with("Target 1 – Follow-ups "));

    // One target per person and period: "2026-q4" and " 2026-Q4" are the same quarter.
    let e = store
        .save_targets(vec![
            target("李雷", "2026-q4", Some(100), None),
            target(" 李雷 ", " 2026-Q4", None, Some(3)),
        ])
        .unwrap_err();
    assert_eq!(e, field_error("targets[1].period", Invalid::Duplicate));

    let e = store
        .save_targets(vec![target("李雷", "", Some(100), None)])
        .unwrap_err();
    assert_eq!(e, field_error("targets[0].period", Invalid::Required));

    // Nothing of the refused saves was written.
    assert_eq!(store.settings().unwrap().unwrap().targets, good);
}

#[test]
fn targets_are_normalised_blank_rows_dropped_and_other_settings_kept() {
    let (dir, store) = open_temp();
    let mut s = Settings::with_language(Language::En);
    s.owners = vec!["王芳".into()];
    store.save_settings(s).unwrap();
    let saved = store
        .save_targets(vec![
            target(" 王芳 ", "2026-q1", Some(500), None),
            target("", "", None, None),
            target("", "2026-03", None, Some(10)),
        ])
        .unwrap();
    let want = vec![
        target("王芳", "2026-Q1", Some(500), None),
        target("", "2026-03", None, Some(10)),
    ];
    assert_eq!(saved, want);
    drop(store);
    let store = reopen(dir.path());
    let s = store.settings().unwrap().unwrap();
    assert_eq!(s.targets, want);
    assert_eq!(
        (s.language, s.owners),
        (Language::En, vec!["王芳".to_string()])
    );
}

#[test]
fn a_team_book_sends_the_targets_and_a_second_book_takes_them() {
    let (_a_dir, a) = open_temp();
    a.set_team_book(true).unwrap();
    let list = vec![target("王芳", "2026-Q4", Some(2_000_000), Some(4))];
    a.save_targets(list.clone()).unwrap();
    let ops = a.outbox_pending(usize::MAX).unwrap();
    let op = ops
        .iter()
        .rev()
        .find(|o| o.table == SyncTable::TeamSettings && o.id == "targets")
        .expect("a targets op");
    let OpKind::Upsert { fields, .. } = &op.kind else {
        panic!("not an upsert")
    };
    assert_eq!(fields["value"][0]["period"], "2026-Q4");

    let (_b_dir, b) = open_temp();
    b.set_team_book(true).unwrap();
    let row = rapport_core::store::RemoteRow {
        table: SyncTable::TeamSettings,
        id: "targets".into(),
        customer_id: None,
        data: serde_json::Value::Object(fields.clone()),
        deleted_at: None,
        owner: None,
    };
    b.apply_remote_at(&[row], 1, t(3)).unwrap();
    assert_eq!(b.settings().unwrap().unwrap().targets, list);
}
