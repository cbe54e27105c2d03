#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The import's cell parsers: every accepted form with its expected value, the reasons for
//! refusing garbage, and random text never panicking.
use chrono::{NaiveDate, NaiveTime};
use proptest::prelude::*;
use rapport_core::import::values::*;
use rapport_core::model::{Category, FollowUpMethod, Priority, Stage};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn date(y: i32, m: u32, day: u32) -> Option<DateValue> {
    Some(DateValue::Date(d(y, m, day)))
}

fn datetime(y: i32, m: u32, day: u32, h: u32, min: u32, s: u32) -> Option<DateValue> {
    Some(DateValue::DateTime(
        d(y, m, day).and_hms_opt(h, min, s).unwrap(),
    ))
}

fn t(h: u32, m: u32, s: u32) -> Option<NaiveTime> {
    NaiveTime::from_hms_opt(h, m, s)
}

fn month_first(s: &str) -> Result<Option<DateValue>, ValueError> {
    parse_date(s, DateOrder::MonthFirst)
}

// ---------------------------------------------------------------- dates as text

#[test]
fn iso_slash_dot_and_compact_dates() {
    for s in [
        "2024-05-01",
        "2024/5/1",
        "2024.5.1",
        "2024-5-1",
        "20240501",
        " 2024/05/01 ",
    ] {
        assert_eq!(month_first(s), Ok(date(2024, 5, 1)), "{s}");
    }
}

#[test]
fn chinese_dates_with_ri_or_hao_and_times() {
    assert_eq!(month_first("2024年5月1日"), Ok(date(2024, 5, 1)));
    assert_eq!(month_first("2024年05月01号"), Ok(date(2024, 5, 1)));
    assert_eq!(
        month_first("2024年5月1日 14:30"),
        Ok(datetime(2024, 5, 1, 14, 30, 0))
    );
    assert_eq!(
        month_first("2024年5月1日14:30"),
        Ok(datetime(2024, 5, 1, 14, 30, 0))
    );
    assert_eq!(
        month_first("2024年5月1日 下午2点"),
        Ok(datetime(2024, 5, 1, 14, 0, 0))
    );
    assert_eq!(
        month_first("2024年5月1号 上午9点30分"),
        Ok(datetime(2024, 5, 1, 9, 30, 0))
    );
}

#[test]
fn full_width_digits_read_like_ascii() {
    assert_eq!(month_first("２０２４／５／１"), Ok(date(2024, 5, 1)));
    assert_eq!(
        month_first("２０２４年５月１日　１４：３０"),
        Ok(datetime(2024, 5, 1, 14, 30, 0))
    );
}

#[test]
fn dates_with_times() {
    assert_eq!(
        month_first("2024-05-01 14:30"),
        Ok(datetime(2024, 5, 1, 14, 30, 0))
    );
    assert_eq!(
        month_first("2024-05-01T14:30:00"),
        Ok(datetime(2024, 5, 1, 14, 30, 0))
    );
    assert_eq!(
        month_first("2024-05-01T14:30:15.250"),
        Ok(datetime(2024, 5, 1, 14, 30, 15))
    );
    assert_eq!(
        month_first("2024/5/1 9:05"),
        Ok(datetime(2024, 5, 1, 9, 5, 0))
    );
    assert_eq!(
        month_first("5/1/2024 2:30 PM"),
        Ok(datetime(2024, 5, 1, 14, 30, 0))
    );
}

#[test]
fn midnight_is_a_date_alone() {
    assert_eq!(month_first("2024-05-01 00:00:00"), Ok(date(2024, 5, 1)));
    assert_eq!(month_first("2024-05-01 00:00"), Ok(date(2024, 5, 1)));
}

#[test]
fn date_order_decides_ambiguous_values() {
    assert_eq!(
        parse_date("5/1/2024", DateOrder::MonthFirst),
        Ok(date(2024, 5, 1))
    );
    assert_eq!(
        parse_date("5/1/2024", DateOrder::DayFirst),
        Ok(date(2024, 1, 5))
    );
    assert_eq!(
        parse_date("1/5/2024", DateOrder::MonthFirst),
        Ok(date(2024, 1, 5))
    );
    assert_eq!(
        parse_date("1/5/2024", DateOrder::DayFirst),
        Ok(date(2024, 5, 1))
    );
    assert_eq!(
        parse_date("1.5.2024", DateOrder::DayFirst),
        Ok(date(2024, 5, 1))
    );
    // The order never applies to year-first dates.
    assert_eq!(
        parse_date("2024/5/1", DateOrder::DayFirst),
        Ok(date(2024, 5, 1))
    );
    // A day in the month's place is no such day under that order.
    assert_eq!(
        parse_date("25/12/2024", DateOrder::MonthFirst),
        Err(ValueError::NoSuchDate)
    );
    assert_eq!(
        parse_date("25/12/2024", DateOrder::DayFirst),
        Ok(date(2024, 12, 25))
    );
}

