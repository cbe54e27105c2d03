import { render, screen, waitFor } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { FakeBackend } from '../../api/fakeBackend';
import { setLanguage } from '../../i18n/index.svelte';
import FirstSyncProgress from './FirstSyncProgress.svelte';

describe('the loading screen’s first sync progress', () => {
  it('shows how far a first sync written before the open has come, and nothing otherwise', async () => {
    setLanguage('zh');
    const backend = new FakeBackend();
    render(FirstSyncProgress, { backend });
    expect(screen.queryByTestId('first-sync-progress')).toBeNull();

    backend.team.emit({ code: 'first_sync', pending: 0, since: null, reason: null, progress: { pulled: 200000, total: 1100005 } });
    await waitFor(() => expect(screen.getByTestId('first-sync-progress')).toBeTruthy());
    expect(screen.getByText('正在从团队下载客户和记录：200,000 / 1,100,005')).toBeTruthy();
    const bar = screen.getByRole('progressbar') as HTMLProgressElement;
    expect([bar.value, bar.max]).toEqual([200000, 1100005]);

    setLanguage('en');
    await waitFor(() => expect(screen.getByText("Downloading the team's customers and records: 200,000 / 1,100,005")).toBeTruthy());

    backend.team.emit({ code: 'synced', pending: 0, since: '2026-12-07T06:00:00Z', reason: null });
    await waitFor(() => expect(screen.queryByTestId('first-sync-progress')).toBeNull());
    setLanguage('zh');
  });
});
