/**
 * The Content-Security-Policy holds in the built site: no inline script, no eval, no
 * connection to a host that is neither ours, nor the configured Binance base, nor allowed.
 */
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { sampleLastClose, startApp, type AppFixture } from './app-fixture.ts';
import { startStaticServer, type StaticServer } from '../helpers/static-server.ts';
import os from 'node:os';

let app: AppFixture;
let stranger: StaticServer;

beforeAll(async () => {
  app = await startApp(inject('siteUrl'), { BTCUSDT: await sampleLastClose(inject('distDir'), 'BTCUSDT', '2025-11') });
  stranger = await startStaticServer(os.tmpdir(), '/');
});
afterAll(async () => {
  await app?.close();
  await stranger?.close();
});

test('inline scripts, eval and unknown hosts are refused; Binance at the configured base is not', async () => {
  const { page } = await app.open();
  expect(await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')).toContain(app.mock.url);
  const injected = await page.evaluate(() => {
    const s = document.createElement('script');
    s.textContent = 'window.__injected = 1';
    document.body.appendChild(s);
    return (window as unknown as { __injected?: number }).__injected ?? null;
  });
  expect(injected).toBeNull();
  // Code from a string (eval's kin, compiled in the page's own context) is refused too.
  const stringTimer = await page.evaluate(() => new Promise<string>((resolve) => {
    document.addEventListener('securitypolicyviolation', (e) => resolve(`refused by ${e.violatedDirective}`));
    (setTimeout as unknown as (code: string, ms: number) => void)('window.__fromString = 1', 0);
    setTimeout(() => resolve(`ran: ${(window as unknown as { __fromString?: number }).__fromString}`), 200);
  }));
  expect(stringTimer).toBe('refused by script-src');
  const strangerFetch = await page.evaluate((url) => fetch(url).then(() => 'fetched', () => 'refused'), stranger.url);
  expect(strangerFetch).toBe('refused');
  expect(stranger.requests).toEqual([]);
  const binanceFetch = await page.evaluate((url) => fetch(url).then((r) => r.status, () => 'refused'), `${app.mock.url}/fapi/v1/premiumIndex?symbol=BTCUSDT`);
  expect(binanceFetch).toBe(200);
  await page.context().close();
});

test('a file name with HTML in it is shown as text, never run', async () => {
  const { page } = await app.open('?view=data', { waitForChart: false });
  const name = '<img src=x onerror="window.__pwned=1">.parquet';
  await page.getByTestId('upload-input').setInputFiles({ name, mimeType: 'application/octet-stream', buffer: Buffer.from('not parquet') });
  const verdict = page.getByTestId('verdict');
  await verdict.waitFor({ timeout: 60_000 });
  expect(await verdict.getAttribute('data-ok')).toBe('false');
  expect(await verdict.textContent()).toContain(`${name} was refused`);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned ?? null)).toBeNull();
  expect(await page.locator('img[src=x]').count()).toBe(0);
  await page.context().close();
});