#[test]
fn two_digit_years_use_excels_window() {
    assert_eq!(month_first("5/1/24"), Ok(date(2024, 5, 1)));
    assert_eq!(month_first("5/1/29"), Ok(date(2029, 5, 1)));
    assert_eq!(month_first("5/1/30"), Ok(date(1930, 5, 1)));
    assert_eq!(
        parse_date("01.05.99", DateOrder::DayFirst),
        Ok(date(1999, 5, 1))
    );
    assert_eq!(month_first("24年5月1日"), Ok(date(2024, 5, 1)));
    assert_eq!(month_first("85年3月2日"), Ok(date(1985, 3, 2)));
    // Year first with two digits cannot be told from day first: refused.
    assert_eq!(month_first("24/5/1"), Err(ValueError::NotADate));
    assert_eq!(month_first("024-5-1"), Err(ValueError::NotADate));
    assert_eq!(
        parse_date("24/05/01", DateOrder::DayFirst),
        Ok(date(2001, 5, 24))
    );
    assert_eq!(month_first("24/05/01"), Err(ValueError::NoSuchDate));
}

#[test]
fn blank_date_cells_are_none() {
    for s in [
        "", "   ", "-", "—", "/", "无", "N/A", "#N/A", "null", "\u{3000}",
    ] {
        assert_eq!(month_first(s), Ok(None), "{s:?}");
    }
}

#[test]
fn garbage_is_not_a_date() {
    #[rustfmt::skip]
    let texts = [
        "hello", "2024", "45413", "2024-05", "2024-05-01-02", "2024/05-01", "5月1日", "2024年5月",
        "2024-05-01 25:00", "2024-05-01 lunch", "2024-05-01T", "1/2/3/4", "2024-0x-01",
        "2024-05-01 14:30 +08:00", "１４：３０",
    ];
    for s in texts {
        assert_eq!(month_first(s), Err(ValueError::NotADate), "{s:?}");
    }
}

#[test]
fn impossible_days_and_years_out_of_range() {
    assert_eq!(month_first("2023-02-29"), Err(ValueError::NoSuchDate));
    assert_eq!(month_first("2024-02-29"), Ok(date(2024, 2, 29)));
    assert_eq!(month_first("2024-13-01"), Err(ValueError::NoSuchDate));
    assert_eq!(month_first("2024-04-31"), Err(ValueError::NoSuchDate));
    assert_eq!(month_first("20240230"), Err(ValueError::NoSuchDate));
    assert_eq!(month_first("1899-12-31"), Err(ValueError::DateOutOfRange));
    assert_eq!(month_first("2101-01-01"), Err(ValueError::DateOutOfRange));
    assert_eq!(month_first("0000-00-00"), Err(ValueError::DateOutOfRange));
    assert_eq!(month_first("1900-01-01"), Ok(date(1900, 1, 1)));
    assert_eq!(month_first("2100-12-31"), Ok(date(2100, 12, 31)));
}

#[test]
fn date_value_accessors() {
    let v = month_first("2024-05-01 14:30").unwrap().unwrap();
    assert_eq!(v.date(), d(2024, 5, 1));
    assert_eq!(v.time(), t(14, 30, 0));
    assert_eq!(month_first("2024-05-01").unwrap().unwrap().time(), None);
}

// ---------------------------------------------------------------- detect_order

#[test]
fn detect_order_on_columns() {
    use OrderGuess::*;
    // A first number above 12 can only be a day.
    assert_eq!(
        detect_order(&["1/5/2024", "25/12/2024", "3/4/2024"]),
        DayFirst
    );
    // A second number above 12 can only be a day in second place.
    assert_eq!(detect_order(&["1/5/2024", "12/25/2024 9:00"]), MonthFirst);
    assert_eq!(
        detect_order(&["1/5/2024", "3/4/2024", "12/12/2024"]),
        Ambiguous
    );
    assert_eq!(detect_order(&["25/12/2024", "12/25/2024"]), Conflicting);
    assert_eq!(
        detect_order(&["2024-05-01", "2024年5月1日", "20240501", ""]),
        NotApplicable
    );
    assert_eq!(detect_order(&[]), NotApplicable);
    // Other forms in the column do not count; two-digit years do.
    assert_eq!(detect_order(&["2024-05-13", "1/5/24"]), Ambiguous);
    assert_eq!(detect_order(&["2024-05-13", "13.5.24"]), DayFirst);
    // Both numbers above 12 is no evidence either way (the cell is an error on its own).
    assert_eq!(detect_order(&["13/14/2024", "1/2/2024"]), Ambiguous);
}

