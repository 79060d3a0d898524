/**
 * The profiles against sums computed here, in plain TypeScript from the generated CSVs (read
 * with fflate), and read back with native DuckDB and hyparquet rather than the writer.
 */
import { asyncBufferFromFile, parquetMetadataAsync } from 'hyparquet';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SIZE_EDGES } from '../../../src/lib/data/profile-schema.ts';
import { binFloor } from '../../../src/lib/model/price-grid.ts';
import { generateArchive } from '../../../tools/synth/archive.ts';
import { build, csvOfZip, parseAggTrades, query, tempDir, type Trade } from './helpers.ts';

const MONTH = '2025-11';
const dirs: Record<string, { archive: string; out: string }> = {};

async function synthAndBuild(name: string, header: 'always' | 'never'): Promise<void> {
  const archive = await tempDir(`archive-${name}`);
  const out = await tempDir(`profiles-${name}`);
  await generateArchive({
    out: archive, symbols: ['BTCUSDT', 'ETHUSDT'], from: MONTH, to: MONTH, trades: 30_000, seed: 'contents',
    header, metrics: true, format: 'zip',
  });
  const report = await build(archive, out);
  expect(report.refused).toBe(0);
  dirs[name] = { archive, out };
}

beforeAll(async () => {
  await synthAndBuild('headered', 'always');
  await synthAndBuild('headerless', 'never');
});

function bucket(notional: number): number {
  let b = 0;
  for (const e of SIZE_EDGES) if (notional >= e) b = e;
  return b;
}

