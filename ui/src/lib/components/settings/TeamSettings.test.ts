import { fireEvent, screen, waitFor } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { FakeBackend, type FakeOptions } from '../../api/fakeBackend';
import { renderApp } from '../../../test/helpers';

async function openTeam(opts: FakeOptions = {}) {
  const backend = new FakeBackend(opts);
  await renderApp(backend);
  await fireEvent.click(screen.getByTestId('nav-settings'));
  await screen.findByTestId('team-host');
  return backend;
}

const input = (id: string) => screen.getByTestId(id) as HTMLInputElement;

async function fill(fields: Record<string, string>) {
  for (const [id, value] of Object.entries(fields)) await fireEvent.input(input(id), { target: { value } });
}

const OFFICE = { 'team-host': 'db.office.lan', 'team-database': 'team', 'team-user': 'owner', 'team-password': 'owner-pw' };

describe('Settings › Team', () => {
  it('turns TLS on by default and off only for a server on this computer', async () => {
    await openTeam();
    expect(input('team-tls').checked).toBe(true);
    await fill({ 'team-host': '127.0.0.1' });
    expect(input('team-tls').checked).toBe(false);
    await fill({ 'team-host': 'db.office.lan' });
    expect(input('team-tls').checked).toBe(true);
  });

  it('tests the connection with a clear answer, the field at fault, or the server’s reason', async () => {
    const backend = await openTeam();
    await fireEvent.click(screen.getByTestId('team-test'));
    expect((await screen.findByTestId('team-answer')).textContent).toBe('请填写服务器地址。');
    expect(input('team-host').getAttribute('aria-invalid')).toBe('true');

    await fill({ ...OFFICE, 'team-password': 'wrong' });
    await fireEvent.click(screen.getByTestId('team-test'));
    await waitFor(() => expect(screen.getByTestId('team-answer').textContent).toBe('用户 owner 的密码不对（或没有这个用户）。'));

    await fill({ 'team-password': 'owner-pw' });
    await fireEvent.click(screen.getByTestId('team-test'));
    await waitFor(() => expect(screen.getByTestId('team-answer').textContent).toContain('已连接：数据库里还没有团队客户簿'));
    expect(backend.callsOf('teamTestConnection').at(-1)?.[0]).toMatchObject({ host: 'db.office.lan', port: 5432, tls: true });
  });

  it('creates the team book, shows sync in the sidebar, adds a person once, then leaves', async () => {
    const backend = await openTeam();
    expect(screen.queryByTestId('sync-status')).toBeNull();
    await fill({ ...OFFICE, 'team-admin-name': '王老板' });
    await fireEvent.click(screen.getByTestId('team-create'));
    expect((await screen.findByTestId('team-linked')).textContent).toBe('已连接到 owner@db.office.lan:5432/team');
    expect((await screen.findByTestId('sync-label')).textContent).toBe('已同步');
    expect(backend.team.server.installed).toBe(true);

    await fill({ 'team-person-name': '李娜' });
    await fireEvent.change(screen.getByTestId('team-person-role'), { target: { value: 'salesperson' } });
    await fireEvent.click(screen.getByTestId('team-add-person'));
    const login = (await screen.findByTestId('team-added-login')).textContent ?? '';
    const password = screen.getByTestId('team-added-password').textContent ?? '';
    expect(login).toMatch(/^rapport_/);
    expect(backend.team.server.logins.get(login)).toBe(password);
    expect(backend.team.server.people.at(-1)).toMatchObject({ name: '李娜', role: 'salesperson' });

    await fireEvent.click(screen.getByTestId('team-leave'));
    await fireEvent.click(screen.getByTestId('team-leave-confirm'));
    await screen.findByTestId('team-host');
    expect(screen.getByTestId('team-answer').textContent).toContain('已退出团队');
    await waitFor(() => expect(screen.queryByTestId('sync-status')).toBeNull());
  });

  it('joins only with a login an admin added, and says so in English', async () => {
    const backend = await openTeam({ settings: { language: 'en' } });
    backend.team.server.installed = true;
    backend.team.server.logins.set('rapport_li', 'li-pw');
    await fill({ ...OFFICE, 'team-user': 'rapport_li', 'team-password': 'li-pw' });
    await fireEvent.click(screen.getByTestId('team-join'));
    await waitFor(() => expect(screen.getByTestId('team-answer').textContent).toBe("This login is not one of the team's people: use the login an admin added for you."));
    expect(screen.queryByTestId('team-linked')).toBeNull();

    backend.team.server.people.push({ name: 'Li Na', role: 'salesperson', login: 'rapport_li' });
    await fireEvent.click(screen.getByTestId('team-join'));
    await fireEvent.click(await screen.findByTestId('team-join-confirm'));
    expect((await screen.findByTestId('team-linked')).textContent).toBe('Connected to rapport_li@db.office.lan:5432/team');
    // A salesperson: their role, no people screen (the server would refuse it anyway).
    expect(screen.getByTestId('team-my-role').textContent?.trim()).toBe('My role: Salesperson (Li Na)');
    expect(screen.queryByTestId('team-person-name')).toBeNull();
  });

  it('shows what joining does with this book’s customers and joins only when confirmed', async () => {
    const backend = await openTeam({ customers: 3 });
    backend.team.server.installed = true;
    backend.team.server.logins.set('rapport_li', 'li-pw');
    backend.team.server.people.push({ name: '李娜', role: 'salesperson', login: 'rapport_li' });
    const mine = [...backend.customers.values()].map((c) => c.name);
    backend.team.server.customers = [mine[0], mine[1], '团队的客户乙', '团队的客户丙'];
    backend.team.server.pool = [mine[1]];
    await fill({ ...OFFICE, 'team-user': 'rapport_li', 'team-password': 'li-pw' });
    await fireEvent.click(screen.getByTestId('team-join'));
    await screen.findByTestId('team-join-preview');
    expect(screen.getByTestId('team-join-local').textContent).toBe('这台电脑上的客户：3 位');
    expect(screen.getByTestId('team-join-merged').textContent).toBe('与团队已有的客户合并：2 位');
    expect(screen.getByTestId('team-join-claimed').textContent).toBe('其中在公海里的，领取为你的客户：1 位');
    expect(screen.getByTestId('team-join-uploaded').textContent).toBe('上传给团队：1 位');
    expect(screen.getByTestId('team-join-coming').textContent).toBe('从团队同步到这台电脑（你能看到的）：4 位');
    expect(backend.callsOf('teamJoin')).toHaveLength(0);

    // Cancelled: nothing joined; asked again and confirmed: linked.
    await fireEvent.click(screen.getByTestId('team-join-cancel'));
    expect(screen.queryByTestId('team-join-preview')).toBeNull();
    expect(backend.callsOf('teamJoin')).toHaveLength(0);
    await fireEvent.click(screen.getByTestId('team-join'));
    await fireEvent.click(await screen.findByTestId('team-join-confirm'));
    await screen.findByTestId('team-linked');
    expect(backend.callsOf('teamJoin')).toHaveLength(1);
  });

  it('drops the counts when the login changes, and a refused login says why before any count', async () => {
    const backend = await openTeam();
    backend.team.server.installed = true;
    backend.team.server.logins.set('rapport_li', 'li-pw');
    backend.team.server.people.push({ name: '李娜', role: 'salesperson', login: 'rapport_li' });
    await fill({ ...OFFICE, 'team-user': 'rapport_li', 'team-password': 'li-pw' });
    await fireEvent.click(screen.getByTestId('team-join'));
    expect((await screen.findByTestId('team-join-local')).textContent).toBe('这台电脑上的客户：0 位');
    expect(screen.queryByTestId('team-join-merged')).toBeNull();
    expect(screen.queryByTestId('team-join-claimed')).toBeNull();
    await fill({ 'team-user': 'someone-else' });
    expect(screen.queryByTestId('team-join-preview')).toBeNull();
    await fireEvent.click(screen.getByTestId('team-join'));
    await waitFor(() => expect(screen.getByTestId('team-answer').textContent).toContain('密码不对'));
    expect(screen.queryByTestId('team-join-preview')).toBeNull();
  });

  it('lists the team’s people with their roles, me marked and those who left out, and refreshes after a sync', async () => {
    const backend = await openTeam();
    backend.team.server.installed = true;
    backend.team.server.logins.set('rapport_li', 'li-pw');
    backend.team.server.people.push({ name: '李娜', role: 'salesperson', login: 'rapport_li' });
    backend.assign.people = {
      me: 'p2',
      people: [
        { id: 'p1', name: '王老板', role: 'admin', left: false },
        { id: 'p2', name: '李娜', role: 'salesperson', left: false },
        { id: 'p3', name: '离职的张三', role: 'salesperson', left: true },
      ],
    };
    await fill({ ...OFFICE, 'team-user': 'rapport_li', 'team-password': 'li-pw' });
    await fireEvent.click(screen.getByTestId('team-join'));
    await fireEvent.click(await screen.findByTestId('team-join-confirm'));
    await screen.findByTestId('team-linked');
    await waitFor(() => expect(screen.getAllByTestId('team-people-row')).toHaveLength(2));
    const rows = screen.getAllByTestId('team-people-row').map((r) => r.textContent?.replace(/\s+/g, ' ').trim());
    expect(rows).toEqual(['李娜 销售 （你）', '王老板 管理员']);

    // A colleague added on the server arrives with a pull: the list follows the synced round.
    backend.assign.people.people.push({ id: 'p4', name: '赵敏', role: 'manager', left: false });
    backend.team.emit({ code: 'synced', pending: 0, since: null, reason: null });
    await waitFor(() => expect(screen.getAllByTestId('team-people-row')).toHaveLength(3));
  });

  it('lists the changes the server refused: sent again or kept here only, the list following', async () => {
    const backend = await openTeam();
    backend.team.server.installed = true;
    backend.team.server.logins.set('rapport_li', 'li-pw');
    backend.team.server.people.push({ name: '李娜', role: 'salesperson', login: 'rapport_li' });
    const refused = (opId: string, customer: string, table: string) =>
      ({ opId, table, customer, reason: '没有权限：只有管理员可以修改', at: '2026-12-01T02:00:00Z' });
    backend.team.refused = [refused('op1', '华东贸易', 'customers'), refused('op2', '华南物流', 'tasks')];
    await fill({ ...OFFICE, 'team-user': 'rapport_li', 'team-password': 'li-pw' });
    await fireEvent.click(screen.getByTestId('team-join'));
    await fireEvent.click(await screen.findByTestId('team-join-confirm'));
    await screen.findByTestId('team-linked');
    const rows = await screen.findAllByTestId('team-refused-row');
    expect(rows).toHaveLength(2);
    expect(rows[0].textContent).toContain('华东贸易');
    expect(rows[0].textContent).toContain('客户资料');
    expect(rows[1].textContent).toContain('阶段任务');
    expect(screen.getAllByTestId('team-refused-reason')[0].textContent).toBe('没有权限：只有管理员可以修改');

    await fireEvent.click(screen.getAllByTestId('team-refused-retry')[0]);
    await waitFor(() => expect(screen.getAllByTestId('team-refused-row')).toHaveLength(1));
    expect(backend.team.retried.map((r) => r.opId)).toEqual(['op1']);
    await fireEvent.click(screen.getByTestId('team-refused-dismiss'));
    await waitFor(() => expect(screen.queryByTestId('team-refused')).toBeNull());
    expect(backend.callsOf('teamDismissRefused').at(-1)?.[0]).toEqual(['op2']);
    expect(backend.team.retried).toHaveLength(1);
  });
});
