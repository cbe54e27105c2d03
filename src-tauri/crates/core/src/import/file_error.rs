//! Why a chosen file cannot be imported, worded for the user in both languages
//! ([`CoreError::File`]). The readers' own errors are precise but technical; these say what
//! happened and what to do, and always that the book was not changed.
use crate::error::CoreError;
use crate::import::text::TextError;
use crate::import::workbook::WorkbookError;

pub fn empty_file() -> CoreError {
    CoreError::file(
        "emptyFile",
        "文件是空的，没有可导入的内容。",
        "The file is empty; there is nothing to import.",
    )
}

pub fn not_a_table() -> CoreError {
    CoreError::file(
        "notASpreadsheet",
        "无法识别该文件：它不是 Excel/WPS 表格（xlsx、xls、ods）、CSV/文本文件或 vCard。客户数据未改动。",
        "This file is not a spreadsheet (xlsx, xls, ods), a CSV/text file or a vCard. Nothing was changed.",
    )
}

pub fn too_large(bytes: u64, limit: u64) -> CoreError {
    let (mb, limit_mb) = (bytes / 1_048_576, limit / 1_048_576);
    CoreError::file(
        "fileTooLarge",
        format!("文件有 {mb} MB，超过了可导入的上限 {limit_mb} MB。请拆分后再导入。"),
        format!("The file is {mb} MB; at most {limit_mb} MB can be imported. Split it and import the parts."),
    )
}

pub fn nothing_to_import() -> CoreError {
    CoreError::file(
        "nothingToImport",
        "没有可导入的有效行。请检查列的对应关系，或修正出错的行。",
        "There are no valid rows to import. Check the column mapping or fix the rows listed.",
    )
}

pub fn unreadable(path: &str, detail: &str) -> CoreError {
    CoreError::file(
        "unreadableFile",
        format!("无法读取文件 {path}：{detail}"),
        format!("Could not read the file {path}: {detail}"),
    )
}

/// The path names something other than a regular file (a folder, a device such as
/// `/dev/zero`, a FIFO, a socket): nothing is read from it.
pub fn not_a_file(path: &str) -> CoreError {
    CoreError::file(
        "notAFile",
        format!("{path} 不是普通文件，无法导入。请选择一个表格、CSV 或 vCard 文件。客户数据未改动。"),
        format!("{path} is not a regular file and cannot be imported. Choose a spreadsheet, CSV or vCard file. Nothing was changed."),
    )
}

/// A file token the app never handed out: the UI may only name files the user picked in the
/// dialog or dropped on the window.
pub fn unknown_file() -> CoreError {
    CoreError::file(
        "unknownFile",
        "只能导入在文件对话框中选择或拖放到窗口上的文件，请重新选择文件。",
        "Only a file chosen in the file dialog or dropped on the window can be imported; choose the file again.",
    )
}

/// The reader failed inside on this file (a panic in a parser): the file is damaged or
/// malformed in a way the reader did not expect. `reason` is the reader's own words.
pub fn damaged(reason: &str) -> CoreError {
    let detail = |open: &str, close: &str| {
        if reason.is_empty() {
            String::new()
        } else {
            format!("{open}{reason}{close}")
        }
    };
    CoreError::file(
        "damagedFile",
        format!(
            "文件已损坏或格式异常，无法读取{}。请在 Excel 或 WPS 中打开并重新保存后再试。客户数据未改动。",
            detail("（", "）")
        ),
        format!(
            "The file is damaged or malformed and cannot be read{}. Open it in Excel or WPS, save it again and retry. Nothing was changed.",
            detail(" (", ")")
        ),
    )
}

/// Why the separate reader process gave up on a file, for [`too_demanding`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReaderStop {
    /// It needed more memory than the reader may use (`limit` bytes).
    Memory { limit: u64 },
    /// It computed for longer than the reader may (`limit` seconds).
    Time { limit: u64 },
    /// It stopped in another way (a crash); the text says how, for the message.
    Crashed,
}

