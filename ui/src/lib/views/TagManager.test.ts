import { fireEvent, screen, waitFor } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import { renderApp, smallBook } from '../../test/helpers';

const row = (name: string) =>
  screen.getAllByTestId('tag-row').find((r) => r.getAttribute('data-name') === name)!;
const inRow = (name: string, testid: string) =>
  row(name).querySelector(`[data-testid="${testid}"]`) as HTMLInputElement & HTMLSelectElement;

async function openTags() {
  const app = await renderApp(await smallBook());
  await fireEvent.click(screen.getByTestId('nav-tags'));
  await waitFor(() => expect(screen.getAllByTestId('tag-row')).toHaveLength(2));
  return app;
}

describe('tag manager', () => {
  it('lists tags with their customer counts', async () => {
    await openTags();
    expect(screen.getAllByTestId('tag-row').map((r) => r.getAttribute('data-name'))).toEqual(['VIP', '华东']);
    expect(row('VIP').textContent).toContain('2');
  });

  it('renames a tag inline', async () => {
    const { backend } = await openTags();
    const id = row('VIP').getAttribute('data-id');
    const input = inRow('VIP', 'tag-rename-input');
    await fireEvent.input(input, { target: { value: '重点客户' } });
    await fireEvent.blur(input);
    await waitFor(() => expect(backend.callsOf('renameTag')).toEqual([[id, '重点客户']]));
    await waitFor(() => expect(row('重点客户')).toBeTruthy());
  });

  it('shows tagNameTaken inline under the row', async () => {
    const { backend } = await openTags();
    const input = inRow('VIP', 'tag-rename-input');
    await fireEvent.input(input, { target: { value: '华东' } });
    await fireEvent.keyDown(input, { key: 'Enter' });
    await fireEvent.blur(input);
    const error = await screen.findByTestId('tag-row-error');
    expect(error.textContent).toContain('华东');
    expect(row('VIP').contains(error)).toBe(true);
    expect(backend.tags.size).toBe(2);
  });

  it('merges a tag into another', async () => {
    const { backend } = await openTags();
    const from = row('VIP').getAttribute('data-id');
    const into = row('华东').getAttribute('data-id');
    await fireEvent.change(inRow('VIP', 'tag-merge-select'), { target: { value: '华东' } });
    await waitFor(() => expect(backend.callsOf('mergeTags')).toEqual([[from, into]]));
    await waitFor(() => expect(screen.getAllByTestId('tag-row')).toHaveLength(1));
    expect(row('华东').textContent).toContain('3');
  });

  it('recolours, deletes after confirming, and creates tags', async () => {
    const { backend } = await openTags();
    const id = row('华东').getAttribute('data-id');
    await fireEvent.change(inRow('华东', 'tag-color'), { target: { value: '#123456' } });
    await waitFor(() => expect(backend.callsOf('recolorTag')).toEqual([[id, '#123456']]));
    // The row's buttons wait for the recolouring to finish.
    await waitFor(() => expect(inRow('华东', 'tag-delete').disabled).toBe(false));

    const confirm = vi.spyOn(window, 'confirm').mockReturnValueOnce(false);
    await fireEvent.click(inRow('华东', 'tag-delete'));
    expect(confirm).toHaveBeenCalledOnce();
    expect(backend.callsOf('deleteTag')).toHaveLength(0);
    await fireEvent.click(inRow('华东', 'tag-delete'));
    await waitFor(() => expect(backend.callsOf('deleteTag')).toEqual([[id]]));
    await waitFor(() => expect(screen.getAllByTestId('tag-row')).toHaveLength(1));

    await fireEvent.input(screen.getByTestId('new-tag-input'), { target: { value: '展会' } });
    await fireEvent.click(screen.getByTestId('new-tag'));
    await waitFor(() => expect(row('展会')).toBeTruthy());
    expect(backend.callsOf('createTag')).toEqual([['展会', null]]);
  });
});
