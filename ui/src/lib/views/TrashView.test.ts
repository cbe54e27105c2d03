import { fireEvent, screen, waitFor } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import { renderApp, rowNames, smallBook } from '../../test/helpers';

const trashRow = (name: string) =>
  screen.getAllByTestId('trash-row').find((r) => r.getAttribute('data-name') === name)!;

async function withTrash() {
  const backend = await smallBook();
  const rows = (await backend.listCustomers({ ...(await import('../model')).defaultQuery() })).rows;
  await backend.trashCustomer(rows[0].id);
  await backend.trashCustomer(rows[1].id);
  backend.calls = [];
  const app = await renderApp(backend);
  await fireEvent.click(screen.getByTestId('nav-trash'));
  await waitFor(() => expect(screen.getAllByTestId('trash-row')).toHaveLength(2));
  return { ...app, ids: rows.map((r) => r.id) };
}

describe('trash', () => {
  it('restores a customer to the list', async () => {
    const { backend, ids } = await withTrash();
    await fireEvent.click(trashRow('Alpha Trading').querySelector('[data-testid="restore-button"]')!);
    await waitFor(() => expect(screen.getAllByTestId('trash-row')).toHaveLength(1));
    expect(backend.callsOf('restoreCustomer')).toEqual([[ids[0]]]);
    await fireEvent.click(screen.getByTestId('nav-customers'));
    await waitFor(() => expect(rowNames()).toEqual(['Alpha Trading', 'Gamma Tech']));
  });

  it('deletes one forever after confirming', async () => {
    const { backend, ids } = await withTrash();
    await fireEvent.click(trashRow('Beta Foods').querySelector('[data-testid="purge-button"]')!);
    await waitFor(() => expect(backend.callsOf('purgeCustomer')).toEqual([[ids[1]]]));
    await waitFor(() => expect(screen.getAllByTestId('trash-row')).toHaveLength(1));
    expect(backend.customers.has(ids[1])).toBe(false);
  });

  it('empties the trash after confirming, then shows the empty state', async () => {
    const { backend } = await withTrash();
    const confirm = vi.spyOn(window, 'confirm').mockReturnValueOnce(false);
    await fireEvent.click(screen.getByTestId('empty-trash'));
    expect(confirm).toHaveBeenCalledOnce();
    expect(backend.callsOf('emptyTrash')).toHaveLength(0);
    await fireEvent.click(screen.getByTestId('empty-trash'));
    expect(await screen.findByTestId('trash-empty')).toBeTruthy();
    expect(backend.callsOf('emptyTrash')).toHaveLength(1);
    expect(backend.customers.size).toBe(1);
  });
});
