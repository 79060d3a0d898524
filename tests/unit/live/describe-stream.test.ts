// The per-stream line the tape shows: connected, silent since, reconnecting in N s, refused, offline.
import { describe, expect, it } from 'vitest';
import { describeStream } from '../../../src/lib/live/describe-stream.ts';
import type { StreamState } from '../../../src/lib/live/stream-types.ts';

const NOW = Date.UTC(2026, 10, 30, 12, 0, 0);
const base: StreamState = {
  name: 'Binance', url: 'wss://x', status: 'connected', problem: null, refused: false, unreachable: false, silentSince: null, silences: 0, lastSilenceAt: null, retryAt: null,
  connectedAt: NOW - 60_000, lastMessageAt: NOW - 1_000, messages: 10, malformed: 0, lastMalformed: null, rollovers: 0,
};

describe('describeStream', () => {
  it('says what each state means, with times in UTC and the wait in seconds', () => {
    expect(describeStream('Binance', base, NOW)).toBe('Binance: connected, last message 11:59:59 UTC');
    expect(describeStream('Binance', { ...base, malformed: 2 }, NOW)).toContain('2 malformed messages ignored');
    expect(describeStream('Binance', { ...base, status: 'reconnecting', silentSince: NOW - 61_000, silences: 1, lastSilenceAt: NOW, retryAt: NOW + 4_200 }, NOW))
      .toBe('Binance: silent 1 time, last at 12:00 UTC (treated as dead; nothing heard since 11:58:59 UTC); reconnecting in 5 s');
    expect(describeStream('Bybit', { ...base, status: 'reconnecting', refused: true, problem: 'Invalid topic', retryAt: NOW + 1_000 }, NOW))
      .toBe('Bybit: refused (Invalid topic); reconnecting in 1 s');
    // Attempts that never opened: the caller's hint names the setting; a refused subscription gets none.
    const never = { ...base, status: 'reconnecting' as const, refused: true, unreachable: true, problem: 'the connection to wss://x failed before it opened', retryAt: NOW + 1_000 };
    const hints = { unreachable: 'Check the setting.', silent: 'Check the address.' };
    expect(describeStream('Bybit', never, NOW, hints)).toBe('Bybit: refused (the connection to wss://x failed before it opened); reconnecting in 1 s. Check the setting.');
    expect(describeStream('Bybit', { ...never, unreachable: false }, NOW, hints)).not.toContain('Check the');
    // Silent once: no advice yet; silent again after a reconnect: the address is the likely cause.
    const silentAgain = { ...base, status: 'reconnecting' as const, silentSince: NOW - 61_000, silences: 1, lastSilenceAt: NOW, retryAt: NOW + 1_000 };
    expect(describeStream('Binance', silentAgain, NOW, hints)).not.toContain('Check the');
    expect(describeStream('Binance', { ...silentAgain, silences: 2 }, NOW, hints)).toMatch(/; reconnecting in 1 s\. Check the address\.$/);
    expect(describeStream('Bybit', { ...base, status: 'offline' }, NOW)).toContain('no attempts until the browser is back online');
    expect(describeStream('Bybit', { ...base, status: 'unlisted', refused: true, problem: 'Bybit does not list FOOUSDT (it answered "Invalid symbol")' }, NOW))
      .toBe('Bybit: stopped — Bybit does not list FOOUSDT (it answered "Invalid symbol")');
  });

  it('keeps saying a stream went silent through reconnects, until a message arrives', () => {
    const silentAt = Date.UTC(2026, 10, 30, 11, 47, 30);
    const reconnected = { ...base, lastMessageAt: null, connectedAt: NOW - 2_000, silences: 2, lastSilenceAt: silentAt };
    expect(describeStream('Bybit', reconnected, NOW)).toBe('Bybit: silent 2 times, last at 11:47 UTC; connected, waiting for the first message');
    expect(describeStream('Bybit', { ...reconnected, status: 'connecting' }, NOW)).toBe('Bybit: silent 2 times, last at 11:47 UTC; connecting…');
    // Closed after a silent reconnect: the close is why it reconnects now, the silences are still said.
    expect(describeStream('Bybit', { ...reconnected, status: 'reconnecting', problem: 'Bybit closed the connection', retryAt: NOW + 2_000 }, NOW))
      .toBe('Bybit: silent 2 times, last at 11:47 UTC; disconnected (Bybit closed the connection); reconnecting in 2 s');
    // What a message leaves behind (StreamConnection clears the count): no word of silence.
    expect(describeStream('Bybit', { ...reconnected, silences: 0, lastSilenceAt: null, lastMessageAt: NOW - 500 }, NOW)).not.toContain('silent');
  });
});
