#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The product's core rule on every path that schedules a next follow-up: a priority set on
//! the follow-up wins, else the customer's own priority (高 3 days, 中 a week, 低 two weeks);
//! the category → priority mapping only proposes a customer's priority when it is created
//! (import) or re-categorised. Paths: the form's suggestion, logging (also from an agenda item)
//! with the agenda and the reminders it makes, the import with and without a 优先级 column,
//! and the demo book.
mod common;
use chrono::{DateTime, Utc};
use chrono_tz::Europe::Berlin;
use common::*;
use rapport_core::import::headers::map_columns;
use rapport_core::import::plan::{plan, BookIndex, PlanOptions, Sheet};
use rapport_core::import::values::DateOrder;
use rapport_core::model::{
    AgendaQuery, Category, CustomerInput, FollowUpInput, ListQuery, Priority,
};
use rapport_core::schedule::ScheduleRules;

/// Monday 23 Nov 2026, 15:00 in Berlin.
fn monday() -> DateTime<Utc> {
    utc(2026, 11, 23, 14, 0)
}

/// A 高-priority customer the category mapping would call 中 (意向客户 → 中).
fn high_but_interested() -> CustomerInput {
    let mut c = customer("高意向", &[]);
    c.fields.category = Some(Category::Interested);
    c.fields.priority = Priority::High;
    c.fields.owner = "李娜".into();
    c
}

/// An open follow-up logged on `at` with no next time and no priority of its own.
fn open_without_priority(at: DateTime<Utc>) -> FollowUpInput {
    FollowUpInput {
        at,
        topic: "报价".into(),
        priority: String::new(),
        done: false,
        ..FollowUpInput::default()
    }
}

#[test]
fn the_suggestion_uses_the_customers_priority_not_its_category() {
    let (_d, store) = open_temp();
    let c = store.create_customer(high_but_interested(), t(1)).unwrap();
    let s = store
        .suggest_follow_up(&c.id, None, monday(), &Berlin)
        .unwrap();
    assert_eq!(
        s.priority,
        Priority::High,
        "the customer's 高, not 意向客户's 中"
    );
    assert_eq!(s.next_at, utc(2026, 11, 26, 8, 0), "3 days, 09:00 Berlin");
    // A 低 customer in 准客户 (which maps to 高) waits two weeks.
    let mut low = customer("低准", &[]);
    low.fields.category = Some(Category::ReadyToBuy);
    low.fields.priority = Priority::Low;
    let low = store.create_customer(low, t(1)).unwrap();
    let s = store
        .suggest_follow_up(&low.id, None, monday(), &Berlin)
        .unwrap();
    assert_eq!(
        (s.priority, s.next_at),
        (Priority::Low, utc(2026, 12, 7, 8, 0))
    );
    // A priority set on the follow-up wins over the customer's.
    let s = store
        .suggest_follow_up(&c.id, Some(Priority::Medium), monday(), &Berlin)
        .unwrap();
    assert_eq!(
        (s.priority, s.next_at),
        (Priority::Medium, utc(2026, 11, 30, 8, 0))
    );
}

#[test]
fn a_follow_up_logged_without_a_priority_is_due_by_the_customers() {
    let (_d, store) = open_temp();
    let c = store.create_customer(high_but_interested(), t(1)).unwrap();
    let f = store
        .log_follow_up(&c.id, open_without_priority(monday()), monday(), &Berlin)
        .unwrap();
    assert_eq!(f.priority, Priority::High);
    assert_eq!(f.next_at, Some(utc(2026, 11, 26, 8, 0)));
    // Its own priority wins.
    let mut own = open_without_priority(monday());
    own.priority = "low".into();
    let f = store.log_follow_up(&c.id, own, monday(), &Berlin).unwrap();
    assert_eq!(f.next_at, Some(utc(2026, 12, 7, 8, 0)));
}

#[test]
fn logging_from_the_agenda_schedules_by_the_customer_and_the_reminder_follows() {
    let (_d, store) = open_temp();
    let c = store.create_customer(high_but_interested(), t(1)).unwrap();
    let first = store
        .log_follow_up(&c.id, follow_up(t(20), Some(monday())), t(20), &Berlin)
        .unwrap();
    // The agenda's "log" answers the open item: no priority, no next time given.
    let mut answer = open_without_priority(monday());
    answer.content = "聊了价格".into();
    answer.closes = Some(first.id.clone());
    let next = store
        .log_follow_up(&c.id, answer, monday(), &Berlin)
        .unwrap();
    let due = utc(2026, 11, 26, 8, 0);
    assert_eq!(next.next_at, Some(due));
    let agenda = store
        .agenda(&AgendaQuery::default(), monday(), &Berlin)
        .unwrap();
    assert_eq!(agenda.overdue.total + agenda.today.total, 0);
    let item = &agenda.next7_days.items[0];
    assert_eq!((item.due, item.priority), (due, Priority::High));
    // The reminder comes on that instant, not a minute before (中 would be 30 Nov).
    let before = due - chrono::Duration::minutes(1);
    assert!(store.pending_reminders(before, &Berlin).unwrap().is_empty());
    assert_eq!(
        store.next_reminder_at(monday(), &Berlin).unwrap(),
        Some(due)
    );
    let fired = store.pending_reminders(due, &Berlin).unwrap();
    assert_eq!(fired.len(), 1);
    assert_eq!(fired[0].due, due);
}

