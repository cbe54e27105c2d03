import { fireEvent, screen, waitFor } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { FakeBackend } from '../api/fakeBackend';
import { renderApp } from '../../test/helpers';

// A settings page opened before the book's settings changed under it (in a team book: the
// admin's change pulled meanwhile) saves only what the page changed.
describe('settings changed behind an open page', () => {
  it('keeps the pulled schedule rules when only the reminder time is saved', async () => {
    const backend = new FakeBackend();
    await renderApp(backend);
    await fireEvent.click(screen.getByTestId('nav-settings'));
    await screen.findByTestId('set-high-days');
    // The pull: the team's admin made high priority two days and added a source.
    backend.settings.schedule.highDays = 2;
    backend.settings.sources = [...backend.settings.sources, '官网'];

    await fireEvent.input(screen.getByTestId('set-reminder-time'), { target: { value: '08:30' } });
    await fireEvent.click(screen.getByTestId('save-schedule'));
    await screen.findByTestId('schedule-saved');
    expect(backend.settings.schedule.highDays).toBe(2);
    expect(backend.settings.schedule.reminderTime).toBe('08:30');
    expect(backend.settings.sources).toContain('官网');
  });

  it('keeps the pulled sources when the language is saved', async () => {
    const backend = new FakeBackend();
    await renderApp(backend);
    await fireEvent.click(screen.getByTestId('nav-settings'));
    const select = await screen.findByTestId('language-select');
    backend.settings.sources = [...backend.settings.sources, '官网'];
    await fireEvent.change(select, { target: { value: 'en' } });
    await waitFor(() => expect(backend.settings.language).toBe('en'));
    expect(backend.settings.sources).toContain('官网');
  });

  it('reads the settings again when a sync round ends', async () => {
    const backend = new FakeBackend();
    await renderApp(backend);
    backend.settings.sources = [...backend.settings.sources, '官网'];
    const before = backend.callsOf('getSettings').length;
    backend.team.emit({ code: 'synced', pending: 0, since: null, reason: null });
    await waitFor(() => expect(backend.callsOf('getSettings').length).toBe(before + 1));
  });
});
