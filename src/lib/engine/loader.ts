/**
 * Getting profile files into the profile table: downloads from the source and cached copies,
 * validated and loaded; uploads validated, cached and loaded. Remembers what is loaded (by
 * content) so nothing loads twice, and what was refused this session so a bad file is not
 * fetched or checked again.
 */
import { BUILT_SOURCE, QuotaExceeded, UPLOAD_SOURCE, type CacheEntry, type ProfileCache } from '../data/cache.ts';
import { profileKey, supersededBy } from '../data/copies.ts';
import { sha256Hex } from '../data/hash.ts';
import type { Manifest } from '../data/manifest.ts';
import { readProfile } from '../data/profile-file.ts';
import { DEFAULT_EXCHANGE, EXCHANGE_LABELS, PROFILE_KINDS } from '../data/profile-schema.ts';
import type { ExchangeId } from '../live/events.ts';
import type { ProfileTable } from '../data/profile-table.ts';
import { downloadEach, type StoreOutcome } from '../data/remote.ts';
import type { ProgressListener, UploadVerdict } from './api.ts';
import type { Candidate } from './catalog.ts';
import type { ReadyProfile } from './built-ready.ts';
import { errorText, type Refusal } from '../data/refusal.ts';

const REFUSALS_KEPT = 20;

/** `stored`: a download's cache write, going on behind (remote.ts). */
interface Fetched { ok: true; candidate: Candidate; name: string; bytes: Uint8Array; source: string; stored?: Promise<StoreOutcome> }
/** A download refused: its file is not fetched again this session, unless the connection failed (`passing`). */
interface Failed { ok: false; sha256: string; message: string; passing?: true }

/** The values of `promises` as each settles (a rejection rejects the iteration). */
async function* inArrivalOrder<T>(promises: Promise<T>[]): AsyncGenerator<T> {
  const pending = new Map(promises.map((p, i) => [i, p.then((value) => ({ i, value }))]));
  try {
    while (pending.size) {
      const { i, value } = await Promise.race(pending.values());
      pending.delete(i);
      yield value;
    }
  } finally {
    for (const p of pending.values()) p.catch(() => undefined); // left behind by a failure: not unhandled
  }
}

/** The cache entry a downloaded file is kept as (newer than every copy kept before it). */
function downloadedCopy(f: Fetched): CacheEntry {
  const { exchange, symbol, month, kind, sha256 } = f.candidate;
  return { source: f.source, exchange, symbol, month, kind, sha256, fileName: f.name, bytes: 0, savedAt: Infinity };
}

export class ProfileLoader {
  /** profileKey → sha256 of the file loaded for it. */
  private readonly loadedSha = new Map<string, string>();
  /** sha256 → why, for files refused this session. */
  private readonly refusedFiles = new Map<string, string>();
  /** sha256 → why, for downloads whose connection failed: their line in `refused` goes once they load. */
  private readonly failedDownloads = new Map<string, string>();
  /** Refusals seen while loading, newest first, for the Data view. */
  refused: string[] = [];
  /** Cache writes that failed since the last load, for the next load's problems. */
  private readonly storeProblems: string[] = [];
  /** Cache writes still running. */
  private readonly writes = new Set<Promise<void>>();
  /** Full reads of built bytes still running (verifyBuilt). */
  private readonly checks = new Set<Promise<void>>();
  /** Settles when the files being stored together are all stored (storing). */
  private batchStored = Promise.resolve();

  constructor(
    private readonly fetch: typeof globalThis.fetch,
    private readonly cache: () => Promise<ProfileCache>,
    private readonly table: ProfileTable,
  ) {}

