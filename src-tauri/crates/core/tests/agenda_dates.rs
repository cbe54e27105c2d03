#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The agenda's key dates (birthdays of customers and key contacts, contract expiries) from
//! today to 7 days on, split at local midnight, with the reminders' 29 February rule; and how
//! long since the last contact on the "no next step" rows.
mod common;
use chrono::NaiveDate;
use chrono_tz::{America::New_York, Asia::Shanghai, Europe::Berlin};
use common::*;
use rapport_core::model::{
    AgendaQuery, Contact, CustomerInput, KeyDateItem, KeyDateKind, Priority, ReminderKind,
};
use rapport_core::Store;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn born(name: &str, birthday: NaiveDate) -> CustomerInput {
    let mut c = customer(name, &[]);
    c.fields.birthday = Some(birthday);
    c
}

fn with_contact(name: &str, contact: &str, birthday: NaiveDate) -> CustomerInput {
    let mut c = customer(name, &[]);
    c.fields.company = name.to_string();
    c.fields.contacts = vec![
        Contact {
            name: "没生日".into(),
            ..Default::default()
        },
        Contact {
            name: contact.into(),
            birthday: Some(birthday),
            ..Default::default()
        },
    ];
    c
}

fn expiring(name: &str, expiry: NaiveDate) -> CustomerInput {
    let mut c = customer(name, &[]);
    c.fields.contract_expiry = Some(expiry);
    c
}

type Row = (String, KeyDateKind, String, NaiveDate, u32);

fn rows(items: &[KeyDateItem]) -> Vec<Row> {
    items
        .iter()
        .map(|i| {
            (
                i.customer_name.clone(),
                i.kind,
                i.contact.clone(),
                i.date,
                i.days_away,
            )
        })
        .collect()
}

fn row(name: &str, kind: KeyDateKind, contact: &str, d: NaiveDate, away: u32) -> Row {
    (name.into(), kind, contact.into(), d, away)
}

fn key_dates(store: &Store, now: chrono::DateTime<chrono::Utc>, tz: &chrono_tz::Tz) -> Vec<Row> {
    rows(
        &store
            .agenda(&AgendaQuery::default(), now, tz)
            .unwrap()
            .key_dates
            .items,
    )
}

#[test]
fn birthdays_and_contract_expiries_of_today_and_the_next_7_days_split_at_local_midnight() {
    use KeyDateKind::*;
    let (_d, store) = open_temp();
    store
        .create_customer(born("今天生日", date(1980, 11, 23)), t(1))
        .unwrap();
    store
        .create_customer(with_contact("华东贸易", "王芳", date(1975, 11, 30)), t(1))
        .unwrap();
    store
        .create_customer(born("十二月一日", date(1990, 12, 1)), t(1))
        .unwrap();
    store
        .create_customer(expiring("续约公司", date(2026, 11, 25)), t(1))
        .unwrap();
    store
        .create_customer(expiring("已过期", date(2026, 11, 22)), t(1))
        .unwrap();
    store
        .create_customer(born("昨天生日", date(1988, 11, 22)), t(1))
        .unwrap();
    let trashed = store
        .create_customer(born("回收站", date(1988, 11, 23)), t(1))
        .unwrap();
    store.trash_customer(&trashed.id, t(2)).unwrap();

    // Monday 23 Nov 2026, 22:30 in Berlin.
    let now = utc(2026, 11, 23, 21, 30);
    let a = store.agenda(&AgendaQuery::default(), now, &Berlin).unwrap();
    assert_eq!(
        rows(&a.key_dates.items),
        [
            row("今天生日", Birthday, "", date(2026, 11, 23), 0),
            row("续约公司", ContractExpiry, "", date(2026, 11, 25), 2),
            row("华东贸易", ContactBirthday, "王芳", date(2026, 11, 30), 7),
        ]
    );
    assert_eq!((a.key_dates.total, a.key_dates.today), (3, 1));
    // Dates are not due work: nothing on the badge or the tray.
    assert_eq!(store.due_today_count(now, &Berlin).unwrap(), 0);

    // An hour later it is Tuesday in Berlin: today's birthday is gone, 1 December is in.
    let tuesday = utc(2026, 11, 23, 23, 30);
    assert_eq!(
        key_dates(&store, tuesday, &Berlin),
        [
            row("续约公司", ContractExpiry, "", date(2026, 11, 25), 1),
            row("华东贸易", ContactBirthday, "王芳", date(2026, 11, 30), 6),
            row("十二月一日", Birthday, "", date(2026, 12, 1), 7),
        ]
    );
    // The same instant is still Monday evening in New York.
    assert_eq!(
        key_dates(&store, tuesday, &New_York)[0],
        row("今天生日", Birthday, "", date(2026, 11, 23), 0)
    );
}

