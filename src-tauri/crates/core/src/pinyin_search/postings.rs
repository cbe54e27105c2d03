//! Where a match can start, looked up rather than searched for: for every character of every
//! text, the key (one of its readings, the next character's first two letters) points at the
//! text and the character, and the place carries the first letter of the character after
//! that. A query of two letters or more opens with a reading's prefix and, unless that one
//! reading spells all of it, goes on with the next character: by two letters or more of it
//! (one key), or by its first letter alone and on from the character after (the keys of that
//! first letter, places whose carried letter goes on with the query). So the lists of the
//! keys the query can open with hold every place a match can start, and a search checks only
//! those places (a character or two each) instead of every text's syllables: `zhangsan`
//! checks 张 before `sa…`, or before `s…` then `a…`, not before every `s…`.
//!
//! A write does not rebuild the lists: the texts it changed are forgotten (their places in
//! the lists are passed over, and they are matched whole), until enough are that a rebuild
//! pays ([`Postings::worn`]).
//!
//! Memory: one `u32` per (reading, next opening) of each character — about 26 per customer
//! for a name and a company — plus a head per key (syllables × 27 × 27, about 1.3 MB).
use super::coded::{openings, CodedQuery, FIELD, LAST};

/// A letter's place among the "next letters" for the end of a field, a digit (which no query
/// of letters spells) or the missing second letter of a one-letter reading.
pub(super) const NO_LETTER: u8 = 26;
const LETTERS: usize = 27;
/// The keys of one reading: every (first letter, second letter) of the next character.
const NEXT: usize = LETTERS * LETTERS;
/// The key's "next" when there is no next character to go on with (field end, digits only).
const NOTHING_NEXT: usize = NEXT - 1;
/// A place is packed as text << TEXT_SHIFT | the character's offset in its coded syllables
/// << HINT_BITS | the first letter of the character after the next one ([`NO_LETTER`] for
/// none, [`ANY_LETTER`] when its readings start with different letters).
const HINT_BITS: u32 = 5;
const OFFSET_BITS: u32 = 7;
const TEXT_SHIFT: u32 = OFFSET_BITS + HINT_BITS;
const MAX_TEXTS: usize = 1 << (32 - TEXT_SHIFT);
const ANY_LETTER: u8 = 31;

/// The lists, one after the other (`heads[k]..heads[k + 1]` for key `k`), texts in order.
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

/// Calls `f(offset, key, hint)` for every reading of every character of `coded` (but a
/// digit's) and each opening of the next character (its readings' first two letters), with
/// the first letter of the character after that. `opening` is [`openings`]' table.
fn each_key(coded: &[u16], opening: &[[u16; 2]], mut f: impl FnMut(usize, usize, u8)) {
    let open = |code: u16| opening_of(opening, code);
    let first_letter = |code: u16| (open(code)[0] as usize / LETTERS) as u8;
    // Each character of a field as the range of its readings' codes.
    let mut chars: Vec<(usize, usize)> = Vec::new();
    let mut nexts: Vec<u16> = Vec::new();
    let mut field = |chars: &[(usize, usize)]| {
        for (j, &(from, to)) in chars.iter().enumerate() {
            nexts.clear();
            if let Some(&(a, b)) = chars.get(j + 1) {
                for &code in &coded[a..b] {
                    if first_letter(code) == NO_LETTER {
                        continue; // a digit: no query of letters goes on with it
                    }
                    for o in open(code) {
                        if !nexts.contains(&o) {
                            nexts.push(o);
                        }
                    }
                }
            }
            let hint = chars.get(j + 2).map_or(NO_LETTER, |&(a, b)| {
                let mut letters = coded[a..b]
                    .iter()
                    .map(|c| first_letter(*c))
                    .filter(|l| *l != NO_LETTER);
                match letters.next() {
                    None => NO_LETTER,
                    Some(l) if letters.all(|m| m == l) => l,
                    Some(_) => ANY_LETTER,
                }
            });
            for &code in &coded[from..to] {
                if first_letter(code) == NO_LETTER {
                    continue; // a digit: no query starts with it
                }
                let s = usize::from(code & !LAST);
                if nexts.is_empty() {
                    f(from, s * NEXT + NOTHING_NEXT, hint);
                }
                for &next in &nexts {
                    f(from, s * NEXT + usize::from(next), hint);
                }
            }
        }
    };
    let mut start = 0;
    for (i, &code) in coded.iter().enumerate() {
        if code == FIELD {
            field(&chars);
            chars.clear();
            start = i + 1;
        } else if code & LAST != 0 {
            chars.push((start, i + 1));
            start = i + 1;
        }
    }
    field(&chars);
}

