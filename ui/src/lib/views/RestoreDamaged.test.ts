// A book that will not open: the start-up screen lists the backups (read without the book),
// restores one after asking, shows progress and errors, and says where backups would be when
// there are none.
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import App from '../../App.svelte';
import { FakeBackend } from '../api/fakeBackend';
import type { DamagedBook } from '../bindings/DamagedBook';
import { setLanguage } from '../i18n/index.svelte';

const damaged: DamagedBook = {
  backupDir: '/home/demo/.local/share/rapport/book-backups',
  keptAs: '/home/demo/.local/share/rapport/book-damaged-…',
};

function damagedBook(language: 'zh' | 'en' = 'zh') {
  const message =
    language === 'zh'
      ? '客户数据已损坏：Read corrupted data at file offset None。请从备份恢复。'
      : 'The customer book is damaged: Read corrupted data at file offset None. Restore a backup.';
  const backend = new FakeBackend({
    settings: { language },
    startupError: { code: 'corrupt', message },
    damagedBook: damaged,
  });
  setLanguage(language);
  return backend;
}

afterEach(() => {
  vi.restoreAllMocks();
  setLanguage('zh');
});

describe('restoring a book that will not open', () => {
  it('lists the backups and restores the chosen one after asking', async () => {
    const backend = damagedBook();
    const ask = vi.spyOn(window, 'confirm').mockReturnValue(true);
    render(App, { props: { backend } });
    const box = await screen.findByTestId('startup-error');
    expect(box.textContent).toContain('客户数据已损坏');
    expect(screen.queryByTestId('nav-customers')).toBeNull();
    const rows = await screen.findAllByTestId('damaged-restore-row');
    expect(rows).toHaveLength(2);
    expect(within(rows[0]).getByText('每日自动')).toBeTruthy();
    expect(within(rows[0]).getByTestId('damaged-restore-customers').textContent).toBe('12');
    expect(rows[0].textContent).toContain('47 KB');
    expect(within(rows[1]).getByText('导入前')).toBeTruthy();
    expect(rows[1].textContent).toContain('1.7 MB');
    expect(screen.getByTestId('damaged-restore').textContent).toContain(damaged.keptAs);

    const second = backend.backups.backups[1];
    await fireEvent.click(within(rows[1]).getByTestId('damaged-restore-button'));
    expect(ask).toHaveBeenCalledTimes(1);
    expect(ask.mock.calls[0][0]).toContain('9 位客户');
    expect(ask.mock.calls[0][0]).toContain(damaged.keptAs);
    await waitFor(() => expect(backend.callsOf('restoreDamagedBook')).toEqual([[second.fileName]]));
    expect(backend.backups.restoredOverDamaged).toEqual([second.fileName]);
    // The shell restarts: until then the screen says so and nothing can be clicked twice.
    expect((await screen.findByTestId('damaged-restore-busy')).textContent).toContain('重新启动');
    for (const b of screen.getAllByTestId('damaged-restore-button')) expect((b as HTMLButtonElement).disabled).toBe(true);
    expect(within(rows[1]).getByTestId('damaged-restore-button').textContent?.trim()).toBe('正在恢复…');
    // Only start-up calls were made (and the loading screen's listener for a first sync's
    // progress): the book is never asked for.
    expect(new Set(backend.calls.map((c) => c.method)))
      .toEqual(new Set(['onSyncStatus', 'appInfo', 'listBackups', 'restoreDamagedBook']));
  });

  it('asks for the password of an encrypted backup, again when it is wrong, then restores', async () => {
    const backend = damagedBook('en');
    backend.backups.backups[0] = { ...backend.backups.backups[0], encrypted: true };
    const file = backend.backups.backups[0].fileName;
    vi.spyOn(window, 'confirm').mockReturnValue(true);
    render(App, { props: { backend } });
    const rows = await screen.findAllByTestId('damaged-restore-row');
    await fireEvent.click(within(rows[0]).getByTestId('damaged-restore-button'));
    const input = await screen.findByTestId('damaged-password');
    expect(backend.callsOf('restoreDamagedBook')).toHaveLength(0);
    await fireEvent.input(input, { target: { value: 'wrong horse' } });
    await fireEvent.click(screen.getByTestId('damaged-unlock-restore'));
    expect((await screen.findByTestId('damaged-password-error')).textContent).toContain('password is wrong');
    expect(backend.backups.restoredOverDamaged).toEqual([]);
    await fireEvent.input(screen.getByTestId('damaged-password'), { target: { value: 'correct horse' } });
    await fireEvent.click(screen.getByTestId('damaged-unlock-restore'));
    await waitFor(() => expect(backend.backups.restoredOverDamaged).toEqual([file]));
  });

  it('does nothing when the question is answered no', async () => {
    const backend = damagedBook('en');
    vi.spyOn(window, 'confirm').mockReturnValue(false);
    render(App, { props: { backend } });
    const rows = await screen.findAllByTestId('damaged-restore-row');
    expect(within(rows[0]).getByText('Daily')).toBeTruthy();
    await fireEvent.click(within(rows[0]).getByTestId('damaged-restore-button'));
    expect(backend.callsOf('restoreDamagedBook')).toEqual([]);
    expect(screen.queryByTestId('damaged-restore-busy')).toBeNull();
  });

  it('shows why a restore failed, in English, and lets the user pick another backup', async () => {
    const backend = damagedBook('en');
    backend.backups.restoreDamagedError = {
      code: 'backupDamaged',
      message: 'The backup file is damaged or incomplete (perhaps cut off while being copied) and cannot be restored. Choose another backup. Nothing was changed.',
    };
    render(App, { props: { backend } });
    expect((await screen.findByTestId('damaged-restore')).textContent).toContain('Restore from a backup');
    const rows = await screen.findAllByTestId('damaged-restore-row');
    await fireEvent.click(within(rows[0]).getByTestId('damaged-restore-button'));
    const failure = await screen.findByTestId('damaged-restore-failure');
    expect(failure.textContent).toContain('The backup file is damaged');
    expect(screen.queryByTestId('damaged-restore-busy')).toBeNull();
    const buttons = screen.getAllByTestId('damaged-restore-button') as HTMLButtonElement[];
    expect(buttons.every((b) => !b.disabled && b.textContent?.trim() === 'Restore')).toBe(true);
    backend.backups.restoreDamagedError = null;
    await fireEvent.click(buttons[1]);
    await waitFor(() => expect(backend.backups.restoredOverDamaged).toHaveLength(1));
    expect(screen.queryByTestId('damaged-restore-failure')).toBeNull();
  });

  it('says where backups would be, and that the damaged book is kept, when there are none', async () => {
    for (const [language, words] of [
      ['zh', ['没有找到备份', '损坏的客户数据保持原样']],
      ['en', ['No backups found', 'The damaged book is left as it is']],
    ] as const) {
      const backend = damagedBook(language);
      backend.backups.backups = [];
      const { unmount } = render(App, { props: { backend } });
      const empty = await screen.findByTestId('damaged-restore-empty');
      expect(empty.textContent).toContain(damaged.backupDir);
      for (const w of words) expect(empty.textContent).toContain(w);
      expect(screen.queryByTestId('damaged-restore-button')).toBeNull();
      unmount();
    }
  });

  it('offers no backups for a book that is only locked or a restore that did not finish', async () => {
    const backend = new FakeBackend({ startupError: { code: 'locked', message: '被占用。' } });
    render(App, { props: { backend } });
    await screen.findByTestId('startup-error');
    expect(screen.queryByTestId('damaged-restore')).toBeNull();
    expect(backend.callsOf('listBackups')).toEqual([]);
  });
});
