// The live panel's summary follows the chosen exchanges: the figures the charts use, and a
// status line per chosen exchange (Binance's REST failure only where Binance is chosen).
import { describe, expect, it } from 'vitest';
import { figureSummary } from '../../../src/lib/live/figure-summary.ts';
import { exchangeFigures } from '../../../src/lib/state/used-figures.ts';
import { BinanceError } from '../../../src/lib/binance/errors.ts';
import type { LiveState } from '../../../src/lib/binance/index.ts';
import type { Prepared } from '../../../src/lib/engine/api.ts';

const NOW = Date.UTC(2026, 11, 7, 16, 0, 0);
const lastOi = (contracts: number, usd: number) => ({ time: NOW - 3_600_000, contracts, usd });
const prepared = {
  symbol: 'BTCUSDT', months: ['2025-11'], missing: [], firstHour: 0, lastHour: NOW - 3_600_000, synthetic: false, lastClose: 90_000, problems: [],
  lastOi: lastOi(10_000, 9e8),
  exchanges: [
    { id: 'binance', months: ['2025-11'], missing: [], lastClose: 90_000, lastHour: NOW - 3_600_000, lastOi: lastOi(10_000, 9e8) },
    { id: 'bybit', months: ['2025-11'], missing: [], lastClose: 90_050, lastHour: NOW - 3_600_000, lastOi: lastOi(4_000, 3.6e8) },
  ],
} satisfies Prepared;
const failure = new BinanceError({ kind: 'server', endpoint: '/fapi/v1/openInterest', symbol: 'BTCUSDT', status: 503, message: 'Binance server error (HTTP 503) on open interest for BTCUSDT (/fapi/v1/openInterest).' });
/** Binance's REST has never answered and its latest attempt failed. */
const binanceDown = { symbol: 'BTCUSDT', baseUrl: 'https://fapi.binance.com', source: 'none', figure: null, lastGood: null, manual: null, error: failure, loading: false, pause: null, nextAttemptAt: null, now: NOW } satisfies LiveState;
const bybitTicker = { bybit: { symbol: 'BTCUSDT', time: NOW - 3_000, markPrice: 95_100.5, contracts: 25_000, oiUsd: 2.3775e9 } };
const texts = (s: ReturnType<typeof figureSummary>) => s.lines.map((l) => l.text);

