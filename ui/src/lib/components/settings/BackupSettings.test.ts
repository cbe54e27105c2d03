import { fireEvent, screen, waitFor } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FakeBackend, type FakeOptions } from '../../api/fakeBackend';
import { renderApp } from '../../../test/helpers';

/** The app on a fake book, showing Settings with the backup list loaded (or empty). */
async function openBackups(opts: FakeOptions = {}, setup: (b: FakeBackend) => void = () => {}) {
  const backend = new FakeBackend({ ...opts, settings: { backupsToKeep: 14, ...opts.settings } });
  setup(backend);
  await renderApp(backend);
  await fireEvent.click(screen.getByTestId('nav-settings'));
  await screen.findByTestId('backup-settings');
  await waitFor(() => expect(backend.callsOf('listBackups')).toHaveLength(1));
  return backend;
}

const reasons = () => screen.queryAllByTestId('backup-reason').map((c) => c.textContent?.trim());

afterEach(() => vi.restoreAllMocks());

describe('backup settings', () => {
  it('lists the backups with reason, counts and size, in Chinese', async () => {
    await openBackups();
    await waitFor(() => expect(reasons()).toEqual(['每日自动', '导入前']));
    const rows = screen.getAllByTestId('backup-row');
    expect(rows[0].textContent).toContain('12');
    expect(rows[0].textContent).toContain('30');
    expect(screen.getAllByTestId('backup-size').map((c) => c.textContent)).toEqual(['47 KB', '1.7 MB']);
    expect(screen.queryByTestId('backup-empty')).toBeNull();
  });

  it('labels every reason in English in English mode', async () => {
    await openBackups({ settings: { language: 'en' } }, (b) => {
      const [one] = b.backups.backups;
      b.backups.backups = (['daily', 'manual', 'beforeImport', 'beforeRestore'] as const).map((reason, i) => ({
        ...one, reason, path: `${one.path}-${i}`,
      }));
    });
    await waitFor(() => expect(reasons()).toEqual(['Daily', 'Manual', 'Before import', 'Before restore']));
    expect(screen.getByTestId('backup-settings').textContent).toContain('Back up now');
  });

  it('backs up now, confirms it and shows the new backup first', async () => {
    const backend = await openBackups({ customers: 5 });
    await waitFor(() => expect(reasons()).toHaveLength(2));
    await fireEvent.click(screen.getByTestId('backup-now'));
    expect((await screen.findByTestId('backup-done')).textContent).toContain('已备份：5 位客户');
    await waitFor(() => expect(reasons()).toEqual(['手动', '每日自动', '导入前']));
    expect(backend.callsOf('backupNow')).toHaveLength(1);
    expect(backend.callsOf('listBackups')).toHaveLength(2);
  });

  it('shows an empty state when there are no backups, and the list after backing up', async () => {
    await openBackups({}, (b) => (b.backups.backups = []));
    expect((await screen.findByTestId('backup-empty')).textContent).toContain('还没有备份');
    expect(screen.queryByTestId('backup-list')).toBeNull();
    await fireEvent.click(screen.getByTestId('backup-now'));
    await waitFor(() => expect(reasons()).toEqual(['手动']));
    expect(screen.queryByTestId('backup-empty')).toBeNull();
  });

  it('asks first, explaining the backup and the restart, then restores', async () => {
    const backend = await openBackups();
    const confirm = vi.spyOn(window, 'confirm').mockReturnValue(true);
    await fireEvent.click(screen.getByTestId('backup-restore'));
    await waitFor(() => expect(backend.callsOf('restoreBackup')).toHaveLength(1));
    expect(confirm.mock.calls[0][0]).toContain('恢复前会先备份当前数据');
    expect(confirm.mock.calls[0][0]).toContain('重新启动');
    // The file dialog was cancelled (null): nothing to say.
    await waitFor(() => expect((screen.getByTestId('backup-restore') as HTMLButtonElement).disabled).toBe(false));
    expect(screen.queryByTestId('backup-done')).toBeNull();
    expect(screen.queryByTestId('backup-error')).toBeNull();
  });

  it('does not restore when the confirmation is declined', async () => {
    const backend = await openBackups();
    vi.spyOn(window, 'confirm').mockReturnValue(false);
    await fireEvent.click(screen.getByTestId('backup-restore'));
    expect(backend.callsOf('restoreBackup')).toHaveLength(0);
  });

  it('says the app restarts once a backup is picked', async () => {
    await openBackups({}, (b) => (b.backups.restorePick = b.backups.backups[1]));
    await fireEvent.click(screen.getByTestId('backup-restore'));
    expect((await screen.findByTestId('backup-done')).textContent).toContain('客脉即将重新启动');
  });

  it('shows why a restore failed, e.g. a backup from a newer version', async () => {
    const message = '这个备份来自更新版本的客脉，请先升级客脉再恢复。';
    await openBackups({}, (b) => (b.backups.restoreError = { code: 'backupTooNew', message }));
    await fireEvent.click(screen.getByTestId('backup-restore'));
    expect((await screen.findByTestId('backup-error')).textContent).toContain(message);
  });

  it('saves the number of backups to keep, refusing values outside 1–365', async () => {
    const backend = await openBackups();
    const input = screen.getByTestId('set-backups-to-keep') as HTMLInputElement;
    expect(input.value).toBe('14');
    await fireEvent.input(input, { target: { value: '400' } });
    await fireEvent.click(screen.getByTestId('save-backups-to-keep'));
    expect((await screen.findByTestId('field-error-backupsToKeep')).textContent).toContain('1 至 365');
    expect(backend.callsOf('saveSettings')).toHaveLength(0);
    await fireEvent.input(input, { target: { value: '30' } });
    await fireEvent.click(screen.getByTestId('save-backups-to-keep'));
    await screen.findByTestId('backups-to-keep-saved');
    expect(backend.settings.backupsToKeep).toBe(30);
    expect(backend.settings.sources).toHaveLength(5);
  });
});
