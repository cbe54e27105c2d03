//! Rows of a sheet that are not customers: totals (合计 / 小计 / Total …) anywhere, and footer
//! lines under the data (制表人：…, 审核：…, 备注：…).
//!
//! Decisions:
//! - A totals row is one whose name cell (name, company, first or last name column) or first
//!   non-empty cell is, as a whole, 合计 / 总计 / 小计 / 共计 / 累计 / 总合计 / Total / Subtotal
//!   / Grand total / Sum — spaces, case and a trailing colon ignored. A company named
//!   合计科技有限公司 is a customer: the rule is about the whole cell.
//! - A footer line is a row in the run of rows that ends the sheet (after the last row that is
//!   neither empty, a totals row nor footer-like) whose first non-empty cell starts with a
//!   label such as 制表人 / 制表 / 填表 / 审核 / 审批 / 复核 / 备注 / 说明 / 注 / 日期 / Note /
//!   Prepared by followed by a colon (`:` or `：`), and whose other cells hold only such
//!   labelled text or the value after a cell ending in a colon: no other customer data.
use super::Sheet;
use crate::import::headers::Target;
use crate::import::values::fold_width;

/// Why a row is not read as data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum SkipReason {
    Totals,
    Footer,
}

/// A row skipped as not being data: its number, why, and its first non-empty cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkippedRow {
    pub row: usize,
    pub reason: SkipReason,
    pub label: String,
}

const TOTALS: &[&str] = &[
    "合计",
    "总计",
    "小计",
    "共计",
    "累计",
    "总合计",
    "本页合计",
    "合计金额",
    "总计金额",
    "total",
    "totals",
    "subtotal",
    "grandtotal",
    "sum",
];

const FOOTER_LABELS: &[&str] = &[
    "制表",
    "填表",
    "审核",
    "审批",
    "复核",
    "备注",
    "说明",
    "注",
    "日期",
    "note",
    "remark",
    "preparedby",
    "approvedby",
    "checkedby",
];

/// The index in `sheet.rows` where the run of rows that ends the sheet begins: empty rows,
/// totals rows and footer-like rows.
pub(super) fn tail_start(sheet: &Sheet) -> usize {
    let mut start = sheet.rows.len();
    while start > 0 {
        let cells = &sheet.rows[start - 1];
        let empty = cells.iter().all(|c| c.trim().is_empty());
        if !(empty || is_totals(cells, sheet.columns) || is_footer(cells)) {
            break;
        }
        start -= 1;
    }
    start
}

/// Why the row is skipped, if it is; `in_tail` when it lies in the sheet's ending run.
pub(super) fn skip_reason(
    cells: &[String],
    columns: &[Target],
    in_tail: bool,
) -> Option<(SkipReason, String)> {
    let first = || {
        first_cell(cells)
            .map(|c| c.trim().to_string())
            .unwrap_or_default()
    };
    if is_totals(cells, columns) {
        return Some((SkipReason::Totals, first()));
    }
    (in_tail && is_footer(cells)).then(|| (SkipReason::Footer, first()))
}

fn first_cell(cells: &[String]) -> Option<&String> {
    cells.iter().find(|c| !c.trim().is_empty())
}

/// Folded for comparison: width, case, white space; then a trailing colon dropped.
fn folded(cell: &str) -> String {
    let s: String = cell
        .chars()
        .map(fold_width)
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect();
    s.trim_end_matches([':', '：']).to_string()
}

/// Whether a cell starting with `c` (trimmed) may fold into one of [`TOTALS`].
fn could_start_totals(c: char) -> bool {
    fold_width(c)
        .to_lowercase()
        .any(|c| TOTALS.iter().any(|w| w.starts_with(c)))
}

fn is_totals(cells: &[String], columns: &[Target]) -> bool {
    let names = cells.iter().zip(columns).filter(|(_, t)| {
        matches!(
            t,
            Target::Name | Target::Company | Target::FirstName | Target::LastName
        )
    });
    // Totals words are short and start with one of a few characters: other cells (most
    // names) are passed over without folding.
    let word = |c: &String| {
        let t = c.trim();
        t.len() <= 40
            && t.chars().next().is_some_and(could_start_totals)
            && TOTALS.contains(&folded(t).as_str())
    };
    names.map(|(c, _)| c).chain(first_cell(cells)).any(word)
}

/// The text before the first colon, when the cell has one and that text is a footer label.
fn labelled(cell: &str) -> bool {
    let s: String = cell.chars().map(fold_width).collect();
    let Some((label, _)) = s.split_once([':', '：']) else {
        return false;
    };
    let label = folded(label);
    label.chars().count() <= 12 && FOOTER_LABELS.iter().any(|l| label.starts_with(l))
}

fn is_footer(cells: &[String]) -> bool {
    if !first_cell(cells).is_some_and(|c| labelled(c)) {
        return false;
    }
    let mut after_colon = false;
    cells.iter().all(|c| {
        let t = c.trim();
        let ok = t.is_empty() || labelled(t) || after_colon;
        if !t.is_empty() {
            after_colon = t.ends_with([':', '：']);
        }
        ok
    })
}
