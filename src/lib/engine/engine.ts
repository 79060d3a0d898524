/**
 * The engine behind the worker boundary: owns DuckDB, the profile cache and the sources, and
 * runs the models. Environment-free (dependencies injected), so Node tests drive the very
 * same code with the Node DuckDB build and an in-memory cache.
 */
import type { Db } from '../db/db.ts';
import { num } from '../db/db.ts';
import { QuotaExceeded, UPLOAD_SOURCE, type ProfileCache, type CacheEntry } from '../data/cache.ts';
import { sha256Hex } from '../data/hash.ts';
import { validateProfile } from '../data/profile-file.ts';
import { loadProfile } from '../data/profile-store.ts';
import { parseManifest, type Manifest } from '../data/manifest.ts';
import { downloadProfiles } from '../data/remote.ts';
import { ensureProfileTables, ingestProfile, listLoaded } from '../data/profile-store.ts';
import { profileKey } from '../data/sources.ts';
import type { ManifestMemory } from '../data/saved-manifests.ts';
import { errorText } from '../data/refusal.ts';
import { formatUtc } from '../format.ts';
import { invalidateModelCache } from '../model/whale-cache.ts';
import { computeMap } from '../model/map.ts';
import { computeHeatmap } from '../model/heatmap.ts';
import type { HeatmapParams, HeatmapResult, MapParams, MapResult } from '../model/types.ts';
import type { CacheReport, Catalog, EngineApi, Prepared, ProgressListener, SymbolCatalog, UploadVerdict } from './api.ts';
import { monthsForWindow } from './months.ts';
import { catalogSymbols, chooseCandidates, type Candidate } from './candidates.ts';
import { LAST_FACTS_SQL } from './engine.sql.ts';

const REFUSALS_KEPT = 20;

export interface EngineDeps {
  openDb(): Promise<Db>;
  openCache(): Promise<ProfileCache>;
  manifests: ManifestMemory;
  fetch: typeof globalThis.fetch;
  initParquet(): Promise<void>;
}


export class Engine implements EngineApi {
  private db?: Promise<Db>;
  private cache?: Promise<ProfileCache>;
  private manifest: Manifest | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  /** Refusals seen while loading, for the Data view (a prepare's caller may not show them). */
  private refused: string[] = [];
  /** "SYMBOL YYYY-MM kind" → sha256 of the file loaded into DuckDB for it. */
  private readonly loadedSha = new Map<string, string>();
  /** sha256 → why, for files refused this session. */
  private readonly refusedFiles = new Map<string, string>();

  private refuseFile(sha256: string, message: string, problems: string[]): void {
    this.refusedFiles.set(sha256, message);
    problems.push(message);
  }

  constructor(private readonly deps: EngineDeps) {}

  /**
   * One DuckDB connection serves every request, and a load is several statements in one
   * transaction: run requests one at a time so none interleaves inside another.
   */
  private serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private duckdbMs = NaN;

  /** Start-up time, and within it DuckDB's own (instantiate, open, connect) for comparison. */
  async start(): Promise<{ startMs: number; duckdbMs: number }> {
    const t0 = performance.now();
    await this.database();
    return { startMs: performance.now() - t0, duckdbMs: this.duckdbMs };
  }

  private async timedOpenDb(): Promise<Db> {
    const t0 = performance.now();
    const db = await this.deps.openDb();
    this.duckdbMs = performance.now() - t0;
    return db;
  }

  private database(): Promise<Db> {
    this.db ??= (async () => {
      const [db] = await Promise.all([this.timedOpenDb(), this.deps.initParquet()]);
      await ensureProfileTables(db);
      return db;
    })();
    return this.db;
  }

  private profileCache(): Promise<ProfileCache> {
    this.cache ??= this.deps.openCache();
    return this.cache;
  }

  /** Months ("SYMBOL YYYY-MM") whose source copy the user chose over an upload. */
  private preferRemote = new Set<string>();

  async openSource(url: string, allowedHosts: string[], onProgress?: ProgressListener, preferRemote: string[] = []): Promise<Catalog> {
    this.preferRemote = new Set(preferRemote);
    onProgress?.({ phase: 'manifest', filesDone: 0, filesTotal: 1, bytesDone: 0, bytesTotal: 0 });
    const problems: string[] = [];
    let text: string | undefined;
    try {
      const response = await this.deps.fetch(url, { cache: 'no-cache' });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      text = await response.text();
    } catch (e) {
      const saved = await this.deps.manifests.get(url);
      if (!saved) problems.push(`The profile list ${url} could not be read (${errorText(e)}), and no copy is saved in this browser.`);
      else {
        text = saved.text;
        problems.push(`The profile list could not be read (${errorText(e)}); using the copy saved ${formatUtc(saved.savedAt)}.`);
      }
    }
    this.manifest = null;
    if (text !== undefined) {
      const parsed = parseManifest(text, url, { allowHosts: allowedHosts });
      if (parsed.ok) {
        this.manifest = parsed;
        await this.deps.manifests.set(url, text);
      } else problems.push(parsed.message);
    }
    onProgress?.({ phase: 'manifest', filesDone: 1, filesTotal: 1, bytesDone: 0, bytesTotal: 0 });
    const files = (this.manifest?.files ?? []).map(({ symbol, month, kind, path, bytes, sha256 }) => ({ symbol, month, kind, path, bytes, sha256 }));
    return { source: url, persistent: (await this.profileCache()).persistent, symbols: await this.symbols(), files, problems };
  }

