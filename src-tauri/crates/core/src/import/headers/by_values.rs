//! A column's values correcting what its header suggested: a 客户类型 / 类型 column (read as the
//! category by its header) whose values are mostly 企业 / 个人 holds the customer's kind, and a
//! 客户性质 column whose values are mostly categories holds the category.
use super::Target;
use crate::import::values::{is_blank, normalize, parse_category, parse_kind};

/// Every column mapped to the kind or the category is mapped to whichever of the two more
/// than half of its non-blank values read as — unless the other column is already taken.
pub fn refine_by_values(columns: &mut [Target], rows: &[Vec<String>]) {
    for i in 0..columns.len() {
        let to = match columns[i] {
            Target::Category if mostly(rows, i, |v| parse_kind(v).is_some()) => Target::Kind,
            Target::Kind if mostly(rows, i, |v| matches!(parse_category(v), Ok(Some(_)))) => {
                Target::Category
            }
            _ => continue,
        };
        if !columns.contains(&to) {
            columns[i] = to;
        }
    }
}

/// Whether more than half of the column's non-blank values (the first 1,000) pass `test`.
fn mostly(rows: &[Vec<String>], col: usize, test: impl Fn(&str) -> bool) -> bool {
    let values = rows
        .iter()
        .filter_map(|r| r.get(col))
        .filter(|v| !is_blank(&normalize(v)))
        .take(1000);
    let (mut all, mut hits) = (0usize, 0usize);
    for v in values {
        all += 1;
        hits += usize::from(test(v));
    }
    all > 0 && hits * 2 > all
}
