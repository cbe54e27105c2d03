import { fireEvent, screen, waitFor } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeBackend } from '../api/fakeBackend';
import type { PerformanceQuery } from '../bindings/PerformanceQuery';
import type { SalesTarget } from '../bindings/SalesTarget';
import type { TableExport } from '../bindings/TableExport';
import { setLanguage } from '../i18n/index.svelte';
import { emptyInput } from '../model';
import { freezeTime, renderApp } from '../../test/helpers';

const deal = { productOrService: '设备', paymentMethod: 'online' as const, notes: '' };
const percent = (id: string) => screen.getByTestId(id).getAttribute('data-percent');

/** Now: 5 March 2025. 王强 sold ¥5,000 this month and ¥1,000 in February; 李娜 nothing yet. */
async function book(targets: SalesTarget[] = [], language: 'zh' | 'en' = 'zh'): Promise<FakeBackend> {
  const b = new FakeBackend({ settings: { targets, language } });
  const wang = await b.createCustomer({ ...emptyInput(), name: 'Alpha', owner: '王强', firstContactDate: '2025-03-01' });
  await b.createCustomer({ ...emptyInput(), name: 'Beta', owner: '李娜', firstContactDate: '2025-02-01' });
  await b.addDeal(wang.id, { ...deal, date: '2025-03-02', amount: 500_000, salesperson: '王强' });
  await b.addDeal(wang.id, { ...deal, date: '2025-02-20', amount: 100_000, salesperson: '王强' });
  b.calls = [];
  return b;
}

async function open(b: FakeBackend) {
  await renderApp(b);
  await fireEvent.click(screen.getByTestId('nav-performance'));
  await screen.findByTestId('perf-team');
}

const target = (person: string, amount: number | null, deals: number | null = null): SalesTarget => ({
  person, period: '2025-03', amount, deals, newCustomers: null, followUps: null,
});

beforeEach(() => freezeTime());
afterEach(() => {
  setLanguage('zh');
  vi.useRealTimers();
});

describe('performance', () => {
  it('asks for this month and shows the empty state while no target is set', async () => {
    const b = await book();
    await open(b);
    expect(b.callsOf('performance').at(-1)?.[0] as PerformanceQuery).toEqual({ kind: 'month' });
    expect(screen.getByTestId('perf-period').textContent).toBe('2025-03');
    expect(screen.getByTestId('perf-empty').textContent).toContain('本期还没有设定目标');
    // Figures show without a target: no bar, the figure and last month's.
    const bar = screen.getByTestId('perf-bar-person-王强-amount');
    expect(bar.querySelector('[role="progressbar"]')).toBeNull();
    expect(bar.textContent).toContain('¥5,000');
    expect(bar.textContent).toContain('未设目标');
    expect(bar.textContent).toContain('上期 ¥1,000');
  });

  it('sets targets for the period and the bars read done of target', async () => {
    const b = await book();
    await open(b);
    await fireEvent.click(screen.getByTestId('perf-set-targets'));
    // Row 0 is the whole team, then the salespeople (owners first).
    const rows = screen.getAllByTestId(/^perf-editor-row-/);
    const names = rows.map((r) => r.querySelector('th')?.textContent);
    expect(names[0]).toBe('全公司');
    const wangRow = names.indexOf('王强');
    await fireEvent.input(screen.getByTestId(`perf-target-${wangRow}-amount`), { target: { value: '10000' } });
    await fireEvent.input(screen.getByTestId(`perf-target-${wangRow}-deals`), { target: { value: '4' } });
    await fireEvent.click(screen.getByTestId('perf-save-targets'));
    await waitFor(() => expect(screen.queryByTestId('perf-editor')).toBeNull());
    expect(b.callsOf('saveTargets')[0][0]).toEqual([
      { person: '王强', period: '2025-03', amount: 1_000_000, deals: 4, newCustomers: null, followUps: null },
    ]);
    await waitFor(() => expect(percent('perf-bar-person-王强-amount')).toBe('50'));
    expect(screen.getByTestId('perf-bar-person-王强-amount').textContent).toContain('¥5,000 / ¥10,000（50%）');
    expect(percent('perf-bar-person-王强-deals')).toBe('25');
    // No business target: the team's is the sum of the people's.
    expect(percent('perf-bar-team-amount')).toBe('50');
    expect(screen.queryByTestId('perf-empty')).toBeNull();
  });

  it('shows the backend refusal naming the row, and keeps the targets of other periods', async () => {
    const feb = { ...target('李娜', 300_000), period: '2025-02' };
    const b = await book([feb]);
    await open(b);
    await fireEvent.click(screen.getByTestId('perf-edit'));
    await fireEvent.input(screen.getByTestId('perf-target-0-amount'), { target: { value: 'abc' } });
    await fireEvent.click(screen.getByTestId('perf-save-targets'));
    expect((await screen.findByTestId('perf-editor-error')).textContent).toContain('目标金额须为数字');
    expect(b.callsOf('saveTargets')).toHaveLength(0);
    await fireEvent.input(screen.getByTestId('perf-target-0-amount'), { target: { value: '20000' } });
    await fireEvent.click(screen.getByTestId('perf-save-targets'));
    await waitFor(() => expect(b.callsOf('saveTargets')).toHaveLength(1));
    expect(b.callsOf('saveTargets')[0][0]).toEqual([{ ...target('', 2_000_000) }, feb]);
    await waitFor(() => expect(percent('perf-bar-team-amount')).toBe('25'));
  });

  it('steps to the previous period and to quarters', async () => {
    const b = await book([target('王强', 1_000_000)]);
    await open(b);
    await fireEvent.click(screen.getByTestId('perf-prev'));
    await waitFor(() => expect(screen.getByTestId('perf-period').textContent).toBe('2025-02'));
    expect(b.callsOf('performance').at(-1)?.[0]).toEqual({ kind: 'month', period: '2025-02' });
    expect(screen.getByTestId('perf-empty')).toBeTruthy();
    await fireEvent.click(screen.getByTestId('perf-quarter'));
    await waitFor(() => expect(screen.getByTestId('perf-period').textContent).toBe('2025-Q1'));
    expect(screen.getByTestId('perf-bar-person-王强-amount').textContent).toContain('¥6,000');
  });

  it('exports the table to xlsx with units, targets and the team row, in English too', async () => {
    const b = await book([target('王强', 1_000_000, 4)], 'en');
    await open(b);
    await fireEvent.click(screen.getByTestId('perf-export'));
    await screen.findByTestId('perf-exported');
    const [table, format] = b.callsOf('exportTable')[0] as [TableExport, string];
    expect(format).toBe('xlsx');
    expect(table.title).toBe('Performance 2025-03');
    expect(table.columns.slice(0, 5)).toEqual([
      'Salesperson', 'Deal amount (yuan)', 'Target – Deal amount (yuan)', 'Deal amount – achieved (%)', 'Last period – Deal amount (yuan)',
    ]);
    const wang = table.rows.find((r) => r[0] === '王强')!;
    expect(wang.slice(0, 5)).toEqual(['王强', 5000, 10000, 50, 1000]);
    expect(table.rows.at(-1)?.[0]).toBe('Whole team');
  });
});
