/**
 * Model 3 cell by cell against an independent implementation of docs/models.md
 * (model3-reference.ts: exact rationals, plain objects): on sample-like synthetic archive data
 * built by the Node builder (BTCUSDT, and SOLUSDT with decimal price steps) at 24 h, 7, 30 and
 * 90 days, with and without OI history, and on hand-written profiles whose prices sit exactly on
 * decimal bin edges.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readProfile } from '../../../src/lib/data/profile-file.ts';
import { openNativeDb } from '../../../src/lib/db/db-native.ts';
import type { Db } from '../../../src/lib/db/db.ts';
import { candlesFrom, firstHourIn, hourlyExtremes, oiBefore, oiEndByCandle, whaleEntriesByGroup } from '../../../src/lib/model/heatmap-data.ts';
import { heatmapRange } from '../../../src/lib/model/heatmap.ts';
import { HOUR_MS, START_LOOKBACK_DAYS } from '../../../src/lib/model/heatmap-start.ts';
import { windowAggregate } from '../../../src/lib/model/map-window.ts';
import { monthsWithHours } from '../../../src/lib/model/whale-rows.ts';
import { SELL, expandedColumn } from '../../../src/lib/model/profile-data.ts';
import { computeHeatmap } from '../../../src/lib/model/heatmap.ts';
import { rangeByLabel } from '../../../src/lib/model/candle-sizes.ts';
import { DEFAULT_TIERS } from '../../../src/lib/model/tiers.ts';
import type { HeatmapParams, HeatmapResult } from '../../../src/lib/model/types.ts';
import { generateArchive } from '../../../tools/synth/archive.ts';
import { build, tempDir } from '../builder/helpers.ts';
import { model3Reference, type ReferenceInput } from './model3-reference.ts';
import { loadParquet, sqlHeatmapInputs, sqlWindow } from './sql-aggregates.ts';
import { Fixture, HOUR, type CandleRow, type VolumeRow } from './fixture-data.ts';

const MONTHS = ['2025-07', '2025-08', '2025-09', '2025-10', '2025-11'];
/** The built profiles go in through the loader's path (readProfile, then the table); the hand-written ones as fixture rows. */
const fx = new Fixture();
/** The same files in native DuckDB, read by read_parquet (sql-aggregates.ts). */
let sql: Db;
const parquetFiles: Parameters<typeof loadParquet>[1] = [];

async function loadBuilt(out: string, symbol: string, kinds: string[]) {
  for (const month of MONTHS) {
    for (const kind of kinds) {
      const name = `${symbol}-${month}.${kind}.parquet`;
      parquetFiles.push({ path: join(out, symbol, name), symbol, month, kind: kind as 'volume' | 'candles' | 'oi' });
      const valid = await readProfile({ name, bytes: new Uint8Array(await readFile(join(out, symbol, name))) });
      if (!valid.ok) throw new Error(valid.message);
      const r = fx.table.load(valid, 'upload');
      if (!r.ok) throw new Error(r.message);
    }
  }
}

/** The raw rows as loaded (every 5-minute candle, every volume row of the whale buckets): the reference aggregates them itself. */
function referenceInput(p: HeatmapParams, step: number): ReferenceInput {
  const data = fx.data(p.symbol);
  const input: ReferenceInput = {
    candles5: [], volume: [], oi: [],
    rangeDays: p.rangeDays, candleMinutes: p.candleMinutes, step, tiers: p.tiers, mmr: p.mmr, formula: p.formula, split: p.split, currentOiUsd: p.oiUsd,
  };
  for (const { columns: c } of data.candles) c.time.forEach((time, i) => input.candles5.push({ time, open: c.open[i], high: c.high[i], low: c.low[i], close: c.close[i] }));
  for (const { columns: v } of data.volume) {
    const [sizeMin, priceBin] = [expandedColumn(v.sizeMin), expandedColumn(v.priceBin)];
    expandedColumn(v.hour).forEach((hour, i) => {
      if (sizeMin[i] >= p.whaleThreshold) input.volume.push({ hour, priceBin: priceBin[i], side: v.side[i] === SELL ? 'sell' : 'buy', notional: v.notional[i] });
    });
  }
  for (const { columns: o } of data.oi) o.time.forEach((time, i) => input.oi.push({ time, usd: o.usd[i] }));
  return input;
}

