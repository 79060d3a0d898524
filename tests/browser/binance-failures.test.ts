/**
 * Binance failure matrix in Chromium against the mock, without reloads: each case starts live,
 * makes the mock fail, and checks that the map stays as drawn, the figure is shown as cached
 * with a true age, the message says what failed, requests stay within what the retry policy
 * allows, and the page goes back to live by itself once Binance answers again.
 *
 * The page is told (via the stored settings) to refresh every second and give up after 1.5 s,
 * so the policy's timings (docs/binance.md, src/lib/binance/live.ts) play out in seconds.
 */
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { Page } from 'playwright-core';
import { drawnTraces, mapBarCount, sampleLastClose, startApp, waitForDraw, type AppFixture } from './app-fixture.ts';
import { watchErrors } from '../helpers/browser.ts';
import { MOCK_PATHS, type BinanceMock } from '../mock/binance-mock.ts';
import { UNREACHABLE_TEXT } from '../../src/lib/binance/errors.ts';

const REFRESH_MS = 1_000;
const TIMEOUT_MS = 1_500;
const OI = MOCK_PATHS.openInterest;
const PX = MOCK_PATHS.premiumIndex;
const BOTH = [OI, PX];

let app: AppFixture;
beforeAll(async () => {
  const dist = inject('distDir');
  const [btc, eth] = await Promise.all([sampleLastClose(dist, 'BTCUSDT', '2025-11'), sampleLastClose(dist, 'ETHUSDT', '2025-11')]);
  app = await startApp(inject('siteUrl'), { BTCUSDT: btc, ETHUSDT: eth });
});
afterAll(async () => app?.close());

/** A fresh context (empty IndexedDB) whose settings point at the mock with fast refreshes. */
async function openFast(): Promise<{ page: Page; errors: string[] }> {
  const context = await app.browser.newContext({ viewport: { width: 1400, height: 950 } });
  const page = await context.newPage();
  const errors = watchErrors(page);
  const settings = { binanceBase: app.mock.url, allowedHosts: [], liveRefreshMs: REFRESH_MS, liveTimeoutMs: TIMEOUT_MS, ...app.streamSettings };
  await page.addInitScript((s) => localStorage.setItem('liqmap.settings', s), JSON.stringify(settings));
  await page.goto(inject('siteUrl'));
  await waitForDraw(page);
  return { page, errors };
}

const statusText = (page: Page) => page.getByTestId('live-status').innerText();
const sourceText = (page: Page) => page.getByTestId('oi-source').innerText();
const barCount = mapBarCount;
const signature = async (page: Page) => JSON.stringify(await drawnTraces(page));
const cachedAge = (status: string) => Number(/Last good figure from Binance \(cached\), (\d+) s old/.exec(status)?.[1] ?? NaN);

/**
 * Most attempts the policy allows within `windowMs` after a first failure, when the pause
 * after the n-th failure in a row is `pause(n)` (plus 1 s for request time and polling).
 */
function allowedAttempts(windowMs: number, pause: (n: number) => number): number {
  let t = 0;
  let n = 0;
  while ((t += pause(n + 1)) <= windowMs + 1_000) n += 1;
  return n;
}
const everyRefresh = () => REFRESH_MS;

interface Case {
  name: string;
  fail(mock: BinanceMock): void;
  /** Texts the status line must show while failing. */
  says: string[];
  /** How long to watch the failure, and the pause policy that bounds the requests meanwhile. */
  holdMs: number;
  pause: ((n: number) => number) | 'none';
  /** What the user does to retry, when the client rightly stops by itself. */
  retry?: (page: Page) => Promise<void>;
  /** Extra checks while failing. */
  check?: (page: Page) => Promise<void>;
}

