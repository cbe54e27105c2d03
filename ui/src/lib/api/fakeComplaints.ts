// The fake backend's complaints (投诉与反馈): the real backend's rules the UI depends on (a
// resolved date exactly when resolved and not before the received day, no move back to open,
// the choices offered), the agenda's open complaints and the dashboard's figures.
import type { AgendaQuery } from '../bindings/AgendaQuery';
import type { Complaint } from '../bindings/Complaint';
import type { ComplaintInput } from '../bindings/ComplaintInput';
import type { ComplaintItem } from '../bindings/ComplaintItem';
import type { ComplaintSection } from '../bindings/ComplaintSection';
import type { ComplaintStats } from '../bindings/ComplaintStats';
import type { Customer } from '../bindings/Customer';
import type { ServiceRecord } from '../bindings/ServiceRecord';
import { ApiError } from './backend';

export const CATEGORIES = ['quality', 'delivery', 'service', 'billing', 'other'] as const;
export const SEVERITIES = ['low', 'medium', 'high'] as const;
export const STATUSES = ['open', 'inProgress', 'resolved'] as const;
const SEVERITY_RANK = { low: 0, medium: 1, high: 2 } as const;
const STATUS_LABEL = { open: ['待处理', 'Open'], inProgress: ['处理中', 'In progress'], resolved: ['已解决', 'Resolved'] } as const;

const LABELS: Record<string, [string, string]> = {
  'complaint.receivedOn': ['投诉 – 受理日期', 'Complaint – Received on'],
  'complaint.category': ['投诉 – 投诉类别', 'Complaint – Category'],
  'complaint.severity': ['投诉 – 严重程度', 'Complaint – Severity'],
  'complaint.status': ['投诉 – 处理状态', 'Complaint – Status'],
  'complaint.resolvedOn': ['投诉 – 解决日期', 'Complaint – Resolved on'],
};

function fail(field: string, zh: string, en: string, lang: string): never {
  const [lz, le] = LABELS[field] ?? [field, field];
  throw new ApiError({ code: 'invalidField', field, message: lang === 'en' ? `${le} ${en}` : `${lz}：${zh}` });
}

const validDate = (d: string | null) => !!d && /^\d{4}-\d{2}-\d{2}$/.test(d) && d >= '1900-01-01' && d <= '2100-12-31';

/** A complaint as stored, or a field error as the real backend words it. */
export function checkComplaint(input: ComplaintInput | null | undefined, old: Complaint | null, lang: string): Complaint | null {
  if (!input) return null;
  const choice = (field: string, v: string, offered: readonly string[]) => {
    if (!offered.includes(v)) fail(field, '不是可选的值', 'is not one of the values offered', lang);
  };
  if (!validDate(input.receivedOn)) fail('complaint.receivedOn', '日期须在 1900 年至 2100 年之间', 'must be a date between 1900 and 2100', lang);
  choice('complaint.category', input.category, CATEGORIES);
  choice('complaint.severity', input.severity, SEVERITIES);
  choice('complaint.status', input.status, STATUSES);
  const resolvedOn = input.resolvedOn || null;
  if (input.status === 'resolved') {
    if (!resolvedOn) fail('complaint.resolvedOn', '投诉已解决时必须填写', 'is required once the complaint is resolved', lang);
    if (!validDate(resolvedOn)) fail('complaint.resolvedOn', '日期须在 1900 年至 2100 年之间', 'must be a date between 1900 and 2100', lang);
    if (resolvedOn < input.receivedOn) fail('complaint.resolvedOn', '不能早于投诉受理日期', 'cannot be before the day the complaint was received', lang);
  } else if (resolvedOn) {
    fail('complaint.resolvedOn', '仅在投诉已解决时填写', 'can only be set once the complaint is resolved', lang);
  }
  if (old && old.status !== 'open' && input.status === 'open') {
    const [fz, fe] = STATUS_LABEL[old.status];
    const [tz, te] = STATUS_LABEL.open;
    fail('complaint.status', `不能从“${fz}”退回“${tz}”`, `cannot move from “${fe}” back to “${te}”`, lang);
  }
  return { ...input, resolvedOn, resolution: input.resolution.trim() };
}

/** Whole days from `a` to `b` (dates), 0 when `b` is not later. */
function daysBetween(a: string, b: string): number {
  return Math.max(0, Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000));
}

/** Today's local date as YYYY-MM-DD. */
function localDay(now: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`;
}

/** The agenda's unresolved complaints of live customers: most severe first, then oldest. */
export function complaintSection(services: ServiceRecord[], live: Customer[], q: AgendaQuery, now: Date): ComplaintSection {
  const customers = new Map(live.map((c) => [c.id, c]));
  const today = localDay(now);
  const items: ComplaintItem[] = [];
  for (const s of services) {
    const c = customers.get(s.customerId);
    const k = s.complaint;
    if (!c || !k || k.status === 'resolved') continue;
    if (q.owners.length && !q.owners.includes(c.owner)) continue;
    if (q.priorities.length && !q.priorities.includes(c.priority)) continue;
    items.push({
      serviceId: s.id, customerId: c.id, customerName: c.name, company: c.company, owner: c.owner,
      receivedOn: k.receivedOn, daysOpen: daysBetween(k.receivedOn, today), category: k.category,
      severity: k.severity, status: k.status, summary: s.problem || s.request,
    });
  }
  items.sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || a.receivedOn.localeCompare(b.receivedOn) || a.serviceId.localeCompare(b.serviceId));
  return { total: items.length, high: items.filter((i) => i.severity === 'high').length, items: items.slice(0, q.limit) };
}

/** The dashboard's complaint figures over the owner-filtered services of live customers. */
export function complaintStats(services: ServiceRecord[], inPeriod: (date: string) => boolean): ComplaintStats {
  const all = services.filter((s) => s.complaint);
  const open = all.filter((s) => s.complaint!.status !== 'resolved');
  const resolved = all.filter((s) => s.complaint!.status === 'resolved' && s.complaint!.resolvedOn && inPeriod(s.complaint!.resolvedOn));
  const rated = resolved.filter((s) => s.satisfaction !== null);
  const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);
  return {
    open: open.length,
    openHigh: open.filter((s) => s.complaint!.severity === 'high').length,
    received: all.filter((s) => inPeriod(s.complaint!.receivedOn)).length,
    resolved: resolved.length,
    avgDaysToResolve: mean(resolved.map((s) => daysBetween(s.complaint!.receivedOn, s.complaint!.resolvedOn!))),
    rated: rated.length,
    avgSatisfaction: mean(rated.map((s) => s.satisfaction!)),
  };
}
