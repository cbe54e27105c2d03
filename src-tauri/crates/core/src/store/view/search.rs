//! What a search reads, laid out for speed: every customer's lowercased text in two buffers
//! (its ASCII bytes in one, its other characters in the other, each searched with SIMD
//! substring search, not 100,000 times over), phone digits in a third, the pinyin initials
//! masks side by side, the coded syllables in a fourth buffer and the lists of where each
//! (reading, next letters) is read (`Postings`) — all by the entry's place in the view. Built
//! on the first search after a write (copies and two passes over the coded syllables, no
//! pinyin lookups), so writes stay as cheap as before.
//!
//! Why two text buffers: a needle of Latin letters or digits (most searches, and every pinyin
//! one) can only be found among ASCII bytes, and a Chinese needle only among the others, so
//! each search reads about half the text. A needle mixing both is looked for by its longer
//! run and checked against the entry's whole text.
use super::Entry;
use crate::pinyin_search::{CodedQuery, PinyinQuery, Postings};
use memchr::arch::all::packedpair::HeuristicFrequencyRank;
use memchr::memmem;

/// Ends each customer's part of a buffer: never in a needle (see [`SearchIndex::find`]).
const END: u8 = 0;
/// Stands in a text buffer for a run of the other buffer's bytes, so no match spans it.
const GAP: u8 = 1;

/// Entries' parts of one buffer, one after the other.
#[derive(Default)]
struct Parts {
    buf: Vec<u8>,
    /// Where each entry's part ends (after its [`END`]), by entry place.
    ends: Vec<u32>,
    /// How common each byte is in `buf` (0 rare … 255 most common), for the substring
    /// search's prefilter, which looks for the needle's rarest bytes first: its built-in
    /// ranking (English-like text) takes `a` or `n` for rare, yet every customer's email
    /// holds them, and knows nothing of the bytes of Chinese characters.
    rank: ByteRank,
}

impl Parts {
    fn end_part(&mut self) {
        self.buf.push(END);
        self.ends
            .push(u32::try_from(self.buf.len()).unwrap_or(u32::MAX));
    }

    fn part(&self, i: usize) -> &[u8] {
        &self.buf[part(&self.ends, i)]
    }

    fn finder<'n>(&self, needle: &'n [u8]) -> memmem::Finder<'n> {
        memmem::FinderBuilder::new().build_forward_with_ranker(self.rank, needle)
    }
}

#[derive(Default)]
pub(super) struct SearchIndex {
    /// The texts' ASCII bytes, each run of other bytes a [`GAP`].
    ascii: Parts,
    /// The texts' other bytes (whole characters), each run of ASCII bytes a [`GAP`].
    wide: Parts,
    digits: Parts,
    /// `PinyinMask::quick` of each entry (0: no Chinese, never found by pinyin).
    quick: Vec<u64>,
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

/// Which text buffer a needle is looked for in, and by what (its longest run of that
/// buffer's bytes); `whole`: that run is the needle (else a hit is only a candidate).
struct TextNeedle<'a> {
    wide: bool,
    run: &'a [u8],
    whole: bool,
}

impl<'a> TextNeedle<'a> {
    fn of(needle: &'a [u8]) -> Option<TextNeedle<'a>> {
        if needle.is_empty() || needle.contains(&END) || needle.contains(&GAP) {
            return None;
        }
        let runs = needle.chunk_by(|a, b| a.is_ascii() == b.is_ascii());
        let run = runs.max_by_key(|r| r.len())?;
        Some(TextNeedle {
            wide: !run[0].is_ascii(),
            run,
            whole: run.len() == needle.len(),
        })
    }
}

impl SearchIndex {
    pub(super) fn build(entries: &[Entry]) -> SearchIndex {
        let mut index = SearchIndex {
            quick: Vec::with_capacity(entries.len()),
            syllables_end: Vec::with_capacity(entries.len()),
            live: Vec::with_capacity(entries.len()),
            ..Default::default()
        };
        for e in entries {
            let keys = e.search_keys();
            for run in keys
                .haystack
                .as_bytes()
                .chunk_by(|a, b| a.is_ascii() == b.is_ascii())
            {
                let (this, other) = if run[0].is_ascii() {
                    (&mut index.ascii, &mut index.wide)
                } else {
                    (&mut index.wide, &mut index.ascii)
                };
                this.buf.extend(run.iter().filter(|b| **b != END));
                if other.buf.last().is_some_and(|b| *b != GAP && *b != END) {
                    other.buf.push(GAP);
                }
            }
            index.ascii.end_part();
            index.wide.end_part();
            index.digits.buf.extend(keys.phone_digits.bytes());
            index.digits.end_part();
            index.quick.push(keys.quick);
            index.syllables.extend_from_slice(&keys.syllables);
            index.syllables_end.push(index.syllables.len() as u32);
            index.live.push(e.live());
        }
        index.ascii.rank = ByteRank::of(&index.ascii.buf);
        index.wide.rank = ByteRank::of(&index.wide.buf);
        index
    }

    /// Entry `i`'s coded syllables, `None` when pinyin never finds it (no Chinese, or gone).
    fn coded(&self, i: usize) -> Option<&[u16]> {
        (self.quick.get(i).copied().unwrap_or(0) != 0)
            .then(|| &self.syllables[part(&self.syllables_end, i)])
    }

