/** Bad inputs: each is counted or refused with a message naming the file; other months build. */
import { zipSync, strToU8 } from 'fflate';
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { aggTradesCsv, build, monthOf, put, query, someTrades, tempDir } from './helpers.ts';

const AGG = 'data/futures/um/monthly/aggTrades';

function zipOf(entries: Record<string, string>): Uint8Array {
  return zipSync(Object.fromEntries(Object.entries(entries).map(([k, v]) => [k, strToU8(v)])));
}

/** A good month (BTCUSDT 2025-10) beside every bad case, to show it still builds. */
async function withGoodMonth(dir: string): Promise<void> {
  await put(join(dir, AGG, 'BTCUSDT/BTCUSDT-aggTrades-2025-10.csv'), aggTradesCsv(someTrades('2025-10'), true));
}

async function leftovers(out: string): Promise<string[]> {
  const all = await readdir(out, { recursive: true });
  return all.filter((f) => /\.tmp-|\.part$|build-tmp/.test(String(f))).map(String);
}

async function expectRefused(dir: string, month: string, pattern: RegExp): Promise<void> {
  const out = await tempDir('out');
  const report = await build(dir, out);
  const m = monthOf(report, 'BTCUSDT', month);
  expect(m.status).toBe('refused');
  expect(m.reason).toMatch(pattern);
  expect(monthOf(report, 'BTCUSDT', '2025-10').status).toBe('built');
  expect(report.refused).toBe(1);
  // Nothing of the refused month is written, and no temporary file is left behind.
  const files = await readdir(join(out, 'BTCUSDT'));
  expect(files.filter((f) => f.includes(month))).toEqual([]);
  expect(await leftovers(out)).toEqual([]);
  const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8'));
  expect(manifest.files.map((f: { month: string }) => f.month)).not.toContain(month);
}

