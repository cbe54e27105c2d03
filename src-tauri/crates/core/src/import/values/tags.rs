//! A tags cell: `VIP，华东、老客户 / 重点` → `VIP`, `华东`, `老客户`, `重点`.
use super::normalize;
use crate::validate::tag_key;
use std::collections::HashSet;

/// Splits on `,` `，` `;` `；` `、` `/` `|` and whitespace, as the import issue asks (so a
/// multi-word English tag becomes several tags: sheets rarely hold them, and a space is the
/// separator people use most after commas). Pieces are trimmed, empty ones dropped, and a
/// repeat (compared as tags compare: case-insensitively) keeps its first spelling and place.
/// Lengths are not checked here; validation does that when the customer is saved.
pub fn split_tags(text: &str) -> Vec<String> {
    let mut seen = HashSet::new();
    normalize(text)
        .split(|c: char| {
            c.is_whitespace() || matches!(c, ',' | '，' | ';' | '；' | '、' | '/' | '|' | '｜')
        })
        .map(str::trim)
        .filter(|t| !t.is_empty() && seen.insert(tag_key(t)))
        .map(str::to_string)
        .collect()
}
