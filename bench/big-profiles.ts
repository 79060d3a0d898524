/**
 * BTC-sized profiles for the browser benchmarks, written by native DuckDB straight from SQL
 * (generating 50 M trades a month through the archive generator would take far longer):
 * 720 hours × ~90 fine bins × 2 sides × ~2 buckets ≈ 260k volume rows a month, with 5-minute
 * candles and OI, following docs/profiles.md. Marked synthetic.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

const meta = (kind: string, symbol: string, month: string, extra = '') =>
  `KV_METADATA {'liqmap.schema': '1', 'liqmap.kind': '${kind}', 'liqmap.symbol': '${symbol}', 'liqmap.month': '${month}', 'liqmap.synthetic': 'true', 'liqmap.source': 'bench/big-profiles.ts'${extra}}`;

/** Writes `months` months ending 2025-11 of BTCUSDT into `dir`; returns the manifest path. */
export async function writeBigProfiles(dir: string, months: number): Promise<string> {
  mkdirSync(path.join(dir, 'BTCUSDT'), { recursive: true });
  const conn = await (await DuckDBInstance.create(':memory:')).connect();
  const files: object[] = [];
  for (let i = months - 1; i >= 0; i--) {
    const d = new Date(Date.UTC(2025, 10 - i, 1));
    const month = d.toISOString().slice(0, 7);
    const start = d.getTime();
    const end = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
    const hours = (end - start) / 3_600_000;
    // A price path: a slow drift plus waves, around 95k; each hour trades ~90 fine bins around it.
    const price = (t: string) => `(95000 + 8000 * sin(${t} / 400.0) + 2500 * sin(${t} / 37.0) + ${i} * 300)`;
    const out = (kind: string) => path.join(dir, 'BTCUSDT', `BTCUSDT-${month}.${kind}.parquet`);
    await conn.run(`COPY (
      SELECT make_timestamp((${start}::BIGINT + h * 3600000) * 1000)::TIMESTAMP_MS AS hour,
             floor(${price('h')} / 10) * 10 + (b - 45) * 10 AS price_bin,
             CASE WHEN s = 0 THEN 'buy' ELSE 'sell' END AS side,
             [0, 10000, 100000, 500000, 1000000, 5000000][k + 1]::DOUBLE AS size_min,
             (1 + ((h * 7 + b * 13 + s * 5 + k) % 17)) * [5000, 40000, 250000, 700000, 2000000, 6000000][k + 1]::DOUBLE AS notional,
             notional / (floor(${price('h')} / 10) * 10) AS quantity,
             (1 + (h + b) % 9)::BIGINT AS trades
      FROM range(${hours}) t(h), range(90) bb(b), range(2) ss(s), range(6) kk(k)
      WHERE k = 0 OR (h * 31 + b * 17 + s * 7 + k * 3) % 10 < 2
    ) TO '${out('volume')}' (FORMAT parquet, COMPRESSION zstd, ${meta('volume', 'BTCUSDT', month, ", 'liqmap.price_step': '10'")})`);
    await conn.run(`COPY (
      SELECT make_timestamp((${start}::BIGINT + m * 300000) * 1000)::TIMESTAMP_MS AS time,
             ${price('m / 12.0')} AS open, open + 60 + (m % 7) * 10 AS high, open - 60 - (m % 5) * 10 AS low,
             ${price('(m + 1) / 12.0')} AS close, 50.0 + m % 30 AS volume, volume * open AS quote_volume,
             quote_volume * 0.5 AS taker_buy_quote_volume, (100 + m % 50)::BIGINT AS trades
      FROM range(${hours * 12}) t(m)
    ) TO '${out('candles')}' (FORMAT parquet, COMPRESSION zstd, ${meta('candles', 'BTCUSDT', month)})`);
    await conn.run(`COPY (
      SELECT make_timestamp((${start}::BIGINT + m * 300000) * 1000)::TIMESTAMP_MS AS time,
             80000 + 3000 * sin(m / 500.0) + m % 40 AS open_interest, open_interest * ${price('m / 12.0')} AS open_interest_usd
      FROM range(${hours * 12}) t(m)
    ) TO '${out('oi')}' (FORMAT parquet, COMPRESSION zstd, ${meta('oi', 'BTCUSDT', month)})`);
    for (const kind of ['volume', 'candles', 'oi']) {
      const bytes = readFileSync(out(kind));
      const rows = Number((await conn.runAndReadAll(`SELECT count(*) FROM read_parquet('${out(kind)}')`)).getRows()[0][0]);
      files.push({
        symbol: 'BTCUSDT', month, kind, path: `BTCUSDT/BTCUSDT-${month}.${kind}.parquet`, bytes: bytes.length,
        sha256: createHash('sha256').update(bytes).digest('hex'), rows, synthetic: true,
      });
    }
  }
  const manifest = path.join(dir, 'manifest.json');
  writeFileSync(manifest, JSON.stringify({ schema: 1, generated: new Date().toISOString(), files }, null, 1));
  return manifest;
}
