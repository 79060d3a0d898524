/**
 * The month's aggregates, filled one trade at a time: volume by hour x price bin x side x size
 * bucket, and 5-minute candles. Memory is bounded by the profile's own size (a few hundred
 * thousand groups for a BTC month), never by the number of trades.
 */
import { cleanDecimal, binIndex } from '../model/price-grid.ts';
import { SIZE_EDGES, type CandleColumns } from '../data/profile-schema.ts';
import { monthBounds } from '../archive/names.ts';
import { SlotTable } from './slot-table.ts';
import { doubled } from '../typed-arrays.ts';

export const CANDLE_MS = 300_000;
const HOUR_MS = 3_600_000;
const SIZES = SIZE_EDGES.length;
/** Hours in the longest month: the hour's place in a group key. */
const HOURS = 744;
/** Bins the current-hour slot cache spans at most (x 2 sides x sizes entries, two Int32Arrays: 6 MB). */
const CACHE_BINS = 1 << 16;

export interface VolumeColumns {
  hour: Float64Array;
  price_bin: Float64Array;
  side: string[];
  size_min: Float64Array;
  notional: Float64Array;
  quantity: Float64Array;
  trades: Float64Array;
}


/** Indexes 0 .. n-1 ordered by `keys` (whole numbers below 2^32), equal keys in index order: three 11-bit radix passes. */
function radixOrder(keys: Uint32Array): Uint32Array {
  const n = keys.length;
  let from = new Uint32Array(n).map((_, i) => i);
  let to = new Uint32Array(n);
  const counts = new Uint32Array(2048);
  for (let shift = 0; shift < 33; shift += 11) {
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[(keys[i] >>> shift) & 2047]++;
    for (let d = 0, at = 0; d < 2048; d++) {
      const c = counts[d];
      counts[d] = at;
      at += c;
    }
    for (let i = 0; i < n; i++) {
      const s = from[i];
      to[counts[(keys[s] >>> shift) & 2047]++] = s;
    }
    [from, to] = [to, from];
  }
  return from;
}

/** As DuckDB's round(x, digits) on the builder's sums. */
const round = (x: number, scale: number) => Math.round(x * scale) / scale;

export class TradeGroups {
  readonly start: number;
  private readonly slots = new SlotTable();
  private notional = new Float64Array(1 << 14);
  private quantity = new Float64Array(1 << 14);
  private count = new Float64Array(1 << 14);
  private used = 0;
  /**
   * The slots of the current hour's groups, indexed densely by (bin - cacheBin, side, size): a
   * trade's group is found without hashing its key (trades arrive in time order, so an hour's
   * groups are looked up many times in a row). An entry is valid when its stamp is the trade's
   * hour + 1, so a new hour needs no clearing; anything outside the cache goes to the slot table.
   */
  private cacheSlot = new Int32Array(0);
  private cacheStamp = new Int32Array(0);
  private cacheBin = 0;
  private cacheBins = 0;
  /** add()'s numbers on their way to addTrade(). */
  private readonly trade = new Float64Array(4);
  private readonly candle: { [k in 'open' | 'high' | 'low' | 'close' | 'volume' | 'quote' | 'buyQuote' | 'trades' | 'firstId' | 'lastId']: Float64Array };

  constructor(month: string, readonly step: number) {
    const [start, end] = monthBounds(month);
    this.start = start;
    const n = (end - start) / CANDLE_MS;
    const f = (v = 0) => new Float64Array(n).fill(v);
    this.candle = {
      open: f(), high: f(-Infinity), low: f(Infinity), close: f(), volume: f(), quote: f(), buyQuote: f(), trades: f(),
      firstId: f(Infinity), lastId: f(-Infinity),
    };
  }

  /** One valid trade (price and quantity > 0, time inside the month). */
  add(id: number, price: number, quantity: number, time: number, sell: boolean): void {
    const t = this.trade;
    t[0] = id;
    t[1] = price;
    t[2] = quantity;
    t[3] = time;
    this.addTrade(t, sell);
  }

