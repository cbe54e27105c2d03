import { fireEvent, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { FakeBackend } from '../../api/fakeBackend';
import { renderApp } from '../../../test/helpers';

async function openSettings(lostReasons = ['价格太高', '选择了竞争对手', '暂无需求']) {
  const backend = new FakeBackend({ settings: { lostReasons } });
  await renderApp(backend);
  await fireEvent.click(screen.getByTestId('nav-settings'));
  await screen.findByTestId('lost-reason-settings');
  backend.calls = [];
  return backend;
}

const values = () =>
  within(screen.getByTestId('lost-reason-settings'))
    .queryAllByTestId(/^lost-reasons-input-/)
    .map((i) => (i as HTMLInputElement).value);
const saved = (b: FakeBackend) => (b.callsOf('saveSettings').at(-1)?.[0] as { lostReasons: string[] }).lostReasons;

describe('lost reason settings', () => {
  it('lists the reasons from settings in order', async () => {
    await openSettings();
    expect(values()).toEqual(['价格太高', '选择了竞争对手', '暂无需求']);
    expect((screen.getByTestId('lost-reasons-up-0') as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByTestId('lost-reasons-down-2') as HTMLButtonElement).disabled).toBe(true);
  });

  it('adds a reason and saves the list (blank entries dropped)', async () => {
    const backend = await openSettings();
    await fireEvent.click(screen.getByTestId('lost-reasons-add'));
    await fireEvent.click(screen.getByTestId('lost-reasons-add'));
    await fireEvent.input(screen.getByTestId('lost-reasons-input-3'), { target: { value: '  项目取消 ' } });
    await fireEvent.click(screen.getByTestId('lost-reasons-save'));
    await screen.findByTestId('lost-reasons-saved');
    expect(saved(backend)).toEqual(['价格太高', '选择了竞争对手', '暂无需求', '项目取消']);
    expect(backend.settings.lostReasons).toEqual(['价格太高', '选择了竞争对手', '暂无需求', '项目取消']);
    expect(values()).toEqual(['价格太高', '选择了竞争对手', '暂无需求', '项目取消']);
  });

  it('renames, removes and reorders, then saves the new list', async () => {
    const backend = await openSettings();
    await fireEvent.input(screen.getByTestId('lost-reasons-input-0'), { target: { value: '报价过高' } });
    await fireEvent.click(screen.getByTestId('lost-reasons-remove-1'));
    expect(values()).toEqual(['报价过高', '暂无需求']);
    await fireEvent.click(screen.getByTestId('lost-reasons-down-0'));
    expect(values()).toEqual(['暂无需求', '报价过高']);
    await fireEvent.click(screen.getByTestId('lost-reasons-up-1'));
    await fireEvent.click(screen.getByTestId('lost-reasons-down-0'));
    expect(values()).toEqual(['暂无需求', '报价过高']);
    expect(backend.callsOf('saveSettings')).toEqual([]);
    await fireEvent.click(screen.getByTestId('lost-reasons-save'));
    await screen.findByTestId('lost-reasons-saved');
    expect(saved(backend)).toEqual(['暂无需求', '报价过高']);
    expect(backend.settings.lostReasons).toEqual(['暂无需求', '报价过高']);
    // Other settings are kept as they were.
    expect(backend.settings.sources).toEqual((await new FakeBackend().getSettings()).sources);
  });

  it('refuses a reason listed twice without calling the backend', async () => {
    const backend = await openSettings(['价格太高']);
    await fireEvent.click(screen.getByTestId('lost-reasons-add'));
    await fireEvent.input(screen.getByTestId('lost-reasons-input-1'), { target: { value: '价格太高' } });
    await fireEvent.click(screen.getByTestId('lost-reasons-save'));
    expect((await screen.findByTestId('lost-reasons-error')).textContent).toContain('“价格太高”出现了两次');
    expect(backend.callsOf('saveSettings')).toEqual([]);
    expect(screen.queryByTestId('lost-reasons-saved')).toBeNull();
  });

  it('offers the saved reasons in the lost dialog of the board', async () => {
    const backend = await openSettings(['价格太高']);
    await fireEvent.click(screen.getByTestId('lost-reasons-add'));
    await fireEvent.input(screen.getByTestId('lost-reasons-input-1'), { target: { value: '预算砍掉' } });
    await fireEvent.click(screen.getByTestId('lost-reasons-save'));
    await screen.findByTestId('lost-reasons-saved');
    await backend.createCustomer({ ...(await import('../../model')).emptyInput(), name: 'Alpha' });
    await fireEvent.click(screen.getByTestId('nav-pipeline'));
    const move = await screen.findByTestId('card-move');
    (move as HTMLSelectElement).value = 'lost';
    await fireEvent.change(move);
    await screen.findByTestId('lost-reason-dialog');
    const options = [...(screen.getByTestId('lost-reason-select') as HTMLSelectElement).options].map((o) => o.value);
    expect(options).toEqual(['', '价格太高', '预算砍掉']);
  });
});
