/**
 * `liqmap record` as a process against a local WebSocket server speaking Binance's combined
 * /market stream and Bybit's allLiquidation: sides as the exchanges mean them, day files in the
 * app's export format, a flush on SIGINT, SIGTERM and SIGHUP, and a restart that appends without duplicating.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { bybitLiquidation, forceOrder, startStreamMock, type StreamMock } from '../../mock/stream-mock.ts';
import { LIQUIDATIONS_CSV_HEADER } from '../../../src/lib/live/tape.ts';
import { runCli, startCli } from './cli-process.ts';
import { onStopSignals, readRecordOptions } from '../../../tools/cli/record.ts';
import { parseArgs } from '../../../tools/cli/args.ts';

let mock: StreamMock;
let out: string;
beforeAll(async () => {
  mock = await startStreamMock();
  out = await mkdtemp(path.join(tmpdir(), 'liqmap-record-'));
});
afterAll(async () => {
  await mock.close();
  await rm(out, { recursive: true, force: true });
});

const T = Date.UTC(2026, 0, 2, 3, 4, 5, 6);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, ok: () => boolean | Promise<boolean>, ms = 90_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** Started, with its signal handlers in place (it says "connected" after) and both subscriptions made. */
interface Recorder { child: ChildProcess; stderr: () => string; exited: Promise<number | null>; ready: () => boolean }

/** `crash`: SIGUSR2 then makes it fail by that fault (crash-hook.ts). `stopFault`: that step of its stop throws (stop-fault-hook.ts). */
function record(flushMs?: number, crash?: 'exception' | 'rejection' | 'twice', stopFault?: 'close' | 'flush'): Recorder {
  if (flushMs) process.env.LIQMAP_RECORD_FLUSH_MS = String(flushMs);
  const hook = [...(crash ? [path.join(import.meta.dirname, 'crash-hook.ts')] : []), ...(stopFault ? [path.join(import.meta.dirname, 'stop-fault-hook.ts')] : [])];
  const env = { ...(crash ? { LIQMAP_TEST_CRASH: crash } : {}), ...(stopFault ? { LIQMAP_TEST_STOP_FAULT: stopFault } : {}) };
  const child = startCli(['record', '--symbols', 'btcusdt,ETHUSDT', '--out', out, '--binance-ws', mock.binanceBase, '--bybit-ws', mock.bybitBase], hook, env);
  delete process.env.LIQMAP_RECORD_FLUSH_MS;
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  const ready = () => err.includes('Binance: connected') && err.includes('Bybit: connected') && subscribed();
  return { child, stderr: () => err, exited, ready };
}

const subscribed = () =>
  mock.clients().some((c) => c.exchange === 'binance' && c.streams.includes('btcusdt@forceOrder') && c.streams.includes('ethusdt@forceOrder'))
  && mock.clients().some((c) => c.exchange === 'bybit' && c.streams.includes('allLiquidation.BTCUSDT') && c.streams.includes('allLiquidation.ETHUSDT'));

function sendFirstEvents(): void {
  mock.sendBinance('btcusdt@forceOrder', forceOrder({ symbol: 'BTCUSDT', side: 'SELL', price: 94_000.5, qty: 0.25, time: T }));
  mock.sendBinance('ethusdt@forceOrder', forceOrder({ symbol: 'ETHUSDT', side: 'BUY', price: 3_100.25, qty: 2, time: T + 1_000 }));
  mock.sendBybit('allLiquidation.BTCUSDT', [bybitLiquidation({ symbol: 'BTCUSDT', side: 'Buy', price: 93_990, qty: 0.118, time: T + 500 })]);
  mock.sendBybit('allLiquidation.ETHUSDT', [bybitLiquidation({ symbol: 'ETHUSDT', side: 'Sell', price: 3_101, qty: 1.5, time: T + 700 })]);
}

const file = (symbol: string) => path.join(out, symbol, `${symbol}-liquidations-2026-01-02.csv`);
const lines = async (symbol: string) => (await readFile(file(symbol), 'utf8').catch(() => '')).split('\n').filter(Boolean);

