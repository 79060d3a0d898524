/**
 * One archive file over HTTP with Node's fetch: retries with backoff on 5xx, timeouts and
 * dropped connections; a partial file (`.part`) resumes with a Range request (or restarts when
 * the host ignores it); the sha256 is taken while the bytes arrive and checked before the file
 * gets its final name, so a file under its final name is always a verified one.
 */
import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, rename, rm, stat } from 'node:fs/promises';

export interface HttpOptions {
  /** Attempts per request on 5xx, timeouts and dropped connections (default 5). */
  attempts?: number;
  /** First backoff delay; it doubles each retry (default 1000 ms). */
  retryDelayMs?: number;
  /** A request that sends nothing for this long is abandoned and retried (default 30 s). */
  idleTimeoutMs?: number;
}

/** 403/451: the host refuses this client (a regional block); nothing more is asked of it. */
export class HostRefused extends Error {}
/** 404: the file is not (yet) in the archive. */
export class NotPublished extends Error {}
/** The file's sha256 is not the one its .CHECKSUM states. */
export class ChecksumMismatch extends Error {}

/** Answers worth asking again: the host's or the network's trouble, not the request's. */
class Retryable extends Error {}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function hostOf(url: string): string {
  return new URL(url).host;
}

/** Turns an answer that is not 2xx into the error it stands for. */
async function refusal(url: string, res: Response): Promise<Error> {
  const body = (await res.text().catch(() => '')).replace(/\s+/g, ' ').trim().slice(0, 200);
  const said = `HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}${body ? `: "${body}"` : ''}`;
  if (res.status === 403 || res.status === 451) {
    return new HostRefused(`${hostOf(url)} refused the download of ${url} (${said}); it may block your region: `
      + `use --archive-base with a mirror or run from elsewhere`);
  }
  if (res.status === 404) return new NotPublished(`${url} is not published (${said})`);
  if (res.status >= 500 || res.status === 429 || res.status === 408) return new Retryable(`${url}: ${said}`);
  return new Error(`${url}: ${said}`);
}

/** An AbortController that fires when `poke` is not called for `ms`. */
function idleTimer(ms: number): { signal: AbortSignal; poke: () => void; stop: () => void } {
  const ctl = new AbortController();
  let timer = setTimeout(() => ctl.abort(new Error(`no data for ${ms / 1000} s`)), ms);
  return {
    signal: ctl.signal,
    poke: () => { clearTimeout(timer); timer = setTimeout(() => ctl.abort(new Error(`no data for ${ms / 1000} s`)), ms); },
    stop: () => clearTimeout(timer),
  };
}

/** Runs `attempt` until it succeeds, retrying Retryable and network errors with doubling delays. */
async function withRetries<T>(url: string, o: HttpOptions, attempt: () => Promise<T>, onRetry?: (why: string) => void): Promise<T> {
  const attempts = o.attempts ?? 5;
  let delay = o.retryDelayMs ?? 1000;
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (e) {
      const retry = e instanceof Retryable || (e instanceof Error && !(e instanceof HostRefused || e instanceof NotPublished
        || e instanceof ChecksumMismatch) && isNetworkError(e));
      if (!retry) throw e;
      if (i >= attempts) throw new Error(`${url}: gave up after ${attempts} attempts (${(e as Error).message})`);
      onRetry?.(`${(e as Error).message}; retry ${i}/${attempts - 1} in ${(delay / 1000).toFixed(1)} s`);
      await sleep(delay);
      delay *= 2;
    }
  }
}

function isNetworkError(e: Error): boolean {
  // fetch reports network trouble as TypeError('fetch failed') with a cause; aborts by our timer as AbortError.
  return e.name === 'TypeError' || e.name === 'AbortError' || e.name === 'TimeoutError' || /terminated|ECONN|socket|no data for/i.test(e.message);
}

/** A small text file (a .CHECKSUM), with retries. */
export async function fetchText(url: string, o: HttpOptions = {}): Promise<string> {
  return withRetries(url, o, async () => {
    const t = idleTimer(o.idleTimeoutMs ?? 30_000);
    try {
      const res = await fetch(url, { signal: t.signal });
      if (!res.ok) throw await refusal(url, res);
      return await res.text();
    } finally {
      t.stop();
    }
  });
}

async function hashExisting(path: string, hash: Hash): Promise<void> {
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
}

async function sizeOf(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch {
    return 0;
  }
}

export interface DownloadProgress {
  bytes: number;
  /** Total size when the host said it. */
  total: number | null;
  /** Bytes that were already there from an earlier, interrupted download. */
  resumedFrom: number;
}

export interface DownloadResult {
  bytes: number;
  /** Bytes taken over from an earlier partial download. */
  resumedFrom: number;
  sha256: string;
}

/**
 * Downloads `url` to `dest` (through `dest.part`) and checks it against `expectedSha256` (null: a
 * host without checksums, Bybit's; the length the host states is still checked). `name` is how
 * messages name the file.
 */
export async function downloadFile(
  url: string, dest: string, expectedSha256: string | null, name: string, o: HttpOptions = {},
  onProgress?: (p: DownloadProgress) => void, onRetry?: (why: string) => void,
): Promise<DownloadResult> {
  const part = `${dest}.part`;
  let resumedFrom = 0;
  const result = await withRetries(url, o, async () => {
    let have = await sizeOf(part);
    const t = idleTimer(o.idleTimeoutMs ?? 30_000);
    try {
      const res = await fetch(url, { signal: t.signal, headers: have > 0 ? { range: `bytes=${have}-` } : {} });
      if (res.status === 416) {
        // The part is as long as the file or longer (the file changed): start again.
        await res.body?.cancel();
        await rm(part, { force: true });
        throw new Retryable(`${url}: the partial file does not fit the host's file any more`);
      }
      if (!res.ok) throw await refusal(url, res);
      const resumes = res.status === 206 && (res.headers.get('content-range') ?? '').startsWith(`bytes ${have}-`);
      if (!resumes) have = 0;
      resumedFrom = have;
      const length = Number(res.headers.get('content-length') ?? NaN);
      const total = Number.isFinite(length) ? have + length : null;
      const hash = createHash('sha256');
      if (have > 0) await hashExisting(part, hash);
      const fh = await open(part, have > 0 ? 'a' : 'w');
      let bytes = have;
      try {
        if (res.body) {
          for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
            t.poke();
            hash.update(chunk);
            await fh.write(chunk);
            bytes += chunk.length;
            onProgress?.({ bytes, total, resumedFrom: have });
          }
        }
      } finally {
        await fh.close();
      }
      if (total !== null && bytes !== total) throw new Retryable(`${url}: the connection closed after ${bytes} of ${total} bytes`);
      return { bytes, resumedFrom: have, sha256: hash.digest('hex') };
    } finally {
      t.stop();
    }
  }, onRetry);
  if (expectedSha256 !== null && result.sha256 !== expectedSha256) {
    await rm(part, { force: true });
    throw new ChecksumMismatch(`${name}: checksum mismatch (downloaded file sha256 ${result.sha256}, .CHECKSUM says ${expectedSha256}); not kept`);
  }
  await rename(part, dest);
  return { ...result, resumedFrom };
}
