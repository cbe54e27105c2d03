import { fireEvent, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FakeBackend } from '../api/fakeBackend';
import { demoCustomers } from '../api/demoData';
import type { ImportOptions } from '../bindings/ImportOptions';
import type { ImportRequest } from '../bindings/ImportRequest';
import { setLanguage } from '../i18n/index.svelte';
import { renderApp } from '../../test/helpers';

/** The demo customer the built-in sheet repeats (the first of any demo book). */
const DEMO = demoCustomers(1)[0].name;
const count = (id: string) => screen.getByTestId(`import-count-${id}`).textContent;
const previewNames = () => screen.queryAllByTestId('preview-row').map((r) => r.getAttribute('data-name'));
const previewRow = (name: string) => screen.getAllByTestId('preview-row').find((r) => r.getAttribute('data-name') === name)!;
const lastOptions = (b: FakeBackend) => b.callsOf('previewImport').at(-1)?.[0] as ImportOptions;
const phase = () => screen.getByTestId('import-view').getAttribute('data-phase');

/** A book of 5 demo customers, the import view open, the sample file chosen and previewed. */
async function openPreview(opts: { customers?: number; pick?: string } = {}) {
  const backend = new FakeBackend({ customers: opts.customers ?? 5 });
  backend.imports.stepMs = 1;
  if (opts.pick) backend.imports.nextPick = opts.pick;
  await renderApp(backend);
  await fireEvent.click(screen.getByTestId('nav-import'));
  await fireEvent.click(await screen.findByTestId('import-choose'));
  await waitFor(() => expect(phase()).toBe('preview'));
  return backend;
}

afterEach(() => {
  setLanguage('zh');
  vi.restoreAllMocks();
});

