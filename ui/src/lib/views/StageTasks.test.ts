import { fireEvent, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeBackend } from '../api/fakeBackend';
import type { Stage } from '../bindings/Stage';
import type { StageSetting } from '../bindings/StageSetting';
import { defaultSettings, emptyInput } from '../model';
import { freezeTime, localAt, renderApp } from '../../test/helpers';

// The stage playbook (阶段任务) through the UI with the fake backend: the checklist editor in
// settings, the tasks a board move makes ("0/2" on the card), "move anyway?" before moving on
// past open tasks, the agenda's section with its tick, the customer page's list (tick, re-date,
// add by hand, the backend's error shown).

function playbook(): StageSetting[] {
  return defaultSettings().stages.map((s) =>
    s.stage === 'needsConfirmed'
      ? { ...s, tasks: [{ title: '确认预算', dueDays: 0, assignee: '' }, { title: '确认决策人', dueDays: 3, assignee: '王总' }] }
      : s,
  );
}

async function book() {
  const backend = new FakeBackend({ settings: { stages: playbook() } });
  const c = await backend.createCustomer({ ...emptyInput(), name: '华东机电', owner: '李娜' });
  backend.calls = [];
  return { backend, id: c.id };
}

const card = (id: string) => screen.getAllByTestId('pipeline-card').find((c) => c.getAttribute('data-id') === id)!;

async function moveWithSelect(id: string, to: Stage) {
  const select = within(card(id)).getByTestId('card-move') as HTMLSelectElement;
  select.value = to;
  await fireEvent.change(select);
}

async function openBoard() {
  await fireEvent.click(screen.getByTestId('nav-pipeline'));
  await screen.findByTestId('pipeline-column-lost');
}

beforeEach(() => freezeTime());
afterEach(() => vi.useRealTimers());