  /** Load every candidate not already loaded with the same content; returns refusal messages. */
  async ensureLoaded(manifest: Manifest | null, wanted: Candidate[], onProgress?: ProgressListener): Promise<string[]> {
    const stale = wanted.filter((c) => this.loadedSha.get(profileKey(c)) !== c.sha256);
    const problems: string[] = [...this.storeProblems.splice(0), ...stale.flatMap((c) => this.refusedFiles.get(c.sha256) ?? [])];
    const todo = stale.filter((c) => !this.refusedFiles.has(c.sha256));
    if (todo.length === 0) return [...new Set(problems)];
    const files = [...(await this.download(manifest, todo, onProgress)), ...this.fromCache(todo)];
    // Each file decoded as soon as its bytes are here (downloads go on meanwhile), one at a
    // time, its Parquet bytes let go once decoded: a decoded month is large.
    let done = 0;
    for await (const f of inArrivalOrder(files)) {
      if (typeof f === 'string') {
        problems.push(f);
        continue;
      }
      if (!f.ok) {
        // A failed connection (offline, say) is no fault of the file: asked for again by the next load.
        if (f.passing) {
          problems.push(f.message);
          this.failedDownloads.set(f.sha256, f.message);
        } else this.refuse(f.sha256, f.message, problems);
        continue;
      }
      onProgress?.({ phase: 'load', filesDone: done++, filesTotal: files.length, bytesDone: 0, bytesTotal: 0, file: f.name });
      const result = await this.readAndLoad(f.candidate, { name: f.name, bytes: f.bytes }, f.source, f.candidate.sha256);
      f.bytes = new Uint8Array(0); // its promise is kept until every file is done
      // Copies that replace earlier ones of their month: a build in this browser, or the source's file (a rebuilt month).
      const built = f.candidate.cached?.source === BUILT_SOURCE ? f.candidate.cached : undefined;
      const downloaded = f.stored ? downloadedCopy(f) : undefined;
      if (result.ok) {
        this.forgetFailedDownload(f.candidate.sha256);
        if (built) this.dropEarlierCopies(built);
        if (downloaded) this.dropEarlierCopies(downloaded, f.stored);
        continue;
      }
      this.refuse(f.candidate.sha256, result.message, problems);
      // Only bytes that failed their read: a load that failed otherwise (memory) says nothing of them.
      if (!result.badBytes) continue;
      if (built) await this.loadEarlierCopy(f.candidate, built, problems);
      if (downloaded) {
        // Bytes the manifest vouches for but that are no profile: not kept, and the copy kept before stays in use.
        await this.loadEarlierCopy(f.candidate, downloaded, problems);
        this.track(f.stored!.then(async () => { await (await this.cache()).delete(downloaded.sha256); })
          .catch((e) => this.report(`${f.name}: removing its refused copy from this browser failed (${errorText(e)}).`)));
      }
    }
    onProgress?.({ phase: 'load', filesDone: files.length, filesTotal: files.length, bytesDone: 0, bytesTotal: 0 });
    this.refused = [...new Set([...[...problems].reverse(), ...this.refused])].slice(0, REFUSALS_KEPT);
    return [...new Set(problems)];
  }

  /** A month let go from the table (Engine.trim): its files load again when it is next asked for. */
  forget(exchange: ExchangeId, symbol: string, month: string): void {
    for (const kind of PROFILE_KINDS) this.loadedSha.delete(profileKey({ exchange, symbol, month, kind }));
  }

  /** Resolves once every cache write started so far has ended (the catalog lists what is kept). */
  async written(): Promise<void> {
    while (this.writes.size) await Promise.all(this.writes);
  }

  /** written(), and every full read of built bytes ended (the Data view lists what stays, a deletion waits). */
  async stored(): Promise<void> {
    while (this.writes.size || this.checks.size) await Promise.all([...this.writes, ...this.checks]);
  }

  /** One promise per remote candidate, settling as soon as its file is checked (remote.ts). */
  private async download(manifest: Manifest | null, todo: Candidate[], onProgress?: ProgressListener): Promise<Promise<Fetched | Failed | string>[]> {
    const remote = todo.filter((c) => c.entry);
    if (!remote.length || !manifest) return [];
    const each = downloadEach(remote.map((c) => c.entry!), {
      manifestUrl: manifest.url, cache: await this.cache(), fetch: this.fetch,
      onProgress: (p) => onProgress?.({ phase: 'download', ...p }),
    });
    return each.map(async (download, i): Promise<Fetched | Failed> => {
      const r = await download;
      if (!r.ok) return { ok: false, sha256: remote[i].sha256, message: r.message, ...(r.passing ? { passing: true as const } : {}) };
      this.watchWrite(r.entry.path, r.stored);
      return { ok: true, candidate: remote[i], name: r.entry.path, bytes: r.bytes, source: `remote:${manifest.url}`, stored: r.stored };
    });
  }

