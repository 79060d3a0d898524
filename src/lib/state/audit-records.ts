/**
 * The Audit view's reads of the recorded liquidations: the range's events, and the symbol's
 * summary (where its records are, for the advice when none is in the range). While recording,
 * the view is asked to read again about every second; over months of records one read takes
 * longer than that, and reads piled up behind each other. So reads never overlap: the requests
 * made while one runs collapse into one read after it, of the latest span.
 */
import { latestOnly, Superseded } from '../engine/latest-only.ts';
import type { Liquidation } from '../live/events.ts';
import type { LiquidationStore, RecordedSymbol } from '../live/liquidation-store.ts';

export interface AuditRecords {
  /** What was asked (symbol and span): the view keeps only the answer to its current question. */
  key: string;
  list: Liquidation[];
  recorded: RecordedSymbol | null;
}

/** Resolves to the records, or null when a later request superseded this one. */
export type AuditRecordsReader = (key: string, symbol: string, from: number, to: number) => Promise<AuditRecords | null>;

export function auditRecordsReader(store: LiquidationStore): AuditRecordsReader {
  const read = latestOnly(async (key: string, symbol: string, from: number, to: number): Promise<AuditRecords> => {
    const [list, all] = await Promise.all([store.range(symbol, from, to), store.summary()]);
    return { key, list, recorded: all.find((r) => r.symbol === symbol) ?? null };
  });
  return (key, symbol, from, to) => read(key, symbol, from, to).catch((e: unknown) => {
    if (e instanceof Superseded) return null;
    throw e;
  });
}
