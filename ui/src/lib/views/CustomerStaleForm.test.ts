// A customer's page while a pull changes the customer (a colleague's edit in a team book): an
// untouched form shows the new values; a form with edits keeps them, and saving writes only
// what was edited here, so the colleague's change stays.
import { fireEvent, screen, waitFor } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import type { FakeBackend } from '../api/fakeBackend';
import { renderApp, rowNames, smallBook } from '../../test/helpers';

const field = (id: string) => screen.getByTestId(id) as HTMLInputElement;

async function openAlpha(): Promise<{ backend: FakeBackend; id: string }> {
  const { backend } = await renderApp(await smallBook());
  await waitFor(() => expect(rowNames()).toHaveLength(3));
  await fireEvent.click(screen.getAllByTestId('customer-row')[0]);
  await waitFor(() => expect(field('field-name').value).toBe('Alpha Trading'));
  const id = [...backend.customers.values()].find((c) => c.name === 'Alpha Trading')!.id;
  return { backend, id };
}

/** What a pull does to the book: the stored customer changes, then the round says synced. */
function colleagueRenames(backend: FakeBackend, id: string, name: string) {
  const c = backend.customers.get(id)!;
  backend.customers.set(id, { ...c, name, updatedAt: '2026-12-06T10:00:00Z' });
  backend.team.emit({ code: 'synced', pending: 0, since: null, reason: null });
}

describe('a customer page while the book changes under it', () => {
  it('shows a pulled change when the form has no edits', async () => {
    const { backend, id } = await openAlpha();
    colleagueRenames(backend, id, 'Alpha Group');
    await waitFor(() => expect(field('field-name').value).toBe('Alpha Group'));
  });

  it('keeps the form’s edits and saves only them, so the colleague’s change stays', async () => {
    const { backend, id } = await openAlpha();
    await fireEvent.input(field('phone-0'), { target: { value: '021 6234 5678' } });
    colleagueRenames(backend, id, 'Alpha Group');
    // The form keeps what was typed (and the name it was opened with) until saved.
    await new Promise((r) => setTimeout(r, 50));
    expect(field('phone-0').value).toBe('021 6234 5678');
    await fireEvent.click(screen.getByTestId('save-customer'));
    await waitFor(() => expect(backend.callsOf('updateCustomer')).toHaveLength(1));
    const stored = backend.customers.get(id)!;
    expect(stored.name).toBe('Alpha Group');
    expect(stored.phones).toEqual(['021 6234 5678']);
    await waitFor(() => expect(field('field-name').value).toBe('Alpha Group'));
  });
});