#[test]
fn order_guess_gives_an_order_only_when_settled() {
    assert_eq!(OrderGuess::DayFirst.order(), Some(DateOrder::DayFirst));
    assert_eq!(OrderGuess::MonthFirst.order(), Some(DateOrder::MonthFirst));
    assert_eq!(OrderGuess::Ambiguous.order(), None);
    assert_eq!(OrderGuess::Conflicting.order(), None);
    assert_eq!(OrderGuess::NotApplicable.order(), None);
}

// ---------------------------------------------------------------- Excel serials

#[test]
fn serials_in_the_1900_system_with_the_leap_bug() {
    let s = |v| date_from_serial(v, DateSystem::Excel1900);
    assert_eq!(s(1.0), Ok(date(1900, 1, 1).unwrap()));
    assert_eq!(s(59.0), Ok(date(1900, 2, 28).unwrap()));
    assert_eq!(s(60.0), Err(ValueError::NoSuchDate));
    assert_eq!(s(61.0), Ok(date(1900, 3, 1).unwrap()));
    assert_eq!(s(45413.0), Ok(date(2024, 5, 1).unwrap()));
    assert_eq!(s(2958465.0), Err(ValueError::DateOutOfRange));
    assert_eq!(s(73415.0), Ok(date(2100, 12, 31).unwrap()));
    assert_eq!(s(73416.0), Err(ValueError::DateOutOfRange));
}

#[test]
fn serial_fractions_are_times_of_day() {
    let s = |v| date_from_serial(v, DateSystem::Excel1900);
    assert_eq!(s(45413.5), Ok(datetime(2024, 5, 1, 12, 0, 0).unwrap()));
    assert_eq!(
        s(45413.604166666664),
        Ok(datetime(2024, 5, 1, 14, 30, 0).unwrap())
    );
    assert_eq!(s(45413.75), Ok(datetime(2024, 5, 1, 18, 0, 0).unwrap()));
    // A fraction a hair below midnight rounds to the next day's date.
    assert_eq!(s(45413.99999999), Ok(date(2024, 5, 2).unwrap()));
    // The time part of 1900-02-28 is kept before the fictitious day.
    assert_eq!(s(59.25), Ok(datetime(1900, 2, 28, 6, 0, 0).unwrap()));
}

#[test]
fn serials_in_the_1904_system() {
    let s = |v| date_from_serial(v, DateSystem::Excel1904);
    assert_eq!(s(0.0), Ok(date(1904, 1, 1).unwrap()));
    assert_eq!(s(1.0), Ok(date(1904, 1, 2).unwrap()));
    assert_eq!(s(59.0), Ok(date(1904, 2, 29).unwrap()));
    // The same day is 1,462 serials apart in the two systems.
    assert_eq!(s(45413.0 - 1462.0), Ok(date(2024, 5, 1).unwrap()));
    assert_eq!(s(0.5), Ok(datetime(1904, 1, 1, 12, 0, 0).unwrap()));
    assert_eq!(DateSystem::default(), DateSystem::Excel1900);
}

#[test]
fn bad_serials() {
    let s = |v| date_from_serial(v, DateSystem::Excel1900);
    assert_eq!(s(0.0), Err(ValueError::NotADate));
    assert_eq!(s(0.5), Err(ValueError::NotADate));
    assert_eq!(s(-1.0), Err(ValueError::DateOutOfRange));
    assert_eq!(s(1e300), Err(ValueError::DateOutOfRange));
    assert_eq!(s(f64::NAN), Err(ValueError::NotADate));
    assert_eq!(s(f64::INFINITY), Err(ValueError::NotADate));
    assert_eq!(
        date_from_serial(-0.5, DateSystem::Excel1904),
        Err(ValueError::DateOutOfRange)
    );
}

