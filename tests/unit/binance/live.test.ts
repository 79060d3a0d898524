// LiveFigures against the real mock server, with time driven by a manual clock.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryLiveCache, type LiveCache } from '../../../src/lib/binance/cache.ts';
import { describeLiveState } from '../../../src/lib/binance/describe.ts';
import { LiveFigures, type LiveOptions, type LiveState } from '../../../src/lib/binance/live.ts';
import { manualVisibility } from '../../../src/lib/scheduling.ts';
import { manualNetwork } from '../../../src/lib/live/network.ts';
import { MOCK_PATHS, startBinanceMock, type BinanceMock } from '../../mock/binance-mock.ts';
import { ManualClock } from './manual-clock.ts';

const OI = MOCK_PATHS.openInterest;
const PX = MOCK_PATHS.premiumIndex;
const MINUTE = 60_000;

let mock: BinanceMock;
let clock: ManualClock;
let live: LiveFigures;
const made: LiveFigures[] = [];

beforeAll(async () => {
  mock = await startBinanceMock();
});
afterAll(() => mock.close());
beforeEach(() => {
  mock.reset();
  clock = new ManualClock();
  mock.setFigures('BTCUSDT', { openInterest: 80_000, markPrice: 100_000, time: clock.time - 2_000 });
  mock.setFigures('ETHUSDT', { openInterest: 2_000_000, markPrice: 3_500, time: clock.time - 1_000 });
});
afterEach(() => {
  for (const instance of made.splice(0)) instance.dispose();
});

function start(opts: LiveOptions = {}): LiveFigures {
  const instance = new LiveFigures({ baseUrl: mock.url, timers: clock, now: clock.now, visibility: manualVisibility(), ...opts });
  made.push(instance);
  return instance;
}

/** A LiveFigures on BTCUSDT whose first answer has arrived. */
async function startLive(opts: LiveOptions = {}): Promise<LiveFigures> {
  live = start(opts);
  live.setSymbol('BTCUSDT');
  await tick(0);
  return live;
}

/** Advances the clock and waits for whatever requests that started. */
async function tick(ms: number, target = live): Promise<LiveState> {
  clock.advance(ms);
  await target.idle();
  return target.getState();
}

const requests = () => ({ oi: mock.count(OI), px: mock.count(PX) });