fn import_rows(header: &[&str], rows: &[&[&str]]) -> rapport_core::import::plan::Plan {
    let header: Vec<String> = header.iter().map(|s| s.to_string()).collect();
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.iter().map(|s| s.to_string()).collect())
        .collect();
    let columns = map_columns(&header);
    let sheet = Sheet {
        header: &header,
        columns: &columns,
        rows: &rows,
        first_row: 2,
    };
    let options = PlanOptions::new(DateOrder::DayFirst, Berlin, monday());
    plan(&sheet, &options, &BookIndex::default())
}

#[test]
fn an_import_without_a_priority_column_takes_the_categorys_priority() {
    let plan = import_rows(
        &["客户名称", "客户类别", "跟进内容", "下次跟进时间"],
        &[
            &["准客户公司", "准客户", "聊了需求", ""],
            &["意向公司", "意向客户", "聊了方案", ""],
            &["无类别公司", "", "打了电话", ""],
        ],
    );
    let got: Vec<(Priority, Priority)> = plan
        .customers
        .iter()
        .map(|c| {
            let f = &c.follow_ups[0];
            (
                c.input.fields.priority,
                serde_json::from_value(f.priority.clone().into()).unwrap(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (Priority::High, Priority::High),
            (Priority::Medium, Priority::Medium),
            (Priority::Low, Priority::Low),
        ],
        "the mapping proposes the priority of a customer created by the import"
    );
}

#[test]
fn an_import_with_a_priority_column_keeps_it_over_the_category() {
    let plan = import_rows(
        &["客户名称", "客户类别", "优先级", "跟进内容"],
        &[
            &["高意向公司", "意向客户", "高", "聊了需求"],
            &["低准客户", "准客户", "低", "聊了方案"],
            &["空优先级", "准客户", "", "打了电话"],
        ],
    );
    let got: Vec<Priority> = plan
        .customers
        .iter()
        .map(|c| c.input.fields.priority)
        .collect();
    assert_eq!(got, [Priority::High, Priority::Low, Priority::High]);
    assert_eq!(plan.customers[0].follow_ups[0].priority, "high");
}

#[test]
fn an_imported_customers_next_follow_up_is_scheduled_by_its_priority() {
    let (_d, store) = open_temp();
    let plan = import_rows(
        &["客户名称", "客户类别", "优先级", "跟进时间", "跟进内容"],
        &[&["高意向公司", "意向客户", "高", "2026-11-20", "聊了需求"]],
    );
    let input = plan.customers[0].input.clone();
    let c = store.create_customer(input, t(1)).unwrap();
    let s = store
        .suggest_follow_up(&c.id, None, monday(), &Berlin)
        .unwrap();
    assert_eq!(
        (s.priority, s.next_at),
        (Priority::High, utc(2026, 11, 26, 8, 0))
    );
}

#[test]
fn the_demo_books_open_follow_ups_are_due_by_their_customers_priority() {
    let (_d, store) = open_temp();
    let now = utc(2026, 11, 23, 6, 0); // 07:00 in Berlin: today's 09:00 is still to come
    store.load_demo(now, &Berlin).unwrap();
    let rules = ScheduleRules::default();
    let q = ListQuery {
        limit: 10_000,
        ..Default::default()
    };
    let mut open = 0;
    for row in store.list_customers(&q).unwrap().rows {
        let c = store.get_customer(&row.id).unwrap();
        for f in store.follow_ups_of(&row.id).unwrap() {
            assert_eq!(f.priority, c.fields.priority, "{}", c.fields.name);
            if !f.done {
                open += 1;
                let due = rules.next_due(f.at, c.fields.priority, &Berlin);
                assert_eq!(f.next_at, Some(due), "{}", c.fields.name);
            }
        }
    }
    assert!(open > 50, "most open customers have a next step ({open})");
    // Still spread over the agenda's sections.
    let a = store.agenda(&AgendaQuery::default(), now, &Berlin).unwrap();
    assert!(a.overdue.total > 0 && a.today.total > 0 && a.next7_days.total > 0);
}
