//! Letter masks of a text's pinyin: what a query needs to have any chance of matching,
//! tested in a few instructions before a character is looked at.
use super::{bit, for_each_syllable, pair, Openings};
use pinyin::ToPinyinMulti;

/// The first letters of a text's syllables, every letter they use, and the letter pairs a
/// match can open with: a reading's first two letters, or the initials of two neighbouring
/// characters (signs between them skipped). All empty for a text without Chinese, which the
/// plain substring search already covers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PinyinMask {
    pub(super) initials: u32,
    pub(super) letters: u32,
    pub(super) openings: Openings,
}

/// A reading's letters as the masks count them: ü as v (and u, set by the caller).
fn letter(c: char) -> Option<u8> {
    match c {
        'ü' => Some(b'v'),
        c if c.is_ascii_lowercase() => Some(c as u8),
        _ => None,
    }
}

impl PinyinMask {
    fn open(&mut self, a: u8, b: u8) {
        // ü is typed v or u: both pairs.
        for a in [a, if a == b'v' { b'u' } else { a }] {
            for b in [b, if b == b'v' { b'u' } else { b }] {
                let p = pair(a, b);
                self.openings[p / 64] |= 1 << (p % 64);
            }
        }
    }

    pub fn of(text: &str) -> PinyinMask {
        let mut mask = PinyinMask::default();
        let mut chinese = false;
        // Initials of the character before (a mask), for the neighbour pairs.
        let mut before = 0u32;
        for c in text.chars() {
            chinese |= c.to_pinyin_multi().is_some();
            let (mut here, mut syllable) = (0u32, false);
            for_each_syllable(c, |s| {
                syllable = true;
                let mut ls = s.chars().filter_map(letter);
                let Some(first) = ls.next() else { return };
                here |= bit(first);
                mask.letters |= bit(first);
                if let Some(second) = ls.next() {
                    mask.open(first, second);
                    mask.letters |= bit(second);
                }
                for l in ls {
                    mask.letters |= bit(l);
                }
            });
            if here == 0 {
                // A field boundary, or a digit (a syllable no query spells): no pair across.
                if c == '\u{1}' || syllable {
                    before = 0;
                }
                continue;
            }
            if here & bit(b'v') != 0 {
                here |= bit(b'u');
            }
            mask.initials |= here;
            for a in letters_of(before) {
                for b in letters_of(here) {
                    mask.open(a, b);
                }
            }
            before = here;
        }
        if mask.letters & bit(b'v') != 0 {
            mask.letters |= bit(b'u');
        }
        if chinese {
            mask
        } else {
            PinyinMask::default()
        }
    }

    pub fn is_empty(&self) -> bool {
        self.initials == 0
    }

    /// The initials and the letters in one word, for a first test that reads 8 bytes a text
    /// ([`super::PinyinQuery::may_match_quick`]).
    pub fn quick(&self) -> u64 {
        u64::from(self.initials) | u64::from(self.letters) << 32
    }

    pub fn openings(&self) -> &Openings {
        &self.openings
    }
}

/// The letters of a mask.
fn letters_of(mask: u32) -> impl Iterator<Item = u8> {
    (0..26u8)
        .filter(move |i| mask & (1 << i) != 0)
        .map(|i| b'a' + i)
}
