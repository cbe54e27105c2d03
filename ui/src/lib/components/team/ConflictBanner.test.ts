import { fireEvent, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import { setLanguage } from '../../i18n/index.svelte';
import { renderApp, smallBook } from '../../../test/helpers';

/** A team book with a deal of Gamma Tech edited on two computers (as a pull leaves it). */
async function conflicted() {
  const backend = await smallBook();
  const gamma = [...backend.customers.values()].find((c) => c.name === 'Gamma Tech')!;
  const { deal } = await backend.addDeal(gamma.id, {
    date: '2025-03-01', amount: 1_200_000, productOrService: '年度服务', paymentMethod: 'offline', notes: 'A 的价',
  });
  backend.records.deals.get(deal.id)!.conflict = { fields: { amount: 900_000, notes: 'B 的价' }, by: 'Bob', commit: 7 };
  await renderApp(backend);
  return { backend, deal, gamma };
}

afterEach(() => setLanguage('zh'));

describe('the conflict banner', () => {
  it('counts the deals that need a decision and shows both versions, the differing fields highlighted', async () => {
    await conflicted();
    const banner = await screen.findByTestId('conflict-banner');
    expect(screen.getByTestId('conflict-banner-text').textContent).toBe('1 笔成交在两台电脑上被同时修改，需要你选定保留哪个版本。');
    await fireEvent.click(screen.getByTestId('conflict-banner-toggle'));
    const item = await within(banner).findByTestId('conflict-item');
    expect(item.textContent).toContain('Gamma Tech');
    const differ = within(item).getAllByTestId('deal-conflict-row');
    expect(differ.map((r) => r.textContent)).toEqual(['成交金额（元）¥12,000¥9,000', '备注A 的价B 的价']);
    expect(differ.every((r) => r.classList.contains('differs'))).toBe(true);
    const same = within(item).getAllByTestId('deal-conflict-same');
    expect(same.map((r) => r.textContent)).toContain('产品或服务年度服务年度服务');
    expect(same.some((r) => r.classList.contains('differs'))).toBe(false);
  });

  it('one click keeps a version: saved as an edit, and the banner is gone', async () => {
    const { backend, deal } = await conflicted();
    await fireEvent.click(await screen.findByTestId('conflict-banner-toggle'));
    await fireEvent.click(within(screen.getByTestId('conflict-banner')).getByTestId('deal-conflict-take'));
    await waitFor(() => expect(screen.queryByTestId('conflict-banner')).toBeNull());
    expect(backend.callsOf('resolveDealConflict')).toEqual([[deal.id, true]]);
    expect(backend.records.deals.get(deal.id)!.amount).toBe(900_000);
    expect(backend.records.deals.get(deal.id)!.conflict).toBeUndefined();
  });

  it('comes back after a synced round brings a conflict, and opens the customer (English)', async () => {
    const backend = await smallBook({ settings: { language: 'en' } });
    await renderApp(backend);
    setLanguage('en');
    const gamma = [...backend.customers.values()].find((c) => c.name === 'Gamma Tech')!;
    const { deal } = await backend.addDeal(gamma.id, { date: '2025-03-01', amount: 500_000, productOrService: 'Support', paymentMethod: 'online', notes: '' });
    expect(screen.queryByTestId('conflict-banner')).toBeNull();
    backend.records.deals.get(deal.id)!.conflict = { fields: { amount: 600_000 }, by: 'Bob', commit: 9 };
    backend.team.emit({ code: 'synced', pending: 0, since: '2026-12-06T08:30:00Z', reason: null });
    expect((await screen.findByTestId('conflict-banner-text')).textContent).toBe('A deal was edited on two computers at once: pick the version to keep.');
    await fireEvent.click(screen.getByTestId('conflict-banner-toggle'));
    await fireEvent.click(await screen.findByTestId('conflict-open-customer'));
    expect((await screen.findByTestId('detail-name')).textContent).toBe('Gamma Tech');
  });
});
