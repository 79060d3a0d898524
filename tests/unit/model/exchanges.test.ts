/** Several exchanges: Binance + Bybit is the sum of the two computed alone; a missing exchange is named. */
import { beforeAll, describe, expect, it } from 'vitest';
import { ingestProfile, ProfileTable } from '../../../src/lib/data/profile-table.ts';
import type { ProfileKind } from '../../../src/lib/data/profile-schema.ts';
import { computeHeatmapAcross, computeMapAcross } from '../../../src/lib/model/exchanges.ts';
import { computeHeatmap } from '../../../src/lib/model/heatmap.ts';
import { computeMap } from '../../../src/lib/model/map.ts';
import { DEFAULT_TIERS } from '../../../src/lib/model/tiers.ts';
import type { ExchangeId, HeatmapParams, MapParams, MapResult } from '../../../src/lib/model/types.ts';
import { sampleCandleRows, sampleOiRows, sampleVolumeRows, writeProfile, type ProfileRow } from '../../helpers/profile-writers.ts';

const settings = {
  symbol: 'BTCUSDT',
  whaleThreshold: 100_000,
  split: 'taker' as const,
  formula: 'exact' as const,
  tiers: DEFAULT_TIERS.map((t) => ({ ...t })),
  mmr: 0.004,
};
const mapBase: MapParams = { ...settings, model: 'oi', windowDays: 1, step: 10, oiUsd: 1e9, markPrice: 90_060 };
const heatBase: HeatmapParams = { ...settings, rangeDays: 2 / 24, candleMinutes: 60, oiUsd: 1e9 };
const BINANCE = { id: 'binance' as const, oiUsd: 1e9, markPrice: 90_060 };
const BYBIT = { id: 'bybit' as const, oiUsd: 4e8, markPrice: 90_075 };

async function load(table: ProfileTable, exchange: ExchangeId, rows: Partial<Record<ProfileKind, ProfileRow[]>>): Promise<void> {
  for (const kind of (['volume', 'candles', 'oi'] as const).filter((k) => rows[k])) {
    const metadata: Record<string, string> = exchange === 'binance' ? {} : { 'liqmap.exchange': exchange };
    const bytes = await writeProfile(kind, rows[kind]!, { metadata });
    const loaded = await ingestProfile(table, { name: `${exchange}-${kind}.parquet`, bytes }, 'upload');
    expect(loaded.ok, loaded.ok ? '' : loaded.message).toBe(true);
  }
}

/** Cells as "side:bin:leverage" -> USD, summed over the results given (an independent sum). */
function cellSum(...results: MapResult[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of results) {
    for (let i = 0; i < r.cells.side.length; i++) {
      const key = `${r.cells.side[i]}:${r.cells.priceBin[i]}:${r.cells.leverage[i]}`;
      out.set(key, (out.get(key) ?? 0) + r.cells.volumeUsd[i]);
    }
  }
  return out;
}

function expectSameCells(actual: Map<string, number>, expected: Map<string, number>): void {
  expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
  for (const [k, v] of expected) expect(actual.get(k)! / v).toBeCloseTo(1, 12);
}

