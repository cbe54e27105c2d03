// The pickers' pinyin dictionary is loaded after start: before it arrives a query matches as
// text only (and nothing wrong is cached), after it the same query matches by pinyin.
import { describe, expect, it, vi } from 'vitest';

describe('pinyin dictionary loaded after start', () => {
  it('matches text only until loaded, then by pinyin', async () => {
    vi.resetModules();
    const { readingsOf, loadPinyin } = await import('./pinyinReadings.svelte');
    const { textMatches } = await import('./pinyin');
    expect(readingsOf('张')).toBeNull();
    expect(textMatches('zs', '张三')).toBe(false);
    expect(textMatches('张', '张三')).toBe(true);
    await loadPinyin();
    expect(readingsOf('张')).toContain('zhang');
    expect(textMatches('zs', '张三')).toBe(true);
  });

  it('loads once', async () => {
    vi.resetModules();
    const { loadPinyin } = await import('./pinyinReadings.svelte');
    expect(loadPinyin()).toBe(loadPinyin());
  });
});
