// The pickers' search rule, the same as the backend's list search (rapport-core
// `pinyin_search`): the typed text as a case-insensitive substring, or — when it is Latin
// letters — as pinyin spelling consecutive Chinese characters, each syllable whole or by a
// prefix (`zs` → 张三, `zhangs`, `hd` → 上海华东贸易), any reading of a polyphonic character
// (单 dan/shan/chan), ü typed v or u. Latin letters and digits in the text are one-letter
// syllables; spaces and signs are skipped. The readings come from pinyin-pro, loaded after
// start (pinyinReadings.svelte.ts): before it arrives, a query matches as text only.
import { readingsOf } from './pinyinReadings.svelte';

const readingsCache = new Map<string, string[]>();
const HAN = /\p{Script=Han}/u;
const MAX_QUERY = 63;

/** The plain readings of one character ('ü' written 'v'); a Latin letter or digit is its own. */
function syllables(ch: string): string[] {
  let r = readingsCache.get(ch);
  if (r) return r;
  if (HAN.test(ch)) {
    const all = readingsOf(ch);
    // Not cached while the dictionary is still loading.
    if (all === null) return [];
    r = [...new Set(all.map((s) => s.toLowerCase().replace(/ü/g, 'v')))].filter((s) => /^[a-z]+$/.test(s));
  } else if (/^[a-z0-9]$/i.test(ch)) {
    r = [ch.toLowerCase()];
  } else {
    r = [];
  }
  readingsCache.set(ch, r);
  return r;
}

/** How many leading letters of `q` from `at` the syllable spells (its v as v or u). */
function commonPrefix(s: string, q: string, at: number): number {
  let n = 0;
  while (n < s.length && at + n < q.length) {
    const c = s[n];
    const l = q[at + n];
    if (c !== l && !(c === 'v' && l === 'u')) break;
    n++;
  }
  return n;
}

/** The query's letters if it can be pinyin (Latin letters, spaces and apostrophes), else null. */
function pinyinLetters(query: string): string | null {
  const letters = query.replace(/[\s']/g, '').toLowerCase();
  return letters.length > 0 && letters.length <= MAX_QUERY && /^[a-z]+$/.test(letters) ? letters : null;
}

/** Whether the letters spell consecutive characters of a text that has Chinese in it. */
export function pinyinMatches(query: string, text: string): boolean {
  const q = pinyinLetters(query);
  if (q === null || !HAN.test(text)) return false;
  // reached[p]: the first p letters are spelled by the characters just passed.
  let reached = new Set<number>();
  for (const ch of text) {
    const readings = syllables(ch);
    if (readings.length === 0) continue;
    const next = new Set<number>();
    for (const p of [0, ...reached]) {
      for (const s of readings) {
        const n = commonPrefix(s, q, p);
        for (let k = 1; k <= n; k++) next.add(p + k);
      }
    }
    if (next.has(q.length)) return true;
    reached = next;
  }
  return false;
}

/** The pickers' one rule: substring, else pinyin. An empty query finds everything. */
export function textMatches(query: string, text: string): boolean {
  const q = query.trim().toLowerCase();
  return q === '' || text.toLowerCase().includes(q) || pinyinMatches(q, text);
}
