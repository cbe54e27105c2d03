// Test-environment shims for happy-dom.
import { loadPinyin } from '../lib/util/pinyinReadings.svelte';

// happy-dom does not match `:checked` on <option>, which Svelte's `bind:value` on <select>
// uses to read the chosen option; answer it from selectedIndex as a browser would.
if (typeof HTMLSelectElement !== 'undefined') {
  const querySelector = HTMLSelectElement.prototype.querySelector;
  HTMLSelectElement.prototype.querySelector = function (this: HTMLSelectElement, selector: string) {
    if (selector === ':checked' && !this.multiple) {
      return (this.selectedIndex >= 0 ? this.options[this.selectedIndex] : null) as never;
    }
    return querySelector.call(this, selector) as never;
  } as typeof querySelector;
}

// Irreversible actions ask with window.confirm; tests say yes unless they stub it otherwise.
if (typeof window !== 'undefined') window.confirm = () => true;

// The pickers' pinyin dictionary loads after start in the app; tests match by pinyin at once.
await loadPinyin();
