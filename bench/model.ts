/**
 * Model benchmark: a synthetic BTC-sized year in DuckDB (about 260k volume rows a month,
 * 5-minute candles and OI), then warm timings of computeMap and computeHeatmap.
 * Run alone: npx tsx bench/model.ts (prints figures, writes bench/results/model.json).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Db } from '../src/lib/db/db.ts';
import { num } from '../src/lib/db/db.ts';
import { openNodeDb } from '../src/lib/db/db-node.ts';
import { TABLES_SQL } from '../src/lib/data/tables.sql.ts';
import { computeHeatmap } from '../src/lib/model/heatmap.ts';
import { computeMap } from '../src/lib/model/map.ts';
import { DEFAULT_TIERS } from '../src/lib/model/tiers.ts';
import type { HeatmapParams, MapParams } from '../src/lib/model/types.ts';

const MONTHS = 12;
const YEAR = 2025;

/** Price path shared by volume and candles: 90k–100k with slow and fast waves. */
const PRICE = (ms: string) => `(95000 + 4000 * sin(${ms} / 3.6e6 / 97) + 900 * sin(${ms} / 3.6e6 / 7))`;

async function synthesise(db: Db): Promise<void> {
  await db.exec(TABLES_SQL);
  await db.exec('SELECT setseed(0.42)');
  for (let m = 0; m < MONTHS; m++) {
    const start = Date.UTC(YEAR, m, 1);
    const end = Date.UTC(YEAR, m + 1, 1);
    const month = new Date(start).toISOString().slice(0, 7);
    // 30 fine bins ($10) around the hour's price x 2 sides x 6 size buckets.
    await db.exec(`
      INSERT INTO volume
      SELECT 'BTCUSDT', '${month}', h, floor(${PRICE('h')} / 10) * 10 + (b - 15) * 10, side, size_min,
             random() * 2e7 / (1 + size_min / 1e5), 0, (random() * 100)::BIGINT
      FROM range(${start}, ${end}, 3600000) t(h), range(30) r(b),
           (VALUES ('buy'), ('sell')) s(side), (VALUES (0), (10000), (100000), (500000), (1000000), (5000000)) z(size_min);
      INSERT INTO candles
      SELECT 'BTCUSDT', '${month}', t, ${PRICE('t')}, ${PRICE('t')} + 60, ${PRICE('t')} - 60, ${PRICE('t + 300000')},
             10, 1e6, 5e5 + random() * 1e5, 100
      FROM range(${start}, ${end}, 300000) c(t);
      INSERT INTO oi
      SELECT 'BTCUSDT', '${month}', t, 0, 8e9 + 5e8 * sin(t / 3.6e6 / 13) + random() * 5e7
      FROM range(${start}, ${end}, 300000) c(t);
    `);
  }
}

async function medianMs(runs: number, f: () => Promise<unknown>): Promise<number> {
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

const MAP: MapParams = {
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

const HEAT: HeatmapParams = {
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

export async function benchModel(): Promise<Record<string, number | string>> {
  const db = await openNodeDb();
  const t0 = performance.now();
  await synthesise(db);
  const rows = num(await db.query('SELECT count(*) AS n FROM volume'), 'n')[0];
  const out: Record<string, number | string> = {
    volumeRows: rows,
    volumeRowsPerMonth: Math.round(rows / MONTHS),
    synthesiseMs: Math.round(performance.now() - t0),
  };
  // The first compute after a load fills the model cache (one scan of the symbol's volume rows).
  let t = performance.now();
  await computeMap(db, MAP);
  out.mapFirstAfterLoadMs = Math.round(performance.now() - t);
  out.map30dMs = await medianMs(7, () => computeMap(db, MAP));
  out.map7dMs = await medianMs(7, () => computeMap(db, { ...MAP, windowDays: 7, step: 200 }));
  out.map30dTradesMs = await medianMs(7, () => computeMap(db, { ...MAP, model: 'trades' }));
  out.map365dMs = await medianMs(5, () => computeMap(db, { ...MAP, windowDays: 365, step: 1500 }));
  t = performance.now();
  await computeHeatmap(db, { ...HEAT, whaleThreshold: 1_000_000 });
  out.heatmapNewThresholdMs = Math.round(performance.now() - t);
  out.heatmap90d12hMs = await medianMs(3, () => computeHeatmap(db, HEAT));
  out.heatmap90d1hMs = await medianMs(3, () => computeHeatmap(db, { ...HEAT, candleMinutes: 60 }));
  out.heatmap365d1dMs = await medianMs(3, () => computeHeatmap(db, { ...HEAT, rangeDays: 365, candleMinutes: 1440 }));
  const h = await computeHeatmap(db, { ...HEAT, rangeDays: 365, candleMinutes: 1440 });
  out.heatmap365dShape = `${h.times.length} x ${h.priceBins.length} (step ${h.step}, OI ${h.inputs.oiSource})`;
  // Timings on a shared machine mean little without its load.
  out.loadAverage1m = Math.round(loadavg()[0] * 10) / 10;
  out.cpus = cpus().length;
  return out;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const figures = await benchModel();
  console.table(figures);
  const dir = fileURLToPath(new URL('./results/', import.meta.url));
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${dir}model.json`, JSON.stringify({ at: new Date().toISOString(), node: process.version, ...figures }, null, 2));
}
