import { fireEvent, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FakeBackend, FakeOptions } from '../api/fakeBackend';
import type { DealInput } from '../bindings/DealInput';
import type { OpportunityInput } from '../bindings/OpportunityInput';
import type { ServiceInput } from '../bindings/ServiceInput';
import { agendaBook, freezeTime, renderApp, rowNames } from '../../test/helpers';

const type = (testid: string, value: string) => fireEvent.input(screen.getByTestId(testid), { target: { value } });
const choose = (testid: string, value: string) => fireEvent.change(screen.getByTestId(testid), { target: { value } });
const value = (testid: string) => (screen.getByTestId(testid) as HTMLInputElement).value;
const order = () =>
  [...screen.getByTestId('timeline').querySelectorAll('li[data-testid^="timeline-"]')].map((el) => el.getAttribute('data-testid'));

type Book = Awaited<ReturnType<typeof agendaBook>>;

async function openCustomer(name: string, opts: FakeOptions = {}, seed?: (book: Book) => Promise<void>) {
  const book = await agendaBook(opts);
  await seed?.(book);
  book.backend.calls = [];
  await renderApp(book.backend);
  await waitFor(() => expect(rowNames()).toContain(name));
  await fireEvent.click(screen.getAllByTestId('customer-row').find((r) => r.getAttribute('data-name') === name)!);
  await screen.findByTestId('timeline');
  return book;
}

async function addDeal(fields: { amount: string; product: string; date?: string; payment?: string }) {
  await fireEvent.click(screen.getByTestId('add-deal'));
  await screen.findByTestId('deal-form');
  if (fields.date) await type('deal-date', fields.date);
  await type('deal-amount', fields.amount);
  await type('deal-product', fields.product);
  if (fields.payment) await choose('deal-payment', fields.payment);
  await fireEvent.click(screen.getByTestId('deal-save'));
}

const closed = (form: string) => waitFor(() => expect(screen.queryByTestId(form)).toBeNull());

/** Days between the customer's local creation day and `date`, as the warning counts them. */
function daysBefore(backend: FakeBackend, id: string, date: string): number {
  const c = new Date(backend.customers.get(id)!.createdAt);
  return Math.round((Date.UTC(c.getFullYear(), c.getMonth(), c.getDate()) - Date.parse(`${date}T00:00:00Z`)) / 86_400_000);
}

beforeEach(() => freezeTime());
afterEach(() => vi.useRealTimers());