function expectSameCells(r: HeatmapResult, ref: ReturnType<typeof model3Reference>): void {
  expect(Array.from(r.times)).toEqual(ref.times);
  expect(Array.from(r.priceBins)).toEqual(ref.rows);
  let nonZero = 0;
  for (let t = 0; t < ref.times.length; t++) {
    expect(r.resting[t] / (ref.resting[t] || 1)).toBeCloseTo(ref.resting[t] ? 1 : 0, 9);
    for (let row = 0; row < ref.rows.length; row++) {
      const mine = r.matrix[t * ref.rows.length + row];
      const theirs = ref.matrix[t][row];
      if (theirs > 0) nonZero++;
      const tolerance = 1e-6 * theirs + 1e-9 * ref.resting[t];
      if (Math.abs(mine - theirs) > tolerance) expect({ t, row: ref.rows[row], mine }).toEqual({ t, row: ref.rows[row], mine: theirs });
    }
  }
  expect(nonZero).toBeGreaterThan(ref.times.length); // the picture is not empty
}

/** Same column names, lengths and values (sums to 1e-12 relative: the order of addition differs). */
function expectSameColumns(mine: Record<string, Float64Array>, theirs: Record<string, Float64Array>): void {
  expect(Object.keys(mine).sort()).toEqual(Object.keys(theirs).sort());
  for (const [name, values] of Object.entries(theirs)) {
    expect(mine[name].length, name).toBe(values.length);
    values.forEach((v, i) => {
      if (Math.abs(mine[name][i] - v) > 1e-12 * Math.abs(v)) expect({ name, i, value: mine[name][i] }).toEqual({ name, i, value: v });
    });
  }
}

async function compare(p: HeatmapParams): Promise<HeatmapResult> {
  const r = computeHeatmap(fx.data(p.symbol), p);
  expectSameCells(r, model3Reference(referenceInput(p, r.step)));
  return r;
}

const base = (symbol: string, label: string): HeatmapParams => {
  const range = rangeByLabel(label);
  return {
    symbol, rangeDays: range.days, candleMinutes: range.candleMinutes, whaleThreshold: 100_000, split: 'taker', formula: 'exact',
    tiers: DEFAULT_TIERS.map((t) => ({ ...t })), mmr: 0.004, oiUsd: 5e9,
  };
};

