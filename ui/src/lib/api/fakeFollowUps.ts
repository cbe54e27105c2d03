// The fake backend's follow-ups, history, agenda, snooze and suggestions: the real backend's
// rules that the UI depends on, in memory, in the machine's local time.
import type { Agenda } from '../bindings/Agenda';
import type { AgendaItem } from '../bindings/AgendaItem';
import type { AgendaQuery } from '../bindings/AgendaQuery';
import type { AgendaSection } from '../bindings/AgendaSection';
import type { Customer } from '../bindings/Customer';
import type { FollowUp } from '../bindings/FollowUp';
import type { FollowUpInput } from '../bindings/FollowUpInput';
import type { FollowUpSuggestion } from '../bindings/FollowUpSuggestion';
import type { HistoryChange } from '../bindings/HistoryChange';
import type { HistoryEvent } from '../bindings/HistoryEvent';
import type { Priority } from '../bindings/Priority';
import type { Settings } from '../bindings/Settings';
import type { Snooze } from '../bindings/Snooze';
import type { TimelineEntry } from '../bindings/TimelineEntry';
import { METHODS, localDay, timeOfDay } from '../followups';
import { PRIORITIES } from '../model';

// One collator: localeCompare with a locale builds one per call, far too slow for a sort.
const byName = new Intl.Collator('zh-CN');

/** What the follow-ups need from the rest of the fake. */
export interface FakeHost {
  settings: Settings;
  customer(id: string): Customer;
  live(): Customer[];
  id(prefix: string): string;
  now(): Date;
  /** A field error in the user's language: "<label>：<reason>" / "<label> <reason>". */
  invalid(field: string, reason: Reason): never;
  notFound(zh: string, en: string): never;
}

export type Reason =
  | 'timeRange' | 'before' | 'requiredDone' | 'notContact' | 'notOpen' | 'lostReason' | 'choice';

const LABELS: Record<string, [string, string]> = {
  at: ['跟进时间', 'Follow-up time'],
  method: ['跟进方式', 'Method'],
  priority: ['优先级', 'Priority'],
  content: ['跟进内容', 'Content'],
  nextAt: ['下次跟进时间', 'Next follow-up time'],
  contact: ['沟通联系人', 'Contact spoken to'],
  lostReason: ['流失原因', 'Reason for loss'],
  closes: ['所完成的跟进', 'Follow-up answered'],
  until: ['推迟至', 'Snooze until'],
  id: ['ID', 'ID'],
};

const REASONS: Record<Reason, [string, string]> = {
  timeRange: ['时间须在 1970 年至 2100 年之间', 'must be a time between 1970 and 2100'],
  before: ['不能早于本次跟进时间', 'cannot be before the follow-up itself'],
  requiredDone: ['已完成的跟进必须填写', 'is required once the follow-up is done'],
  notContact: ['不是该客户的联系人', "is not one of this customer's key contacts"],
  notOpen: ['不是该客户未完成的跟进', 'is not an open follow-up of this customer'],
  lostReason: ['阶段为“流失”时必须填写', 'is required when the stage is Lost'],
  choice: ['不是可选的值', 'is not one of the values offered'],
};

/** The real backend's wording of a field error. */
export function fieldMessage(field: string, reason: Reason, lang: Settings['language']): string {
  const [zh, en] = LABELS[field] ?? [field, field];
  return lang === 'en' ? `${en} ${REASONS[reason][1]}` : `${zh}：${REASONS[reason][0]}`;
}

const LO = Date.UTC(1970, 0, 1);
const HI = Date.UTC(2101, 0, 1);

export class FakeFollowUps {
  followUps = new Map<string, FollowUp>();
  history = new Map<string, HistoryEvent[]>();

  constructor(private host: FakeHost) {}

  now(): Date {
    return this.host.now();
  }

  private get(id: string): FollowUp {
    const f = this.followUps.get(id);
    if (!f) this.host.notFound(`该跟进记录已不存在（${id}）。`, `This follow-up no longer exists (${id}).`);
    return f;
  }

  private liveCustomer(id: string): Customer {
    const c = this.host.customer(id);
    if (c.deletedAt) this.host.notFound(`该客户已不存在（${id}）。`, `This customer no longer exists (${id}).`);
    return c;
  }

