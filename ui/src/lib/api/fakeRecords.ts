// The fake backend's opportunities, deals and after-sales records: the real backend's rules
// that the UI depends on (amounts in cents above 0, a required product, satisfaction 1–5, a
// deal's opportunity of the same customer, a warning for a deal dated well before the customer,
// a complaint's rules in `fakeComplaints`), and the agenda's open service plans.
import type { AgendaQuery } from '../bindings/AgendaQuery';
import type { Customer } from '../bindings/Customer';
import type { Deal } from '../bindings/Deal';
import type { DealInput } from '../bindings/DealInput';
import type { DealSaved } from '../bindings/DealSaved';
import type { Opportunity } from '../bindings/Opportunity';
import type { OpportunityInput } from '../bindings/OpportunityInput';
import type { RecordWarning } from '../bindings/RecordWarning';
import type { ServiceInput } from '../bindings/ServiceInput';
import type { ServicePlanItem } from '../bindings/ServicePlanItem';
import type { ServicePlanSection } from '../bindings/ServicePlanSection';
import type { ServiceRecord } from '../bindings/ServiceRecord';
import type { TimelineEntry } from '../bindings/TimelineEntry';
import { ApiError } from './backend';
import { checkComplaint } from './fakeComplaints';
import type { FakeHost } from './fakeFollowUps';

/** A timeline entry with its sort key: [when, createdAt]. */
export type Keyed = { key: [string, string]; e: TimelineEntry };

const LABELS: Record<string, [string, string]> = {
  need: ['需求', 'Need'], stage: ['阶段', 'Stage'], expectedClose: ['预计成交日期', 'Expected close date'],
  expectedAmount: ['预计金额', 'Expected amount'], date: ['日期', 'Date'], amount: ['金额', 'Amount'],
  productOrService: ['产品或服务', 'Product or service'], paymentMethod: ['付款方式', 'Payment method'],
  opportunityId: ['销售机会', 'Opportunity'], satisfaction: ['满意度', 'Satisfaction'], nextPlanAt: ['下次服务时间', 'Next service date'],
};
const REASONS = {
  required: ['不能为空', 'is required'],
  date: ['日期须在 1900 年至 2100 年之间', 'must be a date between 1900 and 2100'],
  time: ['时间须在 1970 年至 2100 年之间', 'must be a time between 1970 and 2100'],
  amount: ['须为大于 0 且不超过 1 万亿的金额', 'must be an amount greater than 0 and at most 1,000,000,000,000'],
  range: ['须在 1 至 5 之间', 'must be between 1 and 5'],
  choice: ['不是可选的值', 'is not one of the values offered'],
} as const;

const MAX_AMOUNT = 100_000_000_000_000;
const PAYMENTS = ['online', 'offline', 'instalments'];
const DAY = 86_400_000;
/** Deals and services carry a date only: noon UTC places them on their day. */
const noon = (date: string) => `${date}T12:00:00.000Z`;

export class FakeRecords {
  opportunities = new Map<string, Opportunity>();
  deals = new Map<string, Deal>();
  services = new Map<string, ServiceRecord>();

  constructor(private host: FakeHost) {}

  private invalid(field: string, reason: keyof typeof REASONS): never {
    const [zh, en] = LABELS[field] ?? [field, field];
    const message = this.host.settings.language === 'en' ? `${en} ${REASONS[reason][1]}` : `${zh}：${REASONS[reason][0]}`;
    throw new ApiError({ code: 'invalidField', message, field });
  }

  private live(id: string): Customer {
    const c = this.host.customer(id);
    if (c.deletedAt) this.host.notFound(`该客户已不存在（${id}）。`, `This customer no longer exists (${id}).`);
    return c;
  }

  private find<T>(map: Map<string, T>, id: string, zh: string, en: string): T {
    const r = map.get(id);
    if (!r) this.host.notFound(`该${zh}已不存在（${id}）。`, `This ${en} no longer exists (${id}).`);
    return r;
  }

