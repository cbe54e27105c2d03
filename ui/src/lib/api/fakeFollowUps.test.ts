import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FollowUpInput } from '../bindings/FollowUpInput';
import { emptyFollowUp } from '../followups';
import { defaultQuery, emptyInput } from '../model';
import { FakeBackend } from './fakeBackend';
import { freezeTime, localAt, rejection } from '../../test/helpers';

const fu = (extra: Partial<FollowUpInput> = {}): FollowUpInput => ({ ...emptyFollowUp(), at: localAt(0, 10), nextAt: localAt(2, 9), ...extra });
const query = { owners: [], priorities: [], limit: 50 };

async function book(lang: 'zh' | 'en' = 'zh') {
  const b = new FakeBackend({ settings: { language: lang } });
  const c = await b.createCustomer({
    ...emptyInput(), name: 'Acme', owner: '王强', category: 'readyToBuy',
    contacts: [{ name: '钱明', title: '', phone: '', email: '', birthday: null, role: null }],
  });
  return { b, c };
}

beforeEach(() => freezeTime());
afterEach(() => vi.useRealTimers());

describe('fake follow-ups', () => {
  it('checks a follow-up with the backend’s field paths and wording', async () => {
    const { b, c } = await book('en');
    const err = (input: FollowUpInput) => rejection(b.logFollowUp(c.id, input));
    expect(await err(fu({ done: true }))).toMatchObject({ field: 'content', message: 'Content is required once the follow-up is done' });
    expect(await err(fu({ nextAt: localAt(0, 9) }))).toMatchObject({ field: 'nextAt' });
    expect(await err(fu({ at: '1969-12-31T00:00:00Z' }))).toMatchObject({ field: 'at' });
    expect(await err(fu({ contact: '张三' }))).toMatchObject({ field: 'contact' });
    expect(await err(fu({ stage: 'lost' }))).toMatchObject({ field: 'lostReason' });
    expect(await err(fu({ closes: 'f404' }))).toMatchObject({ field: 'closes' });
    expect(b.followUps.followUps.size).toBe(0);
    const ok = await b.logFollowUp(c.id, fu({ contact: '钱明', nextAt: null, done: true, content: 'met' }));
    expect(ok).toMatchObject({ done: true, nextAt: null, contact: '钱明' });
    // Open without a next time: due after the priority's interval (high: 3 days, 09:00).
    const planned = await b.logFollowUp(c.id, fu({ nextAt: null, priority: 'high' }));
    expect(planned.nextAt).toBe(localAt(3, 9));
  });

  it('closes the answered follow-up and records stage and category changes', async () => {
    const { b, c } = await book();
    const first = await b.logFollowUp(c.id, fu({ topic: 'call' }));
    expect((await rejection(b.completeFollowUp(first.id))).field).toBe('content');
    await b.logFollowUp(c.id, fu({ at: localAt(0, 11), content: 'done', closes: first.id, stage: 'proposal', category: 'interested' }));
    expect(b.followUps.followUps.get(first.id)?.done).toBe(true);
    await b.updateCustomer(c.id, { ...emptyInput(), name: 'Acme', stage: 'negotiation', category: 'interested', contacts: c.contacts });
    const tl = await b.customerTimeline(c.id);
    const changes = tl.filter((e) => e.kind === 'change').map((e) => e.kind === 'change' && e.entry.change);
    expect(changes).toContainEqual({ type: 'stage', from: 'initialContact', to: 'proposal' });
    expect(changes).toContainEqual({ type: 'category', from: 'readyToBuy', to: 'interested' });
    expect(changes).toContainEqual({ type: 'stage', from: 'proposal', to: 'negotiation' });
    expect(tl.filter((e) => e.kind === 'followUp')).toHaveLength(2);
  });

  it("suggests from the customer's own priority, the intervals, working days and the reminder time", async () => {
    const { b, c } = await book();
    // 准客户 maps to 高, but the customer's own priority (中) decides: a week.
    expect(await b.suggestFollowUp(c.id, null)).toEqual({ priority: 'medium', nextAt: localAt(7, 9), nextBy: '王强' });
    expect((await b.suggestFollowUp(c.id, 'low')).nextAt).toBe(localAt(14, 9));
    b.settings.schedule.skipWeekends = true;
    b.settings.schedule.reminderTime = '08:15';
    // Wednesday + 3 working days = Monday.
    expect((await b.suggestFollowUp(c.id, 'high')).nextAt).toBe(localAt(5, 8, 15));
  });

  it('snoozes at the reminder time and refuses a done follow-up', async () => {
    const { b, c } = await book();
    const f = await b.logFollowUp(c.id, fu({ content: 'x' }));
    expect((await b.snoozeFollowUp(f.id, { type: 'nextWeek' })).nextAt).toBe(localAt(7, 9));
    expect((await b.snoozeFollowUp(f.id, { type: 'oneHour' })).nextAt).toBe(localAt(0, 13));
    expect((await rejection(b.snoozeFollowUp(f.id, { type: 'until', until: localAt(-3, 9) }))).field).toBe('until');
    await b.completeFollowUp(f.id);
    expect((await rejection(b.snoozeFollowUp(f.id, { type: 'oneHour' }))).field).toBe('id');
  });

  it('leaves trashed customers off the agenda, gives rows their next due time, forgets purged ones', async () => {
    const { b, c } = await book();
    await b.logFollowUp(c.id, fu({ nextAt: localAt(4, 9) }));
    await b.logFollowUp(c.id, fu({ nextAt: localAt(1, 9) }));
    expect((await b.listCustomers(defaultQuery())).rows[0].nextDue).toBe(localAt(1, 9));
    expect((await b.getAgenda(query)).next7Days.total).toBe(2);
    expect((await b.getAgenda({ ...query, limit: 1 })).next7Days).toMatchObject({ total: 2, items: [{ due: localAt(1, 9) }] });
    await b.trashCustomer(c.id);
    expect((await b.getAgenda(query)).next7Days.total).toBe(0);
    await b.purgeCustomer(c.id);
    expect(b.followUps.followUps.size).toBe(0);
  });

  it('gives the ?fake preview demo follow-ups in every section', async () => {
    const b = new FakeBackend({ customers: 120 });
    const a = await b.getAgenda(query);
    expect([a.overdue.total, a.today.total, a.next7Days.total, a.later.total].every((n) => n > 0)).toBe(true);
    expect(a.noNextStepTotal).toBeGreaterThan(0);
  });
});
