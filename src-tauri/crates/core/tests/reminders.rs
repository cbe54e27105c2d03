#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The reminder engine with a fake clock: exactly which reminders fire and when, none twice
//! (not even across a restart), the summary of what was missed while closed, birthdays
//! (29 February included) and contract expiry.
mod common;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Europe::Berlin;
use common::*;
use rapport_core::model::{Contact, Language, Snooze};
use rapport_core::reminders::Engine;
use rapport_core::Store;

fn tick(engine: &mut Engine, store: &Store, now: DateTime<Utc>) -> rapport_core::reminders::Tick {
    engine.tick(store, now, &Berlin, Language::En).unwrap()
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[test]
fn a_follow_up_fires_once_at_its_due_time_and_never_after_a_restart() {
    let (dir, store) = open_temp();
    let c = store
        .create_customer(customer("华为 Huawei", &[]), t(1))
        .unwrap();
    let due = utc(2026, 11, 3, 10, 0);
    store
        .log_follow_up(&c.id, follow_up(t(2), Some(due)), t(2), &chrono::Utc)
        .unwrap();
    let mut engine = Engine::new();
    let before = tick(&mut engine, &store, due - Duration::seconds(1));
    assert!(before.notices.is_empty());
    assert_eq!(before.next_wake, Some(due));
    let at = tick(&mut engine, &store, due);
    assert_eq!(at.notices.len(), 1);
    assert_eq!(at.notices[0].title, "华为 Huawei");
    assert_eq!(at.notices[0].body, "Follow-up: 报价 · Next: 发送报价单");
    assert_eq!(at.notices[0].customer_id.as_deref(), Some(c.id.as_str()));
    assert_eq!(at.next_wake, None, "nothing else is scheduled");
    assert_eq!(
        at.due_today, 1,
        "fired but still open: it stays in today's count"
    );
    assert!(tick(&mut engine, &store, due + Duration::minutes(5))
        .notices
        .is_empty());
    drop(store);
    let store = reopen(dir.path());
    let mut engine = Engine::new();
    assert!(tick(&mut engine, &store, due + Duration::hours(1))
        .notices
        .is_empty());
}

#[test]
fn what_came_due_while_closed_is_one_summary_at_start() {
    let (_d, store) = open_temp();
    for (i, name) in ["A", "B", "C"].iter().enumerate() {
        let c = store.create_customer(customer(name, &[]), t(1)).unwrap();
        let due = utc(2026, 11, 3, 9 + i as u32, 0);
        store
            .log_follow_up(&c.id, follow_up(t(2), Some(due)), t(2), &chrono::Utc)
            .unwrap();
    }
    let later = store.create_customer(customer("Later", &[]), t(1)).unwrap();
    store
        .log_follow_up(&later.id, follow_up(t(2), Some(t(20))), t(2), &chrono::Utc)
        .unwrap();
    let mut engine = Engine::new();
    let first = tick(&mut engine, &store, t(5));
    assert_eq!(first.notices.len(), 1);
    assert_eq!(first.notices[0].body, "3 follow-ups overdue");
    assert_eq!(first.notices[0].customer_id, None);
    assert_eq!(first.next_wake, Some(t(20)));
    // Once running, each reminder is its own notification.
    let second = tick(&mut engine, &store, t(20));
    assert_eq!(second.notices.len(), 1);
    assert_eq!(second.notices[0].title, "Later");
    let zh = rapport_core::reminders::summary(&first.fired, Language::Zh);
    assert_eq!(zh.body, "3 条跟进已到期");
}

#[test]
fn many_reminders_due_at_once_while_running_are_one_summary_too() {
    let (_d, store) = open_temp();
    let mut engine = Engine::new();
    assert!(tick(&mut engine, &store, t(2)).notices.is_empty());
    for n in 0..5 {
        let c = store
            .create_customer(customer(&format!("C{n}"), &[]), t(1))
            .unwrap();
        store
            .log_follow_up(&c.id, follow_up(t(2), Some(t(3))), t(2), &chrono::Utc)
            .unwrap();
    }
    let burst = tick(&mut engine, &store, t(3));
    assert_eq!(burst.notices.len(), 1);
    assert_eq!(burst.notices[0].body, "5 follow-ups overdue");
    assert_eq!(burst.fired.len(), 5);
}

#[test]
fn a_snoozed_or_rescheduled_follow_up_fires_again_at_its_new_time() {
    let (_d, store) = open_temp();
    let c = store.create_customer(customer("A", &[]), t(1)).unwrap();
    let due = utc(2026, 11, 3, 10, 0);
    let f = store
        .log_follow_up(&c.id, follow_up(t(2), Some(due)), t(2), &chrono::Utc)
        .unwrap();
    let mut engine = Engine::new();
    assert_eq!(tick(&mut engine, &store, due).notices.len(), 1);
    let snoozed = store
        .snooze_follow_up(&f.id, Snooze::OneHour, due, &Berlin)
        .unwrap();
    let new_due = snoozed.next_at.unwrap();
    let t1 = tick(&mut engine, &store, due + Duration::minutes(1));
    assert!(t1.notices.is_empty());
    assert_eq!(t1.next_wake, Some(new_due));
    assert_eq!(tick(&mut engine, &store, new_due).notices.len(), 1);
    // Editing the text of an open follow-up does not remind again.
    let mut edit = follow_up(t(2), Some(new_due));
    edit.topic = "新主题".into();
    store
        .update_follow_up(&f.id, edit, new_due, &chrono::Utc)
        .unwrap();
    assert!(tick(&mut engine, &store, new_due + Duration::minutes(2))
        .notices
        .is_empty());
    // Marking it done removes it from the schedule.
    store.complete_follow_up(&f.id, new_due).unwrap();
    assert_eq!(tick(&mut engine, &store, new_due).due_today, 0);
}

#[test]
fn trashed_customers_are_not_reminded() {
    let (_d, store) = open_temp();
    let c = store.create_customer(customer("A", &[]), t(1)).unwrap();
    store
        .log_follow_up(&c.id, follow_up(t(2), Some(t(3))), t(2), &chrono::Utc)
        .unwrap();
    store.trash_customer(&c.id, t(2)).unwrap();
    let mut engine = Engine::new();
    let after = tick(&mut engine, &store, t(4));
    assert!(after.notices.is_empty());
    assert_eq!(
        after.next_wake, None,
        "no wake-up for a reminder that will never fire"
    );
}

#[test]
fn birthdays_fire_on_the_day_at_the_reminder_time_once() {
    let (_d, store) = open_temp();
    let mut input = company_with_contacts("Acme");
    input.fields.birthday = Some(day(1980, 11, 25));
    input.fields.contacts[1].birthday = Some(day(1990, 11, 25));
    store.create_customer(input, t(1)).unwrap();
    let mut engine = Engine::new();
    // 24 Nov: the next wake is 25 Nov at 09:00 Berlin = 08:00 UTC.
    let before = tick(&mut engine, &store, utc(2026, 11, 24, 12, 0));
    assert!(before.notices.is_empty());
    assert_eq!(before.next_wake, Some(utc(2026, 11, 25, 8, 0)));
    let on = tick(&mut engine, &store, utc(2026, 11, 25, 8, 0));
    let bodies: Vec<&str> = on.notices.iter().map(|n| n.body.as_str()).collect();
    assert_eq!(bodies, ["Birthday today", "Birthday today: 李雷"]);
    let again = tick(&mut engine, &store, utc(2026, 11, 25, 12, 0));
    assert!(again.notices.is_empty());
    assert_eq!(again.next_wake, Some(utc(2027, 11, 25, 8, 0)), "next year");
}

#[test]
fn a_29_february_birthday_is_reminded_on_28_february_in_common_years() {
    let (_d, store) = open_temp();
    let mut input = customer("Leap", &[]);
    input.fields.contacts = vec![Contact {
        name: "闰".into(),
        birthday: Some(day(1996, 2, 29)),
        ..Default::default()
    }];
    store.create_customer(input, t(1)).unwrap();
    let mut engine = Engine::new();
    let jan = tick(&mut engine, &store, utc(2027, 1, 10, 12, 0));
    assert_eq!(jan.next_wake, Some(utc(2027, 2, 28, 8, 0)));
    assert_eq!(
        tick(&mut engine, &store, utc(2027, 2, 28, 8, 0))
            .notices
            .len(),
        1
    );
    // In a leap year, on the 29th itself.
    let jan28 = tick(&mut engine, &store, utc(2028, 1, 10, 12, 0));
    assert_eq!(jan28.next_wake, Some(utc(2028, 2, 29, 8, 0)));
}

#[test]
fn contract_expiry_is_reminded_the_set_number_of_days_before() {
    let (_d, store) = open_temp();
    let mut input = customer("Contract", &[]);
    input.fields.contract_expiry = Some(day(2027, 1, 10));
    let c = store.create_customer(input, t(1)).unwrap();
    let mut engine = Engine::new();
    // 30 days before 10 Jan is 11 Dec, 09:00 Berlin.
    let early = tick(&mut engine, &store, t(2));
    assert!(early.notices.is_empty());
    assert_eq!(early.next_wake, Some(utc(2026, 12, 11, 8, 0)));
    let on = tick(&mut engine, &store, utc(2026, 12, 11, 8, 0));
    assert_eq!(on.notices.len(), 1);
    assert_eq!(
        on.notices[0].body,
        "Contract expires on 2027-01-10 (in 30 days)"
    );
    assert!(tick(&mut engine, &store, utc(2026, 12, 20, 8, 0))
        .notices
        .is_empty());
    // A contract entered inside its notice period is reminded at once.
    let mut soon = customer("Soon", &[]);
    soon.fields.contract_expiry = Some(day(2026, 12, 25));
    store.create_customer(soon, t(1)).unwrap();
    let now = utc(2026, 12, 20, 9, 0);
    let n = tick(&mut engine, &store, now);
    assert_eq!(n.notices.len(), 1);
    assert_eq!(n.notices[0].title, "Soon");
    let _ = c;
}

const FIRED_CHILD_ENV: &str = "RAPPORT_FIRED_CHILD_DIR";

/// A contract's reminder shown, then the app killed at once: the mark was written with the
/// rest of the tick's state and flushed before the tick returned, so a restart does not show
/// it again. (It used to go into a batch nobody flushed when no follow-up fired with it.)
#[test]
fn a_fired_mark_survives_a_kill_right_after_the_tick() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = spawn_child("fired_mark_child", FIRED_CHILD_ENV, dir.path());
    let mut out = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    loop {
        line.clear();
        use std::io::BufRead;
        assert!(
            out.read_line(&mut line).unwrap() > 0,
            "the child ended early"
        );
        if line.contains("FIRED") {
            break;
        }
    }
    child.kill().unwrap(); // SIGKILL on Unix
    child.wait().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let now = utc(2026, 12, 20, 9, 0);
    assert_eq!(store.pending_reminders(now, &Berlin).unwrap(), vec![]);
    let again = tick(&mut Engine::new(), &store, now);
    assert!(again.notices.is_empty(), "{:?}", again.notices);
}

