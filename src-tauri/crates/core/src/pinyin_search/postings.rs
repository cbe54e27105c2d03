//! Where a match can start, looked up rather than searched for: for every character of every
//! text, the pair (one of its readings, the first letter of the next character) points at the
//! text and the character. A query of two letters or more opens with a reading's prefix and,
//! unless that one reading spells all of it, goes on with the next character's first letter;
//! so the lists of the pairs the query can open with hold every place a match can start, and
//! a search reads those places (a character or two each) instead of every text's syllables.
//!
//! A write does not rebuild the lists: the texts it changed are forgotten (their places in
//! the lists are passed over, and they are matched whole), until enough are that a rebuild
//! pays ([`Postings::worn`]).
//!
//! Memory: one `u32` per (reading, next letter) of each character — about 26 per customer
//! for a name and a company — plus a head per pair (syllables × 27).
use super::coded::{initials, CodedQuery, FIELD, LAST};

/// The "next letter" of a character that ends its field, or is followed by a digit (which no
/// query of letters spells): only a match within this one reading can start here.
pub(super) const NO_LETTER: u8 = 26;
const NEXT: usize = 27;
/// A place is packed as text << OFFSET_BITS | the character's offset in its coded syllables.
const OFFSET_BITS: u32 = 12;
const MAX_TEXTS: usize = 1 << (32 - OFFSET_BITS);

/// The lists, one after the other (`heads[k]..heads[k + 1]` for pair `k`), texts in order.
#[derive(Default)]
pub struct Postings {
    heads: Vec<u32>,
    places: Vec<u32>,
    /// Texts too long to pack (or past `MAX_TEXTS`), or forgotten: matched whole, every
    /// search.
    unlisted: Vec<u32>,
    /// By text: passed over in the lists (forgotten, or unlisted).
    stale: Vec<bool>,
}

/// Calls `f(offset, pair)` for every character of `coded` and each (reading, next letter):
/// one pass, each character's pairs given once the character after it is read.
fn each_pair(coded: &[u16], initial: &[u8], mut f: impl FnMut(usize, usize)) {
    let mut give = |from: usize, to: usize, next: u32| {
        for &code in &coded[from..to] {
            let s = usize::from(code & !LAST);
            if letter(initial, code) == NO_LETTER {
                continue; // a digit: no query starts with it
            }
            if next == 0 {
                f(from, s * NEXT + usize::from(NO_LETTER));
            }
            let mut rest = next;
            while rest != 0 {
                f(from, s * NEXT + rest.trailing_zeros() as usize);
                rest &= rest - 1;
            }
        }
    };
    // The character before (where its readings start), where the one being read starts, and
    // the first letters of its readings (a bit each; a digit's is past the letters).
    let (mut before, mut at, mut letters) = (None::<usize>, 0usize, 0u32);
    for (i, &code) in coded.iter().enumerate() {
        if code == FIELD {
            if let Some(b) = before.take() {
                give(b, at, 0);
            }
            at = i + 1;
            continue;
        }
        letters |= 1 << letter(initial, code);
        if code & LAST != 0 {
            // The character at..=i is read: the one before it gets its pairs.
            if let Some(b) = before {
                give(b, at, letters & ((1 << NO_LETTER) - 1));
            }
            (before, at, letters) = (Some(at), i + 1, 0);
        }
    }
    if let Some(b) = before {
        give(b, at, 0);
    }
}

fn letter(initial: &[u8], code: u16) -> u8 {
    initial
        .get(usize::from(code & !LAST))
        .copied()
        .unwrap_or(NO_LETTER)
}