describe('customer opportunities, deals and service records', () => {
  it('records a deal: cents sent, ¥ amount and payment method on the timeline, newest first', async () => {
    const { backend, ids } = await openCustomer('Gamma Tech');
    await fireEvent.click(screen.getByTestId('add-deal'));
    await screen.findByTestId('deal-form');
    expect(value('deal-date')).toBe('2025-03-05');
    await fireEvent.click(screen.getByTestId('deal-cancel'));
    await addDeal({ amount: '12,800.50', product: '年度服务套餐', payment: 'instalments' });
    await closed('deal-form');

    const [cid, sent] = backend.callsOf('addDeal')[0] as [string, DealInput];
    expect(cid).toBe(ids.gamma);
    expect(sent).toMatchObject({ date: '2025-03-05', amount: 1280050, productOrService: '年度服务套餐', paymentMethod: 'instalments' });
    expect(sent.opportunityId).toBeUndefined();
    const deal = await screen.findByTestId('timeline-deal');
    expect(within(deal).getByTestId('deal-amount-text').textContent).toBe('¥12,800.50');
    expect(within(deal).getByTestId('deal-payment-text').textContent).toBe('分期付款');
    expect(deal.textContent).toContain('年度服务套餐');
    expect(order()).toEqual(['timeline-deal', 'timeline-followup']);
    expect(screen.queryByTestId('deal-warning')).toBeNull();
  });

  it('rejects a non-numeric amount locally and shows the backend’s field errors under the field', async () => {
    const { backend } = await openCustomer('Gamma Tech');
    await addDeal({ amount: '12k', product: '软件' });
    expect((await screen.findByTestId('field-error-amount')).textContent).toBe('成交金额（元）：请输入数字，例如 12,800.50');
    expect(backend.callsOf('addDeal')).toHaveLength(0);

    await type('deal-amount', '0');
    await fireEvent.click(screen.getByTestId('deal-save'));
    await waitFor(() => expect(screen.getByTestId('field-error-amount').textContent).toBe('金额：须为大于 0 且不超过 1 万亿的金额'));
    expect((backend.callsOf('addDeal')[0][1] as DealInput).amount).toBe(0);
    expect(screen.getByTestId('deal-amount').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByTestId('deal-error').textContent).toContain('金额');

    await type('deal-amount', '99.9');
    await type('deal-product', '  ');
    await fireEvent.click(screen.getByTestId('deal-save'));
    expect((await screen.findByTestId('field-error-productOrService')).textContent).toBe('产品或服务：不能为空');
    expect(screen.queryByTestId('field-error-amount')).toBeNull();
    expect(document.activeElement).toBe(screen.getByTestId('deal-product'));
    expect((backend.callsOf('addDeal')[1][1] as DealInput).amount).toBe(9990);
    expect(backend.records.deals.size).toBe(0);
  });

  it('saves a deal dated well before the customer and shows a non-blocking notice', async () => {
    const { backend, ids } = await openCustomer('Gamma Tech');
    await addDeal({ amount: '5000', product: '试用', date: '2024-12-01' });
    await closed('deal-form');
    const days = daysBefore(backend, ids.gamma, '2024-12-01');
    expect(days).toBeGreaterThan(7);
    const notice = await screen.findByTestId('deal-warning');
    expect(notice.textContent).toContain(`该成交日期早于客户建档 ${days} 天，请确认日期`);
    expect(screen.getByTestId('timeline-deal').textContent).toContain('¥5,000');
    expect(backend.records.deals.size).toBe(1);
    await fireEvent.click(screen.getByTestId('deal-warning-dismiss'));
    expect(screen.queryByTestId('deal-warning')).toBeNull();
  });

  it('adds an opportunity, links a deal to it, and unlinks it when the opportunity goes', async () => {
    const { backend } = await openCustomer('Gamma Tech');
    await fireEvent.click(screen.getByTestId('add-opportunity'));
    await screen.findByTestId('opportunity-form');
    await choose('opportunity-source', '客户转介绍');
    await type('opportunity-need', '采购 50 台设备');
    await choose('opportunity-stage', 'proposal');
    await type('opportunity-amount', '200,000');
    await type('opportunity-close', '2025-04-30');
    await fireEvent.click(screen.getByTestId('opportunity-save'));
    await closed('opportunity-form');
    const sent = backend.callsOf('addOpportunity')[0][1] as OpportunityInput;
    expect(sent).toMatchObject({ source: '客户转介绍', need: '采购 50 台设备', stage: 'proposal', expectedAmount: 20000000, expectedClose: '2025-04-30' });
    const opp = await screen.findByTestId('timeline-opportunity');
    expect(opp.querySelector('[data-stage="proposal"]')?.textContent?.trim()).toBe('方案沟通');
    expect(opp.textContent).toContain('预计 ¥200,000');
    const oppId = opp.getAttribute('data-id')!;

    await fireEvent.click(screen.getByTestId('add-deal'));
    await screen.findByTestId('deal-form');
    const options = [...screen.getByTestId('deal-opportunity').querySelectorAll('option')].map((o) => o.textContent);
    expect(options).toEqual(['不关联', '采购 50 台设备 · ¥200,000']);
    await choose('deal-opportunity', oppId);
    await type('deal-amount', '198000');
    await type('deal-product', '设备');
    await fireEvent.click(screen.getByTestId('deal-save'));
    await closed('deal-form');
    expect((backend.callsOf('addDeal')[0][1] as DealInput).opportunityId).toBe(oppId);
    expect((await screen.findByTestId('deal-linked')).textContent).toBe('关联机会：采购 50 台设备 · ¥200,000');

    await fireEvent.click(screen.getByTestId('delete-opportunity'));
    await waitFor(() => expect(screen.queryByTestId('timeline-opportunity')).toBeNull());
    expect(screen.queryByTestId('deal-linked')).toBeNull();
    expect([...backend.records.deals.values()][0].opportunityId).toBeNull();
  });

  it('logs a service record: satisfaction as stars, the next plan time sent in UTC', async () => {
    const { backend } = await openCustomer('Gamma Tech');
    await fireEvent.click(screen.getByTestId('add-service'));
    await screen.findByTestId('service-form');
    await type('service-request', '打印机卡纸');
    await type('service-result', '已更换部件');
    await choose('service-satisfaction', '4');
    await type('service-next-plan', '季度巡检');
    await type('service-next-at', '2025-06-01T10:00');
    await fireEvent.click(screen.getByTestId('service-save'));
    await closed('service-form');
    const sent = backend.callsOf('addService')[0][1] as ServiceInput;
    expect(sent).toMatchObject({ date: '2025-03-05', satisfaction: 4, nextPlan: '季度巡检', nextPlanAt: new Date(2025, 5, 1, 10).toISOString() });
    const row = await screen.findByTestId('timeline-service');
    expect(row.textContent).toContain('打印机卡纸 → 已更换部件');
    const stars = within(row).getByTestId('service-stars');
    expect(stars.textContent).toBe('★★★★☆');
    expect(stars.getAttribute('aria-label')).toBe('满意度 4/5');
    expect(row.textContent).toContain('季度巡检');
  });

  it('edits and deletes each kind of record (delete asks first)', async () => {
    const { backend } = await openCustomer('Beta Foods', {}, async ({ backend: b, ids }) => {
      await b.addOpportunity(ids.beta, { source: '', need: '扩容', budgetNote: '', intent: '强', stage: 'proposal', expectedClose: null, expectedAmount: null, product: '' });
      await b.addDeal(ids.beta, { date: '2025-03-01', amount: 1280050, productOrService: '扩容包', paymentMethod: 'online', notes: '' });
      await b.addService(ids.beta, { date: '2025-03-02', request: '培训', problem: '', solution: '', result: '完成', satisfaction: 3, nextPlan: '', nextPlanAt: null });
    });
    await screen.findByTestId('timeline-deal');

    await fireEvent.click(screen.getByTestId('edit-deal'));
    await screen.findByTestId('deal-form');
    expect(value('deal-amount')).toBe('12800.50');
    expect(value('deal-product')).toBe('扩容包');
    await type('deal-amount', '13,000');
    await choose('deal-payment', 'offline');
    await fireEvent.click(screen.getByTestId('deal-save'));
    await closed('deal-form');
    expect(backend.callsOf('updateDeal')[0][1]).toMatchObject({ amount: 1300000, paymentMethod: 'offline', date: '2025-03-01' });
    await waitFor(() => expect(screen.getByTestId('deal-amount-text').textContent).toBe('¥13,000'));
    expect(screen.getByTestId('deal-payment-text').textContent).toBe('线下支付');

    await fireEvent.click(screen.getByTestId('edit-opportunity'));
    await screen.findByTestId('opportunity-form');
    expect(value('opportunity-need')).toBe('扩容');
    await choose('opportunity-stage', 'negotiation');
    await fireEvent.click(screen.getByTestId('opportunity-save'));
    await closed('opportunity-form');
    await waitFor(() => expect(screen.getByTestId('timeline-opportunity').querySelector('[data-stage]')?.getAttribute('data-stage')).toBe('negotiation'));

    await fireEvent.click(screen.getByTestId('edit-service'));
    await screen.findByTestId('service-form');
    expect(value('service-satisfaction')).toBe('3');
    await choose('service-satisfaction', '5');
    await fireEvent.click(screen.getByTestId('service-save'));
    await closed('service-form');
    await waitFor(() => expect(screen.getByTestId('service-stars').textContent).toBe('★★★★★'));
    expect(backend.callsOf('updateService')).toHaveLength(1);

    window.confirm = () => false;
    for (const kind of ['deal', 'opportunity', 'service']) await fireEvent.click(screen.getByTestId(`delete-${kind}`));
    expect(backend.calls.filter((c) => c.method.startsWith('delete'))).toHaveLength(0);
    window.confirm = () => true;
    for (const kind of ['deal', 'opportunity', 'service']) {
      await fireEvent.click(screen.getByTestId(`delete-${kind}`));
      await waitFor(() => expect(screen.queryByTestId(`timeline-${kind}`)).toBeNull());
    }
    expect(backend.callsOf('deleteDeal')).toHaveLength(1);
    expect(backend.records.deals.size + backend.records.opportunities.size + backend.records.services.size).toBe(0);
    expect(order()).toEqual(['timeline-followup']);
  });

  it('speaks English: buttons, payment labels, amounts, errors and the notice', async () => {
    const { backend, ids } = await openCustomer('Gamma Tech', { settings: { language: 'en' } });
    expect(screen.getByTestId('add-opportunity').textContent).toContain('Opportunity');
    expect(screen.getByTestId('add-deal').textContent).toContain('Deal');
    expect(screen.getByTestId('add-service').textContent).toContain('Service');
    await addDeal({ amount: '-1', product: 'Licence', payment: 'offline', date: '2024-06-01' });
    expect((await screen.findByTestId('field-error-amount')).textContent).toBe('Amount must be an amount greater than 0 and at most 1,000,000,000,000');
    await type('deal-amount', '1234567.8');
    await fireEvent.click(screen.getByTestId('deal-save'));
    await closed('deal-form');
    const deal = await screen.findByTestId('timeline-deal');
    expect(within(deal).getByTestId('deal-amount-text').textContent).toBe('¥1,234,567.80');
    expect(within(deal).getByTestId('deal-payment-text').textContent).toBe('Offline');
    const days = daysBefore(backend, ids.gamma, '2024-06-01');
    expect(screen.getByTestId('deal-warning').textContent).toContain(`This deal is dated ${days} days before the customer was created — check the date`);
  });
});
