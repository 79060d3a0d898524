/**
 * The Bybit builder (`--exchange bybit`) on Bybit's real shapes: header read by name (a newer
 * file's extra column), float-second timestamps, rows newest first, fills grouped into trades,
 * both-sides OI halved unless the answer has singleOpenInterest; equality with an independent
 * aggregation (bybit-spec.ts); --fetch against a local archive and API (pages, cursor, 404 day,
 * retCode error, nothing fetched twice, an offline rebuild); Binance beside Bybit in one manifest.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { copyFile, readdir, readFile, readlink, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bybitDumpPath, bybitOiDayPath } from '../../../src/exchanges/bybit/archive/names.ts';
import { parseManifest } from '../../../src/lib/data/manifest.ts';
import { buildBybitProfiles } from '../../../src/exchanges/bybit/builder/build.ts';
import { readDumpHead } from '../../../src/exchanges/bybit/builder/inputs.ts';
import { fetchBybit, type BybitFetchOptions } from '../../../src/exchanges/bybit/builder/fetch.ts';
import { pruneBybitBuilt } from '../../../src/exchanges/bybit/builder/prune.ts';
import { generateBybitArchive } from '../../../src/exchanges/bybit/synth/archive.ts';
import { generateArchive } from '../../../tools/synth/archive.ts';
import { candlesOf, oiOf, tradesOf, volumeOf } from './bybit-spec.ts';
import { DUMP_DAYS, NOW, startBybitServer, SYMBOL, type BybitServer } from './bybit-server.ts';
import { build, put, query, tempDir } from './helpers.ts';

const run = promisify(execFile);
const bybitBuild = (inDir: string, outDir: string) => buildBybitProfiles({ inDir, outDir, threads: 2, log: () => {} });
const rows = (path: string, select: string, order: string) => query(`SELECT ${select} FROM '${path}' ORDER BY ${order}`);
const meta = async (path: string) => Object.fromEntries((await query(`SELECT decode(key) AS k, decode(value) AS v FROM parquet_kv_metadata('${path}')`)).map((r) => [r.k, r.v]));

function close(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(a), Math.abs(b));
}
function expectRowsClose(got: Record<string, unknown>[], want: Record<string, unknown>[]): void {
  expect(got.length).toBe(want.length);
  got.forEach((g, i) => {
    for (const [k, v] of Object.entries(want[i])) {
      const x = g[k];
      if (typeof v === 'number') expect(close(Number(x), v), `row ${i} ${k}: ${String(x)} vs ${v}`).toBe(true);
      else expect(x).toBe(v);
    }
  });
}

const HEADER = 'timestamp,symbol,side,size,price,tickDirection,trdMatchID,grossValue,homeNotional,foreignNotional';

describe('Bybit dumps as they are', () => {
  it('groups fills into trades, reads the header by name, orders a sweep, halves both-sides OI', async () => {
    const inDir = await tempDir('bybit-shapes');
    // 2025-11-03 00:00:00 is 1762128000. Newest first; a newer header with one more column.
    const day3 = [
      `${HEADER},RPI`,
      '1762128300.5,BTCUSDT,Sell,0.5,100000.5,MinusTick,c1,5000025000000.0,0.5,50000.25,0',
      '1762128010.2097,BTCUSDT,Buy,2.0,100010.0,PlusTick,a2,20002000000000.0,2.0,200020.0,0',
      '1762128010.2097,BTCUSDT,Buy,3.0,100010.0,PlusTick,a1,30003000000000.0,3.0,300030.0,0',
      '1762128010.2097,BTCUSDT,Buy,0.05,100000.0,ZeroPlusTick,b1,500000000000.00006,0.05,5000.0,0',
    ].join('\n') + '\n';
    const day4 = [HEADER, '1762214401.37,BTCUSDT,Buy,0.1,100020.0,PlusTick,d1,100020000000.0,0.1,10002.0'].join('\n') + '\n';
    await put(join(inDir, bybitDumpPath(SYMBOL, '2025-11-03')), gzipSync(Buffer.from(day3)));
    await put(join(inDir, bybitDumpPath(SYMBOL, '2025-11-04')), gzipSync(Buffer.from(day4)));
    const page = (list: object[]) => ({ retCode: 0, retMsg: 'OK', result: { symbol: SYMBOL, category: 'linear', list, nextPageCursor: '' }, retExtInfo: {}, time: 1 });
    await put(join(inDir, bybitOiDayPath(SYMBOL, '2025-11-03')), JSON.stringify({ symbol: SYMBOL, day: '2025-11-03', pages: [
      page([{ openInterest: '150', singleOpenInterest: '70', timestamp: '1762128600000' }, { openInterest: '200', timestamp: '1762128300000' }]),
      page([{ openInterest: '200', timestamp: '1762128000000' }]),
    ] }));
    const out = await tempDir('bybit-shapes-out');
    const r = await bybitBuild(inDir, out);
    expect(r.months.map((m) => [m.status, m.reason])).toEqual([['built', undefined]]);
    const dir = join(out, 'bybit', SYMBOL);
    expect(await rows(join(dir, `${SYMBOL}-2025-11.volume.parquet`), 'epoch_ms(hour)::DOUBLE AS hour, price_bin, side, size_min, notional, quantity, trades', 'hour, price_bin, side, size_min'))
      .toEqual([
        { hour: 1762128000000, price_bin: 100000, side: 'buy', size_min: 0, notional: 5000, quantity: 0.05, trades: 1n },
        { hour: 1762128000000, price_bin: 100000, side: 'sell', size_min: 10000, notional: 50000.25, quantity: 0.5, trades: 1n },
        { hour: 1762128000000, price_bin: 100010, side: 'buy', size_min: 500000, notional: 500050, quantity: 5, trades: 1n },
        { hour: 1762214400000, price_bin: 100020, side: 'buy', size_min: 10000, notional: 10002, quantity: 0.1, trades: 1n },
      ]);
    // The buy swept upward at one instant: 100000 before 100010.
    expect(await rows(join(dir, `${SYMBOL}-2025-11.candles.parquet`), 'epoch_ms(time)::DOUBLE AS t, open, high, low, close, volume, trades', 't'))
      .toEqual([
        { t: 1762128000000, open: 100000, high: 100010, low: 100000, close: 100010, volume: 5.05, trades: 2n },
        { t: 1762128300000, open: 100000.5, high: 100000.5, low: 100000.5, close: 100000.5, volume: 0.5, trades: 1n },
        { t: 1762214400000, open: 100020, high: 100020, low: 100020, close: 100020, volume: 0.1, trades: 1n },
      ]);
    expect(await rows(join(dir, `${SYMBOL}-2025-11.oi.parquet`), 'epoch_ms(time)::DOUBLE AS t, open_interest, open_interest_usd', 't'))
      .toEqual([
        { t: 1762128000000, open_interest: 100, open_interest_usd: 100 * 100010 },
        { t: 1762128300000, open_interest: 100, open_interest_usd: 100 * 100000.5 },
        { t: 1762128600000, open_interest: 70, open_interest_usd: 70 * 100000.5 },
      ]);
    const m = await meta(join(dir, `${SYMBOL}-2025-11.volume.parquet`));
    expect(m['liqmap.exchange']).toBe('bybit');
    expect(m['liqmap.days']).toBe('2025-11-03..2025-11-04');
    expect(m['liqmap.synthetic']).toBe('false');
    const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.files.map((f: { exchange: string; path: string }) => `${f.exchange} ${f.path}`)).toEqual([
      'bybit bybit/BTCUSDT/BTCUSDT-2025-11.volume.parquet', 'bybit bybit/BTCUSDT/BTCUSDT-2025-11.candles.parquet',
      'bybit bybit/BTCUSDT/BTCUSDT-2025-11.oi.parquet',
    ]);
  });

  it('leaves bad fills out of their trade, counts them, and never merges an unknown side into a buy', async () => {
    const inDir = await tempDir('bybit-bad-fills');
    const day = [
      HEADER,
      '1762128300.5,BTCUSDT,Sell,0.5,100000.5,MinusTick,s1,0,0,0',
      '1762128300.5,BTCUSDT,Sell,0,100000.5,MinusTick,s2,0,0,0', // a zero size inside a good trade
      '1762128300.5,BTCUSDT,Sell,,100000.5,MinusTick,s3,0,0,0', // an empty size inside it
      '1762128010.2,BTCUSDT,Hold,9.0,100000.0,PlusTick,h1,0,0,0', // an unknown side at a buy's key
      '1762128010.2,BTCUSDT,Buy,1.0,100000.0,PlusTick,b1,0,0,0',
      '1762128010.2,BTCUSDT,,2.0,100000.0,PlusTick,h2,0,0,0', // an empty side there too
      '1762128005.0,BTCUSDT,Buy,1.0,,PlusTick,p1,0,0,0', // an empty price
      '1762128004.0,BTCUSDT,Buy,-3.0,100001.0,PlusTick,n1,0,0,0', // a trade of one bad fill only
    ].join('\n') + '\n';
    await put(join(inDir, bybitDumpPath(SYMBOL, '2025-11-03')), gzipSync(Buffer.from(day)));
    const out = await tempDir('bybit-bad-fills-out');
    const r = await bybitBuild(inDir, out);
    expect(r.months.map((m) => [m.status, m.rows])).toEqual([['built', 2]]);
    expect(r.months[0].warnings.join('; ')).toMatch(/6 row\(s\) with an empty or non-positive value/);
    const dir = join(out, 'bybit', SYMBOL);
    expect(await rows(join(dir, `${SYMBOL}-2025-11.volume.parquet`), 'epoch_ms(hour)::DOUBLE AS hour, price_bin, side, size_min, notional, quantity, trades', 'hour, price_bin, side, size_min'))
      .toEqual([
        { hour: 1762128000000, price_bin: 100000, side: 'buy', size_min: 100000, notional: 100000, quantity: 1, trades: 1n },
        { hour: 1762128000000, price_bin: 100000, side: 'sell', size_min: 10000, notional: 50000.25, quantity: 0.5, trades: 1n },
      ]);
    expect(await rows(join(dir, `${SYMBOL}-2025-11.candles.parquet`), 'epoch_ms(time)::DOUBLE AS t, open, close, volume, trades', 't'))
      .toEqual([
        { t: 1762128000000, open: 100000, close: 100000, volume: 1, trades: 1n },
        { t: 1762128300000, open: 100000.5, close: 100000.5, volume: 0.5, trades: 1n },
      ]);
  });

  it('refuses a dump of another symbol, without a price column or not gzip, naming the file (the earliest day of a month with two)', async () => {
    const inDir = await tempDir('bybit-bad');
    await put(join(inDir, bybitDumpPath(SYMBOL, '2025-11-03')), gzipSync(Buffer.from(`${HEADER}\n1762128300.5,ETHUSDT,Sell,0.5,3000.5,MinusTick,c,1,1,1\n`)));
    await put(join(inDir, bybitDumpPath('ETHUSDT', '2025-11-03')), gzipSync(Buffer.from('timestamp,symbol,side,size\n1762128300.5,ETHUSDT,Sell,0.5\n')));
    // Two bad heads in one month (read side by side): the earlier day is named.
    await put(join(inDir, bybitDumpPath('SOLUSDT', '2025-11-04')), gzipSync(Buffer.from('timestamp,symbol,side,size\n1762214401.37,SOLUSDT,Buy,1\n')));
    await put(join(inDir, bybitDumpPath('SOLUSDT', '2025-11-03')), Buffer.from(`${HEADER}\n`));
    const r = await bybitBuild(inDir, await tempDir('bybit-bad-out'));
    expect(r.refused).toBe(3);
    expect(r.months.find((m) => m.symbol === 'SOLUSDT')?.reason).toBe(`${bybitDumpPath('SOLUSDT', '2025-11-03')}: not a gzip file`);
    expect(r.months.find((m) => m.symbol === SYMBOL)?.reason).toMatch(/BTCUSDT2025-11-03\.csv\.gz: rows of ETHUSDT, expected BTCUSDT/);
    expect(r.months.find((m) => m.symbol === 'ETHUSDT')?.reason).toMatch(/ETHUSDT2025-11-03\.csv\.gz: the header has no price column/);
  });

  it.runIf(existsSync('/proc/self/fd'))('reads a dump\'s head and leaves no handle of the file open', async () => {
    // Rows that do not compress away: the head is read long before the file's end.
    const lines = Array.from({ length: 40_000 }, (_, i) => `1762128300.5,${SYMBOL},Sell,0.5,${100_000 + i},MinusTick,${randomBytes(16).toString('hex')},1,1,1`);
    const path = join(await tempDir('bybit-head'), bybitDumpPath(SYMBOL, '2025-11-03'));
    await put(path, gzipSync(Buffer.from(`${HEADER}\n${lines.join('\n')}\n`)));
    expect((await stat(path)).size).toBeGreaterThan(4 * 65_536);
    const openOnIt = async () => (await Promise.all((await readdir('/proc/self/fd')).map((fd) => readlink(`/proc/self/fd/${fd}`).catch(() => '')))).filter((t) => t === path).length;
    for (let i = 0; i < 5; i++) expect((await readDumpHead(path)).firstPrice).toBe(100_000);
    expect(await openOnIt()).toBe(0);
  });
});

describe('Bybit fetch and build', () => {
  let host: BybitServer;
  let inDir: string;
  let out: string;
  beforeAll(async () => {
    host = await startBybitServer();
    inDir = await tempDir('bybit-in');
    out = await tempDir('bybit-out');
  }, 120_000);
  afterAll(async () => { await host.close(); });
  const options = (extra: Partial<BybitFetchOptions> = {}): BybitFetchOptions => ({
    symbols: [SYMBOL], months: ['2025-09', '2025-10'], inDir, base: host.base, apiBase: host.apiBase, now: NOW, log: () => {},
    http: { retryDelayMs: 10, attempts: 2, idleTimeoutMs: 5_000 }, ...extra,
  });

  it('fetches the dumps and every day\'s OI pages (cursor followed), names the day not out yet, and fetches nothing twice', async () => {
    const r = await fetchBybit(options());
    expect(r.notPublished).toContain(`${SYMBOL}2025-10-03.csv.gz`);
    for (const day of DUMP_DAYS) {
      expect(await readFile(join(inDir, bybitDumpPath(SYMBOL, day)))).toEqual(await readFile(join(host.root, bybitDumpPath(SYMBOL, day))));
    }
    // Each day is 288 records: two pages, the second asked for with the first's cursor.
    const oct2 = host.apiRequests.filter((q) => q.get('startTime') === String(Date.parse('2025-10-02T00:00:00Z')));
    expect(oct2.map((q) => q.get('cursor'))).toEqual(['', expect.stringMatching(/.+/)]);
    expect(oct2[0].get('intervalTime')).toBe('5min');
    expect(oct2[0].get('category')).toBe('linear');
    const oiDays = (await readdir(join(inDir, 'open-interest', SYMBOL))).length;
    expect(oiDays).toBe(30 + 3);
    const before = host.archive.requests.length + host.apiRequests.length;
    const again = await fetchBybit(options());
    expect(again.downloaded).toEqual([]);
    expect(host.archive.requests.length + host.apiRequests.length - before).toBe(
      again.notPublished.filter((n) => n.endsWith('.csv.gz')).length);
  });

  it('builds what it fetched, offline, equal to an independent aggregation of the same dumps', async () => {
    await host.close();
    const r = await bybitBuild(inDir, out);
    expect(r.months.map((m) => [m.month, m.status])).toEqual([['2025-09', 'built'], ['2025-10', 'built']]);
    for (const month of ['2025-09', '2025-10']) {
      const dumps = DUMP_DAYS.filter((d) => d.startsWith(month)).map((d) => join(inDir, bybitDumpPath(SYMBOL, d)));
      const trades = tradesOf(dumps);
      const file = (kind: string) => join(out, 'bybit', SYMBOL, `${SYMBOL}-${month}.${kind}.parquet`);
      const md = await meta(file('volume'));
      expect(md['liqmap.synthetic']).toBe('true');
      const step = Number(md['liqmap.price_step']);
      expectRowsClose(await rows(file('volume'), 'epoch_ms(hour) AS hour, price_bin, side, size_min, notional, quantity, trades::DOUBLE AS trades', 'hour, price_bin, side, size_min'),
        volumeOf(trades, step));
      const candles = candlesOf(trades);
      expectRowsClose(await rows(file('candles'), 'epoch_ms(time) AS time, open, high, low, close, volume, quote_volume, taker_buy_quote_volume, trades::DOUBLE AS trades', 'time'), candles);
      const oiFiles = (await readdir(join(inDir, 'open-interest', SYMBOL))).filter((n) => n.includes(`-${month}-`)).map((n) => join(inDir, 'open-interest', SYMBOL, n));
      expectRowsClose(await rows(file('oi'), 'epoch_ms(time) AS time, open_interest, open_interest_usd', 'time'), oiOf(oiFiles, candles));
    }
    // September's answers have no singleOpenInterest: one side is half of openInterest (the first record with a price is the first dump's day).
    const sep = JSON.parse(await readFile(join(inDir, bybitOiDayPath(SYMBOL, '2025-09-29')), 'utf8')).pages.at(-1).result.list.at(-1);
    expect(sep.singleOpenInterest).toBeUndefined();
    const [first] = await rows(join(out, 'bybit', SYMBOL, `${SYMBOL}-2025-09.oi.parquet`), 'epoch_ms(time)::DOUBLE AS t, open_interest', 't');
    expect(first).toEqual({ t: Number(sep.timestamp), open_interest: Number(sep.openInterest) / 2 });
    const again = await bybitBuild(inDir, out);
    expect(again.months.map((m) => m.status)).toEqual(['unchanged', 'unchanged']);
  });
});

describe('Bybit API errors and the CLI', () => {
  let host: BybitServer;
  beforeAll(async () => { host = await startBybitServer(); }, 120_000);
  afterAll(async () => { await host.close(); });

  it('stops on retCode != 0 with Bybit\'s retMsg', async () => {
    host.setApiAnswer(JSON.stringify({ retCode: 10001, retMsg: 'params error: symbol invalid', result: {}, retExtInfo: {}, time: 1 }));
    await expect(fetchBybit({
      symbols: [SYMBOL], months: ['2025-10'], inDir: await tempDir('bybit-err'), base: host.base, apiBase: host.apiBase, now: NOW, log: () => {},
    })).rejects.toThrow(/retCode 10001: params error: symbol invalid/);
    host.setApiAnswer(null);
  });

  it('npm run profiles -- --exchange bybit --fetch builds beside Binance in one manifest', async () => {
    const inDir = await tempDir('bybit-cli-in');
    const out = await tempDir('bybit-cli-out');
    // Binance's BTCUSDT 2025-10 first, from the synthetic Binance archive.
    await generateArchive({ out: inDir, symbols: [SYMBOL], from: '2025-10', to: '2025-10', trades: 2_000, seed: 'both', header: 'always', metrics: false, format: 'zip' });
    await build(inDir, out);
    const { stdout } = await run('npx', ['tsx', 'tools/builder/cli.ts', '--exchange', 'bybit', '--fetch', '--symbols', SYMBOL, '--months', '2025-10',
      '--in', inDir, '--out', out, '--archive-base', host.base, '--api-base', host.apiBase, '-q'], { cwd: process.cwd() });
    expect(stdout).toMatch(/1 month\(s\): 1 built/);
    const text = await readFile(join(out, 'manifest.json'), 'utf8');
    const m = parseManifest(text, 'https://example.org/p/manifest.json');
    if (!('files' in m)) throw new Error(JSON.stringify(m));
    const volume = m.files.filter((f) => f.kind === 'volume' && f.month === '2025-10');
    expect(volume.map((f) => [f.exchange, f.path])).toEqual([
      ['binance', 'BTCUSDT/BTCUSDT-2025-10.volume.parquet'], ['bybit', 'bybit/BTCUSDT/BTCUSDT-2025-10.volume.parquet'],
    ]);
  }, 120_000);
});

describe('Bybit --prune', () => {
  it('deletes the files of a month built from every day, keeps a month missing a day, and --fetch asks for no pruned file again', async () => {
    const inDir = await tempDir('bybit-prune-in');
    const out = await tempDir('bybit-prune-out');
    await generateBybitArchive({ out: inDir, symbols: [SYMBOL], from: '2025-08', to: '2025-09', trades: 3_000, seed: 'prune', openInterest: true });
    await rm(join(inDir, bybitDumpPath(SYMBOL, '2025-09-30')));
    expect((await bybitBuild(inDir, out)).months.map((m) => [m.month, m.status])).toEqual([['2025-08', 'built'], ['2025-09', 'built']]);
    const listed = async () => JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')).files;
    const before = await listed();

    // Before, --prune did nothing for Bybit: every daily dump stayed in --in (and the pipeline's cache) for good.
    expect(await pruneBybitBuilt(inDir, out, () => {})).toBeGreaterThan(0);
    expect(existsSync(join(inDir, bybitDumpPath(SYMBOL, '2025-08-15')))).toBe(false);
    expect(existsSync(join(inDir, bybitOiDayPath(SYMBOL, '2025-08-31')))).toBe(false);
    expect(existsSync(join(inDir, bybitDumpPath(SYMBOL, '2025-09-15')))).toBe(true);

    // August is complete: nothing of it is asked for (any request to this dead host would fail the fetch).
    const r = await fetchBybit({
      symbols: [SYMBOL], months: ['2025-08'], inDir, outDir: out, base: 'http://127.0.0.1:9', apiBase: 'http://127.0.0.1:9', now: NOW, log: () => {},
      http: { retryDelayMs: 1, attempts: 1, idleTimeoutMs: 1_000 },
    });
    expect(r.downloaded).toEqual([]);
    expect(r.kept).toHaveLength(31);
    // The next build leaves August as built and lists the same files.
    expect((await bybitBuild(inDir, out)).months.map((m) => [m.month, m.status])).toEqual([['2025-09', 'unchanged']]);
    expect(await listed()).toEqual(before);
  }, 120_000);
  it('a pruned complete month is not rebuilt from part of its days, and a new builder version fetches its days again', async () => {
    const inDir = await tempDir('bybit-pruned-in');
    const out = await tempDir('bybit-pruned-out');
    await generateBybitArchive({ out: inDir, symbols: [SYMBOL], from: '2025-08', to: '2025-08', trades: 2_000, seed: 'pruned', openInterest: true });
    await bybitBuild(inDir, out);
    const keep = join(out, 'one-day.csv.gz');
    await copyFile(join(inDir, bybitDumpPath(SYMBOL, '2025-08-10')), keep);
    await pruneBybitBuilt(inDir, out, () => {});
    const before = await readFile(join(out, 'manifest.json'), 'utf8');
    // One day put back: before, the month was rebuilt from that day alone, its other 30 days lost.
    await copyFile(keep, join(inDir, bybitDumpPath(SYMBOL, '2025-08-10')));
    const partial = (await bybitBuild(inDir, out)).months[0];
    expect(partial.status).toBe('refused');
    expect(partial.reason).toMatch(/built from every day's dump, and 30 of them are not in --in \(deleted by --prune: 2025-08-01, 2025-08-02, 2025-08-03 and 27 more\).*Run with --fetch/);
    expect(JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')).files).toEqual(JSON.parse(before).files);

    // Built by an older builder: --fetch asks for its days again (this dead host fails the fetch), where it asked for nothing.
    const state = JSON.parse(await readFile(join(out, '.liqmap-build.json'), 'utf8'));
    for (const m of Object.values(state.months) as { builder: string }[]) m.builder = 'liqmap-builder/0';
    await writeFile(join(out, '.liqmap-build.json'), JSON.stringify(state));
    await expect(fetchBybit({
      symbols: [SYMBOL], months: ['2025-08'], inDir, outDir: out, base: 'http://127.0.0.1:9', apiBase: 'http://127.0.0.1:9', now: NOW, log: () => {},
      http: { retryDelayMs: 1, attempts: 1, idleTimeoutMs: 1_000 },
    })).rejects.toThrow();
  }, 120_000);
});
