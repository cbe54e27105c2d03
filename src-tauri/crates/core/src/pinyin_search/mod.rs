//! Pinyin search: a query of Latin letters finds Chinese names and companies by the readings
//! of their characters. Each character's syllable is matched whole or by a prefix, so the
//! initials (`zs` → 张三), the full pinyin (`zhangsan`), a mix (`zhangs`) and anything in
//! between work, anywhere in the text (`hd` → 上海**华东**贸易). A character with several
//! readings (单 dan/shan/chan, 曾 zeng/ceng, 解 jie/xie, 仇 chou/qiu …) matches by any of them;
//! ü is typed `v` or `u`. Latin letters and digits in the text are one-character syllables;
//! spaces and punctuation are skipped.
//!
//! Two things are kept per text, made once when it is stored: letter masks (`PinyinMask`:
//! initials, letters, and the letter pairs a match can open with — a reading's first two
//! letters, or the initials of two neighbouring characters), which answer a one- or
//! two-letter query exactly (the view keeps only the initials and letters, `quick`); and the
//! syllables coded as numbers (`coded`), which a query reads through a table compiled for
//! it, so a search never looks in the `pinyin` crate's tables. Over many texts, the lists of
//! [`Postings`] say where a match of two letters or more can start, so only those places are
//! read. `PinyinQuery::matches` on the text is the rule all of them follow (the tests hold
//! them to it).
use pinyin::ToPinyinMulti;

mod coded;
mod mask;
mod postings;

pub use coded::{code_fields, CodedQuery};
pub use mask::PinyinMask;
pub use postings::Postings;

/// Longest query matched by pinyin (positions are bits of a u64).
const MAX_QUERY: usize = 63;

/// A query that can be pinyin: Latin letters only (spaces and apostrophes ignored), lowercased.
#[derive(Debug, Clone)]
pub struct PinyinQuery {
    letters: Vec<u8>,
    /// Every letter of the query, as a mask.
    all: u32,
    /// The letter pair the query opens with (`None` for one letter).
    opening: Option<usize>,
}

pub(crate) fn bit(letter: u8) -> u32 {
    1 << (letter - b'a')
}

/// The number of the pair (a, b) of lowercase letters, 0..676.
pub(crate) fn pair(a: u8, b: u8) -> usize {
    usize::from(a - b'a') * 26 + usize::from(b - b'a')
}

pub(crate) const PAIR_WORDS: usize = 676_usize.div_ceil(64);

/// The letter pairs a text's matches can open with, one bit a pair ([`PinyinMask`]).
pub type Openings = [u64; PAIR_WORDS];

impl PinyinQuery {
    /// `None` when the query holds anything but Latin letters (it is then no pinyin).
    pub fn parse(query: &str) -> Option<PinyinQuery> {
        let mut letters = Vec::new();
        for c in query.chars() {
            match c {
                ' ' | '\'' => {}
                c if c.is_ascii_alphabetic() => letters.push(c.to_ascii_lowercase() as u8),
                _ => return None,
            }
        }
        if letters.is_empty() || letters.len() > MAX_QUERY {
            return None;
        }
        let all = letters.iter().fold(0, |m, l| m | bit(*l));
        let opening = (letters.len() > 1).then(|| pair(letters[0], letters[1]));
        Some(PinyinQuery {
            letters,
            all,
            opening,
        })
    }

    /// Whether a text with this mask can match at all: the query starts with one of its
    /// syllables' first letters, opens with one of its opening pairs and uses only letters
    /// its syllables have.
    pub fn may_match(&self, mask: &PinyinMask) -> bool {
        self.may_match_quick(mask.quick()) && self.may_open(&mask.openings)
    }

    /// The part of [`Self::may_match`] that reads [`PinyinMask::openings`] alone.
    pub fn may_open(&self, openings: &Openings) -> bool {
        self.opening
            .is_none_or(|p| openings[p / 64] & (1 << (p % 64)) != 0)
    }

    /// The part of [`Self::may_match`] that reads [`PinyinMask::quick`] alone.
    pub fn may_match_quick(&self, quick: u64) -> bool {
        let (initials, letters) = (quick as u32, (quick >> 32) as u32);
        initials & bit(self.letters[0]) != 0 && self.all & !letters == 0
    }

    /// Whether [`Self::may_match`] is the whole answer: for one or two letters the masks hold
    /// every way to spell them (a reading's first letters, or two neighbours' initials).
    pub fn mask_is_exact(&self) -> bool {
        self.letters.len() <= 2
    }

    /// One letter: the initials mask answers it ([`Self::may_match_quick`] is exact).
    pub fn is_one_letter(&self) -> bool {
        self.letters.len() == 1
    }

    /// Whether the query spells consecutive characters of `text` by their syllables, each
    /// whole or by a prefix (the last one too).
    pub fn matches(&self, text: &str) -> bool {
        let q = &self.letters;
        let done = 1u64 << q.len();
        // Bit p: the first p letters of the query are spelled by the characters just passed.
        let mut reached = 0u64;
        for c in text.chars() {
            let mut next = 0u64;
            let mut any = false;
            // Every character may start a match; a started one must go on through this one.
            let from = reached | 1;
            for_each_syllable(c, |s| {
                any = true;
                let mut positions = from;
                while positions != 0 {
                    let p = positions.trailing_zeros() as usize;
                    positions &= positions - 1;
                    let n = common_prefix(s, &q[p..]);
                    if n > 0 {
                        // Letters p+1 ..= p+n reached: a prefix of any length up to n.
                        next |= ((1u64 << n) - 1) << (p + 1);
                    }
                }
            });
            if !any {
                continue; // a space or a sign: skipped
            }
            if next & done != 0 {
                return true;
            }
            reached = next & (done - 1);
        }
        false
    }
}