  private checkTime(field: string, iso: string) {
    const t = Date.parse(iso);
    if (Number.isNaN(t) || t < LO || t >= HI) this.host.invalid(field, 'timeRange');
  }

  /** The input checked and normalised, as the real validation does it. */
  validate(raw: FollowUpInput, c: Customer): FollowUpInput {
    const i = structuredClone(raw);
    this.checkTime('at', i.at);
    if (!METHODS.includes(i.method)) this.host.invalid('method', 'choice');
    // The rules' defaults: a blank priority is the customer's own; a blank 跟进人 is 我是, else
    // the customer's owner.
    if (!i.priority) i.priority = c.priority;
    if (!PRIORITIES.includes(i.priority)) this.host.invalid('priority', 'choice');
    i.by = (i.by ?? '').trim() || this.host.settings.me.trim() || c.owner;
    for (const k of ['topic', 'nextBy', 'contact', 'content', 'feedback', 'result', 'nextAction', 'lostReason'] as const)
      i[k] = i[k].trim();
    if (i.done && !i.content) this.host.invalid('content', 'requiredDone');
    // An open follow-up without a next time is due after its priority's interval (the real
    // backend counts from the follow-up's own day; the fake from today).
    if (!i.nextAt && !i.done) i.nextAt = this.suggest(c.id, i.priority).nextAt;
    if (i.nextAt) {
      this.checkTime('nextAt', i.nextAt);
      if (Date.parse(i.nextAt) < Date.parse(i.at)) this.host.invalid('nextAt', 'before');
    }
    if (i.contact && !c.contacts.some((p) => p.name === i.contact)) this.host.invalid('contact', 'notContact');
    if (i.stage === 'lost' && !i.lostReason) {
      if (c.stage === 'lost' && c.lostReason) i.lostReason = c.lostReason;
      else this.host.invalid('lostReason', 'lostReason');
    }
    if (i.stage && i.stage !== 'lost') i.lostReason = '';
    i.nextAt = i.nextAt ? new Date(i.nextAt).toISOString() : null;
    i.at = new Date(i.at).toISOString();
    return i;
  }

  private record(id: string, customerId: string, i: FollowUpInput, createdAt: string): FollowUp {
    const now = this.host.now().toISOString();
    return {
      id, customerId, at: i.at, method: i.method, by: i.by ?? '', topic: i.topic, content: i.content,
      feedback: i.feedback, result: i.result, nextAction: i.nextAction, nextAt: i.nextAt,
      nextBy: i.nextBy, priority: i.priority, contact: i.contact, done: i.done,
      createdAt, updatedAt: now,
    };
  }

  /** Records stage/category/needs changes of a customer (from a follow-up or the customer
   * form); needs compared trimmed, one event per field, as the real backend does. */
  recordChanges(c: Customer, before: Pick<Customer, 'stage' | 'category' | 'needs'>, followUpId: string | null) {
    const changes: HistoryChange[] = [];
    if (before.stage !== c.stage) changes.push({ type: 'stage', from: before.stage, to: c.stage });
    if (before.category !== c.category) changes.push({ type: 'category', from: before.category, to: c.category });
    for (const field of ['coreNeed', 'budget', 'decisionChain', 'deadline'] as const) {
      const from = (before.needs[field] ?? '').trim();
      const to = (c.needs[field] ?? '').trim();
      if (from !== to) changes.push({ type: 'need', field, from, to });
    }
    const at = this.host.now().toISOString();
    const list = this.history.get(c.id) ?? [];
    for (const change of changes) list.push({ at, change, followUpId, by: this.host.settings.me });
    this.history.set(c.id, list);
  }

  private move(c: Customer, i: FollowUpInput, followUpId: string) {
    const before = { stage: c.stage, category: c.category, needs: c.needs };
    if (i.stage) {
      c.stage = i.stage;
      c.lostReason = i.stage === 'lost' ? i.lostReason : '';
    }
    if (i.category) c.category = i.category;
    if (before.stage !== c.stage || before.category !== c.category) {
      c.updatedAt = this.host.now().toISOString();
      this.recordChanges(c, before, followUpId);
    }
  }

