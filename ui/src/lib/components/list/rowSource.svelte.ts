// Pages of the customer list fetched on demand. The table asks for the rows it shows; pages of
// PAGE_SIZE rows are fetched by offset, cached, and dropped when the query changes. Replies to
// an older query are ignored, so fast typing never shows stale rows.
import { SvelteMap } from 'svelte/reactivity';
import { ApiError, type Backend } from '../../api/backend';
import type { CustomerRow } from '../../bindings/CustomerRow';
import type { Filters } from '../../state/app.svelte';

export const PAGE_SIZE = 200;
/** Pages kept in memory; the farthest from the one last asked for go first. */
const MAX_PAGES = 40;

export class RowSource {
  /** Rows matching the query; null until the first page of this query arrives. */
  total = $state<number | null>(null);
  error = $state<ApiError | null>(null);
  /** Bumped on every new query (the table scrolls back to the top). */
  generation = $state(0);
  /** Bumped whenever a page arrives. */
  revision = $state(0);
  /** The cached pages belong to the previous query; shown until the new first page arrives
   *  (no blank flash while typing) but never taken as answers to the new one. */
  private stale = false;
  private pages = new SvelteMap<number, CustomerRow[]>();
  private inflight = new Set<number>();
  private filters: Filters | null = null;
  private backend: Backend;

  constructor(backend: Backend) {
    this.backend = backend;
  }

  /** A new query (or the data changed): forget everything and fetch the first page. */
  reset(filters: Filters): Promise<void> {
    this.filters = filters;
    this.generation += 1;
    this.inflight.clear();
    this.stale = this.pages.size > 0;
    this.error = null;
    return this.ensure(0, 0);
  }

  row(index: number): CustomerRow | undefined {
    return this.pages.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE];
  }

  /** Fetches the pages holding rows first..last that are not cached yet. */
  async ensure(first: number, last: number): Promise<void> {
    const from = Math.floor(Math.max(0, first) / PAGE_SIZE);
    const to = Math.floor(Math.max(0, last) / PAGE_SIZE);
    const jobs: Promise<void>[] = [];
    for (let p = from; p <= to; p++) {
      const cached = this.pages.has(p) && !this.stale;
      if (!cached && !this.inflight.has(p)) jobs.push(this.fetch(p));
    }
    this.evict(from);
    await Promise.all(jobs);
  }

  private async fetch(page: number): Promise<void> {
    const filters = this.filters;
    if (!filters) return;
    const generation = this.generation;
    this.inflight.add(page);
    try {
      const result = await this.backend.listCustomers({
        ...filters,
        offset: page * PAGE_SIZE,
        limit: PAGE_SIZE,
      });
      if (generation !== this.generation) return;
      if (this.stale) {
        this.pages.clear();
        this.stale = false;
      }
      this.pages.set(page, result.rows);
      this.total = result.total;
      this.revision += 1;
    } catch (err) {
      if (generation === this.generation) this.error = ApiError.from(err);
    } finally {
      if (generation === this.generation) this.inflight.delete(page);
    }
  }

  private evict(near: number) {
    if (this.pages.size <= MAX_PAGES) return;
    const far = [...this.pages.keys()].sort((a, b) => Math.abs(b - near) - Math.abs(a - near));
    for (const p of far.slice(0, this.pages.size - MAX_PAGES)) this.pages.delete(p);
  }
}
