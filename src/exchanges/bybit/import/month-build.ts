/**
 * One Bybit symbol-month in the browser: its daily `.csv.gz` dumps streamed (hashed, gunzipped,
 * parsed, fills grouped into trades) into the same aggregation as Binance's (trade-groups.ts),
 * and its kept or fetched OI pages into one-side open interest valued at the candle close at
 * or before each record. Agrees cell by cell with `npm run profiles -- --exchange bybit`.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { FileHash } from '../../../lib/import/file-hash.ts';
import { gzipProblem, gzipSyntheticMark } from '../archive/gzip-head.ts';
import { bybitOiDayRecords, type BybitOiRecord } from '../archive/open-interest.ts';
import { dayRanges } from '../../../lib/archive/names.ts';
import { KIND_COLUMNS, profilePriceStep, type ProfileKind } from '../../../lib/data/profile-schema.ts';
import { encodeProfile, profileMetadata } from '../../../lib/data/profile-writer.ts';
import { describeBadLines } from '../../../lib/import/bad-lines.ts';
import { CsvProblem } from '../../../lib/import/csv-fields.ts';
import { DEFAULT_MAX_BAD_LINES, type BuiltMonth, type BuiltProfile, type MonthBuildOptions } from '../../../lib/import/month-build.ts';
import { Cancelled, InputProblem } from '../../../lib/import/read-input.ts';
import { TradeGroups } from '../../../lib/import/trade-groups.ts';
import { BybitDumpFile } from './dump-file.ts';
import { gunzipChunks } from './gunzip.ts';

export interface BybitDumpInput {
  /** `BTCUSDT2025-11-03.csv.gz` */
  name: string;
  day: string;
  bytes?: number;
  stream(): AsyncIterable<Uint8Array>;
}

export interface BybitOiInput {
  name: string;
  day: string;
  /** A day's pages as the builder keeps them (open-interest.ts BybitOiDayFile). */
  text: string;
}

const count = (n: number) => n.toLocaleString('en');

/** Hashes and checks the raw bytes on their way to the gunzip. */
async function* tapped(input: BybitDumpInput, seen: { hash: FileHash; bytes: number; head: Uint8Array | null }, signal?: AbortSignal) {
  for await (const chunk of input.stream()) {
    if (signal?.aborted) throw new Cancelled();
    if (!seen.head) {
      const problem = gzipProblem(chunk);
      if (problem) throw new InputProblem(`${input.name}: ${problem}`);
      seen.head = chunk.slice(0, 4096);
    }
    await seen.hash.add(chunk);
    seen.bytes += chunk.length;
    yield chunk;
  }
  if (!seen.bytes) throw new InputProblem(`${input.name}: the file is empty`);
}

/**
 * Builds the month. `dumps` is a list, or (fetched) an iterable giving the days in order, each
 * fetched only when the one before is read. Throws InputProblem (nothing built) on a refusal.
 */
