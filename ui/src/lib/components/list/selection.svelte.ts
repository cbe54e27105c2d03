// The customers checked in the list. Kept by id with the name and owner a handover needs: the
// table is virtualised, so a checked row scrolls out of the DOM and its page may be dropped
// from the RowSource, yet it stays checked. A new matching set (filter, search) or a write
// (owners may have changed) clears it; a new sort keeps it, as the same customers match.
import { SvelteMap } from 'svelte/reactivity';
import type { CustomerRow } from '../../bindings/CustomerRow';
import type { Filters } from '../../state/app.svelte';
import type { RowSource } from './rowSource.svelte';

/** What the selection keeps of a row. */
export type Picked = { id: string; name: string; owner: string };

export class Selection {
  /** Fetches under way for "select all" or a shift-click range over rows not loaded. */
  private pending = $state(0);
  private picked = new SvelteMap<string, Picked>();
  /** The index of the last row clicked: a shift-click selects from there. */
  private anchor: number | null = null;
  /** Bumped by clear(): a fetch started before it must not select anything after. */
  private token = 0;
  private matchKey: string | null = null;
  private version: number | null = null;

  constructor(private readonly source: RowSource) {}

  get busy(): boolean {
    return this.pending > 0;
  }

  get size(): number {
    return this.picked.size;
  }

  /** Every row matching the query is selected. */
  get all(): boolean {
    const total = this.source.total;
    return total !== null && total > 0 && this.picked.size >= total;
  }

  has(id: string): boolean {
    return this.picked.has(id);
  }

  items(): Picked[] {
    return [...this.picked.values()];
  }

  clear(): void {
    this.picked.clear();
    this.anchor = null;
    this.token += 1;
    this.pending = 0;
  }

  /** The list's query or data changed (called before the RowSource resets). */
  follow(filters: Filters, version: number): void {
    const { sort: _sort, descending: _descending, ...match } = filters;
    const key = JSON.stringify(match);
    if (key !== this.matchKey || version !== this.version) this.clear();
    this.matchKey = key;
    this.version = version;
    // Sorted anew, the indices point at other rows.
    this.anchor = null;
  }

  /** A row's checkbox clicked (or space on its row): toggles it; with shift, every row from
   *  the last one clicked to this one takes this one's new state. */
  async click(index: number, row: CustomerRow, shift: boolean): Promise<void> {
    const on = !this.picked.has(row.id);
    const anchor = this.anchor;
    this.put(row, on);
    this.anchor = index;
    if (!shift || anchor === null || anchor === index) return;
    const rows = await this.fetching(() => this.source.rowsIn(Math.min(anchor, index), Math.max(anchor, index)));
    for (const r of rows ?? []) this.put(r, on);
  }

  /** Header checkbox: every row matching the query (not only those loaded), or none when all
   *  are already selected. */
  async toggleAll(): Promise<void> {
    if (this.all) {
      this.clear();
      return;
    }
    const rows = await this.fetching(() => this.source.allRows());
    for (const r of rows ?? []) this.put(r, true);
  }

  private put(row: CustomerRow, on: boolean): void {
    if (on) this.picked.set(row.id, { id: row.id, name: row.name, owner: row.owner });
    else this.picked.delete(row.id);
  }

  private async fetching(job: () => Promise<CustomerRow[] | null>): Promise<CustomerRow[] | null> {
    const token = this.token;
    this.pending += 1;
    try {
      const rows = await job();
      return token === this.token ? rows : null;
    } finally {
      if (token === this.token) this.pending -= 1;
    }
  }
}
