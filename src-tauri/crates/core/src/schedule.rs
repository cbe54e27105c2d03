//! Priority-based follow-up scheduling (groundwork for the follow-up issue): when the next
//! follow-up of a customer is due. Pure functions of a clock and a time zone, so tests can move
//! time across daylight-saving changes, month ends and leap days.
//!
//! Rules: 高 high = within 3 days, 中 medium = 1 week, 低 low = 2 weeks (editable). With
//! "skip weekends" the days counted are working days (Mon–Fri). A due *date* becomes a due
//! *instant* at the reminder time of day (default 09:00) in the user's time zone, so it stays on
//! the same local calendar day whatever the UTC offset of that day.
use crate::model::{Category, CategoryPriorities, Priority, ScheduleSettings, Snooze};
use chrono::{
    DateTime, Datelike, Days, Duration, LocalResult, NaiveDate, NaiveTime, TimeZone, Utc, Weekday,
};

/// Where "now" comes from: the system clock in the app, a fixed or moving one in tests.
pub trait Clock {
    fn now(&self) -> DateTime<Utc>;
}

pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock that says what it is told (tests).
pub struct FixedClock(pub DateTime<Utc>);

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        self.0
    }
}

/// The scheduling settings a user can edit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScheduleRules {
    pub high_days: u32,
    pub medium_days: u32,
    pub low_days: u32,
    pub skip_weekends: bool,
    /// When a date-only due date is reminded, in local time.
    pub reminder_time: NaiveTime,
}

impl Default for ScheduleRules {
    fn default() -> Self {
        ScheduleRules {
            high_days: 3,
            medium_days: 7,
            low_days: 14,
            skip_weekends: false,
            reminder_time: NaiveTime::from_hms_opt(9, 0, 0).unwrap_or_default(),
        }
    }
}

/// The priority that schedules a follow-up: the one set on the follow-up wins, else the
/// customer's own. The category mapping is not consulted here: it only proposes a customer's
/// priority when the customer is created or re-categorised (and the user may change it).
pub fn follow_up_priority(own: Option<Priority>, customer: Priority) -> Priority {
    own.unwrap_or(customer)
}

/// The priority a customer's category suggests by default: 准客户 → 高, 意向客户 → 中, the
/// rest (and no category) → 低.
pub fn default_priority(category: Option<Category>) -> Priority {
    category_priority(&CategoryPriorities::default(), category)
}

/// The priority a customer's category suggests with the user's own mapping.
pub fn category_priority(map: &CategoryPriorities, category: Option<Category>) -> Priority {
    match category {
        Some(Category::ReadyToBuy) => map.ready_to_buy,
        Some(Category::Interested) => map.interested,
        Some(Category::GoodProspect) => map.good_prospect,
        Some(Category::OrdinaryProspect) => map.ordinary_prospect,
        None => map.uncategorised,
    }
}

/// "HH:MM" (or "HH:MM:SS") as a time of day.
pub fn parse_time_of_day(s: &str) -> Option<NaiveTime> {
    NaiveTime::parse_from_str(s.trim(), "%H:%M")
        .or_else(|_| NaiveTime::parse_from_str(s.trim(), "%H:%M:%S"))
        .ok()
}

impl From<&ScheduleSettings> for ScheduleRules {
    fn from(s: &ScheduleSettings) -> Self {
        let default = ScheduleRules::default();
        ScheduleRules {
            high_days: s.high_days,
            medium_days: s.medium_days,
            low_days: s.low_days,
            skip_weekends: s.skip_weekends,
            reminder_time: parse_time_of_day(&s.reminder_time).unwrap_or(default.reminder_time),
        }
    }
}

/// The local calendar day of `t` in `tz`.
pub fn local_date<Tz: TimeZone>(t: DateTime<Utc>, tz: &Tz) -> NaiveDate {
    t.with_timezone(tz).date_naive()
}

