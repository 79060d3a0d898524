/**
 * Write schema-1 profile files (docs/profiles.md) with two writers that share no code
 * with the app's reader: hyparquet-writer (pure JS) and native DuckDB (@duckdb/node-api COPY).
 * Options make deliberately odd or bad files: other compression, small row groups, column
 * order, extra columns, metadata overrides, wrong column types.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'fflate';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { KIND_COLUMNS, type ColumnType, type ProfileKind } from '../../src/lib/data/profile-schema.ts';

export type Value = number | string | bigint | null;
export type ProfileRow = Record<string, Value>;
export type Compression = 'snappy' | 'zstd' | 'gzip' | 'uncompressed' | 'brotli';
/** Types a test may force on a column (hyparquet basic types; DuckDB gets the matching SQL type). */
export type ForcedType = 'STRING' | 'DOUBLE' | 'FLOAT' | 'INT64' | 'INT32' | 'TIMESTAMP' | 'BOOLEAN';

export interface WriteOptions {
  writer?: 'hyparquet' | 'duckdb';
  symbol?: string;
  month?: string;
  priceStep?: number;
  synthetic?: boolean;
  source?: string;
  /** hyparquet: snappy, gzip, uncompressed. DuckDB: all four. Default snappy. */
  compression?: Compression;
  rowGroupSize?: number;
  /** Column names in the order to write them (the kind's columns not listed follow). */
  columnOrder?: string[];
  /** Columns beyond the schema, e.g. { note: ['a', 'b'] }, one value per row. */
  extraColumns?: Record<string, Value[]>;
  omitColumns?: string[];
  /** Metadata keys to set; null removes a key. */
  metadata?: Record<string, string | null>;
  types?: Record<string, ForcedType>;
  /** DuckDB's SQL type for time columns (default TIMESTAMP_MS, i.e. Parquet MILLIS non-UTC). */
  timestampType?: 'TIMESTAMP_MS' | 'TIMESTAMP' | 'TIMESTAMPTZ' | 'TIMESTAMP_NS' | 'TIMESTAMP_S';
}

const BASIC: Record<ColumnType, ForcedType> = { time: 'TIMESTAMP', double: 'DOUBLE', int: 'INT64', string: 'STRING' };

export function profileMetadata(kind: ProfileKind, o: WriteOptions = {}): Record<string, string> {
  const md: Record<string, string | null> = {
    'liqmap.schema': '1',
    'liqmap.kind': kind,
    'liqmap.symbol': o.symbol ?? 'BTCUSDT',
    'liqmap.month': o.month ?? '2025-11',
    ...(kind === 'volume' ? { 'liqmap.price_step': String(o.priceStep ?? 10) } : {}),
    'liqmap.synthetic': String(o.synthetic ?? false),
    'liqmap.source': o.source ?? 'test-writer',
    ...o.metadata,
  };
  return Object.fromEntries(Object.entries(md).filter((e): e is [string, string] => e[1] !== null));
}

interface PlannedColumn {
  name: string;
  type: ForcedType;
  values: Value[];
}

function planColumns(kind: ProfileKind, rows: ProfileRow[], o: WriteOptions): PlannedColumn[] {
  const cols: PlannedColumn[] = KIND_COLUMNS[kind]
    .filter((c) => !o.omitColumns?.includes(c.name))
    .map((c) => ({ name: c.name, type: o.types?.[c.name] ?? BASIC[c.type], values: rows.map((r) => r[c.name] ?? null) }));
  for (const [name, values] of Object.entries(o.extraColumns ?? {})) {
    cols.push({ name, type: o.types?.[name] ?? (typeof values[0] === 'string' ? 'STRING' : 'DOUBLE'), values });
  }
  const order = o.columnOrder ?? [];
  const rank = (name: string) => (order.includes(name) ? order.indexOf(name) : order.length);
  return cols.sort((a, b) => rank(a.name) - rank(b.name));
}

/** Write one profile file; time columns in `rows` are epoch ms. */
export async function writeProfile(kind: ProfileKind, rows: ProfileRow[], o: WriteOptions = {}): Promise<Uint8Array> {
  const cols = planColumns(kind, rows, o);
  const md = profileMetadata(kind, o);
  return o.writer === 'duckdb' ? writeWithDuckDb(cols, md, o) : writeWithHyparquet(cols, md, o);
}

function hyparquetValue(v: Value, type: ForcedType): unknown {
  if (v === null) return null;
  switch (type) {
    case 'TIMESTAMP': return new Date(Number(v));
    case 'INT64': return BigInt(Math.round(Number(v)));
    case 'INT32': return Math.round(Number(v));
    case 'STRING': return String(v);
    case 'BOOLEAN': return Boolean(v);
    default: return Number(v);
  }
}

