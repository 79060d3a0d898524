/** Bad archive input is refused with a message naming the file and the problem; bad lines are counted. */
import { zipSync, strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { buildMonth } from '../../../src/lib/import/month-build.ts';
import type { ArchiveInput } from '../../../src/lib/import/read-input.ts';
import { ZipStream } from '../../../src/lib/import/zip-stream.ts';
import { aggTradesCsv, query, someTrades, tempDir } from '../builder/helpers.ts';
import { memoryInput } from './helpers.ts';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

// Small chunks: headers and lines split across chunk boundaries.
const input = (name: string, bytes: Uint8Array, expectedSha256: string | null = null) => memoryInput(name, bytes, { chunk: 777, expectedSha256 });

const month = '2025-11';
const csv = aggTradesCsv(someTrades(month, 500), true);
const zipOf = (entry: string, text: string) => zipSync({ [entry]: strToU8(text) });
const goodZip = zipOf(`BTCUSDT-aggTrades-${month}.csv`, csv);
const build = (...inputs: ArchiveInput[]) => buildMonth('BTCUSDT', month, inputs);

describe('archive input refusals', () => {
  it('builds a good zip, with and without its checksum, and a bare headerless CSV', async () => {
    const sha = bytesToHex(sha256(goodZip));
    const a = await build(input(`BTCUSDT-aggTrades-${month}.zip`, goodZip, sha));
    expect(a.rows).toBe(500);
    expect(a.profiles.map((p) => p.kind)).toEqual(['volume', 'candles']);
    const b = await build(input(`BTCUSDT-aggTrades-${month}.csv`, strToU8(aggTradesCsv(someTrades(month, 500), false))));
    expect(b.rows).toBe(500);
  });

  it.each([true, false])('inflates the same CSV with the native decompressor and with fflate (native: %s)', async (native) => {
    const parts: Uint8Array[] = [];
    const zip = new ZipStream((n) => n.endsWith('.csv'), (b) => parts.push(b.slice()), native);
    for (let i = 0; i < goodZip.length; i += 1000) await zip.push(goodZip.subarray(i, i + 1000));
    zip.end();
    expect(new TextDecoder().decode(Buffer.concat(parts))).toBe(csv);
    const truncated = new ZipStream(() => true, () => undefined, native);
    await truncated.push(goodZip.subarray(0, 300));
    expect(() => truncated.end()).toThrow(/truncated/);
  });

  it.each([true, false])('refuses an entry whose CRC or size differs from its zip header (native: %s)', async (native) => {
    // Local header: CRC-32 at 14, size at 22. The deflate data is intact; only the header's word disagrees.
    for (const [at, what] of [[14, 'crc'], [22, 'size']] as const) {
      const bad = goodZip.slice();
      bad[at] ^= 0x01;
      const zip = new ZipStream((n) => n.endsWith('.csv'), () => undefined, native);
      const run = async () => {
        for (let i = 0; i < bad.length; i += 1000) await zip.push(bad.subarray(i, i + 1000));
        zip.end();
      };
      await expect(run(), what).rejects.toThrow(/corrupt/);
    }
  });

  it.each([
    ['a checksum that does not match', () => input(`BTCUSDT-aggTrades-${month}.zip`, goodZip, 'ab'.repeat(32)), /BTCUSDT-aggTrades-2025-11\.zip: checksum mismatch/],
    ['a truncated zip', () => input(`BTCUSDT-aggTrades-${month}.zip`, goodZip.slice(0, goodZip.length - 200)), /BTCUSDT-aggTrades-2025-11\.zip: the zip is truncated/],
    ['a corrupt zip', () => {
      const bad = goodZip.slice();
      for (let i = 200; i < 260; i++) bad[i] ^= 0x5a;
      return input(`BTCUSDT-aggTrades-${month}.zip`, bad);
    }, /BTCUSDT-aggTrades-2025-11\.zip: .*(corrupt|cannot be inflated)/],
    ['a file that is not a zip', () => input(`BTCUSDT-aggTrades-${month}.zip`, strToU8(csv)), /BTCUSDT-aggTrades-2025-11\.zip: not a zip file/],
    ['a zip holding something else', () => input(`BTCUSDT-aggTrades-${month}.zip`, zipOf('readme.txt', 'hello')), /BTCUSDT-aggTrades-2025-11\.zip: the zip holds no CSV/],
    ['a zip holding another symbol', () => input(`BTCUSDT-aggTrades-${month}.zip`, zipOf(`ETHUSDT-aggTrades-${month}.csv`, csv)), /holds ETHUSDT-aggTrades-2025-11\.csv, expected BTCUSDT-aggTrades-2025-11\.csv/],
    ['a file with no line breaks', () => input(`BTCUSDT-aggTrades-${month}.csv`, new Uint8Array(200_000).fill(65)), /BTCUSDT-aggTrades-2025-11\.csv: line 1 is longer than 64 kB: not an archive CSV/],
    ['an empty file', () => input(`BTCUSDT-aggTrades-${month}.csv`, new Uint8Array(0)), /BTCUSDT-aggTrades-2025-11\.csv: the file is empty/],
    ['rows outside the month', () => input(`BTCUSDT-aggTrades-${month}.csv`, strToU8(aggTradesCsv(someTrades('2025-12', 20), true))), /BTCUSDT-aggTrades-2025-11\.csv: has trades outside 2025-11/],
    ['rows outside the day', () => input(`BTCUSDT-aggTrades-${month}-02.csv`, strToU8(aggTradesCsv(someTrades(month, 20), true))), /BTCUSDT-aggTrades-2025-11-02\.csv: has trades outside 2025-11-02/],
  ])('refuses %s, naming the file', async (_, make, message) => {
    await expect(build(make())).rejects.toThrow(message);
  });

  it('refuses a metrics file of another symbol', async () => {
    const metrics = 'create_time,symbol,sum_open_interest,sum_open_interest_value,count_toptrader_long_short_ratio,sum_toptrader_long_short_ratio,count_long_short_ratio,sum_taker_long_short_vol_ratio\n'
      + '2025-11-01 00:05:00,ETHUSDT,100,200,1,1,1,1\n';
    await expect(build(input(`BTCUSDT-aggTrades-${month}.zip`, goodZip), input(`BTCUSDT-metrics-${month}-01.csv`, strToU8(metrics))))
      .rejects.toThrow(/BTCUSDT-metrics-2025-11-01\.csv: rows of ETHUSDT, expected BTCUSDT/);
  });

  it('counts bad lines with their first line numbers, and refuses the month past the limit', async () => {
    const lines = csv.trimEnd().split('\n');
    lines[3] = '1,abc,1,1,1,1762000000000,true';
    lines[7] = '2,3,4';
    lines[9] = lines[9].replace(/,(true|false)$/, ',maybe');
    lines[11] = lines[11].replace(/^(\d+),[^,]+,/, '$1,0,');
    const text = lines.join('\n') + '\n';
    const r = await build(input(`BTCUSDT-aggTrades-${month}.csv`, strToU8(text)));
    expect(r.rows).toBe(496);
    expect(r.warnings.join(' ')).toContain('3 line(s) did not parse and were left out (line 4: price "abc" is not a number; line 8: expected 7 comma-separated values, found 3; line 10: is_buyer_maker "maybe" is not true or false)');
    expect(r.warnings.join(' ')).toContain('1 row(s) with an empty or non-positive value were left out (line 12)');
    await expect(buildMonth('BTCUSDT', month, [input(`BTCUSDT-aggTrades-${month}.csv`, strToU8(text))], { maxBadLines: 3 }))
      .rejects.toThrow(/BTCUSDT 2025-11: 4 bad lines, more than the limit of 3: BTCUSDT-aggTrades-2025-11\.csv: 3 line/);
  });

  it('puts a trade priced exactly on a bin edge into that bin (150.42 with step 0.02, also when written with binary noise)', async () => {
    const start = Date.parse(`${month}-01T00:00:00Z`);
    const rows = [150.42, 150.41, 150.44, 0.3 * 501.4].map((price, i) => ({ id: i + 1, price, quantity: 1, time: start + i * 1000, buyerMaker: false }));
    const r = await build(input(`BTCUSDT-aggTrades-${month}.csv`, strToU8(aggTradesCsv(rows, true))));
    const dir = await tempDir('import-edge');
    const path = join(dir, 'v.parquet');
    await writeFile(path, r.profiles[0].bytes);
    const bins = await query(`SELECT price_bin, sum(trades)::INT AS n FROM read_parquet('${path}') GROUP BY 1 ORDER BY 1`);
    expect(bins).toEqual([{ price_bin: 150.4, n: 1 }, { price_bin: 150.42, n: 2 }, { price_bin: 150.44, n: 1 }]);
    const meta = await query(`SELECT decode(value) AS v FROM parquet_kv_metadata('${path}') WHERE decode(key) = 'liqmap.price_step'`);
    expect(meta[0].v).toBe('0.02');
  });
});