#[test]
fn time_serials() {
    assert_eq!(time_from_serial(0.604166666666667).ok(), t(14, 30, 0));
    assert_eq!(time_from_serial(0.0).ok(), t(0, 0, 0));
    assert_eq!(time_from_serial(45413.25).ok(), t(6, 0, 0));
    assert_eq!(time_from_serial(0.999_999_999).ok(), t(0, 0, 0));
    assert_eq!(time_from_serial(0.5 + 15.0 / 86_400.0).ok(), t(12, 0, 15));
    assert_eq!(time_from_serial(-0.5), Err(ValueError::NotATime));
    assert_eq!(time_from_serial(f64::NAN), Err(ValueError::NotATime));
}

// ---------------------------------------------------------------- times of day

#[test]
fn clock_times() {
    assert_eq!(parse_time("14:30"), Ok(t(14, 30, 0)));
    assert_eq!(parse_time("9:05"), Ok(t(9, 5, 0)));
    assert_eq!(parse_time("09:05"), Ok(t(9, 5, 0)));
    assert_eq!(parse_time("14:30:15"), Ok(t(14, 30, 15)));
    assert_eq!(parse_time("14:30:15.999"), Ok(t(14, 30, 15)));
    assert_eq!(parse_time("０：００"), Ok(t(0, 0, 0)));
    assert_eq!(parse_time("23:59"), Ok(t(23, 59, 0)));
}

#[test]
fn twelve_hour_times() {
    assert_eq!(parse_time("2:30 PM"), Ok(t(14, 30, 0)));
    assert_eq!(parse_time("2:30pm"), Ok(t(14, 30, 0)));
    assert_eq!(parse_time("2 pm"), Ok(t(14, 0, 0)));
    assert_eq!(parse_time("9:05 a.m."), Ok(t(9, 5, 0)));
    assert_eq!(parse_time("12:00 AM"), Ok(t(0, 0, 0)));
    assert_eq!(parse_time("12:15 PM"), Ok(t(12, 15, 0)));
    assert_eq!(parse_time("13:00 AM"), Err(ValueError::NotATime));
    assert_eq!(parse_time("0:30 PM"), Err(ValueError::NotATime));
}

#[test]
fn chinese_times() {
    assert_eq!(parse_time("下午2点30分"), Ok(t(14, 30, 0)));
    assert_eq!(parse_time("上午9点"), Ok(t(9, 0, 0)));
    assert_eq!(parse_time("下午2点半"), Ok(t(14, 30, 0)));
    assert_eq!(parse_time("晚上8点"), Ok(t(20, 0, 0)));
    assert_eq!(parse_time("中午12点"), Ok(t(12, 0, 0)));
    assert_eq!(parse_time("中午1点"), Ok(t(13, 0, 0)));
    assert_eq!(parse_time("下午2:30"), Ok(t(14, 30, 0)));
    assert_eq!(parse_time("14点30分"), Ok(t(14, 30, 0)));
    assert_eq!(parse_time("14时30分15秒"), Ok(t(14, 30, 15)));
    assert_eq!(parse_time("3点整"), Ok(t(3, 0, 0)));
    assert_eq!(parse_time("下午14点"), Ok(t(14, 0, 0)));
    assert_eq!(parse_time("上午13点"), Err(ValueError::NotATime));
}

#[test]
fn bad_and_blank_times() {
    assert_eq!(parse_time(""), Ok(None));
    assert_eq!(parse_time(" - "), Ok(None));
    #[rustfmt::skip]
    let texts = [
        "24:00", "14:60", "14:3", "14", "1430", "noon", "14:30:61", "下午", "2点61分", "a:bc",
    ];
    for s in texts {
        assert_eq!(parse_time(s), Err(ValueError::NotATime), "{s:?}");
    }
}

// ---------------------------------------------------------------- amounts

#[test]
fn plain_and_grouped_amounts_in_cents() {
    assert_eq!(parse_amount("150000"), Ok(Some(15_000_000)));
    assert_eq!(parse_amount("150,000"), Ok(Some(15_000_000)));
    assert_eq!(parse_amount("¥150,000.00"), Ok(Some(15_000_000)));
    assert_eq!(parse_amount("1,234,567.89"), Ok(Some(123_456_789)));
    assert_eq!(parse_amount("RMB 3,000"), Ok(Some(300_000)));
    assert_eq!(parse_amount("$1,200"), Ok(Some(120_000)));
    assert_eq!(parse_amount("USD 99.5"), Ok(Some(9_950)));
    assert_eq!(parse_amount("3000元"), Ok(Some(300_000)));
    assert_eq!(parse_amount("人民币 500"), Ok(Some(50_000)));
    assert_eq!(parse_amount("0.5"), Ok(Some(50)));
    assert_eq!(parse_amount(".5"), Ok(Some(50)));
    assert_eq!(parse_amount("１５０，０００"), Ok(Some(15_000_000)));
}

