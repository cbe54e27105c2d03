#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The stage playbook (阶段任务): a stage's key tasks in settings made for a customer entering
//! the stage (built-in and custom stages, by a board move, a follow-up or an edit), with due
//! dates at the reminder time across DST; the board's "2/5", the agenda's section, ticking,
//! re-dating, reassigning and adding by hand; a task reminds once, also across a restart;
//! the per-person figures; bad input refused with nothing written; the indexes stay right.
mod common;
use chrono::{DateTime, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::America::New_York;
use chrono_tz::Asia::Shanghai;
use common::*;
use rapport_core::error::Invalid;
use rapport_core::model::*;
use rapport_core::{CoreError, Store};
use Stage::*;

fn tpl(title: &str, due_days: u32, assignee: &str) -> TaskTemplate {
    TaskTemplate {
        title: title.into(),
        due_days,
        assignee: assignee.into(),
    }
}

fn stage(stage: Stage, name: &str, tasks: Vec<TaskTemplate>) -> StageSetting {
    StageSetting {
        stage,
        name: name.into(),
        tasks,
    }
}

/// 需求明确: 确认预算 (+2 days, the owner), 确认决策人 (+5, 李经理); a custom 样品测试 with one
/// task; 谈判中: 报价单, 合同审核.
fn playbook() -> Vec<StageSetting> {
    vec![
        stage(InitialContact, "", vec![]),
        stage(
            NeedsConfirmed,
            "",
            vec![tpl(" 确认预算 ", 2, ""), tpl("确认决策人", 5, "李经理")],
        ),
        stage(Custom1, "样品测试", vec![tpl("寄送样品", 1, "")]),
        stage(Proposal, "", vec![]),
        stage(
            Negotiation,
            "",
            vec![tpl("报价单", 0, ""), tpl("合同审核", 3, "")],
        ),
        stage(Won, "", vec![]),
        stage(Lost, "", vec![]),
    ]
}

fn book() -> (tempfile::TempDir, Store) {
    let (dir, store) = open_temp();
    let mut s = Settings::with_language(Language::Zh);
    s.stages = playbook();
    store.save_settings(s).unwrap();
    (dir, store)
}

fn owned(store: &Store, name: &str, owner: &str) -> String {
    let mut c = customer(name, &[]);
    c.fields.owner = owner.into();
    store.create_customer(c, t(1)).unwrap().id
}

fn titles(tasks: &[Task]) -> Vec<(&str, &str)> {
    tasks
        .iter()
        .map(|t| (t.title.as_str(), t.assignee.as_str()))
        .collect()
}

fn at_local(d: NaiveDate, h: u32) -> DateTime<Utc> {
    Shanghai
        .from_local_datetime(&d.and_time(NaiveTime::from_hms_opt(h, 0, 0).unwrap()))
        .unwrap()
        .with_timezone(&Utc)
}

#[test]
fn entering_a_stage_makes_its_tasks_due_at_the_reminder_time_once() {
    let (_d, store) = book();
    let id = owned(&store, "华东机电", "王伟");
    assert!(store.customer_tasks(&id).unwrap().is_empty());
    // 2026-11-03 15:00 in Shanghai.
    let now = at_local(NaiveDate::from_ymd_opt(2026, 11, 3).unwrap(), 15);
    store
        .move_stage_in(&id, NeedsConfirmed, "", now, &Shanghai)
        .unwrap();
    let tasks = store.customer_tasks(&id).unwrap();
    assert_eq!(
        titles(&tasks),
        [("确认预算", "王伟"), ("确认决策人", "李经理")]
    );
    let day = |d| at_local(NaiveDate::from_ymd_opt(2026, 11, d).unwrap(), 9);
    assert_eq!(tasks[0].due, day(5));
    assert_eq!(tasks[1].due, day(8));
    assert!(tasks
        .iter()
        .all(|t| t.stage == NeedsConfirmed && t.from_playbook && t.done_at.is_none()));
    // Leaving and coming back does not make them twice.
    store
        .move_stage_in(&id, InitialContact, "", now, &Shanghai)
        .unwrap();
    store
        .move_stage_in(&id, NeedsConfirmed, "", now, &Shanghai)
        .unwrap();
    assert_eq!(store.customer_tasks(&id).unwrap().len(), 2);
    // A stage without a playbook makes none; a custom stage's playbook works like a built-in's.
    store
        .move_stage_in(&id, Custom1, "", now, &Shanghai)
        .unwrap();
    let tasks = store.customer_tasks(&id).unwrap();
    assert_eq!(tasks.len(), 3);
    let sample = tasks.iter().find(|t| t.stage == Custom1).unwrap();
    assert_eq!((sample.title.as_str(), sample.due), ("寄送样品", day(4)));
    store.verify_indexes().unwrap();
}

#[test]
fn a_follow_up_or_an_edit_that_moves_the_stage_makes_the_tasks_too() {
    let (_d, store) = book();
    let a = owned(&store, "甲", "王伟");
    let mut f = follow_up(t(3), Some(t(9)));
    f.stage = Some(Negotiation);
    store.log_follow_up(&a, f, t(3), &Utc).unwrap();
    assert_eq!(
        titles(&store.customer_tasks(&a).unwrap()),
        [("报价单", "王伟"), ("合同审核", "王伟")]
    );
    let b = owned(&store, "乙", "赵敏");
    let mut input = customer("乙", &[]);
    input.fields.owner = "赵敏".into();
    input.fields.stage = Custom1;
    store
        .update_customer_in(&b, input.clone(), t(3), &Utc)
        .unwrap();
    assert_eq!(
        titles(&store.customer_tasks(&b).unwrap()),
        [("寄送样品", "赵敏")]
    );
    // Saving again without a stage change adds nothing.
    store.update_customer_in(&b, input, t(4), &Utc).unwrap();
    assert_eq!(store.customer_tasks(&b).unwrap().len(), 1);
    store.verify_indexes().unwrap();
}

#[test]
fn due_days_count_local_days_across_a_dst_change() {
    let (_d, store) = book();
    let id = owned(&store, "Acme", "Ann");
    // Friday 2026-10-30 noon in New York (EDT, UTC−4); clocks go back on Sunday 1 November.
    let now = New_York
        .with_ymd_and_hms(2026, 10, 30, 12, 0, 0)
        .unwrap()
        .with_timezone(&Utc);
    store
        .move_stage_in(&id, NeedsConfirmed, "", now, &New_York)
        .unwrap();
    let tasks = store.customer_tasks(&id).unwrap();
    // +2 days: Sunday 1 Nov 09:00 EST (UTC−5) = 14:00 UTC, not 13:00.
    assert_eq!(
        tasks[0].due,
        Utc.with_ymd_and_hms(2026, 11, 1, 14, 0, 0).unwrap()
    );
    // +5 days: Wednesday 4 Nov 09:00 EST.
    assert_eq!(
        tasks[1].due,
        Utc.with_ymd_and_hms(2026, 11, 4, 14, 0, 0).unwrap()
    );
    // Spring forward with a reminder time in the gap: 2027-03-14 02:30 does not exist in New
    // York; the task is due at the first minute after the gap (03:00 EDT).
    let mut s = store.settings().unwrap().unwrap();
    s.schedule.reminder_time = "02:30".into();
    store.save_settings(s).unwrap();
    let other = owned(&store, "Beta", "Ann");
    let now = New_York
        .with_ymd_and_hms(2027, 3, 12, 12, 0, 0)
        .unwrap()
        .with_timezone(&Utc);
    store
        .move_stage_in(&other, NeedsConfirmed, "", now, &New_York)
        .unwrap();
    let first = &store.customer_tasks(&other).unwrap()[0];
    assert_eq!(
        first.due,
        Utc.with_ymd_and_hms(2027, 3, 14, 7, 0, 0).unwrap()
    );
}

#[test]
fn the_board_card_counts_the_current_stages_tasks_and_ticking_moves_it() {
    let (_d, store) = book();
    let id = owned(&store, "华东机电", "王伟");
    store.move_stage(&id, Negotiation, "", t(3)).unwrap();
    let card = |store: &Store| {
        let board = store.board(&BoardQuery::default(), 50, t(3)).unwrap();
        let col = board
            .columns
            .into_iter()
            .find(|c| c.stage == Negotiation)
            .unwrap();
        let c = col.cards.into_iter().find(|c| c.id == id).unwrap();
        (c.tasks_done, c.tasks_total)
    };
    assert_eq!(card(&store), (0, 2));
    let first = store.customer_tasks(&id).unwrap()[0].id.clone();
    let ticked = store
        .update_task(
            &first,
            TaskPatch {
                done: Some(true),
                ..Default::default()
            },
            t(4),
        )
        .unwrap();
    assert_eq!(ticked.done_at, Some(t(4)));
    assert_eq!(card(&store), (1, 2));
    let col = store
        .board_column(&BoardQuery::default(), Negotiation, 0, 10, t(3))
        .unwrap();
    assert_eq!((col.cards[0].tasks_done, col.cards[0].tasks_total), (1, 2));
    store.verify_indexes().unwrap();
}

#[test]
fn the_agenda_lists_open_tasks_by_due_filtered_by_assignee() {
    let (_d, store) = book();
    let id = owned(&store, "华东机电", "王伟");
    store.move_stage(&id, NeedsConfirmed, "", t(3)).unwrap();
    let hand = store
        .add_task(
            &id,
            TaskInput {
                title: " 寄资料 ".into(),
                due: t(2),
                assignee: String::new(),
            },
            t(1),
        )
        .unwrap();
    assert_eq!(
        (hand.title.as_str(), hand.assignee.as_str()),
        ("寄资料", "王伟")
    );
    assert_eq!(hand.stage, NeedsConfirmed);
    assert!(!hand.from_playbook);
    let agenda = store.agenda(&AgendaQuery::default(), t(3), &Utc).unwrap();
    let s = &agenda.tasks;
    assert_eq!((s.total, s.overdue, s.due_today), (3, 1, 1));
    let order: Vec<&str> = s.items.iter().map(|i| i.title.as_str()).collect();
    assert_eq!(order, ["寄资料", "确认预算", "确认决策人"]);
    assert_eq!(s.items[0].customer_name, "华东机电");
    let mine = AgendaQuery {
        owners: vec!["李经理".into()],
        ..Default::default()
    };
    let only = store.agenda(&mine, t(3), &Utc).unwrap().tasks;
    assert_eq!(only.total, 1);
    assert_eq!(only.items[0].title, "确认决策人");
    // The tray counts the overdue one with today's work.
    assert_eq!(store.due_today_count(t(3), &Utc).unwrap(), 1);
    // Reassigned, re-dated, ticked: the section follows.
    store
        .update_task(
            &hand.id,
            TaskPatch {
                assignee: Some("李经理".into()),
                due: Some(t(20)),
                ..Default::default()
            },
            t(3),
        )
        .unwrap();
    let only = store.agenda(&mine, t(3), &Utc).unwrap().tasks;
    assert_eq!(only.total, 2);
    assert_eq!(only.overdue, 0);
    store
        .update_task(
            &hand.id,
            TaskPatch {
                done: Some(true),
                ..Default::default()
            },
            t(4),
        )
        .unwrap();
    assert_eq!(store.agenda(&mine, t(3), &Utc).unwrap().tasks.total, 1);
    // A trashed customer's tasks leave the agenda; purging removes them.
    store.trash_customer(&id, t(5)).unwrap();
    assert_eq!(
        store
            .agenda(&AgendaQuery::default(), t(5), &Utc)
            .unwrap()
            .tasks
            .total,
        0
    );
    store.purge_customer(&id).unwrap();
    assert!(store.customer_tasks(&id).unwrap().is_empty());
    store.verify_indexes().unwrap();
}

#[test]
fn a_task_reminds_once_even_after_a_restart_and_again_when_re_dated() {
    let (dir, store) = book();
    let id = owned(&store, "华东机电", "王伟");
    store.move_stage(&id, Negotiation, "", t(3)).unwrap();
    // 报价单 is due on the 3rd at 09:00, 合同审核 on the 6th.
    let due = Utc.with_ymd_and_hms(2026, 11, 3, 9, 0, 0).unwrap();
    assert_eq!(store.next_reminder_at(t(1), &Utc).unwrap(), Some(due));
    let later = due + Duration::minutes(1);
    let pending = store.pending_reminders(later, &Utc).unwrap();
    let tasks: Vec<&Reminder> = pending
        .iter()
        .filter(|r| r.kind == ReminderKind::Task)
        .collect();
    assert_eq!(tasks.len(), 1);
    assert_eq!(tasks[0].topic, "报价单");
    assert_eq!(tasks[0].customer_name, "华东机电");
    let notice = rapport_core::reminders::notice(tasks[0], later, &Utc, Language::Zh);
    assert_eq!(notice.body, "阶段任务到期：报价单");
    store.mark_reminders_fired(&pending, later).unwrap();
    assert!(store.pending_reminders(later, &Utc).unwrap().is_empty());
    let six = Utc.with_ymd_and_hms(2026, 11, 6, 9, 0, 0).unwrap();
    assert_eq!(store.next_reminder_at(later, &Utc).unwrap(), Some(six));
    drop(store);
    let store = reopen(dir.path());
    assert!(store.pending_reminders(later, &Utc).unwrap().is_empty());
    // Reassigning keeps it reminded; re-dating makes it remind again at its new time.
    let quote = store.customer_tasks(&id).unwrap()[0].clone();
    store
        .update_task(
            &quote.id,
            TaskPatch {
                assignee: Some("赵敏".into()),
                ..Default::default()
            },
            later,
        )
        .unwrap();
    assert!(store.pending_reminders(later, &Utc).unwrap().is_empty());
    let new_due = due + Duration::hours(3);
    store
        .update_task(
            &quote.id,
            TaskPatch {
                due: Some(new_due),
                ..Default::default()
            },
            later,
        )
        .unwrap();
    assert_eq!(store.next_reminder_at(later, &Utc).unwrap(), Some(new_due));
    let again = store.pending_reminders(new_due, &Utc).unwrap();
    assert_eq!(again.len(), 1);
    // A ticked task never reminds.
    store
        .update_task(
            &quote.id,
            TaskPatch {
                done: Some(true),
                ..Default::default()
            },
            later,
        )
        .unwrap();
    assert!(store.pending_reminders(new_due, &Utc).unwrap().is_empty());
    store.verify_indexes().unwrap();
}

#[test]
fn the_figures_count_tasks_done_on_time_per_person() {
    let (_d, store) = book();
    let id = owned(&store, "华东机电", "王伟");
    store.move_stage(&id, NeedsConfirmed, "", t(1)).unwrap();
    let tasks = store.customer_tasks(&id).unwrap();
    // 确认预算 (王伟, due the 3rd) done on the 2nd; 确认决策人 (李经理, due the 6th) done late.
    let tick = |id: &str, at| {
        store
            .update_task(
                id,
                TaskPatch {
                    done: Some(true),
                    ..Default::default()
                },
                at,
            )
            .unwrap();
    };
    tick(&tasks[0].id, t(2));
    tick(&tasks[1].id, t(9));
    store.move_stage(&id, Negotiation, "", t(9)).unwrap();
    let figures = store.task_figures(t(20)).unwrap();
    let of = |who: &str| figures.iter().find(|p| p.assignee == who).cloned().unwrap();
    assert_eq!(
        (of("王伟").done, of("王伟").on_time, of("王伟").overdue),
        (1, 1, 2)
    );
    assert_eq!((of("李经理").done, of("李经理").on_time), (1, 0));
    // At the move both negotiation tasks are still to come (报价单 due that very minute).
    assert_eq!(
        store
            .task_figures(t(9))
            .unwrap()
            .iter()
            .map(|p| p.open)
            .sum::<u32>(),
        2
    );
}

#[test]
fn bad_input_is_refused_naming_the_field_and_nothing_changes() {
    let (_d, store) = book();
    let before = store.settings().unwrap();
    let mut s = before.clone().unwrap();
    s.stages[1].tasks[1].title = "  ".into();
    assert_eq!(
        store.save_settings(s.clone()),
        Err(CoreError::invalid(
            "stages[1].tasks[1].title",
            Invalid::Required
        ))
    );
    s.stages[1].tasks[1].title = "确认决策人".into();
    s.stages[1].tasks[1].due_days = 400;
    assert_eq!(
        store.save_settings(s),
        Err(CoreError::invalid(
            "stages[1].tasks[1].dueDays",
            Invalid::OutOfRange { min: 0, max: 365 }
        ))
    );
    assert_eq!(store.settings().unwrap(), before);
    let id = owned(&store, "华东机电", "王伟");
    let input = |title: &str| TaskInput {
        title: title.into(),
        due: t(2),
        assignee: String::new(),
    };
    assert_eq!(
        store.add_task(&id, input(""), t(1)),
        Err(CoreError::invalid("task.title", Invalid::Required))
    );
    let msg = |e: &CoreError, lang| rapport_core::i18n::message(e, lang);
    let stage_err = CoreError::invalid("stages[1].tasks[0].title", Invalid::Required);
    assert_eq!(
        msg(&stage_err, Language::Zh),
        "阶段 2 – 任务 1 – 名称：不能为空"
    );
    assert_eq!(
        msg(&stage_err, Language::En),
        "Stage 2 – Task 1 – Name is required"
    );
    assert!(matches!(
        store.add_task("01J00000000000000000000000", input("x"), t(1)),
        Err(CoreError::NotFound { .. })
    ));
    assert!(matches!(
        store.update_task("01J00000000000000000000000", TaskPatch::default(), t(1)),
        Err(CoreError::NotFound { .. })
    ));
    assert!(store.customer_tasks(&id).unwrap().is_empty());
    let zh = rapport_core::i18n::message(
        &CoreError::NotFound {
            entity: rapport_core::error::Entity::Task,
            id: "x".into(),
        },
        Language::Zh,
    );
    assert!(zh.contains("阶段任务"), "{zh}");
}