  private async symbols(): Promise<SymbolCatalog[]> {
    return catalogSymbols(this.manifest, await this.uploads());
  }

  private async uploads(): Promise<CacheEntry[]> {
    return (await (await this.profileCache()).list()).filter((e) => e.source === UPLOAD_SOURCE);
  }

  private async candidates(symbol: string, months: string[]): Promise<Candidate[]> {
    return chooseCandidates(this.manifest, await this.uploads(), symbol, months, this.preferRemote);
  }

  prepare(symbol: string, days: number, onProgress?: ProgressListener): Promise<Prepared> {
    return this.serial(() => this.prepareNow(symbol, days, onProgress));
  }

  private async prepareNow(symbol: string, days: number, onProgress?: ProgressListener): Promise<Prepared> {
    const dbReady = this.database();
    const offered = (await this.symbols()).find((s) => s.symbol === symbol);
    const problems: string[] = [];
    if (!offered || offered.months.length === 0) throw new Error(`No profile data for ${symbol} in this source.`);
    const latest = offered.months[offered.months.length - 1];
    // The latest month first: its last hour fixes which earlier months the window reaches.
    problems.push(...(await this.ensureLoaded(dbReady, await this.candidates(symbol, [latest]), onProgress)));
    const db = await dbReady;
    const facts = await db.query(LAST_FACTS_SQL, [symbol]);
    const lastHour = num(facts, 'last_hour')[0];
    const wanted = Number.isFinite(lastHour) ? monthsForWindow(lastHour, days) : [latest];
    problems.push(...(await this.ensureLoaded(dbReady, await this.candidates(symbol, wanted), onProgress)));
    const after = await db.query(LAST_FACTS_SQL, [symbol]);
    const loaded = (await listLoaded(db)).filter((p) => p.symbol === symbol && p.kind === 'volume');
    const months = loaded.map((p) => p.month).filter((m) => wanted.includes(m));
    const oiTime = num(after, 'oi_time')[0];
    return {
      symbol,
      months,
      missing: wanted.filter((m) => !months.includes(m)),
      firstHour: num(after, 'first_hour')[0],
      lastHour: num(after, 'last_hour')[0],
      synthetic: loaded.some((p) => p.synthetic),
      lastClose: num(after, 'last_close')[0],
      lastOi: Number.isFinite(oiTime) ? { time: oiTime, contracts: num(after, 'oi_contracts')[0], usd: num(after, 'oi_usd')[0] } : null,
      problems,
    };
  }

  /** Load every candidate not already loaded with the same content; returns refusal messages. */
  private async ensureLoaded(dbReady: Promise<Db>, wanted: Candidate[], onProgress?: ProgressListener): Promise<string[]> {
    // What is loaded is known without DuckDB, so the files are fetched while it still starts.
    const stale = wanted.filter((c) => this.loadedSha.get(profileKey(c)) !== c.sha256);
    // A file refused once this session is not fetched or checked again; its message stands.
    const problems: string[] = stale.flatMap((c) => this.refusedFiles.get(c.sha256) ?? []);
    const todo = stale.filter((c) => !this.refusedFiles.has(c.sha256));
    if (todo.length === 0) return problems;
    const cache = await this.profileCache();
    const files: { candidate: Candidate; name: string; bytes: Uint8Array; source: string }[] = [];
    const remote = todo.filter((c) => c.entry);
    if (remote.length && this.manifest) {
      const results = await downloadProfiles(remote.map((c) => c.entry!), {
        manifestUrl: this.manifest.url, cache, fetch: this.deps.fetch,
        onProgress: (p) => onProgress?.({ phase: 'download', ...p }),
      });
      results.forEach((r, i) => {
        if (r.ok) {
          files.push({ candidate: remote[i], name: r.entry.path, bytes: r.bytes, source: `remote:${this.manifest!.url}` });
          if (!r.cached) problems.push(`${r.entry.path} is used for this session only: browser storage is full, so it was not kept (what was kept before is intact).`);
        }
        else this.refuseFile(remote[i].sha256, r.message, problems);
      });
    }
    for (const c of todo.filter((c) => c.cached)) {
      const bytes = await cache.get(c.sha256);
      if (bytes) files.push({ candidate: c, name: c.cached!.fileName, bytes, source: UPLOAD_SOURCE });
      else problems.push(`${c.cached!.fileName} is listed in the cache but its bytes are gone; upload it again.`);
    }
    const db = await dbReady;
    let done = 0;
    for (const f of files) {
      onProgress?.({ phase: 'load', filesDone: done, filesTotal: files.length, bytesDone: 0, bytesTotal: 0, file: f.name });
      const { symbol, month, kind } = f.candidate;
      const result = await ingestProfile(db, { name: f.name, bytes: f.bytes }, f.source, {
        sha256: f.candidate.sha256, expected: { symbol, month, kind },
      });
      if (!result.ok) this.refuseFile(f.candidate.sha256, result.message, problems);
      else this.loadedSha.set(profileKey(f.candidate), f.candidate.sha256);
      done++;
    }
    if (files.length) invalidateModelCache(db);
    onProgress?.({ phase: 'load', filesDone: files.length, filesTotal: files.length, bytesDone: 0, bytesTotal: 0 });
    this.refused = [...new Set([...[...problems].reverse(), ...this.refused])].slice(0, REFUSALS_KEPT);
    return [...new Set(problems)];
  }

