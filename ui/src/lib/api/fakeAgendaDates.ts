// The fake backend's agenda key dates: birthdays (customers' and key contacts') and contract
// expiries from today to 7 days on, in the machine's local days, by the real backend's rules
// (a 29 February birthday falls on 28 February in common years; own birthday before a
// contact's, then contracts; then by name).
import type { AgendaQuery } from '../bindings/AgendaQuery';
import type { Customer } from '../bindings/Customer';
import type { KeyDateItem } from '../bindings/KeyDateItem';
import type { KeyDateSection } from '../bindings/KeyDateSection';
import { localDay } from '../followups';

const pad = (n: number) => String(n).padStart(2, '0');
const iso = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
const leap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/** The month-days ("MM-DD") a local day stands for: 28 February also for the 29th in common years. */
function monthDays(d: Date): string[] {
  const md = iso(d).slice(5);
  return md === '02-28' && !leap(d.getFullYear()) ? [md, '02-29'] : [md];
}

const ORDER = { birthday: 0, contactBirthday: 1, contractExpiry: 2 } as const;
// One collator: localeCompare with a locale builds one per call, far too slow for a sort.
const byName = new Intl.Collator('zh-CN');

export function keyDates(customers: Customer[], q: AgendaQuery, now: Date): KeyDateSection {
  // Each month-day and date of the window → [days away, date]; one pass over the customers.
  const byMonthDay = new Map<string, [number, string]>();
  const byDate = new Map<string, number>();
  for (let away = 0; away <= 7; away++) {
    const day = localDay(now, away);
    for (const md of monthDays(day)) byMonthDay.set(md, [away, iso(day)]);
    byDate.set(iso(day), away);
  }
  const found: KeyDateItem[] = [];
  for (const c of customers) {
    if ((q.owners.length && !q.owners.includes(c.owner)) || (q.priorities.length && !q.priorities.includes(c.priority))) continue;
    const item = (kind: KeyDateItem['kind'], daysAway: number, date: string, contact = ''): KeyDateItem => ({
      kind, customerId: c.id, customerName: c.name, company: c.company, owner: c.owner, contact, date, daysAway,
    });
    const own = c.birthday ? byMonthDay.get(c.birthday.slice(5)) : undefined;
    if (own) found.push(item('birthday', ...own));
    for (const k of c.contacts) {
      const on = k.birthday ? byMonthDay.get(k.birthday.slice(5)) : undefined;
      if (on) found.push(item('contactBirthday', ...on, k.name));
    }
    const expires = c.contractExpiry ? byDate.get(c.contractExpiry) : undefined;
    if (expires !== undefined && c.contractExpiry) found.push(item('contractExpiry', expires, c.contractExpiry));
  }
  found.sort((a, b) => a.daysAway - b.daysAway || ORDER[a.kind] - ORDER[b.kind] || byName.compare(a.customerName, b.customerName));
  return { total: found.length, today: found.filter((i) => i.daysAway === 0).length, items: found.slice(0, q.limit) };
}