describe('Model 3 against an independent implementation', () => {
  beforeAll(async () => {
    const archive = await tempDir('model3-archive');
    const out = await tempDir('model3-profiles');
    await generateArchive({ out: archive, symbols: ['BTCUSDT', 'SOLUSDT'], from: MONTHS[0], to: MONTHS[MONTHS.length - 1], trades: 60_000, seed: 'model3', header: 'always', metrics: true, format: 'zip' });
    expect((await build(archive, out)).refused).toBe(0);
    await loadBuilt(out, 'BTCUSDT', ['volume', 'candles', 'oi']);
    await loadBuilt(out, 'SOLUSDT', ['volume', 'candles']); // no OI history: the fallback
    sql = await openNativeDb();
    await loadParquet(sql, parquetFiles);
  }, 240_000);

  describe('the aggregations equal plain SQL over the same Parquet files on native DuckDB', () => {
    for (const [symbol, steps] of [['BTCUSDT', [100, 500]], ['SOLUSDT', [0.05, 0.2]]] as const) {
      for (const threshold of [100_000, 500_000]) {
        it(`${symbol} map windows of 1, 7, 30 and 90 days, whales from ${threshold}, steps ${steps.join(' and ')}`, async () => {
          for (const days of [1, 7, 30, 90]) {
            for (const step of steps) {
              const mine = windowAggregate(fx.data(symbol), { whaleThreshold: threshold, windowDays: days, step });
              const theirs = await sqlWindow(sql, symbol, threshold, days, step);
              expect(mine.entries.index.length).toBeGreaterThan(0);
              expectSameColumns({ ...mine.entries }, theirs.entries);
              expect(mine.window.toHour).toBe(theirs.lastHour);
              expect(mine.window.hoursWithData).toBe(theirs.hoursWithData);
              expect(mine.months).toEqual(theirs.months);
              expectSameColumns(
                { entryNotional: Float64Array.of(mine.entryNotional), entryBuyNotional: Float64Array.of(mine.entryBuyNotional) },
                { entryNotional: Float64Array.of(theirs.entryNotional), entryBuyNotional: Float64Array.of(theirs.entryBuyNotional) },
              );
            }
          }
        });
      }
      for (const label of ['24h', '7d', '30d', '90d']) {
        it(`${symbol} ${label} heatmap inputs per candle and in the lookback`, async () => {
          const p = base(symbol, label);
          const data = fx.data(symbol);
          const { step } = computeHeatmap(data, p);
          const { candleMs, from, lastTime } = heatmapRange(data, p);
          const groupMs = Math.max(candleMs, HOUR_MS);
          const since = from - START_LOOKBACK_DAYS * 86_400_000;
          const range = { from: Math.floor(from / groupMs) * groupMs, to: lastTime + groupMs };
          const theirs = await sqlHeatmapInputs(sql, { symbol, threshold: p.whaleThreshold, step, candleMs, groupMs, ...range, since, from });
          expectSameColumns(candlesFrom(data, candleMs, from), theirs.candles);
          expectSameColumns(whaleEntriesByGroup(data, p.whaleThreshold, step, groupMs, range.from, range.to), theirs.entries);
          expectSameColumns(whaleEntriesByGroup(data, p.whaleThreshold, step, HOUR_MS, since, from), theirs.lookbackEntries);
          const oi = oiEndByCandle(data, candleMs, from);
          expectSameColumns({ t: oi.t, oi_end: oi.oiEnd }, theirs.oi);
          expect(oiBefore(data, candleMs, from)).toEqual(theirs.oiBefore);
          expectSameColumns(hourlyExtremes(data, since, from), theirs.extremes);
          expect(firstHourIn(data, since, from)).toEqual(theirs.firstHour);
          expect(monthsWithHours(data, since)).toEqual(theirs.months);
          expect(theirs.candles.t.length).toBeGreaterThan(0);
        });
      }
      it(`${symbol} heatmap entries stay right as the step changes and comes back (steps kept per month are bounded)`, async () => {
        const p = base(symbol, '30d');
        const data = fx.data(symbol);
        const { step } = computeHeatmap(data, p);
        const { candleMs, from, lastTime } = heatmapRange(data, p);
        const range = { from: Math.floor(from / HOUR_MS) * HOUR_MS, to: lastTime + HOUR_MS };
        const since = from - START_LOOKBACK_DAYS * 86_400_000;
        const theirs = await sqlHeatmapInputs(sql, { symbol, threshold: p.whaleThreshold, step, candleMs, groupMs: HOUR_MS, ...range, since, from });
        for (const other of [2, 3, 5, 7, 11].map((k) => step * k)) expect(whaleEntriesByGroup(data, p.whaleThreshold, other, HOUR_MS, range.from, range.to).t.length).toBeGreaterThan(0);
        expectSameColumns(whaleEntriesByGroup(data, p.whaleThreshold, step, HOUR_MS, range.from, range.to), theirs.entries);
      });
    }
  });

  for (const label of ['24h', '7d', '30d', '90d']) {
    it(`BTCUSDT ${label} with OI history`, async () => {
      const r = await compare(base('BTCUSDT', label));
      expect(r.inputs.oiSource).toBe('history');
      expect(r.inputs.startDays).toBe(30);
    });
  }

  it('BTCUSDT 30d, reference formula, even split, whales from $500k', async () => {
    await compare({ ...base('BTCUSDT', '30d'), formula: 'reference', split: 'even', whaleThreshold: 500_000 });
  });

  for (const [label, step] of [['7d', 0.1], ['30d', 0.2], ['90d', undefined]] as const) {
    it(`SOLUSDT ${label} without OI history, step ${step ?? 'auto'} (decimal)`, async () => {
      const r = await compare({ ...base('SOLUSDT', label), step });
      expect(r.inputs.oiSource).toBe('fallback');
    });
  }

  it('hand-written decimal profiles: edge prices, a low of exactly 80.00 reaching the 25x longs from 83.0', async () => {
    const symbol = 'EDGEUSDT';
    const start = Date.UTC(2025, 9, 1);
    const days = 40;
    const candles: CandleRow[] = [];
    const volume: VolumeRow[] = [];
    const oi: { time: number; oiUsd: number; symbol: string }[] = [];
    for (let k = 0; k < days * 288; k++) {
      const t = start + k * 300_000;
      const mid = Number((83 + 1.2 * Math.sin(k / 97)).toFixed(2));
      // Every few days a dip to exactly 80.00 (the 25x long level of entry 83.0), closing on 80.00.
      const dip = k % 2000 === 1500;
      candles.push({ symbol, time: t, open: mid, high: Number((mid + 0.06).toFixed(2)), low: dip ? 80 : Number((mid - 0.06).toFixed(2)), close: dip ? 80 : mid });
      if (k % 3 === 0) oi.push({ symbol, time: t, oiUsd: 1e8 * (1 + 0.2 * Math.sin(k / 400)) });
    }
    for (let h = 0; h < days * 24; h++) {
      const bins = [83.0, 150.42 - 67.42, 82.98, 83.02, 4.3 + 78.7];
      for (const [i, bin] of bins.entries()) {
        volume.push({ symbol, hour: start + h * HOUR, bin: Number(bin.toFixed(2)), side: (h + i) % 3 ? 'buy' : 'sell', notional: 1e6 * (1 + ((h * 7 + i) % 5)) });
      }
    }
    fx.insertCandles(candles);
    fx.insertVolume(volume);
    fx.insertOi(oi);
    for (const step of [0.2, 0.1, 0.02]) {
      const r = await compare({ ...base(symbol, '7d'), step, whaleThreshold: 500_000 });
      expect(r.consumedLong.some((x) => x > 0)).toBe(true);
    }
  });
});
