/**
 * The profiles loaded into the engine, in memory: per (symbol, month, kind) the checked columns
 * as typed arrays (stored-columns.ts) and the registry facts of the file they came from, plus the
 * live partial profile of a symbol. Replacing a month is one assignment after everything of the
 * new file is ready, so a refused file never evicts the good month. The models read a symbol
 * through symbol(): a SymbolData that stays the same object until that symbol's data changes.
 */
import { LIVE_MONTH, type OhlcColumns, type OiColumns, type Segment, type SymbolData, type VolumeColumns } from '../model/profile-data.ts';
import { readProfile, type ProfileFile, type ValidProfile } from './profile-file.ts';
import type { Expected } from './profile-meta.ts';
import { DEFAULT_EXCHANGE, PROFILE_KINDS, type ProfileKind } from './profile-schema.ts';
import type { ExchangeId } from '../live/events.ts';
import { errorText, refuse, type Refusal } from './refusal.ts';
import { storedColumns, type StoredColumns } from './stored-columns.ts';

/** What identifies a loaded profile: a Binance and a Bybit month of one symbol coexist. */
export interface ProfileKey {
  exchange: ExchangeId;
  symbol: string;
  month: string;
  kind: ProfileKind;
}

export interface LoadedProfile extends ProfileKey {
  rows: number;
  /** Who supplied it: 'remote:<manifest url>', 'upload' or 'built'. */
  source: string;
  sha256: string | null;
  synthetic: boolean;
  /** Volume files: the price_bin grid (liqmap.price_step); null for candles and oi. */
  priceStep: number | null;
  firstTime: number;
  lastTime: number;
  /** `liqmap.days` of a month built from daily files. */
  days?: string;
}

/** What loading a file gives: the loaded profile, or why not. */
export type LoadResult = ({ ok: true } & LoadedProfile) | Refusal;

interface Stored {
  facts: LoadedProfile;
  columns: StoredColumns;
}

const keyOf = (k: ProfileKey) => `${k.exchange}|${k.symbol}|${k.month}|${k.kind}`;
const viewKey = (exchange: ExchangeId, symbol: string) => `${exchange}|${symbol}`;
const byMonth = (a: { month: string }, b: { month: string }) => (a.month < b.month ? -1 : a.month > b.month ? 1 : 0);

export class ProfileTable {
  private readonly stored = new Map<string, Stored>();
  private readonly live = new Map<string, { volume: VolumeColumns | null; candles: OhlcColumns | null }>();
  private readonly views = new Map<string, SymbolData>();

  /** Replace the month of `valid` with its columns (`columns`: already made from them); a failure leaves the table as it was. */
  load(valid: ValidProfile, source: string, sha256: string | null = null, columns?: StoredColumns): LoadResult {
    const { symbol, month, kind, synthetic, days, exchange } = valid.meta;
    const facts: LoadedProfile = {
      exchange, symbol, month, kind, rows: valid.rows, source, sha256, synthetic,
      priceStep: valid.meta.priceStep ?? null, firstTime: valid.firstTime, lastTime: valid.lastTime,
      ...(days !== undefined ? { days } : {}),
    };
    try {
      this.put(facts, columns ?? storedColumns(kind, valid.columns));
      return { ok: true, ...facts };
    } catch (e) {
      return refuse(valid.file, `it could not be loaded (${errorText(e)}); the data loaded before is unchanged`);
    }
  }

  /** Replace one (exchange, symbol, month, kind) at once. Rows must be in time order (stored-columns.ts). */
  put(facts: LoadedProfile, columns: StoredColumns): void {
    this.stored.set(keyOf(facts), { facts, columns });
    this.views.delete(viewKey(facts.exchange, facts.symbol));
  }

  /** The live partial profile of `symbol` on `exchange` (null: none of that kind); replaces the previous one. */
  setLive(symbol: string, volume: VolumeColumns | null, candles: OhlcColumns | null, exchange: ExchangeId = DEFAULT_EXCHANGE): void {
    this.live.set(viewKey(exchange, symbol), { volume, candles });
    this.views.delete(viewKey(exchange, symbol));
  }

  /** Each loaded (exchange, symbol, month) and the bytes its columns hold, every kind together. */
  monthSizes(): { exchange: ExchangeId; symbol: string; month: string; bytes: number }[] {
    const out = new Map<string, { exchange: ExchangeId; symbol: string; month: string; bytes: number }>();
    for (const { facts: f, columns } of this.stored.values()) {
      const key = `${f.exchange}|${f.symbol}|${f.month}`;
      const m = out.get(key) ?? { exchange: f.exchange, symbol: f.symbol, month: f.month, bytes: 0 };
      m.bytes += bytesOf(columns);
      out.set(key, m);
    }
    return [...out.values()];
  }

  /** Lets a month go, every kind of it (a long-running server's memory bound, engine trim). */
  forget(exchange: ExchangeId, symbol: string, month: string): void {
    for (const kind of PROFILE_KINDS) this.stored.delete(keyOf({ exchange, symbol, month, kind }));
    this.views.delete(viewKey(exchange, symbol));
  }

  /** Registry facts, by symbol, exchange, month, then kind (volume, candles, oi); every exchange unless named. */
  list(symbol?: string, kind?: ProfileKind, exchange?: ExchangeId): LoadedProfile[] {
    const out = [...this.stored.values()].map((s) => s.facts).filter((f) =>
      (symbol === undefined || f.symbol === symbol) && (kind === undefined || f.kind === kind) && (exchange === undefined || f.exchange === exchange));
    return out.sort((a, b) => a.symbol.localeCompare(b.symbol) || a.exchange.localeCompare(b.exchange) || byMonth(a, b) || PROFILE_KINDS.indexOf(a.kind) - PROFILE_KINDS.indexOf(b.kind));
  }

  /** What the models read of `symbol` on `exchange`: the same object until its data changes. */
  symbol(symbol: string, exchange: ExchangeId = DEFAULT_EXCHANGE): SymbolData {
    const key = viewKey(exchange, symbol);
    let view = this.views.get(key);
    if (!view) {
      const live = this.live.get(key);
      view = {
        symbol,
        volume: this.segments<VolumeColumns>(exchange, symbol, 'volume', live?.volume),
        candles: this.segments<OhlcColumns>(exchange, symbol, 'candles', live?.candles),
        oi: this.segments<OiColumns>(exchange, symbol, 'oi', null),
      };
      this.views.set(key, view);
    }
    return view;
  }

  private segments<C extends StoredColumns>(exchange: ExchangeId, symbol: string, kind: ProfileKind, live: C | null | undefined): Segment<C>[] {
    const out: Segment<C>[] = [];
    for (const { facts: f, columns } of this.stored.values()) if (f.exchange === exchange && f.symbol === symbol && f.kind === kind) out.push({ month: f.month, columns: columns as C });
    out.sort(byMonth);
    if (live) out.push({ month: LIVE_MONTH, columns: live });
    return out;
  }
}

/** The bytes of a month's typed arrays (coded columns hold theirs one level down). */
function bytesOf(value: unknown): number {
  if (ArrayBuffer.isView(value)) return value.byteLength;
  if (value === null || typeof value !== 'object') return 0;
  let n = 0;
  for (const v of Object.values(value)) n += bytesOf(v);
  return n;
}

/** Read, check and load in one step. */
export async function ingestProfile(
  table: ProfileTable,
  file: ProfileFile,
  source: string,
  options: { sha256?: string; expected?: Expected } = {},
): Promise<LoadResult> {
  const valid = await readProfile(file, options.expected);
  if (!valid.ok) return valid;
  return table.load(valid, source, options.sha256 ?? null);
}
