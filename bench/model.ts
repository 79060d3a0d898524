/**
 * Model benchmark: a synthetic BTC-sized year in the engine's profile table (about 260k volume
 * rows a month, 5-minute candles and OI), then warm timings of computeMap and computeHeatmap;
 * and the same sized year for Bybit beside it: the recompute of Binance + Bybit against
 * Binance's alone (goal: the aggregate within 2x one exchange's).
 * Run alone: npx tsx bench/model.ts (prints figures, writes bench/results/model.json).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { ProfileTable, type LoadedProfile } from '../src/lib/data/profile-table.ts';
import { SIZE_EDGES } from '../src/lib/data/profile-schema.ts';
import { codedColumn } from '../src/lib/model/profile-data.ts';
import { computeHeatmap } from '../src/lib/model/heatmap.ts';
import { computeMap } from '../src/lib/model/map.ts';
import { DEFAULT_TIERS } from '../src/lib/model/tiers.ts';
import type { ExchangeId, HeatmapParams, MapParams } from '../src/lib/model/types.ts';
import { computeHeatmapAcross, computeMapAcross } from '../src/lib/model/exchanges.ts';
import { quantile } from './stats.ts';

const MONTHS = 12;
const YEAR = 2025;
const HOUR = 3_600_000;
const FIVE = 300_000;

/** Price path shared by volume and candles: 90k-100k with slow and fast waves. */
const price = (ms: number) => 95000 + 4000 * Math.sin(ms / 3.6e6 / 97) + 900 * Math.sin(ms / 3.6e6 / 7);

/** A seeded generator (mulberry32), so every run times the same rows. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function synthesise(table: ProfileTable, exchange: ExchangeId = 'binance', seed = 42): void {
  const rnd = random(seed);
  for (let m = 0; m < MONTHS; m++) {
    const start = Date.UTC(YEAR, m, 1);
    const end = Date.UTC(YEAR, m + 1, 1);
    const month = new Date(start).toISOString().slice(0, 7);
    const facts = (kind: LoadedProfile['kind'], rows: number, last: number): LoadedProfile => ({
      exchange, symbol: 'BTCUSDT', month, kind, rows, source: 'upload', sha256: null, synthetic: true, priceStep: kind === 'volume' ? 10 : null, firstTime: start, lastTime: last,
    });
    // 30 fine bins ($10) around the hour's price x 2 sides x 6 size buckets, in (hour, bin) order.
    const n = ((end - start) / HOUR) * 30 * 2 * SIZE_EDGES.length;
    const v = { hour: new Float64Array(n), priceBin: new Float64Array(n), side: new Uint8Array(n), sizeMin: new Float64Array(n), notional: new Float64Array(n) };
    let i = 0;
    for (let h = start; h < end; h += HOUR) {
      for (let b = 0; b < 30; b++) {
        for (let side = 0; side < 2; side++) {
          for (const size of SIZE_EDGES) {
            v.hour[i] = h;
            v.priceBin[i] = Math.floor(price(h) / 10) * 10 + (b - 15) * 10;
            v.side[i] = side;
            v.sizeMin[i] = size;
            v.notional[i++] = (rnd() * 2e7) / (1 + size / 1e5);
          }
        }
      }
    }
    table.put(facts('volume', n, end - HOUR), { ...v, hour: codedColumn(v.hour), priceBin: codedColumn(v.priceBin), sizeMin: codedColumn(v.sizeMin) });
    const times = Float64Array.from({ length: (end - start) / FIVE }, (_, k) => start + k * FIVE);
    const mid = times.map(price);
    table.put(facts('candles', times.length, end - FIVE), { time: times, open: mid, high: mid.map((p) => p + 60), low: mid.map((p) => p - 60), close: times.map((t) => price(t + FIVE)) });
    const usd = times.map((t) => 8e9 + 5e8 * Math.sin(t / 3.6e6 / 13) + rnd() * 5e7);
    table.put(facts('oi', times.length, end - FIVE), { time: times, contracts: usd.map((u) => u / 95_000), usd });
  }
}

async function medianMs(runs: number, f: () => unknown): Promise<number> {
  await f(); // warm
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await f();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return Math.round(times[Math.floor(runs / 2)] * 10) / 10;
}

export const MAP: MapParams = {
  symbol: 'BTCUSDT',
  model: 'oi',
  windowDays: 30,
  step: 500,
  whaleThreshold: 500_000,
  split: 'taker',
  formula: 'exact',
  tiers: DEFAULT_TIERS.map((t) => ({ ...t })),
  mmr: 0.004,
  oiUsd: 8e9,
  markPrice: 95_000,
};

export const HEAT: HeatmapParams = {
  symbol: 'BTCUSDT',
  rangeDays: 90,
  candleMinutes: 720,
  whaleThreshold: 500_000,
  split: 'taker',
  formula: 'exact',
  tiers: MAP.tiers,
  mmr: 0.004,
  oiUsd: 8e9,
};

/**
 * Detaches one ArrayBuffer, as the engine worker does with its first result (workers/engine-api.ts
 * transfers the result's arrays out): from then on V8 checks every typed-array access of the
 * process for detachment (its ArrayBufferDetaching protector is dropped for good), so the model is
 * timed as it runs in the app, whatever this process loaded before (docs/models.md).
 */
