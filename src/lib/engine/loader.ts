/**
 * Getting profile files into the profile table: downloads from the source and cached copies,
 * validated and loaded; uploads validated, cached and loaded. Remembers what is loaded (by
 * content) so nothing loads twice, and what was refused this session so a bad file is not
 * fetched or checked again.
 */
import { BUILT_SOURCE, QuotaExceeded, UPLOAD_SOURCE, type ProfileCache } from '../data/cache.ts';
import { profileKey, supersededBy } from '../data/copies.ts';
import { sha256Hex } from '../data/hash.ts';
import type { Manifest } from '../data/manifest.ts';
import { readProfile } from '../data/profile-file.ts';
import { DEFAULT_EXCHANGE, EXCHANGE_LABELS } from '../data/profile-schema.ts';
import type { ProfileTable } from '../data/profile-table.ts';
import { downloadProfiles } from '../data/remote.ts';
import type { ProgressListener, UploadVerdict } from './api.ts';
import type { Candidate } from './catalog.ts';

const REFUSALS_KEPT = 20;

interface Fetched { candidate: Candidate; name: string; bytes: Uint8Array; source: string }

export class ProfileLoader {
  /** profileKey → sha256 of the file loaded for it. */
  private readonly loadedSha = new Map<string, string>();
  /** sha256 → why, for files refused this session. */
  private readonly refusedFiles = new Map<string, string>();
  /** Refusals seen while loading, newest first, for the Data view. */
  refused: string[] = [];

  constructor(
    private readonly fetch: typeof globalThis.fetch,
    private readonly cache: () => Promise<ProfileCache>,
    private readonly table: ProfileTable,
  ) {}

  /** Load every candidate not already loaded with the same content; returns refusal messages. */
  async ensureLoaded(manifest: Manifest | null, wanted: Candidate[], onProgress?: ProgressListener): Promise<string[]> {
    const stale = wanted.filter((c) => this.loadedSha.get(profileKey(c)) !== c.sha256);
    const problems: string[] = stale.flatMap((c) => this.refusedFiles.get(c.sha256) ?? []);
    const todo = stale.filter((c) => !this.refusedFiles.has(c.sha256));
    if (todo.length === 0) return problems;
    const files = [...(await this.download(manifest, todo, problems, onProgress)), ...(await this.fromCache(todo, problems))];
    // One file at a time, its Parquet bytes let go once decoded: a decoded month is large.
    for (const [done, f] of files.entries()) {
      onProgress?.({ phase: 'load', filesDone: done, filesTotal: files.length, bytesDone: 0, bytesTotal: 0, file: f.name });
      const { symbol, month, kind, exchange } = f.candidate;
      const valid = await readProfile({ name: f.name, bytes: f.bytes }, { symbol, month, kind, exchange });
      files[done] = { ...f, bytes: new Uint8Array(0) };
      const result = valid.ok ? this.table.load(valid, f.source, f.candidate.sha256) : valid;
      if (!result.ok) this.refuse(f.candidate.sha256, result.message, problems);
      else {
        this.loadedSha.set(profileKey(f.candidate), f.candidate.sha256);
      }
    }
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
  async upload(file: { name: string; bytes: Uint8Array }, source = UPLOAD_SOURCE): Promise<UploadVerdict> {
    const cache = await this.cache();
    const valid = await readProfile(file);
    if (!valid.ok) return { ok: false, file: file.name, message: valid.message };
    const { symbol, month, kind, exchange } = valid.meta;
    const sha256 = await sha256Hex(file.bytes);
    let kept = true;
    try {
      const entry = await cache.put(sha256, file.bytes, { source, symbol, month, kind, exchange, fileName: file.name, days: valid.meta.days });
      // A new build of a month replaces the earlier build (a monthly file replaces the dailies).
      if (source === BUILT_SOURCE) for (const old of supersededBy(await cache.list(), entry)) await cache.delete(old.sha256);
    } catch (e) {
      if (!(e instanceof QuotaExceeded)) throw e;
      kept = false;
    }
    const loaded = this.table.load(valid, source, sha256);
    if (!loaded.ok) return { ok: false, file: file.name, message: loaded.message };
    this.loadedSha.set(profileKey({ symbol, month, kind, exchange }), sha256);
    const note = kept ? (cache.persistent ? 'kept in this browser' : 'used for this session only (browser storage unavailable)') : 'used for this session only: browser storage is full';
    return { ok: true, file: file.name, symbol, month, kind, rows: valid.rows, message: `${file.name}: ${exchange === DEFAULT_EXCHANGE ? '' : `${EXCHANGE_LABELS[exchange]} `}${symbol} ${month} ${kind}, ${valid.rows} rows, ${note}.` };
  }
}
