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
import { PROFILE_KINDS, type ProfileKind } from './profile-schema.ts';
import { errorText, refuse, type Refusal } from './refusal.ts';
import { storedColumns, type StoredColumns } from './stored-columns.ts';

/** What identifies a loaded profile. An exchange would join symbol here (and in keyOf). */
export interface ProfileKey {
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

const keyOf = (k: ProfileKey) => `${k.symbol}|${k.month}|${k.kind}`;
const byMonth = (a: { month: string }, b: { month: string }) => (a.month < b.month ? -1 : a.month > b.month ? 1 : 0);

export class ProfileTable {
  private readonly stored = new Map<string, Stored>();
  private readonly live = new Map<string, { volume: VolumeColumns | null; candles: OhlcColumns | null }>();
  private readonly views = new Map<string, SymbolData>();

  /** Replace the month of `valid` with its columns; a failure leaves the table as it was. */
  load(valid: ValidProfile, source: string, sha256: string | null = null): LoadResult {
    const { symbol, month, kind, synthetic, days } = valid.meta;
    const facts: LoadedProfile = {
      symbol, month, kind, rows: valid.rows, source, sha256, synthetic,
      priceStep: valid.meta.priceStep ?? null, firstTime: valid.firstTime, lastTime: valid.lastTime,
      ...(days !== undefined ? { days } : {}),
    };
    try {
      this.put(facts, storedColumns(kind, valid.columns));
      return { ok: true, ...facts };
    } catch (e) {
      return refuse(valid.file, `it could not be loaded (${errorText(e)}); the data loaded before is unchanged`);
    }
  }

  /** Replace one (symbol, month, kind) at once. Rows must be in time order (stored-columns.ts). */
  put(facts: LoadedProfile, columns: StoredColumns): void {
    this.stored.set(keyOf(facts), { facts, columns });
    this.views.delete(facts.symbol);
  }

  /** The live partial profile of `symbol` (null: none of that kind); replaces the previous one. */
  setLive(symbol: string, volume: VolumeColumns | null, candles: OhlcColumns | null): void {
    this.live.set(symbol, { volume, candles });
    this.views.delete(symbol);
  }

  /** Registry facts, by symbol, month, then kind (volume, candles, oi). */
  list(symbol?: string, kind?: ProfileKind): LoadedProfile[] {
    const out = [...this.stored.values()].map((s) => s.facts).filter((f) => (symbol === undefined || f.symbol === symbol) && (kind === undefined || f.kind === kind));
    return out.sort((a, b) => a.symbol.localeCompare(b.symbol) || byMonth(a, b) || PROFILE_KINDS.indexOf(a.kind) - PROFILE_KINDS.indexOf(b.kind));
  }

  /** What the models read of `symbol`: the same object until its data changes. */
  symbol(symbol: string): SymbolData {
    let view = this.views.get(symbol);
    if (!view) {
      const live = this.live.get(symbol);
      view = {
        symbol,
        volume: this.segments<VolumeColumns>(symbol, 'volume', live?.volume),
        candles: this.segments<OhlcColumns>(symbol, 'candles', live?.candles),
        oi: this.segments<OiColumns>(symbol, 'oi', null),
      };
      this.views.set(symbol, view);
    }
    return view;
  }

  private segments<C extends StoredColumns>(symbol: string, kind: ProfileKind, live: C | null | undefined): Segment<C>[] {
    const out: Segment<C>[] = [];
    for (const s of this.stored.values()) if (s.facts.symbol === symbol && s.facts.kind === kind) out.push({ month: s.facts.month, columns: s.columns as C });
    out.sort(byMonth);
    if (live) out.push({ month: LIVE_MONTH, columns: live });
    return out;
  }
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