  log(customerId: string, input: FollowUpInput): FollowUp {
    const c = this.liveCustomer(customerId);
    const v = this.validate(input, c);
    let closes: FollowUp | undefined;
    if (input.closes?.trim()) {
      closes = this.followUps.get(input.closes.trim());
      if (!closes || closes.customerId !== c.id || closes.done) this.host.invalid('closes', 'notOpen');
    }
    const id = this.host.id('f');
    const f = this.record(id, c.id, v, this.host.now().toISOString());
    if (closes) Object.assign(closes, { done: true, updatedAt: f.updatedAt });
    this.followUps.set(id, f);
    this.move(c, v, id);
    return structuredClone(f);
  }

  update(id: string, input: FollowUpInput): FollowUp {
    const old = this.get(id);
    const c = this.liveCustomer(old.customerId);
    const v = this.validate({ ...input, by: input.by?.trim() || old.by }, c);
    const f = this.record(id, c.id, v, old.createdAt);
    this.followUps.set(id, f);
    this.move(c, v, id);
    return structuredClone(f);
  }

  delete(id: string) {
    this.get(id);
    this.followUps.delete(id);
  }

  /** Drops everything of a purged customer. */
  forget(customerId: string) {
    for (const f of [...this.followUps.values()]) if (f.customerId === customerId) this.followUps.delete(f.id);
    this.history.delete(customerId);
  }

  complete(id: string): FollowUp {
    const f = this.get(id);
    this.liveCustomer(f.customerId);
    if (!f.content.trim()) this.host.invalid('content', 'requiredDone');
    Object.assign(f, { done: true, updatedAt: this.host.now().toISOString() });
    return structuredClone(f);
  }

  /** `days` local days after today at the reminder time. */
  private atReminder(days: number): Date {
    const [h, m] = timeOfDay(this.host.settings.schedule.reminderTime);
    const d = localDay(this.host.now(), days);
    d.setHours(h, m, 0, 0);
    return d;
  }

  snooze(id: string, s: Snooze): FollowUp {
    const f = this.get(id);
    this.liveCustomer(f.customerId);
    const now = this.host.now();
    const until =
      s.type === 'oneHour' ? new Date(now.getTime() + 3_600_000)
      : s.type === 'tomorrowMorning' ? this.atReminder(1)
      : s.type === 'nextWeek' ? this.atReminder(7)
      : new Date(s.until);
    if (f.done) this.host.invalid('id', 'notOpen');
    this.checkTime('until', until.toISOString());
    if (until.getTime() < Date.parse(f.at)) this.host.invalid('until', 'before');
    Object.assign(f, { nextAt: until.toISOString(), updatedAt: now.toISOString() });
    return structuredClone(f);
  }

  /** `extra`: the customer's other records (fakeRecords.ts), merged in by the same key. */
  timeline(customerId: string, extra: { key: [string, string]; e: TimelineEntry }[] = []): TimelineEntry[] {
    this.host.customer(customerId);
    const entries: { key: [string, string]; e: TimelineEntry }[] = [
      ...extra,
      ...[...this.followUps.values()]
        .filter((f) => f.customerId === customerId)
        .map((f) => ({ key: [f.at, f.createdAt] as [string, string], e: { kind: 'followUp', entry: structuredClone(f) } as TimelineEntry })),
      ...(this.history.get(customerId) ?? []).map((h) => ({ key: [h.at, h.at] as [string, string], e: { kind: 'change', entry: structuredClone(h) } as TimelineEntry })),
    ];
    const ms = (s: string) => Date.parse(s);
    entries.sort((a, b) => ms(b.key[0]) - ms(a.key[0]) || ms(b.key[1]) - ms(a.key[1]));
    return entries.map((x) => x.e);
  }

  suggest(customerId: string, priority: Priority | null): FollowUpSuggestion {
    const c = this.host.customer(customerId);
    const s = this.host.settings.schedule;
    // A priority set on the follow-up wins, else the customer's own (the category only proposes it).
    const p = priority ?? c.priority;
    const days = p === 'high' ? s.highDays : p === 'medium' ? s.mediumDays : s.lowDays;
    const weekend = (d: Date) => d.getDay() === 0 || d.getDay() === 6;
    let offset = days;
    if (s.skipWeekends) {
      offset = 0;
      for (let left = days; left > 0; ) {
        offset += 1;
        if (!weekend(localDay(this.host.now(), offset))) left -= 1;
      }
      while (weekend(localDay(this.host.now(), offset))) offset += 1;
    }
    return { priority: p, nextAt: this.atReminder(offset).toISOString(), nextBy: c.owner };
  }

