import { fireEvent, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setLanguage } from '../../i18n/index.svelte';
import { agendaBook, freezeTime, renderApp, rowNames } from '../../../test/helpers';

/** A book whose customer Gamma Tech has a deal edited on two computers (as a team pull leaves it). */
async function conflictedDeal(language: 'zh' | 'en' = 'zh') {
  const book = await agendaBook({ settings: { language } });
  const { deal } = await book.backend.addDeal(book.ids.gamma, {
    date: '2025-03-01', amount: 1_200_000, productOrService: '年度服务', paymentMethod: 'offline', notes: 'A 的价',
  });
  book.backend.records.deals.get(deal.id)!.conflict = { fields: { amount: 900_000, notes: 'B 的价' }, by: 'Bob', commit: 7 };
  await renderApp(book.backend);
  await waitFor(() => expect(rowNames()).toContain('Gamma Tech'));
  await fireEvent.click(screen.getAllByTestId('customer-row').find((r) => r.getAttribute('data-name') === 'Gamma Tech')!);
  await screen.findByTestId('deal-conflict');
  return { ...book, deal };
}

beforeEach(() => freezeTime());
afterEach(() => {
  vi.useRealTimers();
  setLanguage('zh');
});

describe('a deal edited on two computers', () => {
  it('shows "two versions" with the fields that differ side by side', async () => {
    await conflictedDeal();
    expect(screen.getByTestId('deal-conflict-badge').textContent).toBe('两个版本');
    const box = screen.getByTestId('deal-conflict');
    expect(box.textContent).toContain('版本 B · Bob');
    const rows = within(box).getAllByTestId('deal-conflict-row').map((r) => r.textContent);
    expect(rows).toEqual(['成交金额（元）¥12,000¥9,000', '备注A 的价B 的价']);
  });

  it('takes version B: the deal reads B, the conflict is gone, the pick went to the backend', async () => {
    const { backend, deal } = await conflictedDeal();
    await fireEvent.click(screen.getByTestId('deal-conflict-take'));
    await waitFor(() => expect(screen.queryByTestId('deal-conflict')).toBeNull());
    expect(screen.getByTestId('deal-amount-text').textContent).toBe('¥9,000');
    expect(screen.queryByTestId('deal-conflict-badge')).toBeNull();
    expect(backend.callsOf('resolveDealConflict')).toEqual([[deal.id, true]]);
  });

  it('keeps version A, in English', async () => {
    const { backend, deal } = await conflictedDeal('en');
    expect(screen.getByTestId('deal-conflict-badge').textContent).toBe('Two versions');
    expect(screen.getByTestId('deal-conflict').textContent).toContain('Version B · Bob');
    await fireEvent.click(screen.getByTestId('deal-conflict-keep'));
    await waitFor(() => expect(screen.queryByTestId('deal-conflict')).toBeNull());
    expect(screen.getByTestId('deal-amount-text').textContent).toBe('¥12,000');
    expect(backend.records.deals.get(deal.id)!.conflict).toBeUndefined();
  });
});
