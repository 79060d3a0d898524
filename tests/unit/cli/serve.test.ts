/**
 * `liqmap serve` over a real socket: the seed's paths, JSON equal to the app's map, 400s that
 * name the parameter, CORS for GETs, profiles fetched once for concurrent requests, and the
 * recorder's files served as history.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Server } from 'node:http';
import { parseViewState } from '../../../src/lib/state/view-state.ts';
import { mapRequest } from '../../../src/lib/state/map-controller.ts';
import { makeLiquidation } from '../../../src/lib/live/events.ts';
import { LIQUIDATIONS_CSV_HEADER } from '../../../src/lib/live/tape.ts';
import { startStaticServer, type StaticServer } from '../../helpers/static-server.ts';
import { startServer } from '../../../tools/cli/serve.ts';
import { appEngine, manual } from './app-exports.ts';
import { RecordWriter } from '../../../tools/cli/record-files.ts';
import { ensureSample } from './cli-process.ts';

let files: StaticServer;
let api: { server: Server; url: string };
let records: string;
beforeAll(async () => {
  const sample = ensureSample();
  files = await startStaticServer(path.dirname(sample), '/p/');
  records = await mkdtemp(path.join(tmpdir(), 'liqmap-serve-'));
  api = await startServer({ source: `${files.url}sample/manifest.json`, port: 0, host: '127.0.0.1', records, restBase: 'http://127.0.0.1:9' });
}, 300_000);
afterAll(async () => {
  api.server.closeAllConnections();
  await new Promise((r) => api.server.close(r));
  await files.close();
  await rm(records, { recursive: true, force: true });
});

const get = async (pathAndQuery: string) => {
  const res = await fetch(api.url + pathAndQuery);
  const text = await res.text();
  return { status: res.status, cors: res.headers.get('access-control-allow-origin'), type: res.headers.get('content-type'), text, json: () => JSON.parse(text) };
};

test('GET /health says ok, with CORS *', async () => {
  const r = await get('/health');
  expect(r.status).toBe(200);
  expect(r.cors).toBe('*');
  expect(r.json()).toMatchObject({ status: 'ok', service: 'liqmap', symbols: ['BTCUSDT', 'ETHUSDT'] });
});

test('concurrent /liquidations/levels requests share one load of each profile and equal the app map', async () => {
  const q = '/liquidations/levels?symbol=BTCUSDT&model=openinterest&timeframe=60&oi=80000&price=95000';
  const answers = await Promise.all([get(q), get(q), get(q), get(q.replace('timeframe=60', 'timeframe=60&step=250'))]);
  for (const a of answers) expect(a.status).toBe(200);
  expect(answers[0].json().inputs.window.hoursWithData).toBe(60 * 24);
  expect(answers[1].json().levels).toEqual(answers[0].json().levels);
  const parquet = files.requests.filter((p) => p.endsWith('.parquet'));
  expect(parquet.length).toBeGreaterThan(0);
  expect(new Set(parquet).size).toBe(parquet.length);

  const engine = await appEngine(`${files.url}sample/manifest.json`);
  const view = parseViewState('?symbol=BTCUSDT&window=60').state;
  const prepared = await engine.prepare('BTCUSDT', 60);
  const request = mapRequest(view, manual(80_000, 95_000), prepared, true);
  if (request.kind !== 'compute') throw new Error(request.kind);
  const cells = (await engine.computeMap(request.params)).cells;
  const levels = answers[0].json().levels;
  expect(levels.map((l: { volume_usd: number }) => l.volume_usd)).toEqual(Array.from(cells.volumeUsd).filter((v) => v !== 0));
  expect(answers[3].json().inputs.step).toBe(250);
}, 600_000);

test('bad parameters get 400 naming the parameter', async () => {
  const cases: [string, string][] = [
    ['/liquidations/levels?symbol=BTCUSDT&timeframe=x&oi=1&price=2', 'parameter "timeframe" "x"'],
    ['/liquidations/levels?symbol=BTCUSDT&model=volume&oi=1&price=2', 'parameter "model" "volume"'],
    ['/liquidations/levels?oi=1&price=2', 'parameter "symbol" is required'],
    ['/liquidations/levels?symbol=BTCUSDT&exchanges=binance,okx&oi=1&price=2', 'parameter "exchanges" "binance,okx" is not a list of binance, bybit'],
    ['/liquidations/levels?symbol=BTCUSDT&price=2', 'parameter "price" needs parameter "oi"'],
    ['/liquidations/levels?symbol=SOLUSDT&oi=1&price=2', 'parameter "symbol" "SOLUSDT"'],
    ['/liquidations/heatmap?symbol=BTCUSDT&range=2w&oi=1&price=2', 'parameter "range" "2w"'],
    ['/liquidations/levels?symbol=BTCUSDT&colour=red&oi=1&price=2', 'parameter "colour"'],
    ['/liquidations/history?symbol=BTCUSDT&from=yesterday', 'parameter "from" "yesterday"'],
    // Before, the first of a repeated parameter and one of two names of the window were picked silently.
    ['/liquidations/levels?symbol=BTCUSDT&symbol=ETHUSDT&oi=1&price=2', 'parameter "symbol" is given 2 times; give it once.'],
    ['/liquidations/history?symbol=BTCUSDT&to=1&to=2', 'parameter "to" is given 2 times'],
    ['/liquidations/levels?symbol=BTCUSDT&timeframe=30&window=7&oi=1&price=2', 'Give parameter "window" or parameter "timeframe", not both'],
    // Empty read as absent: symbol= answered BTCUSDT's map, step= the automatic step.
    ['/liquidations/levels?symbol=&oi=1&price=2', 'parameter "symbol" is empty: give it a value, or leave it out.'],
    ['/liquidations/heatmap?symbol=BTCUSDT&step=&oi=1&price=2', 'parameter "step" is empty'],
    // Said in the model's words alone ("Weights sum to 0.9, under 1 by 0.1."), naming no parameter.
    ['/liquidations/levels?symbol=BTCUSDT&tiers=5:.5,10:.4&oi=1&price=2', 'parameter "tiers" "5:.5,10:.4": Weights sum to 0.9, under 1 by 0.1.'],
    ['/liquidations/heatmap?symbol=BTCUSDT&tiers=5:.5,5:.5&oi=1&price=2', 'parameter "tiers" "5:.5,5:.5": Leverage 5x is listed twice'],
    // An option of the other view was ignored: the 30-day map for range=7d, the same heatmap for any window or model=trades.
    ['/liquidations/levels?symbol=BTCUSDT&range=7d&oi=1&price=2', 'parameter "range" is the heatmap\'s span; the map\'s lookback is parameter "window"'],
    ['/liquidations/heatmap?symbol=BTCUSDT&timeframe=7&oi=1&price=2', 'parameter "timeframe" is the map\'s lookback; the heatmap spans parameter "range"'],
    ['/liquidations/heatmap?symbol=BTCUSDT&model=trades&oi=1&price=2', 'parameter "model" "trades" is the map\'s; the heatmap always walks open interest'],
    // Was a 500 "No profile data for ETHUSDT on Bybit".
    ['/liquidations/levels?symbol=ETHUSDT&exchanges=bybit', 'parameter "exchanges" "bybit": the source'],
    // Typed-in figures are Binance's: without Binance they were ignored while the notes said "typed in by hand".
    ['/liquidations/levels?symbol=BTCUSDT&exchanges=bybit&oi=1000&price=50000', 'parameter "oi", parameter "oi-usd" and parameter "price" are Binance\'s figures'],
  ];
  for (const [q, message] of cases) {
    const r = await get(q);
    expect([q, r.status]).toEqual([q, 400]);
    expect(r.cors).toBe('*');
    expect(r.json().error).toContain(message);
  }
  // With several exchanges, one without profiles of the symbol is left out and said so (it was "no open interest record in its profile").
  const both = await get('/liquidations/levels?symbol=ETHUSDT&exchanges=binance,bybit&oi=1000&price=2600');
  expect(both.status).toBe(200);
  expect(both.json().inputs.notes).toContain('bybit: left out of the sum. No Bybit profile data for ETHUSDT in this source.');
  // A Bybit-only map asks no Binance server and states Bybit's profile figures.
  const bybit = await get('/liquidations/levels?symbol=BTCUSDT&exchanges=bybit');
  expect(bybit.status).toBe(200);
  // As of when, as Binance's line says (it gave no date: a profile's last record can be a year old).
  const asOf = new Date(bybit.json().inputs.figures.time).toISOString().slice(0, 16).replace('T', ' ');
  expect(bybit.json().inputs.notes).toEqual([expect.stringMatching(new RegExp(`^bybit: open interest and price: the profile's latest OI record and close \\(no Bybit figure yet\\), as of ${asOf} UTC \\(\\d+ days old\\)$`))]);
  expect(bybit.json().inputs.figures.source).toBe('profile');
  // An empty map says why, rather than a bare empty list.
  const empty = await get('/liquidations/levels?symbol=BTCUSDT&window=1&threshold=5000000&oi=80000&price=95000');
  expect(empty.json().levels).toEqual([]);
  expect(empty.json().inputs.notes).toContain('the map is empty: no trade of $5,000,000 or more in the 1-day window; lower parameter "threshold" or widen parameter "window".');
  // A refused open interest is named once, not also as missing for the price.
  const oi = await get('/liquidations/levels?symbol=BTCUSDT&oi=-5&price=95000');
  expect(oi.json().problems).toEqual(['parameter "oi" "-5" is not a positive open interest in BTC.']);
  expect((await get('/liquidations/nothing')).status).toBe(404);
}, 600_000);

test('GET /liquidations/heatmap gives the matrix, candles and liquidated USD per candle', async () => {
  const r = await get('/liquidations/heatmap?symbol=ETHUSDT&range=3d&oi=1000000&price=3000');
  expect(r.status).toBe(200);
  const h = r.json();
  expect(h.times.length).toBeGreaterThan(10);
  expect(h.matrix).toHaveLength(h.times.length);
  expect(h.matrix[0]).toHaveLength(h.priceBins.length);
  expect(h.candles).toHaveLength(h.times.length);
  expect(h.liquidated.long).toHaveLength(h.times.length);
  expect(h.inputs).toMatchObject({ symbol: 'ETHUSDT', range: '3d', rangeDays: 3, oiUsd: 3e9 });
}, 600_000);

test('GET /liquidations/history serves what the recorder wrote, between from and to, as JSON or CSV', async () => {
  const t = Date.UTC(2026, 0, 2, 23, 59, 0);
  const writer = new RecordWriter(records);
  writer.add([
    makeLiquidation(t, 'binance', 'BTCUSDT', 'long', 94_000, 0.5),
    makeLiquidation(t + 120_000, 'bybit', 'BTCUSDT', 'short', 94_100, 1),
    makeLiquidation(t + 3_600_000, 'binance', 'BTCUSDT', 'short', 94_200, 2),
  ]);
  await writer.flush();
  const r = await get(`/liquidations/history?symbol=btcusdt&from=2026-01-02T23:00:00Z&to=${t + 3_600_000}`);
  expect(r.status).toBe(200);
  expect(r.json().liquidations.map((e: { exchange: string; side: string; time: string }) => [e.exchange, e.side, e.time])).toEqual([
    ['binance', 'long', '2026-01-02T23:59:00.000Z'],
    ['bybit', 'short', '2026-01-03T00:01:00.000Z'],
  ]);
  const csv = await get('/liquidations/history?symbol=BTCUSDT&from=2026-01-01&to=2026-01-04&format=csv');
  expect(csv.type).toContain('text/csv');
  expect(csv.text.split('\n')[0]).toBe(LIQUIDATIONS_CSV_HEADER);
  expect(csv.text.trim().split('\n')).toHaveLength(4);
  // A symbol never recorded there is said, not answered as a quiet market.
  const none = await get('/liquidations/history?symbol=SOLUSDT');
  expect(none.status).toBe(200);
  expect(none.json().liquidations).toEqual([]);
  expect(none.json().problems).toEqual([`${path.join(records, 'SOLUSDT')} does not exist: nothing of SOLUSDT was recorded there (liqmap record --symbols SOLUSDT --out ${records} writes it).`]);
});

test('a port in use is named with what to do, not as a bare "listen EADDRINUSE"', async () => {
  const port = Number(new URL(api.url).port);
  await expect(startServer({ source: `${files.url}sample/manifest.json`, port, host: '127.0.0.1', records: null, restBase: 'http://127.0.0.1:9' }))
    .rejects.toThrow(`--port ${port}: 127.0.0.1:${port} is already in use (another liqmap serve?); stop that server or choose another --port.`);
});
