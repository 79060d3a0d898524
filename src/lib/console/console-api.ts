/**
 * The console worker's side: DuckDB-WASM (its own nested worker, db-browser.ts), the tables
 * built from this browser's profile cache and recorded liquidations, and the user's queries.
 * Calls run one at a time, so a query never sees tables half rebuilt.
 */
import type { ConsoleApi, ConsoleProgress, TablesReport } from './api.ts';
import { openDuckDb, type DuckDbConnection } from '../db/db-browser.ts';
import { openProfileCache } from '../data/cache.ts';
import { exchangeOf, usedCachedCopies } from '../data/copies.ts';
import { readProfile } from '../data/profile-file.ts';
import { profileTableIpc } from '../data/profile-arrow.ts';
import { errorText } from '../data/refusal.ts';
import { openLiquidationStore } from '../live/liquidation-store.ts';
import { TABLE_NAMES, createTablesSql, liquidationsIpc } from './tables.ts';
import { preview, queryErrorText, resultCsv, type ArrowResult } from './result.ts';

type Progress = (p: ConsoleProgress) => void;

export function consoleApi(): ConsoleApi {
  let starting: Promise<DuckDbConnection> | undefined;
  let last: ArrowResult | null = null;
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.then(work);
    queue = run.catch(() => undefined);
    return run;
  };
  /** DuckDB once; a failed start (e.g. offline before the first use) is tried again next time. */
  const duck = () => {
    starting ??= openDuckDb().catch((e) => {
      starting = undefined;
      throw new Error(`DuckDB could not start (${errorText(e)})`);
    });
    return starting;
  };

  async function loadProfiles({ conn }: DuckDbConnection, sources: Parameters<ConsoleApi['loadTables']>[0], progress: Progress, problems: string[]) {
    const cache = await openProfileCache();
    const files = usedCachedCopies(sources.sourceFiles, await cache.list(), new Set(sources.preferSource));
    for (const [done, entry] of files.entries()) {
      progress({ phase: 'profiles', done, total: files.length });
      const bytes = await cache.get(entry.sha256);
      if (!bytes) continue; // deleted meanwhile
      const valid = await readProfile({ name: entry.fileName, bytes }, { symbol: entry.symbol, month: entry.month, kind: entry.kind, exchange: exchangeOf(entry) });
      if (!valid.ok) {
        problems.push(valid.message);
        continue;
      }
      const { kind, exchange, symbol, month } = valid.meta;
      await conn.insertArrowFromIPCStream(profileTableIpc(kind, exchange, symbol, month, valid.columns, valid.rows), { name: kind, create: false });
    }
  }

  async function loadLiquidations({ conn }: DuckDbConnection, progress: Progress) {
    const store = openLiquidationStore();
    const symbols = await store.summary();
    for (const [done, s] of symbols.entries()) {
      progress({ phase: 'liquidations', done, total: symbols.length });
      const events = await store.range(s.symbol, -Infinity, Infinity);
      if (events.length) await conn.insertArrowFromIPCStream(liquidationsIpc(events), { name: 'liquidations', create: false });
    }
  }

  return {
    loadTables: (sources, progress) =>
      serial(async (): Promise<TablesReport> => {
        progress({ phase: 'duckdb', done: 0, total: 1 });
        const db = await duck();
        await db.conn.query(createTablesSql());
        const problems: string[] = [];
        await loadProfiles(db, sources, progress, problems);
        await loadLiquidations(db, progress);
        const counts = await db.conn.query(TABLE_NAMES.map((t) => `SELECT '${t}' AS name, count(*) AS rows FROM ${t}`).join(' UNION ALL '));
        const tables = TABLE_NAMES.map((name) => ({ name, rows: 0 }));
        for (const row of counts.toArray() as { name: string; rows: number }[]) tables.find((t) => t.name === row.name)!.rows = Number(row.rows);
        return { tables, problems };
      }),
    run: (sql, previewRows) =>
      serial(async () => {
        const { conn } = await duck();
        last = null;
        let result: ArrowResult;
        try {
          result = (await conn.query(sql)) as unknown as ArrowResult;
        } catch (e) {
          throw new Error(queryErrorText(e instanceof Error ? e.message : String(e)));
        }
        last = result;
        return preview(result, previewRows);
      }),
    csv: () =>
      serial(async () => {
        if (!last) throw new Error('Run a query first: there is no result to export.');
        return resultCsv(last);
      }),
  };
}
