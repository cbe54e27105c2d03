//! The problems of rows: where (row number, column header), the value at fault, why, and what
//! the import does about it (the cell left empty, the row left out …), in the user's language,
//! and as a CSV file the user can download, fix and import again.
use super::Sheet;
use crate::error::{CoreError, Invalid};
use crate::i18n;
use crate::import::values::ValueError;
use crate::model::Language;

/// Why a row cannot be imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowProblem {
    /// A cell that cannot be read as what its column holds.
    Value(ValueError),
    /// A 流失 stage in a sheet without a 流失原因 column: lost needs a reason.
    LostWithoutReason,
    /// The built customer or follow-up failed validation (field path as the form names it).
    Invalid { field: String, reason: Invalid },
    // Notices: the row is imported, with something the user should know.
    /// An opportunity amount that is no amount (面议): kept as its budget note.
    AmountAsNote,
    /// Deal cells without a readable amount: no deal, the cells kept in the customer's notes.
    DealKeptInNotes,
    /// A deal or after-sales record without its date, dated the row's follow-up day or the
    /// day of the import.
    DateAssumed {
        date: chrono::NaiveDate,
        from_follow_up: bool,
    },
}

impl From<ValueError> for RowProblem {
    fn from(e: ValueError) -> Self {
        RowProblem::Value(e)
    }
}

impl From<CoreError> for RowProblem {
    /// Validation only returns `InvalidField`; anything else is kept as a reason on `name`.
    fn from(e: CoreError) -> Self {
        match e {
            CoreError::InvalidField { field, reason } => RowProblem::Invalid { field, reason },
            _ => RowProblem::Invalid {
                field: "name".into(),
                reason: Invalid::Required,
            },
        }
    }
}

/// What the import does about a problem.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize, ts_rs::TS,
)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum ProblemOutcome {
    /// The row is imported with this cell left empty.
    #[default]
    CellLeftEmpty,
    /// The row is imported; its follow-up, without a readable time, is dated at the import.
    FollowUpDatedAtImport,
    /// The row is imported; its follow-up stays open, due after its priority's interval.
    FollowUpDueByPriority,
    /// The customer is imported without this row's follow-up.
    FollowUpLeftOut,
    /// Nothing of the row is imported.
    RowLeftOut,
    /// A notice: the row is imported as the message says (an amount kept as a note, a date
    /// assumed).
    Noted,
}

/// One problem of one row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    /// The spreadsheet row number (as the user sees it).
    pub row: usize,
    /// The header of the column at fault, when one is.
    pub column: Option<String>,
    /// The cell's text (trimmed, at most 80 characters), when a column is at fault.
    pub value: Option<String>,
    pub reason: RowProblem,
    pub outcome: ProblemOutcome,
}

/// A problem with the index of its column, before the row number and header are known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Located {
    pub column: Option<usize>,
    pub problem: RowProblem,
    pub outcome: ProblemOutcome,
}

impl Located {
    pub(super) fn new(column: Option<usize>, problem: RowProblem) -> Located {
        Located {
            column,
            problem,
            outcome: ProblemOutcome::CellLeftEmpty,
        }
    }

    /// A notice about an imported row: the message says what was done; the cell's text is
    /// shown only when it is what the notice is about (面议 kept as a note).
    pub(super) fn into_notice(self, row: usize, cells: &[String], sheet: &Sheet) -> RowError {
        let about_value = matches!(self.problem, RowProblem::AmountAsNote);
        let mut e = self.into_error(row, cells, sheet);
        e.outcome = ProblemOutcome::Noted;
        if !about_value {
            e.value = None;
        }
        e
    }

    pub(super) fn into_error(self, row: usize, cells: &[String], sheet: &Sheet) -> RowError {
        let value = self
            .column
            .and_then(|i| cells.get(i))
            .map(|c| c.trim())
            .filter(|c| !c.is_empty())
            .map(|c| c.chars().take(80).collect());
        RowError {
            row,
            column: self.column.map(|i| column_name(sheet.header, i)),
            value,
            reason: self.problem,
            outcome: self.outcome,
        }
    }
}

/// The header text, or the column's letter (`C`) when the header cell is empty.
pub(super) fn column_name(header: &[String], index: usize) -> String {
    match header.get(index).map(|h| h.trim()) {
        Some(h) if !h.is_empty() => h.split_whitespace().collect::<Vec<_>>().join(" "),
        _ => column_letter(index),
    }
}