/// Runs only as the child of `a_fired_mark_survives_a_kill_right_after_the_tick`.
#[test]
fn fired_mark_child() {
    let Some(dir) = std::env::var_os(FIRED_CHILD_ENV) else {
        return;
    };
    let store = Store::open(std::path::Path::new(&dir)).unwrap();
    let mut input = customer("Contract", &[]);
    input.fields.contract_expiry = Some(day(2026, 12, 25));
    store.create_customer(input, t(1)).unwrap();
    let fired = tick(&mut Engine::new(), &store, utc(2026, 12, 20, 9, 0));
    assert_eq!(fired.notices.len(), 1);
    println!("\nFIRED");
    std::thread::sleep(std::time::Duration::from_secs(60));
}

/// With the private-notifications setting, no notice names the customer or says what was
/// typed about it (topic, next step, contact), in either language; a click still opens the
/// customer. Without it the name is the title.
#[test]
fn private_notifications_keep_names_and_details_off_the_lock_screen() {
    for lang in [Language::Zh, Language::En] {
        let (_d, store) = open_temp();
        let mut input = customer("华为 Huawei", &[]);
        input.fields.contract_expiry = Some(day(2026, 11, 20));
        input.fields.contacts = vec![Contact {
            name: "李娜".into(),
            birthday: Some(day(1990, 11, 3)),
            ..Default::default()
        }];
        let c = store.create_customer(input, t(1)).unwrap();
        let due = utc(2026, 11, 3, 10, 0);
        store
            .log_follow_up(&c.id, follow_up(t(2), Some(due)), t(2), &chrono::Utc)
            .unwrap();
        let mut settings = store
            .settings()
            .unwrap()
            .unwrap_or_else(|| rapport_core::model::Settings::with_language(lang));
        settings.reminders.private_notifications = true;
        store.save_settings(settings).unwrap();
        let mut engine = Engine::new();
        engine
            .tick(&store, utc(2026, 11, 1, 8, 0), &Berlin, lang)
            .unwrap();
        // Running: the contract (at start), then the birthday and the follow-up one by one.
        let mut notices = Vec::new();
        for now in [utc(2026, 11, 3, 8, 0), due] {
            notices.extend(engine.tick(&store, now, &Berlin, lang).unwrap().notices);
        }
        assert_eq!(notices.len(), 2, "{notices:?}");
        for n in &notices {
            let text = format!("{} {}", n.title, n.body);
            for secret in ["华为", "Huawei", "李娜", "报价", "发送报价单"] {
                assert!(!text.contains(secret), "{secret} in {text:?}");
            }
            assert_eq!(n.customer_id.as_deref(), Some(c.id.as_str()));
        }
        let title = if lang == Language::En {
            "Rapport reminder"
        } else {
            "客脉提醒"
        };
        assert!(notices.iter().all(|n| n.title == title), "{notices:?}");
    }
    // Off (the default): the customer's name is the title.
    let (_d, store) = open_temp();
    let c = store
        .create_customer(customer("华为 Huawei", &[]), t(1))
        .unwrap();
    let due = utc(2026, 11, 3, 10, 0);
    store
        .log_follow_up(&c.id, follow_up(t(2), Some(due)), t(2), &chrono::Utc)
        .unwrap();
    let mut engine = Engine::new();
    tick(&mut engine, &store, t(2));
    assert_eq!(
        tick(&mut engine, &store, due).notices[0].title,
        "华为 Huawei"
    );
}

#[test]
fn each_kind_has_a_private_wording_in_both_languages() {
    use rapport_core::model::{Reminder, ReminderKind};
    use rapport_core::reminders::private_notice;
    let now = utc(2026, 11, 3, 8, 0);
    for kind in [
        ReminderKind::FollowUp,
        ReminderKind::Birthday,
        ReminderKind::ContactBirthday,
        ReminderKind::ContractExpiry,
        ReminderKind::ServicePlan,
    ] {
        let r = Reminder {
            key: "k".into(),
            kind,
            due: now,
            customer_id: "01J0000000000000000000000A".into(),
            customer_name: "华为".into(),
            topic: "李娜".into(),
            next_action: "报价".into(),
            date: Some(day(2026, 11, 20)),
        };
        let zh = private_notice(&r, now, &Berlin, Language::Zh);
        let en = private_notice(&r, now, &Berlin, Language::En);
        for n in [&zh, &en] {
            assert!(!n.body.is_empty());
            assert!(!format!("{}{}", n.title, n.body).contains("华为"));
            assert!(!format!("{}{}", n.title, n.body).contains("李娜"));
        }
        assert!(en.body.is_ascii(), "{}", en.body);
        assert!(!zh.body.is_ascii(), "{}", zh.body);
    }
}
