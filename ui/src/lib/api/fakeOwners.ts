// The fake backend's owner list and handover: the real backend's rules (store/handover.rs) in
// memory. The list unites the owners of live customers with the people offered and archived in
// settings (active first, then by name). A handover moves all live customers of `from`, or the
// chosen ones (which must be live customers of `from`), to an active person of the list, with
// the open follow-ups whose next step `from` was to take; each customer's history records it.
// Any refused request changes nothing: everything is checked before the first write.
import type { Customer } from '../bindings/Customer';
import type { HandoverResult } from '../bindings/HandoverResult';
import type { OwnerInfo } from '../bindings/OwnerInfo';
import type { ServiceRecord } from '../bindings/ServiceRecord';
import { ApiError, type Backend } from './backend';
import type { FakeBackend } from './fakeBackend';
import type { FakeHooks } from './fakeHooks';

type Reason = 'required' | 'unknown' | 'archived' | 'same' | 'notTheirs' | 'id';

const LABELS: Record<string, [string, string]> = {
  name: ['名称', 'Name'],
  from: ['原负责人', 'Current owner'],
  to: ['接手人', 'New owner'],
  customerIds: ['客户', 'Customer'],
};

const REASONS: Record<Reason, [string, string]> = {
  required: ['不能为空', 'is required'],
  unknown: ['不在负责人名单中', 'is not a salesperson in the owner list'],
  archived: ['已归档（已离职），请选择在职的负责人', 'has been archived (left); choose an active salesperson'],
  same: ['不能与原负责人相同', 'must be someone other than the current owner'],
  notTheirs: ['不是原负责人的客户', 'is not a customer of the salesperson handing over'],
  id: ['不是有效的 ID', 'is not a valid ID'],
};

const collator = new Intl.Collator('zh-CN');

/** Plans still to do: no later service of the customer on or after the plan's day. */
function openPlans(services: ServiceRecord[]): number {
  return services.filter((s) => {
    if (!s.nextPlanAt) return false;
    const day = s.nextPlanAt.slice(0, 10);
    return !services.some((o) => o.date >= day && o.date > s.date);
  }).length;
}

export class FakeOwners {
  constructor(readonly backend: FakeBackend, private readonly hooks: FakeHooks) {}

  ownerList: Backend['ownerList'] = async () => {
    this.hooks.log('ownerList');
    return this.list();
  };

  setOwnerArchived: Backend['setOwnerArchived'] = async (...a) => {
    this.hooks.log('setOwnerArchived', ...a);
    const name = a[0].trim();
    if (!name) this.invalid('name', 'required');
    if (!this.list().some((o) => o.name === name)) this.invalid('name', 'unknown');
    const s = this.backend.settings;
    const owners = s.owners.some((o) => o.trim().toLowerCase() === name.toLowerCase()) ? s.owners : [...s.owners, name];
    const archivedOwners = s.archivedOwners.filter((o) => o.trim() !== name);
    if (a[1]) archivedOwners.push(name);
    // Someone archived can no longer be "me" (who uses this computer).
    const me = a[1] && s.me === name ? '' : s.me;
    this.backend.settings = { ...s, owners, archivedOwners, me };
    this.hooks.changed();
    return this.list();
  };

  handOver: Backend['handOver'] = async (...a) => {
    this.hooks.log('handOver', ...a);
    const [req] = a;
    const from = req.from.trim();
    const to = req.to.trim();
    if (!from) this.invalid('from', 'required');
    if (!to) this.invalid('to', 'required');
    if (to === from) this.invalid('to', 'same');
    const owners = this.list();
    const giver = owners.find((o) => o.name === from);
    if (!giver) this.invalid('from', 'unknown');
    const taker = owners.find((o) => o.name === to);
    if (!taker) this.invalid('to', 'unknown');
    if (taker.archived) this.invalid('to', 'archived');
    let moving: Customer[];
    if (req.customerIds == null) {
      moving = this.live().filter((c) => c.owner === from);
    } else {
      if (req.customerIds.length === 0) this.invalid('customerIds', 'required');
      moving = [];
      req.customerIds.forEach((id, i) => {
        const field = `customerIds[${i}]`;
        if (!/^[0-9A-Za-z-]+$/.test(id)) this.invalid(field, 'id');
        const c = this.backend.customers.get(id);
        if (!c || c.deletedAt) {
          const en = this.backend.settings.language === 'en';
          throw new ApiError({ code: 'notFound', message: en ? `This customer no longer exists (${id}).` : `该客户已不存在（${id}）。` });
        }
        if (c.owner !== from) this.invalid(field, 'notTheirs');
        if (!moving.includes(c)) moving.push(c);
      });
    }
    // Checked: now write. Someone left without customers stays listed (offered).
    if (giver.customers <= moving.length && !this.backend.settings.owners.some((o) => o.toLowerCase() === from.toLowerCase()))
      this.backend.settings = { ...this.backend.settings, owners: [...this.backend.settings.owners, from] };
    const result: HandoverResult = { customers: 0, followUps: 0, opportunities: 0, servicePlans: 0 };
    const at = this.backend.followUps.now().toISOString();
    const ids = new Set(moving.map((c) => c.id));
    for (const c of moving) {
      c.owner = to;
      c.updatedAt = this.hooks.now();
      const history = this.backend.followUps.history.get(c.id) ?? [];
      history.push({ at, change: { type: 'owner', from, to }, followUpId: null, by: this.backend.settings.me });
      this.backend.followUps.history.set(c.id, history);
      result.customers += 1;
    }
    for (const f of this.backend.followUps.followUps.values()) {
      if (!ids.has(f.customerId) || f.done || !f.nextAt) continue;
      if (f.nextBy === from) {
        f.nextBy = to;
        f.updatedAt = this.hooks.now();
        result.followUps += 1;
      } else if (!f.nextBy) {
        result.followUps += 1;
      }
    }
    const records = this.backend.records;
    for (const o of records.opportunities.values())
      if (ids.has(o.customerId) && o.stage !== 'won' && o.stage !== 'lost') result.opportunities += 1;
    for (const id of ids) result.servicePlans += openPlans([...records.services.values()].filter((s) => s.customerId === id));
    this.hooks.changed();
    return result;
  };

  private live(): Customer[] {
    return [...this.backend.customers.values()].filter((c) => !c.deletedAt);
  }

  /** The owner list as ownerList() answers it (without logging a call). */
  list(): OwnerInfo[] {
    const { owners, archivedOwners } = this.backend.settings;
    const counts = new Map<string, number>();
    for (const c of this.live()) if (c.owner) counts.set(c.owner, (counts.get(c.owner) ?? 0) + 1);
    for (const n of [...owners, ...archivedOwners].map((o) => o.trim()))
      if (n && !counts.has(n)) counts.set(n, 0);
    const archived = new Set(archivedOwners.map((o) => o.trim()));
    return [...counts]
      .map(([name, customers]) => ({ name, customers, archived: archived.has(name) }))
      .sort((a, b) => Number(a.archived) - Number(b.archived) || collator.compare(a.name, b.name));
  }

  private invalid(field: string, reason: Reason): never {
    const base = field.replace(/\[\d+\]$/, '');
    const index = /\[(\d+)\]$/.exec(field);
    const [zh, en] = LABELS[base] ?? [base, base];
    const n = index ? ` ${Number(index[1]) + 1}` : '';
    const message = this.backend.settings.language === 'en'
      ? `${en}${n} ${REASONS[reason][1]}`
      : `${zh}${n}：${REASONS[reason][0]}`;
    throw new ApiError({ code: 'invalidField', message, field });
  }
}