/// The reader process was stopped on this file: it is damaged, or built to exhaust the
/// reader (a "decompression bomb"), or too large to read. The app itself carries on.
pub fn too_demanding(stop: ReaderStop, how: &str) -> CoreError {
    let (zh, en) = match stop {
        ReaderStop::Memory { limit } => (
            format!("读取时需要超过 {} MB 内存", limit >> 20),
            format!("reading it needed more than {} MB of memory", limit >> 20),
        ),
        ReaderStop::Time { limit } => (
            format!("读取超过了 {limit} 秒"),
            format!("reading it took longer than {limit} seconds"),
        ),
        ReaderStop::Crashed => (
            format!("读取程序异常退出：{how}"),
            format!("the reader stopped: {how}"),
        ),
    };
    CoreError::file(
        "damagedFile",
        format!("文件已损坏或过大，无法读取（{zh}）。请在 Excel 或 WPS 中打开并重新保存，或拆分后再导入。客户数据未改动。"),
        format!("The file is damaged or too large to read ({en}). Open it in Excel or WPS and save it again, or split it, then retry. Nothing was changed."),
    )
}

pub fn workbook(e: &WorkbookError) -> CoreError {
    let code = "unreadableWorkbook";
    let (zh, en) = match e {
        WorkbookError::NotAWorkbook => return not_a_table(),
        WorkbookError::PasswordProtected => (
            "该工作簿设有打开密码。请在 Excel 或 WPS 中取消密码（或另存为无密码的副本）后再导入。".into(),
            "The workbook is password-protected. Remove the password in Excel or WPS (or save an unprotected copy) and import that.".into(),
        ),
        WorkbookError::Corrupt(_) | WorkbookError::Unreadable(_) => (
            format!("工作簿已损坏或不完整，无法读取（{e}）。请在 Excel 或 WPS 中打开并重新保存后再试。"),
            format!("The workbook is damaged or incomplete and cannot be read ({e}). Open it in Excel or WPS, save it again and retry."),
        ),
        WorkbookError::TooLarge { rows, limit } => (
            format!("该工作表有 {rows} 行，最多可导入 {limit} 行。请拆分成几个文件后分别导入。"),
            format!("The sheet has {rows} rows; at most {limit} can be imported at once. Split it into several files."),
        ),
        WorkbookError::UnpackedTooLarge { .. } | WorkbookError::Suspicious(_) => (
            "该文件解压后异常巨大（可能是“压缩炸弹”），已拒绝读取。".into(),
            "This file would unpack to an absurd size (it looks like a zip bomb) and was not read.".into(),
        ),
        WorkbookError::CellTooLarge { row, col, bytes, .. } => (
            format!("第 {} 行第 {} 列的单元格有 {} KB，太大，无法导入。", row + 1, col + 1, bytes / 1024),
            format!("The cell at row {}, column {} holds {} KB, too large to import.", row + 1, col + 1, bytes / 1024),
        ),
        WorkbookError::NoSuchSheet(name) => (
            format!("工作簿中没有名为“{name}”的工作表。"),
            format!("The workbook has no sheet named “{name}”."),
        ),
    };
    CoreError::file(code, zh, en)
}

pub fn text(e: &TextError) -> CoreError {
    let (zh, en) = match e {
        TextError::UnknownEncoding(label) => (
            format!("不认识的文本编码“{label}”。"),
            format!("Unknown text encoding “{label}”."),
        ),
        TextError::InvalidDelimiter(_) => (
            "分隔符必须是一个 ASCII 字符。".into(),
            "The delimiter must be one ASCII character.".into(),
        ),
        TextError::CellTooLarge { line, max, .. } => (
            format!(
                "第 {line} 行有一个超过 {} KB 的单元格，无法导入。",
                max / 1024
            ),
            format!(
                "Line {line} has a cell larger than {} KB, too large to import.",
                max / 1024
            ),
        ),
        TextError::TooManyColumns { line, max } => (
            format!("第 {line} 行超过 {max} 列，这不像是一张表格。"),
            format!("Line {line} has more than {max} columns; this does not look like a table."),
        ),
        TextError::Malformed { line, message } => (
            format!("第 {line} 行格式有误，无法读取（{message}）。"),
            format!("Line {line} is malformed and cannot be read ({message})."),
        ),
    };
    CoreError::file("unreadableText", zh, en)
}
