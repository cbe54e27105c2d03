import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeBackend } from '../../api/fakeBackend';
import type { HistoryEvent } from '../../bindings/HistoryEvent';
import { setLanguage } from '../../i18n/index.svelte';
import { emptyInput } from '../../model';
import { setStages } from '../../state/stages.svelte';
import { renderApp, rowNames } from '../../../test/helpers';
import TimelineChange from './TimelineChange.svelte';

const event = (change: HistoryEvent['change'], by: string): HistoryEvent => ({ at: '2025-03-05T04:00:00Z', change, followUpId: null, by });

afterEach(() => {
  setLanguage('zh');
  setStages(null);
});

describe('timeline change rows', () => {
  it('name who made a stage, category or owner change when known', () => {
    render(TimelineChange, { props: { event: event({ type: 'stage', from: 'initialContact', to: 'negotiation' }, '张三') } });
    expect(screen.getByTestId('timeline-change').textContent).toContain('阶段：初步接触 → 谈判中 · 张三');
  });

  it('say "by" in English, and nothing for older events without an author', () => {
    setLanguage('en');
    render(TimelineChange, { props: { event: event({ type: 'category', from: null, to: 'interested' }, 'Zhang San') } });
    expect(screen.getByTestId('timeline-change-by').textContent).toBe('· by Zhang San');
    render(TimelineChange, { props: { event: event({ type: 'owner', from: '王强', to: '李娜' }, '') } });
    expect(screen.getAllByTestId('timeline-change-by')).toHaveLength(1);
  });

  it('use the stage names of the settings, custom stages included', () => {
    setStages([
      { stage: 'initialContact', name: '初次见面' }, { stage: 'custom2', name: '样品测试' },
      { stage: 'needsConfirmed', name: '' }, { stage: 'proposal', name: '' }, { stage: 'negotiation', name: '' },
      { stage: 'won', name: '' }, { stage: 'lost', name: '' },
    ]);
    render(TimelineChange, { props: { event: event({ type: 'stage', from: 'initialContact', to: 'custom2' }, '') } });
    render(TimelineChange, { props: { event: event({ type: 'stage', from: 'custom2', to: 'custom5' }, '') } });
    const [first, second] = screen.getAllByTestId('timeline-change');
    expect(first.textContent).toContain('阶段：初次见面 → 样品测试');
    // A slot the settings no longer name still reads as a stage.
    expect(second.textContent).toContain('阶段：样品测试 → 自定义阶段 5');
  });

  it('show the person set as "I am" on a stage change made in the app', async () => {
    const backend = new FakeBackend({ settings: { owners: ['张三'], me: '张三' } });
    const c = await backend.createCustomer({ ...emptyInput(), name: 'Alpha' });
    await backend.moveStage(c.id, 'proposal', '');
    expect(backend.followUps.history.get(c.id)?.[0].by).toBe('张三');
    await renderApp(backend);
    await waitFor(() => expect(rowNames()).toContain('Alpha'));
    await fireEvent.click(screen.getAllByTestId('customer-row')[0]);
    const change = await screen.findByTestId('timeline-change');
    expect(change.textContent).toContain('阶段：初步接触 → 方案沟通 · 张三');
  });

  it('show a needs change with its old and new value, in Chinese and English', () => {
    render(TimelineChange, { props: { event: event({ type: 'need', field: 'budget', from: '10万', to: '20万' }, '张三') } });
    render(TimelineChange, { props: { event: event({ type: 'need', field: 'deadline', from: '', to: '2026-03-31' }, '') } });
    const [budget, deadline] = screen.getAllByTestId('timeline-change');
    expect(budget.dataset.type).toBe('need');
    expect(budget.textContent).toContain('预算：10万 → 20万 · 张三');
    expect(deadline.textContent).toContain('截止日期：— → 2026年3月31日');
    setLanguage('en');
    render(TimelineChange, { props: { event: event({ type: 'need', field: 'decisionChain', from: 'Purchasing', to: '' }, 'Zhang San') } });
    render(TimelineChange, { props: { event: event({ type: 'need', field: 'deadline', from: '2026-03-31', to: '2026-06-30' }, '') } });
    const [, , chain, date] = screen.getAllByTestId('timeline-change');
    expect(chain.textContent).toContain('Decision chain: Purchasing → — · by Zhang San');
    expect(date.textContent).toContain('Deadline: Mar 31, 2026 → Jun 30, 2026');
  });

  it('put a budget edited in the customer form on the timeline, once, not a save that changes nothing', async () => {
    const backend = new FakeBackend({ settings: { owners: ['张三'], me: '张三' } });
    const input = emptyInput();
    input.name = 'Alpha';
    input.needs.budget = '10万';
    const c = await backend.createCustomer(input);
    await backend.updateCustomer(c.id, { ...input, needs: { ...input.needs, budget: '20万' } });
    await backend.updateCustomer(c.id, { ...input, needs: { ...input.needs, budget: ' 20万 ' } });
    expect(backend.followUps.history.get(c.id)).toHaveLength(1);
    await renderApp(backend);
    await waitFor(() => expect(rowNames()).toContain('Alpha'));
    await fireEvent.click(screen.getAllByTestId('customer-row')[0]);
    const change = await screen.findByTestId('timeline-change');
    expect(change.textContent).toContain('预算：10万 → 20万 · 张三');
  });

  it('show a value the team server overwrote (one field edited on two computers), in Chinese and English', () => {
    render(TimelineChange, { props: { event: event({ type: 'overwritten', field: 'company', lost: 'A 公司', lostBy: '安', keptBy: 'Bob' }, 'Bob') } });
    render(TimelineChange, { props: { event: event({ type: 'overwritten', field: 'phones', lost: '["138","139"]', lostBy: '', keptBy: 'Bob' }, '') } });
    render(TimelineChange, { props: { event: event({ type: 'overwritten', field: 'stage', lost: 'negotiation', lostBy: '安', keptBy: 'Bob' }, '') } });
    const [company, phones, stage] = screen.getAllByTestId('timeline-change');
    expect(company.dataset.type).toBe('overwritten');
    expect(company.textContent).toContain('公司在两台电脑上同时修改：保留 Bob 的值，安 的“A 公司”已被覆盖');
    expect(phones.textContent).toContain('其他人 的“138、139”已被覆盖');
    expect(stage.textContent).toContain('安 的“谈判中”已被覆盖');
    setLanguage('en');
    render(TimelineChange, { props: { event: event({ type: 'overwritten', field: 'company', lost: '', lostBy: 'Ann', keptBy: 'Bob' }, 'Bob') } });
    render(TimelineChange, { props: { event: event({ type: 'overwritten', field: 'somethingNew', lost: 'x', lostBy: 'Ann', keptBy: 'Bob' }, '') } });
    const [, , , en, unknownField] = screen.getAllByTestId('timeline-change');
    expect(en.textContent).toContain('Company edited on two computers: Bob’s value kept; Ann’s “—” overwritten · by Bob');
    expect(unknownField.textContent).toContain('somethingNew edited on two computers');
    render(TimelineChange, { props: { event: event({ type: 'overwritten', field: 'contacts', lost: '[{"name":"Li Na","title":"CFO","phone":"","role":null}]', lostBy: 'Ann', keptBy: 'Bob' }, '') } });
    render(TimelineChange, { props: { event: event({ type: 'overwritten', field: 'customFields', lost: '[{"name":"Plan","value":{"type":"text","value":"Gold"}}]', lostBy: 'Ann', keptBy: 'Bob' }, '') } });
    const [, , , , , contacts, custom] = screen.getAllByTestId('timeline-change');
    expect(contacts.textContent).toContain('Key contacts edited on two computers: Bob’s value kept; Ann’s “Li Na, CFO” overwritten');
    expect(custom.textContent).toContain('Ann’s “Plan, Gold” overwritten');
  });

  it('say so for a change of a kind a newer Rapport recorded, instead of failing', () => {
    render(TimelineChange, { props: { event: event({ type: 'unknown' }, 'Bob') } });
    expect(screen.getByTestId('timeline-change').textContent).toContain('此版本无法显示的变更');
  });
});
