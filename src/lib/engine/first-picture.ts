/**
 * A returning visitor's first map without waiting for the profiles to load. What a map needs from the data
 * (the prepared facts of the months and the window aggregate, model/map.ts) is a function of
 * the profile files alone, so it is kept in IndexedDB under the sha256 of every file it came
 * from. The same files and parameters give the same aggregate: the first picture is the
 * computed one, its levels placed anew with today's OI, price and tiers. Another file, a
 * change to the loaded data, or live rows in the engine, and the normal path answers.
 */
import type { WindowAggregate } from '../model/map.ts';
import type { MapParams } from '../model/types.ts';
import type { Prepared } from './api.ts';
import type { Candidate } from './catalog.ts';
import type { DerivedMemory } from '../data/derived-store.ts';

// One of each per symbol (and window for Prepared): the last one, which is what a return shows.
interface KeptPrepared { latest: string; wanted: string[]; identity: string; prepared: Prepared }
interface KeptAggregate { identity: string; params: string; aggregate: WindowAggregate }

/** The files' identity: every candidate's sha256, in a stable order. */
const identityOf = (candidates: readonly Candidate[]): string => candidates.map((c) => c.sha256).sort().join(',');

export class FirstPicture {
  /** symbol → identity of the months prepared for it, while the engine's data is that. */
  private readonly identities = new Map<string, string>();
  /** Symbols whose live rows are in the engine: their aggregates are not the files' alone. */
  private readonly live = new Set<string>();
  /** Counts data changes: a prepare that began before one says nothing of the data now. */
  private changes = 0;

  constructor(private readonly memory: DerivedMemory) {}

  private static preparedKey = (symbol: string, days: number) => `prepared|${symbol}|${days}`;
  private static aggregateKey = (symbol: string) => `map|${symbol}`;
  private static paramsOf = (p: MapParams) => JSON.stringify([p.whaleThreshold, p.windowDays, p.step]);

  /** The kept Prepared for these files, if the months it needs still have the same files. */
  async prepared(symbol: string, days: number, latest: readonly Candidate[], candidates: (months: string[]) => Promise<Candidate[]>): Promise<Prepared | undefined> {
    if (this.live.has(symbol) || latest.length === 0) return undefined;
    const kept = (await this.memory.get(FirstPicture.preparedKey(symbol, days))) as KeptPrepared | undefined;
    if (kept?.latest !== identityOf(latest) || identityOf(await candidates(kept.wanted)) !== kept.identity) return undefined;
    this.identities.set(symbol, kept.identity);
    return { ...kept.prepared, problems: [] };
  }

  /** Pass to keepPrepared: the data as a prepare begins. */
  get version(): number {
    return this.changes;
  }

  /** Remember what preparing `symbol` from these files gave (only a clean result, of data unchanged since `version`). */
  async keepPrepared(version: number, days: number, latest: readonly Candidate[], wanted: string[], used: readonly Candidate[], prepared: Prepared): Promise<void> {
    if (version !== this.changes) return;
    const identity = identityOf(used);
    this.identities.set(prepared.symbol, identity);
    if (this.live.has(prepared.symbol) || prepared.problems.length > 0) return;
    const kept: KeptPrepared = { latest: identityOf(latest), wanted, identity, prepared };
    await this.memory.set(FirstPicture.preparedKey(prepared.symbol, days), kept);
  }

  async aggregate(p: MapParams): Promise<KeptAggregate['aggregate'] | undefined> {
    const identity = this.identities.get(p.symbol);
    if (identity === undefined || this.live.has(p.symbol)) return undefined;
    const kept = (await this.memory.get(FirstPicture.aggregateKey(p.symbol))) as KeptAggregate | undefined;
    return kept?.identity === identity && kept.params === FirstPicture.paramsOf(p) ? kept.aggregate : undefined;
  }

  async keepAggregate(p: MapParams, agg: WindowAggregate): Promise<void> {
    const identity = this.identities.get(p.symbol);
    if (identity === undefined || this.live.has(p.symbol)) return;
    const kept: KeptAggregate = { identity, params: FirstPicture.paramsOf(p), aggregate: agg };
    await this.memory.set(FirstPicture.aggregateKey(p.symbol), kept);
  }

  /** Uploads, deletions or another source: what is loaded is no longer known by identity. */
  dataChanged(): void {
    this.changes++;
    this.identities.clear();
  }

  liveRowsLoaded(symbol: string): void {
    this.live.add(symbol);
    this.identities.delete(symbol);
  }
}
