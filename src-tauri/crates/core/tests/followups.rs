#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Follow-up records: logging with a stage change in one save, the timeline, closing an open
//! follow-up, completing, snoozing, deleting, and every bad input refused with nothing written.
mod common;
use chrono::Duration;
use chrono_tz::Europe::Berlin;
use common::*;
use rapport_core::error::{CoreError, Invalid};
use rapport_core::model::{
    AgendaQuery, Category, HistoryChange, ListQuery, Priority, Snooze, Stage, TimelineEntry,
};

fn invalid(field: &str, reason: Invalid) -> CoreError {
    CoreError::invalid(field, reason)
}

fn open_count(store: &rapport_core::Store, now: chrono::DateTime<chrono::Utc>) -> u32 {
    let a = store.agenda(&AgendaQuery::default(), now, &Berlin).unwrap();
    a.overdue.total + a.today.total + a.next7_days.total + a.later.total
}

#[test]
fn logging_a_follow_up_can_move_the_stage_and_category_in_the_same_save() {
    let (_d, store) = open_temp();
    let c = store
        .create_customer(company_with_contacts("华为"), t(1))
        .unwrap();
    let mut input = follow_up(t(2), Some(t(5)));
    input.contact = "王芳".into();
    input.stage = Some(Stage::Negotiation);
    input.category = Some(Category::ReadyToBuy);
    let f = store
        .log_follow_up(&c.id, input, t(2), &chrono::Utc)
        .unwrap();
    assert!(!f.done);
    assert_eq!(f.priority, Priority::High);
    let c = store.get_customer(&c.id).unwrap();
    assert_eq!(c.fields.stage, Stage::Negotiation);
    assert_eq!(c.fields.category, Some(Category::ReadyToBuy));
    let timeline = store.timeline(&c.id).unwrap();
    assert_eq!(timeline.len(), 3, "{timeline:?}");
    let stage_change = timeline.iter().find_map(|e| match e {
        TimelineEntry::Change(h) => match &h.change {
            HistoryChange::Stage { from, to } => Some((*from, *to, h.follow_up_id.clone())),
            _ => None,
        },
        _ => None,
    });
    assert_eq!(
        stage_change,
        Some((Stage::Proposal, Stage::Negotiation, Some(f.id.clone())))
    );
    // The list row knows the next step.
    let page = store.list_customers(&ListQuery::default()).unwrap();
    assert_eq!(page.rows[0].next_due, Some(t(5)));
}

#[test]
fn the_timeline_is_newest_first_and_includes_form_stage_changes() {
    let (_d, store) = open_temp();
    let c = store.create_customer(customer("Acme", &[]), t(1)).unwrap();
    store
        .log_follow_up(&c.id, follow_up(t(2), None), t(2), &chrono::Utc)
        .unwrap();
    let mut edit = customer("Acme", &[]);
    edit.fields.stage = Stage::NeedsConfirmed;
    store.update_customer(&c.id, edit, t(3)).unwrap();
    store
        .log_follow_up(&c.id, follow_up(t(4), None), t(4), &chrono::Utc)
        .unwrap();
    let kinds: Vec<&str> = store
        .timeline(&c.id)
        .unwrap()
        .iter()
        .map(|e| match e {
            TimelineEntry::FollowUp(_) => "followUp",
            TimelineEntry::Change(_) => "change",
            _ => "record",
        })
        .collect();
    assert_eq!(kinds, ["followUp", "change", "followUp"]);
}

