import { fireEvent, screen, waitFor } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { FakeBackend } from '../../api/fakeBackend';
import { renderApp } from '../../../test/helpers';

async function openSettings() {
  const backend = new FakeBackend();
  await renderApp(backend);
  await fireEvent.click(screen.getByTestId('nav-settings'));
  await screen.findByTestId('set-untouched-days');
  backend.calls = [];
  return backend;
}

const days = () => screen.getByTestId('set-untouched-days') as HTMLInputElement;

describe('untouched days setting', () => {
  it('shows the default 30 and saves another number, 0 included', async () => {
    const backend = await openSettings();
    expect(days().value).toBe('30');
    await fireEvent.input(days(), { target: { value: '14' } });
    await fireEvent.click(screen.getByTestId('save-untouched'));
    await screen.findByTestId('untouched-saved');
    expect(backend.callsOf('saveSettings')[0][0]).toMatchObject({ untouchedDays: 14 });
    expect(backend.settings.untouchedDays).toBe(14);
    await fireEvent.input(days(), { target: { value: '0' } });
    await fireEvent.click(screen.getByTestId('save-untouched'));
    await waitFor(() => expect(backend.settings.untouchedDays).toBe(0));
  });

  it('refuses a number out of range with a message and saves nothing', async () => {
    const backend = await openSettings();
    await fireEvent.input(days(), { target: { value: '5000' } });
    await fireEvent.click(screen.getByTestId('save-untouched'));
    expect((await screen.findByTestId('untouched-error')).textContent).toContain('0 至 3650');
    expect(backend.callsOf('saveSettings')).toHaveLength(0);
    expect(backend.settings.untouchedDays).toBe(30);
  });
});
