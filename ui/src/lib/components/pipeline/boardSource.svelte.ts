// The board's data: every column's totals and the cards loaded so far (from the top, in the
// backend's order). The first PER_COLUMN cards of each column come with the board; a column
// asks for more as it is scrolled. Replies to an older load (filters changed, a card moved) are
// ignored, so a slow answer never shows stale cards.
import { ApiError, type Backend } from '../../api/backend';
import type { BoardCard } from '../../bindings/BoardCard';
import type { BoardQuery } from '../../bindings/BoardQuery';
import type { Stage } from '../../bindings/Stage';
import { PER_COLUMN } from './board';

export interface ColumnView {
  stage: Stage;
  /** All the column's customers (not only those loaded). */
  count: number;
  amountCents: number;
  /** Cards 0..cards.length of the column. */
  cards: BoardCard[];
}

export class BoardSource {
  columns = $state.raw<ColumnView[]>([]);
  /** The first board has arrived. */
  loaded = $state(false);
  error = $state<ApiError | null>(null);
  private query: BoardQuery | null = null;
  private generation = 0;
  private inflight = new Set<Stage>();

  constructor(private readonly backend: Backend) {}

  /** Fetches the board for `query` (a new query, or the data changed). */
  async load(query: BoardQuery): Promise<void> {
    this.query = query;
    const generation = ++this.generation;
    this.inflight.clear();
    try {
      const board = await this.backend.pipelineBoard(query, PER_COLUMN);
      if (generation !== this.generation) return;
      this.columns = board.columns.map((c) => ({ stage: c.stage, count: c.count, amountCents: c.amountCents, cards: c.cards }));
      this.loaded = true;
      this.error = null;
    } catch (err) {
      if (generation === this.generation) this.error = ApiError.from(err);
    }
  }

  /** Fetches up to `limit` more cards of a column after those loaded. */
  async more(stage: Stage, limit: number): Promise<void> {
    const query = this.query;
    const col = this.columns.find((c) => c.stage === stage);
    if (!query || !col || this.inflight.has(stage) || col.cards.length >= col.count) return;
    const generation = this.generation;
    this.inflight.add(stage);
    try {
      const page = await this.backend.pipelineColumn(query, stage, col.cards.length, limit);
      if (generation !== this.generation) return;
      this.columns = this.columns.map((c) => {
        if (c.stage !== stage) return c;
        const cards = [...c.cards.slice(0, page.offset), ...page.cards];
        // A column that shrank meanwhile: stop at what the backend has.
        const count = page.cards.length === 0 ? cards.length : page.count;
        return { stage, count, amountCents: page.amountCents, cards };
      });
    } catch (err) {
      if (generation === this.generation) this.error = ApiError.from(err);
    } finally {
      if (generation === this.generation) this.inflight.delete(stage);
    }
  }
}
