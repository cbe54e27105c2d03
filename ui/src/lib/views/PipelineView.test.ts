import { fireEvent, screen, waitFor, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { FakeBackend, type FakeOptions } from '../api/fakeBackend';
import type { BoardQuery } from '../bindings/BoardQuery';
import type { Stage } from '../bindings/Stage';
import { columnAt, isDrag, moreNeeded, SLOT, visibleRange } from '../components/pipeline/board';
import { emptyFollowUp } from '../followups';
import { emptyInput } from '../model';
import { renderApp } from '../../test/helpers';

/** A book with known stages, amounts and one overdue follow-up (and a customer in the trash). */
async function pipelineBook(opts: FakeOptions = {}) {
  const b = new FakeBackend(opts);
  const add = (name: string, extra: Record<string, unknown> = {}) => b.createCustomer({ ...emptyInput(), name, ...extra });
  const opp = (stage: Stage, expectedAmount: number) => ({ source: '', need: '', budgetNote: '', intent: '', stage, expectedClose: null, expectedAmount, product: '' });
  const deal = (amount: number) => ({ date: '2025-01-15', amount, productOrService: '设备', paymentMethod: 'online' as const, notes: '' });

  const alpha = await add('Alpha Trading', { company: 'Alpha Ltd', owner: '王强', source: '线上推广', tags: ['VIP'], category: 'readyToBuy' });
  const beta = await add('Beta Foods', { company: 'Beta Foods', owner: '李娜', source: '客户转介绍', stage: 'won', tags: ['华东'] });
  const gamma = await add('Gamma Tech', { company: 'Gamma Inc', owner: '王强', stage: 'negotiation', category: 'interested' });
  const delta = await add('Delta Steel', { owner: '李娜', source: '客户转介绍' });
  const lost = await add('Lost Co', { owner: '李娜', stage: 'lost', lostReason: '价格太高' });
  const gone = await add('Trashed Co', { owner: '王强' });
  await b.addOpportunity(alpha.id, opp('proposal', 1_000_000));
  await b.addDeal(beta.id, deal(800_000));
  await b.addDeal(beta.id, deal(450_050));
  await b.addOpportunity(gamma.id, opp('negotiation', 2_000_000));
  await b.addOpportunity(gamma.id, opp('won', 999)); // won opportunities are not "expected"
  await b.addOpportunity(delta.id, opp('initialContact', 500_000));
  await b.addOpportunity(gone.id, opp('initialContact', 7_000_000));
  await b.logFollowUp(alpha.id, { ...emptyFollowUp(), at: '2024-01-01T02:00:00Z', content: '电话', nextAt: '2024-01-02T02:00:00Z' });
  await b.trashCustomer(gone.id);
  b.calls = [];
  return { backend: b, ids: { alpha: alpha.id, beta: beta.id, gamma: gamma.id, delta: delta.id, lost: lost.id } };
}

const STAGE_ORDER: Stage[] = ['initialContact', 'needsConfirmed', 'proposal', 'negotiation', 'won', 'lost'];
const counts = () => STAGE_ORDER.map((s) => screen.getByTestId(`pipeline-count-${s}`).textContent?.trim());
const amount = (s: Stage) => screen.getByTestId(`pipeline-amount-${s}`).textContent?.trim();
const column = (s: Stage) => screen.getByTestId(`pipeline-column-${s}`);
const names = (s: Stage) => within(column(s)).queryAllByTestId('pipeline-card').map((c) => within(c).getByTestId('pipeline-card-open').title);
const card = (id: string) => screen.getAllByTestId('pipeline-card').find((c) => c.getAttribute('data-id') === id)!;
const lastQuery = (b: FakeBackend) => b.callsOf('pipelineBoard').at(-1)?.[0] as BoardQuery;

async function openBoard(b: FakeBackend) {
  const result = await renderApp(b);
  await fireEvent.click(screen.getByTestId('nav-pipeline'));
  await screen.findByTestId('pipeline-view');
  await waitFor(() => expect(b.callsOf('pipelineBoard').length).toBeGreaterThan(0));
  return result;
}

/** Ticks the option `label` of a filter's MultiSelect. */
async function pick(filter: string, label: string) {
  const root = screen.getByTestId(filter);
  const trigger = within(root).getByRole('button');
  if (trigger.getAttribute('aria-expanded') !== 'true') await fireEvent.click(trigger);
  await fireEvent.click(within(root).getByLabelText(label));
}

async function moveWithSelect(id: string, to: Stage) {
  const select = within(card(id)).getByTestId('card-move') as HTMLSelectElement;
  select.value = to;
  await fireEvent.change(select);
}

describe('pipeline board', () => {
  it('shows one column per stage with counts, amounts and sorted cards (trash left out)', async () => {
    const { backend, ids } = await pipelineBook();
    await openBoard(backend);
    await waitFor(() => expect(counts()).toEqual(['2', '0', '0', '1', '1', '1']));
    expect(amount('initialContact')).toBe('¥15,000');
    expect(amount('negotiation')).toBe('¥20,000');
    expect(amount('won')).toBe('¥12,500.50');
    expect(amount('lost')).toBe('¥0');
    expect(backend.callsOf('pipelineBoard')).toEqual([[{ owners: [], tagIds: [], categories: [], sources: [] }, 100]]);
    // Overdue first, with a visible mark; company shown only when it differs from the name.
    expect(names('initialContact')).toEqual(['Alpha Trading', 'Delta Steel']);
    const alpha = card(ids.alpha);
    expect(alpha.getAttribute('data-overdue')).toBe('true');
    expect(within(alpha).getByTestId('pipeline-overdue').textContent).toBe('逾期');
    expect(alpha.textContent).toContain('Alpha Ltd');
    expect(alpha.textContent).toContain('¥10,000');
    expect(alpha.textContent).toContain('王强');
    expect(alpha.textContent).toContain('2024');
    expect(within(card(ids.delta)).queryByTestId('pipeline-overdue')).toBeNull();
    expect(card(ids.beta).textContent).not.toContain('Beta FoodsBeta Foods');
    expect(card(ids.lost).textContent).toContain('价格太高');
    expect(screen.queryByText('Trashed Co')).toBeNull();
    expect(screen.getByTestId('pipeline-column-won').textContent).toContain('成交');
  });

  it('narrows the board by owner, tag, category and source', async () => {
    const { backend } = await pipelineBook();
    await openBoard(backend);
    await waitFor(() => expect(counts()).toEqual(['2', '0', '0', '1', '1', '1']));

    await pick('pipeline-filter-owner', '王强');
    await waitFor(() => expect(counts()).toEqual(['1', '0', '0', '1', '0', '0']));
    expect(lastQuery(backend).owners).toEqual(['王强']);
    expect(amount('initialContact')).toBe('¥10,000');

    await pick('pipeline-filter-category', '意向客户');
    await waitFor(() => expect(counts()).toEqual(['0', '0', '0', '1', '0', '0']));
    expect(lastQuery(backend).categories).toEqual(['interested']);

    await fireEvent.click(screen.getByTestId('pipeline-clear-filters'));
    await waitFor(() => expect(counts()).toEqual(['2', '0', '0', '1', '1', '1']));

    await pick('pipeline-filter-tag', 'VIP');
    await waitFor(() => expect(counts()).toEqual(['1', '0', '0', '0', '0', '0']));
    expect(names('initialContact')).toEqual(['Alpha Trading']);
    await pick('pipeline-filter-tag', '华东'); // any of the tags
    await waitFor(() => expect(counts()).toEqual(['1', '0', '0', '0', '1', '0']));

    await fireEvent.click(screen.getByTestId('pipeline-clear-filters'));
    await pick('pipeline-filter-source', '客户转介绍');
    await waitFor(() => expect(counts()).toEqual(['1', '0', '0', '0', '1', '0']));
    expect(names('initialContact')).toEqual(['Delta Steel']);
    expect(lastQuery(backend).sources).toEqual(['客户转介绍']);
  });

  it('keeps the filters after visiting a customer', async () => {
    const { backend, ids } = await pipelineBook();
    await openBoard(backend);
    await pick('pipeline-filter-owner', '李娜');
    await waitFor(() => expect(counts()).toEqual(['1', '0', '0', '0', '1', '1']));
    await fireEvent.click(within(card(ids.delta)).getByTestId('pipeline-card-open'));
    expect((await screen.findByTestId('detail-name')).textContent).toBe('Delta Steel');
    await fireEvent.click(screen.getByTestId('nav-pipeline'));
    await waitFor(() => expect(counts()).toEqual(['1', '0', '0', '0', '1', '1']));
    expect(lastQuery(backend).owners).toEqual(['李娜']);
  });

  it('moves a card with its select: moveStage is called and the counts change', async () => {
    const { backend, ids } = await pipelineBook();
    await openBoard(backend);
    await waitFor(() => expect(counts()).toEqual(['2', '0', '0', '1', '1', '1']));
    const options = [...(within(card(ids.delta)).getByTestId('card-move') as HTMLSelectElement).options].map((o) => o.value);
    expect(options).toEqual(['', 'needsConfirmed', 'proposal', 'negotiation', 'won', 'lost']);

    await moveWithSelect(ids.delta, 'negotiation');
    await waitFor(() => expect(counts()).toEqual(['1', '0', '0', '2', '1', '1']));
    expect(backend.callsOf('moveStage')).toEqual([[ids.delta, 'negotiation', '']]);
    expect(amount('negotiation')).toBe('¥25,000');
    expect(amount('initialContact')).toBe('¥10,000');
    expect(names('negotiation')).toEqual(['Delta Steel', 'Gamma Tech']);
    expect(screen.getByTestId('pipeline-status').textContent).toContain('谈判中');
    expect(backend.customers.get(ids.delta)?.stage).toBe('negotiation');
    // Recorded in the customer's history.
    const timeline = await backend.customerTimeline(ids.delta);
    expect(timeline.some((e) => e.kind === 'change' && e.entry.change.type === 'stage' && e.entry.change.to === 'negotiation')).toBe(true);
  });

  it('asks for a reason before moving to 流失: cancel keeps the card, a chosen reason saves it', async () => {
    const { backend, ids } = await pipelineBook();
    await openBoard(backend);
    await waitFor(() => expect(counts()).toEqual(['2', '0', '0', '1', '1', '1']));

    await moveWithSelect(ids.gamma, 'lost');
    const dialog = await screen.findByTestId('lost-reason-dialog');
    expect(dialog.textContent).toContain('Gamma Tech');
    const choices = [...(screen.getByTestId('lost-reason-select') as HTMLSelectElement).options].map((o) => o.value);
    expect(choices).toEqual(['', ...backend.settings.lostReasons]);
    await fireEvent.click(screen.getByTestId('lost-reason-cancel'));
    await waitFor(() => expect(screen.queryByTestId('lost-reason-dialog')).toBeNull());
    expect(backend.callsOf('moveStage')).toEqual([]);
    expect(counts()).toEqual(['2', '0', '0', '1', '1', '1']);

    await moveWithSelect(ids.gamma, 'lost');
    await screen.findByTestId('lost-reason-dialog');
    await fireEvent.change(screen.getByTestId('lost-reason-select'), { target: { value: '选择了竞争对手' } });
    await fireEvent.click(screen.getByTestId('lost-reason-save'));
    await waitFor(() => expect(screen.queryByTestId('lost-reason-dialog')).toBeNull());
    expect(backend.callsOf('moveStage')).toEqual([[ids.gamma, 'lost', '选择了竞争对手']]);
    await waitFor(() => expect(counts()).toEqual(['2', '0', '0', '0', '1', '2']));
    expect(backend.customers.get(ids.gamma)?.lostReason).toBe('选择了竞争对手');
    expect(card(ids.gamma).textContent).toContain('选择了竞争对手');
  });

  it('prefers the typed reason, and shows the backend error when none is given', async () => {
    const { backend, ids } = await pipelineBook();
    await openBoard(backend);
    await waitFor(() => expect(counts()).toEqual(['2', '0', '0', '1', '1', '1']));
    await moveWithSelect(ids.delta, 'lost');
    await screen.findByTestId('lost-reason-dialog');

    await fireEvent.click(screen.getByTestId('lost-reason-save'));
    expect((await screen.findByTestId('lost-reason-error')).textContent).toContain('流失原因：阶段为“流失”时必须填写');
    expect(screen.getByTestId('lost-reason-dialog')).toBeTruthy();
    expect(backend.customers.get(ids.delta)?.stage).toBe('initialContact');

    await fireEvent.change(screen.getByTestId('lost-reason-select'), { target: { value: '价格太高' } });
    await fireEvent.input(screen.getByTestId('lost-reason-text'), { target: { value: '  项目取消  ' } });
    await fireEvent.click(screen.getByTestId('lost-reason-save'));
    await waitFor(() => expect(screen.queryByTestId('lost-reason-dialog')).toBeNull());
    expect(backend.callsOf('moveStage').at(-1)).toEqual([ids.delta, 'lost', '项目取消']);
    expect(backend.customers.get(ids.delta)?.lostReason).toBe('项目取消');
    await waitFor(() => expect(counts()).toEqual(['1', '0', '0', '1', '1', '2']));
  });

  it('drags a card with pointer events onto another column', async () => {
    const { backend, ids } = await pipelineBook();
    await openBoard(backend);
    await waitFor(() => expect(counts()).toEqual(['2', '0', '0', '1', '1', '1']));
    // happy-dom lays nothing out: place the columns side by side, 280 px apart.
    STAGE_ORDER.forEach((s, i) => {
      const rect = { left: i * 280, right: i * 280 + 272, top: 100, bottom: 900, width: 272, height: 800, x: i * 280, y: 100 };
      column(s).getBoundingClientRect = () => ({ ...rect, toJSON: () => rect }) as DOMRect;
    });
    const delta = card(ids.delta);
    await fireEvent.pointerDown(delta, { clientX: 100, clientY: 200, button: 0, pointerId: 1 });
    await fireEvent.pointerMove(window, { clientX: 102, clientY: 201, pointerId: 1 });
    expect(screen.queryByTestId('pipeline-ghost')).toBeNull(); // not yet a drag
    await fireEvent.pointerMove(window, { clientX: 300, clientY: 220, pointerId: 1 });
    await fireEvent.pointerMove(window, { clientX: 620, clientY: 240, pointerId: 1 });
    expect(screen.getByTestId('pipeline-ghost').textContent).toContain('Delta Steel');
    expect(column('proposal').getAttribute('data-drop-target')).toBe('true');
    expect(column('initialContact').getAttribute('data-drop-target')).toBe('false');
    await fireEvent.pointerUp(window, { clientX: 620, clientY: 240, pointerId: 1 });
    expect(screen.queryByTestId('pipeline-ghost')).toBeNull();
    await waitFor(() => expect(counts()).toEqual(['1', '0', '1', '1', '1', '1']));
    expect(backend.callsOf('moveStage')).toEqual([[ids.delta, 'proposal', '']]);

    // Dropped outside any column, or back on its own: nothing moves.
    await fireEvent.pointerDown(card(ids.alpha), { clientX: 100, clientY: 200, button: 0, pointerId: 1 });
    await fireEvent.pointerMove(window, { clientX: 140, clientY: 2000, pointerId: 1 });
    await fireEvent.pointerUp(window, { clientX: 140, clientY: 2000, pointerId: 1 });
    await fireEvent.pointerDown(card(ids.alpha), { clientX: 100, clientY: 200, button: 0, pointerId: 1 });
    await fireEvent.pointerMove(window, { clientX: 150, clientY: 260, pointerId: 1 });
    await fireEvent.pointerUp(window, { clientX: 150, clientY: 260, pointerId: 1 });
    expect(backend.callsOf('moveStage')).toHaveLength(1);

    // Dragged onto 流失: the reason dialog opens first.
    await fireEvent.pointerDown(card(ids.alpha), { clientX: 100, clientY: 200, button: 0, pointerId: 1 });
    await fireEvent.pointerMove(window, { clientX: 1500, clientY: 300, pointerId: 1 });
    await fireEvent.pointerUp(window, { clientX: 1500, clientY: 300, pointerId: 1 });
    await screen.findByTestId('lost-reason-dialog');
    expect(backend.callsOf('moveStage')).toHaveLength(1);
  });

  it('opens the customer when a card is clicked', async () => {
    const { backend, ids } = await pipelineBook();
    await openBoard(backend);
    await waitFor(() => expect(counts()).toEqual(['2', '0', '0', '1', '1', '1']));
    await fireEvent.click(within(card(ids.gamma)).getByTestId('pipeline-card-open'));
    expect((await screen.findByTestId('detail-name')).textContent).toBe('Gamma Tech');
  });

  it('renders only the visible window of a column of 2,000 and loads more on scroll', async () => {
    const backend = new FakeBackend({ customers: 2000 });
    for (const c of backend.customers.values()) Object.assign(c, { stage: 'initialContact', lostReason: '' });
    await openBoard(backend);
    await waitFor(() => expect(screen.getByTestId('pipeline-count-initialContact').textContent).toBe('2,000'));
    const shown = () => within(column('initialContact')).queryAllByTestId('pipeline-card');
    expect(shown().length).toBeGreaterThan(3);
    expect(shown().length).toBeLessThan(30);
    expect(backend.callsOf('pipelineBoard').map((c) => c[1])).toEqual([100]);
    expect(backend.callsOf('pipelineColumn')).toEqual([]);

    const scroller = screen.getByTestId('pipeline-scroller-initialContact');
    expect(scroller.firstElementChild?.getAttribute('style')).toContain(`height: ${2000 * SLOT}px`);
    scroller.scrollTop = SLOT * 90;
    await fireEvent.scroll(scroller);
    await waitFor(() => expect(backend.callsOf('pipelineColumn')).toEqual([[expect.anything(), 'initialContact', 100, 100]]));
    await waitFor(() => expect(shown().some((c) => Number(c.getAttribute('data-index')) >= 95)).toBe(true));
    expect(shown().length).toBeLessThan(30);

    // Far down: what is missing is fetched from the loaded end, and only the window renders.
    scroller.scrollTop = SLOT * 1990;
    await fireEvent.scroll(scroller);
    await waitFor(() => expect(shown().some((c) => c.getAttribute('data-index') === '1999')).toBe(true));
    expect(shown().length).toBeLessThan(30);
    const offsets = backend.callsOf('pipelineColumn').map((c) => c[2]);
    expect(offsets).toEqual([100, 200, 1200]);
  });

  it('shows an empty state on an empty book', async () => {
    const backend = new FakeBackend();
    await openBoard(backend);
    expect(await screen.findByTestId('pipeline-empty')).toBeTruthy();
    expect(screen.queryByTestId('pipeline-column-initialContact')).toBeNull();
    await fireEvent.click(screen.getByTestId('pipeline-import'));
    await waitFor(() => expect(screen.queryByTestId('pipeline-empty')).toBeNull());
  });
});

describe('pipeline board in English', () => {
  it('speaks English: stages, move select, totals and the backend error', async () => {
    const { backend, ids } = await pipelineBook({ settings: { language: 'en' } });
    const { setLanguage } = await import('../i18n/index.svelte');
    await openBoard(backend);
    setLanguage('en');
    await waitFor(() => expect(screen.getByTestId('pipeline-column-won').textContent).toContain('Won'));
    expect(screen.getByTestId('pipeline-total').textContent).toContain('5 customers · ¥47,500.50');
    expect(within(card(ids.alpha)).getByTestId('pipeline-overdue').textContent).toBe('Overdue');
    expect((within(card(ids.alpha)).getByTestId('card-move') as HTMLSelectElement).options[0].text).toBe('Move to…');
    await moveWithSelect(ids.alpha, 'lost');
    await screen.findByTestId('lost-reason-dialog');
    await fireEvent.click(screen.getByTestId('lost-reason-save'));
    expect((await screen.findByTestId('lost-reason-error')).textContent).toContain('Reason for loss is required when the stage is Lost');
    setLanguage('zh');
  });
});

describe('pipeline arithmetic', () => {
  it('computes the visible window and when to fetch more', () => {
    expect(visibleRange(0, 720, 2000)).toEqual([0, 10]);
    expect(visibleRange(SLOT * 100, 720, 2000)).toEqual([96, 110]);
    expect(visibleRange(0, 720, 3)).toEqual([0, 3]);
    expect(moreNeeded(10, 100, 2000)).toBe(0);
    expect(moreNeeded(85, 100, 2000)).toBe(100);
    expect(moreNeeded(1990, 200, 2000)).toBe(1000);
    expect(moreNeeded(50, 100, 100)).toBe(0);
  });

  it('finds the column under the pointer', () => {
    const cols = (['won', 'lost'] as Stage[]).map((stage, i) => ({ stage, rect: { left: i * 100, right: i * 100 + 90, top: 0, bottom: 500 } }));
    expect(columnAt(10, 10, cols)).toBe('won');
    expect(columnAt(150, 499, cols)).toBe('lost');
    expect(columnAt(95, 10, cols)).toBeNull();
    expect(columnAt(150, 600, cols)).toBeNull();
    expect(isDrag(2, 2)).toBe(false);
    expect(isDrag(4, 4)).toBe(true);
  });
});
