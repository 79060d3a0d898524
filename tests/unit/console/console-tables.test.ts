/**
 * The SQL console's tables and results without a browser: the documented columns (docs/console.md)
 * on DuckDB-WASM's Node build, recorded liquidations appended as Arrow, and a result's cells and CSV.
 */
import { describe, expect, test } from 'vitest';
import * as arrow from 'apache-arrow';
import { openNodeDb } from '../../../src/lib/db/db-node.ts';
import { createTablesSql, liquidationsIpc } from '../../../src/lib/console/tables.ts';
import { preview, resultCsv } from '../../../src/lib/console/result.ts';
import { CONSOLE_EXAMPLES } from '../../../src/lib/console/examples.ts';
import { readFileSync } from 'node:fs';
import type { Liquidation } from '../../../src/lib/live/events.ts';

// docs/console.md, "The tables".
const DOCUMENTED: Record<string, string> = {
  volume: 'exchange VARCHAR, symbol VARCHAR, month VARCHAR, hour BIGINT, price_bin DOUBLE, side VARCHAR, size_min DOUBLE, notional DOUBLE, quantity DOUBLE, trades BIGINT',
  candles: 'exchange VARCHAR, symbol VARCHAR, month VARCHAR, time BIGINT, open DOUBLE, high DOUBLE, low DOUBLE, close DOUBLE, volume DOUBLE, quote_volume DOUBLE, taker_buy_quote_volume DOUBLE, trades BIGINT',
  oi: 'exchange VARCHAR, symbol VARCHAR, month VARCHAR, time BIGINT, open_interest DOUBLE, open_interest_usd DOUBLE',
  liquidations: 'time BIGINT, exchange VARCHAR, symbol VARCHAR, side VARCHAR, price DOUBLE, quantity DOUBLE, usd DOUBLE, month VARCHAR',
};

describe('console tables', () => {
  test('have the documented columns, and take recorded liquidations with their month', async () => {
    const db = await openNodeDb();
    await db.exec(createTablesSql());
    for (const [table, columns] of Object.entries(DOCUMENTED)) {
      const r = await db.query(`SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position`, [table]);
      const names = r.columns.column_name as string[];
      const types = r.columns.data_type as string[];
      expect(names.map((n, i) => `${n} ${types[i]}`).join(', '), table).toBe(columns);
    }
    const events: Liquidation[] = [
      { time: Date.UTC(2025, 10, 30, 23, 59, 59, 999), exchange: 'binance', symbol: 'BTCUSDT', side: 'long', price: 90_000.5, quantity: 0.002, usd: 180.001 },
      { time: Date.UTC(2025, 11, 1), exchange: 'bybit', symbol: 'ETHUSDT', side: 'short', price: 3_000, quantity: 1.5, usd: 4_500 },
    ];
    await db.appendArrowIPC('liquidations', liquidationsIpc(events));
    await db.appendArrowIPC('liquidations', liquidationsIpc([]));
    const r = await db.query('SELECT time, exchange, symbol, side, price, quantity, usd, month, CAST(epoch_ms(time) AS VARCHAR) AS ts FROM liquidations ORDER BY time');
    expect(r.numRows).toBe(2);
    expect([...(r.columns.time as Float64Array)]).toEqual(events.map((e) => e.time));
    expect(r.columns.month).toEqual(['2025-11', '2025-12']);
    expect(r.columns.ts).toEqual(['2025-11-30 23:59:59.999', '2025-12-01 00:00:00']);
    expect(r.columns.exchange).toEqual(['binance', 'bybit']);
    expect(r.columns.side).toEqual(['long', 'short']);
    expect([...(r.columns.usd as Float64Array)]).toEqual([180.001, 4_500]);
  });
});

describe('console results', () => {
  const table = new arrow.Table({
    at: arrow.vectorFromArray([new Date(Date.UTC(2025, 0, 2, 3, 4, 5, 6)), null, new Date(0)], new arrow.TimestampMillisecond()),
    name: arrow.vectorFromArray(['plain', 'a,b "quoted"', null], new arrow.Utf8()),
    n: arrow.vectorFromArray([1.5, 2, null], new arrow.Float64()),
    big: arrow.vectorFromArray([1n, 2n ** 60n + 1n, null], new arrow.Int64()),
  });

  test('a preview shows the first rows as cells, times as ISO UTC, and says how many there are', () => {
    const p = preview(table, 2);
    expect(p.totalRows).toBe(3);
    expect(p.columns.map((c) => c.name)).toEqual(['at', 'name', 'n', 'big']);
    expect(p.rows).toEqual([
      ['2025-01-02T03:04:05.006Z', 'plain', 1.5, 1],
      [null, 'a,b "quoted"', 2, '1152921504606846977'],
    ]);
  });

  test('the CSV holds every row, quotes only what needs it, and leaves nulls empty', () => {
    expect(resultCsv(table)).toBe([
      'at,name,n,big',
      '2025-01-02T03:04:05.006Z,plain,1.5,1',
      ',"a,b ""quoted""",2,1152921504606846977',
      '1970-01-01T00:00:00.000Z,,,',
      '',
    ].join('\n'));
  });
});

test('docs/console.md shows each example query as its button runs it, under the button\'s name', () => {
  const doc = readFileSync(new URL('../../../docs/console.md', import.meta.url), 'utf8');
  for (const { label, sql } of CONSOLE_EXAMPLES) expect(doc, label).toContain(`-- ${label}\n${sql}\n`);
});
