import { fireEvent, screen, waitFor } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { FakeBackend } from '../api/fakeBackend';
import { renderApp } from '../../test/helpers';

describe('settings', () => {
  it('switches the whole UI to English at once when the language is saved', async () => {
    const { backend } = await renderApp(new FakeBackend());
    expect(screen.getByTestId('nav-customers').textContent).toContain('客户');
    await fireEvent.click(screen.getByTestId('nav-settings'));
    await fireEvent.change(await screen.findByTestId('language-select'), { target: { value: 'en' } });
    await waitFor(() => expect(screen.getByTestId('nav-customers').textContent).toContain('Customers'));
    expect(screen.getByTestId('nav-tags').textContent).toContain('Tags');
    expect(screen.getByText('Settings', { selector: 'h1' })).toBeTruthy();
    expect(backend.callsOf('saveSettings')[0][0]).toMatchObject({ language: 'en' });
    expect(document.documentElement.lang).toBe('en-US');

    await fireEvent.click(screen.getByTestId('nav-customers'));
    expect((await screen.findByTestId('load-demo')).textContent).toContain('Load demo data');

    await fireEvent.click(screen.getByTestId('nav-settings'));
    await fireEvent.change(await screen.findByTestId('language-select'), { target: { value: 'zh' } });
    await waitFor(() => expect(screen.getByTestId('nav-customers').textContent).toContain('客户'));
  });

  it('starts in the language stored in the settings', async () => {
    await renderApp(new FakeBackend({ settings: { language: 'en' } }));
    expect(screen.getByTestId('nav-trash').textContent).toContain('Trash');
  });

  it('edits, adds and removes customer sources and saves them', async () => {
    const { backend } = await renderApp(new FakeBackend());
    await fireEvent.click(screen.getByTestId('nav-settings'));
    await fireEvent.input(await screen.findByTestId('source-input-0'), { target: { value: '抖音' } });
    await fireEvent.click(screen.getByTestId('remove-source-4'));
    await fireEvent.click(screen.getByTestId('add-source'));
    await fireEvent.input(screen.getByTestId('source-input-4'), { target: { value: '老客户介绍' } });
    await fireEvent.click(screen.getByTestId('save-sources'));
    await waitFor(() => expect(backend.settings.sources).toEqual(['抖音', '客户转介绍', '行业展会', '电话陌拜', '老客户介绍']));
    expect(screen.getByTestId('data-dir').textContent).toContain('rapport');
  });

  it('shows default sources in English in English mode, other values as typed', async () => {
    const backend = new FakeBackend({ settings: { language: 'en', sources: ['线上推广', '抖音'] } });
    await renderApp(backend);
    await fireEvent.click(screen.getByTestId('new-customer'));
    const options = [...(await screen.findByTestId('field-source')).querySelectorAll('option')].map((o) => o.textContent);
    expect(options).toEqual(['Not set', 'Online ads', '抖音']);
  });
});