test('records both exchanges with the right sides, flushes on SIGINT, and a restart appends without duplicating', async () => {
  // A flush interval far longer than the test: only the signal can write these lines.
  const first = record(600_000);
  await until('both subscriptions', first.ready);
  sendFirstEvents();
  await sleep(1_500);
  expect(await lines('BTCUSDT')).toEqual([]);
  first.child.kill('SIGINT');
  expect(await first.exited).toBe(0);
  expect(first.stderr()).toContain('SIGINT: stopped; 4 events written');

  expect(await lines('BTCUSDT')).toEqual([
    LIQUIDATIONS_CSV_HEADER,
    '2026-01-02T03:04:05.006Z,binance,BTCUSDT,long,94000.5,0.25,23500.125',
    '2026-01-02T03:04:05.506Z,bybit,BTCUSDT,long,93990,0.118,11090.82',
  ]);
  expect(await lines('ETHUSDT')).toEqual([
    LIQUIDATIONS_CSV_HEADER,
    '2026-01-02T03:04:05.706Z,bybit,ETHUSDT,short,3101,1.5,4651.5',
    '2026-01-02T03:04:06.006Z,binance,ETHUSDT,short,3100.25,2,6200.5',
  ]);

  // Restarted: the same events arrive again (an exchange's overlap), and one new one.
  await until('the first connections closed', () => mock.clients().length === 0);
  const second = record(600_000);
  await until('both subscriptions again', second.ready);
  sendFirstEvents();
  mock.sendBinance('btcusdt@forceOrder', forceOrder({ symbol: 'BTCUSDT', side: 'BUY', price: 94_100, qty: 0.5, time: T + 2_000 }));
  await sleep(1_500);
  second.child.kill('SIGTERM');
  expect(await second.exited).toBe(0);
  expect(second.stderr()).toContain('SIGTERM: stopped; 1 events written this run (4 already recorded, skipped)');
  const btc = await lines('BTCUSDT');
  expect(btc.filter((l) => l === LIQUIDATIONS_CSV_HEADER)).toHaveLength(1);
  expect(btc).toHaveLength(4);
  expect(btc[3]).toBe('2026-01-02T03:04:07.006Z,binance,BTCUSDT,short,94100,0.5,47050');
  expect(await lines('ETHUSDT')).toHaveLength(3);

  // A closed terminal or a dropped ssh session (SIGHUP) flushes too: before, it ended the process with the queue unwritten.
  await until('the second connections closed', () => mock.clients().length === 0);
  const third = record(600_000);
  await until('both subscriptions a third time', third.ready);
  mock.sendBybit('allLiquidation.ETHUSDT', [bybitLiquidation({ symbol: 'ETHUSDT', side: 'Buy', price: 3_090, qty: 4, time: T + 3_000 })]);
  await sleep(1_500);
  third.child.kill('SIGHUP');
  expect(await third.exited).toBe(0);
  expect(third.stderr()).toContain('SIGHUP: stopped; 1 events written this run');
  expect((await lines('ETHUSDT')).at(-1)).toBe('2026-01-02T03:04:08.006Z,bybit,ETHUSDT,long,3090,4,12360');
}, 600_000);

test.each(['exception', 'rejection', 'twice'] as const)('a fault nobody caught (%s) writes the liquidations held in memory, says what happened and exits 1; a second one while stopping is said', async (crash) => {
  await rm(out, { recursive: true, force: true });
  await until('the earlier connections closed', () => mock.clients().length === 0);
  // A flush interval far longer than the test: only the crash handling can write these lines.
  const run = record(600_000, crash);
  await until('both subscriptions', run.ready);
  sendFirstEvents();
  await sleep(1_500);
  expect(await lines('BTCUSDT')).toEqual([]);
  run.child.kill('SIGUSR2');
  expect(await run.exited).toBe(1);
  const what = crash === 'rejection' ? 'unhandled promise rejection' : 'uncaught exception';
  expect(run.stderr()).toContain(`liqmap: ${what} (a fault in liqmap: please report it): Error: test fault:`);
  expect(run.stderr()).toContain(`liqmap: ${what}: stopped; 4 events written this run`);
  if (crash === 'twice') expect(run.stderr()).toContain('liqmap: uncaught exception while stopping (a fault in liqmap: please report it): Error: test fault: a second exception');
  expect(await lines('BTCUSDT')).toEqual([
    LIQUIDATIONS_CSV_HEADER,
    '2026-01-02T03:04:05.006Z,binance,BTCUSDT,long,94000.5,0.25,23500.125',
    '2026-01-02T03:04:05.506Z,bybit,BTCUSDT,long,93990,0.118,11090.82',
  ]);
  expect(await lines('ETHUSDT')).toHaveLength(3);
}, 600_000);

