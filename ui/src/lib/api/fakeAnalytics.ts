// The fake backend's dashboard: the real backend's definitions (src-tauri/crates/core/src/
// analytics.rs), roughly, in memory and the machine's local time. The period's customers are
// those first contacted in it (or created, without a first-contact date); deals and services
// count when dated in it, follow-ups when they took place in it; overdue follow-ups and open
// service plans are snapshots of now. A share with nothing to divide by is null, never NaN.
import { productStats } from './fakeProducts';
import type { AnalyticsQuery } from '../bindings/AnalyticsQuery';
import type { Category } from '../bindings/Category';
import type { Customer } from '../bindings/Customer';
import type { Dashboard } from '../bindings/Dashboard';
import type { Deal } from '../bindings/Deal';
import type { FunnelStage } from '../bindings/FunnelStage';
import type { OwnerCount } from '../bindings/OwnerCount';
import type { Stage } from '../bindings/Stage';
import type { TableExport } from '../bindings/TableExport';
import { METHODS } from '../followups';
import { CATEGORIES } from '../model';
import type { Backend } from './backend';
import type { FakeBackend } from './fakeBackend';
import type { FakeHooks } from './fakeHooks';
import { complaintStats } from './fakeComplaints';

const SUCCESS_WINDOW_DAYS = 14;
const TOP_CUSTOMERS = 20;
const DAY = 86_400_000;

const share = (n: number, of: number): number | null => (of > 0 ? n / of : null);

/** The local day of an instant, "YYYY-MM-DD". */
function localDate(iso: string): string {
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** Whole days between two "YYYY-MM-DD" days. */
const daysBetween = (a: string, b: string) => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY);

/** Every "YYYY-MM" from `from`'s month to `to`'s, none when `to` is before `from`. */
function months(from: string, to: string): string[] {
  if (to < from) return [];
  const out: string[] = [];
  let [y, m] = from.slice(0, 7).split('-').map(Number);
  const end = to.slice(0, 7);
  for (;;) {
    const key = `${y}-${String(m).padStart(2, '0')}`;
    if (key > end) break;
    out.push(key);
    m += 1;
    if (m > 12) [y, m] = [y + 1, 1];
  }
  return out;
}

function countBy(keys: string[]): OwnerCount[] {
  const m = new Map<string, number>();
  for (const k of keys) m.set(k, (m.get(k) ?? 0) + 1);
  return [...m].map(([owner, count]) => ({ owner, count })).sort((a, b) => b.count - a.count || a.owner.localeCompare(b.owner));
}

export class FakeAnalytics {
  constructor(readonly backend: FakeBackend, private readonly hooks: FakeHooks) {}

  dashboard: Backend['dashboard'] = async (...a) => {
    this.hooks.log('dashboard', ...a);
    return this.compute(a[0]);
  };

  exportTable: Backend['exportTable'] = async (...a) => {
    this.hooks.log('exportTable', ...a);
    const [table, format]: [TableExport, string] = a;
    return `/tmp/${table.title}.${format}`;
  };