/// How many leading letters of `q` the syllable `s` spells (ü as `v` or `u`).
pub(crate) fn common_prefix(s: &str, q: &[u8]) -> usize {
    let mut n = 0;
    for (c, l) in s.chars().zip(q) {
        let same = match c {
            'ü' => *l == b'v' || *l == b'u',
            c => c as u32 == u32::from(*l),
        };
        if !same {
            break;
        }
        n += 1;
    }
    n
}

/// Calls `f` with each reading of `c` (plain pinyin), or `c` itself, lowercased, for a Latin
/// letter or digit; nothing for other characters.
pub(crate) fn for_each_syllable(c: char, mut f: impl FnMut(&'static str)) {
    if let Some(multi) = c.to_pinyin_multi() {
        for p in multi {
            f(p.plain());
        }
    } else if c.is_ascii_alphanumeric() {
        let at = ALNUM.find(c.to_ascii_lowercase()).unwrap_or(0);
        f(&ALNUM[at..at + 1]);
    }
}

/// Latin letters and digits as syllables of their own (static, like the pinyin tables').
const ALNUM: &str = "0123456789abcdefghijklmnopqrstuvwxyz";

/// The one rule: does `query`, read as pinyin, find `text`?
pub fn pinyin_matches(query: &str, text: &str) -> bool {
    PinyinQuery::parse(query).is_some_and(|q| {
        let mask = PinyinMask::of(text);
        !mask.is_empty() && q.may_match(&mask) && q.matches(text)
    })
}

#[cfg(test)]
mod tests {
    use super::pinyin_matches as m;

    #[test]
    fn initials_full_and_mixed_spellings_find_a_name() {
        for q in [
            "zs",
            "zhangsan",
            "zhangs",
            "zsan",
            "zhang san",
            "ZS",
            "zhan",
            "z",
            "san",
        ] {
            assert!(m(q, "张三"), "{q}");
        }
        for q in ["zss", "zhangsanx", "sz", "hs", "zh1", "张"] {
            assert!(!m(q, "张三"), "{q}");
        }
    }

    #[test]
    fn a_match_is_consecutive_characters_anywhere_in_the_text() {
        for q in ["hd", "huadong", "huad", "shhd", "hdmy", "dongmao", "gs"] {
            assert!(m(q, "上海华东贸易有限公司"), "{q}");
        }
        // Characters must follow each other: 上 … 华 skips 海.
        assert!(!m("shd", "上海华东贸易有限公司"));
    }

    #[test]
    fn polyphonic_surnames_match_any_reading() {
        for (q, name) in [
            ("shanx", "单雄"),
            ("danx", "单雄"),
            ("zengg", "曾国"),
            ("cengg", "曾国"),
            ("xiem", "解明"),
            ("jiem", "解明"),
            ("qiuy", "仇勇"),
            ("chouy", "仇勇"),
        ] {
            assert!(m(q, name), "{q} → {name}");
        }
    }

    #[test]
    fn u_umlaut_is_typed_v_or_u() {
        assert!(m("lvf", "吕方"));
        assert!(m("luf", "吕方"));
    }

    #[test]
    fn latin_letters_and_digits_in_the_text_are_syllables_and_signs_are_skipped() {
        assert!(m("abchd", "ABC华东"));
        assert!(m("shhd", "上海 · 华东"));
        assert!(
            !m("zs", "Zhang San"),
            "text without Chinese: the plain search's job"
        );
        assert!(!m("z3", "张三"), "a digit in the query is no pinyin");
    }

    use super::{for_each_syllable, PinyinMask, PinyinQuery};
    use proptest::prelude::*;

    const POOL: &[char] = &[
        '张', '三', '单', '曾', '解', '仇', '吕', '华', '东', '上', '海', '贸', '易', '重', '庆',
        '行', '长', '乐', 'A', '7', ' ', '·',
    ];

    proptest! {
        /// The masks never reject a text the query spells: a query made of consecutive
        /// characters' readings, each cut to a prefix, passes `may_match` and `matches`.
        #[test]
        fn the_masks_never_reject_a_match(
            picks in prop::collection::vec(0..POOL.len(), 1..12),
            start in 0usize..12,
            cuts in prop::collection::vec((0usize..4, 1usize..7), 1..5),
        ) {
            let text: String = picks.iter().map(|i| POOL[*i]).collect();
            let syllabled: Vec<Vec<String>> = text
                .chars()
                .map(|c| {
                    let mut r = Vec::new();
                    for_each_syllable(c, |s| r.push(s.replace('ü', "v")));
                    r
                })
                .filter(|r| !r.is_empty())
                .collect();
            prop_assume!(!syllabled.is_empty());
            let start = start % syllabled.len();
            let mut query = String::new();
            for (k, (which, len)) in cuts.iter().enumerate() {
                let Some(readings) = syllabled.get(start + k) else { break };
                let r = &readings[which % readings.len()];
                query.push_str(&r[..(*len).min(r.len())]);
            }
            let Some(q) = PinyinQuery::parse(&query) else {
                return Ok(()); // a digit in it: no pinyin
            };
            prop_assume!(text.chars().any(|c| pinyin::ToPinyinMulti::to_pinyin_multi(&c).is_some()));
            prop_assert!(q.matches(&text), "{query} in {text}");
            prop_assert!(q.may_match(&PinyinMask::of(&text)), "{query} rejected for {text}");
        }
    }
}
