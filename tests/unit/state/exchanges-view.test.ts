/** A view of several exchanges: its request carries each exchange's figures; its statement names each one. */
import { expect, test } from 'vitest';
import { mapRequest } from '../../../src/lib/state/map-controller.ts';
import { mapStatement } from '../../../src/lib/state/map-statement.ts';
import { DEFAULT_VIEW } from '../../../src/lib/state/view-state.ts';
import { exchangeFigures } from '../../../src/lib/state/used-figures.ts';
import { STREAM_FRESH_MS, liveMark } from '../../../src/lib/live/stream-mark.ts';
import { leadExchange, viewMark } from '../../../src/lib/state/exchange-request.ts';
import { exchangeLines, missingEverywhere, missingMonthsPhrase } from '../../../src/lib/state/exchange-statement.ts';
import { autoStep } from '../../../src/lib/model/bins.ts';
import { formatAge, formatUtc } from '../../../src/lib/format.ts';
import type { LiveState } from '../../../src/lib/binance/index.ts';
import type { Prepared } from '../../../src/lib/engine/api.ts';
import type { MapResult } from '../../../src/lib/model/types.ts';

const NOW = Date.UTC(2025, 11, 1);
const prepared = {
  symbol: 'BTCUSDT', months: ['2025-11'], missing: [], firstHour: 0, lastHour: NOW - 3_600_000, synthetic: false, lastClose: 90_000, problems: [],
  lastOi: { time: NOW - 60_000, contracts: 10_000, usd: 9e8 },
  exchanges: [
    { id: 'binance', months: ['2025-11'], missing: [], lastClose: 90_000, lastHour: NOW - 3_600_000, lastOi: { time: NOW - 60_000, contracts: 10_000, usd: 9e8 } },
    { id: 'bybit', months: ['2025-11'], missing: [], lastClose: 90_050, lastHour: NOW - 7_200_000, lastOi: { time: NOW - 120_000, contracts: 4_000, usd: 3.6e8 } },
  ],
} satisfies Prepared;
const live = { figure: { source: 'live', oiUsd: 1e9, contracts: 11_000, markPrice: 90_100, time: NOW - 5_000 } } as unknown as LiveState;
const view = { ...DEFAULT_VIEW, exchanges: ['binance' as const, 'bybit' as const] };
const value = (rows: { label: string; value: string }[], label: string) => rows.find((r) => r.label === label)?.value;

test('each exchange goes with its own OI and mark price: Binance live, Bybit from its profile', () => {
  const per = exchangeFigures(view.exchanges, live, prepared, NOW);
  expect(per.map((e) => [e.id, e.figures?.source, e.figures?.oiUsd, e.figures?.markPrice])).toEqual([['binance', 'live', 1e9, 90_100], ['bybit', 'profile', 3.6e8, 90_050]]);
  const request = mapRequest(view, per[0].figures, prepared, false, per);
  expect(request.kind).toBe('compute');
  if (request.kind !== 'compute') return;
  expect(request.params.exchanges).toEqual([{ id: 'binance', oiUsd: 1e9, markPrice: 90_100 }, { id: 'bybit', oiUsd: 3.6e8, markPrice: 90_050 }]);
  expect(request.params.oiUsd).toBe(1.36e9);
  // A Binance-only view asks as before.
  const alone = mapRequest(DEFAULT_VIEW, per[0].figures, { ...prepared, exchanges: undefined }, false, per);
  expect(alone.kind === 'compute' && alone.params.exchanges).toBe(undefined);
  // Prepared for other exchanges: wait.
  expect(mapRequest(DEFAULT_VIEW, per[0].figures, prepared, false, per).kind).toBe('wait');
});

