//! Text files (`.csv`, `.tsv`, `.txt`): decoding the bytes, sniffing the delimiter and reading
//! rows with the csv crate. The encoding is detected, never asked (the rule): a BOM
//! wins, then valid UTF-8, then chardetng's guess among the legacy encodings (GBK/GB18030,
//! Big5, …). The user can still override the guess in the preview with [`decode_as`].
use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{Encoding, BIG5, GB18030, GBK, REPLACEMENT, UTF_8};
use thiserror::Error;

mod rows;
pub use rows::{read_rows, rows, Rows, TextRow, MAX_CELL_BYTES, MAX_COLUMNS};

/// chardetng looks at this much of a file: enough for a confident guess, and it keeps the
/// guess fast on a 100,000-row file.
const DETECT_PREFIX: usize = 256 * 1024;
/// The delimiter is sniffed from at most this many records …
const SNIFF_RECORDS: usize = 50;
/// … within at most this many bytes of the sample.
const SNIFF_BYTES: usize = 64 * 1024;
/// The delimiters a text file may use, in the order preferred on a tie.
pub const DELIMITERS: [u8; 4] = [b',', b'\t', b';', b'|'];

/// Why a text file could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum TextError {
    /// The override names no encoding we know (`decode_as`).
    #[error("unknown text encoding `{0}`")]
    UnknownEncoding(String),
    /// Delimiters are single ASCII characters; anything else would split characters.
    #[error("the delimiter {0:#04x} is not an ASCII character")]
    InvalidDelimiter(u8),
    /// A cell above [`MAX_CELL_BYTES`]: refused so one huge cell cannot exhaust memory.
    #[error("line {line}, column {column}: the cell is larger than {max} bytes")]
    CellTooLarge {
        line: u64,
        column: usize,
        max: usize,
    },
    /// A row above [`MAX_COLUMNS`] cells (more than a spreadsheet can have).
    #[error("line {line}: more than {max} columns")]
    TooManyColumns { line: u64, max: usize },
    /// Anything else the csv parser reports.
    #[error("line {line}: {message}")]
    Malformed { line: u64, message: String },
}

/// A decoded text file and how it was decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text, without its BOM.
    pub text: String,
    /// The encoding's WHATWG name ("UTF-8", "UTF-16LE", "UTF-16BE", "gb18030", "Big5",
    /// "windows-1252", …); [`decode_as`] accepts it back.
    pub encoding: &'static str,
    pub had_bom: bool,
    /// False when the preview should invite the user to check the encoding: some bytes did not
    /// decode, or the guess is neither Unicode nor Chinese (GB18030, Big5).
    pub confident: bool,
}

/// Detects the encoding of `bytes` and decodes them; never fails (undecodable bytes become
/// U+FFFD and `confident` is false). UTF-16 is recognised by its BOM only, which Excel's
/// "Unicode text" always writes.
pub fn decode(bytes: &[u8]) -> Decoded {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let rest = bytes.get(bom_len..).unwrap_or_default();
        let (text, had_errors) = encoding.decode_without_bom_handling(rest);
        return Decoded {
            text: text.into_owned(),
            encoding: encoding.name(),
            had_bom: true,
            confident: !had_errors,
        };
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Decoded {
            text: text.to_owned(),
            encoding: UTF_8.name(),
            had_bom: false,
            confident: true,
        };
    }
    let encoding = widen(guess_legacy(bytes));
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    Decoded {
        text: text.into_owned(),
        encoding: encoding.name(),
        had_bom: false,
        confident: !had_errors && (encoding == GB18030 || encoding == BIG5),
    }
}

/// Decodes `bytes` in the encoding the user chose (a WHATWG label such as "utf-8", "gbk",
/// "gb18030", "big5", "utf-16le"). A BOM of that same encoding is dropped; undecodable bytes
/// become U+FFFD, so the preview shows the user what the choice does.
pub fn decode_as(bytes: &[u8], label: &str) -> Result<String, TextError> {
    let encoding = Encoding::for_label(label.trim().as_bytes())
        .filter(|e| *e != REPLACEMENT)
        .ok_or_else(|| TextError::UnknownEncoding(label.to_owned()))?;
    let (text, _had_errors) = widen(encoding).decode_with_bom_removal(bytes);
    Ok(text.into_owned())
}

/// chardetng's guess for bytes that are not UTF-8, from the first [`DETECT_PREFIX`] bytes.
fn guess_legacy(bytes: &[u8]) -> &'static Encoding {
    let prefix = bytes.get(..DETECT_PREFIX).unwrap_or(bytes);
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    detector.feed(prefix, prefix.len() == bytes.len());
    detector.guess(None, Utf8Detection::Deny)
}

/// GBK files often hold GB18030-only characters (rare names, €): decode them as GB18030, its
/// superset, so nothing is lost.
fn widen(encoding: &'static Encoding) -> &'static Encoding {
    if encoding == GBK {
        GB18030
    } else {
        encoding
    }
}

/// The delimiter for a file: tabs for `.tsv`, otherwise sniffed (a `.csv` saved by a European
/// Excel uses `;`, and a `.txt` may use anything).
pub fn delimiter_for(file_name: &str, sample: &str) -> u8 {
    if file_name.to_ascii_lowercase().ends_with(".tsv") {
        b'\t'
    } else {
        sniff_delimiter(sample)
    }
}

/// Picks among `,` `\t` `;` `|` the delimiter whose rows most often share one column count of
/// at least two (quotes respected); on a tie the wider rows win, then the order of
/// [`DELIMITERS`]. A sample with a single column gives `,`.
pub fn sniff_delimiter(sample: &str) -> u8 {
    let mut best = (DELIMITERS[0], (0, 0));
    for delimiter in DELIMITERS {
        let score = consistency(sample, delimiter);
        if score > best.1 {
            best = (delimiter, score);
        }
    }
    best.0
}

/// (how many records share the most common width, that width), widths of one left out.
fn consistency(sample: &str, delimiter: u8) -> (usize, usize) {
    let mut tally = std::collections::BTreeMap::<usize, usize>::new();
    for width in field_counts(sample, delimiter) {
        if width > 1 {
            *tally.entry(width).or_default() += 1;
        }
    }
    tally
        .into_iter()
        .map(|(width, count)| (count, width))
        .max()
        .unwrap_or((0, 0))
}

/// Field counts of the first [`SNIFF_RECORDS`] records, leaving out a last record the sample
/// may have cut short.
fn field_counts(sample: &str, delimiter: u8) -> Vec<usize> {
    let cut = prefix(sample, SNIFF_BYTES);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(cut.as_bytes());
    let mut record = csv::ByteRecord::new();
    let mut counts = Vec::new();
    while counts.len() < SNIFF_RECORDS {
        match reader.read_byte_record(&mut record) {
            Ok(true) => counts.push(record.len()),
            Ok(false) | Err(_) => {
                let complete = cut.len() == sample.len() && cut.ends_with(['\n', '\r']);
                if !complete && counts.len() > 1 {
                    counts.pop();
                }
                break;
            }
        }
    }
    counts
}

/// The longest prefix of `text` of at most `max` bytes that ends on a character boundary.
fn prefix(text: &str, max: usize) -> &str {
    let mut end = max.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.get(..end).unwrap_or_default()
}
