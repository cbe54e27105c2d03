// Complaints (投诉) in the after-sales form and timeline: the choices in order, a new
// complaint's defaults, the form input of a stored one, and its days to resolve.
import type { Complaint } from '../../bindings/Complaint';
import type { ComplaintCategory } from '../../bindings/ComplaintCategory';
import type { ComplaintInput } from '../../bindings/ComplaintInput';
import type { ComplaintSeverity } from '../../bindings/ComplaintSeverity';
import type { ComplaintStatus } from '../../bindings/ComplaintStatus';
import { today } from '../../util/dates';

export const CATEGORIES: ComplaintCategory[] = ['quality', 'delivery', 'service', 'billing', 'other'];
export const SEVERITIES: ComplaintSeverity[] = ['low', 'medium', 'high'];
export const STATUSES: ComplaintStatus[] = ['open', 'inProgress', 'resolved'];

/** A new complaint: received on `received` (the service's day) or today, open, medium. */
export function newComplaint(received: string = today()): ComplaintInput {
  return { receivedOn: received || today(), category: 'other', severity: 'medium', status: 'open', resolvedOn: null, resolution: '' };
}

export function complaintInput(c: Complaint | null): ComplaintInput | undefined {
  return c ? { ...c } : undefined;
}

/** Whole days from received to resolved (dates only, so no zone moves them); null if open. */
export function daysToResolve(c: Complaint): number | null {
  if (c.status !== 'resolved' || !c.resolvedOn) return null;
  const ms = Date.parse(`${c.resolvedOn}T00:00:00Z`) - Date.parse(`${c.receivedOn}T00:00:00Z`);
  return Math.max(0, Math.round(ms / 86_400_000));
}