  /**
   * add() with the trade's numbers in `t` (id, price, quantity, time): numbers handed over in a
   * typed array stay unboxed, where doubles passed as arguments to a call that is not inlined
   * are each a new heap object (four per trade, 20 M a BTC month, collected again and again).
   */
  addTrade(t: Float64Array, sell: boolean): void {
    const id = t[0];
    const price = t[1];
    const quantity = t[2];
    const n = price * quantity;
    let size = 0;
    while (size < SIZES - 1 && n >= SIZE_EDGES[size + 1]) size++;
    const offset = t[3] - this.start;
    const hour = Math.floor(offset / HOUR_MS);
    const bin = binIndex(price, this.step);
    let at = bin - this.cacheBin;
    if (at < 0 || at >= this.cacheBins) at = this.recache(bin);
    let slot: number;
    if (at < 0) slot = this.slotOf(bin, hour, sell, size);
    else {
      const j = (at * 2 + (sell ? 1 : 0)) * SIZES + size;
      if (this.cacheStamp[j] === hour + 1) slot = this.cacheSlot[j];
      else {
        slot = this.slotOf(bin, hour, sell, size);
        this.cacheSlot[j] = slot;
        this.cacheStamp[j] = hour + 1;
      }
    }
    this.notional[slot] += n;
    this.quantity[slot] += quantity;
    this.count[slot] += 1;

    const c = Math.floor(offset / CANDLE_MS);
    const k = this.candle;
    if (id < k.firstId[c]) { k.firstId[c] = id; k.open[c] = price; }
    if (id > k.lastId[c]) { k.lastId[c] = id; k.close[c] = price; }
    if (price > k.high[c]) k.high[c] = price;
    if (price < k.low[c]) k.low[c] = price;
    k.volume[c] += quantity;
    k.quote[c] += n;
    if (!sell) k.buyQuote[c] += n;
    k.trades[c] += 1;
  }

  /** The group's slot, from the table (a new one when the group is new). */
  private slotOf(bin: number, hour: number, sell: boolean, size: number): number {
    const slot = this.slots.slot(((bin * HOURS + hour) * 2 + (sell ? 1 : 0)) * SIZES + size);
    if (slot === this.used) this.grow();
    return slot;
  }

  /** Widens the cache to hold `bin` (entries start invalid); its index there, or -1 past CACHE_BINS. */
  private recache(bin: number): number {
    const from = this.cacheBins ? Math.min(this.cacheBin, bin - 256) : bin - 1024;
    const to = this.cacheBins ? Math.max(this.cacheBin + this.cacheBins, bin + 256) : bin + 1024;
    if (to - from > CACHE_BINS) return -1;
    this.cacheBin = from;
    this.cacheBins = to - from;
    this.cacheSlot = new Int32Array(this.cacheBins * 2 * SIZES);
    this.cacheStamp = new Int32Array(this.cacheBins * 2 * SIZES);
    return bin - from;
  }

  private grow(): number {
    if (this.used === this.notional.length) {
      this.notional = doubled(this.notional);
      this.quantity = doubled(this.quantity);
      this.count = doubled(this.count);
    }
    return this.used++;
  }