describe('several exchanges', () => {
  const table = new ProfileTable();
  const dataOf = (id: ExchangeId) => table.symbol('BTCUSDT', id);

  beforeAll(async () => {
    await load(table, 'binance', { volume: sampleVolumeRows('2025-11', 6), candles: sampleCandleRows('2025-11', 24), oi: sampleOiRows('2025-11', 24) });
    const bybitOi = sampleOiRows('2025-11', 24).map((r) => ({ ...r, open_interest_usd: Number(r.open_interest_usd) / 3 }));
    await load(table, 'bybit', { volume: sampleVolumeRows('2025-11', 4, 10, 90_030), candles: sampleCandleRows('2025-11', 24, 90_400), oi: bybitOi });
  });

  it('keeps a Binance and a Bybit profile of the same symbol and month side by side', () => {
    const volume = table.list('BTCUSDT', 'volume');
    expect(volume.map((f) => [f.exchange, f.month])).toEqual([['binance', '2025-11'], ['bybit', '2025-11']]);
    expect(table.list('BTCUSDT', 'volume', 'bybit')).toHaveLength(1);
    expect(dataOf('bybit')).not.toBe(dataOf('binance'));
    expect(dataOf('bybit').candles[0].columns.open[0]).toBe(90_400);
    expect(dataOf('binance').candles[0].columns.open[0]).toBe(90_000);
  });

  it('sums the two maps of Model 2 (trades, tiers of weight > 0) bin by bin, each with its own mark price', () => {
    const trades: MapParams = { ...mapBase, model: 'trades', tiers: [...mapBase.tiers, { leverage: 20, weight: 0 }] };
    const both = computeMapAcross(dataOf, { ...trades, exchanges: [BINANCE, BYBIT] });
    const alone = [BINANCE, BYBIT].map((e) => computeMap(dataOf(e.id), { ...trades, ...e }));
    expect(alone[1].totals.total).toBeGreaterThan(0);
    expectSameCells(cellSum(both), cellSum(...alone));
    expect(both.cells.leverage.includes(20)).toBe(false);
  });

  it('sums the two maps bin by bin, each with its own OI and mark price', () => {
    const both = computeMapAcross(dataOf, { ...mapBase, exchanges: [BINANCE, BYBIT] });
    const binance = computeMap(dataOf('binance'), { ...mapBase, ...BINANCE });
    const bybit = computeMap(dataOf('bybit'), { ...mapBase, ...BYBIT });
    expect(bybit.totals.total).toBeGreaterThan(0);
    expectSameCells(cellSum(both), cellSum(binance, bybit));
    expect(both.totals.total).toBeCloseTo(binance.totals.total + bybit.totals.total, 3);
    expect(both.entryNotional).toBeCloseTo(binance.entryNotional + bybit.entryNotional, 3);
    // Each with its own window (its own last days): the statement says where they differ.
    expect(both.exchanges).toEqual([
      { ...BINANCE, months: ['2025-11'], window: binance.window },
      { ...BYBIT, months: ['2025-11'], window: bybit.window },
    ]);
  });

  it('sums the two heatmap walks on one grid, with the first exchange\'s candles', () => {
    const exchanges = [BINANCE, BYBIT];
    const both = computeHeatmapAcross(dataOf, { ...heatBase, exchanges });
    const alone = exchanges.map((e) => computeHeatmap(dataOf(e.id), { ...heatBase, oiUsd: e.oiUsd }));
    // The one grid covers both exchanges' own grids.
    expect(both.priceBins[0]).toBeLessThanOrEqual(Math.min(...alone.map((r) => r.priceBins[0])));
    expect(both.priceBins.at(-1)!).toBeGreaterThanOrEqual(Math.max(...alone.map((r) => r.priceBins.at(-1)!)));
    expect(Array.from(both.open)).toEqual(Array.from(alone[0].open));
    // On that grid, each walk alone and their sum.
    const span: [number, number] = [both.priceBins[0], both.priceBins.at(-1)!];
    const onGrid = exchanges.map((e) => computeHeatmap(dataOf(e.id), { ...heatBase, oiUsd: e.oiUsd, step: both.step, span }));
    expect(onGrid[1].priceBins).toEqual(both.priceBins);
    expect(onGrid[1].matrix.some((v) => v > 0)).toBe(true);
    both.matrix.forEach((v, i) => expect(v).toBeCloseTo(onGrid[0].matrix[i] + onGrid[1].matrix[i], 0));
    both.resting.forEach((v, t) => expect(v).toBeCloseTo(onGrid[0].resting[t] + onGrid[1].resting[t], 3));
    expect(both.inputs.exchanges?.map((e) => [e.id, e.oiSource])).toEqual([['binance', 'history'], ['bybit', 'history']]);
    // The statement's starting state and OI at the range start are the sum's, not the first exchange's.
    expect(Math.min(onGrid[0].inputs.oiStartUsd, onGrid[1].inputs.oiStartUsd)).toBeGreaterThan(0);
    for (const key of ['startOpened', 'startLiquidated', 'oiStartUsd'] as const) {
      expect(both.inputs[key], key).toBeCloseTo(onGrid[0].inputs[key] + onGrid[1].inputs[key], 3);
    }
  });

  it('adds a walk without OI history (scaled on its own) to one with it', async () => {
    const mixed = new ProfileTable();
    await load(mixed, 'binance', { volume: sampleVolumeRows('2025-11', 6), candles: sampleCandleRows('2025-11', 24), oi: sampleOiRows('2025-11', 24) });
    await load(mixed, 'bybit', { volume: sampleVolumeRows('2025-11', 4, 10, 90_030), candles: sampleCandleRows('2025-11', 24, 90_400) });
    const of = (id: ExchangeId) => mixed.symbol('BTCUSDT', id);
    const exchanges = [BINANCE, BYBIT];
    const both = computeHeatmapAcross(of, { ...heatBase, exchanges });
    const span: [number, number] = [both.priceBins[0], both.priceBins.at(-1)!];
    const onGrid = exchanges.map((e) => computeHeatmap(of(e.id), { ...heatBase, oiUsd: e.oiUsd, step: both.step, span }));
    expect(onGrid.map((r) => r.inputs.oiSource)).toEqual(['history', 'fallback']);
    expect(onGrid[1].matrix.some((v) => v > 0)).toBe(true);
    both.matrix.forEach((v, i) => expect(v).toBe(Math.fround(onGrid[0].matrix[i] + onGrid[1].matrix[i])));
    both.resting.forEach((v, t) => expect(v).toBeCloseTo(onGrid[0].resting[t] + onGrid[1].resting[t], 3));
    // Bybit has no OI at the range start: the OI there stays Binance's, the starting state is the sum's.
    expect(both.inputs.oiStartUsd).toBe(onGrid[0].inputs.oiStartUsd);
    expect(both.inputs.startOpened).toBeCloseTo(onGrid[0].inputs.startOpened + onGrid[1].inputs.startOpened, 3);
  });

  it('says how many of the drawn candles an exchange whose data ends earlier has (its part of the rest is zero)', async () => {
    const short = new ProfileTable();
    await load(short, 'binance', { volume: sampleVolumeRows('2025-11', 6), candles: sampleCandleRows('2025-11', 24), oi: sampleOiRows('2025-11', 24) });
    await load(short, 'bybit', { volume: sampleVolumeRows('2025-11', 4, 10, 90_030), candles: sampleCandleRows('2025-11', 12, 90_400), oi: sampleOiRows('2025-11', 12) });
    const h = computeHeatmapAcross((id) => short.symbol('BTCUSDT', id), { ...heatBase, exchanges: [BINANCE, BYBIT] });
    expect(h.times.length).toBe(2);
    expect(h.inputs.exchanges?.map((e) => e.candles)).toEqual([undefined, { shared: 1, of: 2 }]);
    // All of them: nothing to say.
    const full = computeHeatmapAcross(dataOf, { ...heatBase, exchanges: [BINANCE, BYBIT] });
    expect(full.inputs.exchanges?.every((e) => !('candles' in e))).toBe(true);
  });

  it('names an exchange without data as missing and leaves it out', () => {
    const eth = (id: ExchangeId) => table.symbol(id === 'binance' ? 'BTCUSDT' : 'ETHUSDT', id);
    const r = computeMapAcross(eth, { ...mapBase, exchanges: [BINANCE, BYBIT] });
    expectSameCells(cellSum(r), cellSum(computeMap(dataOf('binance'), { ...mapBase, ...BINANCE })));
    expect(r.exchanges?.[1]).toMatchObject({ id: 'bybit', months: [] });
    expect(r.exchanges?.[1].missing).toMatch(/^Bybit: no profile data/);
    const h = computeHeatmapAcross(eth, { ...heatBase, exchanges: [BINANCE, BYBIT] });
    expect(h.inputs.exchanges?.find((e) => e.id === 'bybit')?.missing).toMatch(/^Bybit: no candles/);
    expect(() => computeMapAcross(() => table.symbol('ETHUSDT'), { ...mapBase, exchanges: [BINANCE, BYBIT] })).toThrow(/Binance or Bybit/);
  });

  it('leaves a Binance-only request as it was', () => {
    const { computeMs: _a, exchanges: _b, ...across } = computeMapAcross(dataOf, mapBase);
    const { computeMs: _c, ...alone } = computeMap(dataOf('binance'), mapBase);
    expect(across).toEqual(alone);
    const h = computeHeatmapAcross(dataOf, heatBase);
    const hAlone = computeHeatmap(dataOf('binance'), heatBase);
    expect(Array.from(h.matrix)).toEqual(Array.from(hAlone.matrix));
    expect(h.priceBins).toEqual(hAlone.priceBins);
  });
});