const cases: Case[] = [
  {
    name: '429 with a readable Retry-After: waits what Binance asks',
    fail: (m) => BOTH.forEach((p) => m.fail(p, { type: 'status', status: 429, retryAfterSec: 3, exposeRetryAfter: true })),
    says: ['HTTP 429', 'Binance asks to wait 3 s', 'Next request at'],
    holdMs: 7_000,
    pause: () => 3_000,
  },
  {
    name: '429 without Retry-After: exponential backoff from the refresh interval',
    fail: (m) => BOTH.forEach((p) => m.fail429(p)),
    says: ['HTTP 429', 'Next request at'],
    holdMs: 8_000,
    pause: (n) => REFRESH_MS * 2 ** (n - 1),
  },
  {
    name: '418 ban: no requests until the stated end',
    // Binance's body says "IP banned until <ms>": 5 s from the first refused request.
    fail: (m) => BOTH.forEach((p) => m.fail418(p, 5)),
    says: ['HTTP 418', 'no requests until'],
    holdMs: 3_000,
    pause: 'none',
  },
  ...([403, 451] as const).map((status): Case => ({
    name: `${status} without CORS headers: unreachable, pointing at the base URL setting`,
    fail: (m) => BOTH.forEach((p) => m.failBlocked(p, status)),
    says: [UNREACHABLE_TEXT, 'at http://127.0.0.1:', 'API base URL'],
    holdMs: 3_000,
    pause: everyRefresh,
  })),
  {
    name: '503 server error',
    fail: (m) => BOTH.forEach((p) => m.failServer(p, 503)),
    says: ['Binance server error (HTTP 503)'],
    holdMs: 3_000,
    pause: everyRefresh,
  },
  {
    name: 'a request that never answers times out',
    fail: (m) => m.hang(OI),
    says: ['did not answer open interest for BTCUSDT', 'within 1.5 s'],
    holdMs: 4_000,
    pause: everyRefresh,
  },
  {
    name: 'malformed JSON',
    fail: (m) => m.fail(OI, { type: 'malformed' }),
    says: ['unusable answer', 'malformed JSON'],
    holdMs: 3_000,
    pause: everyRefresh,
  },
  {
    name: 'missing field: the message names it',
    fail: (m) => m.fail(OI, { type: 'missing-field', field: 'openInterest' }),
    says: ['field "openInterest" is missing'],
    holdMs: 3_000,
    pause: everyRefresh,
  },
  {
    name: 'non-numeric field: the message names it',
    fail: (m) => m.fail(PX, { type: 'non-numeric', field: 'markPrice', value: 'n/a' }),
    says: ['field "markPrice" is not a number ("n/a")'],
    holdMs: 3_000,
    pause: everyRefresh,
  },
  {
    name: "400 invalid symbol: Binance's msg shown as text, no retries until the symbol changes",
    fail: (m) => BOTH.forEach((p) => m.fail(p, { type: 'status', status: 400, body: JSON.stringify({ code: -1121, msg: '<b>Invalid symbol.</b>' }) })),
    says: ['does not know the symbol BTCUSDT: <b>Invalid symbol.</b>', 'Not retrying until the setting is changed'],
    holdMs: 3_000,
    pause: 'none',
    check: async (page) => expect(await page.getByTestId('live-status').locator('b').count()).toBe(0),
    retry: async (page) => {
      await page.getByLabel('Symbol').selectOption('ETHUSDT');
      await expect.poll(() => sourceText(page)).toBe('live');
      await page.getByLabel('Symbol').selectOption('BTCUSDT');
    },
  },
];

describe('Binance failures, live in the page', () => {
  test.each(cases.map((c) => [c.name, c] as const))('%s', async (_, c) => {
    const { page, errors } = await openFast();
    try {
      await expect.poll(() => sourceText(page)).toBe('live');
      const drawn = await signature(page);
      expect(await barCount(page)).toBeGreaterThan(0);

      const failedAt = Date.now();
      c.fail(app.mock);
      await expect.poll(() => statusText(page), { timeout: 20_000 }).toContain(c.says[0]);
      const firstSeen = await statusText(page);
      for (const text of c.says) expect(firstSeen).toContain(text);
      expect(await sourceText(page)).toBe('cached');
      const age1 = cachedAge(firstSeen);
      const seenAt = Date.now();
      await c.check?.(page);

      // Hold the failure: count requests, and see the cached age keep counting.
      const before = app.mock.count(OI);
      await page.waitForTimeout(c.holdMs);
      const made = app.mock.count(OI) - before;
      expect(made, 'requests while failing').toBeLessThanOrEqual(c.pause === 'none' ? 0 : allowedAttempts(c.holdMs, c.pause));
      const held = await statusText(page);
      const age2 = cachedAge(held);
      // The age is that of the last good answer (received before `failedAt`), not of an attempt.
      expect(age2).toBeGreaterThanOrEqual(Math.floor((Date.now() - failedAt) / 1000) - 2);
      expect(age2).toBeLessThanOrEqual(Math.ceil((Date.now() - failedAt + REFRESH_MS) / 1000) + 2);
      expect(age2 - age1).toBeGreaterThanOrEqual(Math.floor((Date.now() - seenAt) / 1000) - 2);
      expect(await sourceText(page)).toBe('cached');
      expect(await barCount(page)).toBeGreaterThan(0);
      expect(await signature(page), 'the chart stays as drawn').toBe(drawn);

      // Binance answers again: back to live without a reload.
      app.mock.clearFailures();
      await c.retry?.(page);
      await expect.poll(() => sourceText(page), { timeout: 20_000 }).toBe('live');
      const recovered = await statusText(page);
      expect(recovered).toMatch(/^Live from Binance, \d+ s old\.$/);
      expect(await barCount(page)).toBeGreaterThan(0);
      expect(errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
    } finally {
      app.mock.clearFailures();
      await page.context().close();
    }
  });
});
