/** One rule for which copy of a month is used: the engine's candidates and the Data view agree. */
import { describe, expect, test } from 'vitest';
import type { CacheEntry } from '../../../src/lib/data/cache.ts';
import { isUserCopy, newestUserCopies, usedCachedCopies, usedCopy } from '../../../src/lib/data/copies.ts';
import { parseManifest, type Manifest } from '../../../src/lib/data/manifest.ts';
import { offerTable } from '../../../src/lib/data/offer.ts';
import type { ProfileKind } from '../../../src/lib/data/profile-schema.ts';
import { chooseCandidates } from '../../../src/lib/engine/catalog.ts';

const sha = (c: string) => c.repeat(64);
const cached = (month: string, kind: ProfileKind, source: string, s: string, savedAt: number): CacheEntry => ({
  source, symbol: 'BTCUSDT', month, kind, fileName: `BTCUSDT-${month}.${kind}.parquet`, sha256: sha(s), bytes: 5, savedAt,
});

function manifest(): Manifest {
  const files = ['2025-10', '2025-11'].flatMap((month, i) => (['volume', 'candles'] as const).map((kind, j) => ({
    symbol: 'BTCUSDT', month, kind, path: `BTCUSDT/BTCUSDT-${month}.${kind}.parquet`, bytes: 100, sha256: sha(String(i * 2 + j)), rows: 1, synthetic: false,
  })));
  const parsed = parseManifest(JSON.stringify({ schema: 1, generated: '2025-12-01T00:00:00Z', files }), 'https://x.test/p/manifest.json');
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed;
}

describe('which copy of a month is used', () => {
  test('the newest user copy wins over the source, unless the user chose the source for that month', () => {
    expect(usedCopy({ symbol: 'BTCUSDT', month: '2025-11' }, true, true, new Set())).toBe('upload');
    expect(usedCopy({ symbol: 'BTCUSDT', month: '2025-11' }, true, true, new Set(['BTCUSDT 2025-11']))).toBe('source');
    expect(usedCopy({ symbol: 'BTCUSDT', month: '2025-11' }, false, true, new Set(['BTCUSDT 2025-11']))).toBe('upload');
    expect(usedCopy({ symbol: 'BTCUSDT', month: '2025-11' }, true, false, new Set())).toBe('source');
    const newest = newestUserCopies([cached('2025-11', 'volume', 'upload', 'a', 1), cached('2025-11', 'volume', 'upload', 'b', 3), cached('2025-11', 'volume', 'remote:u', 'c', 9)]);
    expect([...newest.values()].map((e) => e.sha256)).toEqual([sha('b')]);
    expect(isUserCopy({ source: 'remote:https://x.test/m.json' })).toBe(false);
  });

  for (const prefer of [[], ['BTCUSDT 2025-11']]) {
    test(`engine and Data view agree (source chosen for: ${prefer.join(', ') || 'none'})`, () => {
      const m = manifest();
      const entries = [
        cached('2025-11', 'volume', 'upload', 'a', 1),
        cached('2025-11', 'volume', 'upload', 'b', 2),
        cached('2025-10', 'candles', 'upload', 'c', 3),
        cached('2025-11', 'volume', `remote:${m.url}`, '2', 4),
      ];
      const preferRemote = new Set(prefer);
      const engine = chooseCandidates(m, entries, 'BTCUSDT', ['2025-10', '2025-11'], preferRemote);
      const shown = offerTable(m.files, entries, preferRemote);
      for (const row of shown) {
        for (const k of row.kinds) {
          const c = engine.find((x) => x.month === row.month && x.kind === k.kind)!;
          expect(c.cached ? 'upload' : 'remote', `${row.month} ${k.kind}`).toBe(k.used);
          if (k.used === 'upload') expect(c.sha256).toBe(k.upload!.sha256);
        }
      }
      expect(engine.find((x) => x.month === '2025-11' && x.kind === 'volume')!.sha256).toBe(prefer.length ? sha('2') : sha('b'));
      // The SQL console reads the same copies, where this browser keeps them.
      const kept = new Set(entries.map((e) => e.sha256));
      const id = (e: { month: string; kind: string; sha256: string }) => `${e.month} ${e.kind} ${e.sha256}`;
      expect(usedCachedCopies(m.files, entries, preferRemote).map(id).sort()).toEqual(engine.filter((c) => kept.has(c.sha256)).map(id).sort());
    });
  }

  test('a source with both exchanges\' file of a symbol-month-kind: each exchange\'s cached copy is used, neither hides the other', () => {
    const file = (exchange: 'binance' | 'bybit', s: string) => ({ exchange, symbol: 'BTCUSDT', month: '2025-11', kind: 'volume' as const, sha256: sha(s) });
    const entries = [{ ...cached('2025-11', 'volume', 'remote:https://x.test/m.json', 'a', 1), exchange: 'binance' as const }];
    // Bybit's file listed after Binance's, not downloaded: Binance's cached copy is still used.
    expect(usedCachedCopies([file('binance', 'a'), file('bybit', 'b')], entries, new Set()).map((e) => e.sha256)).toEqual([sha('a')]);
    const both = [...entries, { ...cached('2025-11', 'volume', 'remote:https://x.test/m.json', 'b', 2), exchange: 'bybit' as const }];
    expect(usedCachedCopies([file('binance', 'a'), file('bybit', 'b')], both, new Set()).map((e) => e.sha256).sort()).toEqual([sha('a'), sha('b')]);
  });
});
