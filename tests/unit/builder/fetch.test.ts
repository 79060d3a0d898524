/**
 * --fetch against a local HTTP server holding an archive in Binance's layout: what is fetched
 * (monthly, daily up to yesterday, metrics, each with its .CHECKSUM), that a second run
 * downloads nothing, resumed downloads, refused checksums, and 404/451/5xx answers.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { archivePath, parseChecksum } from '../../../src/lib/archive/names.ts';
import { fetchArchive, type FetchOptions } from '../../../tools/builder/fetch.ts';
import { pruneBuilt } from '../../../tools/builder/prune.ts';
import { HostRefused } from '../../../tools/builder/download.ts';
import { daily, monthly, NOW, startArchiveServer, SYMBOL, writeArchiveZip, type ArchiveServer } from './archive-server.ts';
import { aggTradesCsv, build, monthOf, query, someTrades, tempDir } from './helpers.ts';

const run = promisify(execFile);

let host: ArchiveServer;
beforeAll(async () => { host = await startArchiveServer(); }, 120_000);
afterAll(async () => { await host.server.close(); });

const MONTHS = ['2025-09', '2025-10', '2025-11'];
const quiet = { log: () => {}, http: { retryDelayMs: 10, attempts: 3, idleTimeoutMs: 5_000 } };

function options(inDir: string, extra: Partial<FetchOptions> = {}): FetchOptions {
  return { symbols: [SYMBOL], months: MONTHS, inDir, base: host.base, now: NOW, ...quiet, ...extra };
}

/** Requests the server saw during `run`, zips only (not .CHECKSUMs). */
async function zipRequests<T>(run: () => Promise<T>): Promise<{ result: T; zips: string[]; all: string[] }> {
  const before = host.server.requests.length;
  const result = await run();
  const all = host.server.requests.slice(before);
  return { result, all, zips: all.filter((p) => p.endsWith('.zip')) };
}

