/**
 * The browser importer's core and the Node builder turn the same archive files into the same
 * profiles: every cell of every profile, 1e-9 relative, and the same metadata.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateArchive } from '../../../tools/synth/archive.ts';
import { writeSingleEntryZip } from '../../../tools/synth/zip-writer.ts';
import { build, csvOfZip, tempDir } from '../builder/helpers.ts';
import { archiveFiles, differences, importMonth, profileMeta, profileRows } from './helpers.ts';

let archive = '';
let built = '';

beforeAll(async () => {
  archive = await tempDir('import-eq-in');
  built = await tempDir('import-eq-out');
  await generateArchive({
    out: archive, symbols: ['BTCUSDT', 'ETHUSDT'], from: '2024-12', to: '2025-01', trades: 60_000, seed: 'import-eq',
    header: 'auto', metrics: true, format: 'zip',
  });
  const report = await build(archive, built);
  expect(report.refused).toBe(0);
}, 120_000);

async function compareMonth(symbol: string, month: string, files: string[], builderDir: string) {
  const mine = await tempDir('import-eq-mine');
  const result = await importMonth(files, mine);
  expect(result.warnings).toEqual([]);
  for (const kind of ['volume', 'candles', 'oi']) {
    const name = `${symbol}-${month}.${kind}.parquet`;
    const theirs = join(builderDir, symbol, name);
    const rowsA = await profileRows(theirs, kind);
    const rowsB = await profileRows(join(mine, name), kind);
    expect(rowsA.length).toBeGreaterThan(0);
    expect(differences(rowsA, rowsB), `${name}`).toEqual([]);
    // Every liqmap.* key but liqmap.source, which names inputs differently (the builder, a zip by its .CHECKSUM).
    const liqmap = async (path: string) => Object.fromEntries(Object.entries(await profileMeta(path)).filter(([k]) => k.startsWith('liqmap.') && k !== 'liqmap.source'));
    expect(await liqmap(join(mine, name)), name).toEqual(await liqmap(theirs));
  }
  return result;
}

describe('importer core = Node builder', () => {
  it('monthly zips with and without a header row, with metrics (BTC and ETH, two months)', async () => {
    const all = await archiveFiles(archive);
    for (const symbol of ['BTCUSDT', 'ETHUSDT']) {
      for (const month of ['2024-12', '2025-01']) {
        const files = all.filter((f) => f.includes(`/${symbol}/${symbol}-`) && f.includes(`-${month}`));
        const r = await compareMonth(symbol, month, files, built);
        expect(r.synthetic).toBe(true);
        expect(r.days).toBeUndefined();
      }
    }
  }, 120_000);

  it('daily aggTrades zips of a month without a monthly file, marked with liqmap.days', async () => {
    const daily = await tempDir('import-eq-daily');
    const month = '2025-01';
    const text = await csvOfZip(join(archive, `data/futures/um/monthly/aggTrades/BTCUSDT/BTCUSDT-aggTrades-${month}.zip`));
    const [header, ...lines] = text.trimEnd().split('\n');
    const byDay = new Map<string, string[]>();
    for (const l of lines) {
      const day = new Date(Number(l.split(',')[5])).toISOString().slice(0, 10);
      if (day === '2025-01-05') continue; // a missing day
      if (!byDay.has(day)) byDay.set(day, []);
      byDay.get(day)!.push(l);
    }
    const dir = join(daily, 'data/futures/um/daily/aggTrades/BTCUSDT');
    await mkdir(dir, { recursive: true });
    const enc = new TextEncoder();
    for (const [day, rows] of byDay) {
      const stem = `BTCUSDT-aggTrades-${day}`;
      await writeSingleEntryZip(join(dir, `${stem}.zip`), `${stem}.csv`, [enc.encode(`${header}\n${rows.join('\n')}\n`)],
        { modified: new Date('2025-02-01T00:00:00Z'), comment: 'liqmap-synthetic test' });
    }
    const metricsDir = join(daily, 'data/futures/um/daily/metrics/BTCUSDT');
    await mkdir(metricsDir, { recursive: true });
    for (const f of (await archiveFiles(archive)).filter((x) => x.includes('/metrics/BTCUSDT/') && x.includes(`-${month}-`))) {
      await writeFile(join(metricsDir, f.split('/').pop()!), await readFile(f));
    }
    const out = await tempDir('import-eq-daily-out');
    const report = await build(daily, out);
    expect(report.months.map((m) => m.reason ?? m.status)).toEqual(['built']);
    const r = await compareMonth('BTCUSDT', month, await archiveFiles(daily), out);
    expect(r.days).toBe('2025-01-01..2025-01-04,2025-01-06..2025-01-31');
  }, 120_000);
});
