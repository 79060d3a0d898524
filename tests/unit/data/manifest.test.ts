import { describe, expect, it } from 'vitest';
import { parseManifest, selectEntries, type Manifest } from '../../../src/lib/data/manifest.ts';

const URL_ = 'https://example.org/liqmap/data/manifest.json';
const SHA = 'A'.repeat(64);
const entry = (over: Record<string, unknown> = {}) => ({
  symbol: 'BTCUSDT', month: '2025-11', kind: 'volume', path: 'BTCUSDT/BTCUSDT-2025-11.volume.parquet',
  bytes: 3145728, sha256: SHA, rows: 251234, synthetic: false, ...over,
});
const manifest = (files: unknown[], extra: Record<string, unknown> = {}) =>
  JSON.stringify({ schema: 1, generated: '2025-12-01T00:10:00Z', files, ...extra });

function refused(text: string, problem: RegExp, allowHosts?: string[]) {
  const m = parseManifest(text, URL_, { allowHosts });
  expect(m.ok).toBe(false);
  if (m.ok) return;
  expect(m.file).toBe(URL_);
  expect(m.message).toContain(URL_);
  expect(m.problem).toMatch(problem);
}

describe('parseManifest', () => {
  it('reads a valid manifest and resolves paths against its URL', () => {
    const m = parseManifest(manifest([entry(), entry({ kind: 'candles', path: './BTCUSDT/BTCUSDT-2025-11.candles.parquet' })]), URL_) as Manifest;
    expect(m.ok).toBe(true);
    expect(m.generated).toBe('2025-12-01T00:10:00Z');
    expect(m.files.map((f) => f.url)).toEqual([
      'https://example.org/liqmap/data/BTCUSDT/BTCUSDT-2025-11.volume.parquet',
      'https://example.org/liqmap/data/BTCUSDT/BTCUSDT-2025-11.candles.parquet',
    ]);
    expect(m.files[0].sha256).toBe('a'.repeat(64));
    expect(selectEntries(m, { symbol: 'BTCUSDT', kinds: ['candles'] })).toHaveLength(1);
    expect(selectEntries(m, { symbol: 'ETHUSDT' })).toHaveLength(0);
  });

  it('allows absolute URLs to allowed hosts only', () => {
    const abs = entry({ path: 'https://cdn.example.net/p/BTCUSDT-2025-11.volume.parquet' });
    const m = parseManifest(manifest([abs]), URL_, { allowHosts: ['cdn.example.net'] });
    expect(m.ok && m.files[0].url).toBe('https://cdn.example.net/p/BTCUSDT-2025-11.volume.parquet');
    refused(manifest([abs]), /files\[0\]: path .* names host cdn\.example\.net, which is not in the allowed hosts/);
    refused(manifest([entry({ path: '//evil.test/x.parquet' })]), /files\[0\].*names host evil\.test/);
  });

  it('refuses what is not a manifest', () => {
    refused('<html>404</html>', /not JSON/);
    refused('[1,2]', /not a JSON object/);
    refused(JSON.stringify({ files: [] }), /field schema is missing/);
    refused(manifest([], { schema: 2 }), /schema 2 is not supported/);
    refused(JSON.stringify({ schema: 1 }), /field files is missing/);
    expect(parseManifest('{}', 'manifest.json').ok).toBe(false);
  });

  it('names the entry index and field that is missing or wrong', () => {
    for (const field of ['symbol', 'month', 'kind', 'path', 'bytes', 'sha256', 'rows', 'synthetic']) {
      const e: Record<string, unknown> = entry();
      delete e[field];
      refused(manifest([entry(), e]), new RegExp(`files\\[1\\]: field ${field} is missing`));
    }
    refused(manifest([entry({ sha256: 'abc' })]), /files\[0\]: field sha256 is "abc", expected 64 hex digits/);
    refused(manifest([entry({ bytes: -1 })]), /files\[0\]: field bytes is -1/);
    refused(manifest([entry({ kind: 'trades' })]), /files\[0\]: field kind is "trades"/);
    refused(manifest([entry({ symbol: 'btc' })]), /files\[0\]: field symbol/);
    refused(manifest([entry({ synthetic: 'no' })]), /files\[0\]: field synthetic/);
    refused(manifest(['x']), /files\[0\] is not an object/);
  });

  it('refuses paths that escape the folder', () => {
    for (const path of ['../secret.parquet', 'a/../../x.parquet', '%2e%2e/x.parquet', 'a/%2E%2E/%2e%2e/x.parquet', '/etc/passwd', 'a\\..\\x', 'javascript:alert(1)', 'data:text/plain,x', 'file:///etc/passwd']) {
      refused(manifest([entry({ path })]), /files\[0\]: path /);
    }
    refused(manifest([entry({ path: 'http://example.org/liqmap/data/x.parquet' })]), /plain http/);
  });

  it('refuses duplicate entries', () => {
    refused(manifest([entry(), entry({ path: 'other.parquet' })]), /files\[1\] repeats files\[0\] \(binance BTCUSDT 2025-11 volume\)/);
    refused(manifest([entry(), entry({ kind: 'oi' })]), /files\[1\] repeats files\[0\]/);
    // An entry without exchange is Binance's.
    refused(manifest([entry(), entry({ exchange: 'binance', path: 'b.parquet' })]), /files\[1\] repeats files\[0\]/);
  });

  it('reads each entry\'s exchange (binance when absent) and keeps Binance and Bybit of one month apart', () => {
    const bybit = entry({ exchange: 'bybit', path: 'bybit/BTCUSDT/BTCUSDT-2025-11.volume.parquet' });
    const m = parseManifest(manifest([entry(), bybit]), URL_) as Manifest;
    expect(m.files.map((f) => f.exchange)).toEqual(['binance', 'bybit']);
    expect(selectEntries(m, { symbol: 'BTCUSDT' }).map((f) => f.path)).toEqual(['BTCUSDT/BTCUSDT-2025-11.volume.parquet']);
    expect(selectEntries(m, { symbol: 'BTCUSDT', exchange: 'bybit' }).map((f) => f.path)).toEqual([bybit.path]);
    refused(manifest([entry({ exchange: 'okx' })]), /files\[0\]: field exchange is "okx", expected binance or bybit/);
  });
});
