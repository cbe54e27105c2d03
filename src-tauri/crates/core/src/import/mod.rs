//! Importing legacy spreadsheets: pure functions that turn what a 客户跟进记录表 holds into
//! Rapport's values, and the import session from file bytes to a preview and a plan. Nothing
//! here touches the store (see `store::imports` for the commit).
//! - `values`: cell values — dates in the many ways people type them, amounts with ¥ and 万,
//!   tags, priorities, categories, stages and methods in either language;
//! - `headers`: recognising column headers (Chinese and English synonyms) and finding the
//!   header row under title rows;
//! - `text`: decoding text files (BOM, UTF-8, UTF-16, GBK/GB18030, Big5) and sniffing the
//!   delimiter;
//! - `workbook`: reading sheets of xlsx/xlsm/xls/ods workbooks (calamine) as rows of cells;
//! - `plan`: turning rows and a column mapping into the customers and follow-ups they hold,
//!   with duplicates and invalid rows found;
//! - `source`: a file recognised by its bytes and read into a table of text cells;
//! - `session`: the user's choices (sheet, encoding, mapping, date order) → preview + plan;
//! - `pending`: a file opened for import, from its first preview to the import (which lets
//!   go of the file's session to have the memory for the commit);
//! - `file`: opening the chosen file: a regular file only, read within the size limit;
//! - `picked`: the files the user picked or dropped, known to the UI by a token only;
//! - `file_error`: why a file cannot be imported, in both languages;
//! - `guard`: a reader's panic turned into the damaged-file error;
//! - `reader`: the file read in a separate process under memory and time limits.
pub mod file;
pub mod file_error;
pub mod guard;
pub mod headers;
pub mod json_book;
pub mod pending;
pub mod picked;
pub mod plan;
pub mod reader;
pub mod session;
pub mod source;
pub mod text;
pub mod values;
pub mod vcard;
pub mod workbook;
