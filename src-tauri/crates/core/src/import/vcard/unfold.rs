//! Physical lines → logical (unfolded) lines, with the bounds of the module notes.
use super::{VcardError, MAX_LINE_BYTES};

/// Physical lines → logical (unfolded) lines.
pub(super) struct Unfolder<'a> {
    pub(super) lines: std::iter::Peekable<std::iter::Enumerate<std::vec::IntoIter<&'a str>>>,
    /// The current card is 2.1: folding keeps the white space.
    pub(super) v21: bool,
}

impl<'a> Unfolder<'a> {
    pub(super) fn new(text: &'a str) -> Self {
        let lines: Vec<&str> = if text.contains('\n') {
            text.split('\n')
                .map(|l| l.strip_suffix('\r').unwrap_or(l))
                .collect()
        } else {
            text.split('\r').collect()
        };
        Unfolder {
            lines: lines.into_iter().enumerate().peekable(),
            v21: false,
        }
    }

    pub(super) fn next_line(&mut self) -> Result<Option<String>, VcardError> {
        let Some((number, first)) = self.lines.next() else {
            return Ok(None);
        };
        if let Some(name) = binary_property(first) {
            // Skipped unread, however long: photos are not imported.
            while let Some((_, next)) = self.lines.peek() {
                if !next.starts_with([' ', '\t']) {
                    break;
                }
                self.lines.next();
            }
            return Ok(Some(format!("{name}:")));
        }
        let too_long = || VcardError::LineTooLong {
            line: number + 1,
            limit: MAX_LINE_BYTES,
        };
        if first.len() > MAX_LINE_BYTES {
            return Err(too_long());
        }
        let mut line = first.to_owned();
        // Whether the value is quoted-printable, known once the head (up to `:`) is read;
        // decided once per property so a long value is not rescanned line after line.
        let mut qp = quoted_printable_head(&line);
        while let Some((_, next)) = self.lines.peek() {
            let next = *next;
            if qp == Some(true) && line.ends_with('=') {
                line.pop();
                line.push_str(next);
            } else if next.starts_with([' ', '\t']) {
                line.push_str(if self.v21 { next } else { &next[1..] });
            } else {
                break;
            }
            self.lines.next();
            if line.len() > MAX_LINE_BYTES {
                return Err(too_long());
            }
            if qp.is_none() && next.contains(':') {
                qp = quoted_printable_head(&line);
            }
            if qp.is_none() && line.len() > MAX_HEAD_BYTES {
                qp = Some(false);
            }
        }
        if line.trim().eq_ignore_ascii_case("BEGIN:VCARD") {
            self.v21 = false;
        }
        Ok(Some(line))
    }
}

/// The name of a binary property (PHOTO, LOGO, SOUND, KEY), which the import skips.
pub(super) fn binary_property(line: &str) -> Option<&'static str> {
    let head = line.get(..line.len().min(64)).unwrap_or(line);
    let name = head.split([';', ':']).next().unwrap_or("");
    let name = name.rsplit('.').next().unwrap_or(name).trim();
    ["PHOTO", "LOGO", "SOUND", "KEY"]
        .into_iter()
        .find(|n| n.eq_ignore_ascii_case(name))
}

/// Past this, a property without a `:` is not looked at for QUOTED-PRINTABLE again (no real
/// name and parameters are this long), so garbage cannot make unfolding quadratic.
pub(super) const MAX_HEAD_BYTES: usize = 4096;

/// Whether the property's parameters say QUOTED-PRINTABLE; `None` while its head (up to the
/// first `:` outside quotes) is not complete.
pub(super) fn quoted_printable_head(line: &str) -> Option<bool> {
    split_unquoted(line, ':')
        .map(|(head, _)| head.to_ascii_uppercase().contains("QUOTED-PRINTABLE"))
}

/// Splits at the first `sep` outside double quotes.
pub(super) fn split_unquoted(text: &str, sep: char) -> Option<(&str, &str)> {
    let mut quoted = false;
    for (i, c) in text.char_indices() {
        match c {
            '"' => quoted = !quoted,
            c if c == sep && !quoted => return Some((&text[..i], &text[i + 1..])),
            _ => {}
        }
    }
    None
}
