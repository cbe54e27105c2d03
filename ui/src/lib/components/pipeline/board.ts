// The kanban's arithmetic, kept pure so it is tested without a layout engine: which cards of a
// column are in view, when to fetch more, and which column a dragged card is over.
import type { Stage } from '../../bindings/Stage';

/** Cards the board asks for per column, and per further page of a column. */
export const PER_COLUMN = 100;
/** A card's fixed height and the gap below it (px): the virtual list's slot is their sum. */
export const CARD_H = 112;
export const CARD_GAP = 8;
export const SLOT = CARD_H + CARD_GAP;
/** Cards rendered above and below the visible ones. */
export const OVERSCAN = 4;
/** Fetch more when the window comes this many cards from the loaded end. */
export const PREFETCH = 20;
/** Most cards one request asks for (the backend's own limit). */
export const MAX_FETCH = 1000;
/** A pointer must travel this far (px) before a press becomes a drag. */
export const DRAG_THRESHOLD = 5;

/** The indices [first, last) to render for a scroll position. */
export function visibleRange(scrollTop: number, viewport: number, total: number, overscan = OVERSCAN): [number, number] {
  const first = Math.max(0, Math.floor(scrollTop / SLOT) - overscan);
  const last = Math.min(total, Math.ceil((scrollTop + viewport) / SLOT) + overscan);
  return [Math.min(first, last), last];
}

/** How many more cards to fetch for a window ending at `last` (0: none needed). */
export function moreNeeded(last: number, loaded: number, total: number): number {
  if (loaded >= total || last + PREFETCH < loaded) return 0;
  return Math.min(total - loaded, MAX_FETCH, Math.max(PER_COLUMN, last + PREFETCH - loaded));
}

export interface Rect {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** The column under the point, or null when it is over none. */
export function columnAt(x: number, y: number, columns: { stage: Stage; rect: Rect }[]): Stage | null {
  for (const { stage, rect } of columns)
    if (x >= rect.left && x < rect.right && y >= rect.top && y < rect.bottom) return stage;
  return null;
}

/** Whether a press has moved far enough to be a drag. */
export function isDrag(dx: number, dy: number): boolean {
  return Math.hypot(dx, dy) >= DRAG_THRESHOLD;
}
