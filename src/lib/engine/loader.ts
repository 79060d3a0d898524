/**
 * Getting profile files into DuckDB: downloads from the source and cached copies, validated and
 * loaded; uploads validated, cached and loaded. Remembers what is loaded (by content) so nothing
 * loads twice, and what was refused this session so a bad file is not fetched or checked again.
 */
import type { Db } from '../db/db.ts';
import { BUILT_SOURCE, QuotaExceeded, UPLOAD_SOURCE, type ProfileCache } from '../data/cache.ts';
import { profileKey, supersededBy } from '../data/copies.ts';
import { sha256Hex } from '../data/hash.ts';
import type { Manifest } from '../data/manifest.ts';
import { readProfile, type ValidProfile } from '../data/profile-file.ts';
import { loadProfile } from '../data/profile-store.ts';
import type { Refusal } from '../data/refusal.ts';
import { downloadProfiles } from '../data/remote.ts';
import { invalidateModelCache } from '../model/whale-cache.ts';
import type { ProgressListener, UploadVerdict } from './api.ts';
import type { Candidate } from './catalog.ts';

const REFUSALS_KEPT = 20;

interface Fetched { candidate: Candidate; name: string; bytes: Uint8Array; source: string }

export class ProfileLoader {
  /** profileKey → sha256 of the file loaded into DuckDB for it. */
  private readonly loadedSha = new Map<string, string>();
  /** sha256 → why, for files refused this session. */
  private readonly refusedFiles = new Map<string, string>();
  /** Refusals seen while loading, newest first, for the Data view. */
  refused: string[] = [];
  /** Files loaded into DuckDB so far: unchanged means the tables are as they were. */
  loads = 0;

  constructor(private readonly fetch: typeof globalThis.fetch, private readonly cache: () => Promise<ProfileCache>) {}

  /** Load every candidate not already loaded with the same content; returns refusal messages. */
  async ensureLoaded(dbReady: Promise<Db>, manifest: Manifest | null, wanted: Candidate[], onProgress?: ProgressListener): Promise<string[]> {
    // What is loaded is known without DuckDB, so the files are fetched while it still starts.
    const stale = wanted.filter((c) => this.loadedSha.get(profileKey(c)) !== c.sha256);
    const problems: string[] = stale.flatMap((c) => this.refusedFiles.get(c.sha256) ?? []);
    const todo = stale.filter((c) => !this.refusedFiles.has(c.sha256));
    if (todo.length === 0) return problems;
    const files = [...(await this.download(manifest, todo, problems, onProgress)), ...(await this.fromCache(todo, problems))];
    const reads = new Map<number, Promise<ValidProfile | Refusal>>();
    const read = (i: number) => {
      const { name, bytes, candidate: { symbol, month, kind } } = files[i];
      if (!reads.has(i)) reads.set(i, readProfile({ name, bytes }, { symbol, month, kind }));
      return reads.get(i)!;
    };
    // Files are decoded and checked while DuckDB still starts; once it is up, one at a time
    // (decoded months are large: reading all ahead would hold them all at once).
    let dbUp = false;
    void dbReady.then(() => (dbUp = true), () => undefined);
    for (let i = 0; i < files.length && !dbUp; i++) await read(i);
    const db = await dbReady;
    for (const [done, f] of files.entries()) {
      onProgress?.({ phase: 'load', filesDone: done, filesTotal: files.length, bytesDone: 0, bytesTotal: 0, file: f.name });
      const valid = await read(done);
      reads.delete(done);
      const result = valid.ok ? await loadProfile(db, valid, f.source, f.candidate.sha256) : valid;
      if (!result.ok) this.refuse(f.candidate.sha256, result.message, problems);
      else {
        this.loadedSha.set(profileKey(f.candidate), f.candidate.sha256);
        this.loads++;
      }
    }
    if (files.length) invalidateModelCache(db);
    onProgress?.({ phase: 'load', filesDone: files.length, filesTotal: files.length, bytesDone: 0, bytesTotal: 0 });
    this.refused = [...new Set([...[...problems].reverse(), ...this.refused])].slice(0, REFUSALS_KEPT);
    return [...new Set(problems)];
  }

  private async download(manifest: Manifest | null, todo: Candidate[], problems: string[], onProgress?: ProgressListener): Promise<Fetched[]> {
    const remote = todo.filter((c) => c.entry);
    if (!remote.length || !manifest) return [];
    const results = await downloadProfiles(remote.map((c) => c.entry!), {
      manifestUrl: manifest.url, cache: await this.cache(), fetch: this.fetch,
      onProgress: (p) => onProgress?.({ phase: 'download', ...p }),
    });
    const out: Fetched[] = [];
    results.forEach((r, i) => {
      if (!r.ok) return this.refuse(remote[i].sha256, r.message, problems);
      out.push({ candidate: remote[i], name: r.entry.path, bytes: r.bytes, source: `remote:${manifest.url}` });
      if (!r.cached) problems.push(`${r.entry.path} is used for this session only: browser storage is full, so it was not kept (what was kept before is intact).`);
    });
    return out;
  }

  private async fromCache(todo: Candidate[], problems: string[]): Promise<Fetched[]> {
    const cache = await this.cache();
    const out: Fetched[] = [];
    for (const c of todo.filter((c) => c.cached)) {
      const bytes = await cache.get(c.sha256);
      if (bytes) out.push({ candidate: c, name: c.cached!.fileName, bytes, source: c.cached!.source });
      else problems.push(`${c.cached!.fileName} is listed in the cache but its bytes are gone; upload it again.`);
    }
    return out;
  }

  private refuse(sha256: string, message: string, problems: string[]): void {
    this.refusedFiles.set(sha256, message);
    problems.push(message);
  }

  /** Validate first; cache only a valid file; load it; nothing else changes on refusal. */
  async upload(db: Db, file: { name: string; bytes: Uint8Array }, source = UPLOAD_SOURCE): Promise<UploadVerdict> {
    const cache = await this.cache();
    const valid = await readProfile(file);
    if (!valid.ok) return { ok: false, file: file.name, message: valid.message };
    const { symbol, month, kind } = valid.meta;
    const sha256 = await sha256Hex(file.bytes);
    let kept = true;
    try {
      const entry = await cache.put(sha256, file.bytes, { source, symbol, month, kind, fileName: file.name, days: valid.meta.days });
      // A new build of a month replaces the earlier build (a monthly file replaces the dailies).
      if (source === BUILT_SOURCE) for (const old of supersededBy(await cache.list(), entry)) await cache.delete(old.sha256);
    } catch (e) {
      if (!(e instanceof QuotaExceeded)) throw e;
      kept = false;
    }
    const loaded = await loadProfile(db, valid, source, sha256);
    if (!loaded.ok) return { ok: false, file: file.name, message: loaded.message };
    this.loadedSha.set(profileKey({ symbol, month, kind }), sha256);
    this.loads++;
    invalidateModelCache(db);
    const note = kept ? (cache.persistent ? 'kept in this browser' : 'used for this session only (browser storage unavailable)') : 'used for this session only: browser storage is full';
    return { ok: true, file: file.name, symbol, month, kind, rows: valid.rows, message: `${file.name}: ${symbol} ${month} ${kind}, ${valid.rows} rows, ${note}.` };
  }
}
