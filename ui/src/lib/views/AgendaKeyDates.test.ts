import { fireEvent, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FollowUpInput } from '../bindings/FollowUpInput';
import { emptyFollowUp } from '../followups';
import { setLanguage } from '../i18n/index.svelte';
import { emptyInput } from '../model';
import { agendaBook, freezeTime, localAt, renderApp } from '../../test/helpers';

// The agenda's key dates (birthdays of customers and key contacts, contract expiries of today
// and the next 7 days) with their quick actions, and how long since the last contact on the
// "no next step" rows. Now: Wednesday 5 March 2025, noon.

const rows = (section: string) => within(screen.getByTestId(`agenda-section-${section}`)).queryAllByTestId('agenda-item');
const names = (section: string) => rows(section).map((el) => el.getAttribute('data-customer-name'));
const row = (section: string, name: string) => rows(section).find((el) => el.getAttribute('data-customer-name') === name)!;

/** The agenda book plus a birthday today, a key contact's in 2 days, a contract ending in 7
 *  days and a birthday 8 days out (not shown); Quiet Co was last called 32 days ago. */
async function openWithDates() {
  const book = await agendaBook();
  const b = book.backend;
  const add = (name: string, extra: Record<string, unknown>) => b.createCustomer({ ...emptyInput(), name, owner: '王强', ...extra });
  await add('Birthday Today', { birthday: '1980-03-05' });
  const contact = { name: '王芳', title: '', phone: '', email: '', birthday: '1975-03-07', role: null };
  const contactCo = await add('Contact Co', { company: 'Contact Co', contacts: [contact] });
  const renewal = await add('Renewal Ltd', { contractExpiry: '2025-03-12' });
  await add('Too Far', { birthday: '1990-03-13', stage: 'won' });
  const quiet = await add('Quiet Co', {});
  await b.logFollowUp(quiet.id, { ...emptyFollowUp(), at: localAt(-32, 10), content: '电话回访', done: true, nextAt: null });
  await renderApp(b);
  await fireEvent.click(screen.getByTestId('nav-agenda'));
  await waitFor(() => expect(rows('dates')).toHaveLength(3));
  return { ...book, contactCo, renewal };
}

beforeEach(() => freezeTime());
afterEach(() => {
  vi.useRealTimers();
  setLanguage('zh');
});

describe('agenda: key dates and last contact', () => {
  it('lists the birthdays and contract expiries of today and the next 7 days, by day, off the badge', async () => {
    await openWithDates();
    expect(names('dates')).toEqual(['Birthday Today', 'Contact Co', 'Renewal Ltd']);
    const section = screen.getByTestId('agenda-section-dates');
    expect(section.textContent).toContain('生日与合同到期（7 天内）');
    expect(screen.getByTestId('agenda-count-dates').textContent?.trim()).toBe('3');
    expect(row('dates', 'Birthday Today').textContent).toContain('今天');
    expect(within(row('dates', 'Birthday Today')).getByTestId('agenda-date-what').textContent).toBe('生日');
    const contact = row('dates', 'Contact Co');
    expect(within(contact).getByTestId('agenda-date-what').textContent).toBe('关键联系人 王芳 生日');
    expect(contact.textContent).toContain('2 天后');
    expect(within(contact).getByTestId('agenda-date-day').getAttribute('datetime')).toBe('2025-03-07');
    expect(within(row('dates', 'Renewal Ltd')).getByTestId('agenda-date-what').textContent).toBe('合同到期');
    expect(row('dates', 'Renewal Ltd').textContent).toContain('7 天后');
    // Dates are not due work: the badge still counts the overdue and today's follow-ups only.
    await waitFor(() => expect(screen.getByTestId('nav-agenda-badge').textContent).toBe('2'));
  });

  it('logs a greeting with the topic and the contact filled in, and a renewal for a contract', async () => {
    const { backend, contactCo, renewal } = await openWithDates();
    await fireEvent.click(within(row('dates', 'Contact Co')).getByTestId('agenda-log'));
    await screen.findByTestId('followup-form');
    expect((screen.getByTestId('fu-topic') as HTMLInputElement).value).toBe('生日祝福');
    await waitFor(() => expect((screen.getByTestId('fu-contact') as HTMLSelectElement).value).toBe('王芳'));
    await fireEvent.input(screen.getByTestId('fu-content'), { target: { value: '微信送上生日祝福' } });
    await fireEvent.click(screen.getByTestId('fu-save'));
    await waitFor(() => expect(screen.queryByTestId('followup-form')).toBeNull());
    const [customerId, sent] = backend.callsOf('logFollowUp').at(-1) as [string, FollowUpInput];
    expect(customerId).toBe(contactCo.id);
    expect(sent).toMatchObject({ topic: '生日祝福', contact: '王芳', content: '微信送上生日祝福' });

    await fireEvent.keyDown(row('dates', 'Renewal Ltd'), { key: 'l' });
    await screen.findByTestId('followup-form');
    expect((screen.getByTestId('fu-topic') as HTMLInputElement).value).toBe('合同续约');
    await fireEvent.click(screen.getByTestId('fu-cancel'));
    await waitFor(() => expect(screen.queryByTestId('followup-form')).toBeNull());
    expect(backend.callsOf('logFollowUp').filter(([id]) => id === renewal.id)).toEqual([]);
  });

  it('opens the customer from a key date', async () => {
    await openWithDates();
    await fireEvent.click(within(row('dates', 'Birthday Today')).getByTestId('agenda-open'));
    await waitFor(() => expect(screen.getByTestId('detail-name').textContent).toBe('Birthday Today'));
  });

  it('says on each "no next step" row how long since the last contact, in both languages', async () => {
    await openWithDates();
    const since = (name: string) => within(row('nonext', name)).getByTestId('agenda-last-contact').textContent;
    expect(since('Quiet Co')).toBe('32 天未联系');
    expect(since('Delta Steel')).toBe('从未联系');
    setLanguage('en');
    await waitFor(() => expect(since('Quiet Co')).toBe('Last contact 32 days ago'));
    expect(since('Delta Steel')).toBe('Never contacted');
    expect(screen.getByTestId('agenda-section-dates').textContent).toContain('Birthdays & contract expiries, next 7 days');
    expect(within(row('dates', 'Contact Co')).getByTestId('agenda-date-what').textContent).toBe('Birthday of 王芳 (key contact)');
    expect(row('dates', 'Contact Co').textContent).toContain('in 2 days');
  });
});