  /**
   * A write that ends after the view was answered is still reported: in the Data view's list
   * and with the next load's problems. Its month is used for this session either way.
   */
  private watchWrite(file: string, stored: Promise<StoreOutcome>): void {
    this.track(stored.then((outcome) => {
      if (outcome === 'kept') return;
      this.report(outcome === 'full'
        ? `${file} is used for this session only: browser storage is full, so it was not kept (what was kept before is intact).`
        : `${file} is used for this session only: keeping it in this browser failed (${outcome.failed}); what was kept before is intact.`);
    }));
  }

  /** A cache change still running: stored() waits for it. */
  private track(write: Promise<void>, set = this.writes): void {
    set.add(write);
    void write.finally(() => set.delete(write));
  }

  /** A problem found after the view was answered: in the Data view's list and the next load's problems. */
  private report(message: string): void {
    this.storeProblems.push(message);
    this.refused = [message, ...this.refused.filter((m) => m !== message)].slice(0, REFUSALS_KEPT);
  }

  /**
   * Bytes cached from columns checked before they were encoded (built-ready.ts read only their
   * footer) are read in full here, behind the caller's answer and outside the engine's queue, so
   * the chart does not wait: the earlier builds they replace are deleted only once the read
   * passes. If it fails, the new bytes leave the cache, the earlier builds stay, and the problem
   * is reported naming the file (the month's checked columns stay loaded for this session).
   */
  private verifyBuilt(cache: ProfileCache, file: { name: string; bytes: Uint8Array }, sha256: string, replaced: readonly { sha256: string }[]): void {
    const earlier = replaced.length ? 'the earlier build of its month is kept' : 'it is used for this session only';
    const after = this.batchStored;
    const check = (async () => {
      await after; // the month's other files are stored first: their writes do not wait behind this read
      await new Promise((resolve) => setTimeout(resolve, 0)); // requests already sent go first
      const full = await readProfile(file);
      if (full.ok) {
        for (const old of replaced) await cache.delete(old.sha256);
        return;
      }
      await cache.delete(sha256);
      this.report(`${file.name} was not kept in this browser: its stored bytes failed the full read (${full.problem}); ${earlier}.`);
    })().catch((e) => this.report(`${file.name}: checking its stored bytes failed (${errorText(e)}); ${earlier}.`));
    this.track(check, this.checks);
  }

  /** Reads a file in full as `c`'s copy `sha256` and loads it; a refusal says whether the bytes failed their read. */
  private async readAndLoad(c: Candidate, file: { name: string; bytes: Uint8Array }, source: string, sha256: string): Promise<{ ok: true } | { ok: false; message: string; badBytes: boolean }> {
    const valid = await readProfile(file, { symbol: c.symbol, month: c.month, kind: c.kind, exchange: c.exchange });
    if (!valid.ok) return { ok: false, message: valid.message, badBytes: true };
    const loaded = this.table.load(valid, source, sha256);
    if (!loaded.ok) return { ok: false, message: loaded.message, badBytes: false };
    this.loadedSha.set(profileKey(c), sha256);
    return { ok: true };
  }

  /**
   * A build whose replacement was cut short (the page closed before verifyBuilt's full read
   * ended) leaves the month's earlier build in the cache beside it. The newest build read in
   * full here, the earlier builds go, as verifyBuilt would have done. (Uploads are read in full
   * before they are kept, and an earlier upload stays: the user may go back to it.)
   */
  private dropEarlierCopies(entry: CacheEntry, stored: Promise<StoreOutcome> = Promise.resolve('kept')): void {
    this.track((async () => {
      if ((await stored) !== 'kept') return; // the new copy is not kept: the earlier ones stay
      const cache = await this.cache();
      for (const old of supersededBy(await cache.list(), entry)) if (old.savedAt < entry.savedAt) await cache.delete(old.sha256);
    })().catch((e) => this.report(`${entry.fileName}: removing the earlier copies it replaces failed (${errorText(e)}); they stay kept.`)));
  }

