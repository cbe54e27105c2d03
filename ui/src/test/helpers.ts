import { render, screen } from '@testing-library/svelte';
import App from '../App.svelte';
import { expect } from 'vitest';
import { ApiError } from '../lib/api/backend';
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

/** Wednesday 5 March 2025, 12:00 local time: the frozen "now" of the follow-up tests. */
export const NOON = new Date(2025, 2, 5, 12, 0);

/** Freezes Date (only Date: timers keep running for waitFor) at `at`. */
export async function freezeTime(at: Date = NOON) {
  const { vi } = await import('vitest');
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(at);
}

/** `days` local days after NOON's, at hh:mm, as an ISO instant. */
export function localAt(days: number, hh: number, mm = 0): string {
  return new Date(2025, 2, 5 + days, hh, mm).toISOString();
}

/** A book with one open follow-up in each agenda section, one customer without a next step and
 *  one won customer (never on the agenda). Call freezeTime() first. */
export async function agendaBook(opts: FakeOptions = {}) {
  const b = new FakeBackend(opts);
  const { emptyInput } = await import('../lib/model');
  const { emptyFollowUp } = await import('../lib/followups');
  const add = (name: string, extra: Record<string, unknown> = {}) => b.createCustomer({ ...emptyInput(), name, ...extra });
  const alpha = await add('Alpha Trading', { company: 'Alpha Ltd', owner: '王强', contacts: [{ name: '钱明', title: '', phone: '', email: '', birthday: null, role: null }] });
  const beta = await add('Beta Foods', { owner: '李娜', stage: 'proposal' });
  const gamma = await add('Gamma Tech', { owner: '王强' });
  const epsilon = await add('Epsilon Retail', { owner: '王强' });
  await add('Delta Steel', { owner: '李娜', stage: 'negotiation' });
  await add('Won Co', { owner: '李娜', stage: 'won' });
  const log = (id: string, extra: Record<string, unknown>) =>
    b.logFollowUp(id, { ...emptyFollowUp(), at: localAt(-1, 10), ...extra });
  const overdue = await log(alpha.id, { topic: '报价', nextAction: '发送报价单', nextAt: localAt(0, 10), priority: 'high', method: 'email' });
  const today = await log(beta.id, { topic: '需求确认', content: '聊了需求', nextAction: '回电话', nextAt: localAt(0, 16), priority: 'medium' });
  const next7 = await log(gamma.id, { topic: '演示', content: '约了演示', nextAt: localAt(3, 9), priority: 'low', nextBy: '张伟' });
  const later = await log(epsilon.id, { topic: '年度回访', content: '签约后回访', nextAt: localAt(30, 9), priority: 'low' });
  b.calls = [];
  return { backend: b, ids: { alpha: alpha.id, beta: beta.id, gamma: gamma.id, epsilon: epsilon.id }, followUps: { overdue, today, next7, later } };
}

/** The ApiError a backend call rejects with (fails the test if it resolves). */
export async function rejection(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(ApiError);
    return e as ApiError;
  }
  throw new Error('expected a rejection');
}