test('the statement names every exchange with its OI, source, age, mark and months, and a missing one', () => {
  const per = exchangeFigures(view.exchanges, live, prepared, NOW);
  const result = {
    cells: { priceBin: new Float64Array(), side: new Uint8Array(), leverage: new Float64Array(), volumeUsd: new Float64Array() },
    curves: { longPrice: new Float64Array(), longCum: new Float64Array(), shortPrice: new Float64Array(), shortCum: new Float64Array() },
    totals: { long: 0, short: 0, total: 0, longBins: 0, shortBins: 0 },
    window: { fromHour: NOW - 86_400_000, toHour: NOW - 3_600_000, hours: 24, hoursWithData: 24 },
    entryNotional: 0, entryBuyNotional: 0, months: ['2025-11'], computeMs: 1,
    exchanges: [{ id: 'binance', oiUsd: 1e9, markPrice: 90_100, months: ['2025-11'] }, { id: 'bybit', oiUsd: 3.6e8, markPrice: 90_050, months: ['2025-11'] }],
  } satisfies MapResult;
  const request = mapRequest(view, per[0].figures, prepared, false, per);
  if (request.kind !== 'compute') throw new Error('no request');
  const s = mapStatement(result, request.params, per[0].figures, prepared, false, true, per);
  expect(value(s.inputs, 'Exchanges')).toBe('Binance + Bybit (summed)'); // a map has no candles
  expect(value(s.inputs, 'Mark used')).toBe("Binance's for the price line, the auto step, key levels and alerts; each exchange's levels are placed from its own mark");
  expect(value(s.inputs, 'Binance')).toBe('OI $1.00 B, live from Binance, as of 2025-11-30 23:59 UTC (5 s old); mark $90,100; months 2025-11');
  expect(value(s.inputs, 'Bybit')).toContain("OI $360.00 M, the profile's latest OI record and close (no Bybit figure yet)");
  expect(value(s.inputs, 'Bybit')).toContain('months 2025-11');
  // Bybit's profile record is 2 minutes old: no warning. Two hours later it is, above the chart (not only in the panel).
  expect(s.warnings).toEqual([]);
  const later = exchangeFigures(view.exchanges, live, prepared, NOW + 2 * 3_600_000);
  const old = mapStatement(result, request.params, per[0].figures, prepared, false, true, later);
  expect(old.warnings).toEqual([`No Bybit figure yet, so Bybit's open interest and price are its profile's latest record, 2 h old (${formatUtc(NOW - 120_000)}): the levels sit around that price, not today's.`]);

  const missing = { ...result, exchanges: [result.exchanges[0], { id: 'bybit' as const, oiUsd: 0, markPrice: 90_000, months: [], missing: 'Bybit: no profile data is loaded for BTCUSDT' }] };
  const m = mapStatement(missing, request.params, per[0].figures, prepared, false, true, per);
  expect(value(m.inputs, 'Bybit')).toBe('missing, left out: Bybit: no profile data is loaded for BTCUSDT');
  expect(m.warnings[0]).toBe('Bybit is left out of this picture: Bybit: no profile data is loaded for BTCUSDT');
  expect(value(m.inputs, 'Exchanges')).toBe('Binance');
  expect(value(m.inputs, 'Mark used')).toBeUndefined(); // one exchange left: its mark, nothing to tell apart
});

