import { render, screen } from '@testing-library/svelte';
import App from '../App.svelte';
import { FakeBackend, type FakeOptions } from '../lib/api/fakeBackend';
import { setLanguage } from '../lib/i18n/index.svelte';

/** Renders the whole app on a fake backend and waits until the first view is up. */
export async function renderApp(opts: FakeOptions | FakeBackend = {}) {
  const backend = opts instanceof FakeBackend ? opts : new FakeBackend(opts);
  setLanguage('zh');
  const result = render(App, { props: { backend } });
  await screen.findByTestId('nav-customers');
  return { backend, ...result };
}

/** A fake with a few known customers (and their tags), for precise assertions. */
export async function smallBook(opts: FakeOptions = {}): Promise<FakeBackend> {
  const b = new FakeBackend(opts);
  const base = (await import('../lib/model')).emptyInput;
  const add = (name: string, extra: Record<string, unknown> = {}) =>
    b.createCustomer({ ...base(), name, ...extra });
  await add('Alpha Trading', { company: 'Alpha Ltd', phones: ['138 0000 1111'], tags: ['VIP'], owner: '王强' });
  await add('Beta Foods', { company: 'Beta Co', stage: 'won', tags: ['VIP', '华东'], owner: '李娜' });
  await add('Gamma Tech', { company: 'Gamma Inc', emails: ['hi@gamma.io'], tags: ['华东'], priority: 'high' });
  b.calls = [];
  return b;
}

/** The last query the list sent. */
export function lastQuery(b: FakeBackend) {
  const calls = b.callsOf('listCustomers');
  return calls[calls.length - 1]?.[0] as import('../lib/bindings/ListQuery').ListQuery;
}

export function rowNames(): string[] {
  return screen.queryAllByTestId('customer-row').map((r) => r.getAttribute('data-name') ?? '');
}
