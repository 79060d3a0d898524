/**
 * Download the profile files a view needs from a manifest: from the cache when the sha256 is
 * there, else over the network with progress and cancellation, checked against the manifest's
 * size and sha256 before anything is cached. A rebuilt month (new sha256) replaces the old copy
 * only once the new one is verified and stored.
 */
import { QuotaExceeded, remoteSource, type ProfileCache } from './cache.ts';
import { sha256Hex } from './hash.ts';
import type { ManifestEntry } from './manifest.ts';
import { errorText, refuse, type Refusal } from './refusal.ts';
import { supersededBy } from './copies.ts';

export interface DownloadProgress {
  /** The entry being worked on (its manifest path). */
  file: string;
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
}

export interface DownloadOptions {
  /** The manifest's URL: cached copies are recorded as source 'remote:<url>'. */
  manifestUrl: string;
  cache: ProfileCache;
  fetch?: typeof globalThis.fetch;
  signal?: AbortSignal;
  onProgress?: (p: DownloadProgress) => void;
}

export type Downloaded =
  | { ok: true; entry: ManifestEntry; bytes: Uint8Array; fromCache: boolean; /** false when storage was full */ cached: boolean }
  | Refusal;

/**
 * One result per entry, in order. Cancelling (`signal`) rejects with the signal's reason and
 * caches nothing partial.
 */
export async function downloadProfiles(entries: readonly ManifestEntry[], options: DownloadOptions): Promise<Downloaded[]> {
  const { cache, signal, onProgress } = options;
  const progress: DownloadProgress = {
    file: '', filesDone: 0, filesTotal: entries.length, bytesDone: 0, bytesTotal: entries.reduce((s, e) => s + e.bytes, 0),
  };
  const results: Downloaded[] = [];
  for (const entry of entries) {
    signal?.throwIfAborted();
    progress.file = entry.path;
    const before = progress.bytesDone;
    const result = await downloadOne(entry, options, (n) => {
      progress.bytesDone = before + n;
      onProgress?.({ ...progress });
    });
    progress.bytesDone = before + entry.bytes;
    progress.filesDone++;
    onProgress?.({ ...progress });
    results.push(result);
  }
  return results;
}

async function downloadOne(entry: ManifestEntry, options: DownloadOptions, onBytes: (n: number) => void): Promise<Downloaded> {
  const { cache, signal } = options;
  const source = remoteSource(options.manifestUrl);
  const cachedBytes = await cache.get(entry.sha256);
  if (cachedBytes && (await sha256Hex(cachedBytes)) === entry.sha256) {
    await removeSuperseded(cache, entry, source);
    return { ok: true, entry, bytes: cachedBytes, fromCache: true, cached: true };
  }
  if (cachedBytes) await cache.delete(entry.sha256); // damaged copy: fetch it again

  let bytes: Uint8Array;
  try {
    const response = await (options.fetch ?? globalThis.fetch)(entry.url, { signal });
    if (!response.ok) return refuse(entry.path, `the download failed (HTTP ${response.status})`);
    const body = await readBody(response, entry.bytes, onBytes);
    if (typeof body === 'string') return refuse(entry.path, body);
    bytes = body;
  } catch (e) {
    if (signal?.aborted) throw signal.reason;
    return refuse(entry.path, `the download failed (${errorText(e)})`);
  }
  signal?.throwIfAborted();
  if (bytes.length !== entry.bytes) return refuse(entry.path, `it has ${bytes.length} bytes, the manifest says ${entry.bytes}`);
  const actual = await sha256Hex(bytes);
  if (actual !== entry.sha256) return refuse(entry.path, `its sha256 is ${actual}, the manifest says ${entry.sha256}`);

  const info = { source, symbol: entry.symbol, month: entry.month, kind: entry.kind, fileName: entry.path };
  try {
    await cache.put(entry.sha256, bytes, info);
  } catch (e) {
    if (e instanceof QuotaExceeded) return { ok: true, entry, bytes, fromCache: false, cached: false };
    throw e;
  }
  await removeSuperseded(cache, entry, source);
  return { ok: true, entry, bytes, fromCache: false, cached: true };
}

async function removeSuperseded(cache: ProfileCache, entry: ManifestEntry, source: string): Promise<void> {
  const current = { ...entry, source, fileName: entry.path, savedAt: 0 };
  for (const old of supersededBy(await cache.list(), current)) await cache.delete(old.sha256);
}

/** The body as bytes, reporting progress; stops early when it outgrows the manifest's size. */
async function readBody(response: Response, expected: number, onBytes: (n: number) => void): Promise<Uint8Array | string> {
  const tooBig = (n: number) => `it is larger than the ${expected} bytes the manifest says (${n} bytes so far)`;
  if (!response.body) {
    const bytes = new Uint8Array(await response.arrayBuffer());
    onBytes(bytes.length);
    return bytes.length > expected ? tooBig(bytes.length) : bytes;
  }
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    received += value.length;
    if (received > expected) {
      await reader.cancel();
      return tooBig(received);
    }
    chunks.push(value);
    onBytes(received);
  }
  const bytes = new Uint8Array(received);
  let offset = 0;
  for (const c of chunks) {
    bytes.set(c, offset);
    offset += c.length;
  }
  return bytes;
}
