import { fireEvent, screen, waitFor } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { FakeBackend } from '../api/fakeBackend';
import { lastQuery, renderApp, rowNames, smallBook } from '../../test/helpers';

describe('customer list', () => {
  it('renders the rows the backend sends, with count, stage and tags', async () => {
    await renderApp(await smallBook());
    await waitFor(() => expect(rowNames()).toEqual(['Alpha Trading', 'Beta Foods', 'Gamma Tech']));
    expect(screen.getByTestId('customer-count').textContent).toContain('3');
    const beta = screen.getAllByTestId('customer-row')[1];
    expect(beta.textContent).toContain('成交');
    expect(beta.textContent).toContain('VIP');
    expect(beta.textContent).toContain('华东');
  });

  it('asks for a page of 200 from offset 0, sorted by name ascending', async () => {
    const { backend } = await renderApp(await smallBook());
    await waitFor(() => expect(rowNames()).toHaveLength(3));
    expect(lastQuery(backend)).toMatchObject({ offset: 0, limit: 200, sort: 'name', descending: false, search: '' });
  });

  it('sorts by clicking a column header; a second click reverses', async () => {
    const { backend } = await renderApp(await smallBook());
    await waitFor(() => expect(rowNames()).toHaveLength(3));
    await fireEvent.click(screen.getByTestId('sort-company'));
    await waitFor(() => expect(lastQuery(backend)).toMatchObject({ sort: 'company', descending: false }));
    await fireEvent.click(screen.getByTestId('sort-company'));
    await waitFor(() => expect(lastQuery(backend)).toMatchObject({ sort: 'company', descending: true }));
    await waitFor(() => expect(rowNames()).toEqual(['Gamma Tech', 'Beta Foods', 'Alpha Trading']));
    expect(screen.getByTestId('sort-company').textContent).toContain('↓');
  });

  it('searches after a short pause, sending the text to the backend', async () => {
    const { backend } = await renderApp(await smallBook());
    await waitFor(() => expect(rowNames()).toHaveLength(3));
    await fireEvent.input(screen.getByTestId('search-input'), { target: { value: 'gamma' } });
    // Not sent at once (debounced)…
    expect(lastQuery(backend).search).toBe('');
    // …but shortly after.
    await waitFor(() => expect(lastQuery(backend).search).toBe('gamma'));
    await waitFor(() => expect(rowNames()).toEqual(['Gamma Tech']));
    expect(screen.getByTestId('customer-count').textContent).toContain('1');
  });

  it('filters by tag chips, all-of by default and any-of after the toggle', async () => {
    const { backend } = await renderApp(await smallBook());
    await waitFor(() => expect(rowNames()).toHaveLength(3));
    const tags = await backend.listTags();
    const id = (name: string) => tags.find((t) => t.name === name)!.id;
    const chip = (name: string) =>
      screen.getAllByTestId('tag-filter').find((c) => c.getAttribute('data-name') === name)!;

    await fireEvent.click(chip('VIP'));
    await fireEvent.click(chip('华东'));
    await waitFor(() => expect(lastQuery(backend)).toMatchObject({ tagIds: [id('VIP'), id('华东')], tagMode: 'all' }));
    await waitFor(() => expect(rowNames()).toEqual(['Beta Foods']));

    await fireEvent.click(screen.getByTestId('tag-mode'));
    await waitFor(() => expect(lastQuery(backend).tagMode).toBe('any'));
    await waitFor(() => expect(rowNames()).toEqual(['Alpha Trading', 'Beta Foods', 'Gamma Tech']));

    await fireEvent.click(chip('VIP'));
    await waitFor(() => expect(lastQuery(backend).tagIds).toEqual([id('华东')]));
  });

  it('filters by stage from the checklist and clears all filters', async () => {
    const { backend } = await renderApp(await smallBook());
    await waitFor(() => expect(rowNames()).toHaveLength(3));
    const stage = screen.getByTestId('filter-stage');
    await fireEvent.click(stage.querySelector('button')!);
    await fireEvent.click(stage.querySelector('input[value="won"]')!);
    await waitFor(() => expect(lastQuery(backend).stages).toEqual(['won']));
    await waitFor(() => expect(rowNames()).toEqual(['Beta Foods']));
    await fireEvent.click(screen.getByTestId('clear-filters'));
    await waitFor(() => expect(lastQuery(backend).stages).toEqual([]));
    await waitFor(() => expect(rowNames()).toHaveLength(3));
  });

  it('says so when nothing matches, and offers to clear the filters', async () => {
    await renderApp(await smallBook());
    await waitFor(() => expect(rowNames()).toHaveLength(3));
    await fireEvent.input(screen.getByTestId('search-input'), { target: { value: 'nobody-here' } });
    expect(await screen.findByTestId('no-match')).toBeTruthy();
    await fireEvent.click(screen.getByTestId('no-match').querySelector('button')!);
    await waitFor(() => expect(rowNames()).toHaveLength(3));
    expect((screen.getByTestId('search-input') as HTMLInputElement).value).toBe('');
  });

  it('offers demo data on an empty book and shows it once loaded', async () => {
    const { backend } = await renderApp(new FakeBackend());
    await fireEvent.click(await screen.findByTestId('load-demo'));
    await waitFor(() => expect(backend.callsOf('loadDemoData')).toHaveLength(1));
    await waitFor(() => expect(screen.getByTestId('customer-count').textContent).toContain('200'));
    expect(screen.getAllByTestId('customer-row').length).toBeGreaterThan(5);
  });

  it('offers no demo data in an empty team book (its customers would go to the whole team)', async () => {
    const backend = new FakeBackend();
    backend.team.server.installed = true;
    backend.team.server.people.push({ name: '李娜', role: 'salesperson', login: 'li' });
    backend.team.login = { host: 'db.office.lan', port: 5432, database: 'team', user: 'li', password: '', tls: true };
    await renderApp(backend);
    expect(await screen.findByText('团队客户簿里还没有客户')).toBeTruthy();
    expect(screen.queryByTestId('load-demo')).toBeNull();
    expect(screen.getByTestId('add-first')).toBeTruthy();
    await expect(backend.loadDemoData()).rejects.toMatchObject({ code: 'demoInTeamBook' });
  });

  it('renders only the visible rows of a large book and fetches further pages by offset', async () => {
    const { backend, container } = await renderApp(new FakeBackend({ customers: 5000 }));
    await waitFor(() => expect(screen.getByTestId('customer-count').textContent).toContain('5,000'));
    const rows = screen.getAllByTestId('customer-row');
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.length).toBeLessThan(60);
    expect(backend.callsOf('listCustomers').every(([q]) => (q as { limit: number }).limit === 200)).toBe(true);

    const scroller = container.querySelector('[role="table"]') as HTMLElement;
    scroller.scrollTop = 44 * 3000;
    await fireEvent.scroll(scroller);
    await waitFor(() => expect(backend.callsOf('listCustomers').some(([q]) => (q as { offset: number }).offset === 3000)).toBe(true));
    await waitFor(() => {
      const shown = screen.getAllByTestId('customer-row');
      expect(shown.length).toBeLessThan(60);
      expect(shown[0].style.top).not.toBe('0px');
    });
  });

  it('opens a customer when its row is clicked', async () => {
    await renderApp(await smallBook());
    await waitFor(() => expect(rowNames()).toHaveLength(3));
    await fireEvent.click(screen.getAllByTestId('customer-row')[2]);
    expect((await screen.findByTestId('detail-name')).textContent).toBe('Gamma Tech');
  });
});
