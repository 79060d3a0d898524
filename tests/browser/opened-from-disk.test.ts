/**
 * The built site opened from disk (file://, a folder on a USB stick double-clicked): browsers
 * refuse its module scripts and workers there, so instead of a blank page it says why and how to
 * serve the folder. Served over http, the notice never shows.
 */
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../helpers/browser.ts';
import { sampleLastClose, startApp, type AppFixture } from './app-fixture.ts';

let browser: Browser;
let app: AppFixture;

beforeAll(async () => {
  browser = await launchBrowser();
  app = await startApp(inject('siteUrl'), { BTCUSDT: await sampleLastClose(inject('distDir'), 'BTCUSDT', '2025-11') });
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

test('opened from a file it says it must be served, and how; served, it does not', async () => {
  const page = await browser.newPage();
  await page.route(/^(?!file:)/, (r) => r.abort());
  await page.goto(pathToFileURL(path.join(inject('distDir'), 'index.html')).href);
  const notice = page.getByTestId('file-origin');
  await expect.poll(() => notice.textContent()).toContain('liqmap does not run from a file opened on disk (file://)');
  expect(await notice.textContent()).toContain('python3 -m http.server 8000');
  expect(await notice.getAttribute('role')).toBe('alert');
  await page.close();

  const { page: served } = await app.open();
  expect(await served.getByTestId('file-origin').count()).toBe(0);
});
