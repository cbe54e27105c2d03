// Who did the work and the priority rule in the forms: the customer form proposes its category's
// priority (editable), the follow-up form suggests by the customer's own priority and records
// 跟进人 (我是 by default, editable), the deal form records 销售员.
import { fireEvent, screen, waitFor } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CustomerInput } from '../bindings/CustomerInput';
import type { DealInput } from '../bindings/DealInput';
import type { FollowUpInput } from '../bindings/FollowUpInput';
import { toLocalInput } from '../followups';
import { agendaBook, freezeTime, localAt, renderApp, rowNames, smallBook } from '../../test/helpers';

const type = (testid: string, value: string) => fireEvent.input(screen.getByTestId(testid), { target: { value } });
const choose = (testid: string, value: string) => fireEvent.change(screen.getByTestId(testid), { target: { value } });
const value = (testid: string) => (screen.getByTestId(testid) as HTMLInputElement).value;

async function openCustomer(name: string, me = '') {
  const book = await agendaBook({ settings: { me } });
  await renderApp(book.backend);
  await waitFor(() => expect(rowNames()).toContain(name));
  await fireEvent.click(screen.getAllByTestId('customer-row').find((r) => r.getAttribute('data-name') === name)!);
  await screen.findByTestId('timeline');
  return book;
}

beforeEach(() => freezeTime());
afterEach(() => vi.useRealTimers());

describe('the priority rule in the forms', () => {
  it('choosing a category proposes its priority, which the user may change', async () => {
    const { backend } = await renderApp(await smallBook());
    await fireEvent.click(await screen.findByTestId('new-customer'));
    await screen.findByTestId('field-name');
    await type('field-name', '周强');
    expect(value('field-priority')).toBe('medium');
    await choose('field-category', 'readyToBuy');
    expect(value('field-priority')).toBe('high');
    await choose('field-category', 'goodProspect');
    expect(value('field-priority')).toBe('low');
    await choose('field-priority', 'medium');
    await fireEvent.click(screen.getByTestId('save-customer'));
    await waitFor(() => expect(backend.callsOf('createCustomer')).toHaveLength(1));
    const sent = backend.callsOf('createCustomer')[0][0] as CustomerInput;
    expect(sent).toMatchObject({ category: 'goodProspect', priority: 'medium' });
  });

  it("suggests the next follow-up by the customer's own priority", async () => {
    const book = await agendaBook();
    // 意向客户 maps to 中, but this customer is 高: three days, not seven.
    const c = book.backend.customers.get(book.ids.gamma)!;
    c.category = 'interested';
    c.priority = 'high';
    await renderApp(book.backend);
    await waitFor(() => expect(rowNames()).toContain('Gamma Tech'));
    await fireEvent.click(screen.getAllByTestId('customer-row').find((r) => r.getAttribute('data-name') === 'Gamma Tech')!);
    await screen.findByTestId('timeline');
    await fireEvent.click(screen.getByTestId('add-followup'));
    await screen.findByTestId('followup-form');
    await waitFor(() => expect(value('fu-priority')).toBe('high'));
    expect(value('fu-next-at')).toBe(toLocalInput(localAt(3, 9)));
    expect(book.backend.callsOf('suggestFollowUp')[0][1]).toBeNull();
  });
});

describe('who did the work', () => {
  it('a new follow-up is by 我是, editable, and the timeline shows who', async () => {
    const { backend } = await openCustomer('Gamma Tech', '李娜');
    await fireEvent.click(screen.getByTestId('add-followup'));
    await screen.findByTestId('followup-form');
    expect(value('fu-by')).toBe('李娜');
    await type('fu-by', '张伟');
    await type('fu-topic', '回访');
    await type('fu-content', '聊了续约');
    await fireEvent.click(screen.getByTestId('fu-done'));
    await fireEvent.click(screen.getByTestId('fu-save'));
    await waitFor(() => expect(screen.queryByTestId('followup-form')).toBeNull());
    const sent = backend.callsOf('logFollowUp')[0][1] as FollowUpInput;
    expect(sent.by).toBe('张伟');
    await waitFor(() => expect(screen.getAllByTestId('followup-by').map((e) => e.textContent)).toContain('张伟'));
  });

  it("without 我是 the follow-up is by the customer's owner", async () => {
    await openCustomer('Gamma Tech');
    await fireEvent.click(screen.getByTestId('add-followup'));
    await screen.findByTestId('followup-form');
    await waitFor(() => expect(value('fu-by')).toBe('王强'));
  });

  it('a deal records its salesperson, 我是 by default', async () => {
    const { backend } = await openCustomer('Gamma Tech', '李娜');
    await fireEvent.click(screen.getByTestId('add-deal'));
    await screen.findByTestId('deal-form');
    expect(value('deal-salesperson')).toBe('李娜');
    await type('deal-salesperson', '王强');
    await type('deal-amount', '5000');
    await type('deal-product', '维保');
    await fireEvent.click(screen.getByTestId('deal-save'));
    await waitFor(() => expect(screen.queryByTestId('deal-form')).toBeNull());
    expect((backend.callsOf('addDeal')[0][1] as DealInput).salesperson).toBe('王强');
    await waitFor(() => expect(screen.getByTestId('deal-salesperson-text').textContent).toBe('销售员：王强'));
  });
});