#[test]
fn chinese_units_are_exact() {
    assert_eq!(parse_amount("￥1.5万"), Ok(Some(1_500_000)));
    assert_eq!(parse_amount("15万"), Ok(Some(15_000_000)));
    assert_eq!(parse_amount("15万元"), Ok(Some(15_000_000)));
    assert_eq!(parse_amount("1.1万"), Ok(Some(1_100_000)));
    assert_eq!(parse_amount("1.2亿"), Ok(Some(12_000_000_000)));
    assert_eq!(parse_amount("3千"), Ok(Some(300_000)));
    assert_eq!(parse_amount("3k"), Ok(Some(300_000)));
    assert_eq!(parse_amount("2.5W"), Ok(Some(2_500_000)));
    assert_eq!(parse_amount("1万5千"), Ok(Some(1_500_000)));
    assert_eq!(parse_amount("1亿2000万"), Ok(Some(12_000_000_000)));
    assert_eq!(parse_amount("3百万"), Ok(Some(300_000_000)));
    assert_eq!(parse_amount("1.2345万"), Ok(Some(1_234_500)));
    assert_eq!(parse_amount("0.07万"), Ok(Some(70_000)));
}

#[test]
fn exactness_for_every_tenth_of_wan() {
    for tenths in 0..=99 {
        let text = format!("{}.{}万", tenths / 10, tenths % 10);
        assert_eq!(parse_amount(&text), Ok(Some(tenths * 100_000)), "{text}");
    }
}

#[test]
fn fractions_of_a_cent_round_half_away_from_zero() {
    assert_eq!(parse_amount("0.005"), Ok(Some(1)));
    assert_eq!(parse_amount("0.004"), Ok(Some(0)));
    assert_eq!(parse_amount("-0.005"), Ok(Some(-1)));
    assert_eq!(parse_amount("1.23456"), Ok(Some(123)));
}

#[test]
fn negative_amounts_are_returned() {
    assert_eq!(parse_amount("-1,200"), Ok(Some(-120_000)));
    assert_eq!(parse_amount("¥-1,200"), Ok(Some(-120_000)));
    assert_eq!(parse_amount("-¥1,200"), Ok(Some(-120_000)));
    assert_eq!(parse_amount("(1,200.50)"), Ok(Some(-120_050)));
    assert_eq!(parse_amount("-1.5万"), Ok(Some(-1_500_000)));
    assert_eq!(parse_amount("+300"), Ok(Some(30_000)));
}

#[test]
fn blank_amounts_are_none() {
    for s in ["", "  ", "-", "--", "—", "无"] {
        assert_eq!(parse_amount(s), Ok(None), "{s:?}");
    }
}

#[test]
fn garbage_is_not_an_amount() {
    #[rustfmt::skip]
    let texts = [
        "abc", "1,5", "1,50,000", "12,34", "1.2.3", "万", "¥", "5%", "1万5", "5千1万", "1万万",
        "1e5", "--5", "12 apples", "1.000,5", "十万", "0x10", "1..5",
    ];
    for s in texts {
        assert_eq!(parse_amount(s), Err(ValueError::NotAnAmount), "{s:?}");
    }
}

#[test]
fn huge_amounts_are_out_of_range() {
    assert_eq!(
        parse_amount("99999999999999999999"),
        Err(ValueError::AmountOutOfRange)
    );
    assert_eq!(
        parse_amount(&"9".repeat(40)),
        Err(ValueError::AmountOutOfRange)
    );
    assert_eq!(parse_amount("92233720368547758.07"), Ok(Some(i64::MAX)));
    assert_eq!(
        parse_amount("92233720368547758.08"),
        Err(ValueError::AmountOutOfRange)
    );
}

#[test]
fn numeric_amount_cells() {
    assert_eq!(amount_from_number(150000.0), Ok(15_000_000));
    assert_eq!(amount_from_number(1234.56), Ok(123_456));
    assert_eq!(amount_from_number(0.1 + 0.2), Ok(30));
    assert_eq!(amount_from_number(-99.995), Ok(-10_000));
    assert_eq!(amount_from_number(f64::NAN), Err(ValueError::NotAnAmount));
    assert_eq!(amount_from_number(1e300), Err(ValueError::AmountOutOfRange));
}

