import { fireEvent, screen, waitFor } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FakeBackend, type FakeOptions } from '../../api/fakeBackend';
import { renderApp } from '../../../test/helpers';

/** The app on a fake book, showing Settings with the backup list loaded (or empty). */
async function openBackups(opts: FakeOptions = {}, setup: (b: FakeBackend) => void = () => {}) {
  const backend = new FakeBackend(opts);
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
    await waitFor(() => expect(backend.callsOf('pickBackup')).toHaveLength(1));
    expect(backend.callsOf('restoreBackup')).toHaveLength(0);
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
    expect(backend.callsOf('pickBackup')).toHaveLength(0);
    expect(backend.callsOf('restoreBackup')).toHaveLength(0);
  });

  it('says the app restarts once a backup is picked', async () => {
    await openBackups({}, (b) => (b.backups.restorePick = b.backups.backups[1]));
    await fireEvent.click(screen.getByTestId('backup-restore'));
    expect((await screen.findByTestId('backup-done')).textContent).toContain('客脉即将重新启动');
  });

  it('shows why a restore failed, e.g. a backup from a newer version', async () => {
    const message = '这个备份来自更新版本的客脉，请先升级客脉再恢复。';
    await openBackups({}, (b) => {
      b.backups.restorePick = b.backups.backups[0];
      b.backups.restoreError = { code: 'backupTooNew', message };
    });
    await fireEvent.click(screen.getByTestId('backup-restore'));
    expect((await screen.findByTestId('backup-error')).textContent).toContain(message);
  });

  it('saves how many backups of each kind to keep, refusing values out of range', async () => {
    const backend = await openBackups();
    const input = (k: string) => screen.getByTestId(`set-backup-keep-${k}`) as HTMLInputElement;
    expect(['daily', 'weekly', 'monthly', 'beforeChange'].map((k) => input(k).value)).toEqual(['7', '4', '12', '5']);
    expect(screen.getByTestId('backup-keep').textContent).toContain('手动备份始终保留');
    await fireEvent.input(input('daily'), { target: { value: '0' } });
    await fireEvent.click(screen.getByTestId('save-backup-keep'));
    expect((await screen.findByTestId('field-error-backupKeep.daily')).textContent).toContain('1 至 365');
    expect(backend.callsOf('saveSettings')).toHaveLength(0);
    await fireEvent.input(input('daily'), { target: { value: '10' } });
    await fireEvent.input(input('monthly'), { target: { value: '24' } });
    await fireEvent.click(screen.getByTestId('save-backup-keep'));
    await screen.findByTestId('backup-keep-saved');
    expect(backend.settings.backupKeep).toEqual({ daily: 10, weekly: 4, monthly: 24, beforeChange: 5 });
    expect(backend.settings.sources).toHaveLength(5);
  });

  it('picks a second folder in the folder dialog, and stops copying', async () => {
    const backend = await openBackups({}, (b) => (b.backups.folderPick = '/media/usb/客脉备份'));
    expect(screen.getByTestId('backup-mirror-path').textContent).toBe('未设置');
    await fireEvent.click(screen.getByTestId('backup-mirror-choose'));
    await screen.findByTestId('backup-mirror-saved');
    expect(backend.callsOf('pickBackupFolder')).toHaveLength(1);
    expect(backend.settings.backupMirror).toBe('/media/usb/客脉备份');
    expect(screen.getByTestId('backup-mirror-path').textContent).toBe('/media/usb/客脉备份');
    await fireEvent.click(screen.getByTestId('backup-mirror-clear'));
    await waitFor(() => expect(backend.settings.backupMirror).toBe(''));
    // A cancelled dialog changes nothing.
    backend.backups.folderPick = null;
    await fireEvent.click(screen.getByTestId('backup-mirror-choose'));
    await waitFor(() => expect(backend.callsOf('pickBackupFolder')).toHaveLength(2));
    expect(backend.settings.backupMirror).toBe('');
  });

  it('sets, changes and clears the backup password, warning that a lost one loses the backups', async () => {
    const backend = await openBackups({ settings: { language: 'en' } });
    expect(screen.getByTestId('backup-password-warning').textContent).toContain('if it is lost, encrypted backups cannot be restored');
    expect(screen.getByTestId('backup-password-state').textContent).toContain('not encrypted');
    await fireEvent.click(screen.getByTestId('backup-password-edit'));
    const pw = () => screen.getByTestId('backup-password') as HTMLInputElement;
    const again = () => screen.getByTestId('backup-password-again') as HTMLInputElement;
    await fireEvent.input(pw(), { target: { value: 'short' } });
    await fireEvent.input(again(), { target: { value: 'short' } });
    await fireEvent.click(screen.getByTestId('backup-password-save'));
    expect((await screen.findByTestId('field-error-backupPassword')).textContent).toContain('At least 8');
    await fireEvent.input(pw(), { target: { value: 'correct horse' } });
    await fireEvent.input(again(), { target: { value: 'correct horsE' } });
    await fireEvent.click(screen.getByTestId('backup-password-save'));
    expect((await screen.findByTestId('field-error-backupPassword')).textContent).toContain('differ');
    expect(backend.callsOf('setBackupPassword')).toHaveLength(0);
    await fireEvent.input(again(), { target: { value: 'correct horse' } });
    await fireEvent.click(screen.getByTestId('backup-password-save'));
    expect((await screen.findByTestId('backup-password-done')).textContent).toContain('new backups are encrypted');
    expect(backend.backups.password).toBe('correct horse');
    expect(screen.getByTestId('backup-password-state').textContent).toContain('encrypted with a password');
    // A backup made now is encrypted and says so in the list.
    await fireEvent.click(screen.getByTestId('backup-now'));
    await screen.findByTestId('backup-encrypted');
    // Change it.
    await fireEvent.click(screen.getByTestId('backup-password-edit'));
    await fireEvent.input(pw(), { target: { value: 'battery staple' } });
    await fireEvent.input(again(), { target: { value: 'battery staple' } });
    await fireEvent.click(screen.getByTestId('backup-password-save'));
    expect((await screen.findByTestId('backup-password-done')).textContent).toContain('older backups still need the old one');
    expect(backend.backups.password).toBe('battery staple');
    // Clear it, after a confirmation.
    const confirm = vi.spyOn(window, 'confirm').mockReturnValue(true);
    await fireEvent.click(screen.getByTestId('backup-password-clear'));
    await waitFor(() => expect(backend.backups.password).toBeNull());
    expect(confirm.mock.calls[0][0]).toContain('still need the password');
    expect(backend.callsOf('setBackupPassword').map((args) => args[0])).toEqual(['correct horse', 'battery staple', null]);
  });

  it('asks for the password of an encrypted backup, again when it is wrong, then restores', async () => {
    const backend = await openBackups({}, (b) => {
      b.backups.restorePick = { ...b.backups.backups[0], encrypted: true };
    });
    vi.spyOn(window, 'confirm').mockReturnValue(true);
    await fireEvent.click(screen.getByTestId('backup-restore'));
    expect((await screen.findByTestId('backup-unlock')).textContent).toContain('已加密');
    expect(backend.callsOf('restoreBackup')).toHaveLength(0);
    const input = screen.getByTestId('restore-password') as HTMLInputElement;
    await fireEvent.input(input, { target: { value: 'wrong horse' } });
    await fireEvent.click(screen.getByTestId('restore-unlock'));
    expect((await screen.findByTestId('restore-password-error')).textContent).toContain('备份密码不正确');
    expect(screen.getByTestId('backup-unlock')).toBeTruthy();
    await fireEvent.input(input, { target: { value: 'correct horse' } });
    await fireEvent.click(screen.getByTestId('restore-unlock'));
    expect((await screen.findByTestId('backup-done')).textContent).toContain('客脉即将重新启动');
    const path = backend.backups.restorePick?.path;
    expect(backend.backups.restores).toEqual([
      { token: path, password: 'wrong horse' },
      { token: path, password: 'correct horse' },
    ]);
    expect(screen.queryByTestId('backup-unlock')).toBeNull();
  });

  it('shows a failed backup in settings until the next one succeeds', async () => {
    const message = '无法写入备份 /x（No space left on device）。请检查磁盘空间和文件夹权限。客户数据未改动。';
    const backend = await openBackups({}, (b) => (b.backups.backupError = { code: 'backupFailed', message }));
    await fireEvent.click(screen.getByTestId('backup-now'));
    expect((await screen.findByTestId('backup-failure')).textContent).toContain('No space left');
    expect(screen.getByTestId('backup-failure').textContent).toContain('最近一次备份失败（手动');
    backend.backups.backupError = null;
    await fireEvent.click(screen.getByTestId('backup-now'));
    await screen.findByTestId('backup-last-success');
    expect(screen.queryByTestId('backup-failure')).toBeNull();
  });
});