test('streamed figures, sampled by the hub: Bybit sized by its tickers when fresh, Binance priced by its streamed mark; stale ones fall back and say so', () => {
  const streamed = {
    binance: { symbol: 'BTCUSDT', time: NOW - 2_000, markPrice: 90_200, contracts: null, oiUsd: null },
    bybit: { symbol: 'BTCUSDT', time: NOW - 3_000, markPrice: 90_150, contracts: 4_500, oiUsd: 4.05e8 },
  };
  const per = exchangeFigures(view.exchanges, live, prepared, NOW, streamed);
  expect(per[0].figures).toMatchObject({ source: 'live', contracts: 11_000, markPrice: 90_200, oiUsd: 11_000 * 90_200 });
  expect(per[1].figures).toEqual({ source: 'stream', oiUsd: 4.05e8, contracts: 4_500, markPrice: 90_150, time: NOW - 3_000, ageMs: 3_000 });
  const request = mapRequest(view, per[0].figures, prepared, false, per);
  if (request.kind !== 'compute') throw new Error('no request');
  expect(request.params.exchanges).toEqual([{ id: 'binance', oiUsd: 11_000 * 90_200, markPrice: 90_200 }, { id: 'bybit', oiUsd: 4.05e8, markPrice: 90_150 }]);
  const result = {
    cells: { priceBin: new Float64Array(), side: new Uint8Array(), leverage: new Float64Array(), volumeUsd: new Float64Array() },
    curves: { longPrice: new Float64Array(), longCum: new Float64Array(), shortPrice: new Float64Array(), shortCum: new Float64Array() },
    totals: { long: 0, short: 0, total: 0, longBins: 0, shortBins: 0 },
    window: { fromHour: NOW - 86_400_000, toHour: NOW - 3_600_000, hours: 24, hoursWithData: 24 },
    entryNotional: 0, entryBuyNotional: 0, months: ['2025-11', 'live'], computeMs: 1,
    exchanges: [{ ...request.params.exchanges![0], months: ['2025-11'] }, { ...request.params.exchanges![1], months: ['2025-11', 'live'] }],
  } satisfies MapResult;
  const s = mapStatement(result, request.params, per[0].figures, prepared, false, true, per);
  expect(value(s.inputs, 'Bybit')).toBe("OI $405.00 M, live from Bybit's stream (tickers), as of 2025-11-30 23:59 UTC (3 s old); mark $90,150; months 2025-11, live");

  // A minute and more later the same samples are stale: Bybit's profile and Binance's REST mark again, named.
  const later = NOW + STREAM_FRESH_MS;
  const stale = exchangeFigures(view.exchanges, live, prepared, later, streamed);
  expect(stale[0].figures?.markPrice).toBe(90_100);
  expect(stale[1].figures).toMatchObject({ source: 'profile', oiUsd: 3.6e8, markPrice: 90_050, why: `Bybit's streamed figures are ${formatAge(STREAM_FRESH_MS + 3_000)} old` });
  // A stream without open interest does not size the model.
  const noOi = exchangeFigures(['bybit'], live, prepared, NOW, { bybit: { ...streamed.bybit, contracts: null, oiUsd: null } });
  expect(noOi[0].figures).toMatchObject({ source: 'profile', why: "Bybit's stream has given no open interest" });
});

test("the view's mark is its lead exchange's: Bybit's for Bybit alone (never Binance's), Binance's for Binance + Bybit, Bybit's when Binance has no data", () => {
  const streamed = {
    binance: { symbol: 'BTCUSDT', time: NOW - 2_000, markPrice: 90_200, contracts: null, oiUsd: null },
    bybit: { symbol: 'BTCUSDT', time: NOW - 3_000, markPrice: 97_000, contracts: 4_500, oiUsd: 4.05e8 },
  };
  const bybitView = { ...DEFAULT_VIEW, exchanges: ['bybit' as const] };
  const bybitPrepared = { ...prepared, lastClose: 90_050, exchanges: [prepared.exchanges[1]] } satisfies Prepared;
  const binance = exchangeFigures(['binance'], live, null, NOW, streamed)[0].figures;
  // Bybit alone: its streamed mark; without a fresh one its profile's close; Binance's live mark never.
  const alone = exchangeFigures(bybitView.exchanges, live, bybitPrepared, NOW, streamed);
  expect([leadExchange(bybitView, bybitPrepared), viewMark(bybitView, binance, alone, bybitPrepared)]).toEqual(['bybit', 97_000]);
  expect(viewMark(bybitView, binance, exchangeFigures(bybitView.exchanges, live, bybitPrepared, NOW), bybitPrepared)).toBe(90_050);
  // The map's auto step is measured at that mark (ETH: a step that scales with price).
  const eth = { ...bybitView, symbol: 'ETHUSDT' };
  const ethPrepared = { ...bybitPrepared, symbol: 'ETHUSDT', lastClose: 3_000, exchanges: [{ ...prepared.exchanges[1], lastClose: 3_000 }] } satisfies Prepared;
  const ethPer = exchangeFigures(eth.exchanges, live, ethPrepared, NOW, { bybit: { ...streamed.bybit, symbol: 'ETHUSDT', markPrice: 3_000 } });
  const ethBinance = { ...binance!, markPrice: 6_000 }; // Binance's figures far off: must not matter
  const request = mapRequest(eth, ethBinance, ethPrepared, false, ethPer);
  expect(request.kind === 'compute' && request.params.step).toBe(autoStep('ETHUSDT', eth.windowDays, viewMark(eth, ethBinance, ethPer, ethPrepared)));
  expect(viewMark(eth, ethBinance, ethPer, ethPrepared)).toBe(3_000);
  // Binance + Bybit: Binance leads (its mark); Bybit's part keeps its own in the params.
  const both = exchangeFigures(view.exchanges, live, prepared, NOW, streamed);
  expect([leadExchange(view, prepared), viewMark(view, both[0].figures, both, prepared)]).toEqual(['binance', 90_200]);
  // Binance + Bybit where the source has no Binance data: Bybit leads.
  const noBinance = { ...prepared, exchanges: [{ ...prepared.exchanges[0], absent: 'no Binance data' }, prepared.exchanges[1]] } satisfies Prepared;
  expect([leadExchange(view, noBinance), viewMark(view, both[0].figures, both, noBinance)]).toEqual(['bybit', 97_000]);
  // The alerts follow the lead's streamed mark at every tick, while fresh and of the symbol.
  expect(liveMark(streamed.bybit, 'BTCUSDT', NOW)).toBe(97_000);
  expect(liveMark(streamed.bybit, 'ETHUSDT', NOW)).toBeNull();
  expect(liveMark(streamed.bybit, 'BTCUSDT', NOW + STREAM_FRESH_MS)).toBeNull();
});