describe('figureSummary', () => {
  it('Bybit alone: its streamed figures, and nothing of Binance\u2019s failing REST', () => {
    const used = exchangeFigures(['bybit'], binanceDown, prepared, NOW, bybitTicker);
    const s = figureSummary('BTCUSDT', ['bybit'], binanceDown, used, NOW);
    expect([s.oiLabel, s.contracts, s.oiUsd, s.mark]).toEqual(['Open interest', '25,000 BTC', '$2.38 B', '$95,100.5']);
    expect(s.sources).toEqual([{ exchange: 'bybit', label: 'Bybit', source: 'stream' }]);
    expect(texts(s)).toEqual(["Bybit: live from Bybit's stream (tickers), as of 2026-12-07 15:59 UTC (3 s old)."]);
    expect(texts(s).join(' ')).not.toContain('Binance');
    expect(s.lines[0].warn).toBe(false);
  });

  it('Bybit alone before its first ticker: the profile\u2019s figures, said as such', () => {
    const s = figureSummary('BTCUSDT', ['bybit'], binanceDown, exchangeFigures(['bybit'], binanceDown, prepared, NOW), NOW);
    expect([s.contracts, s.oiUsd, s.mark, s.sources[0].source]).toEqual(['4,000 BTC', '$360.00 M', '$90,050', 'profile']);
    expect(texts(s)).toEqual(["Bybit: the charts use the profile's latest OI record and close (no Bybit figure yet), as of 2026-12-07 15:00 UTC (60 min old)."]);
  });

  it('Bybit alone with figures typed in: the charts and the panel use them', () => {
    const manual = { ...binanceDown, source: 'manual', figure: { symbol: 'BTCUSDT', source: 'manual', contracts: 1_000, markPrice: 70_000, oiUsd: 7e7, time: NOW - 8_000, ageMs: 8_000 } } satisfies LiveState;
    const used = exchangeFigures(['bybit'], manual, prepared, NOW, bybitTicker);
    expect(used[0].figures).toMatchObject({ source: 'manual', contracts: 1_000, oiUsd: 7e7, markPrice: 70_000 });
    const s = figureSummary('BTCUSDT', ['bybit'], manual, used, NOW);
    expect([s.contracts, s.oiUsd, s.sources[0].source]).toEqual(['1,000 BTC', '$70.00 M', 'manual']);
    expect(texts(s)).toEqual(['Bybit: typed in by hand, as of 2026-12-07 15:59 UTC (8 s old).']);
    // With both exchanges they are Binance's part; Bybit keeps its stream.
    expect(exchangeFigures(['binance', 'bybit'], manual, prepared, NOW, bybitTicker).map((e) => e.figures?.source)).toEqual(['manual', 'stream']);
  });

  it('Binance + Bybit: OI summed, the first exchange\u2019s mark, a line for each with Binance\u2019s failure flagged', () => {
    const used = exchangeFigures(['binance', 'bybit'], binanceDown, prepared, NOW, bybitTicker);
    const s = figureSummary('BTCUSDT', ['binance', 'bybit'], binanceDown, used, NOW);
    expect([s.oiLabel, s.contracts, s.oiUsd, s.mark]).toEqual(['Open interest (summed)', '35,000 BTC', '$3.28 B', '$90,000']);
    expect(s.sources.map((x) => x.source)).toEqual(['profile', 'stream']);
    expect(s.lines.map((l) => [l.exchange, l.warn])).toEqual([['binance', true], ['bybit', false]]);
    expect(s.lines[0].text).toContain('Latest attempt failed: Binance server error (HTTP 503)');
  });

  it('Binance alone: the streamed mark the charts use, not the REST one', () => {
    const live = { ...binanceDown, error: null, source: 'live', figure: { symbol: 'BTCUSDT', source: 'live', contracts: 80_000, markPrice: 95_000, oiUsd: 7.6e9, time: NOW - 2_000, ageMs: 2_000 } } satisfies LiveState;
    const used = exchangeFigures(['binance'], live, prepared, NOW, { binance: { symbol: 'BTCUSDT', time: NOW - 1_000, markPrice: 75_000, contracts: null, oiUsd: null } });
    const s = figureSummary('BTCUSDT', ['binance'], live, used, NOW);
    expect([s.contracts, s.oiUsd, s.mark, s.sources[0].source]).toEqual(['80,000 BTC', '$6.00 B', '$75,000', 'live']);
    expect(texts(s)).toEqual(['Live from Binance, 2 s old.']);
  });

  it('an exchange the view has no data for is left out of the sums, as the pictures leave it out, and its line says why', () => {
    const used = exchangeFigures(['binance', 'bybit'], binanceDown, prepared, NOW, bybitTicker);
    const noBybit = { exchanges: [prepared.exchanges[0], { id: 'bybit' as const, months: [], missing: [], lastClose: NaN, lastOi: null, lastHour: NaN, absent: 'No profile data for BTCUSDT on Bybit in this source.' }] };
    const s = figureSummary('BTCUSDT', ['binance', 'bybit'], binanceDown, used, NOW, noBybit);
    expect([s.contracts, s.oiUsd]).toEqual(['10,000 BTC', '$900.00 M']);
    expect(s.sources.map((x) => x.source)).toEqual(['profile', 'none']);
    expect(s.lines[1]).toEqual({ exchange: 'bybit', text: 'Bybit: left out of the pictures. No profile data for BTCUSDT on Bybit in this source.', warn: true });
  });
});