function writeWithHyparquet(cols: PlannedColumn[], md: Record<string, string>, o: WriteOptions): Uint8Array {
  const codec = (o.compression ?? 'snappy').toUpperCase() as 'SNAPPY' | 'GZIP' | 'UNCOMPRESSED';
  if (o.compression === 'zstd' || o.compression === 'brotli') throw new Error(`hyparquet-writer has no ${o.compression} compressor here; use the duckdb writer`);
  return new Uint8Array(
    parquetWriteBuffer({
      columnData: cols.map((c) => ({ name: c.name, type: c.type, data: c.values.map((v) => hyparquetValue(v, c.type)) })),
      codec,
      compressors: { GZIP: (input: Uint8Array) => gzipSync(input) },
      rowGroupSize: o.rowGroupSize,
      // No list at all when empty: strict thrift readers reject an empty one.
      kvMetadata: Object.keys(md).length ? Object.entries(md).map(([key, value]) => ({ key, value })) : undefined,
    }),
  );
}

const SQL_TYPE: Record<Exclude<ForcedType, 'TIMESTAMP'>, string> = {
  STRING: 'VARCHAR', DOUBLE: 'DOUBLE', FLOAT: 'FLOAT', INT64: 'BIGINT', INT32: 'INTEGER', BOOLEAN: 'BOOLEAN',
};
const sqlString = (s: string) => `'${s.replaceAll("'", "''")}'`;

function sqlValue(v: Value, type: ForcedType, o: WriteOptions): string {
  if (v === null) return 'NULL';
  if (type === 'TIMESTAMP') return `epoch_ms(${Number(v)}::BIGINT)::${o.timestampType ?? 'TIMESTAMP_MS'}`;
  if (type === 'STRING') return sqlString(String(v));
  const n = Number(v);
  if (Number.isNaN(n)) return `'nan'::DOUBLE`;
  if (!Number.isFinite(n)) return `'${n > 0 ? '' : '-'}inf'::DOUBLE`;
  return `${String(v)}::${SQL_TYPE[type]}`;
}

let duck: Promise<import('@duckdb/node-api').DuckDBConnection> | undefined;

async function writeWithDuckDb(cols: PlannedColumn[], md: Record<string, string>, o: WriteOptions): Promise<Uint8Array> {
  duck ??= import('@duckdb/node-api').then(async ({ DuckDBInstance }) => {
    const conn = await (await DuckDBInstance.create(':memory:')).connect();
    await conn.run(`SET TimeZone = 'UTC'`);
    return conn;
  });
  const conn = await duck;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'liqmap-writer-'));
  const file = path.join(dir, 'profile.parquet');
  const n = cols[0]?.values.length ?? 0;
  const typeOf = (c: PlannedColumn) => (c.type === 'TIMESTAMP' ? (o.timestampType ?? 'TIMESTAMP_MS') : SQL_TYPE[c.type]);
  // A typed empty row then the data rows, so that zero-row files still get every column's type.
  const typed = `SELECT ${cols.map((c) => `NULL::${typeOf(c)} AS "${c.name}"`).join(', ')} WHERE false`;
  const rowsSql = Array.from({ length: n }, (_, i) => `SELECT ${cols.map((c) => sqlValue(c.values[i], c.type, o)).join(', ')}`);
  const body = [typed, ...rowsSql].join('\nUNION ALL ');
  const kv = Object.entries(md).map(([k, v]) => `${sqlString(k)}: ${sqlString(v)}`).join(', ');
  const rowGroup = o.rowGroupSize ? `, ROW_GROUP_SIZE ${o.rowGroupSize}` : '';
  try {
    await conn.run(
      `COPY (${body}) TO ${sqlString(file)} (FORMAT parquet, COMPRESSION ${o.compression ?? 'snappy'}${rowGroup}, KV_METADATA {${kv}})`,
    );
    return new Uint8Array(readFileSync(file));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const HOUR = 3_600_000;

/** A month's first ms, UTC. */
export function monthStart(month: string): number {
  const [y, m] = month.split('-').map(Number);
  return Date.UTC(y, m - 1, 1);
}

/** Deterministic volume rows: `hours` hours from the month start, two bins, both sides, two buckets. */
export function sampleVolumeRows(month = '2025-11', hours = 6, step = 10, base = 90_000): ProfileRow[] {
  const rows: ProfileRow[] = [];
  for (let h = 0; h < hours; h++) {
    for (const [b, side] of [[0, 'buy'], [1, 'sell'], [2, 'buy']] as const) {
      for (const size_min of [0, 100_000]) {
        const price_bin = base + (b + h) * step;
        const quantity = 0.5 + h + b + size_min / 1e6;
        rows.push({ hour: monthStart(month) + h * HOUR, price_bin, side, size_min, notional: price_bin * quantity, quantity, trades: 1 + h + b });
      }
    }
  }
  return rows;
}

export function sampleCandleRows(month = '2025-11', count = 24, base = 90_000): ProfileRow[] {
  return Array.from({ length: count }, (_, i) => {
    const open = base + i;
    return {
      time: monthStart(month) + i * 300_000, open, high: open + 5, low: open - 5, close: open + 1,
      volume: 2 + i, quote_volume: (2 + i) * open, taker_buy_quote_volume: (1 + i) * open, trades: 10 + i,
    };
  });
}

export function sampleOiRows(month = '2025-11', count = 12): ProfileRow[] {
  return Array.from({ length: count }, (_, i) => ({
    time: monthStart(month) + i * 300_000, open_interest: 80_000 + i, open_interest_usd: (80_000 + i) * 90_000,
  }));
}
