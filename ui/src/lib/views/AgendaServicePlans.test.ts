import { fireEvent, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ServiceInput } from '../bindings/ServiceInput';
import { agendaBook, freezeTime, localAt, renderApp } from '../../test/helpers';

// The agenda's 售后回访 section: open after-sales service plans from the service records.

const service = (date: string, nextPlan = '', nextPlanAt: string | null = null): ServiceInput => ({
  date, request: '上门检修', problem: '', solution: '', result: '', satisfaction: null, nextPlan, nextPlanAt,
});

const plans = () => within(screen.getByTestId('agenda-section-plans')).queryAllByTestId('agenda-item');
const plan = (name: string) => plans().find((el) => el.getAttribute('data-customer-name') === name)!;

/** The agenda book with an overdue plan (Alpha), a coming one (Gamma) and a done one (Beta). */
async function openWithPlans() {
  const book = await agendaBook();
  const { backend, ids } = book;
  const overdue = await backend.addService(ids.alpha, service('2025-02-20', '季度巡检', localAt(-2, 9)));
  const coming = await backend.addService(ids.gamma, service('2025-02-20', '', localAt(10, 9)));
  // Beta's plan is done: a later visit was recorded after its day.
  await backend.addService(ids.beta, service('2025-02-01', '首次回访', localAt(-10, 9)));
  await backend.addService(ids.beta, service('2025-03-01'));
  await renderApp(backend);
  await fireEvent.click(screen.getByTestId('nav-agenda'));
  await waitFor(() => expect(plans()).toHaveLength(2));
  return { ...book, overdue, coming };
}

beforeEach(() => freezeTime());
afterEach(() => vi.useRealTimers());

describe('agenda: service plans', () => {
  it('lists open plans in time order with the customer, the plan and the date; a done plan is not shown', async () => {
    const { overdue, coming } = await openWithPlans();
    expect(plans().map((el) => el.getAttribute('data-customer-name'))).toEqual(['Alpha Trading', 'Gamma Tech']);
    expect(plans().map((el) => el.getAttribute('data-id'))).toEqual([overdue.id, coming.id]);
    const section = screen.getByTestId('agenda-section-plans');
    expect(section.textContent).toContain('售后回访');
    expect(screen.getByTestId('agenda-count-plans').textContent?.trim()).toBe('2');
    const alpha = plan('Alpha Trading');
    expect(within(alpha).getByTestId('agenda-plan-text').textContent).toBe('季度巡检');
    expect(within(alpha).getByTestId('agenda-due').getAttribute('datetime')).toBe(localAt(-2, 9));
    expect(alpha.textContent).toContain('Alpha Ltd');
    expect(alpha.textContent).toContain('王强');
    // A plan without text says so.
    expect(within(plan('Gamma Tech')).getByTestId('agenda-plan-text').textContent).toBe('（未填写计划内容）');
    expect(section.textContent).not.toContain('Beta Foods');
  });

  it('counts the plans due by the end of today on the agenda badge with the follow-ups', async () => {
    await openWithPlans();
    // Two follow-ups (overdue, today) and Alpha's overdue plan; Gamma's plan is in 10 days.
    await waitFor(() => expect(screen.getByTestId('nav-agenda-badge').textContent).toBe('3'));
  });

  it('marks overdue plans only', async () => {
    await openWithPlans();
    expect(within(plan('Alpha Trading')).getByTestId('agenda-plan-overdue').textContent).toBe('已逾期');
    expect(within(plan('Gamma Tech')).queryByTestId('agenda-plan-overdue')).toBeNull();
  });

  it('opens the customer on a click and on Enter', async () => {
    await openWithPlans();
    await fireEvent.click(within(plan('Alpha Trading')).getByRole('button', { name: 'Alpha Trading' }));
    await waitFor(() => expect(screen.getByTestId('detail-name').textContent).toBe('Alpha Trading'));
    await fireEvent.click(screen.getByTestId('nav-agenda'));
    await waitFor(() => expect(plans()).toHaveLength(2));
    await fireEvent.click(within(plan('Gamma Tech')).getByTestId('agenda-open'));
    await waitFor(() => expect(screen.getByTestId('detail-name').textContent).toBe('Gamma Tech'));
    await fireEvent.click(screen.getByTestId('nav-agenda'));
    await waitFor(() => expect(plans()).toHaveLength(2));
    await fireEvent.keyDown(plan('Alpha Trading'), { key: 'Enter' });
    await waitFor(() => expect(screen.getByTestId('detail-name').textContent).toBe('Alpha Trading'));
  });

  it('follows the owner filter (the customer\'s owner)', async () => {
    await openWithPlans();
    await fireEvent.click(within(screen.getByTestId('agenda-filter-owner')).getByRole('button'));
    await fireEvent.click(await screen.findByLabelText('李娜'));
    // 李娜 has no open plan: the section goes away.
    await waitFor(() => expect(screen.queryByTestId('agenda-section-plans')).toBeNull());
    await fireEvent.click(screen.getByLabelText('李娜'));
    await fireEvent.click(screen.getByLabelText('王强'));
    await waitFor(() => expect(plans()).toHaveLength(2));
  });

  it('speaks English', async () => {
    const { backend, ids } = await agendaBook({ settings: { language: 'en' } });
    await backend.addService(ids.alpha, service('2025-02-20', 'Quarterly check', localAt(-2, 9)));
    const { setLanguage } = await import('../i18n/index.svelte');
    await renderApp(backend);
    setLanguage('en');
    await fireEvent.click(screen.getByTestId('nav-agenda'));
    await waitFor(() => expect(plans()).toHaveLength(1));
    expect(screen.getByTestId('agenda-section-plans').textContent).toContain('Service visits');
    expect(within(plan('Alpha Trading')).getByTestId('agenda-plan-overdue').textContent).toBe('Overdue');
    setLanguage('zh');
  });

  it('leaves the agenda as it was when there is no open plan', async () => {
    const { backend } = await agendaBook();
    await renderApp(backend);
    await fireEvent.click(screen.getByTestId('nav-agenda'));
    await waitFor(() => expect(screen.getByTestId('agenda-count-overdue').textContent?.trim()).toBe('1'));
    expect(screen.queryByTestId('agenda-section-plans')).toBeNull();
    expect(screen.getByTestId('agenda-section-nonext')).toBeTruthy();
  });
});