describe('bad input', () => {
  it('counts lines that do not parse, per file with line numbers, and leaves them out', async () => {
    const dir = await tempDir('badlines');
    const good = someTrades('2025-11', 20);
    const lines = aggTradesCsv(good, true).trimEnd().split('\n');
    lines.splice(3, 0, '1,abc,0.1,1,1,1761955200000,true'); // line 4: not a number
    lines.splice(8, 0, '2,95000,0.1'); // line 9: too few columns
    lines.splice(12, 0, '3,95000,,3,3,1761955200000,false'); // line 13: empty quantity
    // line 17: no id, in the same 5 minutes, bin, side and size as the first good trade, which must still count
    lines.splice(16, 0, `,${good[0].price},${good[0].quantity},9,9,${good[0].time},${good[0].buyerMaker}`);
    await put(join(dir, AGG, 'BTCUSDT/BTCUSDT-aggTrades-2025-11.csv'), `${lines.join('\n')}\n`);
    const out = await tempDir('out');
    const report = await build(dir, out);
    const m = monthOf(report, 'BTCUSDT', '2025-11');
    expect(m.status).toBe('built');
    expect(m.rows).toBe(20);
    const text = m.warnings.join('\n');
    expect(text).toMatch(/BTCUSDT-aggTrades-2025-11\.csv: 2 line\(s\) did not parse.*line 4:.*line 9:/);
    expect(text).toMatch(/BTCUSDT-aggTrades-2025-11\.csv: 2 row\(s\) with an empty or non-positive value.*line 13, 17/);
    const sum = await query(`SELECT sum(trades) AS n FROM '${join(out, 'BTCUSDT/BTCUSDT-2025-11.volume.parquet')}'`);
    expect(Number(sum[0].n)).toBe(20);

    const strict = await build(dir, await tempDir('out'), { maxBadLines: 2 });
    expect(monthOf(strict, 'BTCUSDT', '2025-11').status).toBe('refused');
    expect(monthOf(strict, 'BTCUSDT', '2025-11').reason).toMatch(/4 bad lines/);
  });

  it('refuses a zip whose .CHECKSUM does not match', async () => {
    const dir = await tempDir('checksum');
    await withGoodMonth(dir);
    const zip = zipOf({ 'BTCUSDT-aggTrades-2025-11.csv': aggTradesCsv(someTrades('2025-11'), true) });
    await put(join(dir, AGG, 'BTCUSDT/BTCUSDT-aggTrades-2025-11.zip'), zip);
    const wrong = createHash('sha256').update('something else').digest('hex');
    await put(join(dir, AGG, 'BTCUSDT/BTCUSDT-aggTrades-2025-11.zip.CHECKSUM'), `${wrong}  BTCUSDT-aggTrades-2025-11.zip\n`);
    await expectRefused(dir, '2025-11', /BTCUSDT-aggTrades-2025-11\.zip: checksum mismatch/);
  });

  it('accepts a zip whose .CHECKSUM matches (written by another zip tool)', async () => {
    const dir = await tempDir('checksum-ok');
    const zip = zipOf({ 'BTCUSDT-aggTrades-2025-11.csv': aggTradesCsv(someTrades('2025-11'), false) });
    await put(join(dir, AGG, 'BTCUSDT/BTCUSDT-aggTrades-2025-11.zip'), zip);
    const sha = createHash('sha256').update(zip).digest('hex');
    await put(join(dir, AGG, 'BTCUSDT/BTCUSDT-aggTrades-2025-11.zip.CHECKSUM'), `${sha}  BTCUSDT-aggTrades-2025-11.zip\n`);
    const report = await build(dir, await tempDir('out'));
    expect(monthOf(report, 'BTCUSDT', '2025-11').status).toBe('built');
    expect(monthOf(report, 'BTCUSDT', '2025-11').rows).toBe(50);
    expect(report.files.every((f) => f.synthetic === false)).toBe(true);
  });

  it('refuses a zip without a CSV', async () => {
    const dir = await tempDir('nocsv');
    await withGoodMonth(dir);
    await put(join(dir, AGG, 'BTCUSDT/BTCUSDT-aggTrades-2025-11.zip'), zipOf({ 'README.txt': 'nothing here' }));
    await expectRefused(dir, '2025-11', /BTCUSDT-aggTrades-2025-11\.zip: the zip holds no CSV/);
  });

  it('refuses a file of another symbol: inside the zip, in the folder, or in metrics rows', async () => {
    const inside = await tempDir('othersym');
    await withGoodMonth(inside);
    await put(join(inside, AGG, 'BTCUSDT/BTCUSDT-aggTrades-2025-11.zip'),
      zipOf({ 'ETHUSDT-aggTrades-2025-11.csv': aggTradesCsv(someTrades('2025-11', 50, 3000), true) }));
    await expectRefused(inside, '2025-11', /BTCUSDT-aggTrades-2025-11\.zip: the zip holds ETHUSDT-aggTrades-2025-11\.csv/);

    const folder = await tempDir('otherfolder');
    await withGoodMonth(folder);
    await put(join(folder, AGG, 'BTCUSDT/BTCUSDT-aggTrades-2025-11.csv'), aggTradesCsv(someTrades('2025-11'), true));
    await put(join(folder, 'data/futures/um/daily/metrics/ETHUSDT/BTCUSDT-metrics-2025-11-01.csv'),
      'create_time,symbol,sum_open_interest,sum_open_interest_value,count_toptrader_long_short_ratio,sum_toptrader_long_short_ratio,count_long_short_ratio,sum_taker_long_short_vol_ratio\n2025-11-01 00:00:00,BTCUSDT,1,2,1,1,1,1\n');
    await expectRefused(folder, '2025-11', /BTCUSDT-metrics-2025-11-01\.csv: a BTCUSDT file in the ETHUSDT folder/);

    const rows = await tempDir('othermetrics');
    await withGoodMonth(rows);
    await put(join(rows, AGG, 'BTCUSDT/BTCUSDT-aggTrades-2025-11.csv'), aggTradesCsv(someTrades('2025-11'), true));
    await put(join(rows, 'metrics/BTCUSDT-metrics-2025-11-01.csv'),
      'create_time,symbol,sum_open_interest,sum_open_interest_value,count_toptrader_long_short_ratio,sum_toptrader_long_short_ratio,count_long_short_ratio,sum_taker_long_short_vol_ratio\n2025-11-01 00:00:00,ETHUSDT,1,2,1,1,1,1\n');
    await expectRefused(rows, '2025-11', /BTCUSDT-metrics-2025-11-01\.csv: rows of ETHUSDT, expected BTCUSDT/);
  });

  it('refuses a month that mixes monthly and daily aggTrades', async () => {
    const dir = await tempDir('mixed');
    await withGoodMonth(dir);
    await put(join(dir, AGG, 'BTCUSDT/BTCUSDT-aggTrades-2025-11.csv'), aggTradesCsv(someTrades('2025-11'), true));
    await put(join(dir, 'data/futures/um/daily/aggTrades/BTCUSDT/BTCUSDT-aggTrades-2025-11-01.csv'), aggTradesCsv(someTrades('2025-11'), true));
    await expectRefused(dir, '2025-11', /mixes monthly and daily aggTrades files: .*BTCUSDT-aggTrades-2025-11-01\.csv.*BTCUSDT-aggTrades-2025-11\.csv|mixes monthly and daily aggTrades files: .*BTCUSDT-aggTrades-2025-11\.csv.*BTCUSDT-aggTrades-2025-11-01\.csv/);
  });

  it('refuses a month that mixes synthetic and real files', async () => {
    const dir = await tempDir('synthreal');
    await withGoodMonth(dir);
    await put(join(dir, 'data/futures/um/daily/aggTrades/BTCUSDT/BTCUSDT-aggTrades-2025-11-01.csv'), aggTradesCsv(someTrades('2025-11'), true));
    await put(join(dir, 'data/futures/um/daily/aggTrades/BTCUSDT/BTCUSDT-aggTrades-2025-11-02.csv'),
      aggTradesCsv(someTrades('2025-11').map((t) => ({ ...t, time: t.time + 86_400_000 })), true));
    await put(join(dir, 'data/futures/um/daily/aggTrades/BTCUSDT/BTCUSDT-aggTrades-2025-11-02.csv.synthetic'), 'liqmap-synthetic test\n');
    await expectRefused(dir, '2025-11', /mixes synthetic \(.*BTCUSDT-aggTrades-2025-11-02\.csv\) and real files \(.*BTCUSDT-aggTrades-2025-11-01\.csv\)/);
  });

  it('refuses a file with rows outside its month', async () => {
    const dir = await tempDir('outside');
    await withGoodMonth(dir);
    const rows = someTrades('2025-11');
    rows[rows.length - 1].time = Date.parse('2025-12-01T00:00:01Z');
    await put(join(dir, AGG, 'BTCUSDT/BTCUSDT-aggTrades-2025-11.csv'), aggTradesCsv(rows, false));
    await expectRefused(dir, '2025-11', /BTCUSDT-aggTrades-2025-11\.csv: has trades outside 2025-11/);
  });
});