// ---------------------------------------------------------------- tags

#[test]
fn tags_split_on_every_separator() {
    assert_eq!(
        split_tags("VIP，华东、老客户 / 重点;展会；A|B\tC  D,E"),
        [
            "VIP",
            "华东",
            "老客户",
            "重点",
            "展会",
            "A",
            "B",
            "C",
            "D",
            "E"
        ]
    );
}

#[test]
fn tags_drop_empties_and_case_insensitive_repeats_keeping_order() {
    assert_eq!(split_tags(" ,vip, VIP ,,Vip;华东 、华东"), ["vip", "华东"]);
    assert_eq!(split_tags("b a B A"), ["b", "a"]);
    assert_eq!(split_tags(""), Vec::<String>::new());
    assert_eq!(split_tags(" ， ; / "), Vec::<String>::new());
}

#[test]
fn tags_split_multi_word_english_as_the_issue_says() {
    assert_eq!(
        split_tags("key account, trade show"),
        ["key", "account", "trade", "show"]
    );
    assert_eq!(split_tags("ＶＩＰ\u{3000}重点"), ["VIP", "重点"]);
}

// ---------------------------------------------------------------- choices

#[test]
fn priorities_in_both_languages() {
    use Priority::*;
    #[rustfmt::skip]
    let cases = [
        ("高", High), ("中", Medium), ("低", Low), ("高优先级", High), ("低优先级", Low),
        ("H", High), ("m", Medium), ("L", Low), ("High", High), (" MEDIUM ", Medium),
        ("low", Low), ("1", High), ("2", Medium), ("3", Low), ("P1", High), ("p3", Low),
        ("高（3天内）", High), ("中 (1周内)", Medium), ("紧急", High), ("一般", Medium),
    ];
    for (s, want) in cases {
        assert_eq!(parse_priority(s), Ok(Some(want)), "{s:?}");
    }
    assert_eq!(parse_priority(""), Ok(None));
    for s in ["4", "最高", "highest", "(高)", "高中"] {
        assert_eq!(parse_priority(s), Err(ValueError::NotAPriority), "{s:?}");
    }
}

#[test]
fn categories_in_both_languages() {
    use Category::*;
    #[rustfmt::skip]
    let cases = [
        ("准客户", ReadyToBuy), ("意向客户", Interested), ("优质潜在客户", GoodProspect),
        ("一般潜在客户", OrdinaryProspect), ("Ready to buy", ReadyToBuy),
        ("interested", Interested), ("Good Prospect", GoodProspect),
        ("ordinary prospect", OrdinaryProspect), ("readyToBuy", ReadyToBuy), ("意向", Interested),
        ("A", ReadyToBuy), ("b", Interested), ("C类", GoodProspect), ("D级客户", OrdinaryProspect),
        ("A类客户", ReadyToBuy), ("准客户（一个月内购买）", ReadyToBuy),
    ];
    for (s, want) in cases {
        assert_eq!(parse_category(s), Ok(Some(want)), "{s:?}");
    }
    assert_eq!(parse_category("—"), Ok(None));
    assert_eq!(parse_category("潜在客户"), Ok(Some(OrdinaryProspect)));
    for s in ["E", "客户", "prospect", "AB"] {
        assert_eq!(parse_category(s), Err(ValueError::NotACategory), "{s:?}");
    }
}

#[test]
fn stages_in_both_languages_and_common_variants() {
    use Stage::*;
    #[rustfmt::skip]
    let cases = [
        ("初步接触", InitialContact), ("需求明确", NeedsConfirmed), ("方案沟通", Proposal),
        ("谈判中", Negotiation), ("成交", Won), ("流失", Lost), ("已成交", Won), ("签约", Won),
        ("丢单", Lost), ("Initial contact", InitialContact), ("needs confirmed", NeedsConfirmed),
        ("Proposal", Proposal), ("negotiation", Negotiation), ("WON", Won), ("lost", Lost),
        ("Closed Won", Won), ("closed-lost", Lost), ("closedwon", Won), ("Closed_Lost", Lost),
        ("1.初步接触", InitialContact), ("05 成交", Won), ("3、方案沟通", Proposal),
        ("qualifiedtobuy", NeedsConfirmed), ("报价", Proposal), ("洽谈中", Negotiation),
    ];
    for (s, want) in cases {
        assert_eq!(parse_stage(s), Ok(Some(want)), "{s:?}");
    }
    assert_eq!(parse_stage("  "), Ok(None));
    for s in ["进行中", "closed", "1", "won lost"] {
        assert_eq!(parse_stage(s), Err(ValueError::NotAStage), "{s:?}");
    }
}

