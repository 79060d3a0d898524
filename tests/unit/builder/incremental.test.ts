/** Incremental builds, and the CLI's flags and exit status. */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseChecksum } from '../../../src/lib/archive/names.ts';
import { generateArchive } from '../../../tools/synth/archive.ts';
import { buildBybitProfiles } from '../../../src/exchanges/bybit/builder/build.ts';
import { aggTradesCsv, build, monthOf, put, query, someTrades, tempDir } from './helpers.ts';

const run = promisify(execFile);
const AGG = 'data/futures/um/monthly/aggTrades/BTCUSDT';

describe('incremental build', () => {
  it('skips unchanged months, builds an added month and lists both in the manifest', async () => {
    const dir = await tempDir('incr');
    const out = await tempDir('incr-out');
    await put(join(dir, AGG, 'BTCUSDT-aggTrades-2025-10.csv'), aggTradesCsv(someTrades('2025-10'), true));
    const first = await build(dir, out);
    expect(monthOf(first, 'BTCUSDT', '2025-10').status).toBe('built');
    const volume = join(out, 'BTCUSDT/BTCUSDT-2025-10.volume.parquet');
    const before = (await stat(volume)).mtimeMs;

    await put(join(dir, AGG, 'BTCUSDT-aggTrades-2025-11.csv'), aggTradesCsv(someTrades('2025-11'), false));
    const second = await build(dir, out);
    expect(monthOf(second, 'BTCUSDT', '2025-10').status).toBe('unchanged');
    expect(monthOf(second, 'BTCUSDT', '2025-11').status).toBe('built');
    expect((await stat(volume)).mtimeMs).toBe(before);
    const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.files.map((f: { month: string; kind: string }) => `${f.month} ${f.kind}`))
      .toEqual(['2025-10 volume', '2025-10 candles', '2025-11 volume', '2025-11 candles']);

    // Changed content (same name) rebuilds; a deleted output is rebuilt too.
    await put(join(dir, AGG, 'BTCUSDT-aggTrades-2025-11.csv'), aggTradesCsv(someTrades('2025-11', 60), false));
    await rm(volume);
    const third = await build(dir, out);
    expect(monthOf(third, 'BTCUSDT', '2025-11').status).toBe('built');
    expect(monthOf(third, 'BTCUSDT', '2025-11').rows).toBe(60);
    expect(monthOf(third, 'BTCUSDT', '2025-10').status).toBe('built');
    await stat(volume);
  });

  it('--tmp is a place to work in, not to empty: what the folder held before stays', async () => {
    const dir = await tempDir('tmp-in');
    const out = await tempDir('tmp-out');
    const scratch = await tempDir('scratch');
    await put(join(scratch, 'keep.txt'), 'the user\'s');
    await put(join(dir, AGG, 'BTCUSDT-aggTrades-2025-10.csv'), aggTradesCsv(someTrades('2025-10'), true));
    expect(monthOf(await build(dir, out, { tmpDir: scratch }), 'BTCUSDT', '2025-10').status).toBe('built');
    await buildBybitProfiles({ inDir: dir, outDir: out, tmpDir: scratch, threads: 2, log: () => {} });
    expect(await readdir(scratch)).toEqual(['keep.txt']);
    // The default, inside --out, is gone afterwards.
    await build(dir, out);
    expect(await readdir(out)).not.toContain('.build-tmp');
  });

  it('a run stopped while writing a month leaves a manifest that lists only files it describes', async () => {
    // The pipeline publishes a failed job's folder too, and its merge refuses a folder whose
    // manifest names a file that is not the one on disk: the month under way must not be listed.
    const dir = await tempDir('stop');
    const out = await tempDir('stop-out');
    await put(join(dir, AGG, 'BTCUSDT-aggTrades-2025-10.csv'), aggTradesCsv(someTrades('2025-10'), true));
    await put(join(dir, AGG, 'BTCUSDT-aggTrades-2025-11.csv'), aggTradesCsv(someTrades('2025-11'), true));
    await build(dir, out);
    // November changes; its candles file cannot be replaced (a folder in its place): the write fails after its volume file.
    await put(join(dir, AGG, 'BTCUSDT-aggTrades-2025-11.csv'), aggTradesCsv(someTrades('2025-11', 70), true));
    const candles = join(out, 'BTCUSDT/BTCUSDT-2025-11.candles.parquet');
    await rm(candles);
    await mkdir(join(candles, 'in-the-way'), { recursive: true });
    await expect(build(dir, out)).rejects.toThrow();
    const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')) as { files: { path: string; sha256: string; month: string }[] };
    for (const f of manifest.files) {
      const sha = createHash('sha256').update(await readFile(join(out, f.path))).digest('hex');
      expect(sha, f.path).toBe(f.sha256);
    }
    expect([...new Set(manifest.files.map((f) => f.month))]).toEqual(['2025-10']);
    // The next run builds it again.
    await rm(candles, { recursive: true });
    const again = await build(dir, out);
    expect(monthOf(again, 'BTCUSDT', '2025-11').status).toBe('built');
  });
});

