import { fireEvent, screen, waitFor } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import type { TeamPeople } from '../../bindings/TeamPeople';
import type { TeamRole } from '../../api/backend';
import { renderApp, smallBook } from '../../../test/helpers';

const TEAM: TeamPeople = {
  me: 'p-mia',
  people: [
    { id: 'p-mia', name: '王强', role: 'manager', left: false },
    { id: 'p-li', name: '李娜', role: 'salesperson', left: false },
    { id: 'p-old', name: '老张', role: 'salesperson', left: true },
  ],
};

const select = () => screen.getByTestId('owner-select') as HTMLSelectElement;
const options = () => [...select().options].map((o) => o.textContent);

type Login = { name: string; role: TeamRole; login: string };

/** Opens `name`'s page; with `as`, logged in to the team server as that person (roles follow it). */
async function openCustomer(name: string, people: TeamPeople = TEAM, as?: Login) {
  const backend = await smallBook();
  backend.assign.people = structuredClone(people);
  if (as) {
    backend.team.server.installed = true;
    backend.team.server.people.push(as);
    backend.team.login = { host: 'db.office.lan', port: 5432, database: 'team', user: as.login, password: '', tls: true };
  }
  await renderApp(backend);
  const row = (await screen.findAllByTestId('customer-row')).find((r) => r.getAttribute('data-name') === name);
  await fireEvent.click(row!);
  await screen.findByTestId('owner-picker');
  return backend;
}

describe('owner picker (team book)', () => {
  it('shows nothing in a personal book', async () => {
    const backend = await smallBook();
    await renderApp(backend);
    await fireEvent.click(await screen.findByTestId('new-customer'));
    await screen.findByTestId('field-name');
    expect(backend.callsOf('teamPeople')).toHaveLength(1);
    expect(screen.queryByTestId('owner-picker')).toBeNull();
    expect(screen.getByTestId('field-owner')).toBeTruthy();
  });

  it('lists the team’s people (me marked, the departed left out) with the owner chosen, and assigns at once', async () => {
    const backend = await openCustomer('Alpha Trading');
    expect(options()).toEqual(['公海（无负责人）', '王强（我）', '李娜']);
    await waitFor(() => expect(select().value).toBe('p-mia'));

    await fireEvent.change(select(), { target: { value: 'p-li' } });
    await waitFor(() => expect(screen.getByTestId('owner-note').textContent).toBe('已交给 李娜'));
    const id = [...backend.customers.values()].find((c) => c.name === 'Alpha Trading')!.id;
    expect(backend.callsOf('teamAssign')).toEqual([[id, 'p-li']]);
    expect(backend.customers.get(id)!.owner).toBe('李娜');
    expect(select().value).toBe('p-li');
    // The picker is the one owner control in a team book: no second, free-text owner field.
    expect(screen.queryByTestId('field-owner')).toBeNull();
  });

  it('shows the server’s refusal of a salesperson’s assignment and keeps the owner', async () => {
    const backend = await openCustomer('Beta Foods', { ...TEAM, me: 'p-li' });
    await fireEvent.change(select(), { target: { value: 'p-mia' } });
    expect((await screen.findByTestId('owner-error')).textContent).toBe('只有经理和管理员可以给客户换负责人。');
    const beta = [...backend.customers.values()].find((c) => c.name === 'Beta Foods')!;
    expect(beta.owner).toBe('李娜');
    expect(select().value).toBe('p-li');
  });

  it('says so when the server cannot be reached', async () => {
    const backend = await openCustomer('Gamma Tech');
    backend.assign.offline = true;
    await fireEvent.change(select(), { target: { value: 'p-li' } });
    expect((await screen.findByTestId('owner-error')).textContent).toContain('连不上');
    expect(select().value).toBe('');
  });

  it('assigns a new customer once the form saved it', async () => {
    const backend = await smallBook();
    backend.assign.people = structuredClone(TEAM);
    await renderApp(backend);
    await fireEvent.click(await screen.findByTestId('new-customer'));
    await fireEvent.input(await screen.findByTestId('field-name'), { target: { value: '华南物流' } });
    await fireEvent.change(await screen.findByTestId('owner-select'), { target: { value: 'p-li' } });
    expect(screen.getByTestId('owner-note').textContent).toBe('保存客户后交给 李娜');
    expect(backend.callsOf('teamAssign')).toHaveLength(0);
    await fireEvent.click(screen.getByTestId('save-customer'));
    await waitFor(() => expect(backend.callsOf('teamAssign')).toHaveLength(1));
    const created = [...backend.customers.values()].find((c) => c.name === '华南物流')!;
    expect(backend.callsOf('teamAssign')[0]).toEqual([created.id, 'p-li']);
    expect(backend.callsOf('createCustomer')[0][0]).toMatchObject({ owner: '李娜' });
    await waitFor(() => expect(backend.customers.get(created.id)!.owner).toBe('李娜'));
  });
});

