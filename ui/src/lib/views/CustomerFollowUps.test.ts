import { fireEvent, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FollowUpInput } from '../bindings/FollowUpInput';
import { toLocalInput } from '../followups';
import { agendaBook, freezeTime, localAt, renderApp, rowNames } from '../../test/helpers';

const type = (testid: string, value: string) => fireEvent.input(screen.getByTestId(testid), { target: { value } });
const choose = (testid: string, value: string) => fireEvent.change(screen.getByTestId(testid), { target: { value } });
const value = (testid: string) => (screen.getByTestId(testid) as HTMLInputElement).value;

async function openCustomer(name: string) {
  const book = await agendaBook();
  await renderApp(book.backend);
  await waitFor(() => expect(rowNames()).toContain(name));
  await fireEvent.click(screen.getAllByTestId('customer-row').find((r) => r.getAttribute('data-name') === name)!);
  await screen.findByTestId('timeline');
  return book;
}

beforeEach(() => freezeTime());
afterEach(() => vi.useRealTimers());

describe('customer follow-ups', () => {
  it('logs a follow-up that moves the stage: both show in the timeline, newest first', async () => {
    const { backend, ids } = await openCustomer('Gamma Tech');
    await waitFor(() => expect(screen.getAllByTestId('timeline-followup')).toHaveLength(1));
    await fireEvent.click(screen.getByTestId('add-followup'));
    await screen.findByTestId('followup-form');
    // Prefilled: now, and the suggestion (uncategorised → medium → 7 days at 09:00, the owner).
    expect(value('fu-at')).toBe('2025-03-05T12:00');
    await waitFor(() => expect(value('fu-next-at')).toBe(toLocalInput(localAt(7, 9))));
    expect(value('fu-next-by')).toBe('王强');
    expect(value('fu-priority')).toBe('medium');
    expect((screen.getByTestId('fu-done') as HTMLInputElement).checked).toBe(false);

    await type('fu-topic', '方案讲解');
    await type('fu-content', '讲解了实施方案，客户认可');
    await type('fu-feedback', '希望下周报价');
    await choose('fu-method', 'visit');
    await type('fu-next-action', '发送正式报价');
    await choose('fu-stage', 'negotiation');
    await fireEvent.click(screen.getByTestId('fu-save'));
    await waitFor(() => expect(screen.queryByTestId('followup-form')).toBeNull());

    const [cid, sent] = backend.callsOf('logFollowUp')[0] as [string, FollowUpInput];
    expect(cid).toBe(ids.gamma);
    expect(sent).toMatchObject({ method: 'visit', stage: 'negotiation', at: new Date(2025, 2, 5, 12).toISOString(), nextAt: localAt(7, 9), done: false });
    expect(sent.category).toBeUndefined();

    await waitFor(() => expect(screen.getAllByTestId('timeline-followup')).toHaveLength(2));
    const newest = screen.getAllByTestId('timeline-followup')[0];
    expect(newest.textContent).toContain('方案讲解');
    expect(newest.textContent).toContain('上门拜访');
    expect(newest.textContent).toContain('希望下周报价');
    expect(newest.textContent).toContain('发送正式报价');
    expect(newest.textContent).toContain('待跟进');
    const change = screen.getByTestId('timeline-change');
    expect(change.textContent).toContain('阶段：初步接触 → 谈判中');
    // The change sits between the new follow-up and the older one.
    const order = [...screen.getByTestId('timeline').querySelectorAll('[data-testid^="timeline-"]')]
      .map((el) => el.getAttribute('data-testid'))
      .filter((x) => x !== 'timeline-next-at');
    expect(order).toEqual(['timeline-followup', 'timeline-change', 'timeline-followup']);
    // The customer moved, and the form shows it (so saving the form does not move it back).
    await waitFor(() => expect(value('field-stage')).toBe('negotiation'));
    expect(backend.customers.get(ids.gamma)?.stage).toBe('negotiation');
  });

  it('shows the field error under content for a done follow-up without content', async () => {
    const { backend } = await openCustomer('Gamma Tech');
    await fireEvent.click(screen.getByTestId('add-followup'));
    await screen.findByTestId('followup-form');
    await type('fu-topic', '电话');
    await fireEvent.click(screen.getByTestId('fu-done'));
    await fireEvent.click(screen.getByTestId('fu-save'));
    const error = await screen.findByTestId('field-error-content');
    expect(error.textContent).toBe('跟进内容：已完成的跟进必须填写');
    expect(screen.getByTestId('fu-error').textContent).toContain('跟进内容');
    expect(screen.getByTestId('fu-content').getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(screen.getByTestId('fu-content'));
    expect(backend.followUps.followUps.size).toBe(4);
  });

  it('asks for a reason when the stage moves to lost', async () => {
    await openCustomer('Gamma Tech');
    await fireEvent.click(screen.getByTestId('add-followup'));
    await screen.findByTestId('followup-form');
    expect(screen.queryByTestId('fu-lost-reason')).toBeNull();
    await type('fu-content', '客户决定不采购');
    await choose('fu-stage', 'lost');
    await fireEvent.click(screen.getByTestId('fu-save'));
    expect((await screen.findByTestId('field-error-lostReason')).textContent).toContain('流失原因');
    await type('fu-lost-reason', '预算取消');
    await fireEvent.click(screen.getByTestId('fu-save'));
    await waitFor(() => expect(screen.queryByTestId('followup-form')).toBeNull());
    await waitFor(() => expect(screen.getByTestId('timeline-change').textContent).toContain('初步接触 → 流失'));
  });

  it('re-suggests the next time when the priority changes, and a cleared time means done', async () => {
    const { backend, ids } = await openCustomer('Gamma Tech');
    await fireEvent.click(screen.getByTestId('add-followup'));
    await screen.findByTestId('followup-form');
    await waitFor(() => expect(value('fu-next-at')).toBe(toLocalInput(localAt(7, 9))));
    await choose('fu-priority', 'high');
    await waitFor(() => expect(value('fu-next-at')).toBe(toLocalInput(localAt(3, 9))));
    expect(backend.callsOf('suggestFollowUp')).toContainEqual([ids.gamma, 'high']);
    await type('fu-next-at', '');
    expect((screen.getByTestId('fu-done') as HTMLInputElement).checked).toBe(true);
    await fireEvent.click(screen.getByTestId('fu-use-suggestion'));
    expect(value('fu-next-at')).toBe(toLocalInput(localAt(3, 9)));
    expect((screen.getByTestId('fu-done') as HTMLInputElement).checked).toBe(false);
    await fireEvent.click(screen.getByTestId('fu-cancel'));
    expect(screen.queryByTestId('followup-form')).toBeNull();
    expect(backend.callsOf('logFollowUp')).toHaveLength(0);
  });

  it('edits and deletes a follow-up (delete asks first)', async () => {
    const { backend, followUps } = await openCustomer('Beta Foods');
    const entry = await screen.findByTestId('timeline-followup');
    await fireEvent.click(within(entry).getByTestId('edit-followup'));
    await screen.findByTestId('followup-form');
    expect(value('fu-topic')).toBe('需求确认');
    expect(value('fu-next-at')).toBe('2025-03-05T16:00');
    await type('fu-topic', '需求确认（二）');
    await fireEvent.click(screen.getByTestId('fu-save'));
    await waitFor(() => expect(screen.getByTestId('timeline-followup').textContent).toContain('需求确认（二）'));
    const [id, input] = backend.callsOf('updateFollowUp')[0] as [string, FollowUpInput];
    expect(id).toBe(followUps.today.id);
    expect(input).toMatchObject({ topic: '需求确认（二）', nextAt: localAt(0, 16), content: '聊了需求' });

    window.confirm = () => false;
    await fireEvent.click(screen.getByTestId('delete-followup'));
    expect(backend.callsOf('deleteFollowUp')).toHaveLength(0);
    window.confirm = () => true;
    await fireEvent.click(screen.getByTestId('delete-followup'));
    await waitFor(() => expect(screen.queryByTestId('timeline-followup')).toBeNull());
    expect(screen.getByTestId('timeline-empty')).toBeTruthy();
    expect(backend.followUps.followUps.has(followUps.today.id)).toBe(false);
  });

  it('offers the customer’s contacts and has no timeline for a new customer', async () => {
    await openCustomer('Alpha Trading');
    await fireEvent.click(screen.getByTestId('add-followup'));
    await screen.findByTestId('followup-form');
    const options = [...screen.getByTestId('fu-contact').querySelectorAll('option')].map((o) => o.textContent);
    expect(options).toEqual(['未指定', '钱明']);
    await fireEvent.keyDown(screen.getByTestId('followup-form'), { key: 'Escape' });
    expect(screen.queryByTestId('followup-form')).toBeNull();
    await fireEvent.click(screen.getByTestId('nav-customers'));
    await fireEvent.click(await screen.findByTestId('new-customer'));
    await screen.findByTestId('field-name');
    expect(screen.queryByTestId('timeline')).toBeNull();
  });
});
