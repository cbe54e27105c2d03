// What the window asks for before its first rows: the list's first page must not wait for
// the tags (they only name the rows' chips), so a slow tag list costs no round trip there; and
// the sidebar's due count (which builds the agenda index) waits for the first rows.
import { screen, waitFor } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import type { TagInfo } from './lib/bindings/TagInfo';
import type { ListPage } from './lib/bindings/ListPage';
import type { ListQuery } from './lib/bindings/ListQuery';
import { agendaBook, freezeTime, renderApp, rowNames, smallBook } from './test/helpers';

describe('start', () => {
  it('shows the first rows while the tags are still on their way, then their chips', async () => {
    const backend = await smallBook();
    const tags = backend.listTags.bind(backend);
    let release: () => void = () => {};
    const held = new Promise<void>((r) => (release = r));
    backend.listTags = async (): Promise<TagInfo[]> => {
      await held;
      return tags();
    };
    await renderApp(backend);
    await waitFor(() => expect(rowNames()).toEqual(['Alpha Trading', 'Beta Foods', 'Gamma Tech']));
    expect(backend.callsOf('listCustomers').length).toBeGreaterThan(0);
    expect(screen.queryAllByText('VIP')).toHaveLength(0);
    release();
    await waitFor(() => expect(screen.getAllByText('VIP').length).toBeGreaterThan(0));
  });

  it('asks for the due count only once the first rows are there', async () => {
    await freezeTime();
    const { backend } = await agendaBook();
    const list = backend.listCustomers.bind(backend);
    let release: () => void = () => {};
    const held = new Promise<void>((r) => (release = r));
    backend.listCustomers = async (q: ListQuery): Promise<ListPage> => {
      await held;
      return list(q);
    };
    await renderApp(backend);
    await waitFor(() => expect(backend.callsOf('appInfo').length).toBeGreaterThan(0));
    await new Promise((r) => setTimeout(r, 500));
    expect(backend.callsOf('getAgenda')).toHaveLength(0);
    release();
    await waitFor(() => expect(rowNames().length).toBeGreaterThan(0));
    await waitFor(() => expect(screen.getByTestId('nav-agenda-badge').textContent).toBe('2'));
    expect(backend.callsOf('getAgenda')).toHaveLength(1);
  });
});
