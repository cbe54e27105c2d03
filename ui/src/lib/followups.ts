// Helpers around the follow-up types: the methods in order, an empty input, conversions between
// a stored follow-up and the form's input, and local <-> UTC datetimes for datetime-local inputs.
import type { FollowUp } from './bindings/FollowUp';
import type { FollowUpInput } from './bindings/FollowUpInput';
import type { FollowUpMethod } from './bindings/FollowUpMethod';
import type { Priority } from './bindings/Priority';

export const METHODS: FollowUpMethod[] = [
  'visit',
  'invitedVisit',
  'phone',
  'weChat',
  'sms',
  'email',
  'meeting',
  'other',
];

/** Colours of the priority pills: [background, text]. */
export const PRIORITY_COLORS: Record<Priority, [string, string]> = {
  high: ['#fee2e2', '#b91c1c'],
  medium: ['#fef3c7', '#a16207'],
  low: ['#eef0f4', '#475569'],
};

export function emptyFollowUp(at: Date = new Date()): FollowUpInput {
  return {
    at: at.toISOString(),
    method: 'phone',
    by: '',
    topic: '',
    content: '',
    feedback: '',
    result: '',
    nextAction: '',
    nextAt: null,
    nextBy: '',
    priority: 'medium',
    contact: '',
    done: false,
    lostReason: '',
  };
}

/** The form's copy of a stored follow-up. */
export function inputFromFollowUp(f: FollowUp): FollowUpInput {
  return {
    at: f.at,
    method: f.method,
    by: f.by,
    topic: f.topic,
    content: f.content,
    feedback: f.feedback,
    result: f.result,
    nextAction: f.nextAction,
    nextAt: f.nextAt,
    nextBy: f.nextBy,
    priority: f.priority,
    contact: f.contact,
    done: f.done,
    lostReason: '',
  };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** An instant as the value of a datetime-local input, in local time: "2025-03-05T14:30". */
export function toLocalInput(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A datetime-local value (local time) as an ISO UTC instant; null when empty or invalid. */
export function fromLocalInput(value: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(value.trim());
  if (!m) return null;
  const [y, mo, d, h, mi] = m.slice(1).map(Number);
  const date = new Date(y, mo - 1, d, h, mi);
  if (Number.isNaN(date.getTime()) || date.getFullYear() !== y) return null;
  return date.toISOString();
}

/** The local calendar day `days` after `base`'s, at 00:00. */
export function localDay(base: Date, days = 0): Date {
  return new Date(base.getFullYear(), base.getMonth(), base.getDate() + days);
}

/** "HH:MM" → [hours, minutes], 09:00 when unreadable. */
export function timeOfDay(s: string): [number, number] {
  const m = /^(\d{1,2}):(\d{2})$/.exec(s.trim());
  if (!m) return [9, 0];
  const [h, mi] = [Number(m[1]), Number(m[2])];
  return h < 24 && mi < 60 ? [h, mi] : [9, 0];
}
