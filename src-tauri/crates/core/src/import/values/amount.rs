//! Amounts as sheets hold them: `150000`, `150,000`, `¥150,000.00`, `￥1.5万`, `15万元`,
//! `1.2亿`, `1万5千`, `RMB 3,000`, `$1,200`, `3千`, `3k`, `2w` (shorthand for 万), `(1,200)`.
//!
//! The result is an integer number of cents (分): decimal text is computed digit by digit, so
//! `1.1万` is exactly 1,100,000 cents, which an `f64` multiplication would miss. Fractions of a
//! cent round half away from zero. The currency sign or word is dropped (a book keeps one
//! currency); negative amounts are returned, refusing them is the caller's rule. Whitespace is
//! ignored and commas must group thousands, so a decimal comma (`1,5`) is refused, not misread.
use super::{is_blank, normalize, ValueError};

/// Multipliers, longest first so `千万` is not read as `千`.
const UNITS: [(&str, i128); 7] = [
    ("千万", 10_000_000),
    ("百万", 1_000_000),
    ("亿", 100_000_000),
    ("万", 10_000),
    ("千", 1_000),
    ("w", 10_000),
    ("k", 1_000),
];

const PREFIXES: [&str; 9] = ["us$", "hk$", "¥", "￥", "$", "rmb", "cny", "usd", "人民币"];
const SUFFIXES: [&str; 9] = [
    "元整",
    "元",
    "圆",
    "块钱",
    "块",
    "rmb",
    "cny",
    "usd",
    "人民币",
];

/// Reads an amount in cents; `Ok(None)` for a blank cell or `-`.
pub fn parse_amount(text: &str) -> Result<Option<i64>, ValueError> {
    let s: String = normalize(text)
        .to_lowercase()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    if is_blank(&s) {
        return Ok(None);
    }
    let (negative, body) = strip_sign_and_currency(&s);
    let cents = terms(body)?;
    let cents = if negative { -cents } else { cents };
    i64::try_from(cents)
        .map(Some)
        .map_err(|_| ValueError::AmountOutOfRange)
}

/// A numeric cell's amount in cents, rounded to the cent.
pub fn amount_from_number(value: f64) -> Result<i64, ValueError> {
    if !value.is_finite() {
        return Err(ValueError::NotAnAmount);
    }
    let cents = (value * 100.0).round();
    // Beyond 2^53 cents an f64 no longer holds whole cents; such a cell is no real amount.
    if cents.abs() > 9_007_199_254_740_992.0 {
        return Err(ValueError::AmountOutOfRange);
    }
    Ok(cents as i64)
}

/// Takes off accounting brackets, one sign, and currency marks before and after.
fn strip_sign_and_currency(s: &str) -> (bool, &str) {
    let mut negative = false;
    let mut body = s;
    if let Some(inner) = body.strip_prefix('(').and_then(|b| b.strip_suffix(')')) {
        negative = true;
        body = inner;
    }
    body = strip_any_prefix(body, &PREFIXES);
    if let Some(rest) = body.strip_prefix(['-', '−', '+']) {
        negative ^= body.starts_with(['-', '−']);
        body = rest;
    }
    body = strip_any_prefix(body, &PREFIXES);
    (negative, strip_any_suffix(body, &SUFFIXES))
}

fn strip_any_prefix<'a>(s: &'a str, marks: &[&str]) -> &'a str {
    marks.iter().find_map(|m| s.strip_prefix(m)).unwrap_or(s)
}

fn strip_any_suffix<'a>(s: &'a str, marks: &[&str]) -> &'a str {
    marks.iter().find_map(|m| s.strip_suffix(m)).unwrap_or(s)
}

/// `number unit number unit …` with units strictly decreasing (`1亿2000万`, `1万5千`); a
/// number without a unit only stands alone, so `1万5` (colloquially 15,000) is refused.
fn terms(s: &str) -> Result<i128, ValueError> {
    let mut rest = s;
    let mut total: i128 = 0;
    let mut last_unit = i128::MAX;
    while !rest.is_empty() {
        let end = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
            .unwrap_or(rest.len());
        let (number, after) = rest.split_at(end);
        let (unit, after) = match UNITS.iter().find(|(u, _)| after.starts_with(u)) {
            Some((u, value)) => (*value, &after[u.len()..]),
            None if after.is_empty() && last_unit == i128::MAX => (1, after),
            None => return Err(ValueError::NotAnAmount),
        };
        if unit >= last_unit {
            return Err(ValueError::NotAnAmount);
        }
        total = total
            .checked_add(cents(number, unit)?)
            .ok_or(ValueError::AmountOutOfRange)?;
        last_unit = unit;
        rest = after;
    }
    if last_unit == i128::MAX {
        return Err(ValueError::NotAnAmount);
    }
    Ok(total)
}

/// `number × unit` in cents, exactly, rounding a fraction of a cent half away from zero.
fn cents(number: &str, unit: i128) -> Result<i128, ValueError> {
    let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
    let whole = ungroup(whole).ok_or(ValueError::NotAnAmount)?;
    if !fraction.bytes().all(|b| b.is_ascii_digit()) || (whole.is_empty() && fraction.is_empty()) {
        return Err(ValueError::NotAnAmount);
    }
    let digits = format!("{whole}{fraction}");
    // 30 digits keep every product below i128::MAX (1.7e38): 1e30 × 1e8 × 100.
    if digits.len() > 30 {
        return Err(ValueError::AmountOutOfRange);
    }
    let mantissa: i128 = if digits.is_empty() {
        0
    } else {
        digits.parse().map_err(|_| ValueError::NotAnAmount)?
    };
    let scale = 10_i128.pow(fraction.len() as u32);
    let scaled = mantissa * unit * 100;
    Ok((scaled + scale / 2) / scale)
}

/// Integer digits with optional thousands commas (`150,000`), commas removed; `None` when the
/// commas do not group by three.
fn ungroup(s: &str) -> Option<String> {
    let groups: Vec<&str> = s.split(',').collect();
    let all_digits = groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit()));
    let grouped = groups.len() == 1
        || ((1..=3).contains(&groups[0].len()) && groups[1..].iter().all(|g| g.len() == 3));
    (all_digits && grouped).then(|| groups.concat())
}
