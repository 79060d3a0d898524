/**
 * One symbol-month from its archive inputs to the three profile files: aggTrades files (the
 * monthly file, or the daily files of a month without one) and daily metrics, streamed through
 * the aggregation; bad lines counted and reported as the builder does; the month refused
 * (InputProblem, naming the file) past the bad-line limit or on any broken input.
 */
import { dayRanges, monthBounds } from '../archive/names.ts';
import { KIND_COLUMNS, profilePriceStep as priceStep, type ProfileKind } from '../data/profile-schema.ts';
import { encodeProfile, profileMetadata } from '../data/profile-writer.ts';
import { builtColumns, type BuiltColumns } from '../data/built-columns.ts';
import { AggTradesFile, type AggTradesStats } from './agg-trades-file.ts';
import { describeBadLines } from './bad-lines.ts';
import { readMetrics, type OiRow } from './metrics-file.ts';
import { InputProblem, readInput, type ArchiveInput } from './read-input.ts';
import { TradeGroups } from './trade-groups.ts';

export const DEFAULT_MAX_BAD_LINES = 1000;
const MAX_METRICS_BYTES = 16 << 20;

export interface BuiltProfile {
  kind: ProfileKind;
  /** `BTCUSDT-2025-11.volume.parquet` */
  fileName: string;
  bytes: Uint8Array;
  rows: number;
}

export interface BuiltMonth {
  symbol: string;
  month: string;
  /** aggTrades rows aggregated. */
  rows: number;
  synthetic: boolean;
  /** `liqmap.days` when built from daily files. */
  days?: string;
  warnings: string[];
  profiles: BuiltProfile[];
}

export interface BuildProgress {
  /** Input bytes read (all files of the month so far). */
  bytes: number;
  /** aggTrades lines read. */
  rows: number;
}

export interface MonthBuildOptions {
  maxBadLines?: number;
  /** The month's columns, given before its Parquet files are encoded (the engine checks them meanwhile: data/built-columns.ts). */
  onColumns?: (built: BuiltColumns[]) => void;
  onProgress?: (p: BuildProgress) => void;
  signal?: AbortSignal;
}

const count = (n: number) => n.toLocaleString('en');

function periodBounds(input: ArchiveInput): [number, number] {
  if (input.parsed.granularity === 'monthly') return monthBounds(input.parsed.month);
  const from = Date.parse(`${input.parsed.period}T00:00:00Z`);
  return [from, from + 86_400_000];
}

