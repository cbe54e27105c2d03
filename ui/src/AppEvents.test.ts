import { fireEvent, screen, waitFor } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeBackend } from './lib/api/fakeBackend';
import { agendaBook, freezeTime, renderApp, rowNames, smallBook } from './test/helpers';

beforeEach(() => freezeTime());
afterEach(() => vi.useRealTimers());

describe('shell events', () => {
  it('goes where the shell says: the agenda, a customer, then another customer', async () => {
    const { backend, ids } = await agendaBook();
    await renderApp(backend);
    await waitFor(() => expect(backend.callsOf('onNavigate')).toHaveLength(1));
    backend.emitNavigate({ view: 'agenda' });
    expect(await screen.findByTestId('agenda-section-overdue')).toBeTruthy();
    expect(screen.getByTestId('nav-agenda').getAttribute('aria-current')).toBe('page');

    backend.emitNavigate({ view: 'customer', id: ids.beta });
    await waitFor(() => expect(screen.getByTestId('detail-name').textContent).toBe('Beta Foods'));
    // Already on a customer page: another customer replaces it.
    backend.emitNavigate({ view: 'customer', id: ids.gamma });
    await waitFor(() => expect(screen.getByTestId('detail-name').textContent).toBe('Gamma Tech'));
    expect((screen.getByTestId('field-name') as HTMLInputElement).value).toBe('Gamma Tech');
  });

  it('shows how to enable notifications until dismissed', async () => {
    const help = '请在“系统设置 → 通知”中允许客脉发送通知。';
    const backend = new FakeBackend({ notifications: { available: false, help } });
    await renderApp(backend);
    const banner = await screen.findByTestId('notification-help');
    expect(banner.textContent).toContain(help);
    await fireEvent.click(screen.getByTestId('notification-help-dismiss'));
    expect(screen.queryByTestId('notification-help')).toBeNull();
    expect(backend.callsOf('dismissNotificationHelp')).toHaveLength(1);
    expect(backend.notifications.help).toBeNull();
  });

  it('shows no notification hint when notifications work', async () => {
    const backend = new FakeBackend({ notifications: { available: true, help: null } });
    await renderApp(backend);
    await waitFor(() => expect(backend.callsOf('notificationStatus')).toHaveLength(1));
    expect(screen.queryByTestId('notification-help')).toBeNull();
  });
});

describe('customer list and follow-ups', () => {
  it('marks open customers without a next step, and shows the next due date of the others', async () => {
    const backend = await smallBook();
    const rows = (await backend.listCustomers((await import('./lib/model')).defaultQuery())).rows;
    const gamma = rows.find((r) => r.name === 'Gamma Tech')!;
    const { emptyFollowUp } = await import('./lib/followups');
    await backend.logFollowUp(gamma.id, { ...emptyFollowUp(), topic: '回访', nextAt: new Date(2025, 2, 4, 9).toISOString(), at: new Date(2025, 2, 1).toISOString() });
    await renderApp(backend);
    await waitFor(() => expect(rowNames()).toEqual(['Alpha Trading', 'Beta Foods', 'Gamma Tech']));
    const [alpha, beta, g] = screen.getAllByTestId('customer-row');
    expect(alpha.querySelector('[data-testid="no-next-step"]')?.textContent).toBe('无下一步');
    // Won: nothing to plan.
    expect(beta.querySelector('[data-testid="no-next-step"]')).toBeNull();
    expect(g.querySelector('[data-testid="no-next-step"]')).toBeNull();
    const due = g.querySelector('[data-testid="next-due"]')!;
    expect(due.textContent).toBe('2025/03/04');
    expect(due.classList.contains('overdue')).toBe(true);
  });
});
