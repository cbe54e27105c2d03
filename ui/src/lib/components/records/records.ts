// Helpers of the opportunity / deal / service forms and timeline rows: amounts typed in yuan and
// shown from cents, the payment methods in order, and the forms' inputs from stored records.
import type { Deal } from '../../bindings/Deal';
import type { DealInput } from '../../bindings/DealInput';
import type { Opportunity } from '../../bindings/Opportunity';
import type { OpportunityInput } from '../../bindings/OpportunityInput';
import type { PaymentMethod } from '../../bindings/PaymentMethod';
import type { ServiceInput } from '../../bindings/ServiceInput';
import type { ServiceRecord } from '../../bindings/ServiceRecord';
import { tick } from 'svelte';
import { ApiError } from '../../api/backend';
import { formatNumber } from '../../i18n/index.svelte';
import { stageLabel } from '../../state/stages.svelte';
import { today } from '../../util/dates';
import { complaintInput } from './complaint';
import { focusField, type FormErrors } from '../form/formErrors.svelte';

export const PAYMENT_METHODS: PaymentMethod[] = ['online', 'offline', 'instalments'];

/** What the record dialog edits: a kind, and the stored record or null for a new one. */
export type RecordEdit =
  | { kind: 'opportunity'; entry: Opportunity | null }
  | { kind: 'deal'; entry: Deal | null }
  | { kind: 'service'; entry: ServiceRecord | null };

/** More than any amount the backend keeps: it answers with its own "amount" error. */
const TOO_LARGE = 100_000_000_000_001;

/** An amount typed in yuan ("12,800.50", "¥ 99.9", "-5") as cents; null when not a number.
 *  Whether it is above 0 and not too large is the backend's to say. */
export function parseYuan(typed: string): number | null {
  let s = typed.trim().replace(/^[¥￥]/, '').trim();
  const negative = s.startsWith('-');
  if (negative) s = s.slice(1).trimStart();
  const m = /^(\d+)(?:\.(\d{0,2}))?$/.exec(s.replaceAll(',', ''));
  if (!m) return null;
  const whole = m[1].replace(/^0+/, '');
  if (whole.length > 13) return TOO_LARGE;
  const cents = Number(whole || '0') * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return negative ? -cents : cents;
}

/** Cents as the text of an amount input: 1280050 → "12800.50", 1280000 → "12800". */
export function yuanInput(cents: number | null): string {
  if (cents === null) return '';
  const frac = Math.abs(cents % 100);
  const whole = Math.trunc(cents / 100);
  return frac ? `${whole}.${String(frac).padStart(2, '0')}` : String(whole);
}

/** Cents as shown: ¥12,800.50 · ¥12,800. */
export function formatYuan(cents: number): string {
  const frac = Math.abs(cents % 100);
  const whole = formatNumber(Math.abs(Math.trunc(cents / 100)));
  return `${cents < 0 ? '-' : ''}¥${whole}${frac ? `.${String(frac).padStart(2, '0')}` : ''}`;
}

/** ★★★★☆ for 4 of 5. */
export function stars(n: number): string {
  return '★'.repeat(n) + '☆'.repeat(Math.max(0, 5 - n));
}

/** What a deal's opportunity select shows for one opportunity. */
export function opportunityLabel(o: Opportunity): string {
  const what = o.need || o.source || stageLabel(o.stage);
  return o.expectedAmount ? `${what} · ${formatYuan(o.expectedAmount)}` : what;
}

export function opportunityInput(o: Opportunity | null): OpportunityInput {
  return {
    source: o?.source ?? '', need: o?.need ?? '', budgetNote: o?.budgetNote ?? '', intent: o?.intent ?? '',
    stage: o?.stage ?? 'initialContact', expectedClose: o?.expectedClose ?? null, expectedAmount: o?.expectedAmount ?? null,
    product: o?.product ?? '',
  };
}

/** A deal's form input; a new deal is sold by `me` (the settings' 我是) unless changed. */
export function dealInput(d: Deal | null, me = ''): DealInput {
  return {
    date: d?.date ?? today(), amount: d?.amount ?? 0, productOrService: d?.productOrService ?? '',
    paymentMethod: d?.paymentMethod ?? 'online', salesperson: d ? d.salesperson : me, notes: d?.notes ?? '',
    opportunityId: d?.opportunityId ?? '',
  };
}

export function serviceInput(s: ServiceRecord | null): ServiceInput {
  return {
    date: s?.date ?? today(), request: s?.request ?? '', problem: s?.problem ?? '', solution: s?.solution ?? '',
    result: s?.result ?? '', satisfaction: s?.satisfaction ?? null, nextPlan: s?.nextPlan ?? '', nextPlanAt: s?.nextPlanAt ?? null,
    complaint: complaintInput(s?.complaint ?? null),
  };
}

/** A field error found before asking the backend, worded like the backend's. */
export function localError(field: string, message: string): ApiError {
  return new ApiError({ code: 'invalidField', field, message });
}

/** Runs a save: its error (local or the backend's) goes to the form, the field focused. */
export async function submitWith(errors: FormErrors, form: HTMLFormElement | undefined, work: () => Promise<void>): Promise<void> {
  errors.current = null;
  try {
    await work();
  } catch (err) {
    const error = ApiError.from(err);
    errors.current = error;
    await tick();
    if (error.field && form) focusField(form, error.field);
  }
}
