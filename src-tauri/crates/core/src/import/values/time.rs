//! Times of day: `14:30`, `9:05`, `14:30:15` (fractions of a second dropped), `2:30 PM`,
//! `2 pm`, `14点30分`, `下午2点30分`, `上午9点`, `下午2点半`, `下午2:30`.
//!
//! With a 12-hour marker (AM/PM, 上午/下午/晚上/中午 …) the hour must make sense for it:
//! `13:00 AM` is refused, while `下午14点` (people do write it) is 14:00.
use super::{is_blank, normalize, ValueError};
use chrono::NaiveTime;

/// Which half of the day a marker names.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Half {
    Am,
    Pm,
    /// 中午: 11–13 as they are, 1–5 in the afternoon.
    Noon,
}

const PREFIXES: [(&str, Half); 9] = [
    ("上午", Half::Am),
    ("早上", Half::Am),
    ("早晨", Half::Am),
    ("凌晨", Half::Am),
    ("下午", Half::Pm),
    ("晚上", Half::Pm),
    ("傍晚", Half::Pm),
    ("夜里", Half::Pm),
    ("中午", Half::Noon),
];

const SUFFIXES: [(&str, Half); 4] = [
    ("a.m.", Half::Am),
    ("p.m.", Half::Pm),
    ("am", Half::Am),
    ("pm", Half::Pm),
];

/// Reads a time of day; `Ok(None)` for a blank cell.
pub fn parse_time(text: &str) -> Result<Option<NaiveTime>, ValueError> {
    let s = normalize(text);
    if is_blank(&s) {
        return Ok(None);
    }
    parse_time_text(&s).map(Some)
}

/// Reads normalised, non-blank text (also the time part of a date cell).
pub(super) fn parse_time_text(s: &str) -> Result<NaiveTime, ValueError> {
    let lower = s.trim().to_lowercase();
    let (half, rest) = split_marker(&lower);
    let (h, m, sec) = if rest.contains(':') {
        clock(rest)
    } else if rest.contains(['点', '时']) {
        chinese(rest)
    } else if half.is_some() {
        small(rest, 23).map(|h| (h, 0, 0))
    } else {
        None
    }
    .ok_or(ValueError::NotATime)?;
    let h = apply_half(half, h).ok_or(ValueError::NotATime)?;
    NaiveTime::from_hms_opt(h, m, sec).ok_or(ValueError::NotATime)
}

/// Takes a leading Chinese or trailing English marker off.
fn split_marker(s: &str) -> (Option<Half>, &str) {
    for (p, half) in PREFIXES {
        if let Some(rest) = s.strip_prefix(p) {
            return (Some(half), rest.trim());
        }
    }
    for (p, half) in SUFFIXES {
        if let Some(rest) = s.strip_suffix(p) {
            return (Some(half), rest.trim());
        }
    }
    (None, s)
}

/// `H:MM`, `H:MM:SS`, `H:MM:SS.fff`: minutes and seconds with two digits.
fn clock(s: &str) -> Option<(u32, u32, u32)> {
    let parts: Vec<&str> = s.split(':').collect();
    let two = |p: &str, max| (p.len() == 2).then(|| small(p, max)).flatten();
    match parts.as_slice() {
        [h, m] => Some((small(h, 23)?, two(m, 59)?, 0)),
        [h, m, sec] => {
            let (whole, fraction) = sec.split_once('.').unwrap_or((sec, "0"));
            let fraction_ok = !fraction.is_empty() && fraction.bytes().all(|b| b.is_ascii_digit());
            fraction_ok.then_some(())?;
            Some((small(h, 23)?, two(m, 59)?, two(whole, 59)?))
        }
        _ => None,
    }
}

/// `H点`, `H点整`, `H点半`, `H点M分`, `H点M`, `H点M分S秒` (时 for 点 too).
fn chinese(s: &str) -> Option<(u32, u32, u32)> {
    let (h, rest) = s.split_once(['点', '时'])?;
    let h = small(h, 23)?;
    match rest {
        "" | "整" => Some((h, 0, 0)),
        "半" => Some((h, 30, 0)),
        _ => {
            let (m, rest) = rest.split_once('分').unwrap_or((rest, ""));
            let sec = match rest.strip_suffix('秒') {
                Some(sec) => small(sec, 59)?,
                None if rest.is_empty() => 0,
                None => return None,
            };
            Some((h, small(m, 59)?, sec))
        }
    }
}

/// One or two ASCII digits, at most `max`.
fn small(s: &str, max: u32) -> Option<u32> {
    let ok = (1..=2).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit());
    ok.then(|| s.parse().ok()).flatten().filter(|&v| v <= max)
}

/// The 24-hour hour for `h` under a marker, `None` when the pair makes no sense.
fn apply_half(half: Option<Half>, h: u32) -> Option<u32> {
    match (half, h) {
        (None, _) => Some(h),
        (Some(Half::Am), 12) => Some(0),
        (Some(Half::Am), 0..=11) => Some(h),
        (Some(Half::Pm), 1..=11) => Some(h + 12),
        (Some(Half::Pm), 12..=23) => Some(h),
        (Some(Half::Noon), 1..=5) => Some(h + 12),
        (Some(Half::Noon), 11..=13) => Some(h),
        _ => None,
    }
}
