import { fireEvent, screen, waitFor } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import type { ExportFormat } from '../../api/backend';
import { FakeBackend, type FakeOptions } from '../../api/fakeBackend';
import type { ListQuery } from '../../bindings/ListQuery';
import { lastQuery, renderApp, rowNames, smallBook } from '../../../test/helpers';

const NOW = new Date(2026, 10, 23, 12, 0);

/** The small book with the list loaded and the export dialog open. */
async function openExport(opts: FakeOptions = {}) {
  const backend = await smallBook({ now: () => NOW, ...opts });
  await renderApp(backend);
  await waitFor(() => expect(rowNames()).toHaveLength(3));
  await fireEvent.click(screen.getByTestId('export-button'));
  await screen.findByTestId('export-dialog');
  return backend;
}

function exportCalls(backend: FakeBackend) {
  return backend.callsOf('exportCustomers') as [ExportFormat, ListQuery | null][];
}

describe('export from the customer list', () => {
  it('exports the list as filtered now: the list’s own query goes to the backend', async () => {
    const backend = await openExport();
    await fireEvent.click(screen.getByTestId('export-button'));
    await fireEvent.input(screen.getByTestId('search-input'), { target: { value: 'gamma' } });
    await waitFor(() => expect(rowNames()).toEqual(['Gamma Tech']));
    await fireEvent.click(screen.getByTestId('export-button'));
    expect(screen.getByTestId('export-dialog').textContent).toContain('当前筛选的 1 位客户');
    expect((screen.getByTestId('export-scope-current') as HTMLInputElement).checked).toBe(true);
    await fireEvent.click(screen.getByTestId('export-run'));
    await waitFor(() => expect(exportCalls(backend)).toHaveLength(1));
    const [format, query] = exportCalls(backend)[0];
    expect(format).toBe('xlsx');
    const { offset: _o, limit: _l, ...shown } = lastQuery(backend);
    expect(query).toMatchObject({ ...shown, search: 'gamma' });
  });

  it('exports the whole book with a null query', async () => {
    const backend = await openExport();
    expect(screen.getByTestId('export-dialog').textContent).toContain('当前筛选的 3 位客户');
    await fireEvent.click(screen.getByTestId('export-scope-all'));
    await fireEvent.click(screen.getByTestId('export-run'));
    await waitFor(() => expect(exportCalls(backend)).toHaveLength(1));
    expect(exportCalls(backend)[0][1]).toBeNull();
  });

  it('passes each chosen format through', async () => {
    const backend = await openExport();
    const formats: ExportFormat[] = ['csv', 'json', 'vcf', 'ics', 'xlsx'];
    for (const [i, f] of formats.entries()) {
      await fireEvent.click(screen.getByTestId(`export-format-${f}`));
      await fireEvent.click(screen.getByTestId('export-run'));
      await waitFor(() => expect(exportCalls(backend)).toHaveLength(i + 1));
    }
    expect(exportCalls(backend).map(([f]) => f)).toEqual(formats);
  });

  it('shows where the file was saved', async () => {
    await openExport();
    await fireEvent.click(screen.getByTestId('export-run'));
    const done = await screen.findByTestId('export-done');
    expect(done.textContent).toContain('已导出到 /home/user/客户-2026-11-23.xlsx');
    expect(screen.queryByTestId('export-error')).toBeNull();
  });

  it('shows nothing when the save dialog is cancelled', async () => {
    const backend = await openExport();
    backend.backups.exportPath = null;
    await fireEvent.click(screen.getByTestId('export-run'));
    await waitFor(() => expect(exportCalls(backend)).toHaveLength(1));
    await waitFor(() => expect((screen.getByTestId('export-run') as HTMLButtonElement).disabled).toBe(false));
    expect(screen.queryByTestId('export-done')).toBeNull();
    expect(screen.queryByTestId('export-error')).toBeNull();
    expect(backend.backups.exports).toHaveLength(0);
  });

  it('shows a failed export’s message', async () => {
    const backend = await openExport();
    backend.backups.exportError = { code: 'io', message: '无法写入文件：磁盘已满' };
    await fireEvent.click(screen.getByTestId('export-run'));
    expect((await screen.findByTestId('export-error')).textContent).toContain('无法写入文件：磁盘已满');
    expect(screen.queryByTestId('export-done')).toBeNull();
  });

  it('speaks English in English mode, including the default file name', async () => {
    await openExport({ settings: { language: 'en' } });
    const dialog = screen.getByTestId('export-dialog');
    expect(dialog.textContent).toContain('The 3 customers in the current list');
    expect(dialog.textContent).toContain('The whole book');
    await fireEvent.click(screen.getByTestId('export-format-ics'));
    await fireEvent.click(screen.getByTestId('export-run'));
    expect((await screen.findByTestId('export-done')).textContent).toContain('Exported to /home/user/follow-ups-2026-11-23.ics');
  });

  it('closes with Escape', async () => {
    await openExport();
    await fireEvent.keyDown(screen.getByTestId('export-dialog'), { key: 'Escape' });
    expect(screen.queryByTestId('export-dialog')).toBeNull();
  });
});
