import { fireEvent, screen, waitFor, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { FakeBackend, type FakeOptions } from '../../api/fakeBackend';
import type { ListQuery } from '../../bindings/ListQuery';
import { emptyInput } from '../../model';
import { renderApp, rowNames } from '../../../test/helpers';

// Alpha and Gamma are 王强's, Beta 李娜's, Delta has no owner; 赵六 is a new hire (settings),
// 钱七 left (archived). Sorted by name: Alpha, Beta, Delta, Gamma.
async function book(opts: FakeOptions = {}) {
  const b = new FakeBackend({ ...opts, settings: { owners: ['赵六'], archivedOwners: ['钱七'], ...opts.settings } });
  const add = (name: string, extra: Record<string, unknown> = {}) => b.createCustomer({ ...emptyInput(), name, ...extra });
  const alpha = await add('Alpha Trading', { owner: '王强' });
  const beta = await add('Beta Foods', { owner: '李娜' });
  const gamma = await add('Gamma Tech', { owner: '王强' });
  const delta = await add('Delta Steel');
  b.calls = [];
  return { backend: b, ids: { alpha: alpha.id, beta: beta.id, gamma: gamma.id, delta: delta.id } };
}

async function showList(backend: FakeBackend) {
  const r = await renderApp(backend);
  await waitFor(() => expect(rowNames()).toEqual(['Alpha Trading', 'Beta Foods', 'Delta Steel', 'Gamma Tech']));
  return r;
}

const row = (name: string) => screen.getAllByTestId('customer-row').find((r) => r.getAttribute('data-name') === name)!;
const box = (name: string) => within(row(name)).getByTestId('row-select') as HTMLInputElement;
const checkedNames = () => rowNames().filter((n) => box(n).checked);
const count = () => screen.queryByTestId('selection-count')?.textContent?.replace(/\s+/g, ' ').trim() ?? null;
const receivers = () =>
  [...(screen.getByTestId('selection-handover-to') as HTMLSelectElement).options].map((o) => o.value).filter(Boolean);

async function openDialog() {
  await fireEvent.click(screen.getByTestId('selection-handover'));
  await waitFor(() => expect(receivers().length).toBeGreaterThan(0));
}

async function choose(name: string) {
  await fireEvent.change(screen.getByTestId('selection-handover-to'), { target: { value: name } });
}

describe('selecting customers in the list', () => {
  it('checks a row without opening it, extends with shift, and clears', async () => {
    const { backend } = await book();
    await showList(backend);
    expect(screen.queryByTestId('selection-bar')).toBeNull();
    await fireEvent.click(box('Alpha Trading'));
    expect(count()).toBe('已选 1 位客户');
    expect(screen.queryByTestId('detail-name')).toBeNull();
    // Shift: everything from the last one clicked to this one.
    await fireEvent.click(box('Delta Steel'), { shiftKey: true });
    await waitFor(() => expect(checkedNames()).toEqual(['Alpha Trading', 'Beta Foods', 'Delta Steel']));
    expect(count()).toBe('已选 3 位客户');
    // Shift while unchecking: the range goes off.
    await fireEvent.click(box('Beta Foods'));
    await fireEvent.click(box('Delta Steel'), { shiftKey: true });
    await waitFor(() => expect(checkedNames()).toEqual(['Alpha Trading']));
    await fireEvent.click(screen.getByTestId('selection-clear'));
    expect(screen.queryByTestId('selection-bar')).toBeNull();
    expect(checkedNames()).toEqual([]);
    // A click elsewhere on the row still opens the customer.
    await fireEvent.click(row('Gamma Tech'));
    expect((await screen.findByTestId('detail-name')).textContent).toBe('Gamma Tech');
  });

  it('selects every customer matching the filter from the header, and none on a second click', async () => {
    const { backend } = await book();
    await showList(backend);
    const head = screen.getByTestId('select-all') as HTMLInputElement;
    await fireEvent.click(box('Beta Foods'));
    await waitFor(() => expect(head.indeterminate).toBe(true));
    await fireEvent.click(head);
    await waitFor(() => expect(count()).toBe('已选 4 位客户 （全部符合筛选的客户）'));
    expect(checkedNames()).toHaveLength(4);
    expect(head.checked).toBe(true);
    expect(head.indeterminate).toBe(false);
    await fireEvent.click(head);
    await waitFor(() => expect(screen.queryByTestId('selection-bar')).toBeNull());
    expect(head.checked).toBe(false);
    expect(checkedNames()).toEqual([]);
  });

  it('toggles the focused row with space (shift extends); Enter opens it', async () => {
    const { backend } = await book();
    await showList(backend);
    await fireEvent.keyDown(row('Beta Foods'), { key: ' ' });
    expect(checkedNames()).toEqual(['Beta Foods']);
    await fireEvent.keyDown(row('Gamma Tech'), { key: ' ', shiftKey: true });
    await waitFor(() => expect(checkedNames()).toEqual(['Beta Foods', 'Delta Steel', 'Gamma Tech']));
    await fireEvent.keyDown(row('Delta Steel'), { key: ' ' });
    expect(checkedNames()).toEqual(['Beta Foods', 'Gamma Tech']);
    expect(screen.queryByTestId('detail-name')).toBeNull();
    await fireEvent.keyDown(row('Alpha Trading'), { key: 'Enter' });
    expect((await screen.findByTestId('detail-name')).textContent).toBe('Alpha Trading');
  });

  it('keeps the selection on a new sort, clears it when the filter changes', async () => {
    const { backend } = await book();
    await showList(backend);
    await fireEvent.click(box('Alpha Trading'));
    await fireEvent.click(box('Gamma Tech'));
    await fireEvent.click(screen.getByTestId('sort-name'));
    await waitFor(() => expect(rowNames()[0]).toBe('Gamma Tech'));
    expect(count()).toBe('已选 2 位客户');
    expect(checkedNames()).toEqual(['Gamma Tech', 'Alpha Trading']);
    await fireEvent.input(screen.getByTestId('search-input'), { target: { value: 'a' } });
    await waitFor(() => expect(screen.queryByTestId('selection-bar')).toBeNull());
    await waitFor(() => expect(checkedNames()).toEqual([]));
  });

  it('survives scrolling a large book; a shift range fetches the rows never shown', async () => {
    const { container, backend } = await renderApp(new FakeBackend({ customers: 5000 }));
    await waitFor(() => expect(screen.getByTestId('customer-count').textContent).toContain('5,000'));
    const first = screen.getAllByTestId('customer-row')[0];
    await fireEvent.click(within(first).getByTestId('row-select'));
    const scroller = container.querySelector('[role="table"]') as HTMLElement;
    scroller.scrollTop = 44 * 3000;
    await fireEvent.scroll(scroller);
    await waitFor(() => expect(screen.getAllByTestId('customer-row')[0].style.top).not.toBe('0px'));
    const far = screen.getAllByTestId('customer-row').find((r) => r.style.top === `${44 * 3000}px`)!;
    await fireEvent.click(within(far).getByTestId('row-select'), { shiftKey: true });
    await waitFor(() => expect(count()).toBe('已选 3,001 位客户'));
    const offsets = backend.callsOf('listCustomers').map(([q]) => (q as ListQuery).offset);
    expect(offsets).toContain(1000);
    scroller.scrollTop = 0;
    await fireEvent.scroll(scroller);
    await waitFor(() => expect(screen.getAllByTestId('customer-row')[0].style.top).toBe('0px'));
    expect((within(screen.getAllByTestId('customer-row')[0]).getByTestId('row-select') as HTMLInputElement).checked).toBe(true);
    // The header takes all 5000, fetched in the backend's largest pages.
    await fireEvent.click(screen.getByTestId('select-all'));
    await waitFor(() => expect(count()).toBe('已选 5,000 位客户 （全部符合筛选的客户）'));
    expect(backend.callsOf('listCustomers').filter(([q]) => (q as ListQuery).limit === 1000)).toHaveLength(5);
  });
});

describe('handing a selection over', () => {
  it('hands customers of two owners to a third, one call per owner, then refreshes and clears', async () => {
    const { backend, ids } = await book();
    await showList(backend);
    await fireEvent.click(box('Alpha Trading'));
    await fireEvent.click(box('Beta Foods'));
    await openDialog();
    // Active people only (钱七 is archived); with two givers, each may receive the other's.
    expect(receivers()).toEqual(['李娜', '王强', '赵六']);
    expect(screen.getByTestId('selection-handover-groups').textContent).toMatch(/李娜 的 1 位\s*王强 的 1 位/);
    expect(screen.queryByTestId('selection-handover-confirm')).toBeNull();
    await choose('赵六');
    expect(screen.getByTestId('selection-handover-confirm').textContent?.trim()).toBe(
      '把 2 位客户（及其未完成的跟进、销售机会和服务计划）移交给 赵六',
    );
    expect(screen.getByTestId('selection-handover-save').textContent).toBe('移交');
    await fireEvent.click(screen.getByTestId('selection-handover-save'));
    expect((await screen.findByTestId('selection-done')).textContent).toContain('已将 2 位客户移交给 赵六');
    expect(screen.queryByTestId('selection-handover-form')).toBeNull();
    expect(backend.callsOf('handOver')).toEqual([
      [{ from: '李娜', to: '赵六', customerIds: [ids.beta] }],
      [{ from: '王强', to: '赵六', customerIds: [ids.alpha] }],
    ]);
    expect((await backend.getCustomer(ids.alpha)).owner).toBe('赵六');
    expect((await backend.getCustomer(ids.beta)).owner).toBe('赵六');
    expect((await backend.getCustomer(ids.gamma)).owner).toBe('王强');
    // The list shows the new owners; nothing is selected any more.
    await waitFor(() => expect(row('Alpha Trading').textContent).toContain('赵六'));
    expect(row('Beta Foods').textContent).toContain('赵六');
    expect(screen.queryByTestId('selection-bar')).toBeNull();
    expect(checkedNames()).toEqual([]);
    // 李娜 handed over her last customer: the backend keeps her listed, the shared settings follow.
    expect(backend.settings.owners).toContain('李娜');
  });

  it('leaves out customers without an owner or already the receiver’s, and says so', async () => {
    const { backend, ids } = await book();
    await showList(backend);
    await fireEvent.click(box('Alpha Trading'));
    await fireEvent.click(box('Gamma Tech'));
    await fireEvent.click(box('Delta Steel'));
    await openDialog();
    // All of 王强's: he is not offered.
    expect(receivers()).toEqual(['李娜', '赵六']);
    expect(screen.getByTestId('selection-handover-unowned').textContent).toContain('1 位客户没有负责人，不会移交');
    await fireEvent.click(screen.getByTestId('selection-handover-cancel'));
    await fireEvent.click(box('Beta Foods'));
    await openDialog();
    await choose('李娜');
    expect(screen.getByTestId('selection-handover-kept').textContent).toContain('1 位客户已由 李娜 负责，保持不变');
    expect(screen.getByTestId('selection-handover-confirm').textContent).toContain('把 2 位客户');
    await fireEvent.click(screen.getByTestId('selection-handover-save'));
    expect((await screen.findByTestId('selection-done')).textContent).toContain('已将 2 位客户移交给 李娜');
    expect(backend.callsOf('handOver')).toEqual([[{ from: '王强', to: '李娜', customerIds: [ids.alpha, ids.gamma] }]]);
    expect((await backend.getCustomer(ids.delta)).owner).toBe('');
  });

  it('asks for a receiver and shows the backend refusing, with nothing moved and the dialog open', async () => {
    const { backend, ids } = await book();
    await showList(backend);
    await fireEvent.click(box('Alpha Trading'));
    await openDialog();
    expect(receivers()).not.toContain('钱七');
    await fireEvent.click(screen.getByTestId('selection-handover-save'));
    expect((await screen.findByTestId('selection-handover-error')).textContent).toContain('请选择接手人');
    expect(backend.callsOf('handOver')).toEqual([]);
    // 赵六 is archived meanwhile (elsewhere): the backend refuses; the dialog says why, under the field too.
    await choose('赵六');
    backend.settings.archivedOwners.push('赵六');
    await fireEvent.click(screen.getByTestId('selection-handover-save'));
    await waitFor(() => expect(screen.getByTestId('selection-handover-error').textContent).toContain('接手人：已归档'));
    expect(screen.getByTestId('field-error-to').textContent).toContain('已归档');
    expect((await backend.getCustomer(ids.alpha)).owner).toBe('王强');
    await fireEvent.click(screen.getByTestId('selection-handover-cancel'));
    expect(screen.queryByTestId('selection-handover-form')).toBeNull();
    expect(count()).toBe('已选 1 位客户');
  });

  it('names the customer the backend refuses, after the owners before it were handed over', async () => {
    const { backend, ids } = await book();
    await showList(backend);
    await fireEvent.click(box('Alpha Trading'));
    await fireEvent.click(box('Beta Foods'));
    await openDialog();
    await choose('赵六');
    // Alpha changed hands behind the list's back: 王强's call is refused (NotTheirs).
    backend.customers.get(ids.alpha)!.owner = '李娜';
    await fireEvent.click(screen.getByTestId('selection-handover-save'));
    expect((await screen.findByTestId('selection-done')).textContent).toContain('已将 1 位客户移交给 赵六');
    expect(screen.getByTestId('selection-error').textContent).toBe(
      '其余 1 位客户未移交：客户 1：不是原负责人的客户（Alpha Trading）',
    );
    expect((await backend.getCustomer(ids.beta)).owner).toBe('赵六');
    expect((await backend.getCustomer(ids.alpha)).owner).toBe('李娜');
    expect(screen.queryByTestId('selection-bar')).toBeNull();
  });

  it('speaks the user’s language, the backend’s refusal included', async () => {
    const { backend } = await book({ settings: { language: 'en' } });
    await showList(backend);
    await fireEvent.click(box('Alpha Trading'));
    await fireEvent.click(box('Gamma Tech'));
    expect(count()).toBe('2 customers selected');
    expect(screen.getByTestId('selection-handover').textContent?.trim()).toBe('Hand over to…');
    await openDialog();
    await choose('赵六');
    expect(screen.getByTestId('selection-handover-confirm').textContent).toContain('Hand 2 customers');
    backend.settings.archivedOwners.push('赵六');
    await fireEvent.click(screen.getByTestId('selection-handover-save'));
    await waitFor(() => expect(screen.getByTestId('selection-handover-error').textContent).toContain('New owner has been archived'));
  });
});