#[test]
fn hubspot_lifecycle_stages_map_to_the_sales_process() {
    use Stage::*;
    #[rustfmt::skip]
    let cases = [
        // Internal names, as a HubSpot contacts export writes them.
        ("subscriber", InitialContact), ("lead", InitialContact), ("other", InitialContact),
        ("marketingqualifiedlead", InitialContact), ("salesqualifiedlead", NeedsConfirmed),
        ("opportunity", Proposal), ("customer", Won), ("evangelist", Won),
        // Display names.
        ("Subscriber", InitialContact), ("Lead", InitialContact), ("Other", InitialContact),
        ("Marketing Qualified Lead", InitialContact), ("Sales Qualified Lead", NeedsConfirmed),
        ("Opportunity", Proposal), ("Customer", Won), ("Evangelist", Won),
        ("MQL", InitialContact), ("SQL", NeedsConfirmed),
    ];
    for (s, want) in cases {
        assert_eq!(parse_stage(s), Ok(Some(want)), "{s:?}");
    }
    for s in ["qualified lead", "customers", "leads"] {
        assert_eq!(parse_stage(s), Err(ValueError::NotAStage), "{s:?}");
    }
}

#[test]
fn methods_in_both_languages() {
    use FollowUpMethod::*;
    #[rustfmt::skip]
    let cases = [
        ("上门拜访", Visit), ("visit", Visit), ("邀约来访", InvitedVisit),
        ("Invited visit", InvitedVisit), ("电话", Phone), ("phone", Phone), ("Call", Phone),
        ("微信/网络", WeChat), ("微信", WeChat), ("QQ", WeChat), ("网络", WeChat),
        ("WeChat", WeChat), ("online", WeChat), ("短信", Sms), ("SMS", Sms), ("邮件", Email),
        ("邮箱", Email), ("E-mail", Email), ("email", Email), ("会议", Meeting),
        ("Meeting", Meeting), ("其他", Other), ("其它", Other), ("other", Other),
        ("电话沟通", Phone), ("视频会议", Meeting),
    ];
    for (s, want) in cases {
        assert_eq!(parse_method(s), Ok(Some(want)), "{s:?}");
    }
    assert_eq!(parse_method(""), Ok(None));
    for s in ["飞鸽传书", "fax", "电话微信"] {
        assert_eq!(parse_method(s), Err(ValueError::NotAMethod), "{s:?}");
    }
}

// ---------------------------------------------------------------- phones and emails

#[test]
fn phones_split_keeping_spaces_inside_numbers() {
    assert_eq!(
        split_phones("138 0013 8000 / 021-6234 5678"),
        Ok(vec![
            "138 0013 8000".to_string(),
            "021-6234 5678".to_string()
        ])
    );
    assert_eq!(
        split_phones("13800138000，13900139000;+86 10 8888 0000"),
        Ok(vec![
            "13800138000".into(),
            "13900139000".into(),
            "+86 10 8888 0000".into()
        ])
    );
    assert_eq!(
        split_phones("手机：13800138000\n座机: 021-62345678 转 12"),
        Ok(vec!["13800138000".into(), "021-62345678 转 12".into()])
    );
}

#[test]
fn phones_separated_by_spaces_alone_split_when_each_is_whole() {
    assert_eq!(
        split_phones("13800138000 13900139000"),
        Ok(vec!["13800138000".into(), "13900139000".into()])
    );
    assert_eq!(
        split_phones("138 0013 8000 139 0013 9000"),
        Err(ValueError::NotAPhone {
            entry: "138 0013 8000 139 0013 9000".into()
        })
    );
}

#[test]
fn phone_repeats_dropped_and_garbage_named() {
    assert_eq!(
        split_phones("138-0013-8000 / 138 0013 8000"),
        Ok(vec!["138-0013-8000".into()])
    );
    assert_eq!(split_phones(""), Ok(vec![]));
    assert_eq!(
        split_phones("13800138000 / call me"),
        Err(ValueError::NotAPhone {
            entry: "call me".into()
        })
    );
    assert_eq!(
        split_phones("13800138000; a@x.cn"),
        Err(ValueError::NotAPhone {
            entry: "a@x.cn".into()
        })
    );
}

