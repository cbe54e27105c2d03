import { fireEvent, screen, waitFor } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { FakeBackend } from '../../api/fakeBackend';
import { emptyInput } from '../../model';
import { renderApp } from '../../../test/helpers';

async function openSettings() {
  const backend = new FakeBackend({ settings: { owners: ['赵敏'], archivedOwners: ['老周'] } });
  await backend.createCustomer({ ...emptyInput(), name: 'Alpha', owner: '王强' });
  await backend.createCustomer({ ...emptyInput(), name: 'Beta', owner: '老周' });
  await renderApp(backend);
  await fireEvent.click(screen.getByTestId('nav-settings'));
  await screen.findByTestId('me-select');
  backend.calls = [];
  return backend;
}

const select = () => screen.getByTestId('me-select') as HTMLSelectElement;
const options = () => [...select().options].map((o) => [o.value, o.textContent]);

describe('"I am" setting', () => {
  it('offers the active salespeople (not the archived) and "not set", and saves the choice', async () => {
    const backend = await openSettings();
    expect(options()).toEqual([['', '未设置'], ['王强', '王强'], ['赵敏', '赵敏']]);
    expect(select().value).toBe('');
    await fireEvent.change(select(), { target: { value: '赵敏' } });
    await screen.findByTestId('me-saved');
    expect(backend.callsOf('saveSettings')[0][0]).toMatchObject({ me: '赵敏' });
    expect(backend.settings.me).toBe('赵敏');
    // Other settings are kept as they were.
    expect(backend.settings.owners).toEqual(['赵敏']);

    await fireEvent.change(select(), { target: { value: '' } });
    await waitFor(() => expect(backend.settings.me).toBe(''));
  });

  it('offers a person as soon as they are added to the owner list', async () => {
    await openSettings();
    await fireEvent.input(screen.getByTestId('owner-new'), { target: { value: '孙丽' } });
    await fireEvent.click(screen.getByTestId('owner-add'));
    await waitFor(() => expect(options().map(([v]) => v)).toContain('孙丽'));
  });

  it('archiving the person set as "I am" unsets it, and other settings still save', async () => {
    const backend = await openSettings();
    await fireEvent.change(select(), { target: { value: '王强' } });
    await waitFor(() => expect(backend.settings.me).toBe('王强'));
    const row = screen.getAllByTestId('owner-row').find((r) => r.getAttribute('data-name') === '王强')!;
    await fireEvent.click(row.querySelector('[data-testid="owner-archive"]')!);
    await waitFor(() => expect(options().map(([v]) => v)).toEqual(['', '赵敏']));
    expect(select().value).toBe('');
    expect(backend.settings.me).toBe('');
    await fireEvent.click(screen.getByTestId('save-sources'));
    await waitFor(() => expect(backend.callsOf('saveSettings').at(-1)?.[0]).toMatchObject({ me: '' }));
    expect(screen.queryByTestId('settings-error')).toBeNull();
  });

  it('shows the refusal and keeps the saved choice', async () => {
    const backend = await openSettings();
    // Archived meanwhile (another window): the backend refuses them.
    backend.settings.archivedOwners.push('王强');
    await fireEvent.change(select(), { target: { value: '王强' } });
    expect((await screen.findByTestId('me-error')).textContent).toContain('我是：已归档');
    expect(backend.settings.me).toBe('');
    expect(select().value).toBe('');
  });
});