    /// Marks in `found` (one flag per entry) the entries whose text holds `needle.text`, whose
    /// phones hold its digits, or whose name or company its pinyin spells: among `within`
    /// (entry places, in order) when given, else among all. `holds(i, text)` says whether
    /// entry `i`'s whole text holds `text` (asked for a needle mixing ASCII and other
    /// characters only). `lists` are the view's pinyin lists, built here when there are none
    /// or too many texts changed since (they outlive this index: a write only makes them
    /// forget the entries it changed).
    pub(super) fn find(
        &self,
        needle: &Needle<'_>,
        within: Option<&[u32]>,
        holds: impl Fn(usize, &str) -> bool,
        lists: &mut Option<Postings>,
        found: &mut [bool],
    ) {
        // Reading a few entries' parts one by one is cheaper than one pass over the buffers;
        // for many (a one-letter needle finds most of the book) the pass is cheaper.
        let within = within.filter(|w| w.len() * 8 < found.len());
        let text = TextNeedle::of(needle.text.as_bytes());
        let text_parts = text.as_ref().map(|t| {
            let parts = if t.wide { &self.wide } else { &self.ascii };
            (parts, parts.finder(t.run), t.whole)
        });
        let digits = needle
            .digits
            .filter(|d| !d.is_empty())
            .map(|d| memmem::Finder::new(d.as_bytes()));
        let confirm = |i: usize, whole: bool| whole || holds(i, needle.text);
        match within {
            None => {
                if let Some((parts, finder, whole)) = &text_parts {
                    mark(parts, finder, |i| confirm(i, *whole), found);
                }
                if let Some(finder) = &digits {
                    mark(&self.digits, finder, |_| true, found);
                }
            }
            Some(within) => {
                for &i in within {
                    let i = i as usize;
                    found[i] = text_parts.as_ref().is_some_and(|(parts, finder, whole)| {
                        finder.find(parts.part(i)).is_some() && confirm(i, *whole)
                    }) || digits
                        .as_ref()
                        .is_some_and(|f| f.find(self.digits.part(i)).is_some());
                }
            }
        }
        // Pinyin after the text: it only adds. Its hits are among `within` anyway (a spelling
        // holds its prefixes), so it ignores the narrowing: the lists read only the places a
        // match can start, fewer than `within` holds.
        let Some(pinyin) = needle.pinyin else { return };
        if pinyin.is_one_letter() {
            // The initials mask is the answer.
            let mut one = |i: usize| found[i] = found[i] || pinyin.may_match_quick(self.quick[i]);
            match within {
                Some(within) => within.iter().for_each(|i| one(*i as usize)),
                None => (0..self.quick.len()).for_each(one),
            }
            return;
        }
        self.prepare_lists(lists);
        if let Some(lists) = lists {
            let chinese = |i: usize| self.quick.get(i).is_some_and(|q| *q != 0);
            let coded = |i: usize| &self.syllables[part(&self.syllables_end, i)];
            lists.find(&CodedQuery::new(pinyin), coded, chinese, found);
        }
    }

    /// Builds the pinyin lists when there are none or too many texts changed since.
    pub(super) fn prepare_lists(&self, lists: &mut Option<Postings>) {
        if lists.as_ref().is_none_or(Postings::worn) {
            *lists = Some(Postings::build(
                (0..self.quick.len()).map(|i| self.coded(i)),
            ));
        }
    }

    /// The live entries `found` flags (places, in order): read 64 flags at a time, since a
    /// search mostly flags few.
    pub(super) fn live_hits(&self, found: &[bool]) -> Vec<u32> {
        let mut hits = Vec::new();
        for (c, chunk) in found.chunks(64).enumerate() {
            if !chunk.iter().fold(false, |any, f| any | *f) {
                continue;
            }
            let at = c * 64;
            hits.extend(
                (at..at + chunk.len())
                    .filter(|i| found[*i] && self.live[*i])
                    .map(|i| i as u32),
            );
        }
        hits
    }
}

/// Entry `i`'s part of a buffer whose parts end at `ends`.
fn part(ends: &[u32], i: usize) -> std::ops::Range<usize> {
    let start = if i == 0 { 0 } else { ends[i - 1] as usize };
    start..ends[i] as usize
}

/// Byte frequencies of a buffer as memchr's prefilter ranks them.
#[derive(Clone, Copy)]
struct ByteRank([u8; 256]);

impl Default for ByteRank {
    fn default() -> Self {
        ByteRank([0; 256])
    }
}

impl ByteRank {
    /// Counted on every 7th byte: a ranking needs no exact counts, and a rebuild stays cheap.
    fn of(buf: &[u8]) -> ByteRank {
        let mut counts = [0u64; 256];
        for b in buf.iter().step_by(7) {
            counts[usize::from(*b)] += 1;
        }
        let most = counts.iter().copied().max().unwrap_or(0).max(1);
        let mut rank = [0u8; 256];
        for (r, c) in rank.iter_mut().zip(counts) {
            *r = (c * 255 / most) as u8;
        }
        ByteRank(rank)
    }
}

impl HeuristicFrequencyRank for ByteRank {
    fn rank(&self, byte: u8) -> u8 {
        self.0[usize::from(byte)]
    }
}

/// Flags every entry whose part of `parts` holds the finder's needle (not empty) and which
/// `confirm` confirms.
fn mark(
    parts: &Parts,
    finder: &memmem::Finder<'_>,
    confirm: impl Fn(usize) -> bool,
    found: &mut [bool],
) {
    let (buf, ends) = (&parts.buf, &parts.ends);
    let (mut from, mut i) = (0usize, 0usize);
    while let Some(at) = finder.find(&buf[from..]) {
        let at = from + at;
        // Hits come in order: the entry is found by walking on (at most once over the ends
        // in all), not by a binary search per hit (a one-digit needle hits every entry).
        while ends.get(i).is_some_and(|end| (*end as usize) <= at) {
            i += 1;
        }
        let Some(flag) = found.get_mut(i) else { break };
        *flag = *flag || confirm(i);
        // On to the next entry: one hit is enough.
        from = ends[i] as usize;
    }
}