  /**
   * The newest build failed its read (a cut-short replacement's unverified bytes), or the
   * source's rebuilt file did: the newest earlier copy that passes is loaded instead, and a
   * failed build leaves the cache, as verifyBuilt would have done (a failed download is removed
   * by the caller). Without an earlier copy nothing else changes.
   */
  private async loadEarlierCopy(c: Candidate, failed: CacheEntry, problems: string[]): Promise<void> {
    const cache = await this.cache();
    const earlier = supersededBy(await cache.list(), failed)
      .filter((e) => e.savedAt <= failed.savedAt && !this.refusedFiles.has(e.sha256))
      .sort((a, b) => b.savedAt - a.savedAt);
    for (const e of earlier) {
      const bytes = await cache.get(e.sha256);
      if (!bytes) continue;
      const result = await this.readAndLoad(c, { name: e.fileName, bytes }, e.source, e.sha256);
      if (!result.ok) {
        this.refuse(e.sha256, result.message, problems);
        continue;
      }
      problems.push(`${failed.fileName}: the earlier copy of ${profileKey(c)}, kept ${new Date(e.savedAt).toISOString().slice(0, 16).replace('T', ' ')} UTC, is used instead; the failed copy is removed.`);
      if (failed.source === BUILT_SOURCE) this.track(cache.delete(failed.sha256));
      return;
    }
  }

  /** Stores files together (`work` uploads them): their full reads (verifyBuilt) start once all are stored. */
  async storing<T>(work: () => Promise<T>): Promise<T> {
    let done = () => {};
    this.batchStored = new Promise((resolve) => (done = resolve));
    try {
      return await work();
    } finally {
      done();
    }
  }

  private fromCache(todo: Candidate[]): Promise<Fetched | string>[] {
    return todo.filter((c) => c.cached).map(async (c) => {
      const bytes = await (await this.cache()).get(c.sha256);
      if (bytes) return { ok: true as const, candidate: c, name: c.cached!.fileName, bytes, source: c.cached!.source };
      return `${c.cached!.fileName} is listed in the cache but its bytes are gone; upload it again.`;
    });
  }

  /** A download that failed on the connection has loaded since: the Data view no longer lists it as refused. */
  private forgetFailedDownload(sha256: string): void {
    const message = this.failedDownloads.get(sha256);
    if (message === undefined) return;
    this.failedDownloads.delete(sha256);
    this.refused = this.refused.filter((m) => m !== message);
  }

  private refuse(sha256: string, message: string, problems: string[]): void {
    this.refusedFiles.set(sha256, message);
    problems.push(message);
  }

  /**
   * Validate first; cache only a valid file; load it; nothing else changes on refusal. `ready`:
   * the file's columns already checked and readied (a profile built here, built-ready.ts).
   */
  async upload(file: { name: string; bytes: Uint8Array }, source = UPLOAD_SOURCE, ready: ReadyProfile | Refusal | null = null): Promise<UploadVerdict> {
    const cache = await this.cache();
    if (ready && !ready.ok) return { ok: false, file: file.name, message: ready.message };
    const valid = ready ? ready.valid : await readProfile(file);
    if (!valid.ok) return { ok: false, file: file.name, message: valid.message };
    const { symbol, month, kind, exchange } = valid.meta;
    const sha256 = await sha256Hex(file.bytes);
    // The same file uploaded again changes nothing; the verdict says so, not "kept" as if new.
    const again = source === UPLOAD_SOURCE && (await cache.list()).some((e) => e.sha256 === sha256 && e.source === UPLOAD_SOURCE);
    let kept = true;
    try {
      const entry = await cache.put(sha256, file.bytes, { source, symbol, month, kind, exchange, fileName: file.name, days: valid.meta.days });
      // A new build of a month replaces the earlier build (a monthly file replaces the dailies).
      const replaced = source === BUILT_SOURCE ? supersededBy(await cache.list(), entry) : [];
      if (ready) this.verifyBuilt(cache, file, sha256, replaced);
      else for (const old of replaced) await cache.delete(old.sha256);
    } catch (e) {
      if (!(e instanceof QuotaExceeded)) throw e;
      kept = false;
    }
    const loaded = this.table.load(valid, source, sha256, ready?.columns);
    if (!loaded.ok) return { ok: false, file: file.name, message: loaded.message };
    this.loadedSha.set(profileKey({ symbol, month, kind, exchange }), sha256);
    const stored = cache.persistent ? 'kept in this browser' : 'used for this session only (browser storage unavailable)';
    const note = !kept ? 'used for this session only: browser storage is full' : again ? `already uploaded: the same file is ${stored}, nothing changed` : stored;
    return { ok: true, file: file.name, symbol, month, kind, rows: valid.rows, message: `${file.name}: ${exchange === DEFAULT_EXCHANGE ? '' : `${EXCHANGE_LABELS[exchange]} `}${symbol} ${month} ${kind}, ${valid.rows.toLocaleString('en-US')} rows, ${note}.` };
  }
}
