// The per-stream line the tape shows: connected, silent since, reconnecting in N s, refused, offline.
import { describe, expect, it } from 'vitest';
import { describeStream } from '../../../src/lib/live/describe-stream.ts';
import type { StreamState } from '../../../src/lib/live/stream-types.ts';

const NOW = Date.UTC(2026, 10, 30, 12, 0, 0);
const base: StreamState = {
  name: 'Binance', url: 'wss://x', status: 'connected', problem: null, refused: false, silentSince: null, retryAt: null,
  connectedAt: NOW - 60_000, lastMessageAt: NOW - 1_000, messages: 10, malformed: 0, lastMalformed: null, rollovers: 0,
};

describe('describeStream', () => {
  it('says what each state means, with times in UTC and the wait in seconds', () => {
    expect(describeStream('Binance', base, NOW)).toBe('Binance: connected, last message 11:59:59 UTC');
    expect(describeStream('Binance', { ...base, malformed: 2 }, NOW)).toContain('2 malformed messages ignored');
    expect(describeStream('Binance', { ...base, status: 'reconnecting', silentSince: NOW - 61_000, retryAt: NOW + 4_200 }, NOW))
      .toBe('Binance: silent since 11:58:59 UTC (treated as dead); reconnecting in 5 s');
    expect(describeStream('Bybit', { ...base, status: 'reconnecting', refused: true, problem: 'Invalid topic', retryAt: NOW + 1_000 }, NOW))
      .toBe('Bybit: refused (Invalid topic); reconnecting in 1 s');
    expect(describeStream('Bybit', { ...base, status: 'offline' }, NOW)).toContain('no attempts until the browser is back online');
  });
});