test.each(['close', 'flush'] as const)('a step of the stop that throws (%s) is said, the other steps still run, and the recorder exits 1 (it exited 0, or ran on)', async (fault) => {
  await rm(out, { recursive: true, force: true });
  await until('the earlier connections closed', () => mock.clients().length === 0);
  // A flush interval far longer than the test: only the stop can write these lines.
  const run = record(600_000, undefined, fault);
  try {
    await until('both subscriptions', run.ready);
    sendFirstEvents();
    await sleep(1_500);
    run.child.kill('SIGINT');
    expect(await Promise.race([run.exited, sleep(60_000).then(() => 'still running')])).toBe(1);
    const err = run.stderr();
    expect(err).toContain('liqmap: Bybit: stopped');
    if (fault === 'close') {
      expect(err).toContain('liqmap: while stopping, closing Binance\'s stream failed: test fault: Binance\'s stream would not close');
      // Both exchanges' events are written all the same.
      expect(err).toContain('liqmap: SIGINT: stopped; 4 events written this run');
      expect(await lines('BTCUSDT')).toEqual([
        LIQUIDATIONS_CSV_HEADER,
        '2026-01-02T03:04:05.006Z,binance,BTCUSDT,long,94000.5,0.25,23500.125',
        '2026-01-02T03:04:05.506Z,bybit,BTCUSDT,long,93990,0.118,11090.82',
      ]);
      expect(await lines('ETHUSDT')).toHaveLength(3);
    } else {
      expect(err).toContain('liqmap: Binance: stopped');
      expect(err).toContain(`liqmap: while stopping, writing to ${out} failed: test fault: the writer failed on flush`);
      // Not written, not lost: the events are on stderr in the day files' format.
      expect(err).toContain(`liqmap: 4 events could not be written to ${out}; here they are in the day files' format:\n${LIQUIDATIONS_CSV_HEADER}\n`);
      expect(err).toContain('2026-01-02T03:04:05.006Z,binance,BTCUSDT,long,94000.5,0.25,23500.125\n');
      expect(err).toContain('2026-01-02T03:04:06.006Z,binance,ETHUSDT,short,3100.25,2,6200.5\n');
    }
  } finally {
    run.child.kill('SIGKILL');
  }
}, 600_000);

test('while running, events reach the file within the flush interval, and stderr reports each stream', async () => {
  await rm(out, { recursive: true, force: true });
  await until('the earlier connections closed', () => mock.clients().length === 0);
  const run = record();
  await until('both subscriptions', run.ready);
  mock.sendBybit('allLiquidation.BTCUSDT', [bybitLiquidation({ symbol: 'BTCUSDT', side: 'Sell', price: 94_500, qty: 1, time: T })]);
  await until('the line on disk', async () => (await lines('BTCUSDT')).length === 2, 30_000);
  expect((await lines('BTCUSDT'))[1]).toBe('2026-01-02T03:04:05.006Z,bybit,BTCUSDT,short,94500,1,94500');
  expect(run.stderr()).toContain('Binance: connected');
  expect(run.stderr()).toContain('Bybit: connected');
  run.child.kill('SIGINT');
  expect(await run.exited).toBe(0);
}, 600_000);

test('a symbol Bybit does not list is said and left out; the others are recorded from the same connection, not reconnected', async () => {
  await rm(out, { recursive: true, force: true });
  await until('the earlier connections closed', () => mock.clients().length === 0);
  mock.bybitUnlisted.add('ETHUSDT');
  const before = mock.connections.bybit;
  try {
    const run = record();
    await until('the refusal said', () => run.stderr().includes('Bybit does not list one of BTCUSDT, ETHUSDT (it answered "Invalid symbol :[allLiquidation.ETHUSDT]"): not recorded from Bybit; the others go on'));
    await until('BTCUSDT subscribed', () => mock.clients().some((c) => c.exchange === 'bybit' && c.streams.includes('allLiquidation.BTCUSDT')));
    mock.sendBybit('allLiquidation.BTCUSDT', [bybitLiquidation({ symbol: 'BTCUSDT', side: 'Sell', price: 94_500, qty: 1, time: T })]);
    await until('the line on disk', async () => (await lines('BTCUSDT')).length === 2, 30_000);
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(0);
    expect(mock.connections.bybit - before).toBe(1);
  } finally {
    mock.bybitUnlisted.clear();
  }
}, 600_000);

