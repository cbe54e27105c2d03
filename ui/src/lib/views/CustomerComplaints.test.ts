import { fireEvent, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ServiceInput } from '../bindings/ServiceInput';
import { agendaBook, freezeTime, renderApp, rowNames } from '../../test/helpers';

// The after-sales form's "this is a complaint" part (投诉与反馈) and the complaint on the
// timeline, against the fake backend (which keeps the real backend's complaint rules).

const type = (testid: string, value: string) => fireEvent.input(screen.getByTestId(testid), { target: { value } });
const choose = (testid: string, value: string) => fireEvent.change(screen.getByTestId(testid), { target: { value } });
const value = (testid: string) => (screen.getByTestId(testid) as HTMLInputElement).value;
const closed = (form: string) => waitFor(() => expect(screen.queryByTestId(form)).toBeNull());

async function openGamma() {
  const book = await agendaBook();
  book.backend.calls = [];
  await renderApp(book.backend);
  await waitFor(() => expect(rowNames()).toContain('Gamma Tech'));
  await fireEvent.click(screen.getAllByTestId('customer-row').find((r) => r.getAttribute('data-name') === 'Gamma Tech')!);
  await screen.findByTestId('timeline');
  return book;
}

async function logComplaint() {
  await fireEvent.click(screen.getByTestId('add-service'));
  await screen.findByTestId('service-form');
  await type('service-date', '2025-03-01');
  await type('service-problem', '到货少一件');
  expect(screen.queryByTestId('complaint-received')).toBeNull();
  await fireEvent.click(screen.getByTestId('complaint-toggle'));
  // Received on the service's day by default; open, medium, other.
  expect(value('complaint-received')).toBe('2025-03-01');
  expect(value('complaint-status')).toBe('open');
  expect(screen.queryByTestId('complaint-resolved')).toBeNull();
  await choose('complaint-category', 'delivery');
  await choose('complaint-severity', 'high');
  await fireEvent.click(screen.getByTestId('service-save'));
  await closed('service-form');
}

beforeEach(() => freezeTime());
afterEach(() => vi.useRealTimers());

describe('complaints on after-sales records', () => {
  it('logs a complaint: the toggle shows its fields, the input carries it, the timeline shows it', async () => {
    const { backend } = await openGamma();
    await logComplaint();
    const sent = backend.callsOf('addService')[0][1] as ServiceInput;
    expect(sent.complaint).toEqual({
      receivedOn: '2025-03-01', category: 'delivery', severity: 'high', status: 'open', resolvedOn: null, resolution: '',
    });
    const row = await screen.findByTestId('timeline-service');
    const c = within(row).getByTestId('service-complaint');
    expect(c.textContent).toContain('投诉 · 严重');
    expect(c.textContent).toContain('交付物流');
    expect(within(row).getByTestId('service-complaint-status').textContent).toBe('待处理');
  });

  it('an ordinary service sends no complaint, and turning the toggle off drops it', async () => {
    const { backend } = await openGamma();
    await fireEvent.click(screen.getByTestId('add-service'));
    await screen.findByTestId('service-form');
    await type('service-request', '上门培训');
    await fireEvent.click(screen.getByTestId('complaint-toggle'));
    await fireEvent.click(screen.getByTestId('complaint-toggle'));
    expect(screen.queryByTestId('complaint-received')).toBeNull();
    await fireEvent.click(screen.getByTestId('service-save'));
    await closed('service-form');
    expect((backend.callsOf('addService')[0][1] as ServiceInput).complaint).toBeUndefined();
    const row = await screen.findByTestId('timeline-service');
    expect(within(row).queryByTestId('service-complaint')).toBeNull();
  });

  it('resolves it: a resolved date before the received one is refused under its field, then days to resolve show', async () => {
    const { backend } = await openGamma();
    await logComplaint();
    await fireEvent.click(await screen.findByTestId('edit-service'));
    await screen.findByTestId('service-form');
    expect(value('complaint-category')).toBe('delivery');
    await choose('complaint-status', 'resolved');
    // Today is offered as the resolved date.
    expect(value('complaint-resolved')).toBe('2025-03-05');
    await type('complaint-resolved', '2025-02-27');
    await type('complaint-resolution', '补发并致歉');
    await fireEvent.click(screen.getByTestId('service-save'));
    const error = await screen.findByTestId('field-error-complaint.resolvedOn');
    expect(error.textContent).toBe('投诉 – 解决日期：不能早于投诉受理日期');
    expect([...backend.records.services.values()][0].complaint?.status).toBe('open');
    await type('complaint-resolved', '2025-03-04');
    await fireEvent.click(screen.getByTestId('service-save'));
    await closed('service-form');
    const row = await screen.findByTestId('timeline-service');
    await waitFor(() => expect(within(row).getByTestId('service-complaint-status').textContent).toBe('已解决'));
    expect(row.textContent).toContain('3 天解决');
    expect(row.textContent).toContain('补发并致歉');
  });

  it('a resolved complaint cannot go back to open: the backend says so under the status', async () => {
    await openGamma();
    await logComplaint();
    await fireEvent.click(await screen.findByTestId('edit-service'));
    await screen.findByTestId('service-form');
    await choose('complaint-status', 'resolved');
    await fireEvent.click(screen.getByTestId('service-save'));
    await closed('service-form');
    await fireEvent.click(await screen.findByTestId('edit-service'));
    await screen.findByTestId('service-form');
    expect(value('complaint-resolved')).toBe('2025-03-05');
    await choose('complaint-status', 'open');
    expect(screen.queryByTestId('complaint-resolved')).toBeNull();
    await fireEvent.click(screen.getByTestId('service-save'));
    const error = await screen.findByTestId('field-error-complaint.status');
    expect(error.textContent).toBe('投诉 – 处理状态：不能从“已解决”退回“待处理”');
  });
});