test('a month only one exchange lacks is named for it (its part is zero there); months every exchange lacks are the banner\'s', () => {
  const gappy = {
    ...prepared, missing: ['2025-09'],
    exchanges: [{ ...prepared.exchanges[0], missing: ['2025-09'] }, { ...prepared.exchanges[1], missing: ['2025-09', '2025-10'] }],
  } satisfies Prepared;
  const per = exchangeFigures(view.exchanges, live, gappy, NOW);
  const request = mapRequest(view, per[0].figures, gappy, false, per);
  if (request.kind !== 'compute') throw new Error('no request');
  const result = {
    cells: { priceBin: new Float64Array(), side: new Uint8Array(), leverage: new Float64Array(), volumeUsd: new Float64Array() },
    curves: { longPrice: new Float64Array(), longCum: new Float64Array(), shortPrice: new Float64Array(), shortCum: new Float64Array() },
    totals: { long: 0, short: 0, total: 0, longBins: 0, shortBins: 0 },
    window: { fromHour: NOW - 86_400_000, toHour: NOW - 3_600_000, hours: 24, hoursWithData: 24 },
    entryNotional: 0, entryBuyNotional: 0, months: ['2025-10', '2025-11'], computeMs: 1,
    exchanges: [{ ...request.params.exchanges![0], months: ['2025-10', '2025-11'] }, { ...request.params.exchanges![1], months: ['2025-11'] }],
  } satisfies MapResult;
  const s = mapStatement(result, request.params, per[0].figures, gappy, false, true, per);
  expect(value(s.inputs, 'Bybit')).toContain('months 2025-11 (none of 2025-10)');
  expect(value(s.inputs, 'Binance')).toMatch(/months 2025-10, 2025-11$/);
  expect(s.warnings).toEqual(["Bybit has no profiles of 2025-10 in this source: the picture's part of that month is Binance's alone."]);
  // 2025-09 is lacking on both: the banner's, not the lead's list (which would also name months Bybit has).
  expect(missingEverywhere(gappy)).toEqual(['2025-09']);
  const binanceGap = { ...gappy, missing: ['2025-08'], exchanges: [{ ...gappy.exchanges[0], missing: ['2025-08'] }, { ...gappy.exchanges[1], missing: [] }] } satisfies Prepared;
  expect(missingEverywhere(binanceGap)).toEqual([]);
  // One exchange alone: its own months.
  expect(missingEverywhere({ ...gappy, exchanges: [gappy.exchanges[1]] })).toEqual(['2025-09']);
});

