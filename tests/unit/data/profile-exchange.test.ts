/** liqmap.exchange: binance when absent (every older file stays valid), bybit when it says so, anything else refused by key. */
import { describe, expect, it } from 'vitest';
import { metaMismatch, parseProfileMeta, type ProfileMeta } from '../../../src/lib/data/profile-meta.ts';
import { profileMetadata } from '../../../src/lib/data/profile-schema.ts';

const base = { kind: 'candles', symbol: 'BTCUSDT', month: '2025-11', synthetic: false, sources: [] } as const;
const parse = (meta: Record<string, string>) => parseProfileMeta(new Map(Object.entries(meta)));

describe('liqmap.exchange', () => {
  it('is binance when absent, and the writers leave it out for Binance', () => {
    const meta = profileMetadata(base);
    expect(meta['liqmap.exchange']).toBeUndefined();
    expect(profileMetadata({ ...base, exchange: 'binance' })['liqmap.exchange']).toBeUndefined();
    expect((parse(meta) as ProfileMeta).exchange).toBe('binance');
  });

  it('reads bybit, and refuses an exchange it does not know, naming the key', () => {
    const meta = profileMetadata({ ...base, exchange: 'bybit' });
    expect(meta['liqmap.exchange']).toBe('bybit');
    const parsed = parse(meta) as ProfileMeta;
    expect(parsed.exchange).toBe('bybit');
    expect(parse({ ...meta, 'liqmap.exchange': 'okx' })).toBe('liqmap.exchange is "okx", expected binance or bybit');
    expect(metaMismatch(parsed, { exchange: 'binance' }, 'the manifest entry')).toBe('the manifest entry says exchange binance but liqmap.exchange is bybit');
  });
});
