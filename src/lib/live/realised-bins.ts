/**
 * USD liquidated per price bin (the map's bars beside the predicted volume), kept up to date
 * from the buffer's additions instead of summed again over every held event on each update.
 * The sums are kept per hour: an hour's sum adds its events in time order (the buffer's order),
 * and a bin's total adds its hours' sums oldest first. A fresh sum (`realisedByBin`) follows the
 * same rule, so a kept sum equals it exactly: an event that comes before one already summed in
 * its hour, and the hours a trim dropped events from (as the heatmap's markers do with their
 * candles), are summed again from the held events of those hours only.
 */
import { binFloor } from '../model/price-grid.ts';
import { choiceKey, choiceSet, chosen, firstFrom, type ExchangeChoice, type ExchangeId, type Liquidation } from './events.ts';
import type { BufferCursor, LiquidationFeed } from './liquidation-buffer.ts';

const HOUR = 3_600_000;

export interface RealisedBins {
  /** Bin floors, ascending. */
  priceBin: Float64Array;
  long: Float64Array;
  short: Float64Array;
}

/** One hour's sums per bin, and the time of the newest event summed (a later one appends, an earlier one re-sums the hour). */
interface HourSums {
  newest: number;
  bins: Map<number, { long: number; short: number }>;
}

const hourOf = (time: number) => time - (time % HOUR);

/** Sums per hour of the events with from <= time <= to, of the chosen exchanges. */
class HourlySums {
  readonly hours = new Map<number, HourSums>();
  private readonly set: ReadonlySet<ExchangeId> | null;
  constructor(
    readonly step: number,
    readonly from: number,
    readonly to: number,
    readonly exchanges: ExchangeChoice = null,
  ) {
    this.set = choiceSet(exchanges);
  }

  /** Whether `e` is summed: in the window, of a chosen exchange. */
  takes(e: Liquidation): boolean {
    return e.time >= this.from && e.time <= this.to && chosen(this.set, e.exchange);
  }

  /** Adds `e` (in the window, not before the newest of its hour). */
  add(e: Liquidation): void {
    const hour = hourOf(e.time);
    let h = this.hours.get(hour);
    if (!h) this.hours.set(hour, (h = { newest: -Infinity, bins: new Map() }));
    h.newest = e.time;
    const bin = binFloor(e.price, this.step);
    let b = h.bins.get(bin);
    if (!b) h.bins.set(bin, (b = { long: 0, short: 0 }));
    b[e.side] += e.usd;
  }

  /** Adds the events in the window of `events` `from` to `to` (not included), oldest first: read where they are, not sliced out. */
  addAll(events: readonly Liquidation[], from = 0, to = events.length): void {
    for (let i = from; i < to; i++) if (this.takes(events[i])) this.add(events[i]);
  }

  /** Each bin's hours' sums, oldest hour first. */
  totals(): RealisedBins {
    const totals = new Map<number, { long: number; short: number }>();
    for (const hour of [...this.hours.keys()].sort((a, b) => a - b)) {
      for (const [bin, s] of this.hours.get(hour)!.bins) {
        const t = totals.get(bin);
        if (!t) totals.set(bin, { long: s.long, short: s.short });
        else {
          t.long += s.long;
          t.short += s.short;
        }
      }
    }
    const keys = [...totals.keys()].sort((a, b) => a - b);
    return {
      priceBin: Float64Array.from(keys),
      long: Float64Array.from(keys, (k) => totals.get(k)!.long),
      short: Float64Array.from(keys, (k) => totals.get(k)!.short),
    };
  }
}

/** USD liquidated per price bin (exact decimal bins), for events with from <= time <= to of the chosen exchanges; `events` oldest first. */
export function realisedByBin(events: readonly Liquidation[], step: number, from = -Infinity, to = Infinity, exchanges: ExchangeChoice = null): RealisedBins {
  const sums = new HourlySums(step, from, to, exchanges);
  sums.addAll(events);
  return sums.totals();
}

/** The map's realised bins, kept from read to read: each read sums only what the feed added since. */
export class RealisedSums {
  private sums: HourlySums | null = null;
  private cursor: BufferCursor | null = null;
  private drawn: RealisedBins | null = null;

  /** The bins of the held events in [from, to] of the chosen exchanges; the same object while nothing in them changed. */
  read(feed: LiquidationFeed, step: number, from: number, to: number, exchanges: ExchangeChoice = null): RealisedBins {
    const same = this.sums !== null && this.sums.step === step && this.sums.from === from && this.sums.to === to
      && choiceKey(this.sums.exchanges) === choiceKey(exchanges);
    const changes = feed(same ? this.cursor : null);
    this.cursor = changes.cursor;
    if (!same || changes.whole || !this.sums) {
      this.sums = new HourlySums(step, from, to, exchanges);
      this.sums.addAll(changes.held);
      return (this.drawn = this.sums.totals());
    }
    const sums = this.sums;
    const { held } = changes;
    let changed = false;
    // Trimmed: the hours up to the newest dropped event's are summed again from what is held in
    // them (new events there included, dropped ones left out); only later new events are added.
    const end = changes.droppedThrough === null ? -Infinity : hourOf(changes.droppedThrough) + HOUR;
    if (changes.droppedThrough !== null) {
      for (const hour of [...sums.hours.keys()]) if (hour < end) sums.hours.delete(hour);
      sums.addAll(held, 0, firstFrom(held, end));
      changed = true;
    }
    // Hours where a new event comes before one already summed: summed again from what is held.
    const again = new Set<number>();
    const newest = new Map<number, number>();
    for (const e of changes.events) {
      if (e.time < end || !sums.takes(e)) continue;
      const hour = hourOf(e.time);
      if (e.time < (newest.get(hour) ?? sums.hours.get(hour)?.newest ?? -Infinity)) again.add(hour);
      else newest.set(hour, e.time);
    }
    for (const hour of again) {
      sums.hours.delete(hour);
      sums.addAll(held, firstFrom(held, hour), firstFrom(held, hour + HOUR));
    }
    for (const e of changes.events) {
      if (e.time < end || !sums.takes(e) || again.has(hourOf(e.time))) continue;
      sums.add(e);
      changed = true;
    }
    if (again.size) changed = true;
    if (changed || !this.drawn) this.drawn = sums.totals();
    return this.drawn;
  }
}
