/**
 * The heatmap's realised-liquidation markers, kept up to date tick by tick: the sums per cell
 * (model/marker-cells.ts) of the shown result grow by the events added since the last read, and
 * by the held events after its old last candle when a recompute only added candles; they start
 * again only for a result of other candles or rows, or when the held events changed otherwise (a
 * new symbol). When the buffer trimmed its oldest at the memory limit, only the columns up to the
 * newest dropped event are summed again, from the held events in them.
 */
import type { HeatmapResult } from '../model/types.ts';
import { addToCells, cellLayout, emptyCells, extendsLayout, lastColumnFrom, layoutEnd, LONG, resummedThrough, SHORT, withinBudget, type CellLayout, type CellSums, type EventColumns, type MarkerCells } from '../model/marker-cells.ts';
import type { BufferCursor, LiquidationFeed } from '../live/liquidation-buffer.ts';
import { choiceKey, choiceSet, chosen, firstFrom, type ExchangeChoice, type Liquidation } from '../live/events.ts';

/**
 * Markers the heatmap shows at most: beyond this many, neighbouring candles merge, so the
 * markers stay readable and a live tick's redraw (and its hover's hit test) stays cheap.
 */
export const MARKER_BUDGET = 400;

/**
 * Events `from` to `to` (not included) as columns, in one plain loop: `TypedArray.from` with a
 * mapper walks an iterator per array, tens of ms on a full buffer's 100,000 events; and a range
 * of the held events is read where it is, not sliced out first.
 */
export function eventColumns(events: readonly Liquidation[], from = 0, to = events.length, exchanges: ExchangeChoice = null): EventColumns {
  const set = choiceSet(exchanges);
  let n = Math.max(0, to - from);
  if (set) {
    n = 0;
    for (let i = from; i < to; i++) if (chosen(set, events[i].exchange)) n++;
  }
  const time = new Float64Array(n);
  const price = new Float64Array(n);
  const usd = new Float64Array(n);
  const side = new Uint8Array(n);
  for (let i = from, k = 0; i < to && k < n; i++) {
    const e = events[i];
    if (!chosen(set, e.exchange)) continue;
    time[k] = e.time;
    price[k] = e.price;
    usd[k] = e.usd;
    side[k++] = e.side === 'short' ? SHORT : LONG;
  }
  return { time, price, usd, side };
}

export class HeatmapMarkers {
  private result: HeatmapResult | null = null;
  private layout: CellLayout | null = null;
  private cells: CellSums = emptyCells();
  private cursor: BufferCursor | null = null;
  private drawn: MarkerCells | null = null;
  private budget = MARKER_BUDGET;
  private exchanges: ExchangeChoice = null;

  /** The markers of `result` (of the chosen exchanges' events) with what `feed` added since the last read; the same object when nothing changed. */
  read(result: HeatmapResult, feed: LiquidationFeed, budget = MARKER_BUDGET, exchanges: ExchangeChoice = null): MarkerCells {
    // Another choice of exchanges starts again, as another result does.
    const sameChoice = choiceKey(exchanges) === choiceKey(this.exchanges);
    this.exchanges = exchanges;
    const same = sameChoice && result === this.result;
    const next = same ? this.layout! : cellLayout(result);
    // A recompute that only added candles after the last (a live tick) keeps the sums.
    const grown = sameChoice && !same && this.layout !== null && extendsLayout(next, this.layout);
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
    let added = 0;
    let events = changes.events;
    if (!restart && changes.droppedThrough !== null) {
      // Trimmed: the columns up to the newest dropped event are summed again from what is held
      // in them (new events there included); only the new events after them are added below.
      const { times, candleMs } = this.layout!;
      const last = lastColumnFrom(times, changes.droppedThrough);
      if (last >= 0) {
        const end = times[last] + candleMs;
        const { held } = changes;
        this.cells = resummedThrough(this.cells, this.layout!, last, eventColumns(held, firstFrom(held, times[0]), firstFrom(held, end), exchanges));
        events = events.filter((e) => e.time >= end);
        this.drawn = null;
      }
    }
    if (events.length) added += addToCells(this.cells, this.layout!, eventColumns(events, 0, events.length, exchanges));
    if (grown && !restart) {
      const { held } = changes;
      const [from, to] = [firstFrom(held, layoutEnd(this.layout!)), firstFrom(held, layoutEnd(next))];
      this.layout = next;
      if (to > from) added += addToCells(this.cells, next, eventColumns(held, from, to, exchanges));
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
