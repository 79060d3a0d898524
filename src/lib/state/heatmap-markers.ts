/**
 * The heatmap's realised-liquidation markers, kept up to date tick by tick: the sums per cell
 * (model/marker-cells.ts) of the shown result grow by the events added since the last read, and
 * by the held events after its old last candle when a recompute only added candles; they start
 * again only for a result of other candles or rows, or when the held events changed otherwise (a
 * new symbol, a batch dropped at the memory limit).
 */
import type { HeatmapResult } from '../model/types.ts';
import { addToCells, cellLayout, emptyCells, extendsLayout, layoutEnd, LONG, SHORT, withinBudget, type CellLayout, type CellSums, type EventColumns, type MarkerCells } from '../model/marker-cells.ts';
import type { BufferChanges, BufferCursor } from '../live/liquidation-buffer.ts';
import { firstFrom, type Liquidation } from '../live/events.ts';

/**
 * Markers the heatmap shows at most: beyond this many, neighbouring candles merge, so the
 * markers stay readable and a live tick's redraw (and its hover's hit test) stays cheap.
 */
export const MARKER_BUDGET = 400;

/** Reads the held liquidations: all of them, or only those added since the cursor. */
export type LiquidationFeed = (cursor: BufferCursor | null) => BufferChanges;

export function eventColumns(events: readonly Liquidation[]): EventColumns {
  return {
    time: Float64Array.from(events, (e) => e.time),
    price: Float64Array.from(events, (e) => e.price),
    usd: Float64Array.from(events, (e) => e.usd),
    side: Uint8Array.from(events, (e) => (e.side === 'short' ? SHORT : LONG)),
  };
}

export class HeatmapMarkers {
  private result: HeatmapResult | null = null;
  private layout: CellLayout | null = null;
  private cells: CellSums = emptyCells();
  private cursor: BufferCursor | null = null;
  private drawn: MarkerCells | null = null;
  private budget = MARKER_BUDGET;

  /** The markers of `result` with what `feed` added since the last read; the same object when nothing changed. */
  read(result: HeatmapResult, feed: LiquidationFeed, budget = MARKER_BUDGET): MarkerCells {
    const same = result === this.result;
    const next = same ? this.layout! : cellLayout(result);
    // A recompute that only added candles after the last (a live tick) keeps the sums.
    const grown = !same && this.layout !== null && extendsLayout(next, this.layout);
    const changes = feed(same || grown ? this.cursor : null);
    const restart = changes.whole || (!same && !grown);
    if (restart) {
      this.layout = next;
      this.cells = emptyCells();
      this.drawn = null;
    }
    this.result = result;
    this.cursor = changes.cursor;
    // The new events on the cells they were read for; then, for a grown layout, the held events
    // in its added candles (the new ones among them were left out just above).
    let added = changes.events.length ? addToCells(this.cells, this.layout!, eventColumns(changes.events)) : 0;
    if (grown && !restart) {
      const { held } = changes;
      const later = held.slice(firstFrom(held, layoutEnd(this.layout!)), firstFrom(held, layoutEnd(next)));
      this.layout = next;
      if (later.length) added += addToCells(this.cells, next, eventColumns(later));
    }
    if (!this.drawn || added > 0 || grown || budget !== this.budget) {
      // The cells only grew since the last draw: the span that fitted them then is the least that can fit now.
      const from = this.drawn && budget === this.budget ? this.drawn.span : 1;
      this.drawn = withinBudget(this.cells, result.times.length, budget, from);
      this.budget = budget;
    }
    return this.drawn;
  }
}
