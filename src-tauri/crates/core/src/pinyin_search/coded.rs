//! A text's syllables as small numbers, looked up once when the text is stored, so a search
//! over 100,000 names never touches the pinyin tables: a query becomes a table of what each
//! syllable does at each place in it ([`CodedQuery`]), and a text is matched by reading its
//! numbers ([`CodedQuery::matches`]) — the same rule as [`super::PinyinQuery::matches`].
//!
//! Coding: one `u16` per reading (readings that differ only in tone are one), in the order of
//! the characters; the last reading of a
//! character carries [`LAST`]; signs and spaces have none (they are skipped, as in the rule);
//! [`FIELD`] separates fields (name, company), which a match never crosses. Syllable numbers
//! come from one table for the process, which only grows.
use super::{common_prefix, for_each_syllable, PinyinQuery};
use std::collections::HashMap;
use std::sync::{PoisonError, RwLock};

/// Marks the last reading of a character.
pub(super) const LAST: u16 = 0x8000;
/// Between two fields.
pub(super) const FIELD: u16 = 0xFFFF;

/// Every syllable met so far and its number (a few hundred in all).
#[derive(Default)]
struct Table {
    number: HashMap<&'static str, u16>,
    names: Vec<&'static str>,
}

static TABLE: RwLock<Option<Table>> = RwLock::new(None);

