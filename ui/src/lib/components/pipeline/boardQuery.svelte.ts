// The board's filters, kept per app so they survive a visit to a customer and back.
import type { BoardQuery } from '../../bindings/BoardQuery';
import type { AppState } from '../../state/app.svelte';

const saved = new WeakMap<AppState, BoardQuery>();

export function emptyBoardQuery(): BoardQuery {
  return { owners: [], tagIds: [], categories: [], sources: [] };
}

/** The app's board filters (reactive; created empty on first use). */
export function boardQuery(app: AppState): BoardQuery {
  let q = saved.get(app);
  if (!q) {
    const fresh = $state<BoardQuery>(emptyBoardQuery());
    q = fresh;
    saved.set(app, q);
  }
  return q;
}