describe('stage tasks', () => {
  it('edits a stage checklist in settings and saves it with the stages', async () => {
    const backend = new FakeBackend();
    await renderApp(backend);
    await fireEvent.click(screen.getByTestId('nav-settings'));
    await screen.findByTestId('stage-settings');
    await fireEvent.click(screen.getByTestId('playbook-toggle-negotiation'));
    await fireEvent.click(screen.getByTestId('playbook-add-negotiation'));
    await fireEvent.input(screen.getByTestId('playbook-title-negotiation-0'), { target: { value: ' 报价单 ' } });
    await fireEvent.click(screen.getByTestId('playbook-add-negotiation'));
    await fireEvent.input(screen.getByTestId('playbook-title-negotiation-1'), { target: { value: '合同审核' } });
    await fireEvent.input(screen.getByTestId('playbook-days-negotiation-1'), { target: { value: '5' } });
    await fireEvent.input(screen.getByTestId('playbook-assignee-negotiation-1'), { target: { value: '法务' } });
    // Renaming a stage in the same save keeps the checklist.
    await fireEvent.input(screen.getByTestId('stage-name-proposal'), { target: { value: '报价' } });
    await fireEvent.click(screen.getByTestId('stages-save'));
    await screen.findByTestId('stages-saved');
    const saved = backend.settings.stages;
    expect(saved.find((s) => s.stage === 'negotiation')?.tasks).toEqual([
      { title: '报价单', dueDays: 1, assignee: '' },
      { title: '合同审核', dueDays: 5, assignee: '法务' },
    ]);
    expect(saved.find((s) => s.stage === 'proposal')?.name).toBe('报价');
    expect(screen.getByTestId('playbook-toggle-negotiation').textContent).toContain('任务清单（2）');
  });

  it('a board move makes the tasks (0/2 on the card); moving on past open tasks asks once', async () => {
    const { backend, id } = await book();
    await renderApp(backend);
    await openBoard();
    await waitFor(() => expect(card(id)).toBeTruthy());
    expect(within(card(id)).queryByTestId('pipeline-card-tasks')).toBeNull();
    await moveWithSelect(id, 'needsConfirmed');
    await waitFor(() => expect(within(card(id)).getByTestId('pipeline-card-tasks').textContent).toContain('0/2 任务'));
    const tasks = await backend.customerTasks(id);
    expect(tasks.map((t) => [t.title, t.assignee])).toEqual([['确认预算', '李娜'], ['确认决策人', '王总']]);
    await backend.updateTask(tasks[0].id, { done: true });

    // Forward with one open: the dialog names it; cancel leaves the card; confirm moves it.
    backend.calls = [];
    await fireEvent.click(screen.getByTestId('nav-agenda'));
    await openBoard();
    await waitFor(() => expect(within(card(id)).getByTestId('pipeline-card-tasks').textContent).toContain('1/2'));
    await moveWithSelect(id, 'proposal');
    const dialog = await screen.findByTestId('open-tasks-dialog');
    expect(within(dialog).getByTestId('open-tasks-text').textContent).toContain('还有 1 个任务未完成');
    expect(backend.callsOf('moveStage')).toEqual([]);
    await fireEvent.click(screen.getByTestId('open-tasks-cancel'));
    await waitFor(() => expect(screen.queryByTestId('open-tasks-dialog')).toBeNull());
    expect(backend.callsOf('moveStage')).toEqual([]);
    await moveWithSelect(id, 'proposal');
    await screen.findByTestId('open-tasks-dialog');
    await fireEvent.click(screen.getByTestId('open-tasks-save'));
    await waitFor(() => expect(backend.callsOf('moveStage')).toEqual([[id, 'proposal', '']]));
    // Backwards never asks.
    await waitFor(() => expect(screen.queryByTestId('open-tasks-dialog')).toBeNull());
    await waitFor(() => expect(card(id).closest('[data-testid="pipeline-column-proposal"]')).toBeTruthy());
    await moveWithSelect(id, 'initialContact');
    await waitFor(() => expect(backend.callsOf('moveStage')).toHaveLength(2));
    expect(screen.queryByTestId('open-tasks-dialog')).toBeNull();
  });

  it('the agenda lists open tasks in their own section and ticks one', async () => {
    const { backend, id } = await book();
    await backend.moveStage(id, 'needsConfirmed', '');
    await renderApp(backend);
    await fireEvent.click(screen.getByTestId('nav-agenda'));
    const section = await screen.findByTestId('agenda-section-tasks');
    const items = () => within(screen.getByTestId('agenda-section-tasks')).queryAllByTestId('agenda-item');
    await waitFor(() => expect(items()).toHaveLength(2));
    expect(section.textContent).toContain('阶段任务');
    expect(items()[0].textContent).toContain('确认预算');
    expect(items()[0].textContent).toContain('李娜');
    expect(items()[1].textContent).toContain('王总');
    await fireEvent.click(within(items()[0]).getByTestId('agenda-task-done'));
    await waitFor(() => expect(items()).toHaveLength(1));
    expect(backend.callsOf('updateTask')[0][1]).toEqual({ done: true });
    expect(items()[0].textContent).toContain('确认决策人');
  });

  it('the customer page ticks, re-dates and adds tasks; a refused one shows the message', async () => {
    const { backend, id } = await book();
    await backend.moveStage(id, 'needsConfirmed', '');
    await renderApp(backend);
    backend.emitNavigate({ view: 'customer', id });
    const panel = await screen.findByTestId('customer-tasks');
    const rows = () => within(panel).queryAllByTestId('task-row');
    await waitFor(() => expect(rows()).toHaveLength(2));
    await fireEvent.click(within(rows()[0]).getByTestId('task-done'));
    await waitFor(() => expect(within(panel).getByTestId('customer-tasks-count').textContent).toBe('1/2'));
    // Re-date the open one.
    const open = rows().find((r) => r.getAttribute('data-title') === '确认决策人')!;
    const due = within(open).getByTestId('task-due') as HTMLInputElement;
    due.value = '2025-03-20T10:30';
    await fireEvent.change(due);
    await waitFor(() => expect(backend.callsOf('updateTask').at(-1)?.[1]).toEqual({ due: new Date(2025, 2, 20, 10, 30).toISOString() }));
    // Add by hand: an empty title is refused with the backend's words, then one is added.
    await fireEvent.click(within(panel).getByTestId('task-add'));
    await fireEvent.click(within(panel).getByTestId('task-new-save'));
    expect((await within(panel).findByTestId('tasks-error')).textContent).toContain('任务：不能为空');
    await fireEvent.input(within(panel).getByTestId('task-new-title'), { target: { value: '寄样品' } });
    await fireEvent.click(within(panel).getByTestId('task-new-save'));
    await waitFor(() => expect(rows()).toHaveLength(3));
    expect(rows().some((r) => r.getAttribute('data-title') === '寄样品')).toBe(true);
    const added = (await backend.customerTasks(id)).find((t) => t.title === '寄样品')!;
    expect([added.assignee, added.stage, added.fromPlaybook]).toEqual(['李娜', 'needsConfirmed', false]);
    expect(Date.parse(added.due)).toBe(Date.parse(localAt(1, 9)));
  });
});
