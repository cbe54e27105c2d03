// pinyin-pro's dictionary is a fifth of the app's script, and only the pickers' search reads it
// (the customer list searches in the backend). So it is loaded after start (`loadPinyin`, from
// main.ts once the window is up, or by the first search that needs it), not parsed before the
// first rows. Until it arrives a picker matches text only; `readingsOf` reads `loaded`, so a
// picker's filter runs again when it does.
import type { pinyin as PinyinFn } from 'pinyin-pro';

let pinyin: typeof PinyinFn | null = null;
let loading: Promise<void> | null = null;
const state = $state({ loaded: false });

/** Loads the dictionary once; every later call returns the same promise. */
export function loadPinyin(): Promise<void> {
  loading ??= import('pinyin-pro').then((m) => {
    pinyin = m.pinyin;
    state.loaded = true;
  });
  return loading;
}

/** Every reading of one Chinese character (with ü, toneless), or null while the dictionary is
 *  still on its way (its loading is started). */
export function readingsOf(ch: string): string[] | null {
  if (!state.loaded || !pinyin) {
    void loadPinyin().catch(() => {});
    return null;
  }
  return pinyin(ch, { multiple: true, toneType: 'none', type: 'array' });
}
