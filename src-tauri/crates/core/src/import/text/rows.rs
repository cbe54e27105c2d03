//! Reading rows of decoded text with the csv crate: quotes, embedded newlines and rows of any
//! length, with caps so a hostile file cannot exhaust memory.
use super::TextError;

/// The largest cell accepted (1 MiB). A larger one is refused with its line as soon as it is
/// read, so a 50 MB cell is never kept in the rows (the csv reader's buffer holds it once,
/// within the size of the text already in memory).
pub const MAX_CELL_BYTES: usize = 1 << 20;
/// The most cells a row may have: Excel's own limit (XFD). Without it, a line of commas
/// would become millions of empty cells.
pub const MAX_COLUMNS: usize = 16_384;

/// One record of a text file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextRow {
    /// The file's line (1-based) where the record starts: what an error report names.
    pub line: u64,
    /// The cells, trailing empty cells dropped (Excel pads rows with `,,,`); a cell missing
    /// from a short row is empty.
    pub cells: Vec<String>,
}

/// The records of `text`, one at a time, so an importer can stream a large file.
pub struct Rows<'a> {
    reader: csv::Reader<&'a [u8]>,
    record: csv::ByteRecord,
    lines: Lines<'a>,
    done: bool,
}

/// Line numbers from byte offsets. The csv crate's own line count misses blank lines and
/// CRLF line breaks, so lines are counted here: `\n`, `\r\n` and a lone `\r` each end one.
struct Lines<'a> {
    text: &'a [u8],
    /// Line breaks before `at` have been counted into `line`.
    at: usize,
    line: u64,
}

impl Lines<'_> {
    /// The line of the record the csv reader reports at `byte`: that offset is just after the
    /// previous record, so the line breaks of skipped blank lines are passed over first.
    fn of_record_at(&mut self, byte: u64) -> u64 {
        let len = self.text.len();
        let mut start = usize::try_from(byte).unwrap_or(len).min(len);
        while self
            .text
            .get(start)
            .is_some_and(|b| matches!(b, b'\r' | b'\n'))
        {
            start += 1;
        }
        if start < self.at {
            (self.at, self.line) = (0, 1);
        }
        for i in self.at..start {
            let ends_line = match self.text.get(i) {
                Some(b'\n') => true,
                Some(b'\r') => self.text.get(i + 1) != Some(&b'\n'),
                _ => false,
            };
            self.line += u64::from(ends_line);
        }
        self.at = start;
        self.line
    }
}

/// Reads `text` as delimited records: quoted fields may hold delimiters, quotes (`""`) and line
/// breaks; rows may differ in length; blank lines are skipped (as the csv crate does); a
/// leading BOM is dropped.
pub fn rows(text: &str, delimiter: u8) -> Result<Rows<'_>, TextError> {
    if !delimiter.is_ascii() {
        return Err(TextError::InvalidDelimiter(delimiter));
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    Ok(Rows {
        reader,
        record: csv::ByteRecord::new(),
        lines: Lines {
            text: text.as_bytes(),
            at: 0,
            line: 1,
        },
        done: false,
    })
}

/// The first `max_rows` records of `text` (see [`rows`]); the first error stops the reading.
pub fn read_rows(
    text: &str,
    delimiter: u8,
    max_rows: usize,
) -> Result<Vec<Vec<String>>, TextError> {
    rows(text, delimiter)?
        .take(max_rows)
        .map(|row| row.map(|r| r.cells))
        .collect()
}

impl Iterator for Rows<'_> {
    type Item = Result<TextRow, TextError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let item = match self.reader.read_byte_record(&mut self.record) {
            Ok(true) => {
                let byte = self.record.position().map_or(0, csv::Position::byte);
                cells(&self.record, self.lines.of_record_at(byte))
            }
            Ok(false) => {
                self.done = true;
                return None;
            }
            Err(e) => {
                let byte = e.position().map_or(0, csv::Position::byte);
                Err(TextError::Malformed {
                    line: self.lines.of_record_at(byte),
                    message: e.to_string(),
                })
            }
        };
        // An error ends the iteration: the reader cannot resynchronise reliably after one.
        self.done = item.is_err();
        Some(item)
    }
}

/// Checks the caps and turns a record into owned cells.
fn cells(record: &csv::ByteRecord, line: u64) -> Result<TextRow, TextError> {
    if record.len() > MAX_COLUMNS {
        return Err(TextError::TooManyColumns {
            line,
            max: MAX_COLUMNS,
        });
    }
    let used = record
        .iter()
        .rposition(|f| !f.is_empty())
        .map_or(0, |i| i + 1);
    let mut cells = Vec::with_capacity(used);
    for (i, field) in record.iter().take(used).enumerate() {
        if field.len() > MAX_CELL_BYTES {
            return Err(TextError::CellTooLarge {
                line,
                column: i + 1,
                max: MAX_CELL_BYTES,
            });
        }
        // The input is a `str` and delimiters are ASCII, so fields are valid UTF-8.
        cells.push(String::from_utf8_lossy(field).into_owned());
    }
    Ok(TextRow { line, cells })
}