function detachLikeTheEngine(): void {
  const b = new ArrayBuffer(8);
  structuredClone(b, { transfer: [b] });
}

export async function benchModel(): Promise<Record<string, number | string>> {
  detachLikeTheEngine();
  const table = new ProfileTable();
  const t0 = performance.now();
  synthesise(table);
  const db = () => table.symbol('BTCUSDT');
  const rows = db().volume.reduce((s, m) => s + m.columns.notional.length, 0);
  const out: Record<string, number | string> = {
    volumeRows: rows,
    volumeRowsPerMonth: Math.round(rows / MONTHS),
    synthesiseMs: Math.round(performance.now() - t0),
  };
  // The first compute after a load fills the whale rows and day sums (one scan of the symbol's volume rows).
  let t = performance.now();
  await computeMap(db(), MAP);
  out.mapFirstAfterLoadMs = Math.round(performance.now() - t);
  out.map30dMs = await medianMs(7, () => computeMap(db(), MAP));
  out.map7dMs = await medianMs(7, () => computeMap(db(), { ...MAP, windowDays: 7, step: 200 }));
  out.map30dTradesMs = await medianMs(7, () => computeMap(db(), { ...MAP, model: 'trades' }));
  out.map365dMs = await medianMs(5, () => computeMap(db(), { ...MAP, windowDays: 365, step: 1500 }));
  // A change of window or step aggregates the kept day sums anew (the map drawn on a window change).
  let flip = false;
  out.mapWindowChangeMs = await medianMs(7, () => computeMap(db(), (flip = !flip) ? { ...MAP, windowDays: 365, step: 1500 } : MAP));
  t = performance.now();
  await computeHeatmap(db(), { ...HEAT, whaleThreshold: 1_000_000 });
  out.heatmapNewThresholdMs = Math.round(performance.now() - t);
  out.heatmap90d12hMs = await medianMs(3, () => computeHeatmap(db(), HEAT));
  out.heatmap90d1hMs = await medianMs(3, () => computeHeatmap(db(), { ...HEAT, candleMinutes: 60 }));
  out.heatmap365d1dMs = await medianMs(3, () => computeHeatmap(db(), { ...HEAT, rangeDays: 365, candleMinutes: 1440 }));
  const h = await computeHeatmap(db(), { ...HEAT, rangeDays: 365, candleMinutes: 1440 });
  out.heatmap365dShape = `${h.times.length} x ${h.priceBins.length} (step ${h.step}, OI ${h.inputs.oiSource})`;
  Object.assign(out, await benchAcross(table));
  // Timings on a shared machine mean little without its load.
  out.loadAverage1m = Math.round(loadavg()[0] * 10) / 10;
  out.cpus = cpus().length;
  return out;
}

