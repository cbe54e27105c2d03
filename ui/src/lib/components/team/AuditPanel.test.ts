import { fireEvent, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../bindings/AuditEntry';
import { formatDateTime, setLanguage } from '../../i18n/index.svelte';
import { renderApp, smallBook } from '../../../test/helpers';

const AT = '2026-12-06T09:30:00Z';
const entry = (id: number, e: Partial<AuditEntry>): AuditEntry => ({
  id, at: AT, who: '李娜', table: 'customers', recordId: 'c', action: 'changed', field: null, old: null, new: null, ...e,
});

/** A team book whose customer Alpha Trading has an audit on the (fake) server. */
async function teamBook(language: 'zh' | 'en' = 'zh') {
  const backend = await smallBook({ settings: { language } });
  backend.team.login = { host: 'db.office.lan', port: 5432, database: 'team', user: 'li', password: '', tls: true };
  backend.team.state = { code: 'synced', pending: 0, since: AT, reason: null };
  const alpha = [...backend.customers.values()].find((c) => c.name === 'Alpha Trading')!;
  backend.audit.entries.set(alpha.id, [
    entry(11, { table: 'tasks', recordId: 'k1', field: 'assignee', old: '安 Ann', new: 'Bob' }),
    entry(10, { table: 'tasks', recordId: 'k1', action: 'created', new: '{"title":"寄样品"}' }),
    entry(9, { table: 'deals', recordId: 'd1', field: 'amount', old: '1200000', new: '900000', who: '王强' }),
    entry(8, { table: 'customer_tags', recordId: `${alpha.id}/t1`, action: 'created', field: 'tag', new: '重点' }),
    entry(7, { field: 'stage', old: 'initialContact', new: 'proposal' }),
    entry(6, { field: 'owner', old: '王强', new: null }),
    entry(5, { field: 'company', old: null, new: 'Alpha Ltd' }),
    entry(4, { action: 'created', new: '{"name":"Alpha Trading"}' }),
  ]);
  await renderApp(backend);
  if (language === 'en') setLanguage('en');
  await waitFor(() => expect(screen.getAllByTestId('customer-row').length).toBe(3));
  await fireEvent.click(screen.getAllByTestId('customer-row').find((r) => r.getAttribute('data-name') === 'Alpha Trading')!);
  return { backend, alpha };
}

afterEach(() => setLanguage('zh'));

describe('a customer’s audit (team book)', () => {
  it('opens with one click: what, old → new in the form’s words, who, local time', async () => {
    const { backend, alpha } = await teamBook();
    await fireEvent.click(await screen.findByTestId('audit-open'));
    const panel = await screen.findByTestId('audit-panel');
    await waitFor(() => expect(within(panel).getAllByTestId('audit-row').length).toBe(8));
    const rows = within(panel).getAllByTestId('audit-row').map((r) => [
      within(r).getByTestId('audit-who').textContent,
      within(r).getByTestId('audit-what').textContent,
      within(r).queryByTestId('audit-change')?.textContent ?? '',
    ]);
    expect(rows).toEqual([
      ['李娜', '阶段任务 · 执行人', '安 Ann → Bob'],
      ['李娜', '添加了阶段任务', ''],
      ['王强', '成交 · 成交金额（元）', '¥12,000 → ¥9,000'],
      ['李娜', '加上标签“重点”', ''],
      ['李娜', '阶段', '初步接触 → 方案沟通'],
      ['李娜', '负责人', '王强 → 公海'],
      ['李娜', '公司', '（空） → Alpha Ltd'],
      ['李娜', '创建了客户', ''],
    ]);
    expect(panel.textContent).toContain(formatDateTime(AT));
    expect(backend.callsOf('teamCustomerAudit')).toEqual([[alpha.id, null]]);
    await fireEvent.click(screen.getByTestId('audit-close'));
    expect(screen.queryByTestId('audit-panel')).toBeNull();
  });

  it('says plainly that the server is out of reach, in English too', async () => {
    const { backend } = await teamBook('en');
    backend.audit.offline = true;
    await fireEvent.click(await screen.findByTestId('audit-open'));
    const error = await screen.findByTestId('audit-error');
    expect(error.getAttribute('data-code')).toBe('team.offline');
    expect(error.textContent).toContain('cannot be reached right now');
    expect(screen.getByTestId('audit-open').textContent).toContain('Audit');
  });

  it('pages to older entries', async () => {
    const { backend, alpha } = await teamBook();
    backend.audit.entries.set(alpha.id, Array.from({ length: 250 }, (_, i) => entry(1000 - i, { field: 'notes', new: `n${i}` })));
    await fireEvent.click(await screen.findByTestId('audit-open'));
    await waitFor(() => expect(screen.getAllByTestId('audit-row').length).toBe(200));
    await fireEvent.click(screen.getByTestId('audit-more'));
    await waitFor(() => expect(screen.getAllByTestId('audit-row').length).toBe(250));
    expect(screen.queryByTestId('audit-more')).toBeNull();
    expect(backend.callsOf('teamCustomerAudit').at(-1)).toEqual([alpha.id, 801]);
  });

  it('is not offered in a personal book', async () => {
    const backend = await smallBook();
    await renderApp(backend);
    await waitFor(() => expect(screen.getAllByTestId('customer-row').length).toBe(3));
    await fireEvent.click(screen.getAllByTestId('customer-row')[0]);
    await screen.findByTestId('detail-name');
    await waitFor(() => expect(backend.callsOf('teamInfo').length).toBeGreaterThan(0));
    expect(screen.queryByTestId('audit-open')).toBeNull();
  });
});
