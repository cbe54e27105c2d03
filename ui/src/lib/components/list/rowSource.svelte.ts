// Pages of the customer list fetched on demand. The table asks for the rows it shows; pages of
// PAGE_SIZE rows are fetched by offset, cached, and dropped when the query changes. Replies to
// an older query are ignored, so fast typing never shows stale rows.
import { SvelteMap } from 'svelte/reactivity';
import { ApiError, type Backend } from '../../api/backend';
import type { CustomerRow } from '../../bindings/CustomerRow';
import type { Filters } from '../../state/app.svelte';

export const PAGE_SIZE = 200;
/** The backend's largest page (store/view/query.rs caps `limit` there): "select all" reads
 *  in pages this size, not cached. */
export const MAX_LIMIT = 1000;
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
  /** Pages being fetched, so a caller that needs one (a range selection) can wait for it. */
  private inflight = new Map<number, Promise<void>>();
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
      const pending = this.inflight.get(p);
      if (pending) jobs.push(pending);
      else if (!cached) jobs.push(this.fetch(p));
    }
    this.evict(from);
    await Promise.all(jobs);
  }

  /** Rows first..last of the current query, fetching the pages not cached (a shift-click range
   *  may span pages scrolled past or never shown); null when the query changed meanwhile or a
   *  page failed (its error is shown like any other). Page by page, so none is evicted before
   *  it is read. */
  async rowsIn(first: number, last: number): Promise<CustomerRow[] | null> {
    const generation = this.generation;
    const rows: CustomerRow[] = [];
    for (let p = Math.floor(first / PAGE_SIZE); p <= Math.floor(last / PAGE_SIZE); p++) {
      await this.ensure(p * PAGE_SIZE, p * PAGE_SIZE);
      const page = this.pages.get(p);
      if (generation !== this.generation || this.stale || !page) return null;
      const start = p * PAGE_SIZE;
      rows.push(...page.slice(Math.max(0, first - start), last - start + 1));
    }
    return rows;
  }

  /** Every row matching the current query (for "select all"); null when the query changed
   *  meanwhile or a page failed (the error is shown like any other). */
  async allRows(): Promise<CustomerRow[] | null> {
    const filters = this.filters;
    if (!filters) return null;
    const generation = this.generation;
    const rows: CustomerRow[] = [];
    try {
      for (let offset = 0; ; offset += MAX_LIMIT) {
        const page = await this.backend.listCustomers({ ...filters, offset, limit: MAX_LIMIT });
        if (generation !== this.generation) return null;
        rows.push(...page.rows);
        if (page.rows.length < MAX_LIMIT || rows.length >= page.total) return rows;
      }
    } catch (err) {
      if (generation === this.generation) this.error = ApiError.from(err);
      return null;
    }
  }

  private fetch(page: number): Promise<void> {
    const job: Promise<void> = this.load(page).finally(() => {
      if (this.inflight.get(page) === job) this.inflight.delete(page);
    });
    this.inflight.set(page, job);
    return job;
  }

  private async load(page: number): Promise<void> {
    const filters = this.filters;
    if (!filters) return;
    const generation = this.generation;
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
    }
  }

  private evict(near: number) {
    if (this.pages.size <= MAX_PAGES) return;
    const far = [...this.pages.keys()].sort((a, b) => Math.abs(b - near) - Math.abs(a - near));
    for (const p of far.slice(0, this.pages.size - MAX_PAGES)) this.pages.delete(p);
  }
}