impl Postings {
    /// The lists of `texts` (their coded syllables, by place; `None` for a text pinyin never
    /// finds: one without Chinese).
    pub fn build<'a>(texts: impl Iterator<Item = Option<&'a [u16]>> + Clone) -> Postings {
        let initial = initials();
        let keys = initial.len() * NEXT;
        let listed =
            |place: usize, coded: &[u16]| place < MAX_TEXTS && coded.len() <= 1 << OFFSET_BITS;
        // Two passes: count each list's length, then fill the lists in text order.
        let mut heads = vec![0u32; keys + 1];
        let (mut unlisted, mut stale) = (Vec::new(), Vec::new());
        for (place, coded) in texts.clone().enumerate() {
            stale.push(false);
            let Some(coded) = coded else { continue };
            if listed(place, coded) {
                each_pair(coded, &initial, |_, k| heads[k + 1] += 1);
            } else {
                unlisted.push(place as u32);
                stale[place] = true;
            }
        }
        for k in 0..keys {
            heads[k + 1] += heads[k];
        }
        let mut fill = heads.clone();
        let mut places = vec![0u32; heads[keys] as usize];
        for (place, coded) in texts.enumerate() {
            let Some(coded) = coded.filter(|c| listed(place, c)) else {
                continue;
            };
            each_pair(coded, &initial, |at, k| {
                places[fill[k] as usize] = (place as u32) << OFFSET_BITS | at as u32;
                fill[k] += 1;
            });
        }
        Postings {
            heads,
            places,
            unlisted,
            stale,
        }
    }

    /// The text at `place` changed, or is new, or gone: its places in the lists are passed
    /// over and it is matched whole from now on.
    pub fn forget(&mut self, place: usize) {
        if place >= self.stale.len() {
            self.stale.resize(place + 1, false);
        }
        if !self.stale[place] {
            self.stale[place] = true;
            self.unlisted.push(place as u32);
        }
    }

    /// Whether so many texts are matched whole that rebuilding the lists pays.
    pub fn worn(&self) -> bool {
        self.unlisted.len() > 1_000 + self.stale.len() / 50
    }

    /// Raises the `found` flag of every text `query` spells (two letters or more);
    /// `coded(text)` is the text's syllables, asked for a forgotten text only when
    /// `chinese(text)` (pinyin never finds a text without Chinese, or one gone).
    pub fn find<'a>(
        &self,
        query: &CodedQuery,
        coded: impl Fn(usize) -> &'a [u16],
        chinese: impl Fn(usize) -> bool,
        found: &mut [bool],
    ) {
        let len = query.len();
        let syllables = self.heads.len().saturating_sub(1) / NEXT;
        let list = |s: usize, next: usize, check: bool, found: &mut [bool]| {
            let k = s * NEXT + next;
            for &p in &self.places[self.heads[k] as usize..self.heads[k + 1] as usize] {
                let text = (p >> OFFSET_BITS) as usize;
                let at = (p & ((1 << OFFSET_BITS) - 1)) as usize;
                if self.stale[text] || found[text] {
                    continue;
                }
                // A listed text not forgotten is as it was built: it has Chinese, it is there.
                if !check || query.matches_at(coded(text), at) {
                    found[text] = true;
                }
            }
        };
        let last = usize::from(query.letters[len - 1] - b'a');
        for s in 0..syllables {
            let spelled = query.spelled_by(s);
            if spelled >= len {
                // This reading spells the whole query: every place it is read is a match.
                for next in 0..NEXT {
                    list(s, next, false, found);
                }
                continue;
            }
            // It spells the first `cut` letters and the next character goes on with letter
            // `cut`: each next letter's list read once, whatever cuts lead to it.
            let mut nexts = 0u32;
            for cut in 1..=spelled {
                nexts |= 1 << (query.letters[cut] - b'a');
            }
            while nexts != 0 {
                let next = nexts.trailing_zeros() as usize;
                nexts &= nexts - 1;
                // The next character's first letter ending the query (this reading spells
                // all the letters before it): every place is a match, nothing to read.
                let ends = next == last && spelled + 1 == len;
                list(s, next, !ends, found);
            }
        }
        for &text in &self.unlisted {
            let text = text as usize;
            if let Some(flag) = found.get_mut(text).filter(|f| !**f) {
                *flag = chinese(text) && query.matches(coded(text));
            }
        }
    }

    /// Heap bytes held.
    pub fn bytes(&self) -> usize {
        (self.heads.capacity() + self.places.capacity() + self.unlisted.capacity()) * 4
            + self.stale.capacity()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::super::{code_fields, PinyinMask, PinyinQuery};
    use super::*;
    use proptest::prelude::*;

    const POOL: &[char] = &[
        '张', '三', '单', '曾', '解', '仇', '吕', '女', '华', '东', '上', '海', '贸', '易', '重',
        '庆', '行', '长', '乐', '啊', '嗯', 'A', 'b', 'Z', '7', '0', ' ', '·', '-',
    ];

    fn text(picks: &[usize]) -> String {
        picks.iter().map(|i| POOL[*i]).collect()
    }

    /// The search through the lists, and the rule without them (the masks say a text
    /// without Chinese is never found).
    fn both(texts: &[(String, String)], query: &str) -> (Vec<bool>, Vec<bool>) {
        let coded: Vec<Box<[u16]>> = texts.iter().map(|(n, c)| code_fields(&[n, c])).collect();
        let chinese: Vec<bool> = texts
            .iter()
            .map(|(n, c)| !PinyinMask::of(&format!("{n}\u{1}{c}")).is_empty())
            .collect();
        let postings =
            Postings::build(coded.iter().zip(&chinese).map(|(c, z)| z.then_some(&c[..])));
        let q = CodedQuery::new(&PinyinQuery::parse(query).unwrap());
        let mut found = vec![false; texts.len()];
        postings.find(&q, |i| &coded[i], |i| chinese[i], &mut found);
        let want = coded
            .iter()
            .zip(&chinese)
            .map(|(c, z)| *z && q.matches(c))
            .collect();
        (found, want)
    }

    proptest! {
        /// The lists never miss a text the coded matching finds, and find nothing else.
        #[test]
        fn the_lists_find_what_the_coded_matching_finds(
            texts in prop::collection::vec(
                (prop::collection::vec(0..POOL.len(), 0..6), prop::collection::vec(0..POOL.len(), 0..10)),
                1..20,
            ),
            query in "[a-z]{2,9}",
        ) {
            let texts: Vec<(String, String)> =
                texts.iter().map(|(n, c)| (text(n), text(c))).collect();
            let (found, want) = both(&texts, &query);
            prop_assert_eq!(found, want, "{} in {:?}", query, texts);
        }

        /// Queries made from the texts' own readings (most random letters find nothing).
        #[test]
        fn spelled_queries_are_found(
            name in prop::collection::vec(0..POOL.len(), 1..6),
            company in prop::collection::vec(0..POOL.len(), 0..10),
            start in 0usize..16,
            cuts in prop::collection::vec((0usize..4, 1usize..7), 1..5),
        ) {
            let (name, company) = (text(&name), text(&company));
            let chars: Vec<char> = format!("{name}{company}").chars().collect();
            let mut query = String::new();
            for (k, (which, len)) in cuts.iter().enumerate() {
                let Some(c) = chars.get((start % chars.len()) + k) else { break };
                let mut readings = Vec::new();
                super::super::for_each_syllable(*c, |s| readings.push(s.replace('ü', "v")));
                let Some(r) = readings.get(which % readings.len().max(1)) else { break };
                query.push_str(&r[..(*len).min(r.len())]);
            }
            prop_assume!(query.len() >= 2 && query.bytes().all(|b| b.is_ascii_lowercase()));
            let (found, want) = both(&[(name.clone(), company.clone())], &query);
            prop_assert_eq!(found, want, "{} in {}|{}", query, name, company);
        }
    }

    proptest! {
        /// Texts changed, added or dropped after the lists were built and forgotten by them
        /// are found as the rule finds them, and the lists' other texts still are.
        #[test]
        fn forgotten_texts_are_matched_whole(
            before in prop::collection::vec(prop::collection::vec(0..POOL.len(), 0..10), 1..12),
            after in prop::collection::vec(prop::collection::vec(0..POOL.len(), 0..10), 1..12),
            changed in prop::collection::vec(any::<bool>(), 12),
            query in "[a-z]{2,6}",
        ) {
            let code = |t: &[usize]| {
                let t = text(t);
                (!PinyinMask::of(&t).is_empty()).then(|| code_fields(&[&t]))
            };
            let old: Vec<Option<Box<[u16]>>> = before.iter().map(|t| code(t)).collect();
            let mut postings = Postings::build(old.iter().map(|c| c.as_deref()));
            // The new book: a text changed where `changed` says, texts added or dropped at the end.
            let new: Vec<Option<Box<[u16]>>> = (0..after.len())
                .map(|i| match old.get(i) {
                    Some(c) if !changed[i] => c.clone(),
                    _ => code(&after[i]),
                })
                .collect();
            for (i, changed) in changed.iter().enumerate().take(old.len().max(new.len())) {
                if i >= old.len() || i >= new.len() || *changed {
                    postings.forget(i);
                }
            }
            let q = CodedQuery::new(&PinyinQuery::parse(&query).unwrap());
            let mut found = vec![false; new.len()];
            let text = |i: usize| new.get(i).and_then(|c| c.as_deref());
            postings.find(&q, |i| text(i).unwrap_or_default(), |i| text(i).is_some(), &mut found);
            let want: Vec<bool> = new.iter().map(|c| c.as_deref().is_some_and(|c| q.matches(c))).collect();
            prop_assert_eq!(found, want);
        }
    }

    #[test]
    fn a_long_text_is_matched_whole() {
        let long = "张三".repeat(3000);
        let (found, want) = both(&[(long, "华东".into()), ("李四".into(), "".into())], "hd");
        assert_eq!(found, vec![true, false]);
        assert_eq!(found, want);
    }

    #[test]
    fn names_and_companies_are_found_by_initials_full_and_mixed_spellings() {
        let texts = [
            ("张三".to_string(), "上海华东贸易有限公司".to_string()),
            ("单雄".into(), "曾氏".into()),
            ("Zhang San".into(), "".into()),
        ];
        for (q, want) in [
            ("zs", [true, true, false]), // 曾氏 zeng shi
            ("zhangsan", [true, false, false]),
            ("zhangs", [true, false, false]),
            ("huadong", [true, false, false]),
            ("hd", [true, false, false]),
            ("shanx", [false, true, false]),
            ("danx", [false, true, false]),
            ("cengs", [false, true, false]),
            ("xiongz", [false, false, false]),
        ] {
            let (found, rule) = both(&texts, q);
            assert_eq!(found, want, "{q}");
            assert_eq!(found, rule, "{q}");
        }
    }
}
