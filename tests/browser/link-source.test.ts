/**
 * A profile source from a link (?source=) asks first: the banner names the host, the host
 * receives no request and is not in the Content-Security-Policy before the user confirms;
 * Load fetches it (and remembers the host, so a reload does not ask again); Keep stays on the
 * bundled sample and takes the link's source out of the URL.
 */
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { launchPersistent, watchErrors } from '../helpers/browser.ts';
import { startStaticServer, type StaticServer } from '../helpers/static-server.ts';
import { startBinanceMock, type BinanceMock } from '../mock/binance-mock.ts';
import { mapDrawn, monthFiles, openView, useBinanceMock, writeProfileFolder } from '../helpers/liqmap-page.ts';

const siteUrl = inject('siteUrl');
const REMOTE = { symbol: 'LNKUSDT', base: 31_000 };
let mock: BinanceMock;
let folder: StaticServer;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  mock = await startBinanceMock();
  mock.setFigures(REMOTE.symbol, { openInterest: 40_000, markPrice: REMOTE.base });
  folder = await startStaticServer(await writeProfileFolder(await monthFiles(REMOTE.symbol, '2025-11', { hours: 48, base: REMOTE.base, writer: 'hyparquet' })), '/p/');
});
afterAll(async () => {
  for (const c of contexts) await c.close();
  await folder?.close();
  await mock?.close();
});

async function freshPage(): Promise<{ page: Page; errors: string[] }> {
  const context = await launchPersistent(mkdtempSync(path.join(os.tmpdir(), 'liqmap-link-')));
  contexts.push(context);
  const page = await context.newPage();
  const errors = watchErrors(page);
  await useBinanceMock(page, mock.url);
  return { page, errors };
}

const host = () => new URL(folder.url).host;
const link = (symbol: string, view = '') => `${siteUrl}?${view}symbol=${symbol}&source=${encodeURIComponent(`${folder.url}manifest.json`)}`;
const banner = (page: Page) => page.getByTestId('source-confirm');
const csp = (page: Page) => page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
const offered = (page: Page, symbol: string) => page.locator(`[data-testid="offer-row"][data-symbol="${symbol}"]`).first();

describe('a source from a link', () => {
  test('is not fetched before the user confirms; Load fetches it and remembers the host', async () => {
    const { page, errors } = await freshPage();
    const before = folder.requests.length;
    await page.goto(link(REMOTE.symbol, 'view=data&'));
    await expect.poll(() => banner(page).getByRole('heading').textContent()).toBe(`Load profiles from ${host()}?`);
    expect(await banner(page).textContent()).toContain('remembers');
    // The sample's catalog is read meanwhile: the app is past the source phase, the link's host untouched.
    await offered(page, 'BTCUSDT').waitFor();
    expect(folder.requests.slice(before)).toEqual([]);
    expect(await csp(page)).not.toContain(new URL(folder.url).origin);

    await banner(page).getByRole('button', { name: 'Load', exact: true }).click();
    await offered(page, REMOTE.symbol).waitFor();
    expect(folder.requests.slice(before)).toContain('/p/manifest.json');
    expect(await banner(page).count()).toBe(0);
    await openView(page, 'Liquidation Map');
    const map = await mapDrawn(page, REMOTE.symbol);
    expect(map.minX).toBeGreaterThan(REMOTE.base * 0.5);

    // Confirmed in this browser: a reload opens it without asking, and the policy names it.
    await page.reload();
    await mapDrawn(page, REMOTE.symbol);
    expect(await banner(page).count()).toBe(0);
    expect(await csp(page)).toContain(new URL(folder.url).origin);
    expect(errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
  });

  test('a link source that cannot be read offers the way back to the sample where the failure is said', async () => {
    const { page, errors } = await freshPage();
    const dead = 'http://127.0.0.1:9/manifest.json';
    await page.goto(`${siteUrl}?symbol=ETHUSDT&source=${encodeURIComponent(dead)}`);
    await banner(page).getByRole('button', { name: 'Load', exact: true }).click();
    await expect.poll(() => page.locator('.notices').textContent()).toContain(`The profile list ${dead} could not be read`);
    // Nothing of the dead source is drawn, so nothing is labelled synthetic by the sample's months drawn before it.
    await expect.poll(() => page.getByTestId('synthetic-badge').count()).toBe(0);
    await page.getByTestId('source-problem').getByRole('button', { name: 'Use bundled sample' }).click();
    await mapDrawn(page, 'ETHUSDT');
    await expect.poll(() => page.getByTestId('synthetic-badge').count()).toBe(1);
    expect(new URL(page.url()).searchParams.get('source')).toBeNull();
    expect(await page.getByTestId('source-problem').count()).toBe(0);
    expect(errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
  });

  test('Keep current source stays on the sample, fetches nothing from the host and drops the param', async () => {
    const { page, errors } = await freshPage();
    const before = folder.requests.length;
    await page.goto(link('ETHUSDT'));
    await banner(page).waitFor();
    await mapDrawn(page, 'ETHUSDT'); // drawn from the bundled sample while the banner waits
    await banner(page).getByRole('button', { name: 'Keep current source' }).click();
    expect(await banner(page).count()).toBe(0);
    expect(new URL(page.url()).searchParams.get('source')).toBeNull();
    expect(new URL(page.url()).searchParams.get('symbol')).toBe('ETHUSDT'); // the rest of the link stays
    await page.reload();
    await mapDrawn(page, 'ETHUSDT');
    expect(await banner(page).count()).toBe(0);
    await openView(page, 'Data');
    await expect.poll(() => page.getByTestId('current-source').textContent()).toContain('the sample bundled with this site');
    expect(folder.requests.slice(before)).toEqual([]);
    expect(errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
  });
});
