/**
 * The profiles loaded into the engine tables (tables.sql.ts) and a registry of where each came
 * from. Loading replaces one symbol+month+kind in a single transaction, so a file that fails
 * half-way never evicts the good data it was meant to replace.
 */
import type { Db } from '../db/db.ts';
import { num, text } from '../db/db.ts';
import { TABLES_SQL } from './tables.sql.ts';
import { readProfile, type ProfileFile, type ValidProfile } from './profile-file.ts';
import { profileTableIpc } from './profile-arrow.ts';
import type { Expected } from './profile-meta.ts';
import { MONTH_RE, SYMBOL_RE, isKind, type ProfileKind } from './profile-schema.ts';
import { errorText, refuse, type Refusal } from './refusal.ts';

export interface LoadedProfile {
  symbol: string;
  month: string;
  kind: ProfileKind;
  rows: number;
  /** Who supplied it: 'remote:<manifest url>' or 'upload'. */
  source: string;
  sha256: string | null;
  synthetic: boolean;
  /** Volume files: the price_bin grid (liqmap.price_step); null for candles and oi. */
  priceStep: number | null;
  firstTime: number;
  lastTime: number;
}

/** What loading a file gives: the loaded profile, or why not. */
export type LoadResult = ({ ok: true } & LoadedProfile) | Refusal;

const REGISTRY_SQL = `CREATE TABLE IF NOT EXISTS loaded_profiles (
  symbol VARCHAR, month VARCHAR, kind VARCHAR, rows BIGINT, source VARCHAR, sha256 VARCHAR,
  synthetic BOOLEAN, price_step DOUBLE, first_time BIGINT, last_time BIGINT
);`;

/** Create the engine tables and the registry if missing (idempotent). */
export async function ensureProfileTables(db: Db): Promise<void> {
  await db.exec(TABLES_SQL + '\n' + REGISTRY_SQL);
}

/** Run `work` in one transaction: all of it or none of it. */
export async function inTransaction(db: Db, work: () => Promise<void>): Promise<void> {
  await db.exec('BEGIN TRANSACTION');
  try {
    await work();
    await db.exec('COMMIT');
  } catch (e) {
    await db.exec('ROLLBACK');
    throw e;
  }
}

/**
 * Replace the symbol+month+kind of `valid` with its rows. A failure leaves the tables as they
 * were and comes back as a refusal.
 */
export async function loadProfile(
  db: Db,
  valid: ValidProfile,
  source: string,
  sha256: string | null = null,
): Promise<LoadResult> {
  const { symbol, month, kind, synthetic } = valid.meta;
  const loaded: LoadResult = {
    ok: true, symbol, month, kind, rows: valid.rows, source, sha256, synthetic,
    priceStep: valid.meta.priceStep ?? null, firstTime: valid.firstTime, lastTime: valid.lastTime,
  };
  try {
    await ensureProfileTables(db);
    await inTransaction(db, async () => {
      // Symbol, month and kind are checked patterns, so one unprepared round trip does both deletes.
      checkSymbolMonth(symbol, month);
      const which = `symbol = '${symbol}' AND month = '${month}'`;
      await db.exec(`DELETE FROM ${kind} WHERE ${which}; DELETE FROM loaded_profiles WHERE ${which} AND kind = '${kind}';`);
      await db.appendArrowIPC(kind, profileTableIpc(kind, symbol, month, valid.columns, valid.rows));
      await db.query(`INSERT INTO loaded_profiles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
        symbol, month, kind, valid.rows, source, sha256, synthetic, loaded.priceStep, valid.firstTime, valid.lastTime,
      ]);
    });
    return loaded;
  } catch (e) {
    return refuse(valid.file, `it could not be loaded (${errorText(e)}); the data loaded before is unchanged`);
  }
}

/** Read, check and load in one step. */
export async function ingestProfile(
  db: Db,
  file: ProfileFile,
  source: string,
  options: { sha256?: string; expected?: Expected } = {},
): Promise<LoadResult> {
  const valid = await readProfile(file, options.expected);
  if (!valid.ok) return valid;
  return loadProfile(db, valid, source, options.sha256 ?? null);
}

export async function listLoaded(db: Db): Promise<LoadedProfile[]> {
  await ensureProfileTables(db);
  const r = await db.query(
    `SELECT * FROM loaded_profiles ORDER BY symbol, month, CASE kind WHEN 'volume' THEN 0 WHEN 'candles' THEN 1 ELSE 2 END`,
  );
  const sha = r.columns.sha256 as (string | null)[];
  const synthetic = r.columns.synthetic as (boolean | null)[];
  const [rows, step, first, last] = [num(r, 'rows'), num(r, 'price_step'), num(r, 'first_time'), num(r, 'last_time')];
  const kinds = text(r, 'kind');
  return text(r, 'symbol').map((symbol, i) => ({
    symbol,
    month: text(r, 'month')[i],
    kind: isKind(kinds[i]) ? kinds[i] : 'volume',
    rows: rows[i],
    source: text(r, 'source')[i],
    sha256: sha[i] ?? null,
    synthetic: synthetic[i] === true,
    priceStep: Number.isNaN(step[i]) ? null : step[i],
    firstTime: first[i],
    lastTime: last[i],
  }));
}

function checkSymbolMonth(symbol: string, month: string): void {
  if (!SYMBOL_RE.test(symbol)) throw new Error(`not a symbol: ${JSON.stringify(symbol)}`);
  if (!MONTH_RE.test(month)) throw new Error(`not a month (YYYY-MM): ${JSON.stringify(month)}`);
}