fn opening_of(opening: &[[u16; 2]], code: u16) -> [u16; 2] {
    let none = NOTHING_NEXT as u16;
    opening
        .get(usize::from(code & !LAST))
        .copied()
        .unwrap_or([none; 2])
}

impl Postings {
    /// The lists of `texts` (their coded syllables, by place; `None` for a text pinyin never
    /// finds: one without Chinese).
    pub fn build<'a>(texts: impl Iterator<Item = Option<&'a [u16]>> + Clone) -> Postings {
        let opening = openings();
        let keys = opening.len() * NEXT;
        let listed =
            |place: usize, coded: &[u16]| place < MAX_TEXTS && coded.len() <= 1 << OFFSET_BITS;
        // Two passes: count each list's length, then fill the lists in text order.
        let mut heads = vec![0u32; keys + 1];
        let (mut unlisted, mut stale) = (Vec::new(), Vec::new());
        for (place, coded) in texts.clone().enumerate() {
            stale.push(false);
            let Some(coded) = coded else { continue };
            if listed(place, coded) {
                each_key(coded, &opening, |_, k, _| heads[k + 1] += 1);
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
            each_key(coded, &opening, |at, k, hint| {
                places[fill[k] as usize] =
                    (place as u32) << TEXT_SHIFT | (at as u32) << HINT_BITS | u32::from(hint);
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
        // Reads the lists of keys `keys`, which sit side by side. A place is a match if the
        // query is spelled from it, or without looking when `!check`; with `then`, only a
        // place whose carried letter is `then` (or may be) can be one.
        let lists =
            |keys: std::ops::Range<usize>, check: bool, then: Option<u8>, found: &mut [bool]| {
                let (Some(&from), Some(&to)) =
                    (self.heads.get(keys.start), self.heads.get(keys.end))
                else {
                    return;
                };
                for &p in &self.places[from as usize..to as usize] {
                    let text = (p >> TEXT_SHIFT) as usize;
                    let hint = (p & ((1 << HINT_BITS) - 1)) as u8;
                    if then.is_some_and(|t| hint != t && hint != ANY_LETTER)
                        || self.stale[text]
                        || found[text]
                    {
                        continue;
                    }
                    // A listed text not forgotten is as it was built: it has Chinese, it is there.
                    let at = ((p >> HINT_BITS) & ((1 << OFFSET_BITS) - 1)) as usize;
                    let sure = !check && (then.is_none() || hint != ANY_LETTER);
                    if sure || query.matches_at(coded(text), at) {
                        found[text] = true;
                    }
                }
            };
        let letter = |at: usize| query.letters[at] - b'a';
        for s in 0..syllables {
            let keys = s * NEXT;
            let spelled = query.spelled_by(s);
            if spelled >= len {
                // This reading spells the whole query: every place it is read is a match.
                lists(keys..keys + NEXT, false, None, found);
                continue;
            }
            // It spells the first `cut` letters, and the next character goes on from letter
            // `cut`, which is its first letter.
            for cut in 1..=spelled {
                let first = keys + usize::from(letter(cut)) * LETTERS;
                let all_next = first..first + LETTERS;
                if cut + 1 == len {
                    // That letter ends the query: all are matches.
                    lists(all_next, false, None, found);
                    continue;
                }
                let rest = cut + 2 < len;
                // The next character spells two letters or more (the query may end there),
                let second = first + usize::from(letter(cut + 1));
                lists(second..second + 1, rest, None, found);
                // or its first letter alone, and the one after goes on.
                lists(all_next, rest, Some(letter(cut + 1)), found);
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