/// The numbers of `syllables`, adding the ones the table lacks.
fn numbers(syllables: &[&'static str]) -> Vec<u16> {
    {
        let table = TABLE.read().unwrap_or_else(PoisonError::into_inner);
        if let Some(t) = table.as_ref() {
            let known: Option<Vec<u16>> =
                syllables.iter().map(|s| t.number.get(s).copied()).collect();
            if let Some(known) = known {
                return known;
            }
        }
    }
    let mut table = TABLE.write().unwrap_or_else(PoisonError::into_inner);
    let t = table.get_or_insert_with(Table::default);
    syllables
        .iter()
        .map(|s| {
            *t.number.entry(s).or_insert_with(|| {
                t.names.push(s);
                // Far fewer than 0x7FFF syllables exist; the mark bit stays free.
                (t.names.len() - 1) as u16
            })
        })
        .collect()
}

/// Each syllable numbered so far (by number): the pairs (first letter, second letter) it can
/// open a spelling with, as `first * 27 + second` (`a` = 0; 26 for a digit's first letter or a
/// one-letter syllable's second). Two pairs for a second letter ü, typed `u` or `v`.
pub(super) fn openings() -> Vec<[u16; 2]> {
    let table = TABLE.read().unwrap_or_else(PoisonError::into_inner);
    let names = table.as_ref().map_or(&[][..], |t| &t.names[..]);
    let none = u16::from(super::postings::NO_LETTER);
    let letter = |c: Option<char>| match c {
        Some(l) if l.is_ascii_lowercase() => [l as u16 - u16::from(b'a'); 2],
        Some('ü') => [u16::from(b'u' - b'a'), u16::from(b'v' - b'a')],
        _ => [none; 2],
    };
    names
        .iter()
        .map(|s| {
            let mut chars = s.chars();
            let first = letter(chars.next())[0];
            let second = letter(chars.next());
            [first * 27 + second[0], first * 27 + second[1]]
        })
        .collect()
}

/// The coded syllables of `fields` (see the module notes).
pub fn code_fields(fields: &[&str]) -> Box<[u16]> {
    let mut syllables: Vec<&'static str> = Vec::new();
    let mut ends: Vec<bool> = Vec::new();
    let mut fields_at = Vec::new();
    for (i, field) in fields.iter().enumerate() {
        if i > 0 {
            fields_at.push(syllables.len());
        }
        for c in field.chars() {
            let first = syllables.len();
            for_each_syllable(c, |s| {
                // Readings that differ only in tone are one syllable here (华 huá huà huā).
                if !syllables[first..].contains(&s) {
                    syllables.push(s);
                    ends.push(false);
                }
            });
            if let Some(last) = ends.last_mut().filter(|_| syllables.len() > first) {
                *last = true;
            }
        }
    }
    let numbers = numbers(&syllables);
    let mut out = Vec::with_capacity(numbers.len() + fields_at.len());
    let mut boundaries = fields_at.into_iter().peekable();
    for (i, (n, end)) in numbers.into_iter().zip(ends).enumerate() {
        while boundaries.next_if(|at| *at == i).is_some() {
            out.push(FIELD);
        }
        out.push(if end { n | LAST } else { n });
    }
    out.into_boxed_slice()
}

/// A query compiled against the syllable table: for syllable `s` and query place `p`,
/// `steps[s * len + p]` is the places reached by spelling a prefix of `s` from `p`.
pub struct CodedQuery {
    pub(super) letters: Vec<u8>,
    len: usize,
    /// Rows of `len` words; the last row is all zeros, for [`FIELD`] and for a syllable
    /// numbered after the query was compiled (none of the query's).
    steps: Vec<u64>,
    zero_row: usize,
}

impl CodedQuery {
    pub fn new(query: &PinyinQuery) -> CodedQuery {
        let q = &query.letters;
        let len = q.len();
        let table = TABLE.read().unwrap_or_else(PoisonError::into_inner);
        let names = table.as_ref().map_or(&[][..], |t| &t.names[..]);
        let mut steps = vec![0u64; (names.len() + 1) * len];
        for (s, name) in names.iter().enumerate() {
            for p in 0..len {
                let n = common_prefix(name, &q[p..]);
                if n > 0 {
                    steps[s * len + p] = ((1u64 << n) - 1) << (p + 1);
                }
            }
        }
        CodedQuery {
            letters: q.clone(),
            len,
            steps,
            zero_row: names.len(),
        }
    }

    pub(super) fn len(&self) -> usize {
        self.len
    }

    /// How many leading letters of the query syllable `s` spells (0 for one numbered after
    /// the query was compiled).
    pub(super) fn spelled_by(&self, s: usize) -> usize {
        let row0 = self.steps.get(s * self.len).copied().unwrap_or(0);
        (u64::BITS - row0.leading_zeros()).saturating_sub(1) as usize
    }

    /// Whether a match starts at the character whose first reading is `coded[at]`: the rule of
    /// [`Self::matches`] with starts allowed there only, so it stops as soon as nothing is
    /// reached (a character or two, mostly).
    pub(super) fn matches_at(&self, coded: &[u16], at: usize) -> bool {
        let len = self.len;
        let done = 1u64 << len;
        let (mut reached, mut next, mut first) = (0u64, 0u64, true);
        for &code in coded.get(at..).unwrap_or_default() {
            let s = usize::from(code & !LAST).min(self.zero_row);
            let row = &self.steps[s * len..s * len + len];
            if first {
                next |= row[0];
            }
            let mut from = reached;
            while from != 0 {
                let p = from.trailing_zeros() as usize;
                from &= from - 1;
                next |= row[p];
            }
            if code & LAST != 0 {
                if next & done != 0 {
                    return true;
                }
                reached = next & (done - 1);
                if reached == 0 {
                    return false;
                }
                (next, first) = (0, false);
            }
        }
        false
    }

    /// Whether the query spells consecutive characters of one of the coded fields. Written
    /// without data-dependent branches but the rare ones: most characters start nothing.
    pub fn matches(&self, coded: &[u16]) -> bool {
        let len = self.len;
        let done = 1u64 << len;
        let (mut reached, mut next) = (0u64, 0u64);
        for &code in coded {
            // FIELD's number is past every row: the zero row, and its LAST bit ends the run.
            let s = usize::from(code & !LAST).min(self.zero_row);
            let row = &self.steps[s * len..s * len + len];
            // A match may start at this character (place 0), or go on from a place reached.
            next |= row[0];
            let mut from = reached;
            while from != 0 {
                let p = from.trailing_zeros() as usize;
                from &= from - 1;
                next |= row[p];
            }
            // At the character's last reading: all ones, else zero.
            let last = 0u64.wrapping_sub(u64::from(code >> 15));
            if next & done & last != 0 {
                return true;
            }
            reached = (reached & !last) | (next & (done - 1) & last);
            next &= !last;
        }
        false
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use proptest::prelude::*;

    const POOL: &[char] = &[
        '张', '三', '单', '曾', '解', '仇', '吕', '华', '东', '上', '海', '贸', '易', '重', '庆',
        '行', '长', '乐', 'A', 'b', '7', '0', ' ', '·', '-',
    ];

    fn text(picks: &[usize]) -> String {
        picks.iter().map(|i| POOL[*i]).collect()
    }

    proptest! {
        /// The coded match is the rule: for any query of letters and any two fields, the
        /// same answer as matching each field's text.
        #[test]
        fn coded_matching_is_the_rule(
            name in prop::collection::vec(0..POOL.len(), 0..8),
            company in prop::collection::vec(0..POOL.len(), 0..8),
            query in "[a-z]{1,8}",
        ) {
            let (name, company) = (text(&name), text(&company));
            let q = PinyinQuery::parse(&query).unwrap();
            let coded = code_fields(&[&name, &company]);
            let want = q.matches(&name) || q.matches(&company);
            prop_assert_eq!(CodedQuery::new(&q).matches(&coded), want, "{} in {}|{}", query, name, company);
        }

        /// For one or two letters the masks alone answer (the search skips the matching).
        #[test]
        fn the_masks_are_exact_for_two_letters(
            name in prop::collection::vec(0..POOL.len(), 0..8),
            company in prop::collection::vec(0..POOL.len(), 0..8),
            query in "[a-z]{1,2}",
        ) {
            let (name, company) = (text(&name), text(&company));
            let q = PinyinQuery::parse(&query).unwrap();
            let mask = super::super::PinyinMask::of(&format!("{name}\u{1}{company}"));
            prop_assume!(!mask.is_empty());
            let want = q.matches(&name) || q.matches(&company);
            prop_assert_eq!(q.may_match(&mask), want, "{} in {}|{}", query, name, company);
        }
    }

    #[test]
    fn a_name_and_a_company_are_matched_apart() {
        let coded = code_fields(&["张三", "华东贸易"]);
        let m = |query: &str| CodedQuery::new(&PinyinQuery::parse(query).unwrap()).matches(&coded);
        assert!(m("zs") && m("hd") && m("huadongmaoyi") && m("zhangsan"));
        assert!(!m("sh"), "三 | 华: no match across the fields");
        assert!(!m("zsh"));
    }
}