#[test]
fn bad_input_is_a_field_error_and_writes_nothing() {
    let (_d, store) = open_temp();
    let c = store
        .create_customer(company_with_contacts("华为"), t(1))
        .unwrap();
    let before = store.get_customer(&c.id).unwrap();
    let base = || follow_up(t(2), Some(t(5)));
    let cases = vec![
        (
            {
                let mut i = base();
                i.at = utc(1969, 12, 31, 23, 0);
                i
            },
            invalid("at", Invalid::TimeOutOfRange),
        ),
        (
            {
                let mut i = base();
                i.at = utc(2101, 1, 1, 0, 0);
                i.next_at = None;
                i.done = true;
                i
            },
            invalid("at", Invalid::TimeOutOfRange),
        ),
        (
            {
                let mut i = base();
                i.next_at = Some(t(1));
                i
            },
            invalid("nextAt", Invalid::BeforeFollowUp),
        ),
        (
            {
                let mut i = base();
                i.method = "telepathy".into();
                i
            },
            invalid("method", Invalid::UnknownChoice),
        ),
        (
            {
                let mut i = base();
                i.priority = "urgent".into();
                i
            },
            invalid("priority", Invalid::UnknownChoice),
        ),
        (
            {
                let mut i = base();
                i.done = true;
                i.content = "  ".into();
                i
            },
            invalid("content", Invalid::RequiredWhenDone),
        ),
        (
            {
                let mut i = base();
                i.contact = "陌生人".into();
                i
            },
            invalid("contact", Invalid::NotAContact),
        ),
        (
            {
                let mut i = base();
                i.stage = Some(Stage::Lost);
                i
            },
            invalid("lostReason", Invalid::LostReasonRequired),
        ),
    ];
    for (input, expected) in cases {
        assert_eq!(
            store
                .log_follow_up(&c.id, input.clone(), t(2), &chrono::Utc)
                .unwrap_err(),
            expected,
            "{input:?}"
        );
    }
    assert!(store.timeline(&c.id).unwrap().is_empty());
    assert_eq!(store.get_customer(&c.id).unwrap(), before);
    assert_eq!(open_count(&store, t(2)), 0);
    store.verify_indexes().unwrap();
}

#[test]
fn an_open_follow_up_without_a_next_time_is_due_after_its_priority_interval() {
    let (_d, store) = open_temp();
    let c = store.create_customer(customer("A", &[]), t(1)).unwrap();
    // Logged on Monday 23 Nov 2026 at 15:00 Berlin; 高 high = 3 days, reminded at 09:00 local.
    let mut open = follow_up(utc(2026, 11, 23, 14, 0), None);
    open.done = false;
    let f = store
        .log_follow_up(&c.id, open.clone(), t(23), &Berlin)
        .unwrap();
    assert_eq!(f.next_at, Some(utc(2026, 11, 26, 8, 0)));
    // Low = 14 days, and across the DST change at the end of March it is still 09:00 local.
    open.priority = "low".into();
    open.at = utc(2027, 3, 20, 10, 0);
    let f = store.log_follow_up(&c.id, open, t(23), &Berlin).unwrap();
    assert_eq!(f.next_at, Some(utc(2027, 4, 3, 7, 0)));
}

