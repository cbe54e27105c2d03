import { fireEvent, screen, waitFor } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { FakeBackend } from '../api/fakeBackend';
import { emptyFollowUp } from '../followups';
import { emptyInput } from '../model';
import { lastQuery, renderApp, rowNames } from '../../test/helpers';

const DAY = 86_400_000;

/** Now is 5 March 2025; the fake adds customers on 1 January. 张三 contacted 2 days ago,
 *  李四 45 days ago, 王五 never, 赵六 lost. */
async function contactBook() {
  const end = new Date(2025, 2, 5, 12, 0).getTime();
  const b = new FakeBackend({ now: () => new Date(end) });
  const add = (name: string, extra: Record<string, unknown> = {}) => b.createCustomer({ ...emptyInput(), name, ...extra });
  const zhang = await add('张三', { company: '上海华东贸易有限公司', owner: '李娜' });
  const li = await add('李四', { owner: '陈强' });
  await add('王五', { owner: '刘洋' });
  await add('赵六', { stage: 'lost', lostReason: '预算不足' });
  await b.logFollowUp(li.id, { ...emptyFollowUp(), at: new Date(end - 45 * DAY).toISOString(), content: '电话', done: true });
  await b.logFollowUp(zhang.id, { ...emptyFollowUp(), at: new Date(end - 2 * DAY).toISOString(), content: '拜访', done: true });
  b.calls = [];
  return b;
}

const row = (name: string) => screen.getAllByTestId('customer-row').find((r) => r.getAttribute('data-name') === name)!;

describe('customer list: last contact', () => {
  it('shows the last contact and marks customers untouched for the settings days', async () => {
    await renderApp(await contactBook());
    await waitFor(() => expect(rowNames()).toHaveLength(4));
    expect(row('张三').querySelector('[data-testid="last-contact"]')).not.toBeNull();
    expect(row('张三').querySelector('[data-testid="untouched"]')).toBeNull();
    expect(row('李四').querySelector('[data-testid="untouched"]')?.textContent).toBe('45 天未跟进');
    expect(row('王五').querySelector('[data-testid="last-contact"]')).toBeNull();
    // Untouched: the days instead of the date.
    expect(row('李四').querySelector('[data-testid="last-contact"]')).toBeNull();
    expect(row('王五').querySelector('[data-testid="untouched"]')?.textContent).toMatch(/^6\d 天未跟进$/);
    expect(row('赵六').querySelector('[data-testid="untouched"]')).toBeNull();
  });

  it('sorts by last contact both ways, never contacted last', async () => {
    const backend = await contactBook();
    await renderApp(backend);
    await waitFor(() => expect(rowNames()).toHaveLength(4));
    await fireEvent.click(screen.getByTestId('sort-lastContact'));
    await waitFor(() => expect(lastQuery(backend)).toMatchObject({ sort: 'lastContact', descending: false }));
    await waitFor(() => expect(rowNames().slice(0, 2)).toEqual(['李四', '张三']));
    await fireEvent.click(screen.getByTestId('sort-lastContact'));
    await waitFor(() => expect(rowNames().slice(0, 2)).toEqual(['张三', '李四']));
  });

  it('filters by last contact and by the untouched mark', async () => {
    const backend = await contactBook();
    await renderApp(backend);
    await waitFor(() => expect(rowNames()).toHaveLength(4));
    const pick = (value: string) => fireEvent.change(screen.getByTestId('filter-contact'), { target: { value } });
    await pick('within7');
    await waitFor(() => expect(lastQuery(backend).contact).toEqual({ type: 'within', days: 7 }));
    await waitFor(() => expect(rowNames()).toEqual(['张三']));
    await pick('untouched');
    await waitFor(() => expect(lastQuery(backend).contact).toEqual({ type: 'untouched' }));
    await waitFor(() => expect(rowNames().sort()).toEqual(['李四', '王五']));
    await pick('never');
    await waitFor(() => expect(rowNames().sort()).toEqual(['王五', '赵六']));
    await fireEvent.click(screen.getByTestId('clear-filters'));
    await waitFor(() => expect(lastQuery(backend).contact).toEqual({ type: 'any' }));
  });

  it('finds Chinese names and companies by pinyin', async () => {
    const backend = await contactBook();
    await renderApp(backend);
    await waitFor(() => expect(rowNames()).toHaveLength(4));
    await fireEvent.input(screen.getByTestId('search-input'), { target: { value: 'hd' } });
    await waitFor(() => expect(lastQuery(backend).search).toBe('hd'));
    await waitFor(() => expect(rowNames()).toEqual(['张三']));
  });

  it('filters the owner picker by pinyin once it is long', async () => {
    const backend = await contactBook();
    for (const owner of ['王强', '张伟', '周杰', '吴敏', 'Emily Chen']) await backend.createCustomer({ ...emptyInput(), name: `客户${owner}`, owner });
    await renderApp(backend);
    await waitFor(() => expect(rowNames()).toHaveLength(9));
    const picker = screen.getByTestId('filter-owner');
    await fireEvent.click(picker.querySelector('button')!);
    const search = await screen.findByTestId('filter-owner-search');
    await fireEvent.input(search, { target: { value: 'ln' } });
    await waitFor(() => expect([...picker.querySelectorAll('label')].map((l) => l.textContent?.trim())).toEqual(['李娜']));
    await fireEvent.input(search, { target: { value: 'chen' } });
    await waitFor(() => expect([...picker.querySelectorAll('label')].map((l) => l.textContent?.trim()).sort()).toEqual(['Emily Chen', '陈强']));
  });
});
