/**
 * The live partial profile enters the models here, in the worker: an exchange's trade
 * aggregates are binned with that exchange's own profile step and put in its profile table as
 * month 'live' (volume rows after its last profile hour, 5-minute candles after its last
 * profile candle), replacing its previous live rows of the symbol at once. The models then read
 * them like any profile month of that exchange, so Binance + Bybit sums each one's own rows.
 * Without a loaded volume profile of the exchange there is nothing to extend.
 */
import type { ProfileTable } from '../data/profile-table.ts';
import { binFloor } from '../model/price-grid.ts';
import { codedColumn, type OhlcColumns, type VolumeColumns } from '../model/profile-data.ts';
import type { LiveRows } from '../live/live-trades.ts';
import type { ExchangeId } from '../live/events.ts';
import { DEFAULT_EXCHANGE } from '../data/profile-schema.ts';

export { LIVE_MONTH } from '../model/profile-data.ts';

export interface LiveLoad {
  /** Volume rows and candles now loaded as month 'live'. */
  volumeRows: number;
  candles: number;
  /** The profile's last hour: every live row is after it (NaN when nothing was loaded). */
  afterHour: number;
}

const maxOf = (xs: number[]) => (xs.length ? Math.max(...xs) : NaN);

/** Live volume rows after `lastHour`, binned on `step` and summed per (hour, bin, side, size bucket), in (hour, bin) order. */
function liveVolume(v: LiveRows['volume'], step: number, lastHour: number): VolumeColumns {
  const cells = new Map<string, number[]>();
  for (let i = 0; i < v.hour.length; i++) {
    if (!(v.hour[i] > lastHour) || !(v.price[i] > 0)) continue;
    const bin = binFloor(v.price[i], step);
    const key = `${v.hour[i]}|${bin}|${v.side[i]}|${v.sizeMin[i]}`;
    const c = cells.get(key) ?? [v.hour[i], bin, v.side[i], v.sizeMin[i], 0];
    c[4] += v.notional[i];
    cells.set(key, c);
  }
  const list = [...cells.values()].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const col = (j: number) => Float64Array.from(list, (c) => c[j]);
  return { hour: codedColumn(col(0)), priceBin: codedColumn(col(1)), side: Uint8Array.from(list, (c) => c[2]), sizeMin: codedColumn(col(3)), notional: col(4) };
}

/** Live candles after `lastCandle`, in time order. */
function liveCandles(k: LiveRows['candles'], lastCandle: number): OhlcColumns {
  const keep = Array.from(k.time, (_, i) => i).filter((i) => !(Number.isFinite(lastCandle) && k.time[i] <= lastCandle)).sort((a, b) => k.time[a] - k.time[b]);
  const pick = (a: Float64Array) => Float64Array.from(keep, (i) => a[i]);
  return { time: pick(k.time), open: pick(k.open), high: pick(k.high), low: pick(k.low), close: pick(k.close) };
}

export function loadLiveRows(table: ProfileTable, symbol: string, rows: LiveRows, exchange: ExchangeId = DEFAULT_EXCHANGE): LiveLoad {
  const volume = table.list(symbol, 'volume', exchange);
  const step = maxOf(volume.flatMap((f) => (f.priceStep === null ? [] : [f.priceStep])));
  const lastHour = maxOf(volume.map((f) => f.lastTime));
  const lastCandle = maxOf(table.list(symbol, 'candles', exchange).map((f) => f.lastTime));
  if (!(step > 0) || !Number.isFinite(lastHour)) return { volumeRows: 0, candles: 0, afterHour: NaN };
  const v = liveVolume(rows.volume, step, lastHour);
  const k = liveCandles(rows.candles, lastCandle);
  const volumeRows = v.notional.length;
  table.setLive(symbol, volumeRows ? v : null, k.time.length ? k : null, exchange);
  return { volumeRows, candles: k.time.length, afterHour: lastHour };
}