/// The first instant of the local day `date` (midnight, or the end of a gap at midnight).
pub fn start_of_day<Tz: TimeZone>(date: NaiveDate, tz: &Tz) -> DateTime<Utc> {
    let rules = ScheduleRules {
        reminder_time: NaiveTime::MIN,
        ..ScheduleRules::default()
    };
    rules.due_instant(date, tz)
}

fn is_weekend(d: NaiveDate) -> bool {
    matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

impl ScheduleRules {
    pub fn interval_days(&self, p: Priority) -> u32 {
        match p {
            Priority::High => self.high_days,
            Priority::Medium => self.medium_days,
            Priority::Low => self.low_days,
        }
    }

    /// The local calendar day a follow-up logged on `from` is due, for priority `p`.
    pub fn due_date(&self, from: NaiveDate, p: Priority) -> NaiveDate {
        let days = self.interval_days(p);
        if !self.skip_weekends {
            return from
                .checked_add_days(Days::new(days.into()))
                .unwrap_or(NaiveDate::MAX);
        }
        let mut d = from;
        let mut left = days;
        while left > 0 {
            d = d.succ_opt().unwrap_or(NaiveDate::MAX);
            if !is_weekend(d) {
                left -= 1;
            }
        }
        // A zero interval that lands on a weekend still waits for Monday.
        while is_weekend(d) {
            d = d.succ_opt().unwrap_or(NaiveDate::MAX);
        }
        d
    }

    /// The instant a local due date is reminded: at the reminder time in `tz`. A time that does
    /// not exist that day (the spring-forward gap) moves to the first instant after the gap; a
    /// time that exists twice (fall back) takes the first.
    pub fn due_instant<Tz: TimeZone>(&self, date: NaiveDate, tz: &Tz) -> DateTime<Utc> {
        let local = date.and_time(self.reminder_time);
        let mut probe = local;
        loop {
            match tz.from_local_datetime(&probe) {
                LocalResult::Single(t) => return t.with_timezone(&Utc),
                LocalResult::Ambiguous(first, _) => return first.with_timezone(&Utc),
                // Gaps are at most a few hours; step a minute at a time out of it.
                LocalResult::None => probe += chrono::Duration::minutes(1),
            }
            if probe - local > chrono::Duration::hours(25) {
                return Utc.from_utc_datetime(&local);
            }
        }
    }

    /// Where a snoozed follow-up moves: an hour from now, tomorrow at the reminder time, a week
    /// from today at the reminder time, or the chosen instant.
    pub fn snooze_until<Tz: TimeZone>(
        &self,
        snooze: Snooze,
        now: DateTime<Utc>,
        tz: &Tz,
    ) -> DateTime<Utc> {
        let today = local_date(now, tz);
        let at_days = |n: u64| {
            self.due_instant(
                today
                    .checked_add_days(Days::new(n))
                    .unwrap_or(NaiveDate::MAX),
                tz,
            )
        };
        match snooze {
            Snooze::OneHour => now + Duration::hours(1),
            Snooze::TomorrowMorning => at_days(1),
            Snooze::NextWeek => at_days(7),
            Snooze::Until(t) => t,
        }
    }

    /// The one rule every path schedules a next follow-up by (the form's suggestion, an open
    /// follow-up logged or imported without a next time, the demo): `from`'s local date plus
    /// the priority's interval, at the reminder time, never before `from`.
    pub fn next_due<Tz: TimeZone>(
        &self,
        from: DateTime<Utc>,
        p: Priority,
        tz: &Tz,
    ) -> DateTime<Utc> {
        self.due_instant(self.due_date(local_date(from, tz), p), tz)
            .max(from)
    }

    /// The next follow-up suggested when one is logged now ([`Self::next_due`] from now).
    pub fn suggest_next<Tz: TimeZone>(
        &self,
        clock: &dyn Clock,
        tz: &Tz,
        p: Priority,
    ) -> DateTime<Utc> {
        self.next_due(clock.now(), p, tz)
    }
}
