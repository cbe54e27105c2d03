// Handing a selection of customers over to one salesperson. The backend hands over from one
// owner per call (store/handover.rs: every chosen customer must be `from`'s, else NotTheirs),
// so the selection goes as one call per current owner. A customer without an owner cannot be
// handed over (`from` is required); those already the receiver's stay as they are.
import { ApiError, type Backend } from '../../api/backend';
import type { HandoverResult } from '../../bindings/HandoverResult';
import { formatNumber, t } from '../../i18n/index.svelte';
import type { Picked } from './selection.svelte';

export type HandoverGroup = { from: string; customers: Picked[] };

export type HandoverPlan = {
  /** One handOver call each, by owner name. */
  groups: HandoverGroup[];
  /** Customers the calls move. */
  moving: number;
  /** No owner: left out. */
  unowned: Picked[];
  /** Already the receiver's: left out. */
  kept: Picked[];
};

export type HandoverOutcome = {
  to: string;
  /** What the calls that succeeded moved. */
  moved: HandoverResult;
  /** The call that failed (the later ones were not made). */
  error?: ApiError;
  /** The customer the error names (`customerIds[i]` of the failed call), if any. */
  customer?: Picked;
};

/** What the list says after a handover: what moved, and the refusal that stopped the rest. */
export type Notice = { done: string; error: string | null };

const collator = new Intl.Collator('zh-CN');

export function planHandover(items: Picked[], to: string): HandoverPlan {
  const byOwner = new Map<string, Picked[]>();
  const unowned: Picked[] = [];
  const kept: Picked[] = [];
  for (const c of items) {
    if (!c.owner.trim()) unowned.push(c);
    else if (c.owner === to) kept.push(c);
    else byOwner.set(c.owner, [...(byOwner.get(c.owner) ?? []), c]);
  }
  const groups = [...byOwner]
    .sort(([a], [b]) => collator.compare(a, b))
    .map(([from, customers]) => ({ from, customers }));
  return { groups, moving: items.length - unowned.length - kept.length, unowned, kept };
}

/** One handOver per group, in turn; stops at the first refusal (the backend moved nothing of
 *  that group, the groups before it are done). */
export async function runHandover(backend: Backend, groups: HandoverGroup[], to: string): Promise<HandoverOutcome> {
  const moved: HandoverResult = { customers: 0, followUps: 0, opportunities: 0, servicePlans: 0 };
  for (const g of groups) {
    try {
      const r = await backend.handOver({ from: g.from, to, customerIds: g.customers.map((c) => c.id) });
      moved.customers += r.customers;
      moved.followUps += r.followUps;
      moved.opportunities += r.opportunities;
      moved.servicePlans += r.servicePlans;
    } catch (e) {
      const error = ApiError.from(e);
      const index = /^customerIds\[(\d+)\]$/.exec(error.field ?? '');
      return { to, moved, error, customer: index ? g.customers[Number(index[1])] : undefined };
    }
  }
  return { to, moved };
}

/** The backend's message (already in the user's language), with the customer it is about:
 *  its "customer 2" counts within one call the user never saw. */
export function errorText(outcome: HandoverOutcome): string {
  const message = outcome.error?.message ?? '';
  return outcome.customer ? t('handover.errorCustomer', { message, name: outcome.customer.name }) : message;
}

/** What moved, as the list says it afterwards. */
export function doneText(outcome: HandoverOutcome): string {
  const m = outcome.moved;
  return t('handover.done', {
    customers: formatNumber(m.customers),
    to: outcome.to,
    followUps: formatNumber(m.followUps),
    opportunities: formatNumber(m.opportunities),
    servicePlans: formatNumber(m.servicePlans),
  });
}