#[test]
fn a_follow_up_sent_without_a_time_is_refused_on_that_field() {
    let (_d, store) = open_temp();
    let c = store.create_customer(customer("A", &[]), t(1)).unwrap();
    let input: rapport_core::model::FollowUpInput =
        serde_json::from_str(r#"{"content": "聊了价格", "done": true}"#).unwrap();
    assert_eq!(
        store
            .log_follow_up(&c.id, input, t(2), &chrono::Utc)
            .unwrap_err(),
        invalid("at", Invalid::TimeOutOfRange)
    );
}

#[test]
fn a_message_names_the_field_in_both_languages() {
    use rapport_core::i18n::message;
    use rapport_core::model::Language;
    let e = invalid("nextAt", Invalid::BeforeFollowUp);
    assert_eq!(
        message(&e, Language::En),
        "Next follow-up time cannot be before the follow-up itself"
    );
    assert_eq!(
        message(&e, Language::Zh),
        "下次跟进时间：不能早于本次跟进时间"
    );
}

#[test]
fn logging_from_an_agenda_item_closes_it_in_the_same_save() {
    let (_d, store) = open_temp();
    let a = store.create_customer(customer("A", &[]), t(1)).unwrap();
    let b = store.create_customer(customer("B", &[]), t(1)).unwrap();
    let first = store
        .log_follow_up(&a.id, follow_up(t(2), Some(t(5))), t(2), &chrono::Utc)
        .unwrap();
    let other = store
        .log_follow_up(&b.id, follow_up(t(2), Some(t(6))), t(2), &chrono::Utc)
        .unwrap();
    // Closing another customer's follow-up is refused, and nothing is logged.
    let mut wrong = follow_up(t(5), Some(t(9)));
    wrong.closes = Some(other.id.clone());
    assert_eq!(
        store
            .log_follow_up(&a.id, wrong, t(5), &chrono::Utc)
            .unwrap_err(),
        invalid("closes", Invalid::NotOpen)
    );
    assert_eq!(store.follow_ups_of(&a.id).unwrap().len(), 1);
    let mut answer = follow_up(t(5), Some(t(9)));
    answer.closes = Some(first.id.clone());
    store
        .log_follow_up(&a.id, answer, t(5), &chrono::Utc)
        .unwrap();
    assert!(store.get_follow_up(&first.id).unwrap().done);
    let agenda = store
        .agenda(&AgendaQuery::default(), t(5), &Berlin)
        .unwrap();
    let ids: Vec<_> = agenda
        .next7_days
        .items
        .iter()
        .chain(&agenda.overdue.items)
        .chain(&agenda.today.items)
        .map(|i| i.customer_name.clone())
        .collect();
    assert_eq!(ids, ["B", "A"], "B due on the 6th, A's new one on the 9th");
}

#[test]
fn completing_needs_content_and_removes_the_item() {
    let (_d, store) = open_temp();
    let c = store.create_customer(customer("A", &[]), t(1)).unwrap();
    let mut plan = follow_up(t(2), Some(t(3)));
    plan.content.clear();
    let plan = store
        .log_follow_up(&c.id, plan, t(2), &chrono::Utc)
        .unwrap();
    assert_eq!(
        store.complete_follow_up(&plan.id, t(3)).unwrap_err(),
        invalid("content", Invalid::RequiredWhenDone)
    );
    assert_eq!(open_count(&store, t(3)), 1);
    let logged = store
        .log_follow_up(&c.id, follow_up(t(2), Some(t(4))), t(2), &chrono::Utc)
        .unwrap();
    assert!(store.complete_follow_up(&logged.id, t(3)).unwrap().done);
    assert_eq!(open_count(&store, t(3)), 1);
    store.verify_indexes().unwrap();
}

#[test]
fn snoozing_moves_the_due_time_by_the_rules() {
    let (_d, store) = open_temp();
    let c = store.create_customer(customer("A", &[]), t(1)).unwrap();
    let f = store
        .log_follow_up(&c.id, follow_up(t(2), Some(t(3))), t(2), &chrono::Utc)
        .unwrap();
    let now = utc(2026, 11, 3, 14, 30);
    let hour = store
        .snooze_follow_up(&f.id, Snooze::OneHour, now, &Berlin)
        .unwrap();
    assert_eq!(hour.next_at, Some(now + Duration::hours(1)));
    // Tomorrow at 09:00 Berlin (UTC+1 in November).
    let tomorrow = store
        .snooze_follow_up(&f.id, Snooze::TomorrowMorning, now, &Berlin)
        .unwrap();
    assert_eq!(tomorrow.next_at, Some(utc(2026, 11, 4, 8, 0)));
    let week = store
        .snooze_follow_up(&f.id, Snooze::NextWeek, now, &Berlin)
        .unwrap();
    assert_eq!(week.next_at, Some(utc(2026, 11, 10, 8, 0)));
    assert_eq!(
        store
            .snooze_follow_up(&f.id, Snooze::Until(t(1)), now, &Berlin)
            .unwrap_err(),
        invalid("until", Invalid::BeforeFollowUp)
    );
    let agenda = store.agenda(&AgendaQuery::default(), now, &Berlin).unwrap();
    assert_eq!(agenda.next7_days.items[0].due, utc(2026, 11, 10, 8, 0));
    store.complete_follow_up(&f.id, now).unwrap();
    assert_eq!(
        store
            .snooze_follow_up(&f.id, Snooze::OneHour, now, &Berlin)
            .unwrap_err(),
        invalid("id", Invalid::NotOpen)
    );
}

#[test]
fn deleting_and_purging_leave_no_index_entry_behind() {
    let (dir, store) = open_temp();
    let c = store.create_customer(customer("A", &[]), t(1)).unwrap();
    let keep = store.create_customer(customer("B", &[]), t(1)).unwrap();
    let f = store
        .log_follow_up(&c.id, follow_up(t(2), Some(t(3))), t(2), &chrono::Utc)
        .unwrap();
    store
        .log_follow_up(&c.id, follow_up(t(2), Some(t(4))), t(2), &chrono::Utc)
        .unwrap();
    store
        .log_follow_up(&keep.id, follow_up(t(2), Some(t(4))), t(2), &chrono::Utc)
        .unwrap();
    store.delete_follow_up(&f.id).unwrap();
    assert_eq!(store.follow_ups_of(&c.id).unwrap().len(), 1);
    store.trash_customer(&c.id, t(3)).unwrap();
    assert_eq!(
        open_count(&store, t(2)),
        1,
        "a trashed customer's follow-ups are hidden"
    );
    store.purge_customer(&c.id).unwrap();
    store.verify_indexes().unwrap();
    drop(store);
    let store = reopen(dir.path());
    assert_eq!(open_count(&store, t(2)), 1);
    assert!(store.follow_ups_of(&c.id).unwrap().is_empty());
    store.verify_indexes().unwrap();
}

#[test]
fn the_due_index_survives_a_restart() {
    let (dir, store) = open_temp();
    let c = store.create_customer(customer("A", &[]), t(1)).unwrap();
    store
        .log_follow_up(&c.id, follow_up(t(2), Some(t(3))), t(2), &chrono::Utc)
        .unwrap();
    let before = store
        .agenda(&AgendaQuery::default(), t(2), &Berlin)
        .unwrap();
    drop(store);
    let store = reopen(dir.path());
    assert_eq!(
        store
            .agenda(&AgendaQuery::default(), t(2), &Berlin)
            .unwrap(),
        before
    );
    assert_eq!(before.next7_days.total, 1);
}

#[test]
fn the_suggestion_follows_the_customers_priority_and_the_edited_intervals() {
    let (_d, store) = open_temp();
    let mut input = customer("A", &[]);
    input.fields.category = Some(Category::Interested);
    input.fields.priority = Priority::High;
    input.fields.owner = "李娜".into();
    let c = store.create_customer(input, t(1)).unwrap();
    let now = utc(2026, 11, 23, 15, 0); // a Monday
    let s = store.suggest_follow_up(&c.id, None, now, &Berlin).unwrap();
    assert_eq!(s.priority, Priority::High);
    assert_eq!(s.next_at, utc(2026, 11, 26, 8, 0));
    assert_eq!(s.next_by, "李娜");
    let mut settings = rapport_core::model::Settings::with_language(Default::default());
    settings.schedule.low_days = 2;
    settings.schedule.skip_weekends = true;
    settings.schedule.reminder_time = "10:30".into();
    store.save_settings(settings).unwrap();
    let friday = utc(2026, 11, 27, 15, 0);
    let s = store
        .suggest_follow_up(&c.id, Some(Priority::Low), friday, &Berlin)
        .unwrap();
    assert_eq!(
        s.next_at,
        utc(2026, 12, 1, 9, 30),
        "two working days after Friday"
    );
}
