//! Folding headers so that 「客户名称*」, 「 客户名称：」 and 「ＣＵＳＴＯＭＥＲ　ＮＡＭＥ」 match
//! the same synonym.

/// The key a header is matched by: full-width folded to half-width, lower case, bracketed
/// notes removed (`（元）`, `【必填】`, `(yyyy-mm-dd)`) unless nothing else is left, and
/// without white space or punctuation (`*`, `:`, `-`, `_`, `.`, `/`, …).
pub fn normalise(header: &str) -> String {
    let folded = fold_width(header).to_lowercase();
    let key = strip_noise(&strip_brackets(&folded));
    if key.is_empty() {
        strip_noise(&folded)
    } else {
        key
    }
}

/// The signature's lighter fold: width, case and white space only, so units in brackets and
/// punctuation still tell headers apart.
pub(super) fn fold_light(header: &str) -> String {
    fold_width(header)
        .to_lowercase()
        .chars()
        .filter(|c| !is_blank(*c))
        .collect()
}

/// Full-width ASCII forms (U+FF01–U+FF5E) and the ideographic space to their ASCII forms, as
/// Chinese input methods type them.
fn fold_width(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{3000}' => ' ',
            '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
            _ => c,
        })
        .collect()
}

fn opening(c: char) -> bool {
    matches!(
        c,
        '(' | '[' | '{' | '<' | '【' | '〔' | '〖' | '《' | '〈' | '「' | '『'
    )
}

fn closing(c: char) -> bool {
    matches!(
        c,
        ')' | ']' | '}' | '>' | '】' | '〕' | '〗' | '》' | '〉' | '」' | '』'
    )
}

/// Drops bracketed text, nested or not; a stray closing bracket is dropped too.
fn strip_brackets(text: &str) -> String {
    let mut depth = 0usize;
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if opening(c) {
            depth += 1;
        } else if closing(c) {
            depth = depth.saturating_sub(1);
        } else if depth == 0 {
            out.push(c);
        }
    }
    out
}

/// White space and the invisible characters spreadsheets leave in headers (BOM, zero-width).
fn is_blank(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{feff}' | '\u{200b}' | '\u{200c}' | '\u{200d}')
}

/// Removes white space, punctuation and any bracket characters left.
fn strip_noise(text: &str) -> String {
    text.chars()
        .filter(|c| {
            !is_blank(*c)
                && !opening(*c)
                && !closing(*c)
                && !matches!(
                    c,
                    '*' | ':'
                        | '-'
                        | '_'
                        | '.'
                        | '/'
                        | '\\'
                        | '·'
                        | '・'
                        | '?'
                        | '!'
                        | '、'
                        | '。'
                        | ','
                        | ';'
                        | '"'
                        | '\''
                        | '“'
                        | '”'
                        | '‘'
                        | '’'
                        | '~'
                        | '^'
                )
        })
        .collect()
}