describe('owner picker follows the book', () => {
  it('keeps saying where my assignment went when the pull that follows it arrives', async () => {
    const backend = await openCustomer('Alpha Trading');
    await waitFor(() => expect(select().value).toBe('p-mia'));
    await fireEvent.change(select(), { target: { value: 'p-li' } });
    await waitFor(() => expect(screen.getByTestId('owner-note').textContent).toBe('已交给 李娜'));
    // The engine's next round (it pulls the assignment back) refreshes the views.
    backend.team.emit({ code: 'synced', pending: 0, since: null, reason: null });
    await new Promise((r) => setTimeout(r, 100));
    expect(screen.getByTestId('owner-note').textContent).toBe('已交给 李娜');
    expect(select().value).toBe('p-li');
  });

  it('no longer offers to claim a pool customer once it is assigned from its page', async () => {
    await openCustomer('Gamma Tech', TEAM, { name: '王强', role: 'manager', login: 'mia' });
    expect(await screen.findByTestId('claim-button')).toBeTruthy();
    await fireEvent.change(select(), { target: { value: 'p-li' } });
    await waitFor(() => expect(screen.getByTestId('owner-note').textContent).toBe('已交给 李娜'));
    expect(screen.queryByTestId('claim-button')).toBeNull();
  });

  it('still shows a colleague’s edit pulled after my assignment (the assignment is not an unsaved edit)', async () => {
    const backend = await openCustomer('Alpha Trading');
    await waitFor(() => expect(select().value).toBe('p-mia'));
    await fireEvent.change(select(), { target: { value: 'p-li' } });
    await waitFor(() => expect(screen.getByTestId('owner-note').textContent).toBe('已交给 李娜'));
    const alpha = [...backend.customers.values()].find((c) => c.name === 'Alpha Trading')!;
    // A later pull brings a colleague's new company name.
    backend.customers.set(alpha.id, { ...alpha, company: '阿尔法集团', updatedAt: new Date(Date.now() + 60_000).toISOString() });
    backend.team.emit({ code: 'synced', pending: 0, since: null, reason: null });
    await waitFor(() => expect((screen.getByTestId('field-company') as HTMLInputElement).value).toBe('阿尔法集团'));
    expect(select().value).toBe('p-li');
  });

  it('shows a colleague’s assignment that a pull brought while the page was open', async () => {
    const backend = await openCustomer('Alpha Trading');
    await waitFor(() => expect(select().value).toBe('p-mia'));
    const alpha = [...backend.customers.values()].find((c) => c.name === 'Alpha Trading')!;
    // A pull (the engine's round) gives it to 李娜; the sidebar's synced status refreshes views.
    backend.customers.set(alpha.id, { ...alpha, owner: '李娜' });
    backend.team.emit({ code: 'synced', pending: 0, since: null, reason: null });
    await waitFor(() => expect(select().value).toBe('p-li'));
  });
});

describe('owner picker and roles', () => {
  it('shows a salesperson the owner without letting them pick', async () => {
    await openCustomer('Alpha Trading', TEAM, { name: '李娜', role: 'salesperson', login: 'li' });
    await waitFor(() => expect(select().disabled).toBe(true));
    expect(screen.getByTestId('owner-managers-only').textContent).toBe('经理和管理员可以给客户换负责人');
  });
});