describe('identity of inputs', () => {
  it('names a zip by its .CHECKSUM and a bare CSV by a fingerprint in liqmap.source; a touched zip is not rebuilt', async () => {
    const dir = await tempDir('ident');
    const out = await tempDir('ident-out');
    await generateArchive({ out: dir, symbols: ['BTCUSDT'], from: '2025-10', to: '2025-10', trades: 2_000, seed: 'ident', header: 'always', metrics: false, format: 'zip' });
    await put(join(dir, AGG, 'BTCUSDT-aggTrades-2025-11.csv'), aggTradesCsv(someTrades('2025-11'), true));
    const first = await build(dir, out);
    expect(first.refused).toBe(0);
    const zip = join(dir, AGG, 'BTCUSDT-aggTrades-2025-10.zip');
    const checksum = parseChecksum(await readFile(`${zip}.CHECKSUM`, 'utf8'));
    const source = async (month: string) => JSON.parse(String((await query(
      `SELECT decode(value) AS v FROM parquet_kv_metadata('${join(out, `BTCUSDT/BTCUSDT-${month}.volume.parquet`)}') WHERE decode(key) = 'liqmap.source'`))[0].v));
    expect(await source('2025-10')).toEqual([{ name: 'BTCUSDT-aggTrades-2025-10.zip', sha256: checksum }]);
    const csvSource = await source('2025-11');
    expect(csvSource[0].name).toBe('BTCUSDT-aggTrades-2025-11.csv');
    expect(csvSource[0].fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(csvSource[0].sha256).toBeUndefined();

    // A new modification time alone: the .CHECKSUM still names the same zip, so nothing is rebuilt.
    const later = new Date(Date.now() + 60_000);
    await utimes(zip, later, later);
    const second = await build(dir, out);
    expect(monthOf(second, 'BTCUSDT', '2025-10').status).toBe('unchanged');
    expect(monthOf(second, 'BTCUSDT', '2025-11').status).toBe('unchanged');
  });
});

describe('CLI', () => {
  const cli = ['tsx', 'tools/builder/cli.ts'];

  it('--help documents every flag', async () => {
    const { stdout } = await run('npx', [...cli, '--help']);
    for (const flag of ['--in', '--out', '--max-bad-lines', '--force', '--threads', '--memory-limit', '--tmp', '--quiet', '--help',
      '--fetch', '--symbols', '--months', '--from', '--to', '--archive-base', '--parallel', '--prune']) {
      expect(stdout).toContain(flag);
    }
  });

  it('an --in that does not exist is named with what to give (it was a bare "ENOENT: scandir")', async () => {
    const missing = join(await tempDir('cli-missing'), 'nothing-here');
    const err = await run('npx', [...cli, '--in', missing, '--out', await tempDir('cli-missing-out')]).then(() => null, (e: { code: number; stderr: string }) => e);
    expect(err?.code).toBe(2);
    expect(err?.stderr).toContain(`profiles: --in ${missing} is not a folder: give the folder holding the archive downloads, or add --fetch`);
  });

  it('exits non-zero when a month was refused, and says which file', async () => {
    const dir = await tempDir('cli');
    await put(join(dir, AGG, 'BTCUSDT-aggTrades-2025-10.csv'), aggTradesCsv(someTrades('2025-10'), true));
    await put(join(dir, AGG, 'BTCUSDT-aggTrades-2025-11.zip'), 'not a zip at all');
    const out = await tempDir('cli-out');
    const err = await run('npx', [...cli, '--in', dir, '--out', out, '-q']).then(() => null, (e: { code: number; stdout: string }) => e);
    expect(err?.code).toBe(1);
    expect(err?.stdout).toMatch(/BTCUSDT 2025-11: REFUSED: .*BTCUSDT-aggTrades-2025-11\.zip: not a zip file/);
    expect(err?.stdout).toMatch(/BTCUSDT 2025-10: built/);
  });

  it('a mistyped option says where the options are listed; publish-plan has --help', async () => {
    const err = await run('npx', [...cli, '--symbol', 'BTCUSDT', '--in', '/tmp', '--out', '/tmp']).then(() => null, (e: { code: number; stderr: string }) => e);
    expect(err?.code).toBe(2);
    expect(err?.stderr).toContain("profiles: Unknown option '--symbol'. npm run profiles -- --help lists every option.");
    const plan = await run('npx', ['tsx', 'tools/publish/plan.ts', '--help']);
    expect(plan.stdout).toMatch(/^Usage: npm run publish-plan -- --symbols BTCUSDT,ETHUSDT/);
    for (const flag of ['--symbols', '--exchanges', '--help']) expect(plan.stdout).toContain(flag);
  });

  it('an --out, --tmp or --in that cannot be created ends the run at once, naming it (under /proc it hung for ever in a recursive mkdir)', async () => {
    const dir = await tempDir('cli-proc');
    await put(join(dir, AGG, 'BTCUSDT-aggTrades-2025-10.csv'), aggTradesCsv(someTrades('2025-10'), true));
    const out = await tempDir('cli-proc-out');
    // node itself, not npx: the timeout's SIGKILL must reach the process that would hang.
    const fails = (flags: string[]) => run(process.execPath, ['--import', 'tsx', 'tools/builder/cli.ts', ...flags, '-q'], { timeout: 60_000, killSignal: 'SIGKILL' })
      .then(() => null, (e: { code: number | null; signal: string | null; stderr: string }) => e);
    const runs = [
      ['--in', dir, '--out', '/proc/liqmap-test/out'],
      ['--in', dir, '--out', out, '--tmp', '/proc/liqmap-test/tmp'],
      ['--fetch', '--symbols', 'BTCUSDT', '--months', '2025-10', '--in', '/proc/liqmap-test/in', '--out', out, '--archive-base', 'http://127.0.0.1:9'],
    ];
    for (const flags of runs) {
      const err = await fails(flags);
      expect([flags, err?.signal, err?.code]).toEqual([flags, null, 2]);
      expect(err?.stderr).toContain('profiles: /proc takes no new folders (mkdir /proc/liqmap-test: ENOENT)');
    }
  });

  it('a bad --from or --to is named as given, not with the current month the user never typed', async () => {
    const dir = await tempDir('cli-months');
    const fails = async (...flags: string[]) => run('npx', [...cli, '--fetch', '--symbols', 'BTCUSDT', ...flags, '--in', dir, '--out', dir, '-q'])
      .then(() => null, (e: { code: number; stderr: string }) => e);
    const bad = await fails('--from', '2025-13');
    expect(bad?.code).toBe(2);
    expect(bad?.stderr).toContain('profiles: --from "2025-13" is not a month (YYYY-MM), e.g. --from 2025-01');
    const later = await fails('--from', '2999-01');
    expect(later?.stderr).toMatch(/profiles: --from 2999-01 is after the current month \(\d{4}-\d{2}, UTC\): nothing of it is published yet/);
  });

  it('--summary appends what was built and refused, with why, also when the run stops', async () => {
    const dir = await tempDir('cli-sum');
    await put(join(dir, AGG, 'BTCUSDT-aggTrades-2025-10.csv'), aggTradesCsv(someTrades('2025-10'), true));
    await put(join(dir, AGG, 'BTCUSDT-aggTrades-2025-11.zip'), 'not a zip at all');
    const out = await tempDir('cli-sum-out');
    const file = join(out, 'summary.md');
    await writeFile(file, 'earlier step\n');
    const err = await run('npx', [...cli, '--in', dir, '--out', out, '--summary', file, '-q']).then(() => null, (e: { code: number }) => e);
    expect(err?.code).toBe(1);
    const text = await readFile(file, 'utf8');
    expect(text.startsWith('earlier step\n')).toBe(true);
    expect(text).toContain('1 month(s) built (BTCUSDT 2025-10), 0 unchanged, 1 refused.');
    expect(text).toMatch(/- BTCUSDT 2025-11: .*BTCUSDT-aggTrades-2025-11\.zip: not a zip file/);

    const stopped = join(out, 'stopped.md');
    const bad = await run('npx', [...cli, '--in', join(dir, 'nowhere'), '--out', out, '--summary', stopped, '-q']).then(() => null, (e: { code: number }) => e);
    expect(bad?.code).toBe(2);
    expect(await readFile(stopped, 'utf8')).toMatch(/\*\*Stopped:\*\* --in .*nowhere is not a folder/);
  });
});
