import { fireEvent, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Agenda } from '../../bindings/Agenda';
import { FakeBackend } from '../../api/fakeBackend';
import { agendaBook, freezeTime, localAt, rejection, renderApp } from '../../../test/helpers';
import { emptyFollowUp } from '../../followups';

// 王强 owns Alpha, Gamma and Epsilon; 李娜 owns Beta, Delta and Won Co; 赵六 is a new hire
// (settings), 钱七 left (archived).
async function book() {
  const b = await agendaBook({ settings: { owners: ['赵六'], archivedOwners: ['钱七'] } });
  // Alpha also has a follow-up whose next step 王强 takes by name.
  const byName = await b.backend.logFollowUp(b.ids.alpha, { ...emptyFollowUp(), at: localAt(-1, 9), content: '电话', nextAt: localAt(1, 9), nextBy: '王强' });
  b.backend.calls = [];
  return { ...b, byName };
}

async function openSettings(backend: FakeBackend) {
  await renderApp(backend);
  await fireEvent.click(screen.getByTestId('nav-settings'));
  await waitFor(() => expect(screen.queryAllByTestId('owner-row').length).toBeGreaterThan(0));
}

const rows = () =>
  screen.getAllByTestId('owner-row').map((r) => [
    r.getAttribute('data-name'),
    within(r).getByTestId('owner-count').textContent?.trim(),
    within(r).queryByTestId('owner-archived') !== null,
  ]);
const row = (name: string) => screen.getAllByTestId('owner-row').find((r) => r.getAttribute('data-name') === name)!;
const options = () =>
  [...(screen.getByTestId('handover-to') as HTMLSelectElement).options].map((o) => o.value).filter(Boolean);

function agendaIds(a: Agenda): string[] {
  return [a.overdue, a.today, a.next7Days, a.later].flatMap((s) => s.items.map((i) => i.followUpId)).sort();
}

async function agendaOf(b: FakeBackend, owner: string): Promise<string[]> {
  return agendaIds(await b.getAgenda({ owners: [owner], priorities: [], limit: 100 }));
}

beforeEach(() => freezeTime());
afterEach(() => vi.useRealTimers());