test("an exchange whose profiles end earlier is summed over its own window: the statement says which, and warns when a day or more apart", () => {
  const per = exchangeFigures(view.exchanges, live, prepared, NOW);
  const request = mapRequest(view, per[0].figures, prepared, false, per);
  if (request.kind !== 'compute') throw new Error('no request');
  const lead = { fromHour: NOW - 720 * 3_600_000, toHour: NOW - 3_600_000, hours: 720, hoursWithData: 720 };
  const early = { fromHour: lead.fromHour - 27 * 86_400_000, toHour: lead.toHour - 27 * 86_400_000, hours: 720, hoursWithData: 700 };
  const result = {
    cells: { priceBin: new Float64Array(), side: new Uint8Array(), leverage: new Float64Array(), volumeUsd: new Float64Array() },
    curves: { longPrice: new Float64Array(), longCum: new Float64Array(), shortPrice: new Float64Array(), shortCum: new Float64Array() },
    totals: { long: 0, short: 0, total: 0, longBins: 0, shortBins: 0 },
    window: lead, entryNotional: 0, entryBuyNotional: 0, months: ['2025-10', '2025-11'], computeMs: 1,
    exchanges: [{ ...request.params.exchanges![0], months: ['2025-11'], window: lead }, { ...request.params.exchanges![1], months: ['2025-10', '2025-11'], window: early }],
  } satisfies MapResult;
  const s = mapStatement(result, request.params, per[0].figures, prepared, false, true, per);
  const text = `${formatUtc(early.fromHour)} – ${formatUtc(early.toHour + 3_600_000)} (700 of 720 hours with data)`;
  expect(value(s.inputs, 'Bybit')).toContain(`months 2025-10, 2025-11; its window ${text}`);
  expect(value(s.inputs, 'Binance')).not.toContain('its window');
  expect(s.warnings).toContain(`Bybit's profiles end at ${formatUtc(early.toHour + 3_600_000)}, ${formatAge(27 * 86_400_000)} before Binance's: its part of the map is its own window, ${text}.`);
  // An hour apart (one exchange's live trades a little behind): stated, not warned.
  const close = { ...early, fromHour: lead.fromHour - 3_600_000, toHour: lead.toHour - 3_600_000 };
  const near = mapStatement({ ...result, exchanges: [result.exchanges[0], { ...result.exchanges[1], window: close }] }, request.params, per[0].figures, prepared, false, true, per);
  expect(value(near.inputs, 'Bybit')).toContain('its window');
  expect(near.warnings.filter((w) => w.includes('profiles end'))).toEqual([]);
});

test("the heatmap's statement says how many of the drawn candles an exchange has, and warns that its part of the rest is zero", () => {
  const used = [
    { id: 'binance' as const, oiUsd: 1e9, markPrice: 90_100, months: ['2025-11'], oiSource: 'history' },
    { id: 'bybit' as const, oiUsd: 3.6e8, markPrice: 90_050, months: ['2025-11'], oiSource: 'history', candles: { shared: 120, of: 180 } },
  ];
  const lines = exchangeLines(used, exchangeFigures(view.exchanges, live, prepared, NOW), prepared, 'summed; candles of the first', 'the price line');
  expect(value(lines.rows, 'Bybit')).toContain('months 2025-11; 120 of 180 candles; its OI history');
  expect(value(lines.rows, 'Binance')).not.toContain('candles');
  expect(lines.warnings).toContain("Bybit has 120 of the 180 candles drawn (Binance's): its part of the other 60 is zero.");
  expect(value(lines.rows, 'Mark used')).toBe("Binance's for the price line; each exchange's levels are placed from its own mark");
});

test('the months a picture lacks are said apart: those the source lacks, those it has that did not load', () => {
  const prepared = { symbol: 'BTCUSDT', months: ['2025-11'], missing: ['2025-09', '2025-10'], firstHour: 0, lastHour: 0, synthetic: false, lastClose: 1, lastOi: null, problems: [] };
  expect(missingMonthsPhrase({ ...prepared, unloaded: [] })).toBe('months 2025-09, 2025-10, not available from this source');
  expect(missingMonthsPhrase({ ...prepared, unloaded: ['2025-10'] })).toBe('month 2025-09, not available from this source; and month 2025-10, which this source has but whose files could not be loaded (named above)');
  expect(missingMonthsPhrase({ ...prepared, missing: [] })).toBe('');
});
