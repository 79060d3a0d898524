/**
 * Files dropped on the Data view, sorted out by name (and first bytes where the name says
 * nothing): Parquet profiles for the upload path; Binance archive files grouped by symbol-month
 * with their .CHECKSUM and .synthetic sidecars; another exchange's files (Bybit's trade dumps and
 * the builder's OI day files) grouped by symbol-month as its DroppedFileRules say; anything else
 * refused with a message naming it.
 */
import { APP_EXCHANGE_LIST } from '../../exchanges/app-registry.ts';
import type { DroppedFileRules, GivenParts } from '../../exchanges/types.ts';
import type { ExchangeId } from '../data/profile-schema.ts';
import { parseArchiveName, type ArchiveName } from '../archive/names.ts';

export interface NamedFile {
  name: string;
  size: number;
}

export interface MonthFiles<F extends NamedFile> {
  symbol: string;
  month: string;
  files: { file: F; parsed: ArchiveName; checksum?: F; sidecar?: F }[];
  /** Files given but not used (e.g. dailies beside the monthly file), with why. */
  notes: string[];
}

/** Another exchange's symbol-month: its files by part (Bybit's daily dumps and OI day files, one a day). */
export interface ExchangeMonthFiles<F extends NamedFile> {
  exchange: ExchangeId;
  symbol: string;
  month: string;
  parts: GivenParts<F>;
}

export type DroppedKind = 'parquet' | 'zip' | 'gzip' | 'other';

export interface SortedFiles<F extends NamedFile> {
  profiles: F[];
  months: MonthFiles<F>[];
  exchanges: ExchangeMonthFiles<F>[];
  /** Plain-text refusals, each naming its file. */
  problems: string[];
}

const SIDECAR = /^(.*)\.(CHECKSUM|synthetic)$/;
/** The exchanges whose dropped files are theirs to sort (the core's, Binance's, are sorted here). */
const OTHERS = APP_EXCHANGE_LIST.flatMap((x) => (x.import?.dropped ? [{ id: x.id, rules: x.import.dropped }] : []));

