import { fireEvent, screen, waitFor, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { FakeBackend, type FakeOptions } from '../../api/fakeBackend';
import type { Stage } from '../../bindings/Stage';
import type { StageSetting } from '../../bindings/StageSetting';
import { emptyInput } from '../../model';
import { renderApp } from '../../../test/helpers';

const type = (testid: string, value: string) => fireEvent.input(screen.getByTestId(testid), { target: { value } });
const section = () => screen.getByTestId('stage-settings');
const order = () => within(section()).getAllByTestId('stage-row').map((r) => r.getAttribute('data-stage'));
const button = (testid: string) => screen.queryByTestId(testid) as HTMLButtonElement | null;
const boardOrder = () => screen.getAllByTestId(/^pipeline-column-/).map((c) => c.getAttribute('data-stage'));
const custom = (stage: Stage, name: string, before: StageSetting[] = []): StageSetting[] => [
  { stage: 'initialContact', name: '' }, { stage: 'needsConfirmed', name: '' }, { stage: 'proposal', name: '' },
  { stage: 'negotiation', name: '' }, ...before, { stage, name }, { stage: 'won', name: '' }, { stage: 'lost', name: '' },
];

async function openSettings(opts: FakeOptions | FakeBackend = {}) {
  const backend = opts instanceof FakeBackend ? opts : new FakeBackend(opts);
  await renderApp(backend);
  await fireEvent.click(screen.getByTestId('nav-settings'));
  await screen.findByTestId('stage-settings');
  backend.calls = [];
  return backend;
}

async function save() {
  await fireEvent.click(screen.getByTestId('stages-save'));
}

async function saved() {
  await save();
  await screen.findByTestId('stages-saved');
}

async function openBoard() {
  await fireEvent.click(screen.getByTestId('nav-pipeline'));
  await screen.findByTestId('pipeline-column-lost');
}

describe('pipeline stage settings', () => {
  it('lists the built-in stages with their names as placeholders; won and lost cannot move', async () => {
    await openSettings();
    expect(order()).toEqual(['initialContact', 'needsConfirmed', 'proposal', 'negotiation', 'won', 'lost']);
    expect((screen.getByTestId('stage-name-proposal') as HTMLInputElement).placeholder).toBe('方案沟通');
    expect((screen.getByTestId('stage-name-won') as HTMLInputElement).placeholder).toBe('成交');
    expect(button('stage-up-initialContact')?.disabled).toBe(true);
    // The last open stage cannot go below 成交, and 成交 / 流失 have no arrows (nor remove).
    expect(button('stage-down-negotiation')?.disabled).toBe(true);
    for (const s of ['won', 'lost']) {
      expect(button(`stage-up-${s}`)).toBeNull();
      expect(button(`stage-down-${s}`)).toBeNull();
      expect(button(`stage-remove-${s}`)).toBeNull();
    }
    expect(button('stage-remove-proposal')).toBeNull();
  });

  it('renames a stage: the new name shows in the list pills and the board column, clearing restores it', async () => {
    const backend = new FakeBackend();
    await backend.createCustomer({ ...emptyInput(), name: 'Alpha' });
    await openSettings(backend);
    await type('stage-name-initialContact', '  初次见面 ');
    await type('stage-name-won', '签约');
    await saved();
    expect(backend.settings.stages[0]).toEqual({ stage: 'initialContact', name: '初次见面', tasks: [] });
    expect(backend.settings.stages[4]).toEqual({ stage: 'won', name: '签约', tasks: [] });

    await fireEvent.click(screen.getByTestId('nav-customers'));
    await waitFor(() => expect(screen.getByTestId('customer-row').querySelector('[data-stage]')?.textContent?.trim()).toBe('初次见面'));
    await openBoard();
    expect(within(screen.getByTestId('pipeline-column-initialContact')).getByText('初次见面')).toBeTruthy();
    expect(screen.getByTestId('pipeline-column-won').getAttribute('aria-label')).toBe('签约');
    const moveTo = [...(screen.getByTestId('card-move') as HTMLSelectElement).options].map((o) => o.textContent);
    expect(moveTo).toContain('签约');

    await fireEvent.click(screen.getByTestId('nav-settings'));
    await screen.findByTestId('stage-name-initialContact');
    await type('stage-name-initialContact', '');
    await saved();
    expect(backend.settings.stages[0]).toEqual({ stage: 'initialContact', name: '', tasks: [] });
    await openBoard();
    expect(screen.getByTestId('pipeline-column-initialContact').getAttribute('aria-label')).toBe('初步接触');
  });

  it('keeps no name for a built-in stage given its own built-in name (so it follows the language)', async () => {
    const backend = await openSettings();
    await type('stage-name-proposal', 'Proposal');
    await saved();
    expect(backend.settings.stages[2]).toEqual({ stage: 'proposal', name: '', tasks: [] });
  });

  it('reorders the open stages: the board follows the saved order', async () => {
    const backend = new FakeBackend();
    await backend.createCustomer({ ...emptyInput(), name: 'Alpha' });
    await openSettings(backend);
    await fireEvent.click(screen.getByTestId('stage-up-proposal'));
    await fireEvent.click(screen.getByTestId('stage-up-proposal'));
    await fireEvent.click(screen.getByTestId('stage-down-initialContact'));
    expect(order()).toEqual(['proposal', 'needsConfirmed', 'initialContact', 'negotiation', 'won', 'lost']);
    expect(backend.callsOf('saveSettings')).toEqual([]);
    await saved();
    expect(backend.settings.stages.map((s) => s.stage)).toEqual(['proposal', 'needsConfirmed', 'initialContact', 'negotiation', 'won', 'lost']);
    await openBoard();
    expect(boardOrder()).toEqual(['proposal', 'needsConfirmed', 'initialContact', 'negotiation', 'won', 'lost']);
  });

  it('adds a custom stage before the closing ones, then it can be chosen in the customer form', async () => {
    const backend = await openSettings();
    await fireEvent.click(screen.getByTestId('stages-add'));
    expect(order()).toEqual(['initialContact', 'needsConfirmed', 'proposal', 'negotiation', 'custom1', 'won', 'lost']);
    expect(document.activeElement).toBe(screen.getByTestId('stage-name-custom1'));
    await type('stage-name-custom1', '样品测试');
    await fireEvent.click(screen.getByTestId('stage-up-custom1'));
    await saved();
    expect(backend.settings.stages.map((s) => s.stage)).toEqual(['initialContact', 'needsConfirmed', 'proposal', 'custom1', 'negotiation', 'won', 'lost']);

    await fireEvent.click(screen.getByTestId('nav-customers'));
    await fireEvent.click(await screen.findByTestId('new-customer'));
    await screen.findByTestId('field-name');
    await type('field-name', 'Sample Co');
    const stage = screen.getByTestId('field-stage') as HTMLSelectElement;
    expect([...stage.options].map((o) => o.textContent)).toEqual(['初步接触', '需求明确', '方案沟通', '样品测试', '谈判中', '成交', '流失']);
    await fireEvent.change(stage, { target: { value: 'custom1' } });
    await fireEvent.click(screen.getByTestId('save-customer'));
    await waitFor(() => expect(screen.getByTestId('detail-name').textContent).toBe('Sample Co'));
    expect([...backend.customers.values()].find((c) => c.name === 'Sample Co')?.stage).toBe('custom1');

    await openBoard();
    const column = screen.getByTestId('pipeline-column-custom1');
    expect(column.getAttribute('aria-label')).toBe('样品测试');
    expect(within(column).getByTestId('pipeline-count-custom1').textContent?.trim()).toBe('1');
  });

  it('offers at most six custom stages', async () => {
    await openSettings();
    for (let i = 0; i < 6; i++) await fireEvent.click(screen.getByTestId('stages-add'));
    expect(order().filter((s) => s?.startsWith('custom'))).toHaveLength(6);
    expect(button('stages-add')?.disabled).toBe(true);
    expect(screen.getByTestId('stages-limit').textContent).toContain('最多可添加 6 个自定义阶段');
    await fireEvent.click(screen.getByTestId('stage-remove-custom3'));
    expect(button('stages-add')?.disabled).toBe(false);
    expect(screen.queryByTestId('stages-limit')).toBeNull();
  });

  it('shows the refusal to remove a custom stage still in use, and keeps it', async () => {
    const backend = new FakeBackend({ settings: { stages: custom('custom1', '样品测试') } });
    await backend.createCustomer({ ...emptyInput(), name: 'Sample Co', stage: 'custom1' });
    await openSettings(backend);
    await fireEvent.click(screen.getByTestId('stage-remove-custom1'));
    expect(order()).not.toContain('custom1');
    await save();
    const error = await screen.findByTestId('stages-error');
    expect(error.textContent).toContain('“样品测试”仍有 1 位客户或销售机会在用，不能删除');
    expect(screen.queryByTestId('stages-saved')).toBeNull();
    expect(backend.settings.stages.map((s) => s.stage)).toContain('custom1');
    // Editing again clears the message.
    await fireEvent.click(screen.getByTestId('stages-add'));
    expect(screen.queryByTestId('stages-error')).toBeNull();
  });

  it('shows the backend errors in English in English mode (a custom stage without a name, a name twice)', async () => {
    const backend = await openSettings({ settings: { language: 'en' } });
    await fireEvent.click(screen.getByTestId('stages-add'));
    await save();
    expect((await screen.findByTestId('stages-error')).textContent).toBe('Stages: a custom stage needs a name');
    await type('stage-name-custom1', 'Won');
    await save();
    await waitFor(() => expect(screen.getByTestId('stages-error').textContent).toBe('Stages: the name “Won” is used twice'));
    expect(backend.settings.stages).toHaveLength(6);
  });

  it('removes an unused custom stage', async () => {
    const backend = await openSettings({ settings: { stages: custom('custom2', '试用', [{ stage: 'custom1', name: '样品' }]) } });
    await fireEvent.click(screen.getByTestId('stage-remove-custom1'));
    await saved();
    expect(backend.settings.stages.map((s) => s.stage)).toEqual(['initialContact', 'needsConfirmed', 'proposal', 'negotiation', 'custom2', 'won', 'lost']);
    // The free slot is taken again by the next stage added.
    await fireEvent.click(screen.getByTestId('stages-add'));
    expect(order()).toContain('custom1');
  });
});
