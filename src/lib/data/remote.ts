/**
 * Download the profile files a view needs from a manifest: from the cache when the sha256 is
 * there, else over the network with progress and cancellation, checked against the manifest's
 * size and sha256 before anything is cached. A few files download at once, and each result is
 * handed over as soon as its bytes are checked: keeping the copy in the cache (one write at a
 * time) goes on behind, its outcome reported through `stored`. A rebuilt month (new sha256)
 * leaves the old copy in the cache: bytes that match the manifest may still fail their read,
 * so the loader replaces the old copy only once the new one is stored and read in full.
 */
import { QuotaExceeded, remoteSource, type ProfileCache } from './cache.ts';
import { sha256Hex } from './hash.ts';
import type { ManifestEntry } from './manifest.ts';
import { errorText, refuse, type Refusal } from './refusal.ts';
import { limiter } from '../scheduling.ts';
import { browserOffline } from '../online.ts';

/** Downloads at once: enough to keep the connection busy while earlier files decode. */
const PARALLEL_DOWNLOADS = 4;

export interface DownloadProgress {
  /** The entry most recently worked on (its manifest path). */
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
  /** Downloads running at once (default PARALLEL_DOWNLOADS). */
  parallel?: number;
}

/**
 * How keeping a checked file ended: 'kept' (or it was cached already), 'full' (browser storage
 * refused it; what was cached before is intact), or why the write failed.
 */
export type StoreOutcome = 'kept' | 'full' | { failed: string };

/**
 * A refusal is `passing` when the connection failed, not the file (the network is off, the host
 * is down or busy): the same file may arrive later, so it is worth asking for again.
 */
export type Downloaded =
  | { ok: true; entry: ManifestEntry; bytes: Uint8Array; fromCache: boolean; /** Never rejects. */ stored: Promise<StoreOutcome> }
  | (Refusal & { passing?: true });

/** HTTP answers of a host that may answer otherwise later: timeout, too many requests, server errors. */
const passingStatus = (status: number) => status === 408 || status === 429 || status >= 500;

/** Not the file's fault: said as such (it is not "refused"), with when it is tried again. */
function notReached(entry: ManifestEntry, problem: string, again = 'on the next load'): Refusal & { passing: true } {
  return { ok: false, file: entry.path, problem, passing: true, message: `${entry.path} could not be downloaded: ${problem}; it is asked for again ${again}` };
}

/**
 * One promise per entry, in order, each settling as soon as its file is checked (or refused):
 * at most `parallel` downloads run at once, in the entries' order. Cancelling (`signal`) rejects
 * the unfinished ones with the signal's reason and caches nothing partial.
 */
export function downloadEach(entries: readonly ManifestEntry[], options: DownloadOptions): Promise<Downloaded>[] {
  const { onProgress, signal } = options;
  const progress: DownloadProgress = {
    file: '', filesDone: 0, filesTotal: entries.length, bytesDone: 0, bytesTotal: entries.reduce((s, e) => s + e.bytes, 0),
  };
  const writes = serialWrites();
  const slots = limiter(Math.max(1, options.parallel ?? PARALLEL_DOWNLOADS));
  return entries.map((entry) => slots(async () => {
    signal?.throwIfAborted();
    let counted = 0;
    const result = await downloadOne(entry, options, writes, (n) => {
      progress.bytesDone += n - counted;
      counted = n;
      progress.file = entry.path;
      onProgress?.({ ...progress });
    });
    progress.bytesDone += entry.bytes - counted;
    progress.filesDone++;
    progress.file = entry.path;
    onProgress?.({ ...progress });
    return result;
  }));
}

/** Every entry's result, in order, once all are checked (their cache writes may still run). */
export function downloadProfiles(entries: readonly ManifestEntry[], options: DownloadOptions): Promise<Downloaded[]> {
  const each = downloadEach(entries, options);
  // All settled before rejecting, so no download is left running unobserved.
  return Promise.allSettled(each).then((settled) => {
    const failed = settled.find((s) => s.status === 'rejected');
    if (failed) throw failed.reason;
    return settled.map((s) => (s as PromiseFulfilledResult<Downloaded>).value);
  });
}

/** Cache work one step at a time, in call order: a rebuilt month's old copy is removed only after the new one is stored. */
function serialWrites(): (work: () => Promise<StoreOutcome>) => Promise<StoreOutcome> {
  const one = limiter(1);
  return (work) => one(work).catch((e): StoreOutcome => (e instanceof QuotaExceeded ? 'full' : { failed: errorText(e) }));
}

type Writes = ReturnType<typeof serialWrites>;

async function downloadOne(entry: ManifestEntry, options: DownloadOptions, writes: Writes, onBytes: (n: number) => void): Promise<Downloaded> {
  const { cache, signal } = options;
  const source = remoteSource(options.manifestUrl);
  const cachedBytes = await cache.get(entry.sha256);
  if (cachedBytes && (await sha256Hex(cachedBytes)) === entry.sha256) {
    return { ok: true, entry, bytes: cachedBytes, fromCache: true, stored: Promise.resolve('kept') };
  }
  if (cachedBytes) await cache.delete(entry.sha256); // damaged copy: fetch it again

  let bytes: Uint8Array;
  try {
    const response = await (options.fetch ?? globalThis.fetch)(entry.url, { signal });
    if (!response.ok) return passingStatus(response.status) ? notReached(entry, `the host answered HTTP ${response.status}`) : refuse(entry.path, httpProblem(entry, response.status));
    const body = await readBody(response, entry.bytes, onBytes);
    if (typeof body === 'string') return refuse(entry.path, body);
    bytes = body;
  } catch (e) {
    if (signal?.aborted) throw signal.reason;
    // Offline, the view loads again by itself once the browser is back online (no reload needed).
    if (browserOffline()) return notReached(entry, 'the browser is offline', 'once it is back online');
    return notReached(entry, `the network or the host did not answer (${errorText(e)})`);
  }
  signal?.throwIfAborted();
  if (bytes.length !== entry.bytes) return refuse(entry.path, `it has ${bytes.length} bytes, the manifest says ${entry.bytes}`);
  const actual = await sha256Hex(bytes);
  if (actual !== entry.sha256) return refuse(entry.path, `its sha256 is ${actual}, the manifest says ${entry.sha256}`);

  // The exchange too: without it a Bybit file is kept as Binance's, and Binance's next download of that symbol-month-kind evicts it as superseded.
  const info = { source, exchange: entry.exchange, symbol: entry.symbol, month: entry.month, kind: entry.kind, fileName: entry.path };
  const stored = writes(async () => (await cache.put(entry.sha256, bytes, info), 'kept'));
  return { ok: true, entry, bytes, fromCache: false, stored };
}

/**
 * Why an HTTP answer refused a listed file. A host without the file (404, 410) means the
 * source's own manifest is out of step with its files, not a failed download: said so, with
 * the address asked and what fixes it.
 */
function httpProblem(entry: ManifestEntry, status: number): string {
  if (status !== 404 && status !== 410) return `the download failed (HTTP ${status})`;
  return `the source's manifest lists it, but its host does not have it (HTTP ${status} for ${entry.url}); `
    + 'publish the file beside the manifest, or a manifest without it';
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
  // Filled in place when the size is as the manifest says: no second copy of the file.
  let bytes = new Uint8Array(expected);
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (received + value.length > expected) {
      await reader.cancel();
      return tooBig(received + value.length);
    }
    bytes.set(value, received);
    received += value.length;
    onBytes(received);
  }
  if (received < expected) bytes = bytes.slice(0, received);
  return bytes;
}
