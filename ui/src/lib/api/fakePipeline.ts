// The fake backend's pipeline board: the real backend's rules (store/pipeline.rs) in memory.
// Columns in the settings' pipeline order (custom stages included) with 流失 last; a column counts and sums all its customers and sends
// a page of cards sorted soonest due first (so the most overdue lead), then those without a
// follow-up, by name. Won cards are worth what the customer bought (its deals); the others the
// expected amount of its opportunities not won. Moving to 流失 needs a reason.
import type { BoardCard } from '../bindings/BoardCard';
import type { BoardColumn } from '../bindings/BoardColumn';
import type { BoardQuery } from '../bindings/BoardQuery';
import type { Customer } from '../bindings/Customer';
import type { Stage } from '../bindings/Stage';
import { ApiError, type Backend } from './backend';
import type { FakeBackend } from './fakeBackend';
import { fieldMessage } from './fakeFollowUps';
import type { FakeHooks } from './fakeHooks';

/** Most cards one request may ask for per column. */
const MAX_CARDS = 1000;
/** Longest lost reason kept. */
const MAX_REASON = 200;

const collator = new Intl.Collator('zh-CN');

type Sorted = { name: string; due: number | null; card: BoardCard };

export class FakePipeline {
  constructor(readonly backend: FakeBackend, private readonly hooks: FakeHooks) {}

  pipelineBoard: Backend['pipelineBoard'] = async (...a) => {
    this.hooks.log('pipelineBoard', ...a);
    const [query, perColumn] = a;
    const cards = this.cards(query);
    return { columns: this.stages().map((s) => column(s, cards.get(s) ?? [], 0, perColumn)) };
  };

  pipelineColumn: Backend['pipelineColumn'] = async (...a) => {
    this.hooks.log('pipelineColumn', ...a);
    const [query, stage, offset, limit] = a;
    if (!this.stages().includes(stage)) this.invalid('stage', '阶段：不是可选的值', 'Stage is not one of the values offered');
    return column(stage, this.cards(query).get(stage) ?? [], offset, limit);
  };

  moveStage: Backend['moveStage'] = async (...a) => {
    this.hooks.log('moveStage', ...a);
    const [id, stage, lostReason] = a;
    if (!this.stages().includes(stage)) this.invalid('stage', '阶段：不是可选的值', 'Stage is not one of the values offered');
    const reason = lostReason.trim();
    if (stage === 'lost' && !reason) {
      const lang = this.backend.settings.language;
      throw new ApiError({ code: 'invalidField', message: fieldMessage('lostReason', 'lostReason', lang), field: 'lostReason' });
    }
    if ([...reason].length > MAX_REASON)
      this.invalid('lostReason', `流失原因：不能超过 ${MAX_REASON} 个字`, `Reason for loss must be at most ${MAX_REASON} characters`);
    const c = this.backend.customers.get(id);
    if (!c || c.deletedAt) {
      const en = this.backend.settings.language === 'en';
      throw new ApiError({ code: 'notFound', message: en ? `This customer no longer exists (${id}).` : `该客户已不存在（${id}）。` });
    }
    const before = { stage: c.stage, category: c.category, needs: c.needs };
    c.stage = stage;
    c.lostReason = stage === 'lost' ? reason : '';
    c.updatedAt = this.hooks.now();
    this.backend.followUps.recordChanges(c, before, null);
    if (before.stage !== stage) this.backend.tasks.enter(c, stage);
    this.hooks.changed();
    return structuredClone(c);
  };

  /** The pipeline's stages in the settings' order. */
  private stages(): Stage[] {
    return this.backend.settings.stages.map((s) => s.stage);
  }

  private invalid(field: string, zh: string, en: string): never {
    const message = this.backend.settings.language === 'en' ? en : zh;
    throw new ApiError({ code: 'invalidField', message, field });
  }

  /** Every matching live customer's card, per stage, sorted. */
  private cards(q: BoardQuery): Map<Stage, BoardCard[]> {
    const live = [...this.backend.customers.values()].filter((c) => !c.deletedAt && passes(q, c));
    const ids = new Set(live.map((c) => c.id));
    const due = new Map<string, string>();
    for (const f of this.backend.followUps.followUps.values()) {
      if (f.done || !f.nextAt || !ids.has(f.customerId)) continue;
      const best = due.get(f.customerId);
      if (best === undefined || Date.parse(f.nextAt) < Date.parse(best)) due.set(f.customerId, f.nextAt);
    }
    const bought = new Map<string, number>();
    for (const d of this.backend.records.deals.values())
      if (ids.has(d.customerId)) bought.set(d.customerId, (bought.get(d.customerId) ?? 0) + d.amount);
    const expected = new Map<string, number>();
    for (const o of this.backend.records.opportunities.values())
      if (ids.has(o.customerId) && o.stage !== 'won' && o.expectedAmount)
        expected.set(o.customerId, (expected.get(o.customerId) ?? 0) + o.expectedAmount);

    const now = this.backend.followUps.now().getTime();
    const byStage = new Map<Stage, Sorted[]>();
    for (const c of live) {
      const nextDue = due.get(c.id) ?? null;
      const at = nextDue === null ? null : Date.parse(nextDue);
      const card: BoardCard = {
        id: c.id, name: c.name, company: c.company, owner: c.owner,
        amountCents: (c.stage === 'won' ? bought : expected).get(c.id) ?? 0,
        nextDue, overdue: at !== null && at < now, lostReason: c.lostReason,
        ...this.backend.tasks.count(c.id, c.stage),
      };
      const list = byStage.get(c.stage) ?? [];
      list.push({ name: c.name, due: at, card });
      byStage.set(c.stage, list);
    }
    const out = new Map<Stage, BoardCard[]>();
    for (const [stage, list] of byStage) {
      list.sort(
        (a, b) =>
          Number(a.due === null) - Number(b.due === null) ||
          (a.due ?? 0) - (b.due ?? 0) ||
          collator.compare(a.name, b.name) ||
          (a.card.id < b.card.id ? -1 : a.card.id > b.card.id ? 1 : 0),
      );
      out.set(stage, list.map((x) => x.card));
    }
    return out;
  }
}

function passes(q: BoardQuery, c: Customer): boolean {
  return (
    (q.owners.length === 0 || q.owners.includes(c.owner)) &&
    (q.tagIds.length === 0 || q.tagIds.some((t) => c.tagIds.includes(t))) &&
    (q.categories.length === 0 || (c.category !== null && q.categories.includes(c.category))) &&
    (q.sources.length === 0 || q.sources.includes(c.source))
  );
}

function column(stage: Stage, cards: BoardCard[], offset: number, limit: number): BoardColumn {
  const start = Math.min(Math.max(0, offset), cards.length);
  return {
    stage,
    count: cards.length,
    amountCents: cards.reduce((sum, c) => sum + c.amountCents, 0),
    offset: start,
    cards: structuredClone(cards.slice(start, start + Math.min(Math.max(0, limit), MAX_CARDS))),
  };
}
