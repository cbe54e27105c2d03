import './app.css';
import { mount } from 'svelte';
import App from './App.svelte';
import { inTauri, tauriBackend, type Backend } from './lib/api/backend';
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
  void pickBackend().then((backend) => mount(App, { target, props: { backend } }));
  // The pickers' pinyin dictionary: after the first rows, not before (pinyinReadings.svelte.ts).
  setTimeout(() => void loadPinyin().catch(() => {}), 1500);
}