  /** Volume rows ordered by hour, price_bin, side, size_min (the builder's order). */
  volume(): VolumeColumns {
    // Group keys are bin-major; re-key hour-major and sort the numbers natively (no row objects).
    // A key is (bin, hour, side, size) packed as ((bin * HOURS + hour) * 2 + sell) * SIZES + size.
    const n = this.slots.size;
    const low = new Float64Array(n);
    const bins = new Float64Array(n);
    let minBin = Infinity;
    let maxBin = -Infinity;
    for (let s = 0; s < n; s++) {
      const key = this.slots.keyOf(s);
      const lowKey = key % (HOURS * 2 * SIZES);
      const bin = (key - lowKey) / (HOURS * 2 * SIZES);
      low[s] = lowKey;
      bins[s] = bin;
      if (bin < minBin) minBin = bin;
      if (bin > maxBin) maxBin = bin;
    }
    const span = maxBin - minBin + 1;
    const order = new Float64Array(n);
    for (let s = 0; s < n; s++) {
      const sideSize = low[s] % (2 * SIZES);
      const hour = (low[s] - sideSize) / (2 * SIZES);
      order[s] = (hour * span + (bins[s] - minBin)) * 2 * SIZES + sideSize;
    }
    // Keys below 2^32 (a month's bins span under ~480k) by a radix sort; else the sort key with
    // the slot in its low digits when that is an exact double (a sorted row names its slot
    // without a lookup); else the slots sorted by their keys.
    const keys = HOURS * span * 2 * SIZES;
    const radix = keys <= 2 ** 32;
    const packed = !radix && keys * n <= Number.MAX_SAFE_INTEGER;
    let slots: Float64Array | Uint32Array;
    if (radix) slots = radixOrder(Uint32Array.from(order));
    else if (packed) {
      for (let s = 0; s < n; s++) order[s] = order[s] * n + s;
      slots = order.sort();
    } else slots = new Uint32Array(n).map((_, s) => s).sort((x, y) => order[x] - order[y]);
    const out: VolumeColumns = {
      hour: new Float64Array(n), price_bin: new Float64Array(n), side: new Array<string>(n), size_min: new Float64Array(n),
      notional: new Float64Array(n), quantity: new Float64Array(n), trades: new Float64Array(n),
    };
    // Each bin's edge once (a bin recurs in many hours; cleanDecimal formats a string). NaN: not yet made.
    const edges = span <= 1 << 22 ? new Float64Array(span).fill(Number.NaN) : null;
    for (let r = 0; r < n; r++) {
      const slot = packed ? slots[r] % n : slots[r];
      const sideSize = low[slot] % (2 * SIZES);
      const size = sideSize % SIZES;
      const at = bins[slot] - minBin;
      out.hour[r] = this.start + ((low[slot] - sideSize) / (2 * SIZES)) * HOUR_MS;
      let edge = edges ? edges[at] : Number.NaN;
      if (edge !== edge) {
        edge = cleanDecimal(bins[slot] * this.step);
        if (edges) edges[at] = edge;
      }
      out.price_bin[r] = edge;
      out.side[r] = sideSize >= SIZES ? 'sell' : 'buy';
      out.size_min[r] = SIZE_EDGES[size];
      out.notional[r] = round(this.notional[slot], 1e6);
      out.quantity[r] = round(this.quantity[slot], 1e9);
      out.trades[r] = this.count[slot];
    }
    return out;
  }

  /** 5-minute candles, those with trades only. */
  candles(): CandleColumns {
    const k = this.candle;
    let rows = 0;
    for (let i = 0; i < k.trades.length; i++) if (k.trades[i] > 0) rows++;
    const idx = new Uint32Array(rows);
    for (let i = 0, r = 0; i < k.trades.length; i++) if (k.trades[i] > 0) idx[r++] = i;
    const pick = (a: Float64Array, scale = 0) => {
      const out = new Float64Array(rows);
      for (let r = 0; r < rows; r++) out[r] = scale ? round(a[idx[r]], scale) : a[idx[r]];
      return out;
    };
    const time = new Float64Array(rows);
    for (let r = 0; r < rows; r++) time[r] = this.start + idx[r] * CANDLE_MS;
    return {
      time, open: pick(k.open), high: pick(k.high), low: pick(k.low), close: pick(k.close),
      volume: pick(k.volume, 1e9), quote_volume: pick(k.quote, 1e6), taker_buy_quote_volume: pick(k.buyQuote, 1e6),
      trades: pick(k.trades),
    };
  }
}