export async function buildBybitMonth(
  symbol: string, month: string, dumps: BybitDumpInput[] | AsyncIterable<BybitDumpInput>, oiDays: BybitOiInput[], o: MonthBuildOptions = {},
): Promise<BuiltMonth> {
  const ordered = Array.isArray(dumps) ? [...dumps].sort((a, b) => a.day.localeCompare(b.day)) : dumps;
  const days: BybitDumpInput[] = [];
  const warnings: string[] = [];
  const sources: { name: string; sha256: string }[] = [];
  const marks: boolean[] = [];
  let groups: TradeGroups | null = null;
  let rows = 0;
  let bad = 0;
  let id = 0;
  let bytesBefore = 0;
  for await (const input of ordered) {
    days.push(input);
    const from = Date.parse(`${input.day}T00:00:00Z`);
    const file = new BybitDumpFile(input.name, symbol, from, from + 86_400_000);
    const seen = { hash: new FileHash(input.bytes), bytes: 0, head: null as Uint8Array | null };
    try {
      for await (const csv of gunzipChunks(tapped(input, seen, o.signal))) {
        file.push(csv);
        o.onProgress?.({ bytes: bytesBefore + seen.bytes, rows: rows + file.stats.rows });
      }
    } catch (e) {
      if (e instanceof InputProblem || e instanceof Cancelled) throw e;
      throw new InputProblem(`${input.name}: ${e instanceof CsvProblem ? e.message : 'not a whole gzip file (truncated or corrupt)'}`);
    }
    const st = file.end();
    bytesBefore += seen.bytes;
    if (st.otherSymbol) throw new InputProblem(`${input.name}: rows of ${st.otherSymbol}, expected ${symbol}`);
    if (st.outside !== null) throw new InputProblem(`${input.name}: has trades outside ${input.day} (around ${new Date(st.outside).toISOString()})`);
    if (!groups) {
      if (st.firstPrice === null) throw new InputProblem(`${input.name}: no trade price on the first row`);
      groups = new TradeGroups(month, profilePriceStep(st.firstPrice));
    }
    for (const t of file.trades()) groups.add(id++, t.price, t.quantity, Math.floor(t.ts * 1000), t.sell);
    warnings.push(...describeBadLines(input.name, st.rejected, st.firstRejects, st.invalid, st.invalidLines));
    bad += st.rejected + st.invalid;
    rows += st.rows;
    sources.push({ name: input.name, sha256: await seen.hash.hex() });
    marks.push(gzipSyntheticMark(seen.head!));
  }
  if (!days.length) throw new InputProblem(`${symbol} ${month}: no trade dump (only ${oiDays.length} open-interest file(s)); volume and candles need one`);
  if (rows === 0 || !groups) throw new InputProblem(`${days.map((d) => d.name).join(', ')}: no trade rows`);
  const maxBad = o.maxBadLines ?? DEFAULT_MAX_BAD_LINES;
  if (bad > maxBad) throw new InputProblem(`${symbol} ${month}: ${count(bad)} bad lines, more than the limit of ${count(maxBad)}: ${warnings.join('; ')}`);
  const synthetic = marks.some(Boolean);
  if (synthetic && !marks.every(Boolean)) {
    const names = (want: boolean) => days.filter((_, i) => marks[i] === want).map((d) => d.name).join(', ');
    throw new InputProblem(`${symbol} ${month}: mixes synthetic (${names(true)}) and real files (${names(false)})`);
  }

  const g: TradeGroups = groups;
  const candles = g.candles();
  const oi = oneSideOi(symbol, oiDays, candles.time, candles.close, warnings);
  const tradeDays = dayRanges(month, days.map((d) => d.day)) ?? undefined;
  const profiles: BuiltProfile[] = [];
  const encode = (kind: ProfileKind, columns: Record<string, ArrayLike<unknown>>, src: object[], step?: number, covered?: string) => {
    const meta = profileMetadata({ kind, symbol, month, synthetic, sources: src, priceStep: step, days: covered, exchange: 'bybit' });
    profiles.push({ kind, fileName: `${symbol}-${month}.${kind}.parquet`, bytes: encodeProfile(kind, columns, meta), rows: columns[KIND_COLUMNS[kind][0].name].length });
  };
  encode('volume', g.volume() as unknown as Record<string, ArrayLike<unknown>>, sources, g.step, tradeDays);
  encode('candles', candles as unknown as Record<string, ArrayLike<unknown>>, sources, undefined, tradeDays);
  if (oi.rows.length) {
    encode('oi', {
      time: Float64Array.from(oi.rows, (r) => r.time),
      open_interest: Float64Array.from(oi.rows, (r) => r.oneSide),
      open_interest_usd: Float64Array.from(oi.rows, (r) => r.usd),
    }, oi.sources, undefined, dayRanges(month, oiDays.map((d) => d.day)) ?? undefined);
  }
  return { symbol, month, rows, synthetic, days: tradeDays, warnings, profiles };
}

/** The month's OI records, one side, each valued at the close of the latest candle at or before it. */
function oneSideOi(symbol: string, oiDays: BybitOiInput[], times: Float64Array, closes: Float64Array, warnings: string[]) {
  const byTime = new Map<number, BybitOiRecord>();
  const sources: { name: string; sha256: string }[] = [];
  for (const d of [...oiDays].sort((a, b) => a.day.localeCompare(b.day))) {
    let list: BybitOiRecord[];
    try {
      list = bybitOiDayRecords(d.text, d.name);
    } catch (e) {
      throw new InputProblem(e instanceof Error ? e.message : String(e));
    }
    const start = Date.parse(`${d.day}T00:00:00Z`);
    const outside = list.find((x) => x.time < start || x.time >= start + 86_400_000);
    if (outside) throw new InputProblem(`${d.name}: a record outside ${d.day} (${new Date(outside.time).toISOString()})`);
    for (const r of list) byTime.set(r.time, r);
    sources.push({ name: d.name, sha256: bytesToHex(sha256(new TextEncoder().encode(d.text))) });
  }
  const rows: { time: number; oneSide: number; usd: number }[] = [];
  let unpriced = 0;
  let c = -1;
  for (const r of [...byTime.values()].sort((a, b) => a.time - b.time)) {
    while (c + 1 < times.length && times[c + 1] <= r.time) c++;
    if (c < 0) unpriced++;
    else rows.push({ time: r.time, oneSide: r.oneSide, usd: r.oneSide * closes[c] });
  }
  if (unpriced) warnings.push(`${symbol} open interest: ${unpriced} record(s) before the month's first trade have no price and were left out`);
  return { rows, sources };
}
