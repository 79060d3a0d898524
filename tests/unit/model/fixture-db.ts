/** Engine tables and row helpers for model tests: plain SQL into the tables of tables.sql.ts. */
import type { Db } from '../../../src/lib/db/db.ts';
import { invalidateModelCache } from '../../../src/lib/model/whale-cache.ts';
import { TABLES_SQL } from '../../../src/lib/data/tables.sql.ts';


export const HOUR = 3_600_000;
/** 2025-11-30 23:00 UTC: the latest hour of most fixtures. */
export const LAST_HOUR = Date.UTC(2025, 10, 30, 23);

export async function resetTables(db: Db): Promise<void> {
  await db.exec('DROP TABLE IF EXISTS volume; DROP TABLE IF EXISTS candles; DROP TABLE IF EXISTS oi;');
  await db.exec(TABLES_SQL);
  invalidateModelCache(db);
}

export interface VolumeRow {
  hour?: number;
  bin: number;
  side: 'buy' | 'sell';
  notional: number;
  sizeMin?: number;
  symbol?: string;
  month?: string;
}

export async function insertVolume(db: Db, rows: VolumeRow[]): Promise<void> {
  const values = rows.map((r) => {
    const hour = r.hour ?? LAST_HOUR;
    const month = r.month ?? new Date(hour).toISOString().slice(0, 7);
    return `('${r.symbol ?? 'BTCUSDT'}', '${month}', ${hour}, ${r.bin}, '${r.side}', ${r.sizeMin ?? 500_000}, ${r.notional}, ${r.notional / r.bin}, 1)`;
  });
  await db.exec(`INSERT INTO volume VALUES ${values.join(',\n')}`);
}

export interface CandleRow {
  time: number;
  open: number;
  high: number;
  low: number;
  close: number;
  symbol?: string;
}

export async function insertCandles(db: Db, rows: CandleRow[]): Promise<void> {
  const values = rows.map((c) => {
    const month = new Date(c.time).toISOString().slice(0, 7);
    return `('${c.symbol ?? 'BTCUSDT'}', '${month}', ${c.time}, ${c.open}, ${c.high}, ${c.low}, ${c.close}, 1, ${c.close}, ${c.close / 2}, 1)`;
  });
  await db.exec(`INSERT INTO candles VALUES ${values.join(',\n')}`);
}

export async function insertOi(db: Db, rows: { time: number; oiUsd: number; symbol?: string }[]): Promise<void> {
  const values = rows.map((r) => {
    const month = new Date(r.time).toISOString().slice(0, 7);
    return `('${r.symbol ?? 'BTCUSDT'}', '${month}', ${r.time}, ${r.oiUsd / 100_000}, ${r.oiUsd})`;
  });
  await db.exec(`INSERT INTO oi VALUES ${values.join(',\n')}`);
}
