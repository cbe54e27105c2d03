//! Groundwork for importing legacy spreadsheets (the import issue): pure functions that turn
//! what a 客户跟进记录表 holds into Rapport's values. Nothing here reads files or touches the
//! store yet.
//! - `values`: cell values — dates in the many ways people type them, amounts with ¥ and 万,
//!   tags, priorities, categories, stages and methods in either language;
//! - `headers`: recognising column headers (Chinese and English synonyms) and finding the
//!   header row under title rows;
//! - `text`: decoding text files (BOM, UTF-8, UTF-16, GBK/GB18030, Big5) and sniffing the
//!   delimiter;
//! - `workbook`: reading sheets of xlsx/xlsm/xls/ods workbooks (calamine) as rows of cells;
//! - `plan`: turning rows and a column mapping into the customers and follow-ups they hold,
//!   with duplicates and invalid rows found — the import preview.
pub mod headers;
pub mod plan;
pub mod text;
pub mod values;
pub mod workbook;
