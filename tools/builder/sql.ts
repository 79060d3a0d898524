/** SQL text for the aggregation: the CSV readers and the grouping shared by builder and bench. */
import { ARCHIVE_COLUMNS } from '../../src/lib/archive/csv-columns.ts';
import type { ArchiveKind } from '../../src/lib/archive/names.ts';
import { SIZE_EDGES } from '../../src/lib/data/profile-schema.ts';
import { binFloorSql, binIndexSql } from '../../src/lib/model/price-grid.ts';

/** read_csv's `columns` struct for a kind of archive file. */
function columnsStruct(kind: ArchiveKind): string {
  return `{${ARCHIVE_COLUMNS[kind].map(([name, type]) => `'${name}':'${type}'`).join(',')}}`;
}

export const AGG_TRADES_COLUMNS = columnsStruct('aggTrades');
export const METRICS_COLUMNS = columnsStruct('metrics');

export function sqlString(s: string): string {
  return `'${s.replaceAll("'", "''")}'`;
}

/** A typed, no-sniffing CSV scan of one aggTrades file (header decided per file by the caller). */
export function aggTradesScan(path: string, header: boolean, rejectsName?: string): string {
  const rejects = rejectsName
    ? `, store_rejects=true, rejects_table=${sqlString(rejectsName)}, rejects_scan=${sqlString(`${rejectsName}_scan`)}`
    : '';
  return `read_csv(${sqlString(path)}, header=${header}, auto_detect=false, delim=',', quote='', escape='', `
    + `new_line='\\n', columns=${AGG_TRADES_COLUMNS}${rejects})`;
}

/**
 * The size bucket of notional `n`. Rows whose notional is not positive (zero or negative
 * price or quantity) get NULL, so they can be counted and kept out of the profiles.
 */
export function sizeBucketSql(n: string): string {
  const whens = SIZE_EDGES.slice(1).reverse().map((e) => `WHEN ${n} >= ${e} THEN ${e}`).join(' ');
  return `CASE ${whens} WHEN ${n} > 0 THEN 0 END`;
}

/**
 * The index of the price bin that holds `price` (exact for decimal steps, price-grid.ts). Raw
 * trades are grouped by the index; the edge price is made once per group by binEdgeSql.
 */
export function priceBinIndexSql(step: number): string {
  return binIndexSql('price', step);
}

/** The lower edge (the profile's `price_bin`) of the bin whose index is the column `index`. */
export function binEdgeSql(index: string, step: number): string {
  return binFloorSql(`${index} * ${step}::DOUBLE`, step);
}