#[test]
fn emails_split_on_separators_and_spaces() {
    assert_eq!(
        split_emails("a@x.cn; b@y.com"),
        Ok(vec!["a@x.cn".into(), "b@y.com".into()])
    );
    assert_eq!(
        split_emails("a@x.cn b@y.com，mailto:c@z.org、A@X.CN"),
        Ok(vec!["a@x.cn".into(), "b@y.com".into(), "c@z.org".into()])
    );
    assert_eq!(
        split_emails("a@x.cn; not@mail"),
        Err(ValueError::NotAnEmail {
            entry: "not@mail".into()
        })
    );
    assert_eq!(
        split_emails("a@x.cn; 13800138000"),
        Err(ValueError::NotAnEmail {
            entry: "13800138000".into()
        })
    );
}

#[test]
fn mixed_contact_cells() {
    assert_eq!(
        split_contacts("138 0013 8000 / zhang@x.cn / 021-6234 5678"),
        Ok(ContactCell {
            phones: vec!["138 0013 8000".into(), "021-6234 5678".into()],
            emails: vec!["zhang@x.cn".into()],
        })
    );
    assert_eq!(
        split_contacts("微信同号"),
        Err(ValueError::NotAPhone {
            entry: "微信同号".into()
        })
    );
}

// ---------------------------------------------------------------- errors as messages

#[test]
fn errors_say_why() {
    assert_eq!(ValueError::NotADate.to_string(), "not a date");
    assert_eq!(
        ValueError::NotAPhone { entry: "x".into() }.to_string(),
        "not a phone number: x"
    );
}

// ---------------------------------------------------------------- no panics

fn nasty() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[0-9年月日号点分秒:/. ,，万亿千元¥￥$()\\-+ampAMP下午上午]{0,24}",
        "[\\x00-\\x1f\\u{3000}-\\u{303f}\\u{4e00}-\\u{4e3f}\\u{ff01}-\\u{ff5e}a-zA-Z0-9@]{0,40}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn no_parser_panics(s in nasty(), n in any::<f64>()) {
        let _ = parse_date(&s, DateOrder::MonthFirst);
        let _ = parse_date(&s, DateOrder::DayFirst);
        let _ = detect_order(&[s.as_str(), "1/2/2024"]);
        let _ = parse_time(&s);
        let _ = parse_amount(&s);
        let _ = split_tags(&s);
        let _ = parse_priority(&s);
        let _ = parse_category(&s);
        let _ = parse_stage(&s);
        let _ = parse_method(&s);
        let _ = split_contacts(&s);
        let _ = split_phones(&s);
        let _ = split_emails(&s);
        let _ = date_from_serial(n, DateSystem::Excel1900);
        let _ = date_from_serial(n, DateSystem::Excel1904);
        let _ = time_from_serial(n);
        let _ = amount_from_number(n);
    }

    #[test]
    fn every_valid_date_round_trips(days in 0i64..73_000, dayfirst in any::<bool>()) {
        let date = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap() + chrono::Days::new(days as u64);
        let order = if dayfirst { DateOrder::DayFirst } else { DateOrder::MonthFirst };
        let (y, m, dd) = (date.format("%Y"), date.format("%-m"), date.format("%-d"));
        let typed = if dayfirst { format!("{dd}/{m}/{y}") } else { format!("{m}/{dd}/{y}") };
        prop_assert_eq!(parse_date(&typed, order), Ok(Some(DateValue::Date(date))));
        prop_assert_eq!(parse_date(&format!("{y}年{m}月{dd}日"), order), Ok(Some(DateValue::Date(date))));
        prop_assert_eq!(parse_date(&date.format("%Y%m%d").to_string(), order), Ok(Some(DateValue::Date(date))));
    }

    #[test]
    fn integer_amounts_round_trip_with_grouping(n in 0i64..1_000_000_000_000) {
        let plain = n.to_string();
        let grouped = plain.as_bytes().rchunks(3).rev()
            .map(|c| std::str::from_utf8(c).unwrap()).collect::<Vec<_>>().join(",");
        prop_assert_eq!(parse_amount(&plain), Ok(Some(n * 100)));
        prop_assert_eq!(parse_amount(&format!("¥{grouped}.00")), Ok(Some(n * 100)));
        prop_assert_eq!(parse_amount(&format!("{n}万")), Ok(Some(n * 1_000_000)));
    }
}
