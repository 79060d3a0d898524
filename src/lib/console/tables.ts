/**
 * The console's tables (docs/console.md): `volume`, `candles` and `oi` in the columns of the
 * profile files (profile-schema.ts) after `symbol` and `month`, and `liquidations` from the
 * recorded events. Times are epoch ms (BIGINT) in every table, so they join without casts.
 */
import * as arrow from 'apache-arrow';
import { KIND_COLUMNS, PROFILE_KINDS, type ColumnType, type ProfileKind } from '../data/profile-schema.ts';
import type { Liquidation } from '../live/events.ts';

const SQL_TYPE: Record<ColumnType, string> = { time: 'BIGINT', double: 'DOUBLE', int: 'BIGINT', string: 'VARCHAR' };

const LIQUIDATION_COLUMNS: readonly { name: keyof Liquidation | 'month'; type: ColumnType }[] = [
  { name: 'time', type: 'time' },
  { name: 'exchange', type: 'string' },
  { name: 'symbol', type: 'string' },
  { name: 'side', type: 'string' },
  { name: 'price', type: 'double' },
  { name: 'quantity', type: 'double' },
  { name: 'usd', type: 'double' },
  { name: 'month', type: 'string' },
];

export const TABLE_NAMES = [...PROFILE_KINDS, 'liquidations'] as const;

const create = (name: string, columns: readonly { name: string; type: ColumnType }[]) =>
  `CREATE OR REPLACE TABLE ${name} (${columns.map((c) => `${c.name} ${SQL_TYPE[c.type]}`).join(', ')});`;

/** Empty tables, replacing any earlier ones (the console's DuckDB holds nothing else of ours). */
export function createTablesSql(): string {
  // A source may hold both exchanges' months of a symbol: the exchange keeps them apart.
  const keyed = (kind: ProfileKind) => [{ name: 'exchange', type: 'string' as const }, { name: 'symbol', type: 'string' as const }, { name: 'month', type: 'string' as const }, ...KIND_COLUMNS[kind]];
  return [...PROFILE_KINDS.map((kind) => create(kind, keyed(kind))), create('liquidations', LIQUIDATION_COLUMNS)].join('\n');
}

/** Recorded events as an Arrow IPC stream in the `liquidations` table's column order. */
export function liquidationsIpc(events: readonly Liquidation[]): Uint8Array {
  const vectors: Record<string, arrow.Vector> = {};
  for (const c of LIQUIDATION_COLUMNS) {
    if (c.type === 'string') {
      const text = c.name === 'month' ? events.map((e) => new Date(e.time).toISOString().slice(0, 7)) : events.map((e) => String(e[c.name as keyof Liquidation]));
      vectors[c.name] = arrow.vectorFromArray(text, new arrow.Utf8());
    } else {
      // Times go as DOUBLE (exact below 2^53) and DuckDB casts them to the table's BIGINT.
      vectors[c.name] = arrow.makeVector(Float64Array.from(events, (e) => e[c.name as 'time' | 'price' | 'quantity' | 'usd']));
    }
  }
  return arrow.tableToIPC(new arrow.Table(vectors), 'stream');
}
