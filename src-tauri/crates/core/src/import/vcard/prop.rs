//! One property line: group, name, parameters and value, unescaped and decoded.
use super::unfold::split_unquoted;

/// One property: `[group.]NAME[;params]:value`, name and parameter names upper case.
pub(super) struct Prop {
    pub(super) name: String,
    pub(super) params: Vec<(String, String)>,
    /// As written (still encoded and escaped).
    pub(super) value: String,
}

impl Prop {
    pub(super) fn parse(line: &str) -> Option<Prop> {
        let (head, value) = split_unquoted(line, ':')?;
        let mut parts = Vec::new();
        let mut rest = head;
        while let Some((part, tail)) = split_unquoted(rest, ';') {
            parts.push(part);
            rest = tail;
        }
        parts.push(rest);
        let mut parts = parts.into_iter();
        let full = parts.next()?.trim();
        let name = full.rsplit('.').next().unwrap_or(full).to_ascii_uppercase();
        if name.is_empty() {
            return None;
        }
        let mut params = Vec::new();
        for p in parts {
            let (key, values) = match p.split_once('=') {
                Some((k, v)) => (k.trim().to_ascii_uppercase(), v),
                None => {
                    let bare = p.trim().to_ascii_uppercase();
                    let key = match bare.as_str() {
                        "QUOTED-PRINTABLE" | "BASE64" | "B" | "8BIT" | "7BIT" => "ENCODING",
                        _ => "TYPE",
                    };
                    (key.to_owned(), p)
                }
            };
            let value = param_value(values);
            if key == "TYPE" {
                for v in value.split(',') {
                    params.push((key.clone(), v.trim().to_owned()));
                }
            } else {
                params.push((key, value));
            }
        }
        Some(Prop {
            name,
            params,
            value: value.to_owned(),
        })
    }

    pub(super) fn param(&self, key: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    pub(super) fn has_type(&self, t: &str) -> bool {
        self.params
            .iter()
            .any(|(k, v)| k == "TYPE" && v.eq_ignore_ascii_case(t))
    }

    pub(super) fn binary(&self) -> bool {
        self.param("ENCODING")
            .is_some_and(|e| matches!(e.to_ascii_uppercase().as_str(), "B" | "BASE64"))
    }

    /// One component of the raw value decoded: quoted-printable in its charset, unescaped.
    pub(super) fn decode(&self, raw: &str) -> String {
        let qp = self
            .param("ENCODING")
            .is_some_and(|e| e.eq_ignore_ascii_case("QUOTED-PRINTABLE"));
        let text = if qp {
            let bytes = quoted_printable(raw);
            let encoding = self
                .param("CHARSET")
                .and_then(|c| encoding_rs::Encoding::for_label(c.as_bytes()))
                .unwrap_or(encoding_rs::UTF_8);
            encoding.decode(&bytes).0.into_owned()
        } else {
            raw.to_owned()
        };
        unescape(&text)
    }

    /// The value as one text.
    pub(super) fn text(&self) -> String {
        if self.binary() {
            return String::new();
        }
        self.decode(&self.value).trim().to_owned()
    }

    /// The components of a structured value (N, ORG, ADR), split on unescaped `;`.
    pub(super) fn components(&self) -> Vec<String> {
        self.split(';')
    }

    /// The entries of a list value (CATEGORIES), split on unescaped `,`.
    pub(super) fn list(&self) -> Vec<String> {
        self.split(',')
    }

    pub(super) fn split(&self, sep: char) -> Vec<String> {
        if self.binary() {
            return Vec::new();
        }
        split_escaped(&self.value, sep)
            .into_iter()
            .map(|raw| self.decode(raw).trim().to_owned())
            .collect()
    }
}

/// A parameter value: quotes removed, RFC 6868 `^n ^' ^^` decoded.
pub(super) fn param_value(v: &str) -> String {
    let v = v.trim();
    let v = v
        .strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .unwrap_or(v);
    v.replace("^n", "\n").replace("^'", "\"").replace("^^", "^")
}

/// Splits `raw` on `sep` not preceded by a backslash escape.
pub(super) fn split_escaped(raw: &str, sep: char) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut escaped = false;
    for (i, c) in raw.char_indices() {
        if escaped {
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if c == sep {
            out.push(&raw[start..i]);
            start = i + c.len_utf8();
        }
    }
    out.push(&raw[start..]);
    out
}

/// `\\ \, \; \: \n \N` decoded; any other backslash is kept as written. CRLF becomes LF.
pub(super) fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n' | 'N') => out.push('\n'),
            Some(e @ ('\\' | ',' | ';' | ':')) => out.push(e),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out.replace("\r\n", "\n").replace('\r', "\n")
}

/// Quoted-printable decoded to bytes; a malformed `=` sequence is kept as written.
pub(super) fn quoted_printable(raw: &str) -> Vec<u8> {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'=' {
            let hex = bytes
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok())
                .and_then(|h| u8::from_str_radix(h, 16).ok());
            if let Some(v) = hex {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b);
        i += 1;
    }
    out
}