  /** The whole dashboard (public so tests can check the fake's figures directly). */
  compute(q: AnalyticsQuery): Dashboard {
    const b = this.backend;
    // The pipeline in the settings' order: the open stages then won make the ladder (lost apart).
    const order = b.settings.stages.map((s) => s.stage);
    const ladder: Stage[] = order.filter((s) => s !== 'lost');
    const rank = (s: Stage) => ladder.indexOf(s); // -1 for lost
    const now = b.followUps.now();
    const nowIso = now.toISOString();
    const inPeriod = (day: string) => q.from <= day && day <= q.to;
    const byOwner = (c: Customer) => !q.owner || c.owner === q.owner;
    const live = new Map([...b.customers.values()].filter((c) => !c.deletedAt).map((c) => [c.id, c]));
    const history = (id: string) => b.followUps.history.get(id) ?? [];
    const allDeals = [...b.records.deals.values()].filter((d) => live.has(d.customerId));
    const dealsOf = new Map<string, Deal[]>();
    for (const d of allDeals) dealsOf.set(d.customerId, [...(dealsOf.get(d.customerId) ?? []), d]);
    const sum = (ds: Deal[] | undefined) => (ds ?? []).reduce((s, d) => s + d.amount, 0);

    // The period's customers: a cohort by first contact.
    const firstDay = (c: Customer) => c.firstContactDate ?? localDate(c.createdAt);
    const cohort = [...live.values()].filter((c) => byOwner(c) && inPeriod(firstDay(c)));

    // Funnel: the ladder's steps by the highest rung reached (current stage or any stage in the
    // history); the lost apart, each at the step of its latest move to lost (the first without).
    const reached = (c: Customer) => {
      let top = rank(c.stage);
      let lostFrom = 0;
      let lostAt = '';
      for (const e of history(c.id)) {
        if (e.change.type !== 'stage') continue;
        top = Math.max(top, rank(e.change.from), rank(e.change.to));
        if (e.change.to === 'lost' && e.at >= lostAt) [lostAt, lostFrom] = [e.at, Math.max(rank(e.change.from), 0)];
      }
      return { top: Math.max(top, 0), lostFrom };
    };
    const reach = cohort.map(reached);
    const expected = (c: Customer) =>
      [...b.records.opportunities.values()].filter((o) => o.customerId === c.id).reduce((s, o) => s + (o.expectedAmount ?? 0), 0);
    const lostOnes = cohort.map((c, i) => [c, reach[i]] as const).filter(([c]) => c.stage === 'lost');
    const stages: FunnelStage[] = ladder.map((stage, k) => {
      const atStage = cohort.filter((c) => c.stage === stage);
      const amountCents = atStage.reduce((s, c) => s + (stage === 'won' ? sum(dealsOf.get(c.id)) : expected(c)), 0);
      return {
        stage, customers: atStage.length, reached: reach.filter((x) => x.top >= k).length,
        lost: lostOnes.filter(([, r]) => r.lostFrom === k).length, amountCents,
      };
    });
    const lostAmountCents = lostOnes.reduce((s, [c]) => s + expected(c), 0);
    const conversions = ladder.slice(0, -1).map((from, i) => {
      const to = ladder[i + 1];
      return { from, to, rate: share(stages[i + 1].reached, stages[i].reached) };
    });
    const wonCustomers = cohort.filter((c) => c.stage === 'won');
    const won = wonCustomers.length;
    const lost = cohort.filter((c) => c.stage === 'lost').length;
    const cycles = wonCustomers.flatMap((c) => {
      const toWon = history(c.id).filter((e) => e.change.type === 'stage' && e.change.to === 'won').map((e) => localDate(e.at));
      const end = toWon.sort().at(-1) ?? (dealsOf.get(c.id) ?? []).map((d) => d.date).sort()[0];
      return end ? [Math.max(0, daysBetween(firstDay(c), end))] : [];
    });

    // Follow-ups of the period (by the customer's owner: the fake does not know who did them).
    const fus = [...b.followUps.followUps.values()].filter((f) => live.has(f.customerId));
    const done = fus.filter((f) => byOwner(live.get(f.customerId)!) && inPeriod(localDate(f.at)));
    const advanced = (customerId: string, at: string) => {
      const start = Date.parse(at);
      return history(customerId).some((e) => {
        if (e.change.type !== 'stage') return false;
        const t = Date.parse(e.at);
        const { from, to } = e.change;
        const up = to !== 'lost' && (from === 'lost' || rank(to) > rank(from));
        return up && t >= start && t <= start + SUCCESS_WINDOW_DAYS * DAY;
      });
    };
    const successful = done.filter((f) => advanced(f.customerId, f.at)).length;
    const overdue = fus
      .filter((f) => !f.done && f.nextAt !== null && f.nextAt < nowIso)
      .map((f) => f.nextBy || live.get(f.customerId)!.owner)
      .filter((who) => !q.owner || who === q.owner);

    // Channels of the cohort.
    const sources = new Map<string, Customer[]>();
    for (const c of cohort) sources.set(c.source, [...(sources.get(c.source) ?? []), c]);
    const channels = [...sources].map(([source, cs]) => {
      const w = cs.filter((c) => c.stage === 'won').length;
      return { source, customers: cs.length, won: w, conversion: w / cs.length, amountCents: cs.reduce((s, c) => s + sum(dealsOf.get(c.id)), 0) };
    }).sort((x, y) => y.customers - x.customers || x.source.localeCompare(y.source));

    // Deals dated in the period.
    const deals = allDeals.filter((d) => byOwner(live.get(d.customerId)!) && inPeriod(d.date));
    const group = <K,>(key: (c: Customer) => K) => {
      const m = new Map<K, { amountCents: number; deals: number }>();
      for (const d of deals) {
        const k = key(live.get(d.customerId)!);
        const g = m.get(k) ?? { amountCents: 0, deals: 0 };
        g.amountCents += d.amount;
        g.deals += 1;
        m.set(k, g);
      }
      return m;
    };
    const perCustomer = group((c) => c.id);
    const topCustomers = [...perCustomer]
      .map(([id, g]) => ({ customerId: id, name: live.get(id)!.name, ...g }))
      .sort((x, y) => y.amountCents - x.amountCents || x.name.localeCompare(y.name))
      .slice(0, TOP_CUSTOMERS);
    const perCategory = group((c) => c.category);
    const byCategory = [...CATEGORIES, null]
      .filter((c) => perCategory.has(c))
      .map((category: Category | null) => ({ category, ...perCategory.get(category)! }));
    const byIndustry = [...group((c) => c.industry)]
      .map(([industry, g]) => ({ industry, ...g }))
      .sort((x, y) => y.amountCents - x.amountCents || x.industry.localeCompare(y.industry));
    const perMonth = new Map<string, { amountCents: number; deals: number }>();
    for (const d of deals) {
      const g = perMonth.get(d.date.slice(0, 7)) ?? { amountCents: 0, deals: 0 };
      g.amountCents += d.amount;
      g.deals += 1;
      perMonth.set(d.date.slice(0, 7), g);
    }
    const monthly = months(q.from, q.to).map((month) => ({ month, ...(perMonth.get(month) ?? { amountCents: 0, deals: 0 }) }));

    // Lost reasons of the cohort.
    const lostReasons = countBy(cohort.filter((c) => c.stage === 'lost').map((c) => c.lostReason))
      .map(({ owner: reason, count }) => ({ reason, count }));

    // After-sales: services of the period; open plans (no later service of the customer) now.
    const services = [...b.records.services.values()].filter((s) => live.has(s.customerId) && byOwner(live.get(s.customerId)!));
    const periodServices = services.filter((s) => inPeriod(s.date));
    const rated = periodServices.filter((s) => s.satisfaction !== null);
    const open = services.filter((s) => s.nextPlanAt !== null && !services.some((o) => o.customerId === s.customerId && o.date > s.date));

    return {
      funnel: {
        customers: cohort.length, stages, conversions, won, lost, lostAmountCents,
        winRate: share(won, won + lost),
        avgDaysToWon: cycles.length ? cycles.reduce((s, n) => s + n, 0) / cycles.length : null,
      },
      activity: {
        total: done.length,
        byMethod: METHODS.map((method) => ({ method, count: done.filter((f) => f.method === method).length })).filter((m) => m.count > 0),
        byOwner: countBy(done.map((f) => live.get(f.customerId)!.owner)),
        successful,
        successRate: share(successful, done.length),
        overdueByOwner: countBy(overdue),
        overdueTotal: overdue.length,
      },
      channels,
      deals: { count: deals.length, totalCents: deals.reduce((s, d) => s + d.amount, 0), topCustomers, byCategory, byIndustry, monthly },
      lostReasons,
      afterSales: {
        services: periodServices.length,
        rated: rated.length,
        avgSatisfaction: rated.length ? rated.reduce((s, r) => s + (r.satisfaction ?? 0), 0) / rated.length : null,
        openPlans: open.length,
        overduePlans: open.filter((s) => s.nextPlanAt! < nowIso).length,
      },
      complaints: complaintStats(services, inPeriod),
      products: productStats(deals, b.settings.products ?? []),
    };
  }
}
