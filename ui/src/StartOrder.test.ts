// What the window asks for before its first rows: the list's first page must not wait for
// the tags (they only name the rows' chips), so a slow tag list costs no round trip there.
import { screen, waitFor } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import type { TagInfo } from './lib/bindings/TagInfo';
import { renderApp, rowNames, smallBook } from './test/helpers';

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
});