/**
 * Binance + Bybit (same sized years) against Binance alone, as the views run them: the alone
 * figure is the Binance-only path (computeMap / computeHeatmap), the aggregate the
 * several-exchange one (Bybit alone timed after each pair, reported beside it). Interleaved in
 * pairs, the ratio taken per pair (median and p95), and
 * in CPU time of this process (a shared machine's waits for a core left out), so the ratio
 * holds on a loaded machine.
 */
async function benchAcross(table: ProfileTable): Promise<Record<string, number>> {
  synthesise(table, 'bybit', 7);
  const dataOf = (x: ExchangeId) => table.symbol('BTCUSDT', x);
  const both = [{ id: 'binance' as const, oiUsd: 8e9, markPrice: 95_000 }, { id: 'bybit' as const, oiUsd: 4e9, markPrice: 95_020 }];
  const heat: HeatmapParams = { ...HEAT, candleMinutes: 60 };
  await computeMapAcross(dataOf, { ...MAP, exchanges: both }); // Bybit's first compute fills its whale rows
  await computeHeatmapAcross(dataOf, { ...heat, exchanges: both });
  // Per pair: Binance alone, the sum, and Bybit alone (timed beside them, not in the ratio: it shows the sum is not dearer for a heavier Bybit).
  const pairs = {
    map30d: [() => computeMap(dataOf('binance'), MAP), () => computeMapAcross(dataOf, { ...MAP, exchanges: both }), () => computeMap(dataOf('bybit'), { ...MAP, oiUsd: both[1].oiUsd, markPrice: both[1].markPrice })],
    heatmap90d1h: [() => computeHeatmap(dataOf('binance'), heat), () => computeHeatmapAcross(dataOf, { ...heat, exchanges: both }), () => computeHeatmap(dataOf('bybit'), { ...heat, oiUsd: both[1].oiUsd })],
  } as const;
  // A fair pair: Bybit's synthetic year is the same size as Binance's (rows per kind), so the ratio needs no normalising.
  const rowsOf = (x: ExchangeId) => dataOf(x).volume.reduce((s, m) => s + m.columns.notional.length, 0);
  const out: Record<string, number> = { bybitToBinanceVolumeRows: Math.round((rowsOf('bybit') / rowsOf('binance')) * 100) / 100 };
  for (const [name, [alone, summed, bybit]] of Object.entries(pairs)) {
    const a: number[] = [];
    const s: number[] = [];
    const b: number[] = [];
    const ratios: number[] = [];
    for (let i = 0; i < ACROSS_ROUNDS; i++) {
      a.push(await cpuMs(alone));
      s.push(await cpuMs(summed));
      ratios.push(s[i] / a[i]);
      b.push(await cpuMs(bybit));
    }
    out[`${name}BinanceCpuMs`] = quantile(a, 0.5);
    out[`${name}BybitCpuMs`] = quantile(b, 0.5);
    out[`${name}BinanceBybitCpuMs`] = quantile(s, 0.5);
    // Each round's aggregate over the single run just before it: a slow stretch of the machine
    // slows both of a pair, so the ratios spread less than a ratio of two separate medians.
    out[`${name}AcrossRatio`] = Math.round(quantile(ratios, 0.5) * 100) / 100;
    out[`${name}AcrossRatioP95`] = Math.round(quantile(ratios, 0.95) * 100) / 100;
  }
  return out;
}

/** Rounds of (single, aggregate) pairs, each followed by Bybit alone. */
const ACROSS_ROUNDS = Number(process.env.BENCH_ACROSS_ROUNDS ?? 15);

/** CPU time (user + system) of one warm run, ms. */
async function cpuMs(f: () => unknown): Promise<number> {
  const before = process.cpuUsage();
  await f();
  const used = process.cpuUsage(before);
  return Math.round((used.user + used.system) / 10) / 100;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const figures = await benchModel();
  console.table(figures);
  const dir = fileURLToPath(new URL('./results/', import.meta.url));
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${dir}model.json`, JSON.stringify({ at: new Date().toISOString(), node: process.version, ...figures }, null, 2));
}
