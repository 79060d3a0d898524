/** The generator: archive layout and format, determinism, and the structure the models need. */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateArchive, type SynthOptions } from '../../../tools/synth/archive.ts';
import { csvOfZip, parseAggTrades, tempDir, type Trade } from '../builder/helpers.ts';

const base: Omit<SynthOptions, 'out'> = {
  symbols: ['BTCUSDT', 'ETHUSDT'], from: '2024-12', to: '2025-01', trades: 40_000, seed: 'synth-test',
  header: 'auto', metrics: true, format: 'zip',
};
let a = '';
let b = '';

async function allFiles(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true })).map(String).filter((f) => /\.(zip|CHECKSUM)$/.test(f)).sort();
}

beforeAll(async () => {
  a = await tempDir('synth-a');
  b = await tempDir('synth-b');
  await generateArchive({ ...base, out: a });
  await generateArchive({ ...base, out: b, symbols: ['BTCUSDT'], to: '2024-12', metrics: false });
}, 60_000);

const zipPath = (symbol: string, month: string) => join(a, `data/futures/um/monthly/aggTrades/${symbol}/${symbol}-aggTrades-${month}.zip`);

describe('synthetic archive', () => {
  it('uses the archive layout: monthly aggTrades and daily metrics zips, each with a .CHECKSUM', async () => {
    const files = await allFiles(a);
    expect(files).toContain('data/futures/um/monthly/aggTrades/BTCUSDT/BTCUSDT-aggTrades-2024-12.zip');
    expect(files).toContain('data/futures/um/monthly/aggTrades/ETHUSDT/ETHUSDT-aggTrades-2025-01.zip.CHECKSUM');
    expect(files.filter((f) => f.includes('/daily/metrics/BTCUSDT/') && f.endsWith('.zip'))).toHaveLength(31 + 31);
    for (const f of files.filter((x) => x.endsWith('.zip'))) {
      const sha = createHash('sha256').update(await readFile(join(a, f))).digest('hex');
      const name = f.split('/').pop();
      expect(await readFile(join(a, `${f}.CHECKSUM`), 'utf8')).toBe(`${sha}  ${name}\n`);
    }
  });

  it('is deterministic: the same arguments give the same bytes', async () => {
    const f = 'data/futures/um/monthly/aggTrades/BTCUSDT/BTCUSDT-aggTrades-2024-12.zip';
    expect((await readFile(join(b, f))).equals(await readFile(join(a, f)))).toBe(true);
    const other = await tempDir('synth-c');
    await generateArchive({ ...base, out: other, symbols: ['BTCUSDT'], to: '2024-12', metrics: false, seed: 'another' });
    expect((await readFile(join(other, f))).equals(await readFile(join(a, f)))).toBe(false);
  });

  it('writes older months headerless and newer ones with the header, one CSV named like the zip', async () => {
    const old = unzipSync(new Uint8Array(await readFile(zipPath('BTCUSDT', '2024-12'))));
    expect(Object.keys(old)).toEqual(['BTCUSDT-aggTrades-2024-12.csv']);
    expect(Buffer.from(old['BTCUSDT-aggTrades-2024-12.csv']).toString().slice(0, 12)).toMatch(/^\d+,/);
    const recent = await csvOfZip(zipPath('BTCUSDT', '2025-01'));
    expect(recent.split('\n')[0]).toBe('agg_trade_id,price,quantity,first_trade_id,last_trade_id,transact_time,is_buyer_maker');
  });

  it('marks every zip as synthetic in its comment', async () => {
    const bytes = await readFile(zipPath('ETHUSDT', '2025-01'));
    expect(bytes.subarray(bytes.length - 200).toString('latin1')).toContain('liqmap-synthetic seed=synth-test symbol=ETHUSDT');
  });

  describe.each([['BTCUSDT', 1, 3], ['ETHUSDT', 2, 3]])('%s trades', (symbol, tickDecimals, qtyDecimals) => {
    let rows: Trade[] = [];
    let lines: string[] = [];
    beforeAll(async () => {
      const text = await csvOfZip(zipPath(symbol, '2025-01'));
      lines = text.trimEnd().split('\n').slice(1);
      rows = parseAggTrades(text);
    });

    it('has the requested count, 7 columns, ids and times in order within the month, prices on the tick', () => {
      expect(rows).toHaveLength(40_000);
      const start = Date.parse('2025-01-01T00:00:00Z');
      const end = Date.parse('2025-02-01T00:00:00Z');
      const problems: string[] = [];
      const price = new RegExp(`^\\d+\\.\\d{${tickDecimals}}$`);
      const qty = new RegExp(`^\\d+\\.\\d{${qtyDecimals}}$`);
      for (let i = 0; i < rows.length; i++) {
        const f = lines[i].split(',');
        const ok = f.length === 7 && price.test(f[1]) && qty.test(f[2]) && Number(f[4]) >= Number(f[3])
          && rows[i].time >= start && rows[i].time < end
          && (i === 0 || (rows[i].id === rows[i - 1].id + 1 && rows[i].time >= rows[i - 1].time));
        if (!ok) problems.push(`line ${i + 2}: ${lines[i]}`);
      }
      expect(problems.slice(0, 5)).toEqual([]);
    });

    it('has heavy-tailed sizes: whales are a small fraction, and bigger ones rarer', () => {
      const notional = rows.map((t) => t.price * t.quantity);
      const share = (x: number) => notional.filter((n) => n >= x).length / notional.length;
      expect(share(500_000)).toBeGreaterThan(0.001);
      expect(share(500_000)).toBeLessThan(0.01);
      expect(share(1_000_000)).toBeLessThan(share(500_000));
      expect(share(5_000_000)).toBeLessThan(share(1_000_000));
      const median = [...notional].sort((x, y) => x - y)[notional.length >> 1];
      expect(median).toBeLessThan(10_000);
    });

    it('has a price path with real moves and taker imbalance that follows them', () => {
      const hours = new Map<number, Trade[]>();
      for (const t of rows) {
        const h = Math.floor(t.time / 3_600_000);
        hours.set(h, [...(hours.get(h) ?? []), t]);
      }
      let agree = 0;
      let counted = 0;
      const closes: number[] = [];
      for (const list of hours.values()) {
        closes.push(list[list.length - 1].price);
        const move = list[list.length - 1].price - list[0].price;
        // Count of taker buys minus sells among ordinary trades (one whale would swamp a sum).
        const imbalance = list.reduce((s, t) => s + (t.price * t.quantity < 100_000 ? (t.buyerMaker ? -1 : 1) : 0), 0);
        if (list.length >= 20 && Math.abs(move) / list[0].price > 0.003) {
          counted++;
          if (Math.sign(move) === Math.sign(imbalance)) agree++;
        }
      }
      expect(counted).toBeGreaterThan(20);
      expect(agree / counted).toBeGreaterThan(0.65);
      // Not a flat line and not a sine: the month's range is several percent, and some hours move sharply.
      const range = (Math.max(...closes) - Math.min(...closes)) / closes[0];
      expect(range).toBeGreaterThan(0.05);
      const moves = closes.slice(1).map((c, i) => Math.abs(Math.log(c / closes[i])));
      expect(Math.max(...moves)).toBeGreaterThan(5 * moves.sort((x, y) => x - y)[moves.length >> 1]);
    });
  });

  it('writes daily metrics: 288 five-minute rows with header and OI that moves', async () => {
    const text = await csvOfZip(join(a, 'data/futures/um/daily/metrics/BTCUSDT/BTCUSDT-metrics-2025-01-15.zip'));
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toBe('create_time,symbol,sum_open_interest,sum_open_interest_value,count_toptrader_long_short_ratio,sum_toptrader_long_short_ratio,count_long_short_ratio,sum_taker_long_short_vol_ratio');
    expect(lines).toHaveLength(289);
    expect(lines[1]).toMatch(/^2025-01-15 00:00:00,BTCUSDT,\d+\.\d+,\d+\.\d+,/);
    expect(lines[288]).toMatch(/^2025-01-15 23:55:00,BTCUSDT,/);
    const oi = lines.slice(1).map((l) => Number(l.split(',')[2]));
    expect(Math.max(...oi) / Math.min(...oi)).toBeGreaterThan(1.001);
  });
});
