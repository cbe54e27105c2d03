//! What a search reads, laid out for speed: every customer's lowercased text in one buffer
//! (searched with SIMD substring search, not 100,000 times over), phone digits in another,
//! the pinyin masks side by side (a quick word and the opening pairs) and the coded syllables
//! in a third buffer — all by the entry's place in the view. Built on the first search after a write (a few milliseconds at
//! 100,000 customers: copies, no lookups), so writes stay as cheap as before.
use super::Entry;
use crate::pinyin_search::{CodedQuery, Openings, PinyinQuery};
use memchr::memmem;

/// Ends each customer's text: never in a needle (see [`SearchIndex::find`]).
const END: u8 = 0;

#[derive(Default)]
pub(super) struct SearchIndex {
    text: Vec<u8>,
    /// Where each entry's text ends (after its [`END`]), by entry place.
    text_end: Vec<u32>,
    digits: Vec<u8>,
    digits_end: Vec<u32>,
    /// `PinyinMask::quick` and `openings` of each entry.
    quick: Vec<u64>,
    openings: Vec<Openings>,
    syllables: Vec<u16>,
    syllables_end: Vec<u32>,
    /// Whether each entry is live (not in the trash): a search finds live customers only.
    live: Vec<bool>,
}

/// The last search's needle and what it found (entry places, in order). Typing on extends a
/// needle, and what a longer needle finds is among what its start found (a substring, a
/// phone's digits, a pinyin spelling: each holds its prefixes), so the next search reads only
/// those. Cleared with the index by every write.
pub(super) struct LastSearch {
    pub needle: String,
    pub phone: bool,
    pub hits: Vec<u32>,
}

impl LastSearch {
    /// The places the search for `needle` must read, when this search narrows it down: the
    /// needle goes on from this one, and does not turn into a phone number (whose digits may
    /// be typed apart, `138 0013`, where the shorter needle found nothing).
    pub fn narrows(&self, needle: &str, phone: bool) -> Option<&[u32]> {
        (needle.starts_with(&self.needle) && (self.phone || !phone)).then_some(&self.hits[..])
    }
}

/// What one search looks for, worked out from the typed text.
pub(super) struct Needle<'a> {
    pub text: &'a str,
    /// The digits, when the text is a phone number typed any way (`138-0013 8000`).
    pub digits: Option<&'a str>,
    pub pinyin: Option<&'a PinyinQuery>,
}

fn offset(buf: &[u8]) -> u32 {
    u32::try_from(buf.len()).unwrap_or(u32::MAX)
}

impl SearchIndex {
    pub(super) fn build(entries: &[Entry]) -> SearchIndex {
        let mut index = SearchIndex {
            text_end: Vec::with_capacity(entries.len()),
            digits_end: Vec::with_capacity(entries.len()),
            quick: Vec::with_capacity(entries.len()),
            openings: Vec::with_capacity(entries.len()),
            syllables_end: Vec::with_capacity(entries.len()),
            ..Default::default()
        };
        for e in entries {
            index.text.extend(e.haystack.bytes().filter(|b| *b != END));
            index.text.push(END);
            index.text_end.push(offset(&index.text));
            index.digits.extend(e.phone_digits.bytes());
            index.digits.push(END);
            index.digits_end.push(offset(&index.digits));
            index.quick.push(e.pinyin.quick());
            index.openings.push(*e.pinyin.openings());
            index.syllables.extend_from_slice(&e.syllables);
            index.syllables_end.push(index.syllables.len() as u32);
            index.live.push(e.live());
        }
        index
    }

    /// Marks in `found` (one flag per entry) the entries whose text holds `needle.text`, whose
    /// phones hold its digits, or whose name or company its pinyin spells: among `within`
    /// (entry places, in order) when given, else among all.
    pub(super) fn find(&self, needle: &Needle<'_>, within: Option<&[u32]>, found: &mut [bool]) {
        let text = (!needle.text.as_bytes().contains(&END)).then_some(needle.text.as_bytes());
        // One or two letters: the masks are the answer. More: the coded syllables are, for
        // the texts the masks let through.
        let coded = needle
            .pinyin
            .filter(|p| !p.mask_is_exact())
            .map(CodedQuery::new);
        let spell = |i: usize, found: &mut [bool]| {
            if let Some(pinyin) = needle.pinyin {
                found[i] = found[i] || self.spells(pinyin, coded.as_ref(), i);
            }
        };
        let Some(within) = within else {
            if let Some(text) = text {
                mark(&self.text, &self.text_end, text, found);
            }
            if let Some(digits) = needle.digits {
                mark(&self.digits, &self.digits_end, digits.as_bytes(), found);
            }
            for i in 0..self.quick.len() {
                spell(i, found);
            }
            return;
        };
        let text = text.filter(|t| !t.is_empty()).map(memmem::Finder::new);
        let digits = needle
            .digits
            .filter(|d| !d.is_empty())
            .map(memmem::Finder::new);
        for &i in within {
            let i = i as usize;
            found[i] = text
                .as_ref()
                .is_some_and(|f| f.find(&self.text[part(&self.text_end, i)]).is_some())
                || digits
                    .as_ref()
                    .is_some_and(|f| f.find(&self.digits[part(&self.digits_end, i)]).is_some());
            spell(i, found);
        }
    }

    /// Unmarks the entries in the trash.
    pub(super) fn keep_live(&self, found: &mut [bool]) {
        for (hit, live) in found.iter_mut().zip(&self.live) {
            *hit &= *live;
        }
    }

    /// Whether `pinyin` spells entry `i`'s name or company: its masks, then (`coded`, for
    /// three letters or more) its coded syllables, all read from this index's own buffers.
    fn spells(&self, pinyin: &PinyinQuery, coded: Option<&CodedQuery>, i: usize) -> bool {
        pinyin.may_match_quick(self.quick[i])
            && pinyin.may_open(&self.openings[i])
            && coded.is_none_or(|c| c.matches(&self.syllables[part(&self.syllables_end, i)]))
    }
}

/// Entry `i`'s part of a buffer whose parts end at `ends`.
fn part(ends: &[u32], i: usize) -> std::ops::Range<usize> {
    let start = if i == 0 { 0 } else { ends[i - 1] as usize };
    start..ends[i] as usize
}

/// Flags every entry whose part of `buf` (ending at `ends`) holds `needle`.
fn mark(buf: &[u8], ends: &[u32], needle: &[u8], found: &mut [bool]) {
    if needle.is_empty() {
        return;
    }
    let finder = memmem::Finder::new(needle);
    let mut from = 0usize;
    while let Some(at) = finder.find(&buf[from..]) {
        let at = from + at;
        let i = ends.partition_point(|end| (*end as usize) <= at);
        let Some(flag) = found.get_mut(i) else { break };
        *flag = true;
        // On to the next entry: one hit is enough.
        from = ends[i] as usize;
    }
}