function close(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

async function trades(symbol: string): Promise<Trade[]> {
  const zip = join(dirs.headered.archive, `data/futures/um/monthly/aggTrades/${symbol}/${symbol}-aggTrades-${MONTH}.zip`);
  return parseAggTrades(await csvOfZip(zip));
}

function profile(symbol: string, kind: string, which = 'headered'): string {
  return join(dirs[which].out, symbol, `${symbol}-${MONTH}.${kind}.parquet`);
}

describe.each(['BTCUSDT', 'ETHUSDT'])('%s profiles', (symbol) => {
  it('volume: notional, quantity and trades per hour x bin x side x bucket match independent sums', async () => {
    const rows = await trades(symbol);
    const meta = await query(`SELECT decode(value) AS v FROM parquet_kv_metadata('${profile(symbol, 'volume')}') WHERE decode(key) = 'liqmap.price_step'`);
    const step = Number(meta[0].v);
    // About 0.01 % of the first price, on the 1-2-5 scale.
    expect(/^[125]$/.test(String(step / 10 ** Math.floor(Math.log10(step))))).toBe(true);
    expect(step / (rows[0].price * 1e-4)).toBeGreaterThan(0.6);
    expect(step / (rows[0].price * 1e-4)).toBeLessThan(1.7);

    const expected = new Map<string, { notional: number; quantity: number; trades: number }>();
    for (const t of rows) {
      const n = t.price * t.quantity;
      const key = `${Math.floor(t.time / 3_600_000) * 3_600_000}|${binFloor(t.price, step)}|${t.buyerMaker ? 'sell' : 'buy'}|${bucket(n)}`;
      const e = expected.get(key) ?? { notional: 0, quantity: 0, trades: 0 };
      e.notional += n;
      e.quantity += t.quantity;
      e.trades += 1;
      expected.set(key, e);
    }
    const got = await query(`SELECT epoch_ms(hour) AS hour, price_bin, side, size_min, notional, quantity, trades FROM '${profile(symbol, 'volume')}'`);
    expect(got.length).toBe(expected.size);
    let mismatches = 0;
    for (const r of got) {
      const e = expected.get(`${r.hour}|${r.price_bin}|${r.side}|${r.size_min}`);
      if (!e || !close(e.notional, Number(r.notional)) || !close(e.quantity, Number(r.quantity)) || e.trades !== Number(r.trades)) mismatches++;
    }
    expect(mismatches).toBe(0);
    // The generator's whales reach the profile.
    expect(got.filter((r) => Number(r.size_min) >= 500_000).length).toBeGreaterThan(5);
  });

  it('candles: 5-minute OHLC, volumes and trade counts match independent figures', async () => {
    const rows = await trades(symbol);
    const byCandle = new Map<number, Trade[]>();
    for (const t of rows) {
      const k = Math.floor(t.time / 300_000) * 300_000;
      const list = byCandle.get(k) ?? [];
      list.push(t);
      byCandle.set(k, list);
    }
    const got = await query(`SELECT epoch_ms(time) AS time, open, high, low, close, volume, quote_volume, taker_buy_quote_volume, trades FROM '${profile(symbol, 'candles')}' ORDER BY time`);
    expect(got.length).toBe(byCandle.size);
    for (const r of got) {
      const list = byCandle.get(Number(r.time))!;
      const byId = [...list].sort((a, b) => a.id - b.id);
      expect(r.open).toBe(byId[0].price);
      expect(r.close).toBe(byId[byId.length - 1].price);
      expect(r.high).toBe(Math.max(...list.map((t) => t.price)));
      expect(r.low).toBe(Math.min(...list.map((t) => t.price)));
      expect(Number(r.trades)).toBe(list.length);
      expect(close(Number(r.volume), list.reduce((s, t) => s + t.quantity, 0))).toBe(true);
      expect(close(Number(r.quote_volume), list.reduce((s, t) => s + t.price * t.quantity, 0))).toBe(true);
      const takerBuy = list.filter((t) => !t.buyerMaker).reduce((s, t) => s + t.price * t.quantity, 0);
      expect(close(Number(r.taker_buy_quote_volume), takerBuy)).toBe(true);
    }
  });

  it('oi: one row per metrics row, time from create_time as UTC', async () => {
    const dir = join(dirs.headered.archive, `data/futures/um/daily/metrics/${symbol}`);
    const expected: { time: number; oi: number; usd: number }[] = [];
    for (const f of (await readdir(dir)).filter((n) => n.endsWith('.zip')).sort()) {
      for (const line of (await csvOfZip(join(dir, f))).split('\n').slice(1)) {
        if (!line) continue;
        const c = line.split(',');
        expected.push({ time: Date.parse(`${c[0].replace(' ', 'T')}Z`), oi: Number(c[2]), usd: Number(c[3]) });
      }
    }
    const got = await query(`SELECT epoch_ms(time) AS time, open_interest, open_interest_usd FROM '${profile(symbol, 'oi')}' ORDER BY time`);
    expect(got.length).toBe(30 * 288);
    expect(got.map((r) => [Number(r.time), r.open_interest, r.open_interest_usd])).toEqual(expected.map((e) => [e.time, e.oi, e.usd]));
  });

  it('headered and headerless archives give identical profiles', async () => {
    for (const kind of ['volume', 'candles', 'oi']) {
      const cols = `* EXCLUDE (${kind === 'volume' ? 'hour' : 'time'}), epoch_ms(${kind === 'volume' ? 'hour' : 'time'}) AS t`;
      const a = await query(`SELECT ${cols} FROM '${profile(symbol, kind, 'headered')}'`);
      const b = await query(`SELECT ${cols} FROM '${profile(symbol, kind, 'headerless')}'`);
      expect(b).toEqual(a);
    }
  });
});

describe('profile files', () => {
  it('have plain Parquet types: TIMESTAMP (UTC), DOUBLE, INT64, STRING (DuckDB native)', async () => {
    const schema = await query(`SELECT name, type, logical_type, converted_type FROM parquet_schema('${profile('BTCUSDT', 'volume')}') WHERE name <> 'arrow_schema'`);
    const byName = Object.fromEntries(schema.map((r) => [r.name, r]));
    expect(byName.hour.type).toBe('INT64');
    expect(String(byName.hour.logical_type)).toMatch(/TimestampType\(isAdjustedToUTC=1/);
    expect(byName.side.type).toBe('BYTE_ARRAY');
    expect(byName.side.converted_type).toBe('UTF8');
    for (const c of ['price_bin', 'size_min', 'notional', 'quantity']) expect(byName[c].type).toBe('DOUBLE');
    expect(byName.trades.type).toBe('INT64');
    expect(byName.trades.logical_type).toBeNull();
  });

  it('carry the metadata of profiles.md (read with hyparquet)', async () => {
    const manifest = JSON.parse(await readFile(join(dirs.headered.out, 'manifest.json'), 'utf8'));
    expect(manifest.schema).toBe(1);
    expect(manifest.files).toHaveLength(6);
    for (const f of manifest.files) {
      const meta = await parquetMetadataAsync(await asyncBufferFromFile(join(dirs.headered.out, f.path)));
      const kv = Object.fromEntries((meta.key_value_metadata ?? []).map((x) => [x.key, x.value]));
      expect(kv['liqmap.schema']).toBe('1');
      expect(kv['liqmap.kind']).toBe(f.kind);
      expect(kv['liqmap.symbol']).toBe(f.symbol);
      expect(kv['liqmap.month']).toBe(MONTH);
      expect(kv['liqmap.synthetic']).toBe('true');
      expect('liqmap.price_step' in kv).toBe(f.kind === 'volume');
      const sources = JSON.parse(kv['liqmap.source']!);
      expect(sources[0].sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(Number(meta.num_rows)).toBe(f.rows);
      const timeCol = meta.schema.find((s) => s.name === (f.kind === 'volume' ? 'hour' : 'time'))!;
      expect(timeCol.logical_type).toMatchObject({ type: 'TIMESTAMP', isAdjustedToUTC: true });
      expect(f.synthetic).toBe(true);
      expect(f.path).toBe(`${f.symbol}/${f.symbol}-${MONTH}.${f.kind}.parquet`);
      const bytes = await readFile(join(dirs.headered.out, f.path));
      expect(bytes.length).toBe(f.bytes);
      const { createHash } = await import('node:crypto');
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(f.sha256);
    }
  });
});
