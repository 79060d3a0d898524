/**
 * The columns of the archive's CSV files, in file order, with the type each holds: the header
 * the generator writes, the types the builder reads them as, and what a header line starts
 * with. Older aggTrades files have no header line; readers decide per file.
 */
import type { ArchiveKind } from './names.ts';

export type CsvType = 'BIGINT' | 'DOUBLE' | 'BOOLEAN' | 'TIMESTAMP' | 'VARCHAR';

export const ARCHIVE_COLUMNS: Record<ArchiveKind, readonly (readonly [name: string, type: CsvType])[]> = {
  aggTrades: [
    ['agg_trade_id', 'BIGINT'], ['price', 'DOUBLE'], ['quantity', 'DOUBLE'], ['first_trade_id', 'BIGINT'],
    ['last_trade_id', 'BIGINT'], ['transact_time', 'BIGINT'], ['is_buyer_maker', 'BOOLEAN'],
  ],
  metrics: [
    ['create_time', 'TIMESTAMP'], ['symbol', 'VARCHAR'], ['sum_open_interest', 'DOUBLE'], ['sum_open_interest_value', 'DOUBLE'],
    ['count_toptrader_long_short_ratio', 'DOUBLE'], ['sum_toptrader_long_short_ratio', 'DOUBLE'],
    ['count_long_short_ratio', 'DOUBLE'], ['sum_taker_long_short_vol_ratio', 'DOUBLE'],
  ],
};

/** The header line of a kind, with its newline. */
export function headerLine(kind: ArchiveKind): string {
  return `${ARCHIVE_COLUMNS[kind].map(([name]) => name).join(',')}\n`;
}

/** What the header line of a kind starts with (its first column's name). */
export function headerStart(kind: ArchiveKind): string {
  return ARCHIVE_COLUMNS[kind][0][0];
}
