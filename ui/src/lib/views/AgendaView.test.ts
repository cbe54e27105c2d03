import { fireEvent, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AgendaQuery } from '../bindings/AgendaQuery';
import type { FollowUpInput } from '../bindings/FollowUpInput';
import { agendaBook, freezeTime, localAt, renderApp } from '../../test/helpers';

const names = (section: string) =>
  within(screen.getByTestId(`agenda-section-${section}`))
    .queryAllByTestId('agenda-item')
    .map((el) => el.getAttribute('data-customer-name'));
const count = (section: string) => screen.getByTestId(`agenda-count-${section}`).textContent?.trim();
const item = (name: string) => screen.getAllByTestId('agenda-item').find((el) => el.getAttribute('data-customer-name') === name)!;

async function openAgenda(opts = {}) {
  const book = await agendaBook(opts);
  await renderApp(book.backend);
  await fireEvent.click(screen.getByTestId('nav-agenda'));
  await waitFor(() => expect(names('overdue')).toEqual(['Alpha Trading']));
  return book;
}

beforeEach(() => freezeTime());
afterEach(() => vi.useRealTimers());

describe('agenda', () => {
  it('sorts open follow-ups into overdue, today, next 7 days and later, with counts', async () => {
    await openAgenda();
    expect(names('today')).toEqual(['Beta Foods']);
    expect(names('next7')).toEqual(['Gamma Tech']);
    expect(names('later')).toEqual(['Epsilon Retail']);
    // Open customers without an open follow-up; won customers never need one.
    expect(names('nonext')).toEqual(['Delta Steel']);
    expect(['overdue', 'today', 'next7', 'later', 'nonext'].map(count)).toEqual(['1', '1', '1', '1', '1']);
    const overdue = item('Alpha Trading');
    expect(overdue.textContent).toContain('2小时前');
    expect(overdue.textContent).toContain('发送报价单');
    expect(overdue.textContent).toContain('高');
    expect(overdue.textContent).toContain('王强');
    expect(item('Beta Foods').textContent).toContain('今天 16:00');
    // The follow-up's own "by" wins over the customer's owner.
    expect(item('Gamma Tech').textContent).toContain('张伟');
    // The sidebar's count comes once the list's first rows were painted.
    await waitFor(() => expect(screen.getByTestId('nav-agenda-badge').textContent).toBe('2'));
  });

  it('speaks English: headings, relative times and priorities', async () => {
    const { backend } = await agendaBook({ settings: { language: 'en' } });
    const { setLanguage } = await import('../i18n/index.svelte');
    await renderApp(backend);
    setLanguage('en');
    await fireEvent.click(screen.getByTestId('nav-agenda'));
    await waitFor(() => expect(item('Alpha Trading').textContent).toContain('2 hours ago'));
    expect(screen.getByTestId('agenda-section-next7').textContent).toContain('Next 7 days');
    expect(item('Alpha Trading').textContent).toContain('High');
    expect(item('Beta Foods').textContent).toContain('Today 4:00 PM');
    expect(screen.getByTestId('agenda-section-nonext').textContent).toContain('Customers with no next step');
    setLanguage('zh');
  });

  it('shows each section empty with its empty state', async () => {
    const { backend } = await agendaBook();
    for (const f of backend.followUps.followUps.values()) f.done = true;
    await renderApp(backend);
    await fireEvent.click(screen.getByTestId('nav-agenda'));
    await waitFor(() => expect(count('overdue')).toBe('0'));
    expect(screen.getByTestId('agenda-section-today').textContent).toContain('今天没有其他待跟进');
    expect(count('nonext')).toBe('5');
    expect(screen.queryByTestId('nav-agenda-badge')).toBeNull();
  });

  it('marks an item done: it leaves the agenda', async () => {
    const { backend, followUps } = await openAgenda();
    await fireEvent.click(within(item('Beta Foods')).getByTestId('agenda-done'));
    await waitFor(() => expect(count('today')).toBe('0'));
    expect(names('today')).toEqual([]);
    expect(backend.callsOf('completeFollowUp')).toEqual([[followUps.today.id]]);
    expect(backend.followUps.followUps.get(followUps.today.id)?.done).toBe(true);
    expect(screen.getByTestId('agenda-status').textContent).toContain('Beta Foods');
    // Now Beta has no next step.
    expect(names('nonext')).toEqual(['Beta Foods', 'Delta Steel']);
  });

  it('opens the log form when a follow-up without content is marked done, and closes it on save', async () => {
    const { backend, followUps, ids } = await openAgenda();
    await fireEvent.click(within(item('Alpha Trading')).getByTestId('agenda-done'));
    const dialog = await screen.findByTestId('followup-form');
    expect(dialog.textContent).toContain('这条跟进还没有填写内容');
    expect((screen.getByTestId('fu-topic') as HTMLInputElement).value).toBe('发送报价单');
    expect((screen.getByTestId('fu-method') as HTMLSelectElement).value).toBe('email');
    await fireEvent.input(screen.getByTestId('fu-content'), { target: { value: '已发送报价单' } });
    await fireEvent.click(screen.getByTestId('fu-save'));
    await waitFor(() => expect(screen.queryByTestId('followup-form')).toBeNull());
    const [customerId, sent] = backend.callsOf('logFollowUp')[0] as [string, FollowUpInput];
    expect(customerId).toBe(ids.alpha);
    expect(sent).toMatchObject({ closes: followUps.overdue.id, content: '已发送报价单', method: 'email' });
    await waitFor(() => expect(count('overdue')).toBe('0'));
    // The new follow-up is due by the rules (uncategorised → medium → 7 days, 09:00).
    expect(names('next7')).toEqual(['Gamma Tech', 'Alpha Trading']);
    expect(sent.nextAt).toBe(localAt(7, 9));
  });

  it('snoozes to tomorrow morning and reschedules to a picked time', async () => {
    const { backend, followUps } = await openAgenda();
    await fireEvent.click(within(item('Alpha Trading')).getByTestId('agenda-snooze'));
    await fireEvent.click(await screen.findByTestId('snooze-tomorrowMorning'));
    await waitFor(() => expect(names('next7')).toEqual(['Alpha Trading', 'Gamma Tech']));
    expect(count('overdue')).toBe('0');
    expect(backend.followUps.followUps.get(followUps.overdue.id)?.nextAt).toBe(localAt(1, 9));

    await fireEvent.click(within(item('Gamma Tech')).getByTestId('agenda-snooze'));
    await fireEvent.click(await screen.findByTestId('snooze-pick'));
    await fireEvent.input(screen.getByTestId('snooze-until'), { target: { value: '2025-05-01T14:30' } });
    await fireEvent.click(screen.getByTestId('snooze-apply'));
    await waitFor(() => expect(names('later')).toEqual(['Epsilon Retail', 'Gamma Tech']));
    expect(backend.callsOf('snoozeFollowUp')).toEqual([
      [followUps.overdue.id, { type: 'tomorrowMorning' }],
      [followUps.next7.id, { type: 'until', until: new Date(2025, 4, 1, 14, 30).toISOString() }],
    ]);
  });

  it('filters by owner and priority', async () => {
    const { backend } = await openAgenda();
    await fireEvent.click(within(screen.getByTestId('agenda-filter-owner')).getByRole('button'));
    await fireEvent.click(await screen.findByLabelText('李娜'));
    await waitFor(() => expect(count('overdue')).toBe('0'));
    expect(names('today')).toEqual(['Beta Foods']);
    expect(names('nonext')).toEqual(['Delta Steel']);
    expect(names('next7')).toEqual([]);
    await fireEvent.click(screen.getByLabelText('李娜'));
    await fireEvent.click(within(screen.getByTestId('agenda-filter-priority')).getByRole('button'));
    await fireEvent.click(await screen.findByLabelText('高'));
    await waitFor(() => expect(count('today')).toBe('0'));
    expect(names('overdue')).toEqual(['Alpha Trading']);
    const calls = backend.callsOf('getAgenda').map((c) => c[0] as AgendaQuery);
    expect(calls.some((q) => q.owners.join() === '李娜')).toBe(true);
    expect(calls[calls.length - 1]).toMatchObject({ owners: [], priorities: ['high'] });
  });

  it('is driven by the keyboard: arrows move, d marks done, s snoozes, Enter opens', async () => {
    const { backend, followUps } = await openAgenda();
    const rows = () => screen.getAllByTestId('agenda-item');
    rows()[0].focus();
    await fireEvent.keyDown(rows()[0], { key: 'ArrowDown' });
    expect(document.activeElement?.getAttribute('data-customer-name')).toBe('Beta Foods');
    await fireEvent.keyDown(document.activeElement!, { key: 'j' });
    expect(document.activeElement?.getAttribute('data-customer-name')).toBe('Gamma Tech');
    await fireEvent.keyDown(document.activeElement!, { key: 'k' });
    await fireEvent.keyDown(document.activeElement!, { key: 'd' });
    await waitFor(() => expect(count('today')).toBe('0'));
    expect(backend.callsOf('completeFollowUp')).toEqual([[followUps.today.id]]);
    // The focus stays in the list, on the next item.
    await waitFor(() => expect(document.activeElement?.getAttribute('data-customer-name')).toBe('Gamma Tech'));
    await fireEvent.keyDown(document.activeElement!, { key: 's' });
    expect(await screen.findByTestId('snooze-menu')).toBeTruthy();
    expect(document.activeElement).toBe(screen.getByTestId('snooze-oneHour'));
    await fireEvent.keyDown(document.activeElement!, { key: 'Escape' });
    expect(screen.queryByTestId('snooze-menu')).toBeNull();
    await fireEvent.keyDown(item('Gamma Tech'), { key: 'Enter' });
    await waitFor(() => expect(screen.getByTestId('detail-name').textContent).toBe('Gamma Tech'));
  });

  it('refetches when the shell says the agenda changed', async () => {
    const { backend, ids } = await openAgenda();
    // A change the view did not make (as from another window or a fired reminder).
    const f = await backend.logFollowUp(ids.gamma, {
      at: localAt(-1, 9), method: 'phone', topic: '再确认', content: 'x', feedback: '', result: '', nextAction: '',
      nextAt: localAt(0, 8), nextBy: '', priority: 'high', contact: '', done: false, lostReason: '',
    });
    expect(names('overdue')).toEqual(['Alpha Trading']);
    backend.emitAgendaChanged();
    await waitFor(() => expect(names('overdue')).toEqual(['Gamma Tech', 'Alpha Trading']));
    expect(item('Gamma Tech').getAttribute('data-id')).toBe(f.id);
  });
});
