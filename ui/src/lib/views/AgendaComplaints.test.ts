import { fireEvent, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ComplaintInput } from '../bindings/ComplaintInput';
import type { ServiceInput } from '../bindings/ServiceInput';
import { agendaBook, freezeTime, renderApp } from '../../test/helpers';

// The agenda's 待处理投诉 section: unresolved complaints, the most severe first, each opening
// its customer.

const complaint = (receivedOn: string, severity: ComplaintInput['severity'], status: ComplaintInput['status'] = 'open'): ServiceInput => ({
  date: receivedOn, request: '', problem: `${severity} 问题`, solution: '', result: '', satisfaction: null, nextPlan: '', nextPlanAt: null,
  complaint: { receivedOn, category: 'quality', severity, status, resolvedOn: status === 'resolved' ? '2025-03-04' : null, resolution: '' },
});

const items = () => within(screen.getByTestId('agenda-section-complaints')).queryAllByTestId('agenda-item');
const item = (name: string) => items().find((el) => el.getAttribute('data-customer-name') === name)!;

async function openWithComplaints() {
  const book = await agendaBook();
  const { backend, ids } = book;
  const mild = await backend.addService(ids.alpha, complaint('2025-02-20', 'low'));
  const severe = await backend.addService(ids.beta, complaint('2025-03-03', 'high', 'inProgress'));
  await backend.addService(ids.gamma, complaint('2025-03-01', 'high', 'resolved'));
  await backend.addService(ids.gamma, { ...complaint('2025-03-01', 'low'), complaint: undefined });
  await renderApp(backend);
  await fireEvent.click(screen.getByTestId('nav-agenda'));
  await waitFor(() => expect(items()).toHaveLength(2));
  return { ...book, mild, severe };
}

beforeEach(() => freezeTime());
afterEach(() => vi.useRealTimers());

describe('agenda: open complaints', () => {
  it('lists unresolved complaints most severe first, with their age, severity and status', async () => {
    const { mild, severe } = await openWithComplaints();
    expect(items().map((el) => el.getAttribute('data-id'))).toEqual([severe.id, mild.id]);
    const section = screen.getByTestId('agenda-section-complaints');
    expect(section.textContent).toContain('待处理投诉');
    expect(screen.getByTestId('agenda-count-complaints').textContent?.trim()).toBe('2');
    const beta = item('Beta Foods');
    expect(within(beta).getByTestId('agenda-complaint-text').textContent).toBe('high 问题');
    expect(within(beta).getByTestId('agenda-complaint-age').textContent).toBe('已 2 天');
    expect(within(beta).getByTestId('agenda-complaint-severity').textContent).toBe('严重 · 产品质量');
    expect(within(beta).getByTestId('agenda-complaint-status').textContent).toBe('处理中');
    expect(within(item('Alpha Trading')).getByTestId('agenda-complaint-age').textContent).toBe('已 13 天');
    // Gamma's complaint is resolved and its other visit is no complaint.
    expect(section.textContent).not.toContain('Gamma Tech');
  });

  it('opens the customer on a click and on Enter', async () => {
    await openWithComplaints();
    await fireEvent.click(within(item('Beta Foods')).getByTestId('agenda-open'));
    await waitFor(() => expect(screen.getByTestId('detail-name').textContent).toBe('Beta Foods'));
    await fireEvent.click(screen.getByTestId('nav-agenda'));
    await waitFor(() => expect(items()).toHaveLength(2));
    await fireEvent.keyDown(item('Alpha Trading'), { key: 'Enter' });
    await waitFor(() => expect(screen.getByTestId('detail-name').textContent).toBe('Alpha Trading'));
  });

  it("follows the owner filter (the customer's owner), and the section goes when none matches", async () => {
    const { backend, severe } = await openWithComplaints();
    await fireEvent.click(within(screen.getByTestId('agenda-filter-owner')).getByRole('button'));
    await fireEvent.click(await screen.findByLabelText('李娜'));
    await waitFor(() => expect(items().map((el) => el.getAttribute('data-customer-name'))).toEqual(['Beta Foods']));
    // Beta's complaint resolved: 李娜 has none open, the section goes away.
    await backend.updateService(severe.id, complaint('2025-03-03', 'high', 'resolved'));
    await fireEvent.click(screen.getByLabelText('李娜'));
    await fireEvent.click(screen.getByLabelText('王强'));
    await waitFor(() => expect(items().map((el) => el.getAttribute('data-customer-name'))).toEqual(['Alpha Trading']));
    await fireEvent.click(screen.getByLabelText('王强'));
    await fireEvent.click(screen.getByLabelText('李娜'));
    await waitFor(() => expect(screen.queryByTestId('agenda-section-complaints')).toBeNull());
  });
});