/** Builds the month; throws InputProblem (nothing built) when an input or the month is refused. */
export async function buildMonth(symbol: string, month: string, inputs: ArchiveInput[], o: MonthBuildOptions = {}): Promise<BuiltMonth> {
  const maxBad = o.maxBadLines ?? DEFAULT_MAX_BAD_LINES;
  const byPeriod = [...inputs].sort((a, b) => a.parsed.period.localeCompare(b.parsed.period));
  const trades = byPeriod.filter((i) => i.parsed.kind === 'aggTrades');
  const metrics = byPeriod.filter((i) => i.parsed.kind === 'metrics');
  if (trades.length === 0) throw new InputProblem(`${symbol} ${month}: no aggTrades file (only ${metrics.length} metrics file(s)); volume and candles need one: add the month's aggTrades zip, or its daily ones`);
  if (new Set(trades.map((t) => t.parsed.granularity)).size > 1) {
    throw new InputProblem(`${symbol} ${month}: mixes the monthly and daily aggTrades files; give one or the other`);
  }
  let groups: TradeGroups | null = null;
  const warnings: string[] = [];
  const tradeSources: { name: string; sha256: string }[] = [];
  const metricsSources: { name: string; sha256: string }[] = [];
  const syntheticFlags: { name: string; synthetic: boolean }[] = [];
  let rows = 0;
  let bad = 0;
  let bytesBefore = 0;
  let linesBefore = 0;

  for (const input of trades) {
    const [from, to] = periodBounds(input);
    const file = new AggTradesFile((price) => (groups ??= new TradeGroups(month, priceStep(price))), from, to);
    const read = await readInput(input, (b) => file.push(b),
      (n) => o.onProgress?.({ bytes: bytesBefore + n, rows: linesBefore + file.lines }), o.signal);
    const st: AggTradesStats = file.end();
    bytesBefore += read.bytes;
    linesBefore += file.lines;
    if (st.outside !== null) {
      throw new InputProblem(`${input.name}: has trades outside ${input.parsed.period} (around ${new Date(st.outside).toISOString()})`);
    }
    warnings.push(...describeBadLines(input.name, st.rejected, st.firstRejects, st.invalid, st.invalidLines));
    bad += st.rejected + st.invalid;
    rows += st.rows;
    tradeSources.push({ name: input.name, sha256: read.sha256 });
    syntheticFlags.push({ name: input.name, synthetic: read.synthetic });
  }
  if (rows === 0 || !groups) throw new InputProblem(`${trades.map((t) => t.name).join(', ')}: no trade rows`);

  const oi: OiRow[] = [];
  for (const input of metrics) {
    const chunks: Uint8Array[] = [];
    let held = 0;
    const read = await readInput(input, (b) => {
      // A day of metrics is about 30 kB; anything far larger is not a metrics file.
      if ((held += b.length) > MAX_METRICS_BYTES) throw new InputProblem(`${input.name}: over 16 MB, too large for a daily metrics file`);
      chunks.push(b.slice());
    }, undefined, o.signal);
    const text = new TextDecoder().decode(concatAll(chunks));
    const st = readMetrics(text, symbol, input.parsed.period);
    if (st.otherSymbol) throw new InputProblem(`${input.name}: rows of ${st.otherSymbol}, expected ${symbol}`);
    if (st.outside !== null) throw new InputProblem(`${input.name}: rows outside its day (${new Date(st.outside).toISOString()})`);
    warnings.push(...describeBadLines(input.name, st.rejected, st.firstRejects, 0, []));
    if (st.invalid) warnings.push(`${input.name}: ${count(st.invalid)} row(s) without open interest were left out`);
    bad += st.rejected + st.invalid;
    oi.push(...st.rows);
    metricsSources.push({ name: input.name, sha256: read.sha256 });
    syntheticFlags.push({ name: input.name, synthetic: read.synthetic });
  }
  if (bad > maxBad) throw new InputProblem(`${symbol} ${month}: ${count(bad)} bad lines, more than the limit of ${count(maxBad)}: ${warnings.join('; ')}`);
  const synthetic = syntheticFlags.filter((f) => f.synthetic);
  if (synthetic.length && synthetic.length < syntheticFlags.length) {
    const real = syntheticFlags.filter((f) => !f.synthetic).map((f) => f.name);
    throw new InputProblem(`${symbol} ${month}: mixes synthetic (${synthetic.map((f) => f.name).join(', ')}) and real files (${real.join(', ')})`);
  }
  const isSynthetic = synthetic.length > 0;
  // liqmap.days as the builder writes it: daily inputs that do not cover the whole month, per kind.
  const days = trades[0].parsed.granularity === 'daily' ? dayRanges(month, trades.map((t) => t.parsed.period)) ?? undefined : undefined;
  const oiDays = dayRanges(month, metrics.map((m) => m.parsed.period)) ?? undefined;

  const g: TradeGroups = groups;
  const made: { kind: ProfileKind; columns: Record<string, ArrayLike<unknown>>; meta: Record<string, string> }[] = [];
  const make = (kind: ProfileKind, columns: Record<string, ArrayLike<unknown>>, sources: typeof tradeSources, step?: number) => {
    made.push({ kind, columns, meta: profileMetadata({ kind, symbol, month, synthetic: isSynthetic, sources, priceStep: step, days: kind === 'oi' ? oiDays : days }) });
  };
  make('volume', g.volume() as unknown as Record<string, ArrayLike<unknown>>, tradeSources, g.step);
  make('candles', g.candles() as unknown as Record<string, ArrayLike<unknown>>, tradeSources);
  if (oi.length) {
    oi.sort((a, b) => a.time - b.time);
    make('oi', {
      time: Float64Array.from(oi, (r) => r.time),
      open_interest: Float64Array.from(oi, (r) => r.oi),
      open_interest_usd: Float64Array.from(oi, (r) => r.oiUsd),
    }, metricsSources);
  }
  const fileName = (kind: ProfileKind) => `${symbol}-${month}.${kind}.parquet`;
  o.onColumns?.(made.map((m) => builtColumns(fileName(m.kind), m.kind, m.meta, m.columns)));
  const profiles: BuiltProfile[] = made.map(({ kind, columns, meta }) => ({
    kind, fileName: fileName(kind), bytes: encodeProfile(kind, columns, meta), rows: columns[KIND_COLUMNS[kind][0].name].length,
  }));
  return { symbol, month, rows, synthetic: isSynthetic, days, warnings, profiles };
}

function concatAll(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((s, c) => s + c.length, 0));
  let p = 0;
  for (const c of chunks) { out.set(c, p); p += c.length; }
  return out;
}
