import './app.css';
import { mount } from 'svelte';
import App from './App.svelte';
import { inTauri, tauriBackend, type Backend } from './lib/api/backend';
import { setLanguage } from './lib/i18n/index.svelte';
import { loadPinyin } from './lib/util/pinyinReadings.svelte';

/** Inside Tauri: the real backend. In a plain browser with `?fake[=N]`: an in-memory book
 *  (for screenshots and trying the UI); otherwise the real client, which reports that it
 *  cannot reach the app. */
async function pickBackend(): Promise<Backend> {
  const params = new URLSearchParams(window.location.search);
  if (!inTauri() && params.has('fake')) {
    const { FakeBackend } = await import('./lib/api/fakeBackend');
    const lang = params.get('lang') === 'en' ? 'en' : 'zh';
    const count = Number(params.get('fake') || '300');
    return new FakeBackend({ customers: Number.isFinite(count) ? count : 300, settings: { language: lang } });
  }
  return tauriBackend;
}

const target = document.getElementById('app');
if (target) {
  // Until the book says which language it keeps: the system's, as the shell chooses for a new
  // book — the loading screen (and a large team book's first sync shown there) reads in it.
  setLanguage(navigator.language.toLowerCase().startsWith('zh') ? 'zh' : 'en');
  void pickBackend().then((backend) => mount(App, { target, props: { backend } }));
  // The pickers' pinyin dictionary: after the first rows, not before (pinyinReadings.svelte.ts).
  setTimeout(() => void loadPinyin().catch(() => {}), 1500);
}