describe('owner settings', () => {
  it('lists everyone with their customer counts, active people first, archived ones last', async () => {
    const { backend } = await book();
    await openSettings(backend);
    expect(rows()).toEqual([
      ['李娜', '3 位客户', false],
      ['王强', '3 位客户', false],
      ['赵六', '0 位客户', false],
      ['钱七', '0 位客户', true],
    ]);
    // Nobody to hand over from someone without customers.
    expect(within(row('赵六')).queryByTestId('owner-handover')).toBeNull();
  });

  it('hands all customers of a person over with their open work, and shows what moved', async () => {
    const { backend, ids, followUps, byName } = await book();
    await openSettings(backend);
    const before = await agendaOf(backend, '王强');
    expect(before).toEqual([followUps.overdue.id, followUps.later.id, byName.id].sort());
    await fireEvent.click(within(row('王强')).getByTestId('owner-handover'));
    // Active people other than the giver only.
    expect(options()).toEqual(['李娜', '赵六']);
    await fireEvent.change(screen.getByTestId('handover-to'), { target: { value: '赵六' } });
    await fireEvent.click(screen.getByTestId('handover-save'));
    const done = await screen.findByTestId('owners-done');
    expect(done.textContent).toContain('已将 3 位客户交接给 赵六');
    // Alpha's two (one by the owner, one by name) and Epsilon's; Gamma's is 张伟's.
    expect(done.textContent).toContain('3 条待办跟进');
    expect(screen.queryByTestId('handover-form')).toBeNull();
    expect(backend.callsOf('handOver')).toEqual([[{ from: '王强', to: '赵六' }]]);
    expect(rows()).toEqual([
      ['李娜', '3 位客户', false],
      ['王强', '0 位客户', false],
      ['赵六', '3 位客户', false],
      ['钱七', '0 位客户', true],
    ]);
    for (const id of [ids.alpha, ids.gamma, ids.epsilon]) expect((await backend.getCustomer(id)).owner).toBe('赵六');
    expect((await backend.getCustomer(ids.beta)).owner).toBe('李娜');
    // The new owner's agenda has the moved work; the old owner's is empty; 张伟 keeps theirs.
    expect(await agendaOf(backend, '赵六')).toEqual(before);
    expect(await agendaOf(backend, '王强')).toEqual([]);
    expect(await agendaOf(backend, '张伟')).toEqual([followUps.next7.id]);
    const timeline = await backend.customerTimeline(ids.alpha);
    expect(timeline.some((e) => e.kind === 'change' && e.entry.change.type === 'owner' && e.entry.change.to === '赵六')).toBe(true);
  });

  it('asks for a receiver, and shows the backend refusing an archived one with nothing moved', async () => {
    const { backend, ids } = await book();
    await openSettings(backend);
    await fireEvent.click(within(row('王强')).getByTestId('owner-handover'));
    await fireEvent.click(screen.getByTestId('handover-save'));
    expect((await screen.findByTestId('handover-error')).textContent).toContain('请选择接手人');
    expect(backend.callsOf('handOver')).toEqual([]);
    // 赵六 is archived elsewhere meanwhile: the backend refuses, the dialog says why.
    await fireEvent.change(screen.getByTestId('handover-to'), { target: { value: '赵六' } });
    backend.settings.archivedOwners.push('赵六');
    await fireEvent.click(screen.getByTestId('handover-save'));
    await waitFor(() => expect(screen.getByTestId('handover-error').textContent).toContain('接手人：已归档'));
    expect(screen.getByTestId('handover-form')).toBeTruthy();
    expect((await backend.getCustomer(ids.alpha)).owner).toBe('王强');
    await fireEvent.click(screen.getByTestId('handover-cancel'));
    expect(screen.queryByTestId('handover-form')).toBeNull();
  });

  it('archives and restores a person; archived people are offered neither as receiver nor owner', async () => {
    const { backend } = await book();
    await openSettings(backend);
    await fireEvent.click(within(row('李娜')).getByTestId('owner-archive'));
    await waitFor(() => expect(rows().at(-2)).toEqual(['李娜', '3 位客户', true]));
    expect(rows().at(-1)).toEqual(['钱七', '0 位客户', true]);
    expect(backend.callsOf('setOwnerArchived')).toEqual([['李娜', true]]);
    expect(backend.settings.archivedOwners).toEqual(['钱七', '李娜']);
    await fireEvent.click(within(row('王强')).getByTestId('owner-handover'));
    expect(options()).toEqual(['赵六']);
    await fireEvent.click(screen.getByTestId('handover-cancel'));
    // Another settings section saving afterwards keeps the archive (the shared settings follow).
    await fireEvent.click(screen.getByTestId('lost-reasons-save'));
    await screen.findByTestId('lost-reasons-saved');
    expect(backend.settings.archivedOwners).toEqual(['钱七', '李娜']);
    // The customer form offers the new hire, not the archived people.
    await fireEvent.click(screen.getByTestId('nav-customers'));
    await fireEvent.click(await screen.findByTestId('new-customer'));
    await waitFor(() => expect(document.querySelectorAll('#owner-options option').length).toBeGreaterThan(0));
    const offered = [...document.querySelectorAll('#owner-options option')].map((o) => (o as HTMLOptionElement).value);
    expect(offered).toContain('王强');
    expect(offered).toContain('赵六');
    expect(offered).not.toContain('李娜');
    expect(offered).not.toContain('钱七');
  });

  it('restores an archived person', async () => {
    const { backend } = await book();
    await openSettings(backend);
    await fireEvent.click(within(row('钱七')).getByTestId('owner-unarchive'));
    await waitFor(() => expect(within(row('钱七')).queryByTestId('owner-archived')).toBeNull());
    expect(backend.settings.archivedOwners).toEqual([]);
    expect(backend.settings.owners).toEqual(['赵六', '钱七']);
  });

  it('adds a person to the settings, refusing a name already listed', async () => {
    const { backend } = await book();
    await openSettings(backend);
    await fireEvent.input(screen.getByTestId('owner-new'), { target: { value: '王强' } });
    await fireEvent.click(screen.getByTestId('owner-add'));
    expect((await screen.findByTestId('owners-error')).textContent).toContain('“王强”已在名单中');
    expect(backend.callsOf('saveSettings')).toEqual([]);
    await fireEvent.input(screen.getByTestId('owner-new'), { target: { value: ' 孙八 ' } });
    await fireEvent.click(screen.getByTestId('owner-add'));
    await waitFor(() => expect(row('孙八')).toBeTruthy());
    expect(backend.settings.owners).toEqual(['赵六', '孙八']);
    expect((screen.getByTestId('owner-new') as HTMLInputElement).value).toBe('');
  });
});

describe('fake owner rules', () => {
  it('refuses bad handovers like the real backend, changing nothing', async () => {
    const { backend, ids } = await book();
    const err = (req: Parameters<FakeBackend['handOver']>[0]) => rejection(backend.handOver(req));
    expect((await err({ from: '王强', to: '钱七' })).message).toBe('接手人：已归档（已离职），请选择在职的负责人');
    expect((await err({ from: '王强', to: '无名' })).field).toBe('to');
    expect((await err({ from: '王强', to: '王强' })).message).toBe('接手人：不能与原负责人相同');
    expect((await err({ from: '王强', to: ' ' })).message).toBe('接手人：不能为空');
    const mixed = await err({ from: '王强', to: '李娜', customerIds: [ids.alpha, ids.beta] });
    expect([mixed.field, mixed.message]).toEqual(['customerIds[1]', '客户 2：不是原负责人的客户']);
    expect((await backend.getCustomer(ids.alpha)).owner).toBe('王强');
    expect((await err({ from: '王强', to: '李娜', customerIds: [] })).field).toBe('customerIds');
    expect((await rejection(backend.setOwnerArchived('无名', true))).message).toBe('名称：不在负责人名单中');
    // A selection moves only the chosen.
    const r = await backend.handOver({ from: '王强', to: '李娜', customerIds: [ids.gamma] });
    expect(r).toEqual({ customers: 1, followUps: 0, opportunities: 0, servicePlans: 0 });
    expect((await backend.getCustomer(ids.gamma)).owner).toBe('李娜');
    expect((await backend.getCustomer(ids.alpha)).owner).toBe('王强');
  });
});