  /** When the customer's latest follow-up took place (最近跟进). */
  lastContact(customerId: string): string | null {
    let best: string | null = null;
    for (const f of this.followUps.values()) {
      if (f.customerId === customerId && (best === null || Date.parse(f.at) > Date.parse(best))) best = f.at;
    }
    return best;
  }

  /** Every customer's last contact in one pass (customers with none are absent). */
  lastContacts(): Map<string, string> {
    const last = new Map<string, string>();
    for (const f of this.followUps.values()) {
      // ISO instants in UTC compare as text.
      const best = last.get(f.customerId);
      if (best === undefined || f.at > best) last.set(f.customerId, f.at);
    }
    return last;
  }

  /** The earliest due time of a customer's open follow-ups. */
  nextDue(customerId: string): string | null {
    let best: string | null = null;
    for (const f of this.followUps.values()) {
      if (f.customerId !== customerId || f.done || !f.nextAt) continue;
      if (best === null || Date.parse(f.nextAt) < Date.parse(best)) best = f.nextAt;
    }
    return best;
  }

  /** The agenda without its service plans (those come from the fake's records). */
  agenda(q: AgendaQuery): Omit<Agenda, 'servicePlans' | 'keyDates' | 'complaints' | 'tasks'> {
    const now = this.host.now().getTime();
    const [tomorrow, week] = [localDay(this.host.now(), 1).getTime(), localDay(this.host.now(), 8).getTime()];
    const customers = new Map(this.host.live().map((c) => [c.id, c]));
    const items: AgendaItem[] = [];
    const open = new Set<string>();
    for (const f of this.followUps.values()) {
      const c = customers.get(f.customerId);
      if (!c || f.done || !f.nextAt) continue;
      open.add(c.id);
      const owner = f.nextBy || c.owner;
      if (q.owners.length && !q.owners.includes(owner)) continue;
      if (q.priorities.length && !q.priorities.includes(f.priority)) continue;
      items.push({
        followUpId: f.id, customerId: c.id, customerName: c.name, company: c.company, due: f.nextAt,
        priority: f.priority, owner, method: f.method, topic: f.topic, nextAction: f.nextAction,
      });
    }
    items.sort((a, b) => Date.parse(a.due) - Date.parse(b.due) || (a.followUpId < b.followUpId ? -1 : 1));
    const section = (lo: number, hi: number): AgendaSection => {
      const hits = items.filter((i) => Date.parse(i.due) >= lo && Date.parse(i.due) < hi);
      return { total: hits.length, items: hits.slice(0, q.limit) };
    };
    const idle = [...customers.values()]
      .filter((c) => c.stage !== 'won' && c.stage !== 'lost' && !open.has(c.id))
      .filter((c) => (!q.owners.length || q.owners.includes(c.owner)) && (!q.priorities.length || q.priorities.includes(c.priority)))
      .sort((a, b) => byName.compare(a.name, b.name) || (a.id < b.id ? -1 : 1));
    // Only the rows shown need it (the sidebar's count asks with limit 0).
    const lastContacts = q.limit > 0 ? this.lastContacts() : new Map<string, string>();
    return {
      overdue: section(-Infinity, now),
      today: section(now, tomorrow),
      next7Days: section(tomorrow, week),
      later: section(week, Infinity),
      noNextStepTotal: idle.length,
      noNextStep: idle.slice(0, q.limit).map((c) => {
        const last = lastContacts.get(c.id) ?? null;
        const days = last === null ? null : Math.max(0, Math.round((localDay(this.host.now()).getTime() - localDay(new Date(last)).getTime()) / 86_400_000));
        return {
          customerId: c.id, customerName: c.name, company: c.company, owner: c.owner, stage: c.stage, priority: c.priority,
          lastContact: last, daysSinceContact: days,
        };
      }),
    };
  }
}