#[test]
fn a_29_february_birthday_falls_on_28_february_in_common_years_as_its_reminder_does() {
    use KeyDateKind::*;
    let (_d, store) = open_temp();
    store
        .create_customer(born("闰日", date(2000, 2, 29)), t(1))
        .unwrap();
    store
        .create_customer(born("二月二十八", date(1990, 2, 28)), t(1))
        .unwrap();
    // 2027 is a common year: both on the 28th, the customer's own birthday by name.
    let feb27 = utc(2027, 2, 27, 2, 0);
    assert_eq!(
        key_dates(&store, feb27, &Shanghai),
        [
            row("二月二十八", Birthday, "", date(2027, 2, 28), 1),
            row("闰日", Birthday, "", date(2027, 2, 28), 1),
        ]
    );
    // 2028 is a leap year: the 29th.
    let leap = key_dates(&store, utc(2028, 2, 27, 2, 0), &Shanghai);
    assert_eq!(leap[1], row("闰日", Birthday, "", date(2028, 2, 29), 2));
    // On 1 March 2027 the day has passed; the reminder of 28 Feb agrees on the day.
    assert!(key_dates(&store, utc(2027, 3, 1, 2, 0), &Shanghai).is_empty());
    let feb28 = utc(2027, 2, 28, 3, 0); // 11:00 in Shanghai, after the reminder time
    let reminded: Vec<_> = store
        .pending_reminders(feb28, &Shanghai)
        .unwrap()
        .into_iter()
        .filter(|r| r.kind == ReminderKind::Birthday && r.customer_name == "闰日")
        .map(|r| r.date)
        .collect();
    assert_eq!(reminded, [Some(date(2027, 2, 28))]);
    assert_eq!(
        key_dates(&store, feb28, &Shanghai)[1],
        row("闰日", Birthday, "", date(2027, 2, 28), 0)
    );
}

#[test]
fn the_window_runs_across_month_and_year_ends() {
    use KeyDateKind::*;
    let (_d, store) = open_temp();
    store
        .create_customer(born("新年", date(1985, 1, 3)), t(1))
        .unwrap();
    store
        .create_customer(expiring("年底到期", date(2026, 12, 31)), t(1))
        .unwrap();
    store
        .create_customer(born("太远", date(1985, 1, 7)), t(1))
        .unwrap();
    assert_eq!(
        key_dates(&store, utc(2026, 12, 30, 10, 0), &Shanghai),
        [
            row("年底到期", ContractExpiry, "", date(2026, 12, 31), 1),
            row("新年", Birthday, "", date(2027, 1, 3), 4),
        ]
    );
}