describe('import view', () => {
  it('starts with the drop zone and history, then previews the chosen file with its counts', async () => {
    const backend = new FakeBackend({ customers: 5 });
    await renderApp(backend);
    await fireEvent.click(screen.getByTestId('nav-import'));
    expect(screen.getByTestId('nav-import').getAttribute('aria-current')).toBe('page');
    expect(screen.getByTestId('import-formats').textContent).toContain('.xlsx');
    expect(await screen.findByTestId('import-history-empty')).toBeTruthy();

    await fireEvent.click(screen.getByTestId('import-choose'));
    await waitFor(() => expect(phase()).toBe('preview'));
    expect(backend.callsOf('pickImportFile')).toHaveLength(1);
    // The UI opens the file by the token the dialog's answer carried, never by a path.
    const token = backend.callsOf('openImport')[0][0] as string;
    expect(backend.callsOf('openImport')).toHaveLength(1);
    expect(token).not.toContain('/');
    expect(screen.getByTestId('import-file-name').textContent).toBe('客户跟进记录表.xlsx');
    expect(screen.getByTestId('import-format').textContent).toBe('XLSX');
    expect(['rows', 'newCustomers', 'duplicates', 'partialRows', 'invalidRows', 'followUps'].map(count)).toEqual(['7', '4', '1', '1', '1', '6']);
    // Two rows of one customer became one; the duplicate names the customer it matches.
    expect(previewNames()).toEqual(['杭州明远科技有限公司', DEMO, '苏州瑞丰贸易有限公司', '深圳鼎盛电子有限公司', '南京恒通物流有限公司']);
    expect(previewRow('杭州明远科技有限公司').getAttribute('data-rows')).toBe('2,7');
    expect(within(previewRow(DEMO)).getByTestId('preview-duplicate').textContent).toBe(`重复：${DEMO}`);
    // Skip is the default policy: the duplicate is not counted in the button.
    expect((screen.getByTestId('import-policy-skip') as HTMLInputElement).checked).toBe(true);
    expect(screen.getByTestId('import-run').textContent?.trim()).toBe('导入 4 位客户');
    // Several sheets: the hidden one is marked.
    const sheets = [...(screen.getByTestId('import-sheet') as HTMLSelectElement).options].map((o) => o.textContent?.trim());
    expect(sheets).toEqual(['跟进记录（10 行）', '说明（3 行）', '旧数据（12 行） （隐藏）']);
    // The problem rows, and their download.
    const [problem] = screen.getAllByTestId('import-error-row');
    expect(problem.getAttribute('data-row')).toBe('5');
    expect(problem.textContent).toContain('名称不能为空');
    await fireEvent.click(screen.getByTestId('import-errors-download'));
    expect(await screen.findByTestId('import-errors-saved')).toBeTruthy();
    expect(screen.getByTestId('import-errors-saved').textContent).toContain('客户跟进记录表-错误行.csv');
  });

  it('re-previews with a changed mapping and shows the new table', async () => {
    const backend = await openPreview();
    expect(within(previewRow('杭州明远科技有限公司')).getByTestId('preview-tags').textContent).toBe('VIP华东');
    const tags = screen.getAllByTestId('mapping-row').findIndex((r) => r.getAttribute('data-header') === '标签');
    const select = screen.getByTestId(`mapping-target-${tags}`) as HTMLSelectElement;
    expect(select.value).toBe('tags');
    expect(select.selectedOptions[0].textContent).toBe('标签');
    await fireEvent.change(select, { target: { value: 'ignore' } });
    await waitFor(() => expect(within(previewRow('杭州明远科技有限公司')).getByTestId('preview-tags').textContent).toBe(''));
    const columns = lastOptions(backend).columns!;
    expect(columns[tags]).toBe('ignore');
    expect(columns[1]).toBe('name');
    expect(columns.filter((c) => c === 'ignore')).toHaveLength(2); // 序号 was ignored already

    // Keep the name column as a custom field: no names, every row is a problem and nothing to import.
    await fireEvent.change(screen.getByTestId('mapping-target-1'), { target: { value: '__custom' } });
    await waitFor(() => expect(count('invalidRows')).toBe('7'));
    expect(lastOptions(backend).columns![1]).toEqual({ custom: '客户名称' });
    expect(count('newCustomers')).toBe('0');
    expect((screen.getByTestId('import-run') as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByTestId('import-errors').textContent).toContain('8');
  });

  it('warns about ambiguous dates and sends the chosen date order', async () => {
    const backend = await openPreview();
    expect(screen.getByTestId('import-date-warning').textContent).toContain('3/4/2025');
    const marked = screen.getAllByTestId('mapping-row').filter((r) => within(r).queryByTestId('mapping-ambiguous'));
    expect(marked.map((r) => r.getAttribute('data-header'))).toEqual(['跟进日期']);
    expect((screen.getByTestId('import-date-monthFirst') as HTMLInputElement).checked).toBe(true);
    await fireEvent.click(screen.getByTestId('import-date-dayFirst'));
    await waitFor(() => expect(lastOptions(backend)).toMatchObject({ dateOrder: 'dayFirst' }));
    await waitFor(() => expect((screen.getByTestId('import-date-dayFirst') as HTMLInputElement).checked).toBe(true));
    // Answered: the warning goes.
    expect(screen.queryByTestId('import-date-warning')).toBeNull();
  });

  it('offers the encodings of a csv, warns when unsure and re-reads in the chosen one', async () => {
    const backend = await openPreview({ pick: '/tmp/老客户-gbk.csv' });
    expect(screen.queryByTestId('import-sheet')).toBeNull();
    const enc = screen.getByTestId('import-encoding') as HTMLSelectElement;
    expect(enc.value).toBe('GB18030');
    expect([...enc.options].map((o) => o.value)).toEqual(['UTF-8', 'GB18030', 'Big5', 'UTF-16LE', 'UTF-16BE', 'windows-1252']);
    expect(screen.getByTestId('import-encoding-warning')).toBeTruthy();
    await fireEvent.change(enc, { target: { value: 'UTF-8' } });
    await waitFor(() => expect(count('newCustomers')).toBe('0'));
    expect(lastOptions(backend)).toEqual({ encoding: 'UTF-8' });
    expect(screen.getAllByTestId('mapping-row')[1].getAttribute('data-header')).toContain('\ufffd');
  });

  it('sends the chosen duplicate policy and shows the summary, then the customers', async () => {
    const backend = await openPreview();
    await fireEvent.click(screen.getByTestId('import-policy-merge'));
    expect(screen.getByTestId('import-run').textContent?.trim()).toBe('导入 5 位客户');
    await fireEvent.click(screen.getByTestId('import-run'));
    await waitFor(() => expect(phase()).toBe('done'));
    const [request] = backend.callsOf('runImport')[0] as [ImportRequest];
    expect(request.policy).toBe('merge');
    expect(request.options.columns).toHaveLength(11);
    expect(['done-added', 'done-merged', 'done-skipped', 'done-followups'].map((id) => screen.getByTestId(id).textContent)).toEqual(['4', '1', '0', '6']);
    expect(backend.customers.size).toBe(9);
    await fireEvent.click(screen.getByTestId('import-view-customers'));
    await waitFor(() => expect(screen.queryAllByTestId('customer-row').map((r) => r.getAttribute('data-name'))).toContain('苏州瑞丰贸易有限公司'));
  });

  it('shows the progress and stops: nothing was changed', async () => {
    const backend = await openPreview();
    backend.imports.hold();
    await fireEvent.click(screen.getByTestId('import-run'));
    await waitFor(() => expect(screen.getByTestId('import-progress').getAttribute('aria-valuenow')).toBe('1'));
    const bar = screen.getByTestId('import-progress');
    expect(bar.getAttribute('aria-valuemax')).toBe('5');
    expect(screen.getByTestId('import-progress-text').textContent).toContain('1 / 5 位客户 · 20%');
    expect(screen.getByTestId('import-speed').textContent).toMatch(/每秒 [\d,]+ 行/);
    await fireEvent.click(screen.getByTestId('import-stop'));
    expect(backend.callsOf('cancelImport')).toHaveLength(1);
    await waitFor(() => expect(screen.getByTestId('import-notice').textContent).toBe('已停止导入，客户数据未改动。'));
    expect(phase()).toBe('preview');
    expect(backend.customers.size).toBe(5);
    expect(screen.queryByTestId('import-error')).toBeNull();
  });

  it('undoes an import from the history, after asking', async () => {
    const backend = new FakeBackend({ customers: 5 });
    await backend.openImport(backend.imports.pick('/home/demo/跟进记录.xlsx').token);
    backend.imports.stepMs = 1;
    const done = await backend.runImport({ options: {}, policy: 'skip' });
    expect(backend.customers.size).toBe(9);
    await renderApp(backend);
    await fireEvent.click(screen.getByTestId('nav-import'));
    const row = await screen.findByTestId('import-history-row');
    expect(row.textContent).toContain('跟进记录.xlsx');
    expect([...row.querySelectorAll('td.num')].map((td) => td.textContent)).toEqual(['4', '0', '1', '5']);
    expect(within(row).getByTestId('import-history-state').textContent).toBe('已完成');

    const confirm = vi.spyOn(window, 'confirm').mockReturnValueOnce(false);
    await fireEvent.click(within(row).getByTestId('import-history-undo'));
    expect(confirm.mock.calls[0][0]).toContain('4 位客户将被删除');
    expect(backend.callsOf('undoImport')).toHaveLength(0);

    await fireEvent.click(within(row).getByTestId('import-history-undo'));
    await waitFor(() => expect(within(screen.getByTestId('import-history-row')).getByTestId('import-history-state').textContent).toBe('已撤销'));
    expect(backend.callsOf('undoImport')).toEqual([[done.id]]);
    expect(screen.getByTestId('import-notice').textContent).toContain('移除 4 位新增客户');
    expect(screen.queryByTestId('import-history-undo')).toBeNull();
    expect(backend.customers.size).toBe(5);
  });

  it('undoes the import just done from its summary', async () => {
    const backend = await openPreview();
    await fireEvent.click(screen.getByTestId('import-run'));
    await waitFor(() => expect(phase()).toBe('done'));
    await fireEvent.click(screen.getByTestId('import-undo-this'));
    await waitFor(() => expect(screen.getByTestId('import-done').getAttribute('data-state')).toBe('undone'));
    expect(backend.customers.size).toBe(5);
    expect(screen.queryByTestId('import-undo-this')).toBeNull();
    // Importing the same headers again offers the mapping used last time.
    await fireEvent.click(screen.getByTestId('import-another'));
    await fireEvent.click(await screen.findByTestId('import-choose'));
    expect(await screen.findByTestId('import-mapping-remembered')).toBeTruthy();
  });

  it('shows why a garbage file cannot be opened, in the start state', async () => {
    const backend = new FakeBackend({ customers: 5 });
    backend.imports.nextPick = '/home/demo/garbage.xlsx';
    await renderApp(backend);
    await fireEvent.click(screen.getByTestId('nav-import'));
    await fireEvent.click(await screen.findByTestId('import-choose'));
    const alert = await screen.findByTestId('import-error');
    expect(alert.getAttribute('role')).toBe('alert');
    expect(alert.textContent).toContain('无法识别该文件');
    expect(phase()).toBe('start');
    expect(screen.getByTestId('import-drop')).toBeTruthy();
  });

  it('opens files by the token the backend gave, and a bare path is refused', async () => {
    const backend = new FakeBackend({ customers: 5 });
    const picked = await backend.pickImportFile();
    expect(picked?.name).toBe('客户跟进记录表.xlsx');
    expect(JSON.stringify(picked)).not.toContain('/home/demo');
    await expect(backend.openImport('/home/demo/Documents/客户跟进记录表.xlsx')).rejects.toMatchObject({ code: 'unknownFile' });
    await expect(backend.openImport('/etc/passwd')).rejects.toMatchObject({ code: 'unknownFile' });
    expect((await backend.openImport(picked!.token)).fileName).toBe('客户跟进记录表.xlsx');
  });

  it('opens a file dropped anywhere on the window', async () => {
    const backend = new FakeBackend({ customers: 5 });
    await renderApp(backend);
    await waitFor(() => expect(backend.callsOf('onFileDrop')).toHaveLength(1));
    backend.imports.drop('/home/demo/拖进来的表.xlsx');
    await waitFor(() => expect(screen.getByTestId('import-file-name').textContent).toBe('拖进来的表.xlsx'));
    expect(backend.callsOf('openImport')).toHaveLength(1);
    expect(backend.callsOf('openImport')[0][0]).not.toContain('拖进来的表');
    expect(screen.getByTestId('nav-import').getAttribute('aria-current')).toBe('page');
    // Cancel closes the file and goes back to the start.
    await fireEvent.click(screen.getByTestId('import-cancel'));
    await waitFor(() => expect(phase()).toBe('start'));
    expect(backend.callsOf('closeImport')).toHaveLength(1);
  });

  it('speaks English', async () => {
    const backend = new FakeBackend({ customers: 5, settings: { language: 'en' } });
    backend.imports.stepMs = 1;
    await renderApp(backend);
    setLanguage('en');
    await fireEvent.click(screen.getByTestId('nav-import'));
    expect(screen.getByTestId('nav-import').textContent).toContain('Import');
    expect(screen.getByTestId('import-choose').textContent?.trim()).toBe('Choose file…');
    await fireEvent.click(screen.getByTestId('import-choose'));
    await waitFor(() => expect(phase()).toBe('preview'));
    expect(screen.getByTestId('import-counts').textContent).toContain('New customers');
    expect(screen.getByTestId('import-run').textContent?.trim()).toBe('Import 4 customers');
    expect(screen.getByTestId('import-date-warning').textContent).toContain('day/month/year');
    expect(screen.getAllByTestId('import-error-row')[0].textContent).toContain('Name is required');
    expect(screen.getAllByTestId('import-error-row')[1].textContent).toContain('“2025/13/01”: not a date');
    expect(screen.getAllByTestId('import-error-outcome').map((o) => o.textContent?.trim())).toEqual([
      'Row not imported',
      'Imported, next follow-up by priority',
    ]);
    expect(screen.getByTestId('import-problems-choice').textContent).toContain('Skip rows with problems');
    expect(screen.getByTestId('import-assumption').textContent).toContain('read as 2025, the year of the rows around them');
    expect(screen.getAllByTestId('import-skipped-row').map((r) => r.textContent?.replace(/\s+/g, ' ').trim())).toEqual([
      'Row 9 合计 — skipped: totals row',
      'Row 10 制表人：李娜 — skipped: footer row',
    ]);
    expect(within(previewRow(DEMO)).getByTestId('preview-duplicate').textContent).toBe(`Duplicate: ${DEMO}`);
    const select = screen.getByTestId('mapping-target-7') as HTMLSelectElement;
    expect(select.selectedOptions[0].textContent).toBe('Tags');
    expect(select.options[0].textContent).toBe('Don’t import');
    expect(select.querySelector('optgroup')?.getAttribute('label')).toBe('Customer');
    await fireEvent.click(screen.getByTestId('import-run'));
    await waitFor(() => expect(screen.getByTestId('import-done').textContent).toContain('Import complete'));
    expect(screen.getByTestId('import-done').textContent).toContain('Duplicates skipped');
  });
  it('imports rows with a bad cell by default, names the value and what happens, and lists skipped rows and assumed years', async () => {
    await openPreview();
    const rows = screen.getAllByTestId('import-error-row');
    expect(rows.map((r) => [r.getAttribute('data-row'), r.getAttribute('data-outcome')])).toEqual([
      ['5', 'rowLeftOut'],
      ['8', 'followUpDueByPriority'],
    ]);
    expect(rows[1].textContent).toContain('下次跟进日期');
    expect(rows[1].textContent).toContain('“2025/13/01”不是有效的日期');
    expect(within(rows[1]).getByTestId('import-error-outcome').textContent?.trim()).toBe('已导入，下次跟进按优先级排期');
    expect(within(rows[0]).getByTestId('import-error-outcome').textContent?.trim()).toBe('整行未导入');
    expect(previewRow('南京恒通物流有限公司').getAttribute('data-rows')).toBe('8');
    // Default: import what can be read.
    expect((screen.getByTestId('import-problems-import') as HTMLInputElement).checked).toBe(true);
    // The year of 4月8日 comes from the rows above; 合计 and the footer are skipped.
    const year = screen.getByTestId('import-assumption');
    expect(year.getAttribute('data-year')).toBe('2025');
    expect(year.textContent).toContain('“跟进日期”');
    expect(year.textContent).toContain('1 个日期没有年份（如“4月8日”），按 2025 年读取：取自相邻行的日期');
    const skipped = screen.getAllByTestId('import-skipped-row');
    expect(skipped.map((r) => r.getAttribute('data-row'))).toEqual(['9', '10']);
    expect(skipped[0].textContent).toContain('第 9 行');
    expect(skipped[0].textContent).toContain('合计行，已跳过');
    expect(skipped[1].textContent).toContain('表尾行，已跳过');
    expect(screen.getByTestId('import-notes').textContent).toContain('跳过的合计行和表尾');
  });

  it('skips rows with problems when asked, and the counts follow', async () => {
    const backend = await openPreview();
    await fireEvent.click(screen.getByTestId('import-problems-skip'));
    await waitFor(() => expect(lastOptions(backend)).toEqual({ skipProblemRows: true }));
    await waitFor(() => expect(count('invalidRows')).toBe('2'));
    expect(count('partialRows')).toBe('0');
    expect(count('newCustomers')).toBe('3');
    expect((screen.getByTestId('import-problems-skip') as HTMLInputElement).checked).toBe(true);
    expect(screen.getAllByTestId('import-error-row').map((r) => r.getAttribute('data-outcome'))).toEqual(['rowLeftOut', 'rowLeftOut']);
    expect(previewNames()).not.toContain('南京恒通物流有限公司');
    // The import sends the choice; back to the default brings the row back.
    await fireEvent.click(screen.getByTestId('import-problems-import'));
    await waitFor(() => expect(count('newCustomers')).toBe('4'));
    expect(lastOptions(backend)).toEqual({ skipProblemRows: false });
    await fireEvent.click(screen.getByTestId('import-problems-skip'));
    await waitFor(() => expect(count('newCustomers')).toBe('3'));
    await fireEvent.click(screen.getByTestId('import-run'));
    await waitFor(() => expect(phase()).toBe('done'));
    const [request] = backend.callsOf('runImport')[0] as [ImportRequest];
    expect(request.options.skipProblemRows).toBe(true);
  });
  it('restores a Rapport JSON export into an empty book, saying so, with what the file holds', async () => {
    const backend = await openPreview({ customers: 0, pick: '/home/demo/客脉导出.json' });
    const book = screen.getByTestId('import-book');
    expect(book.getAttribute('data-mode')).toBe('restore');
    expect(screen.getByTestId('import-format').textContent).toBe('JSON');
    expect(screen.getByTestId('import-book-mode').textContent).toContain('按原样恢复');
    expect(within(screen.getByTestId('import-book-customers')).getByText('5')).toBeTruthy();
    expect(screen.getByTestId('import-book-history').textContent).not.toContain('合并时不导入');
    // No sheet, encoding or mapping for a JSON file; no duplicates in an empty book.
    expect(screen.queryByTestId('import-source')).toBeNull();
    expect(screen.queryByTestId('mapping-target-0')).toBeNull();
    expect(screen.queryByTestId('import-policy-skip')).toBeNull();
    expect(screen.getByTestId('import-run').textContent?.trim()).toBe('恢复 5 位客户');
    await fireEvent.click(screen.getByTestId('import-run'));
    await waitFor(() => expect(phase()).toBe('done'));
    expect(backend.customers.size).toBe(5);
    // The file's stages came with it: the settings are read again.
    await waitFor(() => expect(backend.callsOf('getSettings').length).toBeGreaterThan(0));
  });

  it('merges a JSON export into a book with customers by the duplicate rules, in English too', async () => {
    const backend = await openPreview({ pick: '/home/demo/rapport-export.json' });
    expect(screen.getByTestId('import-book').getAttribute('data-mode')).toBe('merge');
    expect(screen.getByTestId('import-book-mode').textContent).toContain('合并到现有客户');
    expect(screen.getByTestId('import-book-history').textContent).toContain('合并时不导入');
    expect(count('duplicates')).toBe('1');
    expect((screen.getByTestId('import-policy-skip') as HTMLInputElement).checked).toBe(true);
    expect(screen.getByTestId('import-run').textContent?.trim()).toBe('导入 4 位客户');
    setLanguage('en');
    await waitFor(() => expect(screen.getByTestId('import-book-mode').textContent).toContain('Merge into your customers'));
    expect(screen.getByTestId('import-book-history').textContent).toContain('not merged');
    await fireEvent.click(screen.getByTestId('import-run'));
    await waitFor(() => expect(phase()).toBe('done'));
    expect(backend.customers.size).toBe(9);
  });
});
