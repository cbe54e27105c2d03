// The fake backend's 业绩 / Performance and targets: the real definitions (src-tauri/crates/
// core/src/analytics/performance.rs), roughly, in the machine's local time. Deals count for
// their 销售员, follow-ups for who did them, new customers for their owner; win rate and cycle
// are left out (null). Targets are checked like the real validation (period format, a figure).
import type { Performance } from '../bindings/Performance';
import type { PerformanceFigures } from '../bindings/PerformanceFigures';
import type { PerformanceQuery } from '../bindings/PerformanceQuery';
import type { PerformanceRow } from '../bindings/PerformanceRow';
import type { SalesTarget } from '../bindings/SalesTarget';
import type { TargetFigures } from '../bindings/TargetFigures';
import { ApiError, type Backend } from './backend';
import type { FakeBackend } from './fakeBackend';
import type { FakeHooks } from './fakeHooks';

const pad = (n: number) => String(n).padStart(2, '0');
const localDay = (iso: string) => {
  const d = new Date(iso);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
};

interface Period { quarter: boolean; year: number; index: number }

function parse(text: string): Period | null {
  const m = /^(\d{4})-(?:[Qq]([1-4])|(0[1-9]|1[0-2]))$/.exec(text.trim());
  if (!m) return null;
  return { quarter: !!m[2], year: Number(m[1]), index: Number(m[2] ?? m[3]) };
}
const label = (p: Period) => (p.quarter ? `${p.year}-Q${p.index}` : `${p.year}-${pad(p.index)}`);
function shift(p: Period, by: number): Period {
  const count = p.quarter ? 4 : 12;
  const n = p.year * count + p.index - 1 + by;
  return { ...p, year: Math.floor(n / count), index: (n % count) + 1 };
}
function bounds(p: Period): [string, string] {
  const months = p.quarter ? 3 : 1;
  const first = (p.index - 1) * months + 1;
  const last = new Date(p.year, first - 1 + months, 0).getDate();
  return [`${p.year}-${pad(first)}-01`, `${p.year}-${pad(first + months - 1)}-${pad(last)}`];
}

const zero = (): PerformanceFigures => ({ amount: 0, deals: 0, newCustomers: 0, followUps: 0 });

export class FakePerformance {
  constructor(readonly backend: FakeBackend, private readonly hooks: FakeHooks) {}

  performance: Backend['performance'] = async (...a) => {
    this.hooks.log('performance', ...a);
    return this.compute(a[0]);
  };

  saveTargets: Backend['saveTargets'] = async (...a) => {
    this.hooks.log('saveTargets', ...a);
    const en = this.backend.settings.language === 'en';
    const fail = (field: string, zh: string, enText: string): never => {
      throw new ApiError({ code: 'invalidField', message: en ? enText : zh, field });
    };
    const kept: SalesTarget[] = [];
    a[0].forEach((t: SalesTarget, i: number) => {
      const set = [t.amount, t.deals, t.newCustomers, t.followUps].some((v) => v !== null);
      if (!t.period.trim() && !set) return;
      const p = parse(t.period);
      if (!p) fail(`targets[${i}].period`, `目标 ${i + 1} – 期间：须为月份（如 2026-03）或季度（如 2026-Q1）`, `Target ${i + 1} – Period must be a month like 2026-03 or a quarter like 2026-Q1`);
      if (!set) fail(`targets[${i}].amount`, `目标 ${i + 1} – 成交金额：请至少填写一项目标（金额、成交数、新客户数或跟进次数）`, `Target ${i + 1} – Deal amount needs a figure: set at least one of amount, deals, new customers or follow-ups`);
      kept.push({ ...t, person: t.person.trim(), period: label(p!) });
    });
    this.backend.settings = { ...this.backend.settings, targets: kept };
    this.hooks.changed();
    return kept;
  };

  compute(q: PerformanceQuery): Performance {
    const b = this.backend;
    const today = localDay(new Date().toISOString());
    const p = q.period ? parse(q.period) : { quarter: q.kind === 'quarter', year: Number(today.slice(0, 4)), index: q.kind === 'quarter' ? Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1 : Number(today.slice(5, 7)) };
    if (!p || p.quarter !== (q.kind === 'quarter')) throw new ApiError({ code: 'invalidField', message: 'period', field: 'period' });
    const [from, to] = bounds(p);
    const [pf, pt] = bounds(shift(p, -1));
    const when = (day: string) => (day >= from && day <= to ? 'current' : day >= pf && day <= pt ? 'previous' : null);
    const people = new Map<string, { current: PerformanceFigures; previous: PerformanceFigures }>();
    const team = { current: zero(), previous: zero() };
    const add = (who: string, day: string, f: (x: PerformanceFigures) => void) => {
      const w = when(day);
      if (!w) return;
      f(team[w]);
      const name = who.trim();
      if (!name) return;
      const acc = people.get(name) ?? { current: zero(), previous: zero() };
      people.set(name, acc);
      f(acc[w]);
    };
    const live = new Map([...b.customers.values()].filter((c) => !c.deletedAt).map((c) => [c.id, c]));
    for (const d of b.records.deals.values()) {
      if (live.has(d.customerId)) add(d.salesperson, d.date, (x) => { x.amount += d.amount; x.deals += 1; });
    }
    for (const f of b.followUps.followUps.values()) {
      if (live.has(f.customerId)) add(f.by, localDay(f.at), (x) => (x.followUps += 1));
    }
    for (const c of live.values()) add(c.owner, c.firstContactDate ?? localDay(c.createdAt), (x) => (x.newCustomers += 1));
    const mine = (b.settings.targets ?? []).filter((t) => t.period === label(p));
    const of = (t: SalesTarget): TargetFigures => ({ amount: t.amount, deals: t.deals, newCustomers: t.newCustomers, followUps: t.followUps });
    for (const t of mine) if (t.person && !people.has(t.person)) people.set(t.person, { current: zero(), previous: zero() });
    const viewer = q.viewer;
    if (viewer?.role === 'salesperson' && !people.has(viewer.person)) people.set(viewer.person, { current: zero(), previous: zero() });
    const row = (person: string, acc: { current: PerformanceFigures; previous: PerformanceFigures }, target: TargetFigures | null): PerformanceRow => ({
      person, ...acc, target, winRate: null, averageCycleDays: null,
      averageDeal: acc.current.deals ? Math.floor(acc.current.amount / acc.current.deals) : null,
    });
    const rows = [...people]
      .filter(([person]) => viewer?.role !== 'salesperson' || person === viewer.person)
      .map(([person, acc]) => row(person, acc, mine.find((t) => t.person === person) ? of(mine.find((t) => t.person === person)!) : null))
      .sort((x, y) => y.current.amount - x.current.amount || x.person.localeCompare(y.person));
    const business = mine.find((t) => !t.person);
    const sum = (k: keyof TargetFigures) => mine.filter((t) => t.person && t[k] !== null).reduce<number | null>((s, t) => (s ?? 0) + (t[k] as number), null);
    const teamTarget = business ? of(business) : mine.length ? { amount: sum('amount'), deals: sum('deals'), newCustomers: sum('newCustomers'), followUps: sum('followUps') } : null;
    return {
      kind: q.kind, period: label(p), previous: label(shift(p, -1)), next: label(shift(p, 1)), from, to,
      rows, team: row('', team, teamTarget), hasTargets: mine.length > 0,
    };
  }
}
