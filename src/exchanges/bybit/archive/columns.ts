/**
 * The columns of Bybit's trade dumps, in file order, with the type each is read as. Files are
 * read by header name: a newer file may add a column, and only REQUIRED ones must be there.
 */
import type { CsvType } from '../../../lib/archive/csv-columns.ts';

export const BYBIT_TRADE_COLUMNS: readonly (readonly [name: string, type: CsvType])[] = [
  ['timestamp', 'DOUBLE'], ['symbol', 'VARCHAR'], ['side', 'VARCHAR'], ['size', 'DOUBLE'], ['price', 'DOUBLE'],
  ['tickDirection', 'VARCHAR'], ['trdMatchID', 'VARCHAR'], ['grossValue', 'DOUBLE'], ['homeNotional', 'DOUBLE'],
  ['foreignNotional', 'DOUBLE'],
];

/** The columns liqmap uses; a file without one of them is refused. */
export const BYBIT_REQUIRED = ['timestamp', 'symbol', 'side', 'size', 'price'] as const;

export const BYBIT_TRADES_HEADER = `${BYBIT_TRADE_COLUMNS.map(([n]) => n).join(',')}\n`;

/** The problem with a dump's header line, or null: every required column present once. */
export function bybitHeaderProblem(names: readonly string[]): string | null {
  for (const r of BYBIT_REQUIRED) {
    const n = names.filter((x) => x === r).length;
    if (n !== 1) return n === 0 ? `the header has no ${r} column` : `the header names ${r} ${n} times`;
  }
  return null;
}

/** A header line split into names (quotes and a trailing CR removed). */
export function headerNames(line: string): string[] {
  return line.replace(/\r$/, '').split(',').map((s) => s.trim().replace(/^"(.*)"$/, '$1'));
}
