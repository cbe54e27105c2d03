import { screen, waitFor } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { FakeBackend } from '../api/fakeBackend';
import { formatTime, setLanguage } from '../i18n/index.svelte';
import { renderApp } from '../../test/helpers';

const label = () => screen.getByTestId('sync-label').textContent;

describe('the sidebar’s sync status', () => {
  it('shows nothing for a personal book, then each state of a team book with what waits', async () => {
    const backend = new FakeBackend();
    await renderApp(backend);
    expect(screen.queryByTestId('sync-status')).toBeNull();

    backend.team.emit({ code: 'syncing', pending: 12, since: null, reason: null });
    await waitFor(() => expect(label()).toBe('同步中 12'));
    expect(screen.queryByTestId('sync-pending')).toBeNull();

    backend.team.emit({ code: 'first_sync', pending: 0, since: null, reason: null, progress: { pulled: 5000, total: 166678 } });
    await waitFor(() => expect(label()).toBe('首次同步 5,000 / 166,678'));

    const since = '2026-12-06T08:30:00Z';
    backend.team.emit({ code: 'offline', pending: 3, since, reason: '与服务器的连接断开了。' });
    await waitFor(() => expect(label()).toBe(`离线（自 ${formatTime(since)}）`));
    expect(screen.getByTestId('sync-pending').textContent).toBe('3 项修改等待发送');
    expect(screen.getByTestId('sync-status').getAttribute('title')).toBe('与服务器的连接断开了。');

    backend.team.emit({ code: 'error', pending: 0, since: null, reason: '用户 li 的密码不对（或没有这个用户）。' });
    await waitFor(() => expect(label()).toBe('同步出错'));
    expect(screen.getByTestId('sync-reason').textContent).toBe('用户 li 的密码不对（或没有这个用户）。');

    // How many the server refused, not how many wait (none here: they were set aside).
    backend.team.emit({ code: 'refused', pending: 0, refused: 6, since, reason: '没有权限：你的角色没有这项权限（涉及团队设置）' });
    await waitFor(() => expect(label()).toBe('6 项修改被服务器拒绝'));
    expect(screen.queryByTestId('sync-pending')).toBeNull();

    backend.team.emit({ code: 'synced', pending: 0, since, reason: null });
    await waitFor(() => expect(label()).toBe('已同步'));
    expect(screen.queryByTestId('sync-reason')).toBeNull();
  });

  it('speaks English', async () => {
    const backend = new FakeBackend({ settings: { language: 'en' } });
    await renderApp(backend);
    setLanguage('en');
    backend.team.emit({ code: 'offline', pending: 1, since: '2026-12-06T08:30:00Z', reason: 'The connection to the server was lost.' });
    await waitFor(() => expect(label()).toMatch(/^Offline \(since .+\)$/));
    expect(screen.getByTestId('sync-pending').textContent).toBe('Waiting to be sent: 1');
    backend.team.emit({ code: 'refused', pending: 0, refused: 2, since: '2026-12-06T08:30:00Z', reason: 'Not allowed' });
    await waitFor(() => expect(label()).toBe('Refused by the server: 2'));
  });
});

describe('a synced round', () => {
  it('refreshes the list with what it pulled', async () => {
    const backend = new FakeBackend();
    await renderApp(backend);
    const before = backend.callsOf('listCustomers').length;
    backend.team.emit({ code: 'synced', pending: 0, since: '2026-12-06T08:30:00Z', reason: null });
    await waitFor(() => expect(backend.callsOf('listCustomers').length).toBeGreaterThan(before));
  });
});
