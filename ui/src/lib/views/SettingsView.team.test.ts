import { fireEvent, screen, waitFor } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import type { TeamRole } from '../api/backend';
import { FakeBackend } from '../api/fakeBackend';
import { setLanguage } from '../i18n/index.svelte';
import { renderApp, smallBook } from '../../test/helpers';

/** smallBook linked to a team as 李娜 with `role`. */
async function teamBook(role: TeamRole): Promise<FakeBackend> {
  const b = await smallBook();
  b.team.server.installed = true;
  b.team.server.people.push({ name: '李娜', role, login: 'li' });
  b.team.login = { host: 'db.office.lan', port: 5432, database: 'team', user: 'li', password: '', tls: true };
  return b;
}

async function openSettings() {
  await fireEvent.click(screen.getByTestId('nav-settings'));
  await screen.findByTestId('team-my-role');
}

const SHARED_EDITORS = ['save-sources', 'stage-settings', 'lost-reason-settings', 'product-settings'];

describe('the settings a team shares', () => {
  for (const role of ['salesperson', 'manager'] as const) {
    it(`are the admin's: a ${role} sees a hint instead of their editors, and keeps their own settings`, async () => {
      const b = await teamBook(role);
      await renderApp(b);
      await openSettings();
      await waitFor(() => expect(screen.getByTestId('shared-settings-admin-only')).toBeTruthy());
      expect(screen.getByTestId('shared-settings-admin-only').textContent).toContain('由管理员设置');
      for (const id of SHARED_EDITORS) expect(screen.queryByTestId(id)).toBeNull();

      // The schedule rules are shown but locked; the reminder time and the reminders are mine.
      expect(screen.getByTestId('schedule-admin-only').textContent).toBe('由管理员设置');
      expect((screen.getByTestId('set-high-days') as HTMLInputElement).disabled).toBe(true);
      expect((screen.getByTestId('set-skip-weekends') as HTMLInputElement).disabled).toBe(true);
      expect((screen.getByTestId('set-priority-goodProspect') as HTMLSelectElement).disabled).toBe(true);
      expect((screen.getByTestId('set-reminder-time') as HTMLInputElement).disabled).toBe(false);
      expect((screen.getByTestId('set-contract-days') as HTMLInputElement).disabled).toBe(false);

      // The language still saves.
      await fireEvent.change(screen.getByTestId('language-select'), { target: { value: 'en' } });
      await waitFor(() => expect(b.settings.language).toBe('en'));
      await waitFor(() => expect(screen.getByTestId('schedule-admin-only').textContent).toBe("Set by the team's admin"));
      setLanguage('zh');
    });
  }

  it('an admin edits them', async () => {
    const b = await teamBook('admin');
    await renderApp(b);
    await openSettings();
    await waitFor(() => expect(screen.getByTestId('save-sources')).toBeTruthy());
    for (const id of SHARED_EDITORS) expect(screen.getByTestId(id)).toBeTruthy();
    expect(screen.queryByTestId('shared-settings-admin-only')).toBeNull();
    expect(screen.queryByTestId('schedule-admin-only')).toBeNull();
    expect((screen.getByTestId('set-high-days') as HTMLInputElement).disabled).toBe(false);
  });

  it('a personal book edits them', async () => {
    await renderApp(await smallBook());
    await fireEvent.click(screen.getByTestId('nav-settings'));
    expect(await screen.findByTestId('save-sources')).toBeTruthy();
    expect(screen.queryByTestId('shared-settings-admin-only')).toBeNull();
  });
});