  private date(field: string, d: string | null, required: boolean) {
    if (!d) return required ? this.invalid(field, 'required') : undefined;
    const t = Date.parse(`${d}T00:00:00Z`);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(d) || Number.isNaN(t) || t < Date.UTC(1900, 0, 1) || t > Date.UTC(2100, 11, 31)) this.invalid(field, 'date');
  }

  private amount(field: string, cents: number) {
    if (!Number.isInteger(cents) || cents <= 0 || cents > MAX_AMOUNT) this.invalid(field, 'amount');
  }

  private stamp<T extends { createdAt: string; updatedAt: string }>(old: T | undefined) {
    const now = this.host.now().toISOString();
    return { createdAt: old?.createdAt ?? now, updatedAt: now };
  }

  saveOpportunity(customerId: string | null, id: string | null, raw: OpportunityInput): Opportunity {
    const old = id ? this.find(this.opportunities, id, '销售机会', 'opportunity') : undefined;
    const c = this.live(old?.customerId ?? customerId ?? '');
    const i = structuredClone(raw);
    if (!this.host.settings.stages.some((s) => s.stage === i.stage)) this.invalid('stage', 'choice');
    this.date('expectedClose', i.expectedClose, false);
    if (i.expectedAmount !== null) this.amount('expectedAmount', i.expectedAmount);
    const o: Opportunity = {
      id: old?.id ?? this.host.id('o'), customerId: c.id, source: i.source.trim(), need: i.need.trim(),
      budgetNote: i.budgetNote.trim(), intent: i.intent.trim(), stage: i.stage, expectedClose: i.expectedClose || null,
      expectedAmount: i.expectedAmount, product: (i.product ?? '').trim(), ...this.stamp(old),
    };
    this.opportunities.set(o.id, o);
    return structuredClone(o);
  }

  deleteOpportunity(id: string) {
    this.find(this.opportunities, id, '销售机会', 'opportunity');
    for (const d of this.deals.values()) if (d.opportunityId === id) d.opportunityId = null;
    this.opportunities.delete(id);
  }

  saveDeal(customerId: string | null, id: string | null, raw: DealInput): DealSaved {
    const old = id ? this.find(this.deals, id, '成交记录', 'deal') : undefined;
    const c = this.live(old?.customerId ?? customerId ?? '');
    const i = structuredClone(raw);
    this.date('date', i.date, true);
    this.amount('amount', i.amount);
    if (!i.productOrService.trim()) this.invalid('productOrService', 'required');
    if (!PAYMENTS.includes(i.paymentMethod)) this.invalid('paymentMethod', 'choice');
    const link = i.opportunityId?.trim() || null;
    if (link && this.opportunities.get(link)?.customerId !== c.id) this.invalid('opportunityId', 'choice');
    const d: Deal = {
      id: old?.id ?? this.host.id('d'), customerId: c.id, date: i.date, amount: i.amount,
      productOrService: i.productOrService.trim(), paymentMethod: i.paymentMethod,
      salesperson: (i.salesperson ?? '').trim() || old?.salesperson || this.host.settings.me.trim() || c.owner,
      notes: i.notes.trim(),
      opportunityId: link, ...this.stamp(old),
    };
    this.deals.set(d.id, d);
    return { deal: structuredClone(d), warnings: this.warnings(d.date, c) };
  }

  /** A deal dated more than 7 days before the customer's first day (contact or creation). */
  private warnings(date: string, c: Customer): RecordWarning[] {
    const created = new Date(c.createdAt);
    let since = Date.UTC(created.getFullYear(), created.getMonth(), created.getDate());
    if (c.firstContactDate) since = Math.min(since, Date.parse(`${c.firstContactDate}T00:00:00Z`));
    const days = Math.round((since - Date.parse(`${date}T00:00:00Z`)) / DAY);
    return days > 7 ? [{ type: 'datedBeforeCustomer', days }] : [];
  }

  /** Ends a deal's two-version conflict (team books): the other version's fields, or its own. */
  resolveDealConflict(id: string, takeOther: boolean): Deal {
    const old = this.find(this.deals, id, '成交记录', 'deal');
    if (!old.conflict) return structuredClone(old);
    const { conflict, ...rest } = old;
    const d: Deal = takeOther ? { ...rest, ...conflict.fields, ...this.stamp(old) } : { ...rest, ...this.stamp(old) };
    this.deals.set(id, d);
    return structuredClone(d);
  }

  deleteDeal(id: string) {
    this.find(this.deals, id, '成交记录', 'deal');
    this.deals.delete(id);
  }

  saveService(customerId: string | null, id: string | null, raw: ServiceInput): ServiceRecord {
    const old = id ? this.find(this.services, id, '售后服务记录', 'service record') : undefined;
    const c = this.live(old?.customerId ?? customerId ?? '');
    const i = structuredClone(raw);
    this.date('date', i.date, true);
    if (i.satisfaction !== null && !(Number.isInteger(i.satisfaction) && i.satisfaction >= 1 && i.satisfaction <= 5))
      this.invalid('satisfaction', 'range');
    if (i.nextPlanAt !== null) {
      const t = Date.parse(i.nextPlanAt);
      if (Number.isNaN(t) || t < 0 || t >= Date.UTC(2101, 0, 1)) this.invalid('nextPlanAt', 'time');
    }
    const complaint = checkComplaint(i.complaint, old?.complaint ?? null, this.host.settings.language);
    const s: ServiceRecord = {
      id: old?.id ?? this.host.id('s'), customerId: c.id, date: i.date, request: i.request.trim(),
      problem: i.problem.trim(), solution: i.solution.trim(), result: i.result.trim(), satisfaction: i.satisfaction,
      nextPlan: i.nextPlan.trim(), nextPlanAt: i.nextPlanAt ? new Date(i.nextPlanAt).toISOString() : null, complaint, ...this.stamp(old),
    };
    this.services.set(s.id, s);
    return structuredClone(s);
  }

  deleteService(id: string) {
    this.find(this.services, id, '售后服务记录', 'service record');
    this.services.delete(id);
  }

  /** A customer's records for the timeline: opportunities by creation, the others by date. */
  entries(customerId: string): Keyed[] {
    const of = <T extends { customerId: string }>(m: Map<string, T>) => [...m.values()].filter((r) => r.customerId === customerId);
    return [
      ...of(this.opportunities).map((o): Keyed => ({ key: [o.createdAt, o.createdAt], e: { kind: 'opportunity', entry: structuredClone(o) } })),
      ...of(this.deals).map((d): Keyed => ({ key: [noon(d.date), d.createdAt], e: { kind: 'deal', entry: structuredClone(d) } })),
      ...of(this.services).map((s): Keyed => ({ key: [noon(s.date), s.createdAt], e: { kind: 'service', entry: structuredClone(s) } })),
    ];
  }

  /** The agenda's open service plans of live customers, in plan time order. A plan is done
   *  once a later service of the customer is recorded on or after its (UTC) day, as in the
   *  real backend; owner and priority filters are the customer's. */
  servicePlans(q: AgendaQuery): ServicePlanSection {
    const now = this.host.now().getTime();
    const customers = new Map(this.host.live().map((c) => [c.id, c]));
    const all = [...this.services.values()];
    const items: ServicePlanItem[] = [];
    for (const s of all) {
      const c = customers.get(s.customerId);
      if (!c || !s.nextPlanAt) continue;
      const day = s.nextPlanAt.slice(0, 10);
      if (all.some((o) => o.customerId === s.customerId && o.date >= day && o.date > s.date)) continue;
      if (q.owners.length && !q.owners.includes(c.owner)) continue;
      if (q.priorities.length && !q.priorities.includes(c.priority)) continue;
      items.push({
        serviceId: s.id, customerId: c.id, customerName: c.name, company: c.company, owner: c.owner,
        plan: s.nextPlan, planAt: s.nextPlanAt, overdue: Date.parse(s.nextPlanAt) < now,
      });
    }
    items.sort((a, b) => Date.parse(a.planAt) - Date.parse(b.planAt) || (a.serviceId < b.serviceId ? -1 : 1));
    const tomorrow = new Date(now);
    tomorrow.setHours(24, 0, 0, 0); // the next local midnight
    const dueToday = items.filter((i) => Date.parse(i.planAt) < tomorrow.getTime()).length;
    return { total: items.length, overdue: items.filter((i) => i.overdue).length, dueToday, items: items.slice(0, q.limit) };
  }

  /** Drops everything of a purged customer. */
  forget(customerId: string) {
    for (const m of [this.opportunities, this.deals, this.services] as Map<string, { customerId: string }>[])
      for (const [id, r] of [...m]) if (r.customerId === customerId) m.delete(id);
  }
}
