/**
 * The engine behind the worker boundary: a thin facade over the source (source.ts), the loader
 * (loader.ts), the profile table (data/profile-table.ts) and the models, which run on the
 * table's typed columns. Environment-free (dependencies injected), so Node tests and tools drive
 * the very same code with an in-memory cache.
 */
import { BUILT_SOURCE, UPLOAD_SOURCE, type ProfileCache } from '../data/cache.ts';
import { partialMonths } from '../data/built-months.ts';
import { ProfileTable } from '../data/profile-table.ts';
import type { ManifestMemory } from '../data/saved-manifests.ts';
import { computeMap, mapFromAggregate } from '../model/map.ts';
import { computeHeatmap } from '../model/heatmap.ts';
import type { HeatmapParams, HeatmapResult, MapParams, MapResult } from '../model/types.ts';
import type { CacheReport, Catalog, EngineApi, Prepared, ProgressListener, UploadVerdict } from './api.ts';
import { monthsForWindow } from './months.ts';
import { loadedFacts } from './profile-facts.ts';
import { ProfileLoader } from './loader.ts';
import { BuiltReady, type ReadyProfile } from './built-ready.ts';
import type { ProfileFile } from '../data/profile-file.ts';
import type { Refusal } from '../data/refusal.ts';
import type { BuiltColumns } from '../data/built-columns.ts';
import { ProfileSource } from './source.ts';
import type { Candidate } from './catalog.ts';
import { loadLiveRows, type LiveLoad } from './live-rows.ts';
import type { LiveRows } from '../live/live-trades.ts';
import { memoryDerivedMemory, type DerivedMemory } from '../data/derived-store.ts';
import { FirstPicture } from './first-picture.ts';
import { computeHeatmapAcross, computeMapAcross } from '../model/exchanges.ts';
import { DEFAULT_EXCHANGE, EXCHANGE_LABELS } from '../data/profile-schema.ts';
import type { ExchangeId } from '../live/events.ts';
import { exchangeMonths } from './catalog.ts';
import { NoProfileData, onlyDefault, prepareAcross } from './prepare-across.ts';
import { MonthRecency, type MonthSize } from './month-recency.ts';

export interface EngineDeps {
  openCache(): Promise<ProfileCache>;
  manifests: ManifestMemory;
  fetch: typeof globalThis.fetch;
  /** Where a returning visit's first map is kept (first-picture.ts); memory only if absent. */
  derived?: DerivedMemory;
}

/** The longest the loading behind a kept answer waits for the first map. */
const KEPT_LOAD_WAIT_MS = 3000;

/** A gate that opens once; `opened(ms)` waits for it at most `ms`. */
function gate(): { opened(ms: number): Promise<void>; open(): void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened: (ms) => Promise.race([opened, new Promise<void>((r) => setTimeout(r, ms))]), open };
}

/** Latest months with a refused file passed over before the symbol is said to have no loadable month. */
const MAX_MONTHS_PASSED_OVER = 2;

export class Engine implements EngineApi {
  private cache?: Promise<ProfileCache>;
  private queue: Promise<unknown> = Promise.resolve();
  /** The source being opened: a prepare sent with it (the page asks for both at once) waits for it. */
  private opening: Promise<unknown> = Promise.resolve();
  /**
   * Opened by the first request that needs the table (or a kept map answered, or a while): the
   * loading behind a kept answer waits for it, so that a returning visit's first map is not
   * queued behind a second of decoding months it does not need.
   */
  private readonly askedFirst = gate();
  private readonly source: ProfileSource;
  private readonly loader: ProfileLoader;
  private readonly built = new BuiltReady();
  private readonly first: FirstPicture;
  private readonly recency = new MonthRecency();
  /** Every loaded profile month and the live rows, as typed columns. */
  readonly table = new ProfileTable();

  constructor(private readonly deps: EngineDeps) {
    const cache = () => this.profileCache();
    this.source = new ProfileSource(deps.fetch, deps.manifests, cache);
    this.loader = new ProfileLoader(deps.fetch, cache, this.table);
    this.first = new FirstPicture(deps.derived ?? memoryDerivedMemory());
  }

  /**
   * Loads, uploads and live rows change the table over several steps: requests run one at a
   * time, so a compute never sees a load half done (the computes themselves are synchronous).
   */
  private serial<T>(work: () => T | Promise<T>): Promise<T> {
    this.askedFirst.open();
    return this.queued(work);
  }

