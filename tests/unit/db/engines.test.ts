/**
 * The two Db seams answer alike: the same query gives the same column kinds and values on
 * DuckDB-WASM and on native DuckDB, so that a suite run on both compares the engines, not
 * the seams.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Columns, Db } from '../../../src/lib/db/db.ts';
import { DB_ENGINES } from '../../helpers/db-engines.ts';

const QUERIES: [string, string, (number | string | boolean | null)[]][] = [
  ['integers, HUGEINT sums, decimals and NULL as doubles',
    'SELECT 7::INTEGER AS i, 2::BIGINT ** 40 AS b, sum(x)::HUGEINT AS h, 1.25::DECIMAL(6,2) AS d, NULL::DOUBLE AS n FROM range(5) t(x)', []],
  ['timestamps and dates as epoch ms', "SELECT epoch_ms(1764543600000) AS t, DATE '2025-11-30' AS d, epoch_ms(1764543600123::BIGINT) AS ms", []],
  ['text and booleans as arrays, NULL kept', "SELECT * FROM (VALUES ('buy', true), ('sell', NULL), (NULL, false)) v(side, flag)", []],
  ['numbers bound as DOUBLE, never INTEGER', 'SELECT typeof(?) AS t, ? * 86400000 AS ms, ? / 2 AS half', [30, 30, 3]],
  ['text, boolean and NULL parameters', 'SELECT ? AS s, ? AS b, ? IS NULL AS n', ['BTCUSDT', true, null]],
  ['no rows', 'SELECT 1.5 AS x, \'a\' AS y WHERE false', []],
];

function plain(r: Columns): unknown {
  return {
    numRows: r.numRows,
    columns: Object.fromEntries(Object.entries(r.columns).map(([k, c]) => [k, c instanceof Float64Array ? ['f64', ...c] : ['array', ...c]])),
  };
}

describe('Db seams agree', () => {
  const dbs: Db[] = [];
  beforeAll(async () => {
    for (const e of DB_ENGINES) dbs.push(await e.open());
  });

  for (const [title, sql, params] of QUERIES) {
    it(title, async () => {
      const [first, ...rest] = await Promise.all(dbs.map((db) => db.query(sql, params)));
      for (const r of rest) expect(plain(r)).toEqual(plain(first));
    });
  }

  it('give the values above as the WASM seam defines them', async () => {
    for (const db of dbs) {
      const r = await db.query(QUERIES[0][1]);
      expect(plain(r)).toEqual({ numRows: 1, columns: { i: ['f64', 7], b: ['f64', 2 ** 40], h: ['f64', 10], d: ['f64', 1.25], n: ['f64', NaN] } });
      const p = await db.query(QUERIES[3][1], QUERIES[3][2]);
      expect(plain(p)).toEqual({ numRows: 1, columns: { t: ['array', 'DOUBLE'], ms: ['f64', 30 * 86_400_000], half: ['f64', 1.5] } });
    }
  });

  it('insertArrowIPC creates the table from Arrow IPC on both', async () => {
    const { tableToIPC, tableFromArrays } = await import('apache-arrow');
    const ipc = tableToIPC(tableFromArrays({ price: Float64Array.from([1.5, 2.5]), side: ['buy', 'sell'] }), 'stream');
    for (const db of dbs) {
      await db.insertArrowIPC('t_ipc', ipc);
      await db.insertArrowIPC('t_ipc', ipc); // replaces, does not append
      expect(plain(await db.query('SELECT * FROM t_ipc ORDER BY price'))).toEqual({ numRows: 2, columns: { price: ['f64', 1.5, 2.5], side: ['array', 'buy', 'sell'] } });
    }
  });
});
