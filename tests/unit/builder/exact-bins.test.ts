/**
 * Decimal bin edges: a trade priced exactly on a bin edge (150.42 with step 0.02, 1043.3 with
 * step 0.1) is in its own bin in the built volume profile, not one bin low as
 * floor(price / step) would put it (150.42 / 0.02 = 7520.999…).
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { archiveDir, archiveStem } from '../../../src/lib/archive/names.ts';
import { writeSingleEntryZip } from '../../../tools/synth/zip-writer.ts';
import { aggTradesCsv, build, query, tempDir, type Trade } from './helpers.ts';

const MONTH = '2025-11';
const START = Date.parse(`${MONTH}-01T00:00:00Z`);

/** An archive zip (with its .CHECKSUM) holding these trades, each 10 minutes apart. */
async function archiveZip(dir: string, symbol: string, prices: number[]): Promise<void> {
  const trades: Trade[] = prices.map((price, i) => ({ id: 1 + i, price, quantity: 1, time: START + i * 600_000, buyerMaker: i % 2 === 0 }));
  const stem = archiveStem(symbol, 'aggTrades', MONTH);
  const folder = join(dir, archiveDir(symbol, 'aggTrades', 'monthly'));
  const path = join(folder, `${stem}.zip`);
  await mkdir(folder, { recursive: true });
  await writeSingleEntryZip(path, `${stem}.csv`, [aggTradesCsv(trades, true)], { modified: new Date(START) });
  const sha = createHash('sha256').update(await readFile(path)).digest('hex');
  await writeFile(`${path}.CHECKSUM`, `${sha}  ${stem}.zip\n`);
}

async function bins(out: string, symbol: string): Promise<{ step: number; rows: { price_bin: number; trades: number }[] }> {
  const file = join(out, symbol, `${symbol}-${MONTH}.volume.parquet`);
  const meta = await query(`SELECT decode(value) AS v FROM parquet_kv_metadata('${file}') WHERE decode(key) = 'liqmap.price_step'`);
  const rows = await query(`SELECT price_bin, sum(trades)::INTEGER AS trades FROM '${file}' GROUP BY price_bin ORDER BY price_bin`);
  return { step: Number(meta[0].v), rows: rows.map((r) => ({ price_bin: Number(r.price_bin), trades: Number(r.trades) })) };
}

describe('decimal price steps', () => {
  it('puts edge prices in their own bin for steps 0.02 and 0.1, and prices inside a bin in it', async () => {
    const dir = await tempDir('edges');
    // First prices decide the step: ~0.01 % of 150.42 is 0.02, of 1043.3 it is 0.1.
    await archiveZip(dir, 'SOLUSDT', [150.42, 150.44, 150.46, 150.38, 150.43, 150.42]);
    await archiveZip(dir, 'XYZUSDT', [1043.3, 1043.4, 1043.7, 1043.9, 1043.35, 1043.3]);
    const out = await tempDir('edges-out');
    const report = await build(dir, out);
    expect(report.refused).toBe(0);

    const sol = await bins(out, 'SOLUSDT');
    expect(sol.step).toBe(0.02);
    expect(sol.rows).toEqual([
      { price_bin: 150.38, trades: 1 },
      { price_bin: 150.42, trades: 3 }, // 150.42 twice, and 150.43 inside [150.42, 150.44)
      { price_bin: 150.44, trades: 1 },
      { price_bin: 150.46, trades: 1 },
    ]);
    const xyz = await bins(out, 'XYZUSDT');
    expect(xyz.step).toBe(0.1);
    expect(xyz.rows).toEqual([
      { price_bin: 1043.3, trades: 3 },
      { price_bin: 1043.4, trades: 1 },
      { price_bin: 1043.7, trades: 1 },
      { price_bin: 1043.9, trades: 1 },
    ]);
  });
});
