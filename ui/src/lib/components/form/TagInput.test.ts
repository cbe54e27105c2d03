import { fireEvent, screen, waitFor } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { renderApp, smallBook } from '../../../test/helpers';

describe('tag picker', () => {
  it('suggests known tags by pinyin and adds the one picked', async () => {
    const backend = await smallBook();
    await renderApp(backend);
    await fireEvent.click(await screen.findByTestId('new-customer'));
    const input = await screen.findByTestId('tag-input');
    await fireEvent.focus(input);
    await fireEvent.input(input, { target: { value: 'hd' } });
    const offered = await screen.findAllByTestId('tag-suggestion');
    expect(offered.map((o) => o.textContent?.trim())).toEqual(['华东']);
    await fireEvent.mouseDown(offered[0]);
    await waitFor(() => expect(screen.getAllByTestId('form-tag').map((t) => t.textContent?.replace('×', '').trim())).toEqual(['华东']));
    expect((input as HTMLInputElement).value).toBe('');
    await fireEvent.input(input, { target: { value: 'v' } });
    expect((await screen.findAllByTestId('tag-suggestion')).map((o) => o.textContent?.trim())).toEqual(['VIP']);
  });
});
