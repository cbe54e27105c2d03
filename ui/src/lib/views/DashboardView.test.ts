import { fireEvent, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/backend';
import { FakeBackend } from '../api/fakeBackend';
import type { AnalyticsQuery } from '../bindings/AnalyticsQuery';
import type { TableExport } from '../bindings/TableExport';
import { emptyFollowUp } from '../followups';
import { setLanguage } from '../i18n/index.svelte';
import { emptyInput } from '../model';
import { freezeTime, renderApp } from '../../test/helpers';

const kpi = (id: string) => screen.getByTestId(`kpi-${id}-value`).textContent?.trim();
const lastQuery = (b: FakeBackend) => b.callsOf('dashboard').at(-1)?.[0] as AnalyticsQuery;
const tableRows = (id: string) =>
  [...screen.getByTestId(`dashboard-table-${id}`).querySelectorAll('tbody tr')].map((tr) =>
    [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim()),
  );

/** Five customers, four of them first contacted in the last 12 months (now: 5 March 2025):
 *  two won (22 and 45 days after first contact), one lost, one moved up by a follow-up. */
async function knownBook(): Promise<FakeBackend> {
  const b = new FakeBackend();
  const add = (name: string, extra: Record<string, unknown>) => b.createCustomer({ ...emptyInput(), name, ...extra });
  const alpha = await add('Alpha Trading', { stage: 'won', firstContactDate: '2025-01-10', owner: '王强', source: '线上推广', category: 'readyToBuy', industry: '制造业' });
  const beta = await add('Beta Foods', { stage: 'won', firstContactDate: '2024-12-01', owner: '李娜', source: '客户转介绍', category: 'interested', industry: '零售' });
  const gamma = await add('Gamma Tech', { stage: 'lost', lostReason: '价格太高', firstContactDate: '2025-02-01', owner: '王强', source: '线上推广' });
  const delta = await add('Delta Steel', { stage: 'proposal', firstContactDate: '2025-02-20', owner: '李娜', source: '线上推广' });
  await add('Old Co', { firstContactDate: '2023-01-01', owner: '王强', source: '行业展会' });
  const deal = { productOrService: '设备', paymentMethod: 'online' as const, notes: '' };
  await b.addDeal(alpha.id, { ...deal, date: '2025-02-01', amount: 1_200_050 });
  await b.addDeal(beta.id, { ...deal, date: '2025-01-15', amount: 800_000 });
  const service = { request: '', problem: '', solution: '', result: '', nextPlan: '', nextPlanAt: null };
  await b.addService(alpha.id, { ...service, date: '2025-02-10', satisfaction: 4, nextPlan: '季度回访', nextPlanAt: '2025-06-01T01:00:00.000Z' });
  await b.addService(beta.id, { ...service, date: '2025-02-20', satisfaction: 5 });
  // Delta moves up to negotiation through a follow-up (a success); Gamma's follow-up moves nothing.
  await b.logFollowUp(delta.id, { ...emptyFollowUp(new Date(2025, 2, 1, 10)), content: '演示', done: true, stage: 'negotiation', method: 'visit' });
  await b.logFollowUp(gamma.id, { ...emptyFollowUp(new Date(2025, 1, 10, 10)), content: '报价', done: true, method: 'phone' });
  b.calls = [];
  return b;
}

async function openDashboard(b: FakeBackend) {
  await renderApp(b);
  await fireEvent.click(screen.getByTestId('nav-dashboard'));
  await screen.findByTestId('kpi-win-rate');
  return b;
}

beforeEach(() => freezeTime());
afterEach(() => {
  setLanguage('zh');
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('dashboard', () => {
  it('asks for the last 12 months of everyone and shows the KPI tiles of the period', async () => {
    const b = await openDashboard(await knownBook());
    expect(lastQuery(b)).toEqual({ from: '2024-04-01', to: '2025-03-05' });
    expect((screen.getByTestId('dashboard-period') as HTMLSelectElement).value).toBe('12months');
    await waitFor(() => expect(kpi('customers')).toBe('4'));
    expect(kpi('win-rate')).toBe('66.7%');
    expect(screen.getByTestId('kpi-win-rate').textContent).toContain('成交 2 · 流失 1');
    expect(kpi('days-to-won')).toBe('33.5 天');
    expect(kpi('success-rate')).toBe('50%');
    expect(screen.getByTestId('kpi-success-rate').textContent).toContain('1 / 2 次跟进');
    expect(kpi('satisfaction')).toBe('4.5 / 5');
    expect(kpi('open-plans')).toBe('1');
    expect(kpi('deal-total')).toBe('¥20,000.50');
    expect(screen.getByTestId('kpi-deal-total').textContent).toContain('2 笔成交');
    // A value's length sizes its text, so a long figure fits its tile whole.
    expect(screen.getByTestId('kpi-deal-total-value').style.getPropertyValue('--chars')).toBe('10');
    expect(screen.getByTestId('kpi-customers-value').style.getPropertyValue('--chars')).toBe('1');
    // Every chart has its card; without a canvas (tests) nothing is drawn, and nothing breaks.
    for (const id of ['funnel', 'conversions', 'methods', 'owners', 'channels', 'top', 'category', 'industry', 'product', 'productCategory', 'monthly', 'lost'])
      expect(within(screen.getByTestId(`dashboard-${id}`)).getByTestId(`dashboard-chart-${id}`).getAttribute('data-drawn')).toBe('false');
    expect(screen.queryByTestId('dashboard-empty')).toBeNull();
  });

  it('shows open complaints, the mean days to resolve and the satisfaction after resolution', async () => {
    const b = await knownBook();
    const ids = Object.fromEntries([...b.customers.values()].map((c) => [c.name, c.id]));
    const visit = { request: '', problem: '投诉', solution: '', result: '', nextPlan: '', nextPlanAt: null };
    const complaint = (receivedOn: string, status: 'open' | 'resolved', resolvedOn: string | null, severity: 'high' | 'low' = 'low') =>
      ({ receivedOn, category: 'quality' as const, severity, status, resolvedOn, resolution: '' });
    // 27 Feb → 2 Mar is 3 days (across a month end), 1 Feb → 8 Feb 7: a mean of 5; rated 5 and 3.
    await b.addService(ids['Alpha Trading'], { ...visit, date: '2025-02-27', satisfaction: 5, complaint: complaint('2025-02-27', 'resolved', '2025-03-02') });
    await b.addService(ids['Beta Foods'], { ...visit, date: '2025-02-01', satisfaction: 3, complaint: complaint('2025-02-01', 'resolved', '2025-02-08') });
    await b.addService(ids['Delta Steel'], { ...visit, date: '2025-03-03', satisfaction: null, complaint: complaint('2025-03-03', 'open', null, 'high') });
    await openDashboard(b);
    await waitFor(() => expect(kpi('complaints-open')).toBe('1'));
    expect(screen.getByTestId('kpi-complaints-open').textContent).toContain('其中 1 件严重');
    expect(kpi('complaint-days')).toBe('5 天');
    expect(screen.getByTestId('kpi-complaint-days').textContent).toContain('期间内解决 2 件');
    expect(kpi('complaint-satisfaction')).toBe('4 / 5');
    expect(screen.getByTestId('kpi-complaint-satisfaction').textContent).toContain('2 件已评价');
  });

  it('re-queries for one owner', async () => {
    const b = await openDashboard(await knownBook());
    await waitFor(() => expect(kpi('customers')).toBe('4'));
    const owner = screen.getByTestId('dashboard-owner') as HTMLSelectElement;
    expect([...owner.options].map((o) => o.textContent)).toEqual(['全部负责人', '李娜', '王强']);
    await fireEvent.change(owner, { target: { value: '王强' } });
    await waitFor(() => expect(lastQuery(b)).toEqual({ from: '2024-04-01', to: '2025-03-05', owner: '王强' }));
    await waitFor(() => expect(kpi('customers')).toBe('2'));
    expect(kpi('win-rate')).toBe('50%');
    expect(kpi('deal-total')).toBe('¥12,000.50');
  });

  it('sums deals by product and by the list’s product categories, deals without a product included', async () => {
    const b = await knownBook();
    await b.saveSettings({ ...b.settings, products: [{ name: '设备', category: '硬件', listPrice: null }, { name: '维保', category: '', listPrice: null }] });
    const c = await b.createCustomer({ ...emptyInput(), name: 'Echo', owner: '王强' });
    const deal = { paymentMethod: 'online' as const, notes: '' };
    await b.addDeal(c.id, { ...deal, productOrService: '定制开发', date: '2025-02-03', amount: 50_000 });
    // An older deal saved before products were required to be named (the fake takes it as is).
    const old = await b.addDeal(c.id, { ...deal, productOrService: '维保', date: '2025-02-04', amount: 10_000 });
    b.records.deals.set(old.deal.id, { ...b.records.deals.get(old.deal.id)!, productOrService: '' });
    await openDashboard(b);
    await waitFor(() => expect(kpi('deal-total')).toBe('¥20,600.50'));
    await fireEvent.click(screen.getByTestId('dashboard-show-table-product'));
    expect(tableRows('product')).toEqual([
      ['设备', '硬件', '2', '¥20,000.50'],
      ['定制开发', '（未分类）', '1', '¥500'],
      ['（未填产品）', '（未分类）', '1', '¥100'],
    ]);
    await fireEvent.click(screen.getByTestId('dashboard-show-table-productCategory'));
    expect(tableRows('productCategory')).toEqual([
      ['硬件', '2', '¥20,000.50'],
      ['（未分类）', '2', '¥600'],
    ]);
  });

  it('shows the funnel numbers as a table', async () => {
    await openDashboard(await knownBook());
    await waitFor(() => expect(kpi('customers')).toBe('4'));
    const card = screen.getByTestId('dashboard-funnel');
    expect(within(card).queryByTestId('dashboard-table-funnel')).toBeNull();
    await fireEvent.click(within(card).getByTestId('dashboard-show-table-funnel'));
    expect(within(card).queryByTestId('dashboard-chart-funnel')).toBeNull();
    expect([...screen.getByTestId('dashboard-table-funnel').querySelectorAll('th')].map((th) => th.textContent)).toEqual(['阶段', '到达', '当前在此', '由上一层转化', '由此流失', '金额']);
    // Reached never widens; the lost (Gamma, lost with no recorded move: from the first step)
    // stand apart in the last row.
    expect(tableRows('funnel')).toEqual([
      ['初步接触', '4', '0', '—', '1', '¥0'],
      ['需求明确', '3', '0', '75%', '0', '¥0'],
      ['方案沟通', '3', '0', '100%', '0', '¥0'],
      ['谈判中', '3', '1', '100%', '0', '¥0'],
      ['成交', '2', '2', '66.7%', '0', '¥20,000.50'],
      ['流失', '—', '1', '—', '—', '¥0'],
    ]);
    await fireEvent.click(screen.getByTestId('dashboard-show-table-conversions'));
    expect(tableRows('conversions').map((r) => r[2])).toEqual(['75%', '100%', '100%', '66.7%']);
    await fireEvent.click(within(card).getByTestId('dashboard-show-chart-funnel'));
    expect(within(card).getByTestId('dashboard-chart-funnel')).toBeTruthy();
  });

  it('exports a table with numbers as numbers (amounts in yuan) and shows the saved path', async () => {
    const b = await openDashboard(await knownBook());
    await waitFor(() => expect(kpi('customers')).toBe('4'));
    await fireEvent.click(screen.getByTestId('dashboard-export-xlsx-funnel'));
    await waitFor(() => expect(screen.getByTestId('dashboard-export-status-funnel').textContent).toContain('已保存到 /tmp/销售漏斗.xlsx'));
    const [table, format] = b.callsOf('exportTable')[0] as [TableExport, string];
    expect(format).toBe('xlsx');
    expect(table).toEqual({
      title: '销售漏斗',
      columns: ['阶段', '到达', '当前在此', '由上一层转化（%）', '由此流失', '金额（元）'],
      rows: [
        ['初步接触', 4, 0, '', 1, 0], ['需求明确', 3, 0, 75, 0, 0], ['方案沟通', 3, 0, 100, 0, 0],
        ['谈判中', 3, 1, 100, 0, 0], ['成交', 2, 2, 66.7, 0, 20000.5], ['流失', '', 1, '', '', 0],
      ],
    });

    await fireEvent.click(screen.getByTestId('dashboard-export-csv-channels'));
    await waitFor(() => expect(b.callsOf('exportTable')).toHaveLength(2));
    const [channels, csv] = b.callsOf('exportTable')[1] as [TableExport, string];
    expect(csv).toBe('csv');
    expect(channels.columns).toEqual(['来源', '客户数', '已成交', '转化率（%）', '金额（元）']);
    expect(channels.rows).toEqual([['线上推广', 3, 1, 33.3, 12000.5], ['客户转介绍', 1, 1, 100, 8000]]);
  });

  it('shows the error of a failed export', async () => {
    const b = await openDashboard(await knownBook());
    await waitFor(() => expect(kpi('customers')).toBe('4'));
    b.exportTable = async () => {
      throw new ApiError({ code: 'io', message: '无法写入文件：磁盘已满' });
    };
    await fireEvent.click(screen.getByTestId('dashboard-export-csv-monthly'));
    const status = await screen.findByRole('alert');
    expect(status.textContent).toContain('无法写入文件：磁盘已满');
    expect(status.getAttribute('data-testid')).toBe('dashboard-export-status-monthly');
  });

  it('shows an empty period with empty states, "—" for rates and no NaN anywhere', async () => {
    const b = await openDashboard(await knownBook());
    await waitFor(() => expect(kpi('customers')).toBe('4'));
    await fireEvent.change(screen.getByTestId('dashboard-period'), { target: { value: 'custom' } });
    await fireEvent.input(screen.getByTestId('dashboard-from'), { target: { value: '2020-01-01' } });
    await fireEvent.input(screen.getByTestId('dashboard-to'), { target: { value: '2020-01-31' } });
    await waitFor(() => expect(lastQuery(b)).toEqual({ from: '2020-01-01', to: '2020-01-31' }));
    await screen.findByTestId('dashboard-empty');
    expect(kpi('customers')).toBe('0');
    expect(kpi('win-rate')).toBe('—');
    expect(kpi('days-to-won')).toBe('—');
    expect(kpi('success-rate')).toBe('—');
    expect(kpi('satisfaction')).toBe('—');
    expect(kpi('complaint-days')).toBe('—');
    expect(kpi('complaint-satisfaction')).toBe('—');
    expect(kpi('deal-total')).toBe('¥0');
    // Every card shows its friendly message instead of a chart (overdue follow-ups: none now).
    expect(screen.getAllByTestId('dashboard-card-empty')).toHaveLength(13);
    expect(screen.queryAllByTestId(/^dashboard-chart-/)).toHaveLength(0);
    expect(within(screen.getByTestId('dashboard-funnel')).getByTestId('dashboard-card-empty').textContent).toContain('这段时间没有新接触的客户');
    expect(within(screen.getByTestId('dashboard-monthly')).getByTestId('dashboard-card-empty').textContent).toContain('这段时间没有成交');
    expect(document.body.textContent).not.toContain('NaN');
  });

  it('shows an empty book without NaN, and a reversed custom range as empty', async () => {
    const b = await openDashboard(new FakeBackend());
    await screen.findByTestId('dashboard-empty');
    expect(kpi('win-rate')).toBe('—');
    expect(document.body.textContent).not.toContain('NaN');
    await fireEvent.change(screen.getByTestId('dashboard-period'), { target: { value: 'custom' } });
    await fireEvent.input(screen.getByTestId('dashboard-to'), { target: { value: '2024-01-01' } });
    await waitFor(() => expect(lastQuery(b).to).toBe('2024-01-01'));
    expect(screen.getByTestId('dashboard-range').textContent).toContain('结束日期早于开始日期');
    expect(document.body.textContent).not.toContain('NaN');
  });

  it('speaks English after switching the language', async () => {
    await openDashboard(await knownBook());
    await waitFor(() => expect(kpi('customers')).toBe('4'));
    setLanguage('en');
    await waitFor(() => expect(screen.getByTestId('kpi-win-rate').textContent).toContain('Win rate'));
    expect(screen.getByTestId('kpi-win-rate').textContent).toContain('2 won · 1 lost');
    expect(kpi('days-to-won')).toBe('33.5 days');
    expect(screen.getByTestId('dashboard-funnel').textContent).toContain('Sales funnel');
    expect(screen.getByTestId('dashboard-view').querySelector('h1')?.textContent).toBe('Dashboard');
    expect((screen.getByTestId('dashboard-period') as HTMLSelectElement).selectedOptions[0].textContent).toBe('Last 12 months');
    await fireEvent.click(screen.getByTestId('dashboard-show-table-funnel'));
    expect(tableRows('funnel')[4]).toEqual(['Won', '2', '2', '66.7%', '0', '¥20,000.50']);
    expect(screen.getByTestId('dashboard-show-chart-funnel').textContent).toBe('Chart');
    expect(screen.getByTestId('dashboard-export-xlsx-funnel').textContent).toBe('Export xlsx');
    expect(screen.getByTestId('dashboard-funnel').textContent).not.toContain('成交');
  });
});
