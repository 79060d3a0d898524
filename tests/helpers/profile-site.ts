/**
 * A profile host for engine tests: BTCUSDT months (volume, candles, oi) and their manifest,
 * served by an injected fetch that records requests and can go offline.
 */
import { sha256Hex } from '../../src/lib/data/hash.ts';
import { sampleCandleRows, sampleOiRows, sampleVolumeRows, writeProfile } from './profile-writers.ts';

export const BASE = 'https://profiles.test/p/';

/** `base`: the price the months trade around (another base gives other files). */
export async function site(months: string[], base = 90_000) {
  const files = new Map<string, Uint8Array>();
  const entries = [];
  for (const month of months) {
    for (const [kind, rows] of [
      ['volume', sampleVolumeRows(month, 48, 10, base)],
      ['candles', sampleCandleRows(month, 24, base)],
      ['oi', sampleOiRows(month, 12)],
    ] as const) {
      const bytes = await writeProfile(kind, rows, { month, symbol: 'BTCUSDT', priceStep: 10, synthetic: true });
      const path = `BTCUSDT/BTCUSDT-${month}.${kind}.parquet`;
      files.set(BASE + path, bytes);
      entries.push({ symbol: 'BTCUSDT', month, kind, path, bytes: bytes.length, sha256: await sha256Hex(bytes), rows: rows.length, synthetic: true });
    }
  }
  files.set(BASE + 'manifest.json', new TextEncoder().encode(JSON.stringify({ schema: 1, generated: '2025-12-01T00:00:00Z', files: entries })));
  const requests: string[] = [];
  let offline = false;
  const fetch = (async (input: RequestInfo | URL) => {
    const url = String(input);
    requests.push(url);
    if (offline) throw new TypeError('Failed to fetch');
    const body = files.get(url);
    return body ? new Response(body as BodyInit) : new Response('missing', { status: 404 });
  }) as typeof globalThis.fetch;
  return { fetch, requests, files, setOffline: (o: boolean) => (offline = o) };
}
