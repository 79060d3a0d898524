import { expect, test } from 'vitest';
import { cacheListOrder, deletionCost, formatBytes, sourceLabel, userCopyBadge, userCopyName } from '../../../src/lib/data/describe.ts';
import type { CacheEntry } from '../../../src/lib/data/cache.ts';

test('formatBytes picks a unit a reader understands', () => {
  expect([0, 999, 1500, 2_345_678, 3.2e9].map(formatBytes)).toEqual(['0 B', '999 B', '1.5 kB', '2.3 MB', '3.20 GB']);
  expect(formatBytes(undefined)).toBe('—');
});

test('sourceLabel names uploads, the bundled sample and remote folders', () => {
  const sample = 'https://me.github.io/liqmap/sample/manifest.json';
  expect(sourceLabel('upload', sample)).toBe('your upload');
  expect(sourceLabel(`remote:${sample}`, sample)).toBe('bundled sample');
  expect(sourceLabel('remote:https://data.example.org/p/manifest.json', sample)).toBe('data.example.org/p/');
  expect(sourceLabel('remote:not a url', sample)).toBe('not a url');
});

test('cacheListOrder lists by exchange, symbol, month and kind as the offer does, the newest copy first', () => {
  const e = (exchange: 'binance' | 'bybit' | undefined, month: string, kind: 'volume' | 'candles' | 'oi', savedAt = 0) =>
    ({ exchange, symbol: 'BTCUSDT', month, kind, savedAt, source: 'upload', fileName: `${exchange}-${month}.${kind}-${savedAt}`, sha256: '', bytes: 0 }) as unknown as CacheEntry;
  const list = [e('bybit', '2025-10', 'candles'), e(undefined, '2025-10', 'oi'), e('binance', '2025-10', 'candles'), e('bybit', '2025-10', 'volume'),
    e('binance', '2025-09', 'volume'), e('binance', '2025-10', 'volume', 1), e('binance', '2025-10', 'volume', 2)];
  expect(list.sort(cacheListOrder).map((x) => x.fileName)).toEqual([
    'binance-2025-09.volume-0', 'binance-2025-10.volume-2', 'binance-2025-10.volume-1', 'binance-2025-10.candles-0', 'undefined-2025-10.oi-0',
    'bybit-2025-10.volume-0', 'bybit-2025-10.candles-0',
  ]);
});

test('deletionCost says what comes back by itself and what the user must give again, months built here included', () => {
  const of = (...sources: string[]) => sources.map((source) => ({ source }));
  expect(deletionCost(of('remote:https://x/manifest.json', 'remote:https://x/manifest.json', 'upload', 'built', 'built', 'built')))
    .toBe("2 files from a source download again when viewed; 1 upload must be uploaded again; 3 files built in this browser must be built again from the exchange's archive.");
  expect(deletionCost(of('built'))).toBe("1 file built in this browser must be built again from the exchange's archive.");
  expect(deletionCost(of('remote:https://x/manifest.json', 'upload', 'upload'))).toBe('1 file from a source downloads again when viewed; 2 uploads must be uploaded again.');
});

test('the user\'s copies of a month are named for what they are: uploaded, built here from the archive, or both', () => {
  const of = (...sources: string[]) => sources.map((source) => ({ source }));
  expect(userCopyName(of('upload', 'upload'))).toBe('your upload');
  expect(userCopyName(of('built', 'built', 'built'))).toBe('your build');
  expect(userCopyName(of('built', 'upload'))).toBe('your uploads and builds');
  expect(of('upload', 'built').map(userCopyBadge)).toEqual(['upload', 'built']);
});
