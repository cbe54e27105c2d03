// The fake backend honours the settings' stages: their order on the board, in the funnel and
// the list's stage sort; the rules of a saved pipeline; and who made a change.
import { describe, expect, it } from 'vitest';
import type { Stage } from '../bindings/Stage';
import type { StageSetting } from '../bindings/StageSetting';
import { defaultQuery, emptyInput } from '../model';
import { rejection } from '../../test/helpers';
import { FakeBackend } from './fakeBackend';

const named = (stages: Stage[], names: Record<string, string> = {}): StageSetting[] => stages.map((stage) => ({ stage, name: names[stage] ?? '' }));
const PIPELINE: Stage[] = ['needsConfirmed', 'initialContact', 'custom1', 'proposal', 'negotiation', 'won', 'lost'];

async function book() {
  const b = new FakeBackend({ settings: { stages: named(PIPELINE, { custom1: '样品测试' }) } });
  for (const [name, stage] of [['A', 'proposal'], ['B', 'custom1'], ['C', 'initialContact'], ['D', 'needsConfirmed']] as const)
    await b.createCustomer({ ...emptyInput(), name, stage, firstContactDate: '2025-01-02' });
  return b;
}

describe('fake backend stages', () => {
  it('starts with the six built-in stages unnamed and no "me"', async () => {
    const s = await new FakeBackend().getSettings();
    expect(s.stages).toEqual(named(['initialContact', 'needsConfirmed', 'proposal', 'negotiation', 'won', 'lost']));
    expect(s.me).toBe('');
  });

  it('orders the board, the funnel and the stage sort as the settings do', async () => {
    const b = await book();
    const board = await b.pipelineBoard({ owners: [], tagIds: [], categories: [], sources: [] }, 10);
    expect(board.columns.map((c) => c.stage)).toEqual(PIPELINE);
    expect(board.columns.find((c) => c.stage === 'custom1')?.count).toBe(1);
    const funnel = b.analytics.compute({ from: '2025-01-01', to: '2025-12-31' }).funnel;
    // The funnel's steps are the ladder: lost stands apart.
    expect(funnel.stages.map((s) => s.stage)).toEqual(PIPELINE.filter((s) => s !== 'lost'));
    expect(funnel.conversions.map((c) => `${c.from}>${c.to}`)).toEqual([
      'needsConfirmed>initialContact', 'initialContact>custom1', 'custom1>proposal', 'proposal>negotiation', 'negotiation>won',
    ]);
    const page = await b.listCustomers({ ...defaultQuery(), sort: 'stage' });
    expect(page.rows.map((r) => r.name)).toEqual(['D', 'C', 'B', 'A']);
  });

  it('refuses a stage the pipeline does not hold', async () => {
    const b = await book();
    const c = await b.createCustomer({ ...emptyInput(), name: 'E' });
    expect((await rejection(b.moveStage(c.id, 'custom4', ''))).field).toBe('stage');
    expect((await rejection(b.createCustomer({ ...emptyInput(), name: 'F', stage: 'custom4' }))).field).toBe('stage');
    await b.moveStage(c.id, 'custom1', '');
    expect(b.customers.get(c.id)?.stage).toBe('custom1');
  });

  it('checks a saved pipeline like the real backend', async () => {
    const b = new FakeBackend();
    const s = await b.getSettings();
    const save = (stages: StageSetting[]) => rejection(b.saveSettings({ ...s, stages }));
    const open: Stage[] = ['initialContact', 'needsConfirmed', 'proposal', 'negotiation'];
    expect((await save(named([...open, 'won']))).message).toBe('销售阶段：须包含每个内置阶段');
    expect((await save(named([...open, 'lost', 'won']))).message).toBe('销售阶段：“成交”和“流失”须依次排在最后');
    expect((await save(named([...open, 'proposal', 'won', 'lost']))).message).toBe('销售阶段：每个阶段只能出现一次');
    const seven = named([...open, 'custom1', 'custom2', 'custom3', 'custom4', 'custom5', 'custom6', 'won', 'lost'], { custom1: 'a', custom2: 'b', custom3: 'c', custom4: 'd', custom5: 'e', custom6: 'f' });
    expect((await b.saveSettings({ ...s, stages: seven })).stages).toHaveLength(12);
    expect((await save(named([...open, 'custom1', 'won', 'lost'], { custom1: '一二三四五六七八九十一二三四五六七八九十一' }))).message).toContain('太长（最多 20 个字符）');
    expect((await save(named([...open, 'custom1', 'won', 'lost'], { custom1: 'negotiation' }))).message).toBe('销售阶段：名称“negotiation”重复');
    const e = await save(named([...open, 'won', 'lost'], { proposal: '谈判中' }));
    expect([e.field, e.message]).toEqual(['stages', '销售阶段：名称“谈判中”重复']);
    // Trimmed; a built-in may keep its own name.
    const ok = await b.saveSettings({ ...s, stages: named([...open, 'custom1', 'won', 'lost'], { custom1: ' 样品 ', proposal: '方案沟通' }) });
    expect(ok.stages.find((x) => x.stage === 'custom1')?.name).toBe('样品');
  });

  it('records who made a change: the "me" of the settings at the time', async () => {
    const b = new FakeBackend({ settings: { owners: ['张三'] } });
    const c = await b.createCustomer({ ...emptyInput(), name: 'A' });
    await b.moveStage(c.id, 'proposal', '');
    await b.saveSettings({ ...(await b.getSettings()), me: '张三' });
    await b.updateCustomer(c.id, { ...emptyInput(), name: 'A', stage: 'negotiation', category: 'interested' });
    expect(b.followUps.history.get(c.id)?.map((e) => [e.change.type, e.by])).toEqual([['stage', ''], ['stage', '张三'], ['category', '张三']]);
    expect((await rejection(b.saveSettings({ ...(await b.getSettings()), me: '路人' }))).field).toBe('me');
  });
});