describe('fetch', () => {
  it('downloads monthly, daily and metrics files in the archive layout, verified, and builds them', async () => {
    const inDir = await tempDir('fetch-in');
    const r = await fetchArchive(options(inDir));
    // 2 monthly + 2 daily aggTrades + metrics for 30 + 31 + 3 days (up to yesterday, 2025-11-03).
    expect(r.downloaded.length).toBe(68);
    expect(r.notPublished).toEqual(['BTCUSDT-aggTrades-2025-11-03.zip']);
    expect(r.refused).toEqual([]);
    for (const id of [monthly('2025-09'), daily('2025-11-02'), { symbol: SYMBOL, kind: 'metrics', granularity: 'daily', period: '2025-11-03' } as const]) {
      const local = join(inDir, archivePath(id));
      expect(await readFile(local)).toEqual(await readFile(host.path(id)));
      expect(parseChecksum(await readFile(`${local}.CHECKSUM`, 'utf8'))).toBe(parseChecksum(await readFile(`${host.path(id)}.CHECKSUM`, 'utf8')));
    }
    // Nothing for days not over yet, nor a monthly file for the current month.
    const asked = host.server.requests;
    expect(asked).not.toContain(`/${archivePath(monthly('2025-11'))}.CHECKSUM`);
    expect(asked.some((p) => p.includes('2025-11-04'))).toBe(false);

    const out = await tempDir('fetch-out');
    const b = await build(inDir, out);
    expect(b.refused).toBe(0);
    expect(MONTHS.map((m) => monthOf(b, SYMBOL, m).status)).toEqual(['built', 'built', 'built']);
    expect(monthOf(b, SYMBOL, '2025-11').files.map((f) => f.kind)).toEqual(['volume', 'candles', 'oi']);
    // A month built from daily files says which days it covers; a monthly one does not.
    const days = async (month: string, kind: string) => (await query(`SELECT decode(value) AS v FROM parquet_kv_metadata('${
      join(out, SYMBOL, `${SYMBOL}-${month}.${kind}.parquet`)}') WHERE decode(key) = 'liqmap.days'`))[0]?.v;
    expect(await days('2025-11', 'volume')).toBe('2025-11-01..2025-11-02');
    expect(await days('2025-11', 'oi')).toBe('2025-11-01..2025-11-03');
    expect(await days('2025-10', 'volume')).toBeUndefined();

    // A second run downloads nothing and asks only for what was not published yet.
    const again = await zipRequests(() => fetchArchive(options(inDir)));
    expect(again.result.downloaded).toEqual([]);
    expect(again.result.kept.length).toBe(68);
    expect(again.all).toEqual([`/${archivePath(daily('2025-11-03'))}.CHECKSUM`]);

    // The 3rd is published, then the monthly November file: the monthly replaces the dailies.
    const trades = someTrades('2025-11', 40, 95_000).map((t) => ({ ...t, time: t.time + 2 * 86_400_000 }));
    await writeArchiveZip(host.root, daily('2025-11-03'), aggTradesCsv(trades, true));
    const third = await zipRequests(() => fetchArchive(options(inDir)));
    expect(third.zips).toEqual([`/${archivePath(daily('2025-11-03'))}`]);
    await writeArchiveZip(host.root, monthly('2025-11'), aggTradesCsv(trades, true));
    const december = await fetchArchive(options(inDir, { now: Date.parse('2025-12-02T08:00:00Z') }));
    expect(december.downloaded).toContain('BTCUSDT-aggTrades-2025-11.zip');
    const dailies = await readdir(join(inDir, 'data/futures/um/daily/aggTrades', SYMBOL));
    expect(dailies.filter((n) => n.includes('2025-11'))).toEqual([]);
    const rebuilt = await build(inDir, out);
    expect(monthOf(rebuilt, SYMBOL, '2025-11').status).toBe('built');
    expect(monthOf(rebuilt, SYMBOL, '2025-11').rows).toBe(40);

    // Prune: complete months' zips go, their .CHECKSUMs stay; the next run downloads nothing and the manifest keeps them.
    await pruneBuilt(inDir, out, () => {});
    await expect(stat(join(inDir, archivePath(monthly('2025-09'))))).rejects.toThrow();
    const afterPrune = await zipRequests(() => fetchArchive(options(inDir, { outDir: out, now: Date.parse('2025-12-02T08:00:00Z') })));
    expect(afterPrune.zips).toEqual([]);
    const kept = await build(inDir, out);
    expect(kept.files.filter((f) => f.kind === 'volume').map((f) => f.month)).toEqual(MONTHS);
  });

  it('--prune keeps a download that is not the file its month was built from (a republished file the build refused)', async () => {
    const inDir = await tempDir('prune-refused');
    const out = await tempDir('prune-refused-out');
    await writeArchiveZip(inDir, monthly('2025-10'), aggTradesCsv(someTrades('2025-10'), true));
    expect(monthOf(await build(inDir, out), SYMBOL, '2025-10').status).toBe('built');
    await pruneBuilt(inDir, out, () => {});
    const zip = join(inDir, archivePath(monthly('2025-10')));
    await expect(stat(zip)).rejects.toThrow();
    // The same name again, other content that the build refuses (a trade in November).
    const wrong = someTrades('2025-10').map((t, i) => (i === 3 ? { ...t, time: Date.parse('2025-11-02T00:00:00Z') } : t));
    await writeArchiveZip(inDir, monthly('2025-10'), aggTradesCsv(wrong, true));
    expect(monthOf(await build(inDir, out), SYMBOL, '2025-10').status).toBe('refused');
    const said: string[] = [];
    await pruneBuilt(inDir, out, (l) => said.push(l));
    await stat(zip);
    expect(said.join('\n')).toMatch(/BTCUSDT 2025-10: kept BTCUSDT-aggTrades-2025-10\.zip: it is not the file the month was built from/);
  });

  it('a pruned month is fetched again and rebuilt when a day comes late, the archive republishes a file, or the builder changes', async () => {
    const inDir = await tempDir('pruned-again');
    const out = await tempDir('pruned-again-out');
    const sept = { months: ['2025-09'], outDir: out };
    const late = { symbol: SYMBOL, kind: 'metrics', granularity: 'daily', period: '2025-09-15' } as const;
    const oiDays = async () => (await query(`SELECT decode(value) AS v FROM parquet_kv_metadata('${
      join(out, SYMBOL, `${SYMBOL}-2025-09.oi.parquet`)}') WHERE decode(key) = 'liqmap.days'`))[0]?.v;
    const cycle = async () => {
      const said: string[] = [];
      const f = await zipRequests(() => fetchArchive(options(inDir, { ...sept, log: (l) => said.push(l) })));
      const b = await build(inDir, out);
      await pruneBuilt(inDir, out, () => {});
      return { zips: f.zips, said: said.join('\n'), status: b.months.find((m) => m.month === '2025-09')?.status ?? 'not in --in' };
    };
    // The 15th's metrics are not out at the first build.
    host.server.setFault((p) => (p.startsWith(host.urlPath(late)) ? { status: 404 } : undefined));
    try {
      expect((await cycle()).status).toBe('built');
    } finally {
      host.server.setFault(null);
    }
    expect(await oiDays()).toBe('2025-09-01..2025-09-14,2025-09-16..2025-09-30');
    await expect(stat(join(inDir, archivePath(monthly('2025-09'))))).rejects.toThrow();

    // The 15th is published: the month's pruned files come back and it is built from all of them.
    const dayLate = await cycle();
    expect(dayLate.said).toMatch(/BTCUSDT 2025-09: BTCUSDT-metrics-2025-09-15\.zip is new since it was built: its 30 pruned file\(s\) are downloaded again/);
    expect(dayLate.zips).toContain(`/${archivePath(monthly('2025-09'))}`);
    expect(dayLate.status).toBe('built');
    expect(await oiDays()).toBeUndefined();
    await expect(stat(join(inDir, archivePath(monthly('2025-09'))))).rejects.toThrow();

    // Nothing new: only .CHECKSUMs are asked for.
    const quietNight = await cycle();
    expect(quietNight.zips).toEqual([]);
    expect(quietNight.status).toBe('not in --in');

    // The archive republishes the monthly file: it and the month's other files are fetched, and it is rebuilt.
    const original = { zip: await readFile(host.path(monthly('2025-09'))), sum: await readFile(`${host.path(monthly('2025-09'))}.CHECKSUM`) };
    try {
      await writeArchiveZip(host.root, monthly('2025-09'), aggTradesCsv(someTrades('2025-09', 77), true));
      const republished = await cycle();
      expect(republished.said).toMatch(/BTCUSDT-aggTrades-2025-09\.zip is new since it was built/);
      expect(republished.zips.length).toBe(31);
      expect(republished.status).toBe('built');
      expect((await query(`SELECT sum(trades)::INTEGER AS n FROM '${join(out, SYMBOL, `${SYMBOL}-2025-09.candles.parquet`)}'`))[0].n).toBe(77);
    } finally {
      await writeFile(host.path(monthly('2025-09')), original.zip);
      await writeFile(`${host.path(monthly('2025-09'))}.CHECKSUM`, original.sum);
    }

    // A build by another builder version (an update that changes the files): fetched again and rebuilt.
    const state = JSON.parse(await readFile(join(out, '.liqmap-build.json'), 'utf8'));
    state.months[`${SYMBOL} 2025-09`].builder = 'liqmap-builder/0';
    await writeFile(join(out, '.liqmap-build.json'), JSON.stringify(state));
    const upgraded = await cycle();
    expect(upgraded.said).toMatch(/built by liqmap-builder\/0, this is liqmap-builder\/\d+/);
    expect(upgraded.status).toBe('built');
    expect(JSON.parse(await readFile(join(out, '.liqmap-build.json'), 'utf8')).months[`${SYMBOL} 2025-09`].builder).not.toBe('liqmap-builder/0');
  }, 120_000);

  it('a pruned file whose .CHECKSUM the archive does not answer for stops nothing: its month stays as built', async () => {
    const inDir = await tempDir('pruned-check');
    const out = await tempDir('pruned-check-out');
    const oct = { months: ['2025-10'], outDir: out };
    await fetchArchive(options(inDir, oct));
    await build(inDir, out);
    await pruneBuilt(inDir, out, () => {});
    host.server.setFault((p) => (p === `${host.urlPath(monthly('2025-10'))}.CHECKSUM` ? { status: 503 } : undefined));
    try {
      const said: string[] = [];
      const r = await zipRequests(() => fetchArchive(options(inDir, { ...oct, log: (l) => said.push(l) })));
      expect(r.zips).toEqual([]);
      expect(r.result.kept).toContain('BTCUSDT-aggTrades-2025-10.zip');
      expect(said.join('\n')).toMatch(/BTCUSDT-aggTrades-2025-10\.zip\.CHECKSUM: not checked \(.*503.*\); its month stays as built/);
    } finally {
      host.server.setFault(null);
    }
  }, 60_000);

  it('a build without --fetch refuses to rebuild a pruned month from part of its files, and keeps its earlier build', async () => {
    const inDir = await tempDir('pruned-part');
    const out = await tempDir('pruned-part-out');
    await fetchArchive(options(inDir, { months: ['2025-09'], outDir: out }));
    await build(inDir, out);
    await pruneBuilt(inDir, out, () => {});
    const before = await readFile(join(out, 'manifest.json'), 'utf8');
    // The monthly file is put back changed; the metrics it was built with are gone.
    await writeArchiveZip(inDir, monthly('2025-09'), aggTradesCsv(someTrades('2025-09', 20), true));
    const b = await build(inDir, out);
    expect(monthOf(b, SYMBOL, '2025-09').status).toBe('refused');
    expect(monthOf(b, SYMBOL, '2025-09').reason).toMatch(/30 file\(s\) it was built from were deleted by --prune \(BTCUSDT-metrics-2025-09-01\.zip, .* and 27 more\).*Run with --fetch/);
    expect(JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')).files).toEqual(JSON.parse(before).files);
  }, 60_000);

  it('npm run profiles -- --fetch --prune: a refused month is read once, not again with every later month', async () => {
    const inDir = await tempDir('cli-prune-refused-in');
    const out = await tempDir('cli-prune-refused-out');
    const original = { zip: await readFile(host.path(monthly('2025-09'))), sum: await readFile(`${host.path(monthly('2025-09'))}.CHECKSUM`) };
    try {
      const wrong = someTrades('2025-09').map((t, i) => (i === 3 ? { ...t, time: Date.parse('2025-10-02T00:00:00Z') } : t));
      await writeArchiveZip(host.root, monthly('2025-09'), aggTradesCsv(wrong, true));
      const err = await run('npm', ['run', '-s', 'profiles', '--', '--fetch', '--prune', '--symbols', SYMBOL, '--months', '2025-09,2025-10',
        '--in', inDir, '--out', out, '--archive-base', host.base, '-q']).then(() => null, (e: { code: number; stdout: string }) => e);
      expect(err?.code).toBe(1);
      expect(err?.stdout.match(/BTCUSDT 2025-09: REFUSED/g)).toHaveLength(1);
      expect(err?.stdout).toMatch(/BTCUSDT 2025-10: built/);
      // Its download stays for the next run (it was not built, so not pruned).
      await stat(join(inDir, archivePath(monthly('2025-09'))));
    } finally {
      await writeFile(host.path(monthly('2025-09')), original.zip);
      await writeFile(`${host.path(monthly('2025-09'))}.CHECKSUM`, original.sum);
    }
  }, 120_000);

  it('resumes an interrupted download with a Range request, and restarts when the host ignores it', async () => {
    const inDir = await tempDir('fetch-resume');
    const target = host.urlPath(monthly('2025-10'));
    const size = (await stat(host.path(monthly('2025-10')))).size;
    const logs: string[] = [];
    host.server.setFault((p, nth) => (p === target && nth === 1 ? { cutAfter: Math.floor(size / 3) } : undefined));
    try {
      const r = await fetchArchive(options(inDir, { months: ['2025-10'], log: (l) => logs.push(l) }));
      expect(r.downloaded).toContain('BTCUSDT-aggTrades-2025-10.zip');
      expect(logs.join("\n")).toMatch(/BTCUSDT-aggTrades-2025-10\.zip: .*resumed after/);
      expect(await readFile(join(inDir, archivePath(monthly('2025-10'))))).toEqual(await readFile(host.path(monthly('2025-10'))));

      // A part left by an earlier run, and a host that answers Range with the whole file: restart, still verified.
      const inDir2 = await tempDir('fetch-restart');
      const dest = join(inDir2, archivePath(monthly('2025-10')));
      await mkdir(join(dest, '..'), { recursive: true });
      await writeFile(`${dest}.part`, (await readFile(host.path(monthly('2025-10')))).subarray(0, 100));
      host.server.setFault((p) => (p === target ? { ignoreRange: true } : undefined));
      const r2 = await fetchArchive(options(inDir2, { months: ['2025-10'] }));
      expect(r2.downloaded).toContain('BTCUSDT-aggTrades-2025-10.zip');
      expect(await readFile(dest)).toEqual(await readFile(host.path(monthly('2025-10'))));
    } finally {
      host.server.setFault(null);
    }
  });

  it('retries 5xx answers, skips 404s by name, stops on 451 naming the host, and fails when nothing exists', async () => {
    const inDir = await tempDir('fetch-codes');
    const target = host.urlPath(monthly('2025-09'));
    host.server.setFault((p, nth) => (p === target && nth <= 2 ? { status: 503, body: 'busy' } : undefined));
    try {
      const r = await fetchArchive(options(inDir, { months: ['2025-09'] }));
      expect(r.downloaded).toContain('BTCUSDT-aggTrades-2025-09.zip');

      host.server.setFault((p) => (p.includes('/metrics/') ? { status: 404 } : undefined));
      const r404 = await fetchArchive(options(await tempDir('fetch-404'), { months: ['2025-09'] }));
      expect(r404.downloaded).toEqual(['BTCUSDT-aggTrades-2025-09.zip']);
      expect(r404.notPublished).toContain('BTCUSDT-metrics-2025-09-17.zip');

      host.server.setFault(() => ({ status: 451, body: 'Service unavailable from a restricted location' }));
      const refused = fetchArchive(options(await tempDir('fetch-451'), { months: ['2025-09'] }));
      await expect(refused).rejects.toBeInstanceOf(HostRefused);
      await expect(refused).rejects.toThrow(/127\.0\.0\.1:\d+ refused the download .*HTTP 451.*restricted location/);

      host.server.setFault(() => ({ status: 404 }));
      await expect(fetchArchive(options(await tempDir('fetch-none'), { months: ['2025-09'] }))).rejects.toThrow(/nothing to fetch/);
    } finally {
      host.server.setFault(null);
    }
  });

  it('npm run profiles -- --fetch: refuses a file whose checksum does not match by name (exit 1) and builds the rest', async () => {
    const inDir = await tempDir('cli-fetch-in');
    const out = await tempDir('cli-fetch-out');
    const wrong = `${'0'.repeat(64)}  BTCUSDT-aggTrades-2025-10.zip\n`;
    host.server.setFault((p) => (p === `${host.urlPath(monthly('2025-10'))}.CHECKSUM` ? { status: 200, body: wrong } : undefined));
    try {
      const err = await run('npm', ['run', '-s', 'profiles', '--', '--fetch', '--symbols', SYMBOL, '--months', '2025-09,2025-10',
        '--in', inDir, '--out', out, '--archive-base', host.base, '-q']).then(() => null, (e: { code: number; stdout: string }) => e);
      expect(err?.code).toBe(1);
      expect(err?.stdout).toMatch(/refused: BTCUSDT-aggTrades-2025-10\.zip: checksum mismatch/);
      expect(err?.stdout).toMatch(/BTCUSDT 2025-09: built/);
      // The refused file is not kept under its name; the good month is in the manifest.
      await expect(stat(join(inDir, archivePath(monthly('2025-10'))))).rejects.toThrow();
      const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8'));
      expect(manifest.files.filter((f: { kind: string }) => f.kind === 'volume').map((f: { month: string }) => f.month)).toEqual(['2025-09']);
    } finally {
      host.server.setFault(null);
    }
  });

  it('npm run profiles -- --fetch --prune: a month at a time (fetch, build, prune), a month not on the host skipped by name', async () => {
    const inDir = await tempDir('cli-prune-in');
    const out = await tempDir('cli-prune-out');
    const { stdout } = await run('npm', ['run', '-s', 'profiles', '--', '--fetch', '--prune', '--symbols', SYMBOL, '--months', '2025-08,2025-09,2025-10',
      '--in', inDir, '--out', out, '--archive-base', host.base, '-q']);
    // September's download is pruned before October's is fetched: the disk holds one month's at a time.
    const at = (text: string) => stdout.indexOf(text);
    expect(at('month 2025-08:')).toBeGreaterThanOrEqual(0);
    expect(at('month 2025-09:')).toBeGreaterThan(at('month 2025-08:'));
    expect(stdout.slice(at('month 2025-08:'), at('month 2025-09:'))).toMatch(/nothing to fetch: .* 2025-08/);
    // A month the host lacks is said in a line, not as 60 file names.
    expect(stdout).toContain('not published yet (skipped): BTCUSDT-aggTrades-2025-08.zip, '
      + '31 daily aggTrades files (BTCUSDT-aggTrades-2025-08-01.zip … BTCUSDT-aggTrades-2025-08-31.zip), '
      + '31 daily metrics files (BTCUSDT-metrics-2025-08-01.zip … BTCUSDT-metrics-2025-08-31.zip)\n');
    const prunedSeptember = stdout.indexOf('prune:', at('month 2025-09:'));
    expect(prunedSeptember).toBeGreaterThan(at('month 2025-09:'));
    expect(prunedSeptember).toBeLessThan(at('month 2025-10:'));
    await expect(stat(join(inDir, archivePath(monthly('2025-09'))))).rejects.toThrow();
    await expect(stat(join(inDir, archivePath(monthly('2025-10'))))).rejects.toThrow();
    const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.files.filter((f: { kind: string }) => f.kind === 'volume').map((f: { month: string }) => f.month)).toEqual(['2025-09', '2025-10']);
  }, 120_000);
});
