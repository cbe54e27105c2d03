// The UI language as reactive state: templates that call t() re-render when it changes, so
// saving the language in settings switches the whole UI at once, without a reload.
import type { Language } from '../bindings/Language';
import { en } from './en';
import { zh, type Dict, type Key } from './zh';

export type { Key } from './zh';

const DICTS: Record<Language, Dict> = { zh, en };

/** Known default sources (stored in Chinese) and their English names. */
const SOURCE_EN: Record<string, string> = {
  线上推广: 'Online ads',
  客户转介绍: 'Referral',
  行业展会: 'Trade show',
  电话陌拜: 'Cold call',
  其他: 'Other',
};

const state = $state<{ lang: Language }>({ lang: 'zh' });

export const i18n = {
  get lang(): Language {
    return state.lang;
  },
  get locale(): string {
    return state.lang === 'en' ? 'en-US' : 'zh-CN';
  },
};

export function setLanguage(lang: Language): void {
  state.lang = lang;
  if (typeof document !== 'undefined') document.documentElement.lang = i18n.locale;
}

/** The text for `key` in the current language, with `{name}` placeholders filled in. */
export function t(key: Key, vars?: Record<string, string | number>): string {
  let s = DICTS[state.lang][key] ?? key;
  if (vars) {
    for (const [k, v] of Object.entries(vars)) s = s.replaceAll(`{${k}}`, String(v));
  }
  return s;
}

/** A source value as shown: the known defaults translated, anything else as typed. */
export function sourceLabel(source: string): string {
  return state.lang === 'en' ? (SOURCE_EN[source] ?? source) : source;
}

const formats = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat | Intl.RelativeTimeFormat>();

/** Intl formatters are costly to build and the list formats hundreds of dates: keep them. */
function dateFormat(name: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${i18n.locale}|${name}`;
  let f = formats.get(key) as Intl.DateTimeFormat | undefined;
  if (!f) {
    f = new Intl.DateTimeFormat(i18n.locale, options);
    formats.set(key, f);
  }
  return f;
}

/** "YYYY-MM-DD" → a local date like 2025年3月5日 / Mar 5, 2025. */
export function formatDate(date: string | null | undefined): string {
  if (!date) return '';
  const d = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return date;
  return dateFormat('date', { dateStyle: 'medium', timeZone: 'UTC' }).format(d);
}

/** "YYYY-MM-DD" → its weekday and day: 11月25日周三 · Wed, Nov 25. */
export function formatWeekdayDate(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return date;
  return dateFormat('weekdayDate', { weekday: 'short', month: 'short', day: 'numeric', timeZone: 'UTC' }).format(d);
}

/** An RFC 3339 timestamp in local time, date and minutes. */
export function formatDateTime(ts: string | null | undefined): string {
  if (!ts) return '';
  const d = new Date(ts);
  if (Number.isNaN(d.getTime())) return ts;
  return dateFormat('datetime', { dateStyle: 'medium', timeStyle: 'short' }).format(d);
}

/** An RFC 3339 timestamp as a compact local date: 2025/03/05 · 03/05/2025. */
export function formatShortDate(ts: string | null | undefined): string {
  if (!ts) return '';
  const d = new Date(ts);
  if (Number.isNaN(d.getTime())) return ts;
  return dateFormat('short', { year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
}

/** A count in the current locale's digits grouping: 100,000. */
export function formatNumber(n: number): string {
  const key = `${i18n.locale}|number`;
  let f = formats.get(key) as Intl.NumberFormat | undefined;
  if (!f) {
    f = new Intl.NumberFormat(i18n.locale);
    formats.set(key, f);
  }
  return f.format(n);
}

/** An RFC 3339 timestamp's local time of day: 14:30 · 2:30 PM. */
export function formatTime(ts: string | null | undefined): string {
  if (!ts) return '';
  const d = new Date(ts);
  if (Number.isNaN(d.getTime())) return ts;
  return dateFormat('time', { timeStyle: 'short' }).format(d);
}

/** A local weekday, date and time: 3月7日周五 09:00 · Fri, Mar 7, 9:00 AM. */
export function formatWeekdayTime(ts: string | null | undefined): string {
  if (!ts) return '';
  const d = new Date(ts);
  if (Number.isNaN(d.getTime())) return ts;
  return dateFormat('weekday', { weekday: 'short', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' }).format(d);
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['minute', 60_000],
  ['hour', 3_600_000],
  ['day', 86_400_000],
  ['month', 30 * 86_400_000],
  ['year', 365 * 86_400_000],
];

/** How far `ts` is from `now`: 2 小时前 · 2 hours ago · in 3 days. */
export function formatRelative(ts: string, now: number = Date.now()): string {
  const diff = new Date(ts).getTime() - now;
  if (Number.isNaN(diff)) return ts;
  let [unit, size] = UNITS[0];
  for (const [u, s] of UNITS) if (Math.abs(diff) >= s) [unit, size] = [u, s];
  const n = Math.trunc(diff / size) || (diff < 0 ? -1 : 1);
  const key = `${i18n.locale}|relative`;
  let f = formats.get(key) as Intl.RelativeTimeFormat | undefined;
  if (!f) {
    f = new Intl.RelativeTimeFormat(i18n.locale, { numeric: 'always' });
    formats.set(key, f);
  }
  return f.format(n, unit);
}