  computeMap(params: MapParams): Promise<MapResult> {
    return this.serial(() => this.computeMapNow(params));
  }

  private async computeMapNow(params: MapParams): Promise<MapResult> {
    return computeMap(await this.database(), params);
  }

  computeHeatmap(params: HeatmapParams): Promise<HeatmapResult> {
    return this.serial(() => this.computeHeatmapNow(params));
  }

  private async computeHeatmapNow(params: HeatmapParams): Promise<HeatmapResult> {
    return computeHeatmap(await this.database(), params);
  }

  upload(files: { name: string; bytes: Uint8Array }[], onProgress?: ProgressListener): Promise<UploadVerdict[]> {
    return this.serial(() => this.uploadNow(files, onProgress));
  }

  private async uploadNow(files: { name: string; bytes: Uint8Array }[], onProgress?: ProgressListener): Promise<UploadVerdict[]> {
    const db = await this.database();
    const cache = await this.profileCache();
    const verdicts: UploadVerdict[] = [];
    const bytesTotal = files.reduce((s, f) => s + f.bytes.length, 0);
    let bytesDone = 0;
    for (const [i, file] of files.entries()) {
      onProgress?.({ phase: 'decode', filesDone: i, filesTotal: files.length, bytesDone, bytesTotal, file: file.name });
      verdicts.push(await this.uploadOne(db, cache, file));
      bytesDone += file.bytes.length;
    }
    onProgress?.({ phase: 'decode', filesDone: files.length, filesTotal: files.length, bytesDone, bytesTotal });
    return verdicts;
  }

  /** Validate first; cache only a valid file; load it; nothing else changes on refusal. */
  private async uploadOne(db: Db, cache: ProfileCache, file: { name: string; bytes: Uint8Array }): Promise<UploadVerdict> {
    const valid = await validateProfile(db, file);
    if (!valid.ok) return { ok: false, file: file.name, message: valid.message };
    const { symbol, month, kind } = valid.meta;
    const sha256 = await sha256Hex(file.bytes);
    let kept = true;
    try {
      await cache.put(sha256, file.bytes, { source: UPLOAD_SOURCE, symbol, month, kind, fileName: file.name });
    } catch (e) {
      if (!(e instanceof QuotaExceeded)) throw e;
      kept = false;
    }
    const loaded = await loadProfile(db, valid, UPLOAD_SOURCE, sha256);
    if (!loaded.ok) return { ok: false, file: file.name, message: loaded.message };
    this.loadedSha.set(profileKey({ symbol, month, kind }), sha256);
    invalidateModelCache(db);
    const note = kept ? (cache.persistent ? 'kept in this browser' : 'used for this session only (browser storage unavailable)') : 'used for this session only: browser storage is full';
    return { ok: true, file: file.name, symbol, month, kind, rows: valid.rows, message: `${file.name}: ${symbol} ${month} ${kind}, ${valid.rows} rows, ${note}.` };
  }

  async cacheReport(): Promise<CacheReport> {
    const cache = await this.profileCache();
    return { entries: await cache.list(), estimate: await cache.estimate(), persistent: cache.persistent, refused: [...this.refused] };
  }

  async deleteCached(sha256s: string[]): Promise<void> {
    const cache = await this.profileCache();
    for (const sha of sha256s) await cache.delete(sha);
  }
}
