/**
 * Imports CSV files of recorded liquidations into the liquidation store, beside what this
 * browser recorded itself: per file, how many events were added, how many were already kept,
 * and each bad row by line number. Each symbol is then kept within the store's event bound.
 */
import { RECORD_DAYS, RECORD_MAX_EVENTS, type LiquidationStore } from '../live/liquidation-store.ts';
import { isLiquidationCsv, parseLiquidationCsv, type BadRow } from './liquidation-csv.ts';

export interface TextFile {
  name: string;
  text(): Promise<string>;
}

export interface FileImport {
  name: string;
  /** Why nothing of the file was read (not the export format, unreadable); null when it was read. */
  refused: string | null;
  added: number;
  /** Already kept (recorded live or imported before), or repeated within the file. */
  duplicates: number;
  bad: BadRow[];
  symbols: string[];
  /** Kept events (imported or recorded, the oldest) that keeping the symbols within the store's bounds dropped. */
  dropped: number;
}

export async function importLiquidationFile(file: TextFile, store: LiquidationStore, now = Date.now()): Promise<FileImport> {
  const out: FileImport = { name: file.name, refused: null, added: 0, duplicates: 0, bad: [], symbols: [], dropped: 0 };
  let text: string;
  try {
    text = await file.text();
  } catch (e) {
    return { ...out, refused: `could not be read (${e instanceof Error ? e.message : String(e)})` };
  }
  if (!isLiquidationCsv(text)) return { ...out, refused: 'its first line is not the header time,exchange,symbol,side,price,quantity,usd' };
  const parsed = parseLiquidationCsv(text);
  const counts = await store.addImported(parsed.events);
  const symbols = [...new Set(parsed.events.map((e) => e.symbol))].sort();
  // What the bounds drop is said, not left to be found missing: last year's file can be older than all kept.
  const kept = async (symbol: string) => (await store.summary()).find((s) => s.symbol === symbol)?.count ?? 0;
  let dropped = 0;
  for (const symbol of symbols) {
    const before = await kept(symbol);
    await store.prune(symbol, now);
    dropped += before - (await kept(symbol));
  }
  return { ...out, added: counts.added, duplicates: counts.duplicates + parsed.repeated, bad: parsed.bad, symbols, dropped };
}

/** One line per file for the Data view. */
export function describeImport(r: FileImport): string {
  if (r.refused) return `${r.name}: not imported: ${r.refused}.`;
  const parts = [`${r.added.toLocaleString('en-US')} imported`];
  if (r.duplicates) parts.push(`${r.duplicates.toLocaleString('en-US')} skipped as already kept`);
  if (r.bad.length) parts.push(`${r.bad.length.toLocaleString('en-US')} skipped as bad rows`);
  if (r.dropped) parts.push(`then the oldest ${r.dropped.toLocaleString('en-US')} kept dropped to stay within the bounds per symbol (${RECORD_DAYS} days of recording, ${RECORD_MAX_EVENTS.toLocaleString('en-US')} events)`);
  return `${r.name}${r.symbols.length ? ` (${r.symbols.join(', ')})` : ''}: ${parts.join(', ')}.`;
}

/** The first bad rows named, so a long list stays readable. */
export const BAD_ROWS_SHOWN = 10;
export function badRowLines(r: FileImport): string[] {
  const shown = r.bad.slice(0, BAD_ROWS_SHOWN).map((b) => `${r.name} line ${b.line}: ${b.problem}`);
  if (r.bad.length > BAD_ROWS_SHOWN) shown.push(`${r.name}: ${r.bad.length - BAD_ROWS_SHOWN} more bad rows`);
  return shown;
}
