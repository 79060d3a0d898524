/**
 * `liqmap serve --profile-memory`: a long-running server keeps its loaded months within a
 * bound, letting the least recently used go (they load again when asked, with the same
 * answer), while a month in use stays loaded (asked again, nothing is loaded).
 */
import { afterEach, expect, test } from 'vitest';
import type { Server } from 'node:http';
import { parseArgs } from '../../../tools/cli/args.ts';
import { readServeOptions, startServer } from '../../../tools/cli/serve.ts';
import type { OpenedSource } from '../../../tools/cli/node-engine.ts';
import { ensureSample } from './cli-process.ts';

const running: Server[] = [];
afterEach(async () => {
  for (const s of running.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

async function serve(profileMemory?: number): Promise<{ url: string; src: OpenedSource }> {
  const { server, url, src } = await startServer({ source: ensureSample(), port: 0, host: '127.0.0.1', records: null, restBase: 'http://127.0.0.1:9', profileMemory });
  running.push(server);
  return { url, src };
}

const levels = (symbol: string) => `/liquidations/levels?symbol=${symbol}&timeframe=30&oi=80000&price=${symbol === 'BTCUSDT' ? 95000 : 2600}`;

async function get(url: string): Promise<{ status: number; body: { levels?: unknown; inputs?: { totals: unknown; months: unknown } } }> {
  const res = await fetch(url);
  return { status: res.status, body: await res.json() };
}

/** What an answer says of the market (not the typed-in figures' time, which is now). */
const map = (b: { levels?: unknown; inputs?: { totals: unknown; months: unknown } }) => ({ levels: b.levels, totals: b.inputs?.totals, months: b.inputs?.months });

/** Loaded bytes per symbol, once the server's trims queued behind its answers are done (a trim to no bound lets nothing go). */
async function loaded(src: OpenedSource): Promise<Record<string, number>> {
  await src.engine.trim(Infinity);
  const out: Record<string, number> = {};
  for (const m of src.engine.table.monthSizes()) out[m.symbol] = (out[m.symbol] ?? 0) + m.bytes;
  return out;
}

test('--profile-memory lets the least recently used months go, keeps the one in use, and answers the same', async () => {
  // What a 30-day window of each symbol holds, from a server without a tight bound.
  const wide = await serve();
  for (const s of ['BTCUSDT', 'ETHUSDT']) expect((await get(wide.url + levels(s))).status).toBe(200);
  const sizes = await loaded(wide.src);
  expect(sizes.BTCUSDT).toBeGreaterThan(0);
  expect(sizes.ETHUSDT).toBeGreaterThan(0);

  // A bound that holds either symbol's window, not both.
  const bound = Math.max(sizes.BTCUSDT, sizes.ETHUSDT);
  const { url, src } = await serve(bound);
  const first = await get(url + levels('BTCUSDT'));
  expect(first.status).toBe(200);
  expect(Object.keys(await loaded(src))).toEqual(['BTCUSDT']);
  const view = src.engine.table.symbol('BTCUSDT');
  // Asked again: its months stayed, nothing loaded (the table's view of the symbol is the same object).
  expect(map((await get(url + levels('BTCUSDT'))).body)).toEqual(map(first.body));
  expect(src.engine.table.symbol('BTCUSDT')).toBe(view);

  expect((await get(url + levels('ETHUSDT'))).status).toBe(200);
  expect(Object.keys(await loaded(src))).toEqual(['ETHUSDT']);
  const health = (await get(`${url}/health`)).body as unknown as { profileMemory: { months: number; bytes: number; maxBytes: number } };
  expect(health.profileMemory.maxBytes).toBe(bound);
  expect(health.profileMemory.bytes).toBeLessThanOrEqual(bound);
  expect(health.profileMemory.months).toBeGreaterThan(0);

  // BTCUSDT loads again and answers as before.
  const again = map((await get(url + levels('BTCUSDT'))).body);
  expect(again).toEqual(map(first.body));
  expect((again.levels as unknown[]).length).toBeGreaterThan(0);
  expect(Object.keys(await loaded(src))).toEqual(['BTCUSDT']);
}, 600_000);

test('--profile-memory takes 512MB, 2GB or a number of MB, and names anything else', () => {
  const read = (v: string) => readServeOptions(parseArgs(['serve', '--source', 'x', '--profile-memory', v]));
  expect(read('512MB').profileMemory).toBe(512 * 1024 ** 2);
  expect(read('2GB').profileMemory).toBe(2 * 1024 ** 3);
  expect(read('300').profileMemory).toBe(300 * 1024 ** 2);
  expect(() => read('lots')).toThrow('--profile-memory "lots" is not a size: give e.g. 512MB or 2GB.');
  expect(() => read('0')).toThrow(/is not a size/);
  expect(readServeOptions(parseArgs(['serve', '--source', 'x'])).profileMemory).toBe(1024 ** 3);
});
