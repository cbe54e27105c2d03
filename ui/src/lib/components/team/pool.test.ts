import { fireEvent, screen, waitFor, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import type { TeamRole } from '../../api/backend';
import { FakeBackend } from '../../api/fakeBackend';
import { setLanguage } from '../../i18n/index.svelte';
import { renderApp, rowNames, smallBook } from '../../../test/helpers';

/** smallBook (Gamma Tech has no owner: the pool) linked to a team as 李娜 with `role`. */
async function teamBook(role: TeamRole): Promise<FakeBackend> {
  const b = await smallBook();
  b.team.server.installed = true;
  b.team.server.people.push({ name: '李娜', role, login: 'li' });
  b.team.login = { host: 'db.office.lan', port: 5432, database: 'team', user: 'li', password: '', tls: true };
  return b;
}

const row = (name: string) => screen.getAllByTestId('customer-row').find((r) => r.getAttribute('data-name') === name)!;

describe('the shared pool (公海) in a team book', () => {
  it('filters the list to the pool and claims a customer from a row', async () => {
    const b = await teamBook('salesperson');
    await renderApp(b);
    await waitFor(() => expect(rowNames()).toHaveLength(3));
    await fireEvent.click(await screen.findByTestId('pool-filter'));
    await waitFor(() => expect(rowNames()).toEqual(['Gamma Tech']));
    expect(screen.getByTestId('pool-filter').getAttribute('aria-pressed')).toBe('true');

    const claim = within(row('Gamma Tech')).getByTestId('claim-button');
    expect(claim.textContent?.trim()).toBe('领取');
    await fireEvent.click(claim);
    await waitFor(() => expect(rowNames()).toEqual([]), { timeout: 3000 });
    expect(b.callsOf('teamClaim')).toEqual([[expect.any(String)]]);
    const gamma = [...b.customers.values()].find((c) => c.name === 'Gamma Tech')!;
    expect(gamma.owner).toBe('李娜');

    // Out of the pool: the whole list shows it as mine, without a claim button.
    await fireEvent.click(screen.getByTestId('pool-filter'));
    await waitFor(() => expect(rowNames()).toHaveLength(3));
    expect(within(row('Gamma Tech')).queryByTestId('claim-button')).toBeNull();
    expect(within(row('Gamma Tech')).getByText('李娜')).toBeTruthy();
  });

  it('says a colleague was quicker and changes nothing', async () => {
    const b = await teamBook('salesperson');
    const gamma = [...b.customers.values()].find((c) => c.name === 'Gamma Tech')!;
    b.team.server.claimedElsewhere.add(gamma.id);
    await renderApp(b);
    await waitFor(() => expect(rowNames()).toHaveLength(3));
    await fireEvent.click(within(row('Gamma Tech')).getByTestId('claim-button'));
    expect((await screen.findByTestId('claim-error')).textContent).toBe('这位客户已不在公海：同事刚刚领取了。');
    expect(gamma.owner).toBe('');
    expect(rowNames()).toHaveLength(3); // the row did not open
  });

  it('claims from the customer page too, in English', async () => {
    const b = await teamBook('salesperson');
    b.settings.language = 'en';
    await renderApp(b);
    setLanguage('en');
    await waitFor(() => expect(rowNames()).toHaveLength(3));
    await fireEvent.click(row('Gamma Tech'));
    const claim = await screen.findByTestId('claim-button');
    expect(claim.textContent?.trim()).toBe('Claim');
    await fireEvent.click(claim);
    await waitFor(() => expect(screen.queryByTestId('claim-button')).toBeNull());
    expect([...b.customers.values()].find((c) => c.name === 'Gamma Tech')!.owner).toBe('李娜');
  });

  it('shows neither the pool nor a claim in a personal book', async () => {
    const personal = await smallBook();
    await renderApp(personal);
    expect(screen.queryByTestId('pool-filter')).toBeNull();
    expect(screen.queryByTestId('claim-button')).toBeNull();
  });
});

describe('roles in the UI follow the server', () => {
  it('a salesperson sees no purge, no people and no target editing', async () => {
    const b = await teamBook('salesperson');
    await renderApp(b);
    await fireEvent.click(screen.getByTestId('nav-settings'));
    expect((await screen.findByTestId('team-my-role')).textContent?.trim()).toBe('我的角色：销售（李娜）');
    expect(screen.queryByTestId('team-person-name')).toBeNull();
    expect(screen.queryByTestId('pool-rule')).toBeNull();
    expect(screen.getByTestId('team-leave')).toBeTruthy();

    await b.trashCustomer([...b.customers.values()][0].id);
    await fireEvent.click(screen.getByTestId('nav-trash'));
    await screen.findByTestId('trash-row');
    expect(screen.queryByTestId('purge-button')).toBeNull();
    expect(screen.queryByTestId('empty-trash')).toBeNull();
    expect(screen.getByTestId('restore-button')).toBeTruthy();

    await fireEvent.click(screen.getByTestId('nav-performance'));
    await screen.findByTestId('perf-team');
    expect(screen.queryByTestId('perf-edit')).toBeNull();
    expect(screen.queryByTestId('perf-set-targets')).toBeNull();
  });

  it('a manager sets the pool rule but adds no people; an admin does both', async () => {
    const b = await teamBook('manager');
    await renderApp(b);
    await fireEvent.click(screen.getByTestId('nav-settings'));
    expect((await screen.findByTestId('team-my-role')).textContent?.trim()).toBe('我的角色：经理（李娜）');
    expect(screen.queryByTestId('team-person-name')).toBeNull();
    expect(screen.getByTestId('pool-rule-current').textContent?.trim()).toBe('现在：不自动退回。');
    await fireEvent.click(screen.getByTestId('pool-rule-on'));
    await fireEvent.input(screen.getByTestId('pool-rule-days'), { target: { value: '45' } });
    await fireEvent.click(screen.getByTestId('pool-rule-save'));
    await waitFor(() => expect(screen.getByTestId('pool-rule-current').textContent?.trim()).toBe('现在：45 天没有跟进就退回公海。'));
    expect(b.team.server.poolReturnDays).toBe(45);

    await fireEvent.input(screen.getByTestId('pool-rule-days'), { target: { value: '0' } });
    await fireEvent.click(screen.getByTestId('pool-rule-save'));
    expect((await screen.findByText('天数应在 1 到 3650 之间。'))).toBeTruthy();
    expect(b.team.server.poolReturnDays).toBe(45);

    const admin = await teamBook('admin');
    document.body.innerHTML = '';
    await renderApp(admin);
    await fireEvent.click(screen.getByTestId('nav-settings'));
    await screen.findByTestId('team-person-name');
    expect(screen.getByTestId('pool-rule')).toBeTruthy();
  });

  it('learns a new role when the engine connects again', async () => {
    const b = await teamBook('salesperson');
    await renderApp(b);
    await fireEvent.click(screen.getByTestId('nav-settings'));
    await screen.findByTestId('team-my-role');
    expect(screen.queryByTestId('pool-rule')).toBeNull();
    b.team.server.people[0].role = 'manager';
    b.team.emitMe();
    await screen.findByTestId('pool-rule');
  });
});
