// The fake backend's list query: the real backend's filter, sort and paging rules, in memory.
import type { Customer } from '../bindings/Customer';
import type { ListQuery } from '../bindings/ListQuery';
import type { Stage } from '../bindings/Stage';
import { CATEGORIES, PRIORITIES, STAGES } from '../model';

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
      (digits.length >= 3 && c.phones.some((p) => p.replace(/\D/g, '').includes(digits))))
  );
}

function sortKey(c: Customer, q: ListQuery, stageOrder: Stage[]): string | number {
  switch (q.sort) {
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
export function queryCustomers(customers: Customer[], q: ListQuery, stageOrder: Stage[] = STAGES): { total: number; rows: Customer[] } {
  const needle = q.search.trim().toLowerCase();
  const digits = needle.replace(/\D/g, '');
  const hits = customers.filter((c) => matches(c, q, needle, digits));
  hits.sort((a, b) => {
    const [x, y] = [sortKey(a, q, stageOrder), sortKey(b, q, stageOrder)];
    const ord = x < y ? -1 : x > y ? 1 : 0;
    return (q.descending ? -ord : ord) || (a.id < b.id ? -1 : 1);
  });
  return { total: hits.length, rows: hits.slice(q.offset, q.offset + q.limit) };
}