/// `0` → `A`, `25` → `Z`, `26` → `AA`.
fn column_letter(index: usize) -> String {
    let mut n = index + 1;
    let mut out = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        out.push(char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    out.iter().rev().collect()
}

impl RowError {
    /// "第 12 行，“下次跟进时间”：“2024/13/01”没有这一天（已导入，此格留空）" /
    /// "Row 12, “下次跟进时间”: “2024/13/01”: no such day (imported, this cell left empty)".
    pub fn message(&self, lang: Language) -> String {
        let reason = format!(
            "{}{}",
            self.reason_text(lang),
            outcome_note(self.outcome, lang)
        );
        match (lang, &self.column) {
            (Language::Zh, Some(c)) => format!("第 {} 行，“{c}”：{reason}", self.row),
            (Language::Zh, None) => format!("第 {} 行，{reason}", self.row),
            (Language::En, Some(c)) => format!("Row {}, “{c}”: {reason}", self.row),
            (Language::En, None) => format!("Row {}: {reason}", self.row),
        }
    }
}

impl RowError {
    /// Why, with the value at fault: "“5月8日”不是有效的日期" / "“5月8日”: not a date".
    pub fn reason_text(&self, lang: Language) -> String {
        let reason = self.reason.text(lang, self.column.is_some());
        match (&self.value, lang) {
            (Some(v), _) if reason.contains(v.as_str()) => reason,
            (Some(v), Language::Zh) => format!("“{v}”{reason}"),
            (Some(v), Language::En) => format!("“{v}”: {reason}"),
            (None, _) => reason,
        }
    }
}

/// What the import does, as the message's ending.
fn outcome_note(outcome: ProblemOutcome, lang: Language) -> String {
    if outcome == ProblemOutcome::Noted {
        return String::new();
    }
    format!(
        "{}{}{}",
        pick(lang, "（", " ("),
        outcome_text(outcome, lang),
        pick(lang, "）", ")")
    )
}

/// What the import does about a problem, in a few words.
pub fn outcome_text(outcome: ProblemOutcome, lang: Language) -> String {
    use ProblemOutcome::*;
    match outcome {
        CellLeftEmpty => pick(lang, "已导入，此格留空", "imported, this cell left empty"),
        FollowUpDatedAtImport => pick(
            lang,
            "已导入，跟进记录按导入时间记录",
            "imported, the follow-up dated at the import",
        ),
        FollowUpDueByPriority => pick(
            lang,
            "已导入，下次跟进按优先级排期",
            "imported, the next follow-up scheduled by priority",
        ),
        FollowUpLeftOut => pick(
            lang,
            "客户已导入，此跟进记录未导入",
            "customer imported without this follow-up",
        ),
        RowLeftOut => pick(lang, "整行未导入", "row not imported"),
        Noted => pick(lang, "已导入，如上所述", "imported as described"),
    }
}

impl RowProblem {
    /// The reason alone when a column names the place, with the field's label otherwise.
    pub fn text(&self, lang: Language, column_named: bool) -> String {
        match self {
            RowProblem::Value(e) => value_text(e, lang),
            RowProblem::LostWithoutReason => pick(
                lang,
                "阶段为“流失”时须有流失原因，表中没有流失原因列",
                "Lost needs a reason for loss, and the sheet has no such column",
            ),
            RowProblem::AmountAsNote => pick(
                lang,
                "不是金额：商机照建，无金额，原文记为预算说明",
                "not an amount: the opportunity is made without one, the text kept as its budget note",
            ),
            RowProblem::DealKeptInNotes => pick(
                lang,
                "没有可读的成交金额：未建成交记录，成交信息记入客户备注",
                "no readable deal amount: no deal made, the deal cells kept in the customer's notes",
            ),
            RowProblem::DateAssumed {
                date,
                from_follow_up,
            } => match (lang, from_follow_up) {
                (Language::Zh, true) => format!("未填日期，按本行跟进日期记为 {date}"),
                (Language::Zh, false) => format!("未填日期，按导入当天记为 {date}"),
                (Language::En, true) => format!("no date: dated {date}, the row's follow-up day"),
                (Language::En, false) => format!("no date: dated {date}, the day of the import"),
            },
            RowProblem::Invalid { field, reason } => {
                let error = CoreError::invalid(field.clone(), reason.clone());
                let full = i18n::message(&error, lang);
                if !column_named {
                    return full;
                }
                let sep = if lang == Language::En { " " } else { "：" };
                let label = format!("{}{sep}", i18n::field_label(field, lang));
                full.strip_prefix(&label)
                    .map_or(full.clone(), str::to_string)
            }
        }
    }
}

fn pick(lang: Language, zh: &str, en: &str) -> String {
    if lang == Language::En { en } else { zh }.to_string()
}

fn value_text(e: &ValueError, lang: Language) -> String {
    use ValueError::*;
    let en = lang == Language::En;
    match e {
        NotADate => pick(lang, "不是有效的日期", "not a date"),
        NoSuchDate => pick(lang, "没有这一天", "no such day"),
        DateOutOfRange => pick(
            lang,
            "日期须在 1900 年至 2100 年之间",
            "must be a date between 1900 and 2100",
        ),
        NotATime => pick(lang, "不是有效的时间", "not a time of day"),
        NotAnAmount => pick(lang, "不是有效的金额", "not an amount"),
        AmountOutOfRange => pick(lang, "金额太大", "amount too large"),
        NotAPriority => pick(
            lang,
            "不是有效的优先级（高/中/低）",
            "not a priority (high, medium, low)",
        ),
        NotACategory => pick(lang, "不是有效的客户类别", "not a customer category"),
        NotAKind => pick(
            lang,
            "应为“企业”或“个人”（或客户类别、阶段）",
            "should be company or person (or a category or stage)",
        ),
        NotAStage => pick(lang, "不是有效的阶段", "not a stage"),
        NotAMethod => pick(lang, "不是有效的跟进方式", "not a follow-up method"),
        NotAPaymentMethod => pick(
            lang,
            "不是有效的付款方式（线上支付/线下支付/分期付款）",
            "not a payment method (online, offline, instalments)",
        ),
        NotASatisfaction => pick(lang, "满意度应为 1–5 分", "satisfaction should be 1 to 5"),
        NotAComplaintCategory => pick(
            lang,
            "不是有效的投诉类别（产品质量/交付物流/服务态度/价格费用/其他）",
            "not a complaint category (quality, delivery, service, billing, other)",
        ),
        NotASeverity => pick(
            lang,
            "不是有效的严重程度（轻微/一般/严重）",
            "not a severity (low, medium, high)",
        ),
        NotAComplaintStatus => pick(
            lang,
            "不是有效的处理状态（待处理/处理中/已解决）",
            "not a complaint status (open, in progress, resolved)",
        ),
        NotAPhone { entry } if en => format!("“{entry}” is not a phone number"),
        NotAPhone { entry } => format!("“{entry}”不是有效的电话号码"),
        NotAnEmail { entry } if en => format!("“{entry}” is not an email address"),
        NotAnEmail { entry } => format!("“{entry}”不是有效的邮箱地址"),
    }
}

/// The problems as a CSV file (row, column, value, reason, outcome), UTF-8 with a BOM so Excel reads Chinese.
/// Cells starting with `=`, `+`, `-`, `@`, tab or CR get a leading `'` (OWASP's advice against
/// formula injection: headers come from the user's file).
pub fn errors_csv(errors: &[RowError], lang: Language) -> String {
    let head = match lang {
        Language::Zh => ["行号", "列", "值", "原因", "处理"],
        Language::En => ["Row", "Column", "Value", "Reason", "Outcome"],
    };
    let mut out = String::from("\u{feff}");
    out.push_str(&csv_line(&head.map(String::from)));
    for e in errors {
        let reason = e.reason.text(lang, e.column.is_some());
        let column = e.column.clone().unwrap_or_default();
        let value = e.value.clone().unwrap_or_default();
        let outcome = outcome_text(e.outcome, lang);
        out.push_str(&csv_line(&[
            e.row.to_string(),
            column,
            value,
            reason,
            outcome,
        ]));
    }
    out
}

fn csv_line(cells: &[String]) -> String {
    let quoted: Vec<String> = cells.iter().map(|c| csv_cell(c)).collect();
    format!("{}\r\n", quoted.join(","))
}

/// One cell, guarded against formula injection by the exports' own rule
/// ([`crate::export::neutralise`]), then quoted when it must be.
fn csv_cell(text: &str) -> String {
    let safe = crate::export::neutralise(text);
    if safe.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", safe.replace('"', "\"\""))
    } else {
        safe.into_owned()
    }
}