#[test]
fn key_dates_follow_the_owner_and_priority_filters_and_the_page_size() {
    use KeyDateKind::*;
    let (_d, store) = open_temp();
    let mut li = with_contact("李娜的客户", "赵敏", date(1970, 6, 2));
    li.fields.birthday = Some(date(1971, 6, 2));
    li.fields.owner = "李娜".into();
    li.fields.priority = Priority::High;
    store.create_customer(li, t(1)).unwrap();
    let mut wang = expiring("王强的客户", date(2026, 6, 3));
    wang.fields.owner = "王强".into();
    wang.fields.priority = Priority::Low;
    store.create_customer(wang, t(1)).unwrap();
    let now = utc(2026, 6, 1, 2, 0);
    let q = |owners: &[&str], priorities: &[Priority], limit: u32| AgendaQuery {
        owners: owners.iter().map(|s| s.to_string()).collect(),
        priorities: priorities.to_vec(),
        limit,
    };
    let li_only = store
        .agenda(&q(&["李娜"], &[], 200), now, &Shanghai)
        .unwrap();
    // The customer's own birthday before its contact's on the same day.
    assert_eq!(
        rows(&li_only.key_dates.items),
        [
            row("李娜的客户", Birthday, "", date(2026, 6, 2), 1),
            row("李娜的客户", ContactBirthday, "赵敏", date(2026, 6, 2), 1),
        ]
    );
    assert_eq!(li_only.key_dates.items[0].owner, "李娜");
    let low = store
        .agenda(&q(&[], &[Priority::Low], 200), now, &Shanghai)
        .unwrap();
    assert_eq!(
        rows(&low.key_dates.items),
        [row("王强的客户", ContractExpiry, "", date(2026, 6, 3), 2)]
    );
    let first = store.agenda(&q(&[], &[], 1), now, &Shanghai).unwrap();
    assert_eq!((first.key_dates.total, first.key_dates.items.len()), (3, 1));
}

#[test]
fn no_next_step_rows_say_when_the_customer_was_last_contacted() {
    let (_d, store) = open_temp();
    let never = store
        .create_customer(customer("从未联系", &[]), t(1))
        .unwrap();
    let called = store
        .create_customer(customer("打过电话", &[]), t(1))
        .unwrap();
    // Two done follow-ups logged out of order: the later one counts. 23:30 UTC on 20 Oct is
    // already 21 Oct in Berlin.
    for at in [utc(2026, 10, 20, 23, 30), utc(2026, 9, 1, 9, 0)] {
        store
            .log_follow_up(&called.id, follow_up(at, None), t(1), &chrono::Utc)
            .unwrap();
    }
    // An open follow-up answered later: no next step once closed, last contact the answer.
    let answered = store
        .create_customer(customer("已答复", &[]), t(1))
        .unwrap();
    let open = store
        .log_follow_up(
            &answered.id,
            follow_up(utc(2026, 11, 1, 9, 0), Some(utc(2026, 11, 5, 9, 0))),
            t(1),
            &chrono::Utc,
        )
        .unwrap();
    let mut answer = follow_up(utc(2026, 11, 21, 9, 0), None);
    answer.closes = Some(open.id.clone());
    store
        .log_follow_up(&answered.id, answer, t(1), &chrono::Utc)
        .unwrap();

    // Monday 23 Nov 2026, 10:00 in Berlin.
    let now = utc(2026, 11, 23, 9, 0);
    let a = store.agenda(&AgendaQuery::default(), now, &Berlin).unwrap();
    let seen: Vec<(&str, Option<u32>)> = a
        .no_next_step
        .iter()
        .map(|r| (r.customer_name.as_str(), r.days_since_contact))
        .collect();
    let want = |name: &str| seen.iter().find(|(n, _)| *n == name).unwrap().1;
    assert_eq!(want("从未联系"), None);
    assert_eq!(want("打过电话"), Some(33)); // 21 Oct → 23 Nov, Berlin days
    assert_eq!(want("已答复"), Some(2));
    let row = a
        .no_next_step
        .iter()
        .find(|r| r.customer_id == called.id)
        .unwrap();
    assert_eq!(row.last_contact, Some(utc(2026, 10, 20, 23, 30)));
    assert!(a
        .no_next_step
        .iter()
        .any(|r| r.customer_id == never.id && r.last_contact.is_none()));
    // In UTC the last call was on 20 Oct: one day more.
    let in_utc = store
        .agenda(&AgendaQuery::default(), now, &chrono_tz::UTC)
        .unwrap();
    let r = in_utc
        .no_next_step
        .iter()
        .find(|r| r.customer_id == called.id)
        .unwrap();
    assert_eq!(r.days_since_contact, Some(34));
}