/** "a, b nor c", "a, b or c"; `serial`: "a, b, or c". */
const either = (items: string[], word: string, serial = false) =>
  (items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')}${serial ? ',' : ''} ${word} ${items.at(-1)}`);

/** What is said of a file of no known kind, naming every kind that is. */
function unknownFile(name: string, others: readonly { rules: DroppedFileRules }[]): string {
  const kinds = ['a Parquet profile', 'a Binance archive file', ...others.map((x) => x.rules.one)];
  const hints = ['.parquet profiles', "Binance's .zip archive files (with their .CHECKSUM)", ...others.map((x) => x.rules.hint)];
  return `${name}: neither ${either(kinds, 'nor')}; drop ${either(hints, 'or')}`;
}

/** Sorts `files` by name; `firstBytes` tells a profile from an archive file when the name does not. */
export function sortDroppedFiles<F extends NamedFile>(files: F[], kindOf: (f: F) => DroppedKind = () => 'other'): SortedFiles<F> {
  const out: SortedFiles<F> = { profiles: [], months: [], exchanges: [], problems: [] };
  const byName = new Map(files.map((f) => [f.name, f]));
  const byMonth = new Map<string, MonthFiles<F>>();
  const claimed = new Map<string, ExchangeMonthFiles<F>>();
  for (const f of files) {
    const side = SIDECAR.exec(f.name);
    if (side) {
      if (!byName.has(side[1])) out.problems.push(`${f.name}: given without ${side[1]}, the file it belongs to`);
      continue;
    }
    if (/\.parquet$/i.test(f.name)) { out.profiles.push(f); continue; }
    const owner = OTHERS.map((x) => ({ id: x.id, claim: x.rules.claim(f.name) })).find((x) => x.claim);
    if (owner?.claim) {
      const { symbol, month, part } = owner.claim;
      const key = `${owner.id} ${symbol} ${month}`;
      let m = claimed.get(key);
      if (!m) claimed.set(key, (m = { exchange: owner.id, symbol, month, parts: {} }));
      (m.parts[part] ??= []).push(f);
      continue;
    }
    const parsed = parseArchiveName(f.name);
    if (!parsed) {
      const kind = kindOf(f);
      if (kind === 'parquet') out.profiles.push(f);
      else if (kind === 'zip' || /\.(zip|csv)$/i.test(f.name)) {
        out.problems.push(`${f.name}: not an archive file name ({SYMBOL}-aggTrades-YYYY-MM.zip, {SYMBOL}-aggTrades-YYYY-MM-DD.zip, {SYMBOL}-metrics-YYYY-MM-DD.zip, or the .csv inside)${/\.csv$/i.test(f.name) ? '; a CSV of recorded liquidations goes to "Import recorded liquidations" below' : ''}`);
      } else out.problems.push(OTHERS.map((x) => x.rules.misnamed(f.name, kind)).find((p) => p !== null) ?? unknownFile(f.name, OTHERS));
      continue;
    }
    if (parsed.kind === 'metrics' && parsed.granularity === 'monthly') {
      out.problems.push(`${f.name}: metrics files are daily ({SYMBOL}-metrics-YYYY-MM-DD.zip)`);
      continue;
    }
    const key = `${parsed.symbol} ${parsed.month}`;
    let m = byMonth.get(key);
    if (!m) byMonth.set(key, (m = { symbol: parsed.symbol, month: parsed.month, files: [], notes: [] }));
    m.files.push({ file: f, parsed, checksum: byName.get(`${f.name}.CHECKSUM`), sidecar: byName.get(`${f.name}.synthetic`) });
  }
  for (const m of byMonth.values()) {
    const trades = m.files.filter((x) => x.parsed.kind === 'aggTrades');
    // One file per period: a zip and its bare CSV given together are the same data.
    const seen = new Set<string>();
    m.files = m.files.filter((x) => {
      const k = `${x.parsed.kind} ${x.parsed.period}`;
      if (seen.has(k)) { m.notes.push(`${x.file.name}: the same ${x.parsed.kind} period was given twice; this copy is not used`); return false; }
      seen.add(k);
      return true;
    });
    if (trades.some((x) => x.parsed.granularity === 'monthly') && trades.some((x) => x.parsed.granularity === 'daily')) {
      const dailies = m.files.filter((x) => x.parsed.kind === 'aggTrades' && x.parsed.granularity === 'daily');
      m.files = m.files.filter((x) => !dailies.includes(x));
      m.notes.push(`${dailies.length} daily aggTrades file(s) of ${m.month} not used: the monthly file covers the month`);
    }
  }
  const byKey = (a: { symbol: string; month: string }, b: { symbol: string; month: string }) => `${a.symbol} ${a.month}`.localeCompare(`${b.symbol} ${b.month}`);
  out.months = [...byMonth.values()].sort(byKey);
  const order = (m: ExchangeMonthFiles<F>) => OTHERS.findIndex((x) => x.id === m.exchange);
  for (const m of claimed.values()) {
    // The same day given twice (e.g. from two folders) is read once.
    for (const list of Object.values(m.parts)) {
      const seen = new Set<string>();
      const kept = list.filter((f) => !seen.has(f.name) && seen.add(f.name));
      list.splice(0, list.length, ...kept);
    }
    const problem = OTHERS[order(m)].rules.monthProblem(m.symbol, m.month, m.parts);
    if (problem) out.problems.push(problem);
    else out.exchanges.push(m);
  }
  out.exchanges.sort((a, b) => order(a) - order(b) || byKey(a, b));
  return out;
}

/** The drop zone's words and the picker's extensions, from every exchange's files (AppExchange.import.files). */
export const dropKinds = (() => {
  const files = APP_EXCHANGE_LIST.flatMap((x) => (x.import ? [x.import.files] : []));
  return {
    title: `Drop ${either(['.parquet profiles', ...files.map((f) => f.short)], 'or')} here`,
    detail: `or press to choose files: profiles ({SYMBOL}-{YYYY-MM}.{volume|candles|oi}.parquet, schema 1), ${either(files.map((f) => f.long), 'or', true)}`,
    accept: ['.parquet', ...files.flatMap((f) => f.accept)].join(','),
  };
})();
