// The import preview of a sheet with money columns: the opportunities, deals and after-sales
// records it will make are counted, the notices (an amount kept as a note, an assumed date)
// listed in the user's language, the record targets offered in the mapping, and the summary
// says what landed.
import { fireEvent, screen, waitFor } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeBackend } from '../api/fakeBackend';
import type { ImportOptions } from '../bindings/ImportOptions';
import type { ImportRequest } from '../bindings/ImportRequest';
import { setLanguage } from '../i18n/index.svelte';
import { renderApp } from '../../test/helpers';

const phase = () => screen.getByTestId('import-view').getAttribute('data-phase');
const count = (id: string) => screen.queryByTestId(`import-count-${id}`)?.textContent ?? null;

const NOTICES = {
  zh: [
    { row: 3, column: '成交金额', message: '未填日期，按本行跟进日期记为 2026-11-05', value: null, outcome: 'noted' as const },
    { row: 5, column: '预计成交金额', message: '不是金额：商机照建，无金额，原文记为预算说明', value: '面议', outcome: 'noted' as const },
  ],
  en: [
    { row: 3, column: '成交金额', message: 'no date: dated 2026-11-05, the row’s follow-up day', value: null, outcome: 'noted' as const },
    { row: 5, column: '预计成交金额', message: 'not an amount: the opportunity is made without one, the text kept as its budget note', value: '面议', outcome: 'noted' as const },
  ],
};

/** The fake's previews and import as the real backend answers a sheet with money columns. */
function withMoney(backend: FakeBackend, lang: 'zh' | 'en') {
  const preview = backend.previewImport;
  const open = backend.openImport;
  const money = <T extends { counts: object }>(p: T) => ({
    ...p,
    together: lang === 'zh' ? ['跟进记录', '商机', '成交', '售后'] : ['Follow-ups', 'Opportunities', 'Deals', 'After-sales'],
    counts: { ...p.counts, opportunities: 2, deals: 3, services: 1 },
    notices: NOTICES[lang],
    noticesTotal: 4,
  });
  backend.openImport = async (token: string) => money(await open(token));
  backend.previewImport = async (o: ImportOptions) => money(await preview(o));
  const run = backend.runImport;
  backend.runImport = async (r: ImportRequest) => ({
    ...(await run(r)),
    opportunitiesAdded: 2,
    dealsAdded: 3,
    servicesAdded: 1,
  });
}

async function openPreview(lang: 'zh' | 'en', money = true) {
  const backend = new FakeBackend({ customers: 5, settings: { language: lang } });
  backend.imports.stepMs = 1;
  if (money) withMoney(backend, lang);
  await renderApp(backend);
  setLanguage(lang);
  await fireEvent.click(screen.getByTestId('nav-import'));
  await fireEvent.click(await screen.findByTestId('import-choose'));
  await waitFor(() => expect(phase()).toBe('preview'));
  return backend;
}

afterEach(() => setLanguage('zh'));

describe('import preview with money columns', () => {
  it('counts the records the import will make and lists the notices', async () => {
    await openPreview('zh');
    expect(['opportunities', 'deals', 'services'].map(count)).toEqual(['2', '3', '1']);
    const counts = screen.getByTestId('import-counts').textContent!;
    for (const label of ['商机', '成交记录', '售后记录']) expect(counts).toContain(label);
    const rows = screen.getAllByTestId('import-notice-row');
    expect(rows.map((r) => r.getAttribute('data-row'))).toEqual(['3', '5']);
    expect(rows[1].textContent).toContain('原文记为预算说明');
    expect(screen.getByTestId('import-notices').textContent).toContain('请留意');
    expect(screen.getByTestId('import-notices-more').textContent).toContain('共 4 条');
    // A book's workbook: its other sheets are imported with the customer sheet.
    expect(screen.getByTestId('import-together').textContent).toBe('一并导入：跟进记录、商机、成交、售后（选一张表则只导入该表）');
    // Notices are no problems: the import button still takes every customer.
    expect(screen.getByTestId('import-run').textContent?.trim()).toBe('导入 4 位客户');
    await fireEvent.click(screen.getByTestId('import-run'));
    await waitFor(() => expect(screen.getByTestId('done-records').textContent).toBe('商机 2 · 成交 3 · 售后 1'));
  }, 15000);

  it('speaks English', async () => {
    await openPreview('en');
    const counts = screen.getByTestId('import-counts').textContent!;
    for (const label of ['Opportunities', 'Deals', 'After-sales records']) expect(counts).toContain(label);
    expect(screen.getByTestId('import-notices').textContent).toContain('Worth a look');
    expect(screen.getByTestId('import-together').textContent).toContain('Follow-ups, Opportunities, Deals, After-sales');
    expect(screen.getAllByTestId('import-notice-row')[0].textContent).toContain('no date: dated 2026-11-05');
    await fireEvent.click(screen.getByTestId('import-run'));
    await waitFor(() =>
      expect(screen.getByTestId('done-records').textContent).toBe('Opportunities 2 · deals 3 · after-sales 1'),
    );
  });

  it('shows no record figures or notices for a sheet without money columns, and offers the record targets', async () => {
    await openPreview('zh', false);
    expect(count('deals')).toBeNull();
    expect(count('followUps')).toBe('6');
    expect(screen.queryByTestId('import-notices')).toBeNull();
    expect(screen.queryByTestId('import-together')).toBeNull();
    const select = screen.getByTestId('mapping-target-0') as HTMLSelectElement;
    const group = [...select.querySelectorAll('optgroup')].find((g) => g.getAttribute('label') === '商机、成交与售后');
    const options = [...group!.querySelectorAll('option')].map((o) => o.textContent);
    expect(options).toEqual([
      '商机预计金额', '成交金额', '成交日期', '成交产品/服务', '付款方式',
      '售后服务日期', '售后服务内容', '满意度', '下次服务（日期或计划）',
      '投诉日期', '投诉类别', '严重程度', '处理状态', '解决日期', '处理结果',
    ]);
  });
});
