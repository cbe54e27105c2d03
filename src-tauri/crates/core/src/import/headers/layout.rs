//! Where the header is: under title rows (客户跟进记录表) and date lines (制表日期：2024年5月1日),
//! possibly over two rows with merged group cells (联系人 over 姓名 | 电话).
use super::recognise;

/// The header of a sheet as [`locate_header`] found it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// The index of the (first) header row.
    pub row: usize,
    /// The index of the first data row: `row + 1`, or `row + 2` under a two-row header.
    pub data_start: usize,
    /// One header per column, two-row headers combined (联系人姓名, 联系人电话).
    pub cells: Vec<String>,
}

/// How header-like a row is: (recognised cells, non-empty cells).
fn score(row: &[String]) -> (usize, usize) {
    let filled = row.iter().filter(|c| !c.trim().is_empty());
    let non_empty = filled.clone().count();
    let recognised = filled.filter(|c| recognise(c).is_some()).count();
    (recognised, non_empty)
}

/// The header row among the first `max_scan` rows: of the rows where at least half of the
/// non-empty cells are known headers, the one with the most known headers; the earliest on a
/// tie (a header repeated on every printed page). A title row such as 客户跟进记录表 or a date
/// line is never recognised, so it is skipped. `None` when no row looks like a header.
pub fn find_header_row(rows: &[Vec<String>], max_scan: usize) -> Option<usize> {
    let mut best: Option<(usize, usize)> = None;
    for (i, row) in rows.iter().take(max_scan).enumerate() {
        let (recognised, non_empty) = score(row);
        let mostly = recognised > 0 && recognised * 2 >= non_empty;
        if mostly && best.is_none_or(|(top, _)| recognised > top) {
            best = Some((recognised, i));
        }
    }
    best.map(|(_, i)| i)
}

/// Copies the text of each merged header cell into the empty cells it covers. A range is
/// `(first, last)` column, both included (as workbook readers report merged regions); the
/// text is the first column's, as in Excel. Out-of-range columns are ignored.
pub fn fill_merged(header: &[String], merged_ranges: &[(usize, usize)]) -> Vec<String> {
    let mut out = header.to_vec();
    for &(a, b) in merged_ranges {
        let (first, last) = (a.min(b), a.max(b));
        let Some(text) = header.get(first).filter(|t| !t.trim().is_empty()) else {
            continue;
        };
        for cell in out.iter_mut().take(last.saturating_add(1)).skip(first + 1) {
            if cell.trim().is_empty() {
                cell.clone_from(text);
            }
        }
    }
    out
}

fn cell(row: &[String], i: usize) -> &str {
    row.get(i).map_or("", |c| c.trim())
}

/// For each column, the group cell of `upper` it belongs to, if any: a group starts at a
/// non-empty upper cell and runs right over columns whose upper cell is empty (or repeats
/// it, once merged cells are filled) while `lower` has a cell under each.
fn groups(upper: &[String], lower: &[String]) -> Vec<Option<(usize, usize)>> {
    let width = upper.len().max(lower.len());
    let mut out = vec![None; width];
    let mut i = 0;
    while i < width {
        let parent = cell(upper, i);
        let mut end = i;
        if !parent.is_empty() && !cell(lower, i).is_empty() {
            while end + 1 < width
                && !cell(lower, end + 1).is_empty()
                && (cell(upper, end + 1).is_empty() || cell(upper, end + 1) == parent)
            {
                end += 1;
            }
        }
        if end > i {
            out.iter_mut()
                .take(end + 1)
                .skip(i)
                .for_each(|g| *g = Some((i, end)));
        }
        i = end + 1;
    }
    out
}

/// Whether `lower` holds the second row of a two-row header under `upper`: it has a group
/// (an upper cell spanning two or more lower cells), each of its cells sits in a group or
/// under an empty upper cell, and at least half of them are known headers, alone or with
/// their group's name (a data row under a header fails this).
pub fn is_sub_header(upper: &[String], lower: &[String]) -> bool {
    let groups = groups(upper, lower);
    if groups.iter().all(Option::is_none) {
        return false;
    }
    let combined = combine_two_rows(upper, lower);
    let (mut filled, mut known) = (0, 0);
    for (i, group) in groups.iter().enumerate() {
        let child = cell(lower, i);
        if child.is_empty() {
            continue;
        }
        if group.is_none() && !cell(upper, i).is_empty() {
            return false;
        }
        filled += 1;
        let header_like = child.chars().any(|c| !c.is_ascii_digit());
        if header_like
            && (recognise(child).is_some() || combined.get(i).and_then(|c| recognise(c)).is_some())
        {
            known += 1;
        }
    }
    known * 2 >= filled
}

/// One header per column from a two-row header: a cell in a group becomes group + cell
/// (联系人 + 电话 → 联系人电话) when that is a known header or the cell alone is not (so 联系方式 +
/// 电话 stays 电话); a cell under nothing keeps the upper row's text (a header merged across
/// both rows) or the lower one's.
pub fn combine_two_rows(upper: &[String], lower: &[String]) -> Vec<String> {
    let groups = groups(upper, lower);
    groups
        .iter()
        .enumerate()
        .map(|(i, group)| {
            let child = cell(lower, i);
            match group {
                Some((start, _)) => join(cell(upper, *start), child),
                None if child.is_empty() => cell(upper, i).to_owned(),
                None if cell(upper, i).is_empty() => child.to_owned(),
                None => join(cell(upper, i), child),
            }
        })
        .collect()
}

fn join(parent: &str, child: &str) -> String {
    if child.starts_with(parent) {
        return child.to_owned();
    }
    let both = format!("{parent}{child}");
    if recognise(&both).is_some() || recognise(child).is_none() {
        both
    } else {
        child.to_owned()
    }
}

/// Finds the header in the first `max_scan` rows ([`find_header_row`]) and, when it spans two
/// rows (the found row with a sub-header under it, or a group row above it), combines them.
pub fn locate_header(rows: &[Vec<String>], max_scan: usize) -> Option<Header> {
    let row = find_header_row(rows, max_scan)?;
    let found = rows.get(row)?;
    if let Some(lower) = rows.get(row + 1).filter(|l| is_sub_header(found, l)) {
        return Some(Header {
            row,
            data_start: row + 2,
            cells: combine_two_rows(found, lower),
        });
    }
    let above = row.checked_sub(1).and_then(|i| rows.get(i));
    if let Some(upper) = above.filter(|u| is_group_row(u) && is_sub_header(u, found)) {
        return Some(Header {
            row: row - 1,
            data_start: row + 1,
            cells: combine_two_rows(upper, found),
        });
    }
    Some(Header {
        row,
        data_start: row + 1,
        cells: found.iter().map(|c| c.trim().to_owned()).collect(),
    })
}

/// A row of group names (客户信息 | 跟进情况) has two or more cells and no digits or colons; a
/// title has one cell, and a line such as 制表人：张三 … 日期：2024-05-01 has colons or digits.
fn is_group_row(row: &[String]) -> bool {
    let filled: Vec<&String> = row.iter().filter(|c| !c.trim().is_empty()).collect();
    filled.len() >= 2
        && filled.iter().all(|c| {
            !c.chars()
                .any(|ch| ch.is_ascii_digit() || matches!(ch, ':' | '：'))
        })
}