  private queued<T>(work: () => T | Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Nothing to start: the engine is ready when constructed (kept for the API's callers). */
  async start(): Promise<void> {}

  private profileCache(): Promise<ProfileCache> {
    this.cache ??= this.deps.openCache();
    return this.cache;
  }

  openSource(url: string, allowedHosts: string[], onProgress?: ProgressListener, preferRemote: string[] = []): Promise<Catalog> {
    this.first.dataChanged();
    this.source.setPreferRemote(preferRemote);
    const opened = (async () => {
      onProgress?.({ phase: 'manifest', filesDone: 0, filesTotal: 1, bytesDone: 0, bytesTotal: 0 });
      const problems = await this.source.open(url, allowedHosts);
      onProgress?.({ phase: 'manifest', filesDone: 1, filesTotal: 1, bytesDone: 0, bytesTotal: 0 });
      return this.catalogNow(url, problems);
    })();
    this.opening = opened.catch(() => undefined);
    return opened;
  }

  /** The catalog again after uploads, deletions or a copy choice: no manifest fetch. */
  async catalog(preferRemote?: string[]): Promise<Catalog> {
    this.first.dataChanged();
    if (preferRemote) this.source.setPreferRemote(preferRemote);
    // Not the full reads of built bytes (loader.ts verifyBuilt): the chart does not wait for them.
    await this.loader.written();
    return this.catalogNow(this.source.manifest?.url ?? '', []);
  }

  private async catalogNow(url: string, problems: string[]): Promise<Catalog> {
    return { source: url, persistent: (await this.profileCache()).persistent, symbols: await this.source.symbols(), files: this.source.files(), problems };
  }

  /**
   * The months `symbol` needs for `days`, loaded. When the same files were prepared on an
   * earlier visit, their kept facts answer at once and the loading goes on behind.
   */
  async prepare(symbol: string, days: number, onProgress?: ProgressListener, exchanges: ExchangeId[] = [DEFAULT_EXCHANGE]): Promise<Prepared> {
    await this.opening;
    if (!onlyDefault(exchanges)) return this.serial(() => prepareAcross(symbol, exchanges, (exchange) => this.prepareNow(symbol, days, onProgress, exchange)));
    const kept = await this.keptPrepared(symbol, days).catch(() => undefined);
    if (!kept) return this.serial(() => this.prepareNow(symbol, days, onProgress));
    // Behind the kept answer: after the first map it serves (engine-side; no call waits for it).
    this.queued(async () => {
      await this.askedFirst.opened(KEPT_LOAD_WAIT_MS);
      return this.prepareNow(symbol, days, onProgress);
    }).catch(() => undefined); // its problems reach the Data view through the loader
    return kept;
  }

  /** The months the source offers for `symbol` on `exchange`, ascending. */
  private async offeredMonths(symbol: string, exchange: ExchangeId = DEFAULT_EXCHANGE): Promise<string[]> {
    return exchangeMonths((await this.source.symbols()).find((s) => s.symbol === symbol), exchange);
  }

  private async keptPrepared(symbol: string, days: number): Promise<Prepared | undefined> {
    const latest = (await this.offeredMonths(symbol)).at(-1);
    if (!latest) return undefined;
    return this.first.prepared(symbol, days, await this.source.candidates(symbol, [latest]), (months) => this.source.candidates(symbol, months));
  }

  private async prepareNow(symbol: string, days: number, onProgress?: ProgressListener, exchange: ExchangeId = DEFAULT_EXCHANGE): Promise<Prepared> {
    const version = this.first.version;
    const offered = await this.offeredMonths(symbol, exchange);
    const latest = offered.at(-1);
    if (!latest) throw new NoProfileData(`No ${exchange === DEFAULT_EXCHANGE ? '' : `${EXCHANGE_LABELS[exchange]} `}profile data for ${symbol} in this source.`);
    const load = (candidates: Candidate[]) => this.loader.ensureLoaded(this.source.manifest, candidates, onProgress);
    // The latest month that loads first: its last hour fixes which earlier months the window
    // reaches. A latest month whose file is refused (corrupt, unreadable) is named and passed
    // over, a few at most, so that one bad file does not leave the symbol without a picture.
    const problems: string[] = [];
    const passedOver: string[] = [];
    let latestCandidates: Candidate[] = [];
    for (let i = offered.length - 1; i >= 0 && passedOver.length <= MAX_MONTHS_PASSED_OVER; i--) {
      latestCandidates = await this.source.candidates(symbol, [offered[i]], exchange);
      problems.push(...(await load(latestCandidates)));
      if (loadedFacts(this.table, symbol, exchange).months.includes(offered[i])) break;
      passedOver.push(offered[i]);
    }
    const { lastHour } = loadedFacts(this.table, symbol, exchange);
    const wanted = Number.isFinite(lastHour) ? monthsForWindow(lastHour, days) : [latest];
    const candidates = await this.source.candidates(symbol, wanted, exchange);
    problems.push(...(await load(candidates)));
    const facts = loadedFacts(this.table, symbol, exchange);
    const months = facts.months.filter((m) => wanted.includes(m));
    this.recency.touch(exchange, symbol, months);
    const missing = [...new Set([...wanted.filter((m) => !months.includes(m)), ...passedOver])].sort();
    const prepared: Prepared = {
      symbol,
      months,
      missing,
      unloaded: missing.filter((m) => offered.includes(m)),
      firstHour: facts.firstHour,
      lastHour: facts.lastHour,
      synthetic: facts.synthetic,
      lastClose: facts.lastClose,
      partial: partialMonths(candidates.filter((c) => months.includes(c.month))),
      lastOi: facts.lastOi,
      problems: [...new Set(problems)],
    };
    // A picture that passed over a refused month is not kept as the next visit's first one.
    if (exchange === DEFAULT_EXCHANGE && !passedOver.length) void this.first.keepPrepared(version, days, latestCandidates, wanted, candidates, prepared).catch(() => undefined);
    return prepared;
  }

  /**
   * Lets the least recently prepared months go until the loaded ones hold at most `maxBytes`
   * (month-recency.ts), none of a symbol `busy` names; they load again when next prepared.
   * In the queue: no compute sees a month go half way. Returns the months let go.
   */
  trim(maxBytes: number, busy: (symbol: string) => boolean = () => false): Promise<MonthSize[]> {
    return this.queued(() => {
      const gone = this.recency.victims(this.table.monthSizes(), maxBytes, busy);
      for (const m of gone) {
        this.table.forget(m.exchange, m.symbol, m.month);
        this.loader.forget(m.exchange, m.symbol, m.month);
        this.recency.forget(m);
      }
      return gone;
    });
  }

  /** From the kept aggregate of the same files and parameters if there is one, else from the table. */
  async computeMap(params: MapParams): Promise<MapResult> {
    if (params.exchanges && !onlyDefault(params.exchanges.map((e) => e.id))) {
      return this.serial(() => computeMapAcross((exchange) => this.table.symbol(params.symbol, exchange), params));
    }
    const started = performance.now();
    const kept = await this.first.aggregate(params).catch(() => undefined);
    if (kept) {
      // The loading waits until this answer is on its way to the page.
      setTimeout(() => this.askedFirst.open(), 0);
      return mapFromAggregate(kept, params, started);
    }
    return this.serial(() => computeMap(this.table.symbol(params.symbol), params, (agg) => void this.first.keepAggregate(params, agg).catch(() => undefined)));
  }

  /** The live partial profile of `symbol` on `exchange` as its month 'live' (live-rows.ts); the next compute includes it. */
  loadLiveRows(symbol: string, rows: LiveRows, exchange: ExchangeId = DEFAULT_EXCHANGE): Promise<LiveLoad> {
    if (exchange === DEFAULT_EXCHANGE) this.first.liveRowsLoaded(symbol);
    return this.serial(() => loadLiveRows(this.table, symbol, rows, exchange));
  }

  computeHeatmap(params: HeatmapParams): Promise<HeatmapResult> {
    if (!params.exchanges) return this.serial(() => computeHeatmap(this.table.symbol(params.symbol), params));
    return this.serial(() => computeHeatmapAcross((exchange) => this.table.symbol(params.symbol, exchange), params));
  }

  upload(files: { name: string; bytes: Uint8Array }[], onProgress?: ProgressListener): Promise<UploadVerdict[]> {
    return this.store(files, UPLOAD_SOURCE, onProgress);
  }

  /**
   * The columns of profiles the importer is about to store (storeBuilt), checked and readied
   * now, while it still encodes their bytes: the store then reads only the bytes' footer.
   */
  async checkBuilt(built: BuiltColumns[]): Promise<void> {
    this.built.add(built);
  }

  /** Cache and load profiles the importer built from archive files; each replaces the earlier build of its month. */
  storeBuilt(files: { name: string; bytes: Uint8Array }[]): Promise<UploadVerdict[]> {
    return this.store(files, BUILT_SOURCE, undefined, (f) => this.built.take(f));
  }

  /** Validate, cache and load the user's files as copies of `source`; a refused file changes nothing. */
  private store(files: { name: string; bytes: Uint8Array }[], source: string, onProgress?: ProgressListener, ready: (f: ProfileFile) => ReadyProfile | Refusal | null = () => null): Promise<UploadVerdict[]> {
    this.first.dataChanged();
    return this.serial(() => this.loader.storing(async () => {
      const verdicts: UploadVerdict[] = [];
      const bytesTotal = files.reduce((s, f) => s + f.bytes.length, 0);
      let bytesDone = 0;
      for (const [i, file] of files.entries()) {
        onProgress?.({ phase: 'decode', filesDone: i, filesTotal: files.length, bytesDone, bytesTotal, file: file.name });
        verdicts.push(await this.loader.upload(file, source, ready(file)));
        bytesDone += file.bytes.length;
      }
      onProgress?.({ phase: 'decode', filesDone: files.length, filesTotal: files.length, bytesDone, bytesTotal });
      return verdicts;
    }));
  }

  async cacheReport(): Promise<CacheReport> {
    const cache = await this.profileCache();
    await this.loader.stored(); // downloads being kept are listed, or their failure is
    return { entries: await cache.list(), estimate: await cache.estimate(), persistent: cache.persistent, refused: [...this.loader.refused] };
  }

  async deleteCached(sha256s: string[]): Promise<void> {
    this.first.dataChanged();
    const cache = await this.profileCache();
    await this.loader.stored(); // a write still running must not bring a deleted file back
    for (const sha of sha256s) await cache.delete(sha);
  }
}
