import { describe, expect, test } from 'vitest';
import { offerTable, type OfferedFile } from '../../../src/lib/data/offer.ts';
import type { CacheEntry } from '../../../src/lib/data/cache.ts';
import type { ProfileKind } from '../../../src/lib/data/profile-schema.ts';

const sha = (c: string) => c.repeat(64);
const remote = (month: string, kind: ProfileKind, bytes: number, s: string): OfferedFile => ({
  exchange: 'binance', symbol: 'BTCUSDT', month, kind, path: `BTCUSDT/BTCUSDT-${month}.${kind}.parquet`, bytes, sha256: sha(s),
});
const cached = (month: string, kind: ProfileKind, source: string, s: string, savedAt: number, bytes = 5, symbol = 'BTCUSDT'): CacheEntry => ({
  source, symbol, month, kind, fileName: `${symbol}-${month}.${kind}.parquet`, sha256: sha(s), bytes, savedAt,
});

describe('offerTable', () => {
  test('lists remote files by month with sizes and whether they are cached', () => {
    const rows = offerTable(
      [remote('2025-11', 'candles', 20, 'b'), remote('2025-11', 'volume', 100, 'a'), remote('2025-10', 'volume', 90, 'c')],
      [cached('2025-11', 'volume', 'remote:https://x/manifest.json', 'a', 1)],
    );
    expect(rows.map((r) => r.month)).toEqual(['2025-10', '2025-11']);
    expect(rows[1].kinds.map((k) => k.kind)).toEqual(['volume', 'candles']);
    expect(rows[1].kinds.map((k) => k.remote?.cached)).toEqual([true, false]);
    expect(rows[1].bytes).toBe(120);
    expect(rows[1].uploadOverRemote).toBe(false);
  });

  test('an upload of a month the source also has is used, and the newest upload wins', () => {
    const rows = offerTable(
      [remote('2025-11', 'volume', 100, 'a'), remote('2025-11', 'candles', 20, 'b')],
      [cached('2025-11', 'volume', 'upload', 'd', 5, 7), cached('2025-11', 'volume', 'upload', 'e', 9, 8), cached('2025-11', 'volume', 'remote:u', 'a', 10)],
    );
    const volume = rows[0].kinds[0];
    expect(volume.used).toBe('upload');
    expect(volume.upload?.sha256).toBe(sha('e'));
    expect(rows[0].kinds[1].used).toBe('remote');
    expect(rows[0].uploadOverRemote).toBe(true);
    expect(rows[0].bytes).toBe(8 + 20);
  });

  test('the source\'s copy is used for a month the user chose it for', () => {
    const files = [remote('2025-11', 'volume', 100, 'a'), remote('2025-11', 'candles', 20, 'b')];
    const uploads = [cached('2025-11', 'volume', 'upload', 'e', 9, 8)];
    const chosen = offerTable(files, uploads, new Set(['BTCUSDT 2025-11']));
    expect(chosen[0].kinds[0].used).toBe('remote');
    expect(chosen[0].uploadOverRemote).toBe(true);
    expect(chosen[0].bytes).toBe(100 + 20);
    expect(offerTable(files, uploads, new Set(['BTCUSDT 2025-10']))[0].kinds[0].used).toBe('upload');
  });

  test('uploads of symbols the source lacks get their own rows', () => {
    const rows = offerTable([remote('2025-11', 'volume', 100, 'a')], [cached('2025-12', 'volume', 'upload', 'f', 1, 3, 'ETHUSDT')]);
    expect(rows.map((r) => `${r.symbol} ${r.month} ${r.kinds[0].used}`)).toEqual(['BTCUSDT 2025-11 remote', 'ETHUSDT 2025-12 upload']);
    expect(rows[1].uploadOverRemote).toBe(false);
  });
});