test('a second Ctrl-C while the recorder stops is said, not obeyed (a one-time handler left the default action: exit before the flush)', () => {
  const stops: string[] = [];
  const said: string[] = [];
  const before = process.listenerCount('SIGINT');
  const off = onStopSignals((signal) => stops.push(signal), (line) => said.push(line));
  try {
    process.emit('SIGINT');
    // Still handled: a real second SIGINT does not fall back to the default action.
    expect(process.listenerCount('SIGINT')).toBe(before + 1);
    process.emit('SIGINT');
    process.emit('SIGHUP');
    expect(stops).toEqual(['SIGINT']);
    expect(said).toEqual(['SIGINT: already stopping, writing what is queued (SIGKILL ends it at once).', 'SIGHUP: already stopping, writing what is queued (SIGKILL ends it at once).']);
  } finally {
    off();
  }
  expect(process.listenerCount('SIGINT')).toBe(before);
});

test('a folder that cannot be written is said once, not at every flush, and its recovery is said; nothing is lost', async () => {
  await rm(out, { recursive: true, force: true });
  await until('the earlier connections closed', () => mock.clients().length === 0);
  const run = record(50);
  await until('both subscriptions', run.ready);
  // The symbol's folder is a file: every append fails, as on a full disk, until it goes.
  await writeFile(path.join(out, 'BTCUSDT'), 'in the way');
  mock.sendBybit('allLiquidation.BTCUSDT', [bybitLiquidation({ symbol: 'BTCUSDT', side: 'Sell', price: 94_500, qty: 1, time: T })]);
  await until('the failure said', () => run.stderr().includes(`could not write to ${out}`), 30_000);
  await sleep(1_500); // dozens of flushes at 50 ms
  expect(run.stderr().split(`could not write to ${out}`)).toHaveLength(2);
  expect(run.stderr()).toContain('The events are kept in memory and written as soon as it can be (free space on that disk, or make the folder writable again)');
  await rm(path.join(out, 'BTCUSDT'));
  await until('the line on disk', async () => (await lines('BTCUSDT')).length === 2, 30_000);
  await until('the recovery said', () => run.stderr().includes(`writing to ${out} again`), 30_000);
  run.child.kill('SIGINT');
  expect(await run.exited).toBe(0);
}, 600_000);

test('--symbols with no symbol in it is refused (it recorded nothing, reconnecting for ever to a stream of no streams)', () => {
  for (const symbols of [',', ' ']) {
    expect(() => readRecordOptions(parseArgs(['record', '--symbols', symbols, '--out', out]))).toThrow('--symbols is required (e.g. BTCUSDT,ETHUSDT).');
  }
});

test('--exchanges naming none, or leaving out the exchange whose stream base is given, is refused (it was ignored without a word)', () => {
  const read = (...extra: string[]) => () => readRecordOptions(parseArgs(['record', '--symbols', 'BTCUSDT', '--out', out, ...extra]));
  expect(read('--exchanges', ',')).toThrow('--exchanges names no exchange');
  expect(read('--exchanges', 'bybit', '--binance-ws', 'wss://example.test/market')).toThrow('--binance-ws is given but --exchanges leaves Binance out.');
  expect(read('--exchanges', 'binance', '--binance-ws', 'wss://example.test/market')().bases.binance).toBe('wss://example.test/market');
});

test('an --out that cannot be created stops the recorder at once, naming it and why, exit 1 (under /proc it hung for ever in a recursive mkdir)', async () => {
  const file = path.join(out, 'a-file');
  await mkdir(out, { recursive: true });
  await writeFile(file, 'in the way');
  const cases = [
    ['/proc/liqmap-test/records', '/proc takes no new folders'],
    [path.join(file, 'records'), 'not a directory'],
  ];
  for (const [dir, why] of cases) {
    // Killed if it hangs: then it has no exit code and the assertions below say so.
    const run = await runCli(['record', '--symbols', 'BTCUSDT', '--out', dir, '--binance-ws', mock.binanceBase, '--bybit-ws', mock.bybitBase], {}, 60_000);
    expect([dir, run.signal, run.code]).toEqual([dir, null, 1]);
    expect(run.stderr).toContain(`liqmap: --out ${dir} cannot be created: `);
    expect(run.stderr).toContain(why);
    expect(run.stderr).toContain('Give a folder this user may write.');
    expect(run.stderr).not.toContain('recording BTCUSDT');
  }
}, 180_000);
