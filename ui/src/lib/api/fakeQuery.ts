// The fake backend's list query: the real backend's filter, sort and paging rules, in memory.
import type { Customer } from '../bindings/Customer';
import type { ListQuery } from '../bindings/ListQuery';
import type { Stage } from '../bindings/Stage';
import { CATEGORIES, PRIORITIES, STAGES } from '../model';
import { pinyinMatches } from '../util/pinyin';

/** What the fake knows of last contacts: the real rules of store/view/query.rs. */
export interface Contacts {
  /** The latest follow-up's time of a customer, if any. */
  lastContact(customerId: string): string | null;
  now: Date;
  /** The settings' untouched days (0: off). */
  untouchedDays: number;
}

/** Calendar days in the local zone from `iso` to `now`. */
export function daysSince(iso: string, now: Date): number {
  const [a, b] = [new Date(now), new Date(iso)];
  a.setHours(0, 0, 0, 0);
  b.setHours(0, 0, 0, 0);
  return Math.round((a.getTime() - b.getTime()) / 86_400_000);
}

/** Days since the customer's last touch (contact, else creation) when it is untouched. */
export function untouchedDays(c: Customer, k: Contacts): number | null {
  if (k.untouchedDays <= 0 || c.stage === 'lost') return null;
  const days = daysSince(k.lastContact(c.id) ?? c.createdAt, k.now);
  return days >= k.untouchedDays ? days : null;
}

function contactOk(c: Customer, q: ListQuery, k: Contacts): boolean {
  const f = q.contact;
  if (!f || f.type === 'any') return true;
  const last = () => k.lastContact(c.id);
  switch (f.type) {
    case 'within': { const l = last(); return l !== null && daysSince(l, k.now) < f.days; }
    case 'notWithin': { const l = last(); return l === null || daysSince(l, k.now) >= f.days; }
    case 'never': return last() === null;
    case 'untouched': return untouchedDays(c, k) !== null;
    default: return true;
  }
}

function matches(c: Customer, q: ListQuery, needle: string, digits: string): boolean {
  const hay = [c.name, c.company, ...c.phones, ...c.emails].join('\u0001').toLowerCase();
  return (
    (!q.stages.length || q.stages.includes(c.stage)) &&
    (!q.priorities.length || q.priorities.includes(c.priority)) &&
    (!q.categories.length || (c.category !== null && q.categories.includes(c.category))) &&
    (!q.owners.length || q.owners.includes(c.owner)) &&
    (!q.tagIds.length ||
      (q.tagMode === 'all'
        ? q.tagIds.every((t) => c.tagIds.includes(t))
        : q.tagIds.some((t) => c.tagIds.includes(t)))) &&
    (!needle ||
      hay.includes(needle) ||
      (digits.length >= 3 && c.phones.some((p) => p.replace(/\D/g, '').includes(digits))) ||
      pinyinMatches(needle, c.name) ||
      pinyinMatches(needle, c.company))
  );
}

function sortKey(c: Customer, q: ListQuery, stageOrder: Stage[], k: Contacts): string | number {
  switch (q.sort) {
    case 'lastContact': return k.lastContact(c.id) ?? '';
    case 'stage': return stageOrder.indexOf(c.stage);
    case 'priority': return PRIORITIES.indexOf(c.priority);
    case 'category': return c.category ? CATEGORIES.indexOf(c.category) : 99;
    case 'company': return c.company.toLowerCase() || '\uffff';
    case 'owner': return c.owner || '\uffff';
    case 'createdAt': return c.createdAt;
    case 'updatedAt': return c.updatedAt;
    default: return c.name.toLowerCase();
  }
}

/** The customers matching `q`, sorted (stages in the pipeline's order), and the slice
 *  offset..offset+limit. */
export function queryCustomers(
  customers: Customer[],
  q: ListQuery,
  stageOrder: Stage[] = STAGES,
  k: Contacts = { lastContact: () => null, now: new Date(), untouchedDays: 0 },
): { total: number; rows: Customer[] } {
  const needle = q.search.trim().toLowerCase();
  const digits = needle.replace(/\D/g, '');
  const hits = customers.filter((c) => matches(c, q, needle, digits) && contactOk(c, q, k));
  hits.sort((a, b) => {
    // Never contacted: last whichever way the others go.
    if (q.sort === 'lastContact') {
      const [na, nb] = [k.lastContact(a.id) === null, k.lastContact(b.id) === null];
      if (na !== nb) return na ? 1 : -1;
    }
    const [x, y] = [sortKey(a, q, stageOrder, k), sortKey(b, q, stageOrder, k)];
    const ord = x < y ? -1 : x > y ? 1 : 0;
    return (q.descending ? -ord : ord) || (a.id < b.id ? -1 : 1);
  });
  return { total: hits.length, rows: hits.slice(q.offset, q.offset + q.limit) };
}
