/**
 * Archive downloads and what their failures mean: 404 is a file not published yet (named,
 * skipped); 403/451 or a request the browser could not complete (network, CORS, regional
 * block) means the host does not answer this browser, and the user can point the setting that
 * names the host (Binance's "Archive base URL", Bybit's "Bybit archive base URL") at a mirror or
 * proxy with the same layout. Offline, it says so instead.
 */
import { parseChecksum } from '../archive/names.ts';
import { Cancelled, InputProblem } from './read-input.ts';
import { browserOffline } from '../online.ts';

/** The archive host did not answer: stop, and point at the setting. */
export class HostBlocked extends Error {}

/** The Data view's setting for Binance's archive host; Bybit's has its own (src/exchanges/bybit/import/inputs.ts). */
export const ARCHIVE_SETTING = 'Archive base URL';

/** Where to go when a host does not answer this browser. */
export const settingHint = (setting: string) => `Set "${setting}" on the Data view to a mirror or proxy with the same layout.`;

/**
 * When not one file of any month asked for is on the host: a mistyped symbol, or a base URL
 * without the exchange's layout, looks exactly like months not published yet, so say so.
 */
export const nothingFoundHint = (firstUrl: string, setting: string) =>
  `Not one file asked for is on the archive host (the first: ${firstUrl}). If these days are published, check the symbol (as the exchange names it, e.g. BTCUSDT) and "${setting}": a mirror or proxy must keep the exchange's paths.`;

/** What a download that failed while the browser is offline says. */
export const OFFLINE_WORDS = 'the browser is offline, so nothing was downloaded. Fetch again once it is back online.';

export type Got = { ok: true; response: Response } | { ok: false; missing: true; message: string };

export async function getArchive(fetchFn: typeof fetch, url: string, label: string, signal?: AbortSignal, setting = ARCHIVE_SETTING): Promise<Got> {
  let response: Response;
  try {
    response = await fetchFn(url, { signal, cache: 'no-store' });
  } catch (e) {
    if (signal?.aborted) throw new Cancelled();
    // Offline, every host "does not answer": say so, rather than send the user to a setting that is fine.
    if (browserOffline()) throw new HostBlocked(`${label}: ${OFFLINE_WORDS}`);
    throw new HostBlocked(`${label}: the archive host did not answer from this browser (network, CORS or regional block) at ${url}. ${settingHint(setting)}`);
  }
  if (response.status === 404) {
    await response.body?.cancel().catch(() => undefined);
    return { ok: false, missing: true, message: `${label}: not published yet (HTTP 404)` };
  }
  if (response.status === 403 || response.status === 451) {
    await response.body?.cancel().catch(() => undefined);
    throw new HostBlocked(`${label}: the archive host refused this browser (HTTP ${response.status}) at ${url}. ${settingHint(setting)}`);
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    throw new InputProblem(`${label}: the archive answered HTTP ${response.status} at ${url}`);
  }
  return { ok: true, response };
}

/** The sha256 a `.CHECKSUM` states, or null when it is not published. */
export async function getChecksum(fetchFn: typeof fetch, url: string, label: string, signal?: AbortSignal): Promise<string | null> {
  const got = await getArchive(fetchFn, url, `${label}.CHECKSUM`, signal);
  if (!got.ok) return null;
  const text = await got.response.text();
  const sha = parseChecksum(text);
  if (!sha) throw new InputProblem(`${label}.CHECKSUM: no sha256 in it`);
  return sha;
}

/** A byte stream (a response body, File.stream()) chunk by chunk. */
export async function* streamChunks(stream: ReadableStream<Uint8Array> | null): AsyncIterable<Uint8Array> {
  if (!stream) return;
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}
