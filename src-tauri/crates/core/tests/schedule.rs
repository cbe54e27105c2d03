#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Scheduling rules with a fixed clock: intervals per priority, working days, month ends,
//! 29 February, and daylight-saving changes in Europe/Berlin and America/New_York.
use chrono::{NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::{America::New_York, Europe::Berlin};
use rapport_core::model::{Category, Priority};
use rapport_core::schedule::{default_priority, FixedClock, ScheduleRules};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn at(hour: u32, min: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(hour, min, 0).unwrap()
}

#[test]
fn each_priority_has_its_interval() {
    let r = ScheduleRules::default();
    let monday = d(2026, 11, 23);
    assert_eq!(r.due_date(monday, Priority::High), d(2026, 11, 26));
    assert_eq!(r.due_date(monday, Priority::Medium), d(2026, 11, 30));
    assert_eq!(r.due_date(monday, Priority::Low), d(2026, 12, 7));
    let edited = ScheduleRules {
        high_days: 1,
        ..ScheduleRules::default()
    };
    assert_eq!(edited.due_date(monday, Priority::High), d(2026, 11, 24));
}

#[test]
fn the_category_suggests_the_priority() {
    assert_eq!(default_priority(Some(Category::ReadyToBuy)), Priority::High);
    assert_eq!(
        default_priority(Some(Category::Interested)),
        Priority::Medium
    );
    assert_eq!(
        default_priority(Some(Category::GoodProspect)),
        Priority::Low
    );
    assert_eq!(
        default_priority(Some(Category::OrdinaryProspect)),
        Priority::Low
    );
    assert_eq!(default_priority(None), Priority::Low);
}

#[test]
fn skipping_weekends_counts_working_days() {
    let r = ScheduleRules {
        skip_weekends: true,
        ..ScheduleRules::default()
    };
    // Thursday + 3 working days = Fri, Mon, Tue.
    assert_eq!(r.due_date(d(2026, 11, 26), Priority::High), d(2026, 12, 1));
    // Friday + 3 = Mon, Tue, Wed.
    assert_eq!(r.due_date(d(2026, 11, 27), Priority::High), d(2026, 12, 2));
    // Saturday + 3 = Mon, Tue, Wed.
    assert_eq!(r.due_date(d(2026, 11, 28), Priority::High), d(2026, 12, 2));
    // Seven working days from a Monday end on the Wednesday of the week after.
    assert_eq!(
        r.due_date(d(2026, 11, 23), Priority::Medium),
        d(2026, 12, 2)
    );
    let zero = ScheduleRules {
        high_days: 0,
        skip_weekends: true,
        ..ScheduleRules::default()
    };
    assert_eq!(
        zero.due_date(d(2026, 11, 28), Priority::High),
        d(2026, 11, 30),
        "due today, but Saturday"
    );
}

#[test]
fn month_ends_and_leap_days() {
    let r = ScheduleRules::default();
    assert_eq!(r.due_date(d(2027, 1, 31), Priority::High), d(2027, 2, 3));
    assert_eq!(r.due_date(d(2028, 2, 26), Priority::High), d(2028, 2, 29));
    assert_eq!(r.due_date(d(2028, 2, 29), Priority::Medium), d(2028, 3, 7));
    assert_eq!(
        r.due_date(d(2027, 2, 26), Priority::High),
        d(2027, 3, 1),
        "no 29 February in 2027"
    );
    assert_eq!(r.due_date(d(2026, 12, 30), Priority::Low), d(2027, 1, 13));
}

#[test]
fn a_due_date_keeps_its_local_day_across_dst_in_berlin() {
    let r = ScheduleRules::default();
    // 09:00 is 08:00 UTC in winter (CET) and 07:00 UTC in summer (CEST).
    assert_eq!(
        r.due_instant(d(2026, 3, 28), &Berlin),
        Utc.with_ymd_and_hms(2026, 3, 28, 8, 0, 0).unwrap()
    );
    assert_eq!(
        r.due_instant(d(2026, 3, 29), &Berlin),
        Utc.with_ymd_and_hms(2026, 3, 29, 7, 0, 0).unwrap()
    );
    assert_eq!(
        r.due_instant(d(2026, 10, 25), &Berlin),
        Utc.with_ymd_and_hms(2026, 10, 25, 8, 0, 0).unwrap()
    );
    // 02:30 does not exist on 29 March (02:00 → 03:00): the first instant after the gap.
    let early = ScheduleRules {
        reminder_time: at(2, 30),
        ..ScheduleRules::default()
    };
    assert_eq!(
        early.due_instant(d(2026, 3, 29), &Berlin),
        Utc.with_ymd_and_hms(2026, 3, 29, 1, 0, 0).unwrap()
    );
    // 02:30 happens twice on 25 October: the first one (still summer time).
    assert_eq!(
        early.due_instant(d(2026, 10, 25), &Berlin),
        Utc.with_ymd_and_hms(2026, 10, 25, 0, 30, 0).unwrap()
    );
}

#[test]
fn a_due_date_keeps_its_local_day_across_dst_in_new_york() {
    let r = ScheduleRules::default();
    assert_eq!(
        r.due_instant(d(2026, 3, 7), &New_York),
        Utc.with_ymd_and_hms(2026, 3, 7, 14, 0, 0).unwrap()
    );
    assert_eq!(
        r.due_instant(d(2026, 3, 8), &New_York),
        Utc.with_ymd_and_hms(2026, 3, 8, 13, 0, 0).unwrap()
    );
    assert_eq!(
        r.due_instant(d(2026, 10, 31), &New_York),
        Utc.with_ymd_and_hms(2026, 10, 31, 13, 0, 0).unwrap()
    );
    assert_eq!(
        r.due_instant(d(2026, 11, 1), &New_York),
        Utc.with_ymd_and_hms(2026, 11, 1, 14, 0, 0).unwrap()
    );
}

#[test]
fn the_suggestion_counts_from_the_local_day_not_the_utc_day() {
    let r = ScheduleRules::default();
    // 23:30 UTC on 27 March is already 28 March in Berlin (00:30 CET) but still 27 March in New York.
    let clock = FixedClock(Utc.with_ymd_and_hms(2026, 3, 27, 23, 30, 0).unwrap());
    assert_eq!(
        r.suggest_next(&clock, &Berlin, Priority::High),
        Utc.with_ymd_and_hms(2026, 3, 31, 7, 0, 0).unwrap(),
        "28 March + 3 days, 09:00 summer time"
    );
    assert_eq!(
        r.suggest_next(&clock, &New_York, Priority::High),
        Utc.with_ymd_and_hms(2026, 3, 30, 13, 0, 0).unwrap(),
        "27 March + 3 days, 09:00 EDT"
    );
}
