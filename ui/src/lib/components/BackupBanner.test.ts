import { fireEvent, screen, waitFor } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { FakeBackend } from '../api/fakeBackend';
import { renderApp } from '../../test/helpers';

const failure = (message: string) => ({ at: '2026-11-04T01:00:00Z', reason: 'daily' as const, code: 'backupFailed', message });

describe('backup banner', () => {
  it('says a background backup failed, on every view, and leads to the backup settings', async () => {
    const backend = new FakeBackend({ settings: { language: 'en' } });
    await renderApp(backend);
    expect(screen.queryByTestId('backup-banner')).toBeNull();
    // The shell's daily backup fails and tells the UI.
    backend.backups.setStatus({ failure: failure('Could not write the backup (No space left on device).') });
    const banner = await screen.findByTestId('backup-banner');
    expect(banner.dataset.kind).toBe('failure');
    expect(banner.textContent).toContain('Backup failed');
    expect(banner.textContent).toContain('No space left on device');
    await fireEvent.click(screen.getByTestId('nav-agenda'));
    expect(screen.getByTestId('backup-banner')).toBeTruthy();
    await fireEvent.click(screen.getByTestId('backup-banner-open'));
    // Settings show it in full instead.
    expect((await screen.findByTestId('backup-failure')).textContent).toContain('No space left');
    expect(screen.queryByTestId('backup-banner')).toBeNull();
    // The next backup works: the failure is gone everywhere.
    await fireEvent.click(screen.getByTestId('backup-now'));
    await waitFor(() => expect(screen.queryByTestId('backup-failure')).toBeNull());
    await fireEvent.click(screen.getByTestId('nav-customers'));
    expect(screen.queryByTestId('backup-banner')).toBeNull();
  });

  it('warns in Chinese when the copy to the second folder failed', async () => {
    const backend = new FakeBackend();
    backend.backups.status.mirrorFailure = {
      ...failure('第二备份文件夹 /media/usb 不存在（U 盘是否已插入？）。备份已保存在本机，但没有复制过去。'),
      code: 'backupMirrorMissing',
    };
    await renderApp(backend);
    const banner = await screen.findByTestId('backup-banner');
    expect(banner.dataset.kind).toBe('mirror');
    expect(banner.textContent).toContain('备份未能复制到第二备份文件夹');
    expect(banner.textContent).toContain('U 盘是否已插入');
  });
});