describe('follow-up and reminder settings', () => {
  it('saves intervals, working days, reminder time, category priorities and reminders', async () => {
    const { backend } = await renderApp(new FakeBackend());
    await fireEvent.click(screen.getByTestId('nav-settings'));
    expect(((await screen.findByTestId('set-high-days')) as HTMLInputElement).value).toBe('3');
    expect((screen.getByTestId('set-reminder-time') as HTMLInputElement).value).toBe('09:00');
    expect((screen.getByTestId('set-keep-in-tray') as HTMLInputElement).checked).toBe(true);
    await fireEvent.input(screen.getByTestId('set-high-days'), { target: { value: '2' } });
    await fireEvent.input(screen.getByTestId('set-medium-days'), { target: { value: '5' } });
    await fireEvent.input(screen.getByTestId('set-low-days'), { target: { value: '10' } });
    await fireEvent.click(screen.getByTestId('set-skip-weekends'));
    await fireEvent.input(screen.getByTestId('set-reminder-time'), { target: { value: '08:30' } });
    await fireEvent.change(screen.getByTestId('set-priority-goodProspect'), { target: { value: 'medium' } });
    await fireEvent.input(screen.getByTestId('set-contract-days'), { target: { value: '45' } });
    await fireEvent.click(screen.getByTestId('set-keep-in-tray'));
    await fireEvent.click(screen.getByTestId('set-start-at-login'));
    await fireEvent.click(screen.getByTestId('save-schedule'));
    await screen.findByTestId('schedule-saved');
    expect(backend.settings.schedule).toEqual({
      highDays: 2, mediumDays: 5, lowDays: 10, skipWeekends: true, reminderTime: '08:30',
      categoryPriority: { readyToBuy: 'high', interested: 'medium', goodProspect: 'medium', ordinaryProspect: 'low', uncategorised: 'medium' },
    });
    expect(backend.settings.reminders).toEqual({ contractNoticeDays: 45, keepInTray: false, startAtLogin: true, privateNotifications: false });
    // The rest of the settings are kept.
    expect(backend.settings.language).toBe('zh');
    expect(backend.settings.sources).toHaveLength(5);
  });

  it('keeps customer names out of notifications when asked, labelled in both languages', async () => {
    const { backend } = await renderApp(new FakeBackend());
    await fireEvent.click(screen.getByTestId('nav-settings'));
    const box = (await screen.findByTestId('set-private-notifications')) as HTMLInputElement;
    expect(box.checked).toBe(false);
    expect(box.closest('label')?.textContent).toContain('通知中不显示客户名称');
    expect(screen.getByTestId('set-private-hint').textContent).toContain('锁屏');
    await fireEvent.click(box);
    await fireEvent.click(screen.getByTestId('save-schedule'));
    await screen.findByTestId('schedule-saved');
    expect(backend.settings.reminders.privateNotifications).toBe(true);
    expect(backend.callsOf('saveSettings').at(-1)?.[0]).toMatchObject({ reminders: { privateNotifications: true } });

    await fireEvent.change(screen.getByTestId('language-select'), { target: { value: 'en' } });
    const en = (await screen.findByTestId('set-private-notifications')) as HTMLInputElement;
    await waitFor(() => expect(en.closest('label')?.textContent).toContain('Keep customer names out of notifications'));
    expect(en.checked).toBe(true);
    expect(screen.getByTestId('set-private-hint').textContent).toContain('lock screen');
  });

  it('shows an out-of-range interval under its field and does not save', async () => {
    const { backend } = await renderApp(new FakeBackend());
    await fireEvent.click(screen.getByTestId('nav-settings'));
    await fireEvent.input(await screen.findByTestId('set-low-days'), { target: { value: '400' } });
    await fireEvent.click(screen.getByTestId('save-schedule'));
    const error = await screen.findByTestId('field-error-schedule.lowDays');
    expect(error.textContent).toContain('低优先级间隔');
    expect(document.activeElement).toBe(screen.getByTestId('set-low-days'));
    expect(backend.callsOf('saveSettings')).toHaveLength(0);
  });

  it('keeps the schedule when the sources are saved', async () => {
    const backend = new FakeBackend();
    backend.settings.schedule.highDays = 1;
    await renderApp(backend);
    await fireEvent.click(screen.getByTestId('nav-settings'));
    await fireEvent.click(await screen.findByTestId('save-sources'));
    await waitFor(() => expect(backend.callsOf('saveSettings')).toHaveLength(1));
    expect(backend.settings.schedule.highDays).toBe(1);
  });
});

describe('startup error', () => {
  it('shows only the error screen when the book cannot be opened', async () => {
    const { render } = await import('@testing-library/svelte');
    const App = (await import('../../App.svelte')).default;
    const backend = new FakeBackend({
      startupError: { code: 'locked', message: '客户数据正被另一个程序使用。' },
    });
    render(App, { props: { backend } });
    const screenEl = await screen.findByTestId('startup-error');
    expect(screenEl.textContent).toContain('客户数据正被另一个程序使用。');
    expect(screen.queryByTestId('nav-customers')).toBeNull();
    // The loading screen's listener for a first sync's progress asks nothing of the book.
    expect(backend.calls.map((c) => c.method)).toEqual(['onSyncStatus', 'appInfo']);
  });
});
