/**
 * Files dropped on the Data view, sorted out by name (and first bytes where the name says
 * nothing): Parquet profiles for the upload path; Binance archive files grouped by symbol-month
 * with their .CHECKSUM and .synthetic sidecars; Bybit trade dumps (and the builder's OI day
 * files) grouped by symbol-month; anything else refused with a message naming it.
 */
import { parseBybitDumpName, parseBybitOiDayName } from '../../exchanges/bybit/archive/names.ts';
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

/** One Bybit symbol-month: its daily dumps and OI day files, one a day. */
export interface BybitMonthFiles<F extends NamedFile> {
  symbol: string;
  month: string;
  dumps: F[];
  oi: F[];
}

export type DroppedKind = 'parquet' | 'zip' | 'gzip' | 'other';

export interface SortedFiles<F extends NamedFile> {
  profiles: F[];
  months: MonthFiles<F>[];
  bybit: BybitMonthFiles<F>[];
  /** Plain-text refusals, each naming its file. */
  problems: string[];
}

const SIDECAR = /^(.*)\.(CHECKSUM|synthetic)$/;

/** Sorts `files` by name; `firstBytes` tells a profile from an archive file when the name does not. */
export function sortDroppedFiles<F extends NamedFile>(files: F[], kindOf: (f: F) => DroppedKind = () => 'other'): SortedFiles<F> {
  const out: SortedFiles<F> = { profiles: [], months: [], bybit: [], problems: [] };
  const byName = new Map(files.map((f) => [f.name, f]));
  const byMonth = new Map<string, MonthFiles<F>>();
  const bybit = new Map<string, BybitMonthFiles<F>>();
  for (const f of files) {
    const side = SIDECAR.exec(f.name);
    if (side) {
      if (!byName.has(side[1])) out.problems.push(`${f.name}: given without ${side[1]}, the file it belongs to`);
      continue;
    }
    if (/\.parquet$/i.test(f.name)) { out.profiles.push(f); continue; }
    const dump = parseBybitDumpName(f.name);
    const oiDay = dump ? null : parseBybitOiDayName(f.name);
    if (dump || oiDay) {
      const { symbol, month } = (dump ?? oiDay)!;
      const key = `${symbol} ${month}`;
      let m = bybit.get(key);
      if (!m) bybit.set(key, (m = { symbol, month, dumps: [], oi: [] }));
      (dump ? m.dumps : m.oi).push(f);
      continue;
    }
    const parsed = parseArchiveName(f.name);
    if (!parsed) {
      const kind = kindOf(f);
      if (kind === 'parquet') out.profiles.push(f);
      else if (kind === 'zip' || /\.(zip|csv)$/i.test(f.name)) {
        out.problems.push(`${f.name}: not an archive file name ({SYMBOL}-aggTrades-YYYY-MM.zip, {SYMBOL}-aggTrades-YYYY-MM-DD.zip, {SYMBOL}-metrics-YYYY-MM-DD.zip, or the .csv inside)${/\.csv$/i.test(f.name) ? '; a CSV of recorded liquidations goes to "Import recorded liquidations" below' : ''}`);
      } else if (kind === 'gzip' || /\.gz$/i.test(f.name)) {
        out.problems.push(`${f.name}: not a Bybit trade dump name ({SYMBOL}{YYYY-MM-DD}.csv.gz, as public.bybit.com names them)`);
      } else out.problems.push(`${f.name}: neither a Parquet profile, a Binance archive file nor a Bybit trade dump; drop .parquet profiles, Binance's .zip archive files (with their .CHECKSUM) or Bybit's .csv.gz trade dumps`);
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
  for (const m of bybit.values()) {
    // The same day given twice (e.g. from two folders) is read once.
    for (const list of [m.dumps, m.oi]) {
      const seen = new Set<string>();
      const kept = list.filter((f) => !seen.has(f.name) && seen.add(f.name));
      list.splice(0, list.length, ...kept);
    }
    if (!m.dumps.length) out.problems.push(`${m.oi.map((f) => f.name).join(', ')}: open interest of Bybit ${m.symbol} ${m.month} given without its trade dumps ({SYMBOL}{YYYY-MM-DD}.csv.gz); volume and candles need them`);
  }
  out.bybit = [...bybit.values()].filter((m) => m.dumps.length).sort(byKey);
  return out;
}