describe('LiveFigures', () => {
  it('fetches OI and mark price together and computes oiUsd', async () => {
    live = start();
    live.setSymbol('btcusdt');
    expect(live.getState().loading).toBe(true);
    expect(describeLiveState(live.getState())).toBe('No Binance open interest figure for BTCUSDT yet. Asking Binance…');
    const state = await tick(0);
    expect(state).toMatchObject({ symbol: 'BTCUSDT', source: 'live', error: null, loading: false, pause: null });
    expect(state.figure).toEqual({
      symbol: 'BTCUSDT',
      source: 'live',
      contracts: 80_000,
      markPrice: 100_000,
      oiUsd: 8_000_000_000,
      time: clock.time - 2_000,
      ageMs: 2_000,
    });
    expect(state.nextAttemptAt).toBe(clock.time + MINUTE);
    expect(requests()).toEqual({ oi: 1, px: 1 });
    expect(describeLiveState(state)).toBe('Live from Binance, 2 s old.');
  });

  it('refreshes every 60 s; keeps the good figure with its age and the error on failure; recovers', async () => {
    await startLive();
    await tick(MINUTE - 1);
    expect(requests()).toEqual({ oi: 1, px: 1 });
    await tick(1);
    expect(requests()).toEqual({ oi: 2, px: 2 });

    mock.failServer(PX, 503);
    let state = await tick(MINUTE);
    expect(state.source).toBe('cached');
    expect(state.figure).toMatchObject({ oiUsd: 8_000_000_000, ageMs: 2 * MINUTE + 2_000 });
    expect(state.error).toMatchObject({ kind: 'server', status: 503, endpoint: PX });
    expect(describeLiveState(state)).toBe(
      'Last good figure from Binance (cached), 2 min old. Latest attempt failed: ' +
        'Binance server error (HTTP 503) on mark price for BTCUSDT (/fapi/v1/premiumIndex).',
    );

    mock.clearFailures();
    mock.failBlocked(OI, 451); // a regional block, readable here (Node fetch ignores CORS)
    state = await tick(MINUTE);
    expect(state).toMatchObject({ source: 'cached', error: { kind: 'blocked' } });
    expect(state.figure!.oiUsd).toBe(8_000_000_000);

    mock.clearFailures();
    mock.setFigures('BTCUSDT', { openInterest: 90_000, markPrice: 100_000, time: clock.time + MINUTE });
    state = await tick(MINUTE);
    expect(state).toMatchObject({ source: 'live', error: null });
    expect(state.figure!.oiUsd).toBe(9_000_000_000);
  });

  it('a 429 with Retry-After pauses every request that long, then resumes', async () => {
    await startLive();
    mock.fail429(OI, 150, { times: 1 });
    let state = await tick(MINUTE);
    expect(state.error).toMatchObject({ kind: 'rate-limited', retryAfterMs: 150_000 });
    expect(state.pause).toEqual({ reason: 'rate-limited', until: clock.time + 150_000 });
    expect(state.source).toBe('cached');
    const before = requests();

    live.setSymbol('ETHUSDT'); // a symbol change does not break the pause (the limit is per IP)
    live.setSymbol('BTCUSDT'); // nor does switching back and forth
    live.setSymbol('ETHUSDT');
    await live.idle();
    await tick(MINUTE);
    await tick(MINUTE);
    await tick(29_999);
    expect(requests()).toEqual(before);
    state = await tick(1);
    expect(requests()).toEqual({ oi: before.oi + 1, px: before.px + 1 });
    expect(state).toMatchObject({ symbol: 'ETHUSDT', source: 'live', error: null, pause: null });
  });

  it('a 429 without Retry-After backs off exponentially from 60 s, capped at 10 min', async () => {
    live = start();
    live.setSymbol('BTCUSDT');
    mock.fail429(PX);
    const waits: number[] = [];
    let state = await tick(0);
    for (let i = 0; i < 6; i++) {
      const wait = state.pause!.until! - clock.time;
      waits.push(wait);
      state = await tick(wait);
    }
    expect(waits).toEqual([1, 2, 4, 8, 10, 10].map((m) => m * MINUTE));
    expect(requests()).toEqual({ oi: 7, px: 7 });
    mock.clearFailures();
    state = await tick(10 * MINUTE);
    expect(state).toMatchObject({ source: 'live', pause: null });
    expect(state.nextAttemptAt).toBe(clock.time + MINUTE); // back to the normal pace
  });

  it('a 418 stops every request until the stated time and says so', async () => {
    await startLive();
    mock.fail418(OI, 600, { times: 1 });
    let state = await tick(MINUTE);
    const until = clock.time + 600_000;
    expect(state.error).toMatchObject({ kind: 'banned', untilMs: until });
    expect(state.pause).toEqual({ reason: 'banned', until });
    expect(state.error!.message).toContain('no requests until');
    expect(describeLiveState(state)).toContain('banned this IP');
    const before = requests();
    live.setSymbol('ETHUSDT'); // a symbol change does not cut the ban short
    live.setSymbol('BTCUSDT');
    await live.idle();
    for (let i = 0; i < 9; i++) await tick(MINUTE);
    expect(requests()).toEqual(before);
    state = await tick(MINUTE);
    expect(state).toMatchObject({ source: 'live', pause: null });
  });

  it('never has two requests per endpoint in flight for a symbol', async () => {
    live = start({ timeoutMs: 150 });
    mock.hang('*');
    live.setSymbol('BTCUSDT');
    live.setSymbol('ETHUSDT');
    live.setSymbol('BTCUSDT');
    live.setSymbol('ETHUSDT');
    live.setSymbol('BTCUSDT');
    clock.advance(5 * MINUTE);
    expect(mock.requests.filter((r) => r.query.symbol === 'BTCUSDT').length).toBeLessThanOrEqual(2);
    await live.idle(); // the hung requests time out (150 ms)
    expect(requests()).toEqual({ oi: 2, px: 2 }); // BTCUSDT once, ETHUSDT once
    expect(live.getState().error).toMatchObject({ kind: 'timeout' });
  });

  it('a symbol change fetches at once and shows the new symbol', async () => {
    await startLive();
    live.setSymbol('ETHUSDT');
    const state = await tick(0);
    expect(requests()).toEqual({ oi: 2, px: 2 });
    expect(state.figure).toMatchObject({ symbol: 'ETHUSDT', oiUsd: 7_000_000_000, source: 'live' });
  });

  it('manual figures win until cleared; live refreshes go on underneath', async () => {
    await startLive();
    expect(live.setManual({ markPrice: 50_000, contracts: 10 })).toMatchObject({ ok: true });
    let state = live.getState();
    expect(state.figure).toMatchObject({ source: 'manual', contracts: 10, markPrice: 50_000, oiUsd: 500_000 });
    expect(state.lastGood!.oiUsd).toBe(8_000_000_000);

    expect(live.setManual({ markPrice: 50_000, oiUsd: 1e9 })).toMatchObject({ ok: true });
    state = await tick(MINUTE);
    expect(requests().oi).toBe(2);
    expect(state.figure).toMatchObject({ source: 'manual', oiUsd: 1e9, contracts: 20_000, ageMs: MINUTE });
    expect(describeLiveState(state)).toBe('Figures typed in by hand 60 s ago.');

    expect(live.setManual({ markPrice: -1, contracts: 1 })).toEqual({ ok: false, error: 'Mark price must be a number above 0.' });
    expect(live.setManual({ markPrice: 1, contracts: 1, oiUsd: 1 }).ok).toBe(false);
    expect(live.setManual({ markPrice: 1, oiUsd: Number.NaN }).ok).toBe(false);
    expect(live.getState().figure!.oiUsd).toBe(1e9);

    live.clearManual();
    expect(live.getState().figure).toMatchObject({ source: 'live', oiUsd: 8_000_000_000 });
  });

  it('works with no figure at all and says how to go on', async () => {
    live = start({ fetch: (() => Promise.reject(new TypeError('Failed to fetch'))) as typeof fetch });
    live.setSymbol('BTCUSDT');
    const state = await tick(0);
    expect(state).toMatchObject({ source: 'none', figure: null, error: { kind: 'unreachable' } });
    expect(describeLiveState(state)).toMatch(/^No Binance open interest figure for BTCUSDT yet\. Latest attempt failed: Binance did not answer from this browser .* Meanwhile the charts use the profile's latest OI record and close, where it has one; or type the figures in by hand\.$/);
    expect(live.setManual({ markPrice: 100_000, contracts: 1 }).ok).toBe(true);
    expect(live.getState().source).toBe('manual');
  });

  it('pauses while hidden and asks at once when visible again if due', async () => {
    const visibility = manualVisibility(true);
    live = start({ visibility });
    live.setSymbol('BTCUSDT');
    await tick(0);
    visibility.set(false);
    expect(live.getState().pause).toEqual({ reason: 'hidden', until: null });
    await tick(10 * MINUTE);
    expect(requests().oi).toBe(1);
    visibility.set(true);
    const state = await tick(0);
    expect(requests().oi).toBe(2);
    expect(state.pause).toBeNull();
  });

  it('offline: no requests and says the browser is the cause; back online: asks at once, not at the next refresh', async () => {
    const network = manualNetwork(true);
    live = start({ network });
    live.setSymbol('BTCUSDT');
    await tick(0);
    network.set(false);
    const offline = live.getState();
    expect(offline.pause).toEqual({ reason: 'offline', until: null });
    await tick(10 * MINUTE);
    expect(requests().oi).toBe(1);
    expect(describeLiveState(live.getState())).toBe('Last good figure from Binance (cached), 10 min old. The browser is offline: no requests until it is back online.');
    network.set(true);
    const back = await tick(0);
    expect(requests().oi).toBe(2);
    expect(back).toMatchObject({ source: 'live', pause: null });
  });

  it('an unknown symbol stops retrying until the user acts', async () => {
    live = start();
    live.setSymbol('NOPEUSDT');
    let state = await tick(0);
    expect(state.error).toMatchObject({ kind: 'bad-symbol', binanceMsg: 'Invalid symbol.' });
    expect(state.pause).toEqual({ reason: 'bad-symbol', until: null });
    await tick(10 * MINUTE);
    expect(requests().oi).toBe(1);
    mock.setFigures('NOPEUSDT', { openInterest: 1, markPrice: 2 });
    live.setSymbol('BTCUSDT'); // the user picks the symbol again
    live.setSymbol('NOPEUSDT');
    await live.idle();
    state = live.getState();
    expect(state).toMatchObject({ source: 'live', pause: null });
  });

  it('keeps the last good figure across instances (cache) and prefers a fresh answer', async () => {
    const cache = createMemoryLiveCache();
    live = start({ cache });
    live.setSymbol('BTCUSDT');
    await tick(0);
    live.dispose();

    mock.failBlocked('*', 403);
    const second = start({ cache });
    second.setSymbol('BTCUSDT');
    const state = await tick(5 * 1000, second);
    expect(state).toMatchObject({ source: 'cached', error: { kind: 'blocked' } });
    expect(state.figure).toMatchObject({ oiUsd: 8_000_000_000, time: clock.time - 7_000 });
  });

  it('never throws into the UI: broken cache and broken listeners are contained', async () => {
    const broken: LiveCache = { get: () => Promise.reject(new Error('no idb')), set: () => Promise.reject(new Error('quota')) };
    live = start({ cache: broken });
    const seen: string[] = [];
    live.subscribe(() => {
      throw new Error('listener bug');
    });
    const unsubscribe = live.subscribe((s) => seen.push(s.source));
    live.setSymbol('BTCUSDT');
    await tick(0);
    expect(live.getState().source).toBe('live');
    expect(seen[0]).toBe('none');
    expect(seen.at(-1)).toBe('live');
    unsubscribe();
    const count = seen.length;
    live.clearManual();
    expect(seen.length).toBe(count);
  });
});
